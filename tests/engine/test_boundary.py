"""Work the grader does on a student's behalf is charged to the student and bounded.

A course function patched in for blame isolation runs on the trusted side: its time
counts against the call's limit and the module's budget and it is stopped when they
run out; what the student passes to it, and what it returns, is size-limited. A
frame from the worker is checked before it is parsed; an answer too large to grade
is a failed check. Every case here ends as a StudentProblem, and the worker recovers.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from grader.sandbox import protocol
from grader.sandbox.session import StudentCrash, StudentProblem, StudentTimeout, TooLarge

MODULE = """
import os
import struct
import numpy as np

def train(n):
    return optimize(n)

def optimize(n):
    return n

def forward(W, x, b):
    return affine(W, x, b)

def affine(W, x, b):
    return W @ x + b

def calls_slowly(k):
    return [pause(0.3) for _ in range(k)]

def pause(s):
    return s

def returns_big(n):
    return np.ones((n, n))

def returns_long_list(n):
    return [0.5] * n

def grows_argument(d):
    d["big"] = np.ones((3000, 3000))
    return 1.0

def forge(size, hlen, pieces):
    body = b"".join(piece * n for piece, n in pieces)  # built here: the check sends a recipe
    os.write(3, struct.pack("<QI", size, hlen) + body)
    return 1.0

def forge_result(cid, times):
    # a reply to call `cid` written ahead of the worker's own, with `times` as its times
    import json
    header = json.dumps({"m": {"op": "result", "id": cid, "kind": "ok", "value": 7, "t": times}, "b": []}).encode()
    os.write(3, struct.pack("<QI", 4 + len(header), len(header)) + header)
    return 1.0

def double(x):
    return 2 * x
"""


def course_optimize(n):
    """Like the course's optimize(): work proportional to the loop count the student passes."""
    total = 0.0
    for i in range(int(n)):
        total += i * 1e-9
    return total


def course_affine(W, x, b):
    return W @ x + b


@pytest.fixture
def student(worker_session):
    return worker_session(MODULE, call_timeout=1.0, module_timeout=20.0, memory_mb=768)


def test_a_course_function_looping_on_the_students_behalf_is_stopped_at_the_calls_limit(student):
    view = student.patched(optimize=course_optimize)
    assert view.train(1000) == pytest.approx(course_optimize(1000))
    start = time.monotonic()
    with pytest.raises(StudentTimeout) as info:
        view.train(10**12)
    assert time.monotonic() - start < 2.0
    assert "train() timed out after 1 s" in str(info.value) and "the course's optimize()" in str(info.value)
    assert student.double(2) == 4  # a fresh worker for the next function


def test_callback_time_counts_against_the_call_and_the_budget(worker_session):
    student = worker_session(MODULE, call_timeout=1.0, module_timeout=20.0)
    view = student.patched(pause=lambda s: time.sleep(s) or s)
    worker = student._session.worker
    assert view.calls_slowly(2) == [0.3, 0.3]
    assert worker.spent >= 0.6  # charged to the module although the worker waited idle
    with pytest.raises(StudentTimeout) as info:
        view.calls_slowly(5)  # 1.5 s of course function for a call limited to 1 s
    assert "the course's pause()" in str(info.value)

    student = worker_session(MODULE, call_timeout=5.0, module_timeout=1.0)
    view = student.patched(optimize=course_optimize)
    start = time.monotonic()
    with pytest.raises(StudentTimeout) as info:
        view.train(10**12)
    assert time.monotonic() - start < 2.0
    assert "time budget" in str(info.value) and "optimize()" in str(info.value)


