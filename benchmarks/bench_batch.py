"""How fast `grade batch` grades a class, and how long one `grade check` takes.

Generates N complete submissions (all five modules, all quiz sheets) in a
temporary directory: a mix of reference solutions, mutants from tests/mutants
(one realistic bug in one module) and stubs (one module left unwritten), with
answer sheets that hold the student's key with about one answer in six made
wrong. Every submission is fully graded (hidden checks included); nothing is
cached across submissions.

Prints, with the machine and its load (other work on a shared machine slows
everything down):
  * batch: submissions/s over the whole run (start-up of the grading processes
    included) and in steady state, per-submission wall time p50/p95, peak memory
    (PSS summed over the whole process tree, sampled every 0.2 s; and the
    largest single process);
  * batch CPU: CPU seconds of the whole batch run (every process), per submission,
    next to its wall time and the load;
  * cost: CPU seconds per submission graded in one process (grader and worker
    processes), and the part of the same gradings that is the checks' numeric work
    (reference solutions on the trusted side, the student's code in the worker, the
    replays of the course's listed mistakes; all CPU seconds): the floor under any
    engine. The rest is the engine's own cost (issue 15: <= 0.05 CPU s for the class
    mix, i.e. >= 13 submissions/s for the class mix and >= 18/s for references on two
    quiet cores), printed for the class mix and for the reference submissions;
  * check: `grade check` of one complete submission as a fresh command, median.

Targets (issue 7, 2-core machine): >= 10 submissions/s; one check < 1.0 s. Issue 15: the engine's
own cost <= 0.05 CPU s per submission for the class mix (>= 13/s; >= 18/s for references).

    python benchmarks/bench_batch.py [-n 40] [-j 2] [--runs 5] [--cpu 10] [--passes 3]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

# The in-process measurements stand for a `grade batch` grading process, which keeps NumPy's
# BLAS to one thread (grader/batch/task.py: warm_up) and so has no BLAS threads spinning after a
# matrix product; set the same before NumPy is first imported here, or their CPU counts as the engine's.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from bench_grade import machine  # noqa: E402  (the same machine line in both benchmarks)


def load() -> str:
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


# ---------------------------------------------------------------- submissions

def wrong_value(prepared, value, rng: random.Random):
    kind = prepared.item.type
    if kind == "single":
        others = [l for l in prepared.letters if l != value]
        return rng.choice(others) if others else value
    if kind == "multiple":
        letters = list(prepared.letters)
        return sorted(set(value) ^ {rng.choice(letters)}) or [letters[0]]
    if kind == "truefalse":
        return not value
    if kind == "number":
        return float(value) * 2 + 1
    if kind == "shape":
        return "(1, 1)" if value != "(1, 1)" else "(2, 2)"
    return "something else"


def make_submissions(directory: Path, n: int, seed: int = 7) -> dict[str, str]:
    from support import mutants, reference_source, stub_source, write_submission

    from grader.course import load_course
    from grader.quiz import load_banks, prepare, render_sheet
    from grader.quiz.answers import sheet_value

    course = load_course(ROOT)
    banks = load_banks(course.quizzes_dir)
    modules = [m.name for m in course.manifest.modules]
    catalogue = {m: mutants(m) for m in modules}
    rng = random.Random(seed)
    kinds: dict[str, str] = {}  # student -> "reference", "mutant in <module>" or "stub of <module>"
    for i in range(n):
        student = f"student{i:04d}"
        sources = {m: reference_source(m) for m in modules}
        kind = ("reference", "mutant", "mutant", "stub", "reference")[i % 5]
        if kind == "mutant":
            module = rng.choice([m for m in modules if catalogue[m]])
            sources[module] = rng.choice(catalogue[module]).submission_source()
            kind = f"mutant in {module}"
        elif kind == "stub":
            module = rng.choice(modules)
            sources[module] = stub_source(module)
            kind = f"stub of {module}"
        kinds[student] = kind
        sheets = {}
        for bank in banks:
            answers = {}
            for item in bank.items:
                p = prepare(bank, item, student)
                value = sheet_value(p, p.key)
                answers[item.id] = wrong_value(p, value, rng) if rng.random() < 1 / 6 else value
            sheets[bank.id] = render_sheet(bank, student, answers)
        write_submission(directory / student, sources, sheets)
    return kinds


@contextlib.contextmanager
def generated(n: int, prefix: str) -> Iterator[tuple[Path, Path, dict[str, str]]]:
    """A benchmark's start: the machine and its load printed, then (a temporary folder, the `n`
    submissions generated in it, student -> kind); the folder is removed at the end."""
    print(f"machine: {machine()}")
    print(f"load average before: {load()}")
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        subs = tmp / "submissions"
        yield tmp, subs, make_submissions(subs, n)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- memory

def _tree(pid: int) -> set[int]:
    """The process and all its descendants (zombies included, as the memory walk did)."""
    from grader.sandbox.processes import descendants

    return {pid} | descendants(pid, zombies=True)


def _kb(pid: int, field: str) -> int:
    try:
        for line in open(f"/proc/{pid}/smaps_rollup"):
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak_pss = 0
        self.peak_single = 0
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.is_set():
            pids = _tree(me)
            pss = [_kb(p, "Pss") for p in pids]
            rss = [_kb(p, "Rss") for p in pids]
            self.peak_pss = max(self.peak_pss, sum(pss))
            self.peak_single = max(self.peak_single, max(rss, default=0))
            self.stop.wait(0.2)


# ---------------------------------------------------------------- runs

def bench_batch(subs: Path, results: Path, jobs: int) -> dict:
    from grader.batch.coordinator import run_batch
    from grader.course import load_course

    course = load_course(ROOT)
    done: list[float] = []
    seconds: dict[str, float] = {}

    def on_row(row, s):
        done.append(time.perf_counter())
        seconds[row["student"]] = s

    sampler = MemorySampler()
    sampler.start()
    cpu0 = _cpu_self_and_children()
    start = time.perf_counter()
    result = run_batch(course, subs, results, jobs=jobs, regrade=True, on_row=on_row)
    wall = time.perf_counter() - start
    cpu = _cpu_self_and_children() - cpu0
    sampler.stop.set()
    sampler.join()
    n = result.graded
    steady = (n - jobs) / (done[-1] - done[jobs - 1]) if n > 2 * jobs and done[-1] > done[jobs - 1] else float("nan")
    lat = sorted(result.latencies)
    statuses = {}
    for row in result.rows.values():
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    return {
        "n": n, "wall": wall, "rate": n / wall, "steady": steady,
        "p50": statistics.median(lat), "p95": lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))],
        "peak_pss_mb": sampler.peak_pss / 1024, "peak_single_mb": sampler.peak_single / 1024,
        "statuses": statuses, "seconds": seconds, "cpu": cpu,
    }


def _cpu_self_and_children() -> float:
    """CPU seconds of this process and of every child it has reaped (the batch's grading
    processes and, below them, the worker processes, once the batch has ended)."""
    import resource

    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def user_sys_of_tree(pid: int) -> tuple[float, float]:
    """(user, system) CPU seconds of `pid` and its live descendants, plus the children they have reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    user = system = 0
    for p in _tree(pid):
        try:
            stat = Path(f"/proc/{p}/stat").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        user += int(fields[11]) + int(fields[13])  # utime + cutime
        system += int(fields[12]) + int(fields[14])  # stime + cstime
    return user / tick, system / tick


