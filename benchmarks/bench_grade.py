"""How long a fresh `grade check` of a complete submission takes, against a bare NumPy start.

Target (issue 15): a fresh `grade check` of a complete submission (the five
reference modules and the four quiz sheets answered with the student's key, every
hidden check) costs at most 5x a bare `python -c "import numpy"`, in median wall
time and in median CPU seconds, both measured here in the same run, interleaved
(one check, one bare import, ...) so a change of the machine's load hits both.
CPU seconds are the children's user+system time (resource.getrusage deltas
around each subprocess: the grader, its workers and anything they start). Also:
`grade --help` (target <= 0.05 s), absolute and net of a bare `python -c pass`, with
this interpreter and with the quick start's venv (.venv, or --venv) when there is one,
and one grade_submission() in a process that has the grader loaded (what
`grade watch` and a batch pay per submission), for reference.

Always run with the real interpreter (sys.executable), never a shim script.

    python benchmarks/bench_grade.py [--runs 9] [--venv .venv]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 5.0
HELP_TARGET = 0.05


def load() -> str:
    return "%.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else "unknown"


def machine() -> str:
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, load {load()}"


def run_once(args: list[str], env: dict) -> tuple[float, float]:
    """(wall, CPU) seconds of one subprocess; CPU is user+system of it and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def summary(label: str, values: list[float]) -> str:
    return f"{label}: median {statistics.median(values):.3f} s, min {min(values):.3f} s, max {max(values):.3f} s"


def complete_submission(directory: Path, student: str) -> None:
    """The reference modules as exercises/, and every quiz answered with this student's key."""
    sys.path.insert(0, str(ROOT))
    from grader.course import load_course
    from grader.quiz import load_banks, prepare, render_sheet
    from grader.quiz.answers import sheet_value

    course = load_course(ROOT)
    (directory / "exercises").mkdir(parents=True)
    for spec in course.manifest.modules:
        shutil.copy(course.reference_file(spec.name), directory / "exercises" / f"{spec.name}.py")
    (directory / "answers").mkdir()
    for bank in load_banks(course.quizzes_dir):
        answers = {}
        for item in bank.items:
            p = prepare(bank, item, student)
            answers[item.id] = sheet_value(p, p.key)
        (directory / "answers" / f"{bank.id}.toml").write_text(render_sheet(bank, student, answers), encoding="utf-8")


def in_process(submission: Path, student: str, runs: int) -> list[float]:
    from grader.course import load_course
    from grader.grading import grade_submission

    course = load_course(ROOT)
    times = []
    for _ in range(runs + 1):  # the first run starts the worker and imports the checks
        start = time.perf_counter()
        outcome = grade_submission(course, submission, student=student)
        times.append(time.perf_counter() - start)
        if outcome.report.score != outcome.report.max_score:
            sys.exit(f"the complete submission did not score 100%: {outcome.report.score}/{outcome.report.max_score}")
    return times[1:]


def bench_help(python: str, env: dict, runs: int, venv: Path) -> bool:
    """`grade --help` against a bare `python -c pass`, interleaved: with this interpreter, and
    as the README's quick start installs it (the `grade` script of `venv`, when there is one).

    Why both: the interpreter's own start is the floor, and it depends on its `site`.
    This machine's base interpreter may run `.pth` files a fresh venv does not have (a
    certifi hook costs ~40 ms here); the quick start's venv is what a student runs.
    """
    kinds = {"this interpreter": ([python, "-m", "grader", "--help"], [python, "-c", "pass"])}
    script = venv / "bin" / "grade"
    if script.exists():
        kinds["the quick start's venv"] = ([str(script), "--help"], [str(venv / "bin" / "python"), "-c", "pass"])
    times: dict[str, tuple[list, list]] = {kind: ([], []) for kind in kinds}
    for kind, (help_cmd, bare_cmd) in kinds.items():
        run_once(help_cmd, env)  # keeps the help text if it is not kept yet
    for _ in range(runs):
        for kind, (help_cmd, bare_cmd) in kinds.items():
            times[kind][0].append(run_once(help_cmd, env))
            times[kind][1].append(run_once(bare_cmd, env))
    ok = True
    for kind, (helps, passes) in times.items():
        h = statistics.median(t[0] for t in helps)
        p = statistics.median(t[0] for t in passes)
        ok &= h <= HELP_TARGET
        print(f"`grade --help` ({kind}): {summary('wall', [t[0] for t in helps])}; CPU median "
              f"{statistics.median(t[1] for t in helps):.3f} s (target <= {HELP_TARGET} s) {'OK' if h <= HELP_TARGET else 'over target'}")
        print(f"  bare `python -c pass`: median {p:.3f} s, CPU {statistics.median(t[1] for t in passes):.3f} s; "
              f"`grade --help` net of it: {h - p:.3f} s")
    if not script.exists():
        print(f"  (no venv at {venv}: the README's quick start makes one; --venv names another)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv",
                        help="a venv with the grader installed as the quick start does (default: .venv)")
    args = parser.parse_args()
    python = sys.executable
    env = {**os.environ, "CI": "1", "PYTHONPATH": str(ROOT)}
    student = "bench"
    print(f"machine: {machine()}")
    print(f"interpreter: {python}")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        sub = Path(tmp) / "submission"
        complete_submission(sub, student)
        check = [python, "-m", "grader", "check", str(sub), "--course", str(ROOT), "--student", student, "--min-score", "100"]
        numpy = [python, "-c", "import numpy"]
        for warm in (check, numpy):  # the file cache, and the collection cache of a fresh checkout
            run_once(warm, env)
        load_before = load()
        checks, bare = [], []
        for _ in range(args.runs):
            checks.append(run_once(check, env))
            bare.append(run_once(numpy, env))
        load_after = load()
        print(f"fresh `grade check` of a complete submission (five modules, four quiz sheets), {args.runs} runs interleaved with a bare import; load before {load_before}, after {load_after}")
        for i, kind in ((0, "wall"), (1, "CPU")):
            c = [t[i] for t in checks]
            b = [t[i] for t in bare]
            ratio = statistics.median(c) / statistics.median(b)
            ok &= ratio <= RATIO_TARGET
            print(f"  {summary(f'grade check {kind}', c)}")
            print(f"  {summary(f'import numpy {kind}', b)}")
            print(f"  ratio of medians ({kind}): {ratio:.2f}x (target <= {RATIO_TARGET:g}x) {'OK' if ratio <= RATIO_TARGET else 'over target'}")

        ok &= bench_help(python, env, args.runs, args.venv)

        times = in_process(sub, student, max(3, args.runs // 2))
        print(f"in process (grade_submission, grader loaded, workers warm): {summary('wall', times)}")
    print(f"load at the end: {load()}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
