"""The worker boundary, one student module at a time: calls, views, limits, failures."""

from __future__ import annotations

import time

import numpy as np
import pytest

from grader.sandbox.session import (
    CheckBug,
    ImportFailed,
    MissingFunction,
    NotPlainData,
    StudentCrash,
    StudentError,
    StudentProblem,
    StudentTimeout,
)

MODULE = """
import os
import random
import sys

import numpy as np

calls = []

def double(x):
    return x * 2

def kinds():
    return 1, 1.0, True, np.float64(1.0), np.array(1.0), None, "s", [1], {"k": (2,)}

def bump(a, d=None):
    a += 1
    if d is not None:
        d["new"] = 1
    return None

def untouched(a, d=None):
    return float(a.sum())

def draws(n):
    return np.random.randn(n), random.random()

def composite(x):
    return helper(x) + 1

def helper(x):
    return x * 100

def twice(x):
    return helper(helper(x))

def shout(n):
    for i in range(n):
        print("line", i)
    return n

def fails(x):
    return 1 / x

def leaks_object():
    return object()

def nested_bad():
    return {"W1": np.ones(1), "b1": [0, object()]}

def spin():
    while True:
        pass

def die():
    os._exit(3)

def segv():
    import ctypes
    ctypes.string_at(0)

def xcpu():
    import signal
    os.kill(os.getpid(), signal.SIGXCPU)  # what the kernel sends at the worker's CPU limit

def cpu_limit():
    import resource
    return list(resource.getrlimit(resource.RLIMIT_CPU))

def exits():
    sys.exit(4)

def interrupt():
    raise KeyboardInterrupt

def count():
    calls.append(1)
    return len(calls)

not_a_function = 3
"""


def test_calls_return_plain_data_with_exact_types(worker_session):
    student = worker_session(MODULE)
    assert student.double(21) == 42 and type(student.double(21)) is int
    out = student.double(np.arange(3.0))
    assert isinstance(out, np.ndarray) and out.tolist() == [0.0, 2.0, 4.0]
    kinds = student.kinds()
    assert [type(k) for k in kinds] == [int, float, bool, np.float64, np.ndarray, type(None), str, list, dict]
    assert type(kinds[-1]["k"]) is tuple
    assert student.double(x=(1, 2)) == (1, 2, 1, 2)


def test_module_state_persists_between_calls_until_a_restart(worker_session):
    student = worker_session(MODULE)
    assert [student.count() for _ in range(3)] == [1, 2, 3]
    with pytest.raises(StudentTimeout):
        student.spin()
    assert student.count() == 1  # a fresh worker, imported again


def test_mutation_of_arguments_shows_in_args_after(worker_session):
    student = worker_session(MODULE)
    a = np.zeros(3)
    d = {"x": 1}
    student.bump(a, d=d)
    record = student.last_call
    assert record.changed
    assert a.tolist() == [0.0, 0.0, 0.0] and d == {"x": 1}  # the check's own objects are untouched
    assert record.args[0] is a and record.kwargs["d"] is d
    assert record.args_after[0].tolist() == [1.0, 1.0, 1.0]
    assert record.kwargs_after["d"] == {"x": 1, "new": 1}


def test_unchanged_arguments_come_back_equal_but_not_identical(worker_session):
    student = worker_session(MODULE)
    a = np.arange(4.0)
    student.untouched(a, d={"y": [1, 2]})
    record = student.last_call
    assert not record.changed
    assert record.args_after[0] is not a and np.array_equal(record.args_after[0], a)
    assert record.kwargs_after == {"d": {"y": [1, 2]}}


def test_seeded_calls_are_reproducible_and_match_the_trusted_side(worker_session):
    import random

    student = worker_session(MODULE)
    first = student.seeded(7).draws(3)
    second = student.seeded(7).draws(3)
    assert np.array_equal(first[0], second[0]) and first[1] == second[1]
    np.random.seed(7)
    random.seed(7)
    assert np.array_equal(first[0], np.random.randn(3)) and first[1] == random.random()
    assert not np.array_equal(student.seeded(8).draws(3)[0], first[0])


def test_patched_globals_call_back_to_the_trusted_side(worker_session):
    student = worker_session(MODULE)
    seen = []

    def trusted_helper(x):
        seen.append(x)
        return x * 1000

    assert student.patched(helper=trusted_helper).composite(2) == 2001
    assert student.patched(helper=trusted_helper).twice(1) == 1_000_000
    assert seen == [2, 1, 1000]
    assert student.composite(2) == 201  # restored after the call


