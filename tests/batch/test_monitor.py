"""The batch monitor: a progress line with rate and time left, a line per slow or ungraded submission, a summary."""

from __future__ import annotations

import io

from grader.batch.monitor import Monitor, duration
from grader.batch.task import error_row


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def graded(student: str, timeouts: tuple[str, ...] = ()) -> dict:
    items = [{"id": "m.f", "status": "passed"}] + [{"id": t, "status": "timeout"} for t in timeouts]
    return {"student": student, "status": "graded", "items": items}


def feed(monitor: Monitor, clock: Clock, rows: list[tuple[dict, float]], step: float = 1.0) -> None:
    for row, seconds in rows:
        clock.now += step
        monitor.row(row, seconds)


def test_plain_output_is_periodic_lines_with_rate_and_time_left():
    out, clock = io.StringIO(), Clock()
    monitor = Monitor(out, tty=False, clock=clock, interval=5.0, heartbeat=False)
    monitor.plan(12, 10)
    feed(monitor, clock, [(graded(f"s{k}"), 0.5) for k in range(4)])  # 4 s: no line yet (interval 5 s)
    assert out.getvalue().splitlines() == ["12 submissions: 10 to grade, 2 already in the journal", "graded 0/10 (0%) · 0.0 s so far"]
    feed(monitor, clock, [(graded("s4"), 0.5)])  # 5 s after the start: a line
    assert out.getvalue().splitlines()[-1] == "graded 5/10 (50%) · 1.0/s · about 5.0 s left · 5.0 s so far"
    feed(monitor, clock, [(graded(f"t{k}"), 0.5) for k in range(5)])
    lines = out.getvalue().splitlines()
    assert lines[-1] == "graded 10/10 (100%) · 1.0/s · 10 s in all"  # the last one always
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()
    monitor.close()
    assert out.getvalue().endswith("10 s in all\n")


def test_terminal_redraws_in_place_and_events_get_their_own_line():
    out, clock = io.StringIO(), Clock()
    monitor = Monitor(out, tty=True, clock=clock, heartbeat=False)
    monitor.plan(5, 5)
    feed(monitor, clock, [(graded(f"s{k}"), 0.4) for k in range(3)])
    feed(monitor, clock, [(graded("loop", ("m.g",)), 31.0)])  # far beyond 3 × the median (0.4 s) and 5 s
    feed(monitor, clock, [(error_row("broken", "the grading process died twice (killed by SIGKILL)\nmore"), 2.0)])
    monitor.close()
    text = out.getvalue()
    assert text.count("\r\x1b[K") >= 5  # redrawn in place
    screen = [line.split("\r\x1b[K")[-1] for line in text.split("\n")]  # what a terminal keeps of each line
    assert screen == [
        "5 submissions: 5 to grade",
        "slow: loop took 31 s (typical 0.4 s); timed out in m.g",
        "not graded: broken: the grading process died twice (killed by SIGKILL)",
        "graded 5/5 (100%) · 1.0/s · 5.0 s in all · 1 slow · 1 not graded",
        "",
    ]
    assert monitor.summary() == [
        "time per submission: median 0.4 s, longest 31 s",
        "1 unusually slow: loop (31 s)",
        "1 with a function that timed out: loop",
        "1 could not be graded: broken",
    ]


def test_what_counts_as_slow():
    monitor = Monitor(io.StringIO(), tty=False, heartbeat=False)
    assert not monitor.is_slow(29.0) and monitor.is_slow(30.0)  # nothing to compare with yet
    monitor.latencies = [1.0, 1.2, 0.8]
    assert not monitor.is_slow(4.9)  # 3 × the median is 3 s, but under 5 s is never slow
    assert monitor.is_slow(5.0)
    monitor.latencies = [4.0, 4.0, 4.0]
    assert not monitor.is_slow(11.0) and monitor.is_slow(12.0)


def test_heartbeat_keeps_a_plain_log_moving_while_nothing_finishes():
    out = io.StringIO()
    monitor = Monitor(out, tty=False, interval=0.05)
    monitor.plan(2, 2)
    import time

    time.sleep(0.4)
    monitor.close()
    assert out.getvalue().count("graded 0/2") >= 3


def test_durations():
    assert [duration(x) for x in (0.04, 9.94, 9.96, 59.4, 61, 3599, 3725)] == [
        "0.0 s", "9.9 s", "10 s", "59 s", "1 min 01 s", "59 min 59 s", "1 h 02 min"]
