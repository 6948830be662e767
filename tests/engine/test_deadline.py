"""Trusted code run on a student's behalf stops at its deadline, in the main thread and in any other."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from grader.sandbox.deadline import Overtime, call_with_deadline


def alarm_state():
    """The SIGALRM handler and whether its timer runs: pytest-timeout's, untouched."""
    return signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)[0] > 0


def spin():
    while True:
        pass


def swallows_errors():
    """A course function with a broad `except Exception` does not keep running past its deadline."""
    while True:
        try:
            while True:
                pass
        except Exception:  # noqa: BLE001
            pass


def busy(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def sleeps():
    while True:
        time.sleep(0.05)  # a sleep is not interrupted, the loop around it is


@pytest.mark.parametrize("fn", [spin, swallows_errors, sleeps], ids=["loop", "except-Exception", "sleeps"])
def test_code_running_past_its_deadline_is_stopped_in_the_main_thread(fn):
    before = alarm_state()
    start = time.monotonic()
    with pytest.raises(Overtime):
        call_with_deadline(fn, (), {}, 0.2)
    assert time.monotonic() - start < 1.0
    assert alarm_state() == before


@pytest.mark.parametrize("fn", [spin, swallows_errors], ids=["loop", "except-Exception"])
def test_code_running_past_its_deadline_is_stopped_in_another_thread(fn):
    """A Dask worker grades in a thread."""
    outcome: dict = {}

    def run():
        start = time.monotonic()
        try:
            call_with_deadline(fn, (), {}, 0.2)
        except Overtime:
            outcome["stopped"] = time.monotonic() - start
        outcome["after"] = call_with_deadline(lambda x: x + 1, (1,), {}, 0.05)
        time.sleep(0.2)  # nothing stray arrives later
        outcome["clean"] = True

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    assert outcome == {"stopped": pytest.approx(0.2, abs=0.5), "after": 2, "clean": True}


def test_results_and_errors_pass_through_and_nothing_is_left_armed():
    before = alarm_state()
    assert call_with_deadline(lambda a, b=0: a + b, (1,), {"b": 2}, 1.0) == 3
    with pytest.raises(ZeroDivisionError):
        call_with_deadline(lambda: 1 / 0, (), {}, 1.0)
    stopped = 0
    for i in range(300):  # deadlines passing everywhere: in the code, on the way in and out, just after
        try:
            call_with_deadline(busy, (0.0002 * (i % 40),), {}, 0.004)
        except Overtime:
            stopped += 1
    time.sleep(0.05)  # nothing stray arrives later
    assert 0 < stopped < 300 and alarm_state() == before
    time.sleep(0.05)
    with pytest.raises(Overtime):
        call_with_deadline(spin, (), {}, 0)


def test_an_enclosing_deadline_still_applies_inside_a_nested_one():
    start = time.monotonic()
    with pytest.raises(Overtime):
        call_with_deadline(lambda: call_with_deadline(spin, (), {}, 5.0), (), {}, 0.3)
    assert time.monotonic() - start < 1.5


def test_a_forked_child_gets_a_watchdog_of_its_own():
    """The parent's watchdog thread does not run in a forked child: a deadline there is kept by a new one."""
    import os

    assert call_with_deadline(lambda: 1, (), {}, 1.0) == 1  # the parent's watchdog made
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports by its exit status
        code = 1
        try:
            call_with_deadline(spin, (), {}, 0.2)
        except Overtime:
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