def _cpu_of_tree(pid: int) -> float:
    """CPU seconds of `pid` and its live descendants, plus the children they have reaped."""
    return sum(user_sys_of_tree(pid))


def _one_after_another(subs: Path, count: int) -> Iterator[tuple[str, Callable[[], object]]]:
    """`count` submissions of `subs`, each with a call that grades it in this process.

    The first submission is graded once beforehand, unmeasured (imports, the zygote,
    the collected checks), and the zygote is stopped when the loop ends. The mistake
    replays kept from an earlier pass are dropped first.
    """
    from grader.course import load_course
    from grader.exercise import mistakes
    from grader.sandbox import processes as sandbox
    from grader.grading import grade_submission

    course = load_course(ROOT)
    students = sorted(p.name for p in subs.iterdir())
    # Each pass starts with no kept mistake replays (mistakes._replays), so every pass replays
    # the same mistakes on the same submissions: passes are samples of one quantity.
    mistakes.forget_replays()
    grade_submission(course, subs / students[0], student=students[0])
    try:
        for student in students[1 : count + 1]:
            yield student, lambda s=student: grade_submission(course, subs / s, student=s)
    finally:
        sandbox.shutdown()


@contextlib.contextmanager
def numeric_timers() -> Iterator[dict[str, float]]:
    """Count, while it lasts, the checks' numeric work in this process's gradings: yields a dict
    of CPU seconds so far, "reference" (the reference solutions on the trusted side), "student"
    (the worker's CPU while the student's functions ran) and "mistakes" (replays of the course's
    listed mistakes).

    This is the floor no faster engine can go below: the hidden checks compute the
    reference results and run the student's functions on fresh random inputs of each
    student (design.md: what correct grading means). Measured by timing the outermost
    calls into the `reference` fixture's functions (CPU time: the course functions patched
    in for a student's callees are among them), the worker's CPU time during every call of
    a student function as its reply says (it waits, using none, while a patched course
    function runs on the trusted side), and the CPU time of the mistake diagnosis, which
    replays the course's listed variants of a function on the trusted side when one of its
    checks fails (mistakes.py). The timers' own cost (a few microseconds per outermost
    reference call) stays in the engine's share. Instrumentation only: it wraps engine
    internals, and is not for a test.
    """
    from grader.exercise import mistakes
    from grader.harness import plugin
    from grader.sandbox import session as proxy

    spent = {"reference": 0.0, "student": 0.0, "mistakes": 0.0}
    depth = [0]

    class Timed:
        def __init__(self, module):
            self._module = module

        def __getattr__(self, name):
            value = getattr(self._module, name)
            if not callable(value) or isinstance(value, type):
                return value

            # Looks like the reference function to a check (its name and signature:
            # a check may read the defaults of a course function it patches in).
            @functools.wraps(value)
            def timed(*args, **kwargs):
                depth[0] += 1
                start = time.process_time()
                try:
                    return value(*args, **kwargs)
                finally:
                    depth[0] -= 1
                    if depth[0] == 0:
                        spent["reference"] += time.process_time() - start
            return timed

    def wrap(cls, name, wrapper):
        original = getattr(cls, name)
        setattr(cls, name, wrapper(original))
        return lambda: setattr(cls, name, original)

    def reference(original):
        return lambda self, module: Timed(original(self, module))

    def result(original):
        def timed(self, name, reply, rblobs, record, *args, **kwargs):
            try:
                return original(self, name, reply, rblobs, record, *args, **kwargs)
            finally:  # the worker's CPU time during the call, as the reply said (read into the record first)
                spent["student"] += record.cpu_seconds
        return timed

    def replays(original):
        def timed(*args, **kwargs):
            depth[0] += 1  # variants call reference functions: not counted twice
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1
                spent["mistakes"] += time.process_time() - start
        return timed

    undo = [wrap(plugin.Fixtures, "reference", reference), wrap(proxy.StudentSession, "_result", result),
            wrap(mistakes, "diagnose", replays)]
    try:
        yield spent
    finally:
        for u in undo:
            u()