def test_nested_callbacks_reach_back_into_the_worker(worker_session):
    student = worker_session(MODULE)

    def trusted_helper(x):
        return student.double(x) + 0.5  # a call into the worker while it waits for us

    view = student.seeded(1).patched(helper=trusted_helper)
    assert view.composite(3) == 7.5
    assert view.last_call.function == "composite"


def test_a_raising_course_function_is_an_error_in_the_calling_student_code(worker_session):
    student = worker_session(MODULE)

    def broken(x):
        raise ValueError("shapes (3,4) and (5,1) not aligned")

    with pytest.raises(StudentError) as info:
        student.patched(helper=broken).composite(1)
    message = str(info.value)
    assert "helper()" in message and "ValueError: shapes (3,4) and (5,1) not aligned" in message
    assert "mod.py, line" in message and "composite" in message
    assert student.composite(1) == 101  # the worker is fine


def test_a_course_function_returning_an_object_is_a_check_bug(worker_session):
    student = worker_session(MODULE)
    with pytest.raises(CheckBug):
        student.patched(helper=lambda x: object()).composite(1)
    assert student.double(2) == 4
    with pytest.raises(CheckBug):
        student.double(object())


def test_output_is_captured_per_call_and_capped(worker_session):
    student = worker_session(MODULE, output_kb=1)
    assert student.shout(2) == 2
    assert student.last_call.output == "line 0\nline 1\n"
    student.double(1)
    assert student.last_call.output == ""
    student.shout(1000)
    output = student.last_call.output
    assert len(output) < 1200 and "more bytes of output not shown" in output


def test_errors_name_the_exception_and_the_students_line(worker_session):
    student = worker_session(MODULE)
    with pytest.raises(StudentError) as info:
        student.fails(0)
    err = info.value
    assert err.type_name == "ZeroDivisionError"
    assert "fails() raised ZeroDivisionError: division by zero" in str(err)
    assert "mod.py, line" in str(err) and "return 1 / x" in str(err)
    assert student.double(1) == 2  # still the same worker


@pytest.mark.parametrize(
    "function, problem, words",
    [
        ("leaks_object", NotPlainData, "returned a bare object()"),
        ("nested_bad", NotPlainData, "['b1'][1]"),
        ("nope", MissingFunction, "exercises/mod.py has no function nope()"),
        ("not_a_function", MissingFunction, "is an int object, not a function"),
        ("exits", StudentError, "called sys.exit() (code 4)"),
        ("interrupt", StudentError, "KeyboardInterrupt"),
        ("die", StudentCrash, "exit status 3"),
        ("segv", StudentCrash, "SIGSEGV"),
        ("xcpu", StudentTimeout, "used up the CPU time allowed for the worker process"),
        ("spin", StudentTimeout, "timed out after 1 s"),
    ],
)
def test_every_failure_is_a_student_problem_and_the_worker_recovers(worker_session, function, problem, words):
    student = worker_session(MODULE, call_timeout=1.0)
    with pytest.raises(problem) as info:
        getattr(student, function)()
    assert words in str(info.value)
    assert isinstance(info.value, StudentProblem)
    assert student.double(5) == 10


def test_the_module_budget_bounds_all_calls(worker_session):
    # Two functions that loop: one that timed out is not called again (see below).
    student = worker_session(MODULE + "\n\ndef spin_too():\n    while True:\n        pass\n", call_timeout=0.6, module_timeout=1.0)
    with pytest.raises(StudentTimeout):
        student.spin()
    start = time.monotonic()
    with pytest.raises(StudentTimeout) as info:
        student.spin_too()
    with pytest.raises(StudentTimeout) as later:
        student.double(1)  # budget used up: fails fast
    assert "budget" in str(later.value) or "budget" in str(info.value)
    assert time.monotonic() - start < 1.5


def test_the_worker_has_a_cpu_limit_behind_the_module_budget(worker_session):
    # A backstop for threads that burn several CPUs while the wall clock keeps the budget:
    # the sum of the worker's module budgets, rounded up, and a second more (the kernel's
    # SIGXCPU, a test above; the hard limit a second later is SIGKILL).
    student = worker_session(MODULE, module_timeout=7.5)
    assert student.cpu_limit() == [9, 10]


def test_has_lists_the_modules_names(worker_session):
    student = worker_session(MODULE)
    assert student.has("double") and student.has("not_a_function") and not student.has("nope")


