"""How long `grade check` takes on a complete submission, with every hidden check.

Targets (2-core machine): the two week-2 modules in a median under 0.6 s wall;
all five modules under 1.0 s wall. Measures the real command (a fresh process,
start-up included) and prints the figures with the machine they came from.

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
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


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
            times = time_command(cmd, args.runs)
            median = statistics.median(times)
            verdict = "OK" if median < target else "SLOW"
            ok &= median < target
            print(f"{label}: median {median:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s over {args.runs} runs (target < {target} s) {verdict}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