def bench_cost(subs: Path, count: int) -> dict[str, tuple[float, ...]]:
    """CPU seconds per submission, graded one after another in this process, and the checks'
    numeric work in the same grading: student -> (grader, worker processes, wall, reference
    solutions, student code, mistake replays).

    Why one grading for both: the engine's cost is the difference of the two, and this VM's
    speed drifts by up to half from one minute to the next; measured in two passes (as before),
    the drift between them went into the difference.
    """
    import resource

    from grader.sandbox import processes as sandbox

    out: dict[str, tuple[float, ...]] = {}
    with numeric_timers() as spent:
        for student, grade in _one_after_another(subs, count):
            zygote = sandbox.shared_zygote().proc.pid
            # The walks of the zygote's tree (2-5 ms of this process's CPU each) stay outside the grader's window.
            w0 = _cpu_of_tree(zygote)
            before = dict(spent)
            r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
            grade()
            t1, r1 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
            w1 = _cpu_of_tree(zygote)
            out[student] = ((r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime), w1 - w0, t1 - t0,
                            *(spent[k] - before[k] for k in ("reference", "student", "mistakes")))
    return out


def bench_check(sub: Path, runs: int) -> list[float]:
    cmd = [sys.executable, "-m", "grader", "check", str(sub), "--course", str(ROOT), "--student", sub.name, "--no-record"]
    env = {**os.environ, "CI": "1"}
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(ROOT))
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"grade check failed:\n{proc.stdout}\n{proc.stderr}")
    return times[1:]  # the first run warms the file cache


