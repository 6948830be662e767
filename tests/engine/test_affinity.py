"""A grading run and its worker process share one CPU (grader/sandbox/affinity.py).

Calls into student code are synchronous, so the grading process and its worker never
run at the same time; on one CPU a hand-over is a plain switch instead of a costly
wake-up on another CPU. These tests ask the real worker, from inside student code,
which CPUs it may run on: the grading thread's one CPU during a run; its previous CPUs
given back to the grading thread afterwards; nothing pinned with GRADER_PIN_CPU=0;
and grading unharmed where the CPU cannot be set, on either side.
"""

from __future__ import annotations

import os
import textwrap

import pytest

from .conftest import SMALL, leftover_processes

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this system")

SOURCE = """
import os

def cpus():
    return sorted(os.sched_getaffinity(0))

def add(a, b):
    return a + b
"""


@pytest.fixture
def run(tmp_path):
    """run() -> (sandbox, `student` object of a module asking its CPUs), one grading run, closed at the end."""
    from grader.sandbox.processes import Sandbox
    from grader.sandbox.session import StudentModule, StudentSession

    boxes = []

    def open_run():
        directory = tmp_path / f"src{len(boxes)}"
        directory.mkdir()
        (directory / "where.py").write_text(textwrap.dedent(SOURCE), encoding="utf-8")
        box = Sandbox()
        boxes.append(box)
        worker = box.module("where", {"where.py": directory / "where.py"}, limits=dict(SMALL), student_modules=["where"])
        worker.start()
        return box, StudentModule(StudentSession("where", worker, "exercises/where.py"))

    yield open_run
    for box in boxes:
        box.close()
    assert leftover_processes() == set()


@pytest.fixture
def thread_cpus():
    """The test thread's CPUs, given back to it after the test whatever the test did."""
    before = os.sched_getaffinity(0)
    yield before
    os.sched_setaffinity(0, before)


def zygote_cpus() -> list[int]:
    """The CPUs of the fork server (what a child not pinned by the run inherits)."""
    from grader.sandbox import processes

    return sorted(os.sched_getaffinity(processes.shared_zygote().proc.pid))


def test_the_worker_keeps_to_the_grading_threads_one_cpu_and_the_thread_gets_its_cpus_back(run, thread_cpus, monkeypatch):
    monkeypatch.delenv("GRADER_PIN_CPU", raising=False)
    box, student = run()
    cpu = box.run_cpu.cpu
    assert cpu in thread_cpus
    assert os.sched_getaffinity(0) == {cpu}  # the grading thread, for the run
    assert student.cpus() == [cpu]  # asked by student code, in the worker
    assert student.add(2, 3) == 5
    box.close()
    assert os.sched_getaffinity(0) == thread_cpus


def test_a_process_already_kept_to_one_cpu_grades_there_and_stays_there(run, thread_cpus, monkeypatch):
    """As a `grade batch` grading process or `taskset -c N grade check` is: that CPU, nothing given back."""
    monkeypatch.delenv("GRADER_PIN_CPU", raising=False)
    cpu = max(thread_cpus)
    os.sched_setaffinity(0, {cpu})
    box, student = run()
    assert box.run_cpu.cpu == cpu and box.run_cpu.previous is None
    assert student.cpus() == [cpu]
    box.close()
    assert os.sched_getaffinity(0) == {cpu}


@pytest.mark.parametrize("value", ["0", "off", "no"])
def test_grader_pin_cpu_0_leaves_everything_where_it_was(run, thread_cpus, monkeypatch, value):
    monkeypatch.setenv("GRADER_PIN_CPU", value)
    box, student = run()
    assert box.run_cpu.cpu is None
    assert os.sched_getaffinity(0) == thread_cpus
    assert student.cpus() == zygote_cpus()  # as the fork server has it: nothing set for the run


def test_a_refused_cpu_on_the_grading_side_grades_unpinned(run, thread_cpus, monkeypatch):
    """sched_setaffinity failing (a cpuset that forbids it, not Linux): silently unpinned."""
    monkeypatch.delenv("GRADER_PIN_CPU", raising=False)

    def refuse(*_args):
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(os, "sched_setaffinity", refuse)
    box, student = run()
    if len(thread_cpus) > 1:  # (a thread kept to one CPU already needs no call: it grades there)
        assert box.run_cpu.cpu is None
        assert student.cpus() == zygote_cpus()
    assert student.add(2, 3) == 5
    box.close()
    assert os.sched_getaffinity(0) == thread_cpus


def test_a_cpu_the_worker_may_not_use_leaves_it_unpinned_and_grading_unharmed(run, monkeypatch):
    """The child's own sched_setaffinity refused (no such CPU here): it runs where the fork server does."""
    from grader.sandbox import affinity

    monkeypatch.setattr(affinity, "claim", lambda: affinity.RunCpu(4000))
    box, student = run()
    assert student.cpus() == zygote_cpus()
    assert student.add(2, 3) == 5


def test_a_graded_submission_is_the_same_pinned_or_not(grade, make_submission, thread_cpus, monkeypatch):
    """A whole grading run through the real engine: same results both ways, the thread's CPUs given back."""
    sub = make_submission(toy=None, stack=None)
    monkeypatch.delenv("GRADER_PIN_CPU", raising=False)
    pinned = grade(sub)
    assert os.sched_getaffinity(0) == thread_cpus
    monkeypatch.setenv("GRADER_PIN_CPU", "0")
    unpinned = grade(sub)
    assert {k: (r.status, r.score) for k, r in pinned.items()} == {k: (r.status, r.score) for k, r in unpinned.items()}
    assert all(r.status == "passed" for r in pinned.values()), {k: r.status for k, r in pinned.items()}


def test_the_cpu_the_thread_runs_on_is_read_from_proc(thread_cpus):
    from grader.sandbox import affinity

    for cpu in sorted(thread_cpus):
        os.sched_setaffinity(0, {cpu})  # the thread has moved there when the call returns
        assert affinity.current_cpu() == cpu


_BLAS_PROBE = """
import os, sys
from grader.exercise import prestart
prestart()
import numpy
print(",".join(os.environ.get(n, "-") for n in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")))
print(len(os.listdir("/proc/self/task")))
"""


def _blas_probe(env: dict) -> tuple[str, int]:
    import subprocess
    import sys

    env = {k: v for k, v in env.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")} | env
    proc = subprocess.run([sys.executable, "-c", _BLAS_PROBE], capture_output=True, text=True, env=env, timeout=60,
                          cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    assert proc.returncode == 0, proc.stderr
    values, threads = proc.stdout.split()
    return values, int(threads)


def test_a_grading_process_asks_numpy_for_one_blas_thread_unless_the_user_chose():
    base = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    values, threads = _blas_probe(base)
    assert values == "1,1,1"
    # NumPy's OpenBLAS starts no thread pool then: one thread fewer per further CPU than with a pool.
    _, pooled = _blas_probe({**base, "OPENBLAS_NUM_THREADS": "4", "OMP_NUM_THREADS": "4"})
    if len(os.sched_getaffinity(0)) > 1:
        assert threads < pooled
    # A user's own choice is kept.
    values, _ = _blas_probe({**base, "OPENBLAS_NUM_THREADS": "2"})
    assert values.split(",")[0] == "2"