@pytest.mark.parametrize(
    "source, words",
    [
        ("def f(:\n    pass\n", ["SyntaxError", "line 1"]),
        ("import torch_not_installed\n", ["ModuleNotFoundError", "torch_not_installed", "line 1"]),
        (b"def f():\n    return \"caf\xe9\"\n", ["SyntaxError", "utf-8"]),
        ("import sys\nsys.exit(0)\n", ["sys.exit()"]),
        ("raise KeyboardInterrupt\n", ["KeyboardInterrupt"]),
        ("x = 1 / 0\n", ["ZeroDivisionError", "line 1"]),
    ],
    ids=["syntax", "missing-package", "encoding", "sys-exit", "keyboard-interrupt", "error"],
)
def test_import_failures_are_reported_with_the_error(worker_session, source, words):
    student = worker_session(source)
    with pytest.raises(ImportFailed) as info:
        student.f()
    message = str(info.value)
    assert "exercises/mod.py" in message
    for word in words:
        assert word in message
    with pytest.raises(ImportFailed):
        student.has("f")


def test_a_hanging_import_is_an_import_failure(worker_session):
    student = worker_session("while True:\n    pass\n", call_timeout=0.5)
    with pytest.raises(ImportFailed) as info:
        student.f()
    assert "did not finish within 0.5 s" in str(info.value)


def test_the_worker_runs_in_its_own_directory_with_a_scrubbed_environment(worker_session):
    student = worker_session(
        """
        import os, sys
        def where():
            return os.getcwd(), sorted(os.environ), os.listdir("."), [p for p in sys.path if "editable" in p]
        def grader_importable():
            try:
                import grader
                return True
            except ImportError:
                return False
        """
    )
    cwd, env, files, editable = student.where()
    assert "mod.py" in files and cwd.startswith(("/tmp", "/var")) and editable == []
    assert "PYTEST_CURRENT_TEST" not in env and "PATH" in env and set(env) <= {
        "PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
        "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "LC_CTYPE", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_",
    }
    assert student.grader_importable() is False


def test_student_modules_can_import_each_other_and_patches_reach_both(worker_session):
    student = worker_session(
        """
        import base
        from base import inner
        def outer(x):
            return inner(x) + base.inner(x)
        """,
        name="top",
        extra={"base": "def inner(x):\n    return x + 1\n"},
    )
    assert student.outer(1) == 4
    assert student.patched(inner=lambda x: 10 * x).outer(1) == 20
    assert student.outer(1) == 4


def test_per_call_overhead_is_small(worker_session):
    """Not a benchmark: a guard against a per-call cost of many milliseconds."""
    student = worker_session(MODULE)
    student.double(1)
    start = time.perf_counter()
    for _ in range(200):
        student.double(1.5)
    per_call = (time.perf_counter() - start) / 200
    assert per_call < 0.02


def test_a_dead_fork_server_is_replaced_without_charging_the_next_call(worker_session):
    from grader.sandbox import processes as sandbox

    student = worker_session(MODULE)
    assert student.double(1) == 2
    old = sandbox._shared
    old.proc.kill()  # as if some code had killed it; its children die with it
    old.proc.wait()
    assert student.double(2) == 4
    assert sandbox._shared is not old and sandbox._shared.alive


def test_forked_children_of_student_code_are_cleaned_up(worker_session):
    from .conftest import leftover_processes

    student = worker_session(
        """
        import os, time
        def spawn():
            for escape in (False, True):
                if os.fork() == 0:
                    if escape:
                        os.setsid()
                    time.sleep(60)
                    os._exit(0)
            return 1
        def back():
            os.fork()
            return 2
        """
    )
    assert student.spawn() == 1
    assert student.back() == 2 and student.back() == 2  # a forked copy never answers for the worker
    student._session.worker.stop()
    assert leftover_processes() == set()


def test_a_function_that_timed_out_is_not_called_again(worker_session):
    """Its later calls, through any view, raise StudentTimeout at once and say why."""
    from grader.sandbox.session import StudentTimeout

    student = worker_session("def f(x):\n    while True:\n        pass\n\ndef g(x):\n    return x + 1\n", call_timeout=0.5)
    with pytest.raises(StudentTimeout, match=r"f\(\) timed out after 0.5 s"):
        student.f(1)
    start = time.monotonic()
    for view in (student, student.seeded(3), student.patched(g=lambda x: x)):
        with pytest.raises(StudentTimeout, match=r"^f\(\) timed out earlier in this grading \(after 0.5 s\), so it was not called again$"):
            view.f(1)
    with pytest.raises(StudentTimeout, match="timed out earlier"):
        student.function("f")(2)
    assert time.monotonic() - start < 0.2
    assert student.g(1) == 2  # the module's other functions are still called


