"""Calls sent ahead of their replies settle as the same calls made one at a time.

Why: `StudentSession.request()` and `settle(sent=True)` let a caller write several
calls to a worker before it reads any reply; benchmarks/bench_floor.py measures what
that would save (README, Performance: nothing). What it measures is only worth
reading if such calls grade what the usual ones grade: the same values and student
errors in the same order, the same records, nothing left unread on the socket, and a
crash in the middle charged to that call alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SOURCE = """
import os

def double(x):
    return 2 * x

def fail(x):
    raise ValueError(f"bad {x}")

def die(x):
    os._exit(3)
"""


def _outcome(fn, *args, **kwargs):
    from grader.sandbox.session import CheckBug, StudentProblem

    try:
        return "returned", fn(*args, **kwargs)
    except (StudentProblem, CheckBug) as exc:
        return type(exc).__name__, str(exc)


def test_calls_sent_ahead_settle_as_calls_made_one_at_a_time(worker_session):
    student = worker_session(SOURCE)
    session, recorder = student._session, student._recorder
    plan = [("double", 2), ("fail", 3), ("double", 4)]
    one_at_a_time = [_outcome(getattr(student, name), x) for name, x in plan]

    requests = [session.request(name, (x,), {}, seed=None, patches={}) for name, x in plan]
    for message, blobs, _, _ in requests:
        session.worker.send(message, blobs)
    ahead = [_outcome(session.settle, message, blobs, record, patches, recorder, sent=True)
             for message, blobs, record, patches in requests]

    assert ahead == one_at_a_time == [("returned", 4), ("StudentError", one_at_a_time[1][1]), ("returned", 8)]
    assert "ValueError" in one_at_a_time[1][1] and "bad 3" in one_at_a_time[1][1]
    assert recorder.returned["double"].args == (4,) and recorder.raised["fail"].args == (3,)
    assert recorder.last is requests[-1][2]
    assert student.double(5) == 10  # no reply left behind on the socket


@pytest.fixture
def sent_ahead(worker_session):
    """sent_ahead([(name, argument), ...]) -> outcomes of bench_floor's calls sent ahead, and the `student`."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    try:
        from bench_floor import _calls_in_flight
    finally:
        sys.path.pop(0)
    student = worker_session(SOURCE)
    assert student.double(1) == 2  # imported and idle: what sends calls ahead

    def send(plan: list) -> list:
        return _calls_in_flight(student._session, [(name, (x,), {}, None, student._recorder) for name, x in plan])

    send.student = student
    return send


def test_a_crash_among_calls_sent_ahead_is_that_calls_alone(sent_ahead):
    from grader.sandbox.session import StudentCrash

    outcomes = sent_ahead([("double", 2), ("die", 0), ("double", 4), ("fail", 5)])

    assert [ok for ok, _ in outcomes] == [True, False, True, False]
    assert outcomes[0][1] == 4 and outcomes[2][1] == 8
    assert isinstance(outcomes[1][1], StudentCrash) and "exit status 3" in str(outcomes[1][1])
    assert "bad 5" in str(outcomes[3][1])
    assert sent_ahead.student.double(6) == 12


def test_large_arguments_sent_ahead_arrive_whole(sent_ahead):
    import numpy as np

    # 72 kB, over a frame sent as one piece (protocol.SMALL_FRAME): its header and bytes in pieces,
    # joined with the small frames after it in one write
    arrays = [np.arange(9000, dtype=np.float64), *(np.arange(10, dtype=np.float64) + i for i in range(3))]
    outcomes = sent_ahead([("double", a) for a in arrays])
    assert all(ok for ok, _ in outcomes)
    for (_, value), a in zip(outcomes, arrays):
        np.testing.assert_array_equal(value, 2 * a)
