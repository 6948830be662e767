"""How long `grade check` takes on a complete submission, with every hidden check.

Targets (2-core machine): the two week-2 modules in a median under 0.6 s wall;
all five modules under 1.0 s wall. Two figures for each: "grading" is one
grade_submission() call in a process that has the grader loaded (what `grade
watch` and batch grading pay per submission); "command" is the whole `grade
check` command in a fresh process, interpreter and library start-up included.

    python benchmarks/bench_grade.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "week2 (numpy_basics, logistic_regression)": (["numpy_basics", "logistic_regression"], 0.6),
    "all five modules": (["numpy_basics", "logistic_regression", "shallow_nn", "deep_nn", "deep_nn_application"], 1.0),
}


def machine() -> str:
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = ", load %.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}{load}"


def time_command(args: list[str], runs: int) -> list[float]:
    times = []
    env = {**os.environ, "CI": "1"}
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(args, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"grading failed:\n{proc.stdout}\n{proc.stderr}")
    return times


def time_in_process(submission: Path, modules: list[str], runs: int) -> list[float]:
    sys.path.insert(0, str(ROOT))
    from grader.course import load_course
    from grader.grading import grade_submission

    course = load_course(ROOT)
    times = []
    for _ in range(runs + 1):  # the first run starts the worker and imports the checks
        start = time.perf_counter()
        outcome = grade_submission(course, submission, student="bench", only=tuple(modules))
        times.append(time.perf_counter() - start)
        if outcome.report.score != outcome.report.max_score:
            sys.exit(f"the reference did not score 100%: {outcome.report.score}/{outcome.report.max_score}")
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        sub = Path(tmp) / "exercises"
        sub.mkdir()
        for path in (ROOT / "solutions").glob("*.py"):
            shutil.copy(path, sub / path.name)
        for label, (modules, target) in SETS.items():
            cmd = [sys.executable, "-m", "grader", "check", tmp, "--course", str(ROOT), "--student", "bench", "--only", ",".join(modules), "--min-score", "100"]
            time_command(cmd, 1)  # warm the file cache
            for kind, times in (("grading", time_in_process(Path(tmp), modules, args.runs)), ("command", time_command(cmd, args.runs))):
                median = statistics.median(times)
                verdict = "OK" if median < target else "over target"
                ok &= kind == "command" or median < target
                print(f"{label}, {kind}: median {median:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s over {args.runs} runs (target < {target} s) {verdict}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
