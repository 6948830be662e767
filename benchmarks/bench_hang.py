"""How long a submission whose `model` hangs takes to grade, with the course's own limits.

Target: about 15 s at most (the call time limit once, then every later call of the
function that timed out fails at once), and the module's other functions keep their
marks. The hanging `model` ignores every catchable signal, so only the worker's hard
stop ends it. Prints wall time next to the grader's own CPU seconds and the load: the
wall time is the call time limit (spent by the student's loop in the worker, by design)
plus the grader's work, which the CPU figure shows apart from the machine's load.

    python benchmarks/bench_hang.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_grade import machine  # noqa: E402

HANG = '''

import signal as _signal


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    for sig in (_signal.SIGALRM, _signal.SIGTERM, _signal.SIGINT, _signal.SIGHUP, _signal.SIGUSR1):
        _signal.signal(sig, _signal.SIG_IGN)
    while True:
        pass
'''


def cpu() -> float:
    """CPU seconds of this process: the grader (workers live under a fork server it does not reap)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs

    from grader.course import load_course
    from grader.harness.runner import grade_exercises

    course = load_course(ROOT)
    limits = course.manifest.defaults
    source = (ROOT / "solutions" / "logistic_regression.py").read_text(encoding="utf-8") + HANG
    print(f"machine: {machine()}")
    print(f"limits: call_timeout {limits.call_timeout:g} s, module_timeout {limits.module_timeout:g} s")
    walls = []
    with tempfile.TemporaryDirectory() as tmp:
        sub = Path(tmp) / "sub"
        (sub / "exercises").mkdir(parents=True)
        (sub / "exercises" / "logistic_regression.py").write_text(source, encoding="utf-8")
        for run in range(runs):
            before, start = cpu(), time.perf_counter()
            results = grade_exercises(course, sub, hidden=True, modules=["logistic_regression"], student=f"bench{run}")
            wall = time.perf_counter() - start
            after = cpu()
            walls.append(wall)
            items = {r.id.split(".", 1)[1]: r for r in results}
            others = all(r.score == r.max_score for f, r in items.items() if f != "model")
            total = sum(r.score for r in items.values())
            maximum = sum(r.max_score for r in items.values())
            print(f"run {run + 1}: {wall:5.1f} s wall, grader CPU {after - before:.2f} s, load {os.getloadavg()[0]:.2f}; "
                  f"score {total:g}/{maximum:g}; model: {items['model'].status}; other functions at full marks: {others}")
    print(f"median {statistics.median(walls):.1f} s wall (target: about 15 s at most)")


if __name__ == "__main__":
    main()