CHANGES = """
import numpy as np

def noop(*args, **kwargs):
    return 0

def fill(a, *rest, **kwargs):
    a[...] = 7
    return 0

def reshape(a, *rest, **kwargs):
    a.shape = (a.size,)
    return 0

def retype(a, *rest, **kwargs):
    a.dtype = np.int64
    return 0

def inner(t, *rest, **kwargs):
    t[1][0] = -1.0
    return 0

def keyword(*args, w, **kwargs):
    w *= 2
    return 0

def grow(xs, *rest, **kwargs):
    xs.append(1)
    return 0

def touch(d, *rest, **kwargs):
    d["k"] = 2
    return 0

def last(a, *rest, **kwargs):
    a.flat[-1] += 1
    return 0

def same_again(a, *rest, **kwargs):
    a[0] += 1.0
    a[0] -= 1.0
    return 0
"""


@pytest.mark.parametrize(
    "function, args, kwargs, changed",
    [
        ("noop", (1, 2.5, "s", None, True, np.float32(1.5), 3j, b"x", (1, (2.0, "t"))), {"k": 1}, False),
        ("noop", (np.ones((2, 3)), (np.zeros(2), 1), np.zeros((0, 2)), np.array(["a", "bc"])), {"w": np.ones(2)}, False),
        ("noop", ([1, 2], {"k": [3]}), {}, False),
        ("same_again", (np.ones(3),), {}, False),
        ("noop", (np.ones((300, 200)), [np.zeros(5000)]), {}, False),
        ("last", (np.ones((300, 200)),), {}, True),
        ("last", (np.ones(5000),), {}, True),
        ("noop", (np.arange(3).astype("M8[D]"), np.ones(5000)), {}, False),
        ("fill", (np.ones((2, 2)),), {}, True),
        ("fill", (np.ones(3), np.ones(3)), {"w": np.ones(1)}, True),
        ("reshape", (np.ones((2, 3)),), {}, True),
        ("retype", (np.ones(4),), {}, True),
        ("inner", ((1, np.ones(2)),), {}, True),
        ("keyword", (), {"w": np.ones(3)}, True),
        ("grow", ([0],), {}, True),
        ("touch", ({"k": 1},), {}, True),
    ],
    ids=["leaves", "arrays", "containers", "restored", "large", "large-last-byte", "middle-last-byte",
         "datetimes", "array", "first-of-two", "shape", "dtype",
         "in-a-tuple", "keyword", "list", "dict"],
)
def test_a_change_in_place_is_reported_exactly_when_there_is_one(worker_session, function, args, kwargs, changed):
    """The worker compares arrays by dtype, shape and bytes without encoding them again: the verdict is the same."""
    student = worker_session(CHANGES)
    getattr(student, function)(*args, **kwargs)
    record = student.last_call
    assert record.changed is changed
    if changed:
        sent_args, sent_kwargs = record.sent()
        assert repr((record.args_after, record.kwargs_after)) != repr((sent_args, sent_kwargs))


NESTED = """
import numpy as np

def noop(*args, **kwargs):
    return 0

def swap_leaf(p, *rest, **kwargs):
    p["b"] = 1.0  # an int becomes a float of the same value
    return 0

def swap_scalar(xs, *rest, **kwargs):
    xs[0] = np.float32(xs[0])
    return 0

def same_nan(xs, *rest, **kwargs):
    xs[0] = xs[0]
    return 0

def reorder(p, *rest, **kwargs):
    w = p.pop("W")
    p["W"] = w
    return 0

def update(p, *rest, **kwargs):
    p["W"] -= 0.5
    return 0

def cycle(xs, *rest, **kwargs):
    xs[0] = xs
    return 0
"""


@pytest.mark.parametrize(
    "function, args, changed",
    [
        ("noop", ({"W": np.ones((2, 2)), "b": 1, "n": [0.5, float("nan"), np.float64(2.0), (1, "x")]},), False),
        ("same_nan", ([float("nan"), 1.0],), False),
        ("swap_leaf", ({"W": np.ones(2), "b": 1},), False),  # numbers compare by value, as the encoded trees always did
        ("swap_scalar", ([np.float64(1.5)],), True),
        ("reorder", ({"W": np.ones(2), "b": np.zeros(2)},), True),
        ("update", ({"W": np.ones((2, 3)), "b": np.zeros(2)},), True),
        ("cycle", ([1, 2],), None),
    ],
    ids=["parameters", "nan", "int-to-float", "scalar-type", "key-order", "update", "cycle"],
)
def test_changes_inside_lists_and_dicts_are_reported_as_before(worker_session, function, args, changed):
    student = worker_session(NESTED)
    if changed is None:  # a value that cannot be graded left in an argument: as before, a NotPlainData
        with pytest.raises(NotPlainData):
            getattr(student, function)(*args)
        return
    getattr(student, function)(*args)
    assert student.last_call.changed is changed
