"""Run trusted code on a student's behalf under a wall-clock deadline.

When a check patches a course function into the student's module
(`student.patched(...)`), the student's code calls back into the grader, which
runs the course function in its own process. That work is the student's: its
time counts against the call's limit and the module's budget, and it must stop
when they run out, whatever arguments the student passed (`num_iterations=10**9`).

It is interrupted in the grader's process: one watchdog thread per process posts
an Overtime exception to the thread running the code when its deadline passes
(PyThreadState_SetAsyncExc), raised there at its next bytecode. This works in any
thread (a Dask worker grades in one) and touches no signal: a SIGALRM timer would
meet pytest-timeout's (or anybody's) and, with several threads, a signal sent as
one timer is disarmed can reach the handler put back after it. Running the code
in another process instead would cost a fork per call and lose what a check's own
stand-in records (a closure counting calls, say). What it does not interrupt is a
single long C call (one huge matrix product): session.py bounds the arguments' sizes
for that.
"""

from __future__ import annotations

import ctypes
import math
import os
import queue
import threading
import time
from typing import Any, Callable

__all__ = ["Overtime", "call_with_deadline"]


class Overtime(BaseException):
    """The deadline passed while the code ran (a BaseException: `except Exception` in it does not swallow it)."""


def call_with_deadline(fn: Callable, args: tuple, kwargs: dict, seconds: float) -> Any:
    """fn(*args, **kwargs), or Overtime once `seconds` of wall time have passed.

    Overtime is never raised after this returns: one posted but not yet raised is
    taken back, and one raised on the way out is caught there (the code finished).
    """
    if seconds <= 0:
        raise Overtime
    job = _Job(threading.get_ident(), time.monotonic() + seconds)
    try:
        _watchdog().arm(job)
        return fn(*args, **kwargs)
    finally:
        while True:
            try:
                _watchdog().disarm(job)
                break
            except Overtime:  # raised on the way out: disarm again (each job is posted once at most)
                pass


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = [ctypes.c_ulong, ctypes.py_object]
_set_async_exc.restype = ctypes.c_int


IDLE_LOOK = 0.25  # seconds between the watchdog's looks while jobs keep coming (see _Watchdog._run)


class _Job:
    __slots__ = ("thread", "deadline", "posted", "done")

    def __init__(self, thread: int, deadline: float):
        self.thread = thread
        self.deadline = deadline
        self.posted = False
        self.done = False


class _Watchdog:
    """A daemon thread that raises Overtime in threads whose deadline has passed.

    The threads it interrupts only ever touch C-level primitives of it (a lock, a
    SimpleQueue): an exception raised in the middle of Python-level threading code
    (a Condition's notify) would leave that code's state broken.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.jobs: list[_Job] = []
        self.armed = 0  # jobs armed so far
        self.wake: queue.SimpleQueue = queue.SimpleQueue()
        self.next_wake = math.inf  # when the thread looks again anyway
        self.thread = threading.Thread(target=self._run, name="grader-deadlines", daemon=True)
        self.thread.start()

    def arm(self, job: _Job) -> None:
        with self.lock:
            if job.done:
                return
            self.jobs.append(job)
            self.armed += 1
            wake = job.deadline < self.next_wake
        if wake:  # (most calls are nested in a call whose deadline comes first: no thread switch for them)
            self.wake.put(None)

    def disarm(self, job: _Job) -> None:
        with self.lock:
            job.done = True
            if job in self.jobs:
                self.jobs.remove(job)
            if job.posted:  # posted, maybe not raised yet: take it back
                job.posted = False
                _set_async_exc(job.thread, ctypes.py_object())

    def _run(self) -> None:
        timeout, seen = None, 0
        while True:
            try:
                self.wake.get(timeout=timeout)
            except queue.Empty:
                pass
            waiting = []
            with self.lock:
                now = time.monotonic()
                for job in self.jobs:
                    if job.posted or job.done:
                        continue
                    if job.deadline <= now:
                        job.posted = _set_async_exc(job.thread, Overtime) == 1
                    else:
                        waiting.append(job.deadline)
                if waiting:
                    self.next_wake = min(waiting)
                elif self.armed != seen:
                    # Jobs came and went since the last look, and more are likely (a check's
                    # calls, each calling back into the course): look again in a while, so that
                    # arming one due after that does not need to wake this thread (a thread
                    # switch and the GIL handed over twice, for every call of a course function).
                    self.next_wake = now + IDLE_LOOK
                else:  # nothing armed for a while: sleep until something is
                    self.next_wake = math.inf
                seen = self.armed
            timeout = max(self.next_wake - now, 0.0) if self.next_wake < math.inf else None

_lock = threading.Lock()
_current: _Watchdog | None = None


def _watchdog() -> _Watchdog:
    """The process's watchdog (a new one in a forked child, where the parent's thread does not run)."""
    global _current
    watchdog = _current
    if watchdog is not None:
        return watchdog
    with _lock:
        if _current is None:
            _current = _Watchdog()
        return _current


def _forget_after_fork() -> None:
    """In a forked child: the parent's watchdog thread does not run there, and its lock may be held.

    Dropped here, once per fork, instead of comparing os.getpid() (a system call) with the
    watchdog's pid twice for every course function a student's code calls.
    """
    global _current, _lock
    _current = None
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)