def cost_pass(subs: Path, count: int, kinds: dict[str, str], cores: int) -> dict[str, float]:
    """One measurement of the cost per submission and of the numeric work in it (bench_cost),
    printed; the engine's own cost by group of submissions.

    Why passes: the engine's cost is the difference of two figures that each move by 15-30%
    from run to run on a shared machine; one pass is one sample of it, and a target is judged
    on the median of several (--passes).
    """
    cost = bench_cost(subs, count)
    grader_cpu = statistics.mean(c[0] for c in cost.values())
    worker_cpu = statistics.mean(c[1] for c in cost.values())
    wall = statistics.mean(c[2] for c in cost.values())
    total = grader_cpu + worker_cpu
    print(f"cost per submission (in-process, one after another, {len(cost)} submissions; load {load()}): {total:.3f} CPU s "
          f"= grader {grader_cpu:.3f} + worker processes {worker_cpu:.3f}; wall {wall:.3f} s")
    print(f"  => at most {cores / total:.1f} submissions/s on {cores} otherwise idle cores")
    print(f"  the checks' numeric work in the same gradings (CPU s; 10 submissions/s on {cores} cores allows "
          f"{cores / 10:.3f} CPU s per submission in all):")
    targets = {"these submissions": 13, "the reference ones": 18}  # issue 15: >= 13/s class mix, >= 18/s references
    engines: dict[str, float] = {}
    for label, students in (("these submissions", list(cost)),
                            ("the reference ones", [s for s in cost if kinds.get(s) == "reference"])):
        if not students:
            continue
        ref, stu, mis = (statistics.mean(cost[s][i] for s in students) for i in (3, 4, 5))
        numeric = ref + stu + mis
        spent = statistics.mean(cost[s][0] + cost[s][1] for s in students)
        engine = engines[label] = spent - numeric
        print(f"    {label} (x{len(students)}): reference solutions {ref:.3f} + student code {stu:.3f} "
              f"+ mistake replays {mis:.3f} = {numeric:.3f} CPU s of {spent:.3f} CPU s in all")
        print(f"      engine's own cost: {engine:.3f} CPU s per submission (target <= 0.050; "
              f"{engine + mis:.3f} if the mistake replays were counted as the engine's); "
              f"{cores / spent:.1f} submissions/s on {cores} idle cores (issue 15: >= {targets[label]}/s), "
              f"{cores / numeric:.1f}/s with no engine at all")
    return engines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=40, help="submissions (default 40)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="grading processes (default: CPUs)")
    parser.add_argument("--runs", type=int, default=5, help="runs of the single check (default 5)")
    parser.add_argument("--cpu", type=int, default=10, help="submissions graded in-process to measure CPU cost (default 10)")
    parser.add_argument("--passes", type=int, default=1,
                        help="measurements of the engine's cost (default 1; 3+ to judge a target)")
    parser.add_argument("--keep", type=Path, help="keep the generated submissions and results here")
    args = parser.parse_args()
    with generated(args.n, "bench-batch-") as (tmp, subs, kinds):
        counts = {k: sum(1 for v in kinds.values() if v.split()[0] == k) for k in ("reference", "mutant", "stub")}
        print(f"submissions: {args.n} ({', '.join(f'{v} {k}' for k, v in counts.items())}), five modules and four quiz sheets each")
        b = bench_batch(subs, tmp / "results", args.jobs)
        print(f"batch -j {args.jobs}: {b['n']} graded in {b['wall']:.1f} s: {b['rate']:.2f} submissions/s overall "
              f"(start-up included), {b['steady']:.2f}/s in steady state (target >= 10)")
        print(f"  CPU: {b['cpu']:.1f} s for the whole run (every process), {b['cpu'] / b['n']:.3f} CPU s per submission "
              f"against {b['wall'] / b['n']:.3f} s of wall per submission; load average now {load()}")
        print(f"  per submission (wall, in a grading process): p50 {b['p50']:.3f} s, p95 {b['p95']:.3f} s")
        print(f"  peak memory: {b['peak_pss_mb']:.0f} MB PSS summed over the process tree; largest process {b['peak_single_mb']:.0f} MB RSS")
        print(f"  rows: {b['statuses']}")
        by_kind: dict[str, list[float]] = {}
        for student, secs in b["seconds"].items():
            by_kind.setdefault(kinds.get(student, "?"), []).append(secs)
        print("  mean wall per submission by kind (where the time goes):")
        for kind, secs in sorted(by_kind.items(), key=lambda kv: -statistics.mean(kv[1])):
            print(f"    {statistics.mean(secs):6.3f} s  x{len(secs):<3d} {kind}")
        cores = os.cpu_count() or 1
        engines: dict[str, list[float]] = {}
        for number in range(1, args.passes + 1):
            if args.passes > 1:
                print(f"pass {number} of {args.passes}:")
            for label, engine in cost_pass(subs, args.cpu, kinds, cores).items():
                engines.setdefault(label, []).append(engine)
        if args.passes > 1:
            print(f"engine's own cost over {args.passes} passes (CPU s per submission; target <= 0.050):")
            for label, values in engines.items():
                print(f"  {label}: median {statistics.median(values):.3f}, min {min(values):.3f}, max {max(values):.3f} "
                      f"({', '.join(f'{v:.3f}' for v in values)})")
        reference = tmp / "complete"
        shutil.copytree(subs / "student0000", reference / "student0000")
        times = bench_check(reference / "student0000", args.runs)
        med = statistics.median(times)
        print(f"check (fresh `grade check` command, complete submission): median {med:.3f} s, min {min(times):.3f} s, "
              f"max {max(times):.3f} s over {len(times)} runs (target < 1.0 s) {'OK' if med < 1.0 else 'over target'}")
        print(f"load average after: {load()}")
        if args.keep:
            shutil.copytree(tmp, args.keep, dirs_exist_ok=True)


if __name__ == "__main__":
    main()
