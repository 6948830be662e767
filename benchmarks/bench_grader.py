"""The grading process's own cost per reference submission, graded in-process one after another.

Why a benchmark of its own: bench_batch's cost line mixes the grader with the worker
processes, and on a shared machine CPU seconds per submission wander by ±20% from run to
run, more than most changes to the grader side are worth. So this prints three views of
the same work (reference submissions of bench_batch's mix: five modules, four sheets):

  * cpu: CPU seconds of this process per submission (getrusage; the worker processes are
    not counted), mean, quartiles and minimum, with the load average;
  * --profile: cProfile of the same loop, by own time and by cumulative time (waits in
    poll/recv are the worker's time, not the grader's);
  * --instructions: instructions executed by this process per submission, counted by
    valgrind (cachegrind, no cache simulation) for a run grading 0 and a run grading K
    submissions after the same warm-up: (I_K - I_0) / K. Deterministic to about 1%, so
    two trees can be compared on a busy machine. Needs valgrind; slow (~20 s per run).

    python benchmarks/bench_grader.py [--count 5] [--rounds 3] [--profile] [--instructions]

Run it with PYTHONPATH set to the tree to measure; compare trees by running it for each,
interleaved. The first submission is graded unmeasured (imports, the zygote, the checks).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))  # the grader itself comes from PYTHONPATH: the tree being measured


def load() -> str:
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def references(directory: Path, count: int) -> list[Path]:
    """`count` + 1 reference submissions of bench_batch's mix (the first one is for warming up)."""
    from bench_batch import make_submissions

    kinds = make_submissions(directory, 5 * ((count + 2) // 2))  # two references in every five
    return [directory / s for s, kind in sorted(kinds.items()) if kind == "reference"][: count + 1]


def grade_loop(subs: list[Path], rounds: int, measure) -> list:
    """Grade subs[0] unmeasured, then subs[1:] `rounds` times, each inside `measure`."""
    for name, value in (("OPENBLAS_NUM_THREADS", "1"), ("OMP_NUM_THREADS", "1"), ("MKL_NUM_THREADS", "1")):
        os.environ.setdefault(name, value)
    from grader.course import load_course
    from grader.grading import grade_submission
    from grader.sandbox import processes as sandbox

    course = load_course(ROOT)
    out = []
    try:
        grade_submission(course, subs[0], student=subs[0].name)
        for _ in range(rounds):
            for sub in subs[1:]:
                out.append(measure(lambda s=sub: grade_submission(course, s, student=s.name)))
    finally:
        sandbox.shutdown()
    return out


def cpu(subs: list[Path], rounds: int) -> None:
    import resource

    def measure(grade) -> float:
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        grade()
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        return (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)

    before = load()
    times = grade_loop(subs, rounds, measure)
    q = statistics.quantiles(times, n=4) if len(times) > 1 else [times[0]] * 3
    print(f"grader CPU per reference submission ({len(times)} gradings; load {before} -> {load()}): "
          f"mean {statistics.mean(times):.4f} s, p25 {q[0]:.4f}, median {q[1]:.4f}, min {min(times):.4f}")


def profile(subs: list[Path]) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()

    def measure(grade) -> None:
        profiler.enable()
        try:
            grade()
        finally:
            profiler.disable()

    grade_loop(subs, 1, measure)
    stats = pstats.Stats(profiler)
    print(f"cProfile of {len(subs) - 1} reference submissions (load {load()}):")
    stats.sort_stats("tottime").print_stats(40)
    stats.sort_stats("cumulative").print_stats(60)


def instructions(subs: list[Path]) -> None:
    """Per-submission instructions of this process under valgrind: (I_K - I_0) / K."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("--instructions needs valgrind")
    counts = []
    for k in (0, len(subs) - 1):
        listed = os.pathsep.join(str(s) for s in subs[: k + 1])
        proc = subprocess.run([valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                               sys.executable, __file__, "--grade-only", listed],
                              capture_output=True, text=True, env=os.environ.copy())
        found = [line for line in proc.stderr.splitlines() if "I   refs:" in line or "I refs:" in line]
        if proc.returncode != 0 or not found:
            sys.exit(f"valgrind run failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        counts.append(int(found[-1].split(":")[1].replace(",", "").strip()))
    k = len(subs) - 1
    print(f"instructions of the grading process (valgrind; load {load()}): I_0 {counts[0] / 1e9:.3f} G, "
          f"I_{k} {counts[1] / 1e9:.3f} G: {(counts[1] - counts[0]) / k / 1e9:.4f} G per reference submission")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5, help="reference submissions measured (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="times each is graded for the CPU figure (default 3)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the loop")
    parser.add_argument("--instructions", action="store_true", help="count instructions with valgrind")
    parser.add_argument("--grade-only", help=argparse.SUPPRESS)  # the run valgrind counts: these submissions, once
    args = parser.parse_args()
    if args.grade_only is not None:
        grade_loop([Path(p) for p in args.grade_only.split(os.pathsep)], 1, lambda grade: grade())
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-grader-"))
    try:
        subs = references(tmp, args.count)
        print(f"tree: {ROOT}; {len(subs) - 1} reference submissions (+1 to warm up)")
        cpu(subs, args.rounds)
        if args.profile:
            profile(subs)
        if args.instructions:
            instructions(subs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