@pytest.mark.parametrize(
    "W, x, words",
    [
        (np.zeros((4000, 4000), dtype=bool), np.zeros((4000, 1), dtype=bool), "a 4000×4000 array"),
        (np.ones((20000, 1)), np.ones((1, 20000)), "a 20000×1 array"),  # 320 KB that would make 3.2 GB
        (np.ones((2, 2000, 1)), np.ones((1, 2000)), "together they could make a 2×2000×2000 array"),
    ],
    ids=["huge-input", "long-axis", "broadcast"],
)
def test_arguments_too_large_for_a_course_function_are_refused_before_it_runs(student, W, x, words):
    ran = []

    def affine(W, x, b):
        ran.append(1)
        return W @ x + b

    with pytest.raises(TooLarge) as info:
        student.patched(affine=affine).forward(W, x, 0.0)
    message = str(info.value)
    assert words in message and "your forward() passed" in message and "the course's affine()" in message, message
    assert info.value.status == "failed" and not ran
    assert student.double(3) == 6


def test_a_course_function_result_too_large_is_refused(student):
    W, x = np.ones((2000, 1)), np.ones((1, 1800))  # allowed arguments, a 3.6M-number result
    with pytest.raises(TooLarge) as info:
        student.patched(affine=course_affine).forward(W, x, 0.0)
    assert "the course's affine() returned a 2000×1800 array" in str(info.value)
    assert student.patched(affine=course_affine).forward(np.eye(2), np.ones((2, 1)), 1.0).tolist() == [[2.0], [2.0]]


@pytest.mark.parametrize(
    "function, arg, words",
    [
        ("returns_big", 3000, "returned a result too large to grade (it is 69 MB (the limit is 64 MB))"),
        ("returns_long_list", 200_000, "returned a result too large to grade (it holds more than"),
        ("grows_argument", {}, "left its arguments too large to grade"),
    ],
)
def test_an_answer_too_large_to_grade_is_a_failed_check(student, function, arg, words):
    with pytest.raises(TooLarge) as info:
        getattr(student, function)(arg)
    assert words in str(info.value) and info.value.status == "failed"
    assert student.double(4) == 8


FORGED = [
    (1 << 40, 2, [(b"{}", 1)]),  # a frame of a terabyte
    ((1 << 26) + 4, 1 << 26, [(b"[", 64)]),  # a 64 MB header, never sent
    (4 + 3_000_001, 3_000_001, [(b"[", 1), (b"[],", 999_999), (b"[]]", 1)]),  # a million values in 3 MB
    (4 + 4000, 4000, [(b"[", 2000), (b"]", 2000)]),  # nested 2000 deep
    (4 + 20, 20, [(b'{"m":{},"b":[1,2,3]}', 1)]),  # blobs the frame does not hold
]


@pytest.mark.parametrize("size, hlen, body", FORGED, ids=["terabyte", "big-header", "many-values", "deep", "blobs"])
def test_a_forged_frame_is_refused_before_it_is_parsed_and_the_worker_stopped(student, size, hlen, body):
    with pytest.raises(StudentCrash) as info:
        student.forge(size, hlen, body)
    assert "forge(): the worker process sent something that is not a valid reply" in str(info.value), str(info.value)
    assert isinstance(info.value, StudentProblem)
    assert student.double(5) == 10


@pytest.mark.parametrize("times", [[10**400, 1, 1], [-1, 5, 5], [1.5, 2, 3], [True, 2, 3], [1, 2], "x", None],
                         ids=["huge", "negative", "float", "bool", "short", "string", "none"])
def test_a_reply_with_impossible_times_is_read_as_taking_none(student, times):
    """A reply's times are data from the worker: what no clock can say is not read (no OverflowError from 10**400 / 1e9)."""
    assert student.forge_result(student._session.worker._next_id + 1, times) == 7  # the forged reply came first
    record = student.last_call
    assert (record.seconds, record.cpu_seconds, record.own_cpu_seconds) == (0.0, 0.0, 0.0)
    try:  # the worker's own reply, unread: seen before the next call (a new worker) or as its first reply (stopped)
        assert student.double(5) == 10
    except StudentCrash as exc:
        assert "unexpected message" in str(exc)
    assert student.double(6) == 12
