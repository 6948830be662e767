"""Run trusted code on a student's behalf under a wall-clock deadline.

When a check patches a course function into the student's module
(`student.patched(...)`), the student's code calls back into the grader, which
runs the course function in its own process. That work is the student's: its
time counts against the call's limit and the module's budget, and it must stop
when they run out, whatever arguments the student passed (`num_iterations=10**9`).

It is interrupted in the grader's process, by an exception raised in the thread
running it at the next bytecode boundary: in the main thread by a SIGALRM timer
(which also interrupts a sleep), in any other thread (a Dask worker grades in
one) by a watchdog thread that posts the exception with PyThreadState_SetAsyncExc.
Running it in another process instead would cost a fork per call and lose what a
check's own stand-in records (a closure counting calls, say). Neither way stops a
single long C call (one huge matrix product): the sizes of the arguments are
bounded before the call for that (proxy.py).
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from typing import Any, Callable

__all__ = ["Overtime", "call_with_deadline"]


class Overtime(BaseException):
    """The deadline passed while the code ran (a BaseException: `except Exception` in it does not swallow it)."""


def call_with_deadline(fn: Callable, args: tuple, kwargs: dict, seconds: float) -> Any:
    """fn(*args, **kwargs), or Overtime once `seconds` of wall time have passed.

    Overtime is raised at most once; the clean-up (timer, handler) runs to its end
    even if it lands there, and then the call returns its result after all.
    """
    if seconds <= 0:
        raise Overtime
    guard = _Alarm(seconds) if threading.current_thread() is threading.main_thread() else _Watchdog(seconds)
    try:
        guard.arm()
        return fn(*args, **kwargs)
    finally:
        while True:
            try:
                guard.disarm()
                break
            except Overtime:  # it fired on the way out (once at most): disarm again
                pass


class _Alarm:
    """SIGALRM after `seconds`; an enclosing timer (a nested deadline) goes on afterwards."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.armed = False
        self.saved: tuple | None = None  # (old handler, old delay, old interval, start)

    def _on_alarm(self, signum, frame) -> None:
        if self.armed:
            self.armed = False
            raise Overtime

    def arm(self) -> None:
        start = time.monotonic()
        handler = signal.signal(signal.SIGALRM, self._on_alarm)
        self.saved = (handler, 0.0, 0.0, start)
        self.armed = True
        # Blocked while the old timer is read and kept: an alarm due at once must not lose it.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        try:
            delay, interval = signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.saved = (handler, delay, interval, start)
            if 0 < delay < self.seconds:  # an enclosing deadline comes first: it is this one's too
                signal.setitimer(signal.ITIMER_REAL, delay)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    def disarm(self) -> None:
        self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        if self.saved is not None:
            handler, delay, interval, start = self.saved
            signal.signal(signal.SIGALRM, handler)
            self.saved = None
            if delay > 0:
                signal.setitimer(signal.ITIMER_REAL, max(delay - (time.monotonic() - start), 1e-6), interval)


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = [ctypes.c_ulong, ctypes.py_object]
_set_async_exc.restype = ctypes.c_int


class _Watchdog:
    """A timer thread that raises Overtime in this thread (at its next bytecode) after `seconds`."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.target = threading.get_ident()
        self.lock = threading.Lock()
        self.armed = False
        self.posted = False
        self.timer: threading.Timer | None = None

    def _fire(self) -> None:
        with self.lock:
            if self.armed:
                self.armed = False
                self.posted = _set_async_exc(self.target, Overtime) == 1

    def arm(self) -> None:
        self.armed = True
        self.timer = threading.Timer(self.seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()

    def disarm(self) -> None:
        with self.lock:
            self.armed = False
            if self.posted:  # posted, maybe not raised yet: take it back
                self.posted = False
                _set_async_exc(self.target, ctypes.py_object())
        if self.timer is not None:
            self.timer.cancel()
