"""Which CPU a grading run and its worker process share: decided here, and only here.

Why one CPU for both: a call into student code is strictly synchronous. The grading
process sends a call and waits; the worker wakes, runs, answers and waits; the grader
wakes. When the two sit on different CPUs every hand-over is a wake-up across CPUs
(an inter-processor interrupt, an idle CPU leaving its sleep state), which on a
virtual machine costs far more than the work itself: a bare socketpair round trip took
0.085 ms of CPU across CPUs against 0.017 ms with both on one CPU on the project's
machine (`benchmarks/bench_engine.py` prints both). Since the two never run at the
same time, one CPU loses nothing. A reference submission makes about 170 such round
trips.

The policy:
  * a process already kept to one CPU (a `grade batch` grading process, see
    `grader/batch/local.py`; a `taskset -c N grade ...`) grades on that CPU;
  * otherwise the grading thread is kept, for the run, to the CPU it runs on now, and
    given its previous CPUs back when the run ends (a `grade check` exits soon after,
    but the same engine runs in long-lived processes, `grade watch`, tests, Dask
    workers, whose other work must not stay squeezed onto one CPU);
  * the worker child runs on the same CPU from its fork on: the fork server keeps itself
    to the run's CPU before it forks the child, which inherits it before any student
    code runs (worker.py, ForkServer._place; the CPU travels in the spawn request).
    Student code may change its own affinity afterwards: that changes only its own speed;
  * `GRADER_PIN_CPU=0` turns all of it off (a busy shared machine, where a process
    kept to one CPU cannot move away from a neighbour hogging it);
  * where affinity cannot be read or set (not Linux; a cpuset that forbids the CPU)
    everything runs unpinned, silently: pinning is a speed-up, never a requirement.

The fork server is left where it is until its first request: a fresh `grade check` starts
it before the run (see processes.prestart), so its NumPy import overlaps the grader's own
start on another CPU. From then on it keeps to the CPU of the run it serves (its spawn and
kill requests are then wake-ups on that CPU too), and to the CPUs it started with for a
run without one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

ENV = "GRADER_PIN_CPU"
_OFF = frozenset({"0", "no", "off", "false"})
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """Ask NumPy's BLAS for one thread in this grading process, unless the user chose a number.

    Why: it must happen before NumPy is first imported, and the course's matrices are small.
    A BLAS thread pool only adds threads that wake and spin after the larger products, on
    the other CPU, while the run and its worker keep to one (the worker's BLAS has one thread
    already: processes.py sets its environment). A fresh `grade check` used about 9% more CPU
    with the pool than without it.
    """
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")


def enabled() -> bool:
    """Whether pinning is wanted (GRADER_PIN_CPU is not 0/no/off/false) and possible here."""
    if os.environ.get(ENV, "").strip().lower() in _OFF:
        return False
    return hasattr(os, "sched_getaffinity") and hasattr(os, "sched_setaffinity")


def allowed() -> list[int]:
    """The CPUs the calling thread may run on, in order ([] where that cannot be known)."""
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return []


def pin(cpu: int | None) -> bool:
    """Keep the calling thread (and the threads and processes it starts after) to `cpu`; whether it worked."""
    if cpu is None or not enabled():
        return False
    try:
        os.sched_setaffinity(0, {cpu})
    except (OSError, ValueError):  # a CPU this cpuset forbids, or taken away meanwhile: run anywhere
        return False
    return True


def current_cpu() -> int | None:
    """The CPU the calling thread runs on at this moment (/proc's "processor" field), or None."""
    for path in ("/proc/thread-self/stat", "/proc/self/stat"):
        try:
            with open(path, "rb") as f:
                stat = f.read()
            # Fields after the command name (which may hold spaces and parentheses) start
            # at field 3, the state; "processor" is field 39.
            return int(stat[stat.rfind(b")") + 2:].split()[36])
        except (OSError, ValueError, IndexError):
            continue
    return None


@dataclass
class RunCpu:
    """The CPU of one grading run (None: unpinned), and the CPUs to give back when it ends."""

    cpu: int | None = None
    previous: frozenset[int] | None = None  # set only if this run pinned the thread

    def release(self) -> None:
        """Give the thread back the CPUs it had before the run (if the run pinned it)."""
        previous, self.previous = self.previous, None
        if previous:
            try:
                os.sched_setaffinity(0, previous)
            except (OSError, ValueError):
                pass


def claim() -> RunCpu:
    """The CPU for a grading run that starts now in the calling thread (see the module's policy)."""
    if not enabled():
        return RunCpu()
    try:
        mask = frozenset(os.sched_getaffinity(0))
    except OSError:
        return RunCpu()
    if len(mask) == 1:  # already kept to one CPU (a batch grading process, taskset, an outer run)
        return RunCpu(next(iter(mask)))
    cpu = current_cpu()
    if cpu not in mask or not pin(cpu):
        return RunCpu()
    return RunCpu(cpu, mask)

