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
    """fn(*args, **kwargs), or Overtime once `seconds` of wall time have passed."""
    if seconds <= 0:
        raise Overtime
    if threading.current_thread() is threading.main_thread():
        return _with_alarm(fn, args, kwargs, seconds)
    return _with_watchdog(fn, args, kwargs, seconds)


def _with_alarm(fn: Callable, args: tuple, kwargs: dict, seconds: float) -> Any:
    armed = True

    def on_alarm(signum, frame):
        if armed:
            raise Overtime

    start = time.monotonic()
    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args, **kwargs)
    finally:
        while True:  # the alarm may still fire on the way out: disarm, whatever it raises meanwhile
            try:
                armed = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                break
            except Overtime:
                pass
        signal.signal(signal.SIGALRM, old_handler)
        if old_delay > 0:  # someone else's timer (an enclosing deadline): it goes on, less the time spent here
            signal.setitimer(signal.ITIMER_REAL, max(old_delay - (time.monotonic() - start), 1e-6), old_interval)


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = [ctypes.c_ulong, ctypes.py_object]
_set_async_exc.restype = ctypes.c_int


def _with_watchdog(fn: Callable, args: tuple, kwargs: dict, seconds: float) -> Any:
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"armed": True, "posted": False}

    def fire():
        with lock:
            if state["armed"]:
                state["posted"] = _set_async_exc(target, Overtime) == 1

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        return fn(*args, **kwargs)
    finally:
        while True:
            try:
                with lock:
                    state["armed"] = False
                    if state["posted"]:  # posted but maybe not yet raised: take it back
                        _set_async_exc(target, ctypes.py_object())
                        state["posted"] = False
                timer.cancel()
                break
            except Overtime:
                state["posted"] = False
