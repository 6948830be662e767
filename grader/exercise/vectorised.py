"""Does a student's function loop over the examples in Python? Measured, never guessed from the source.

Why by measurement: a loop is only the mistake when it runs once per example. A loop
over the layers of a network (L_model_forward), over the iterations of gradient
descent, or a comprehension over a dict of parameters is what the course itself
writes; reading the source cannot tell them apart, the time it takes can. A
vectorised function's cost grows by nanoseconds per example (NumPy works on whole
arrays in C); a Python loop over the examples pays the interpreter for every one,
about a microsecond or more. So the student's function is called on inputs of two
sizes (the course's check builds them), its CPU seconds are read as the worker
measured them around the call (CallRecord.own_cpu_seconds: the student's own work,
not the wait for the machine, and not the protocol's work of sending arguments to a
course function patched in for blame isolation, which grows with the examples too),
and the growth per example (the slope) is compared with the reference's, measured the same way (CPU seconds of the call, minimum over
repetitions) on the trusted side: the reference never runs in the worker, where
student code could read it. The reference's growth is the course's, the same for every
student (only the drawn numbers differ), so a process times it in its first
REFERENCE_ROUNDS submissions and keeps the minima of them all; the student's own calls
are timed afresh every time.

Only what a loop cannot hide is said: the student's slope must be above an absolute
floor no vectorised version of a course function comes near (FLOOR) AND many times
the reference's (FACTOR). Times are minima over repetitions (load only ever adds
time), and the loop must show in two repetitions at the larger size even against
the slowest call at the smaller size; when it does not, or the function is too slow
to repeat within a small budget, nothing is said. A vectorised function costs one
call: when its call at the larger size alone takes less than the floor, or than FACTOR
times the reference's growth, per example, no loop can be hiding in it.

What the check does with the verdict is the engine's (grader/harness/vectorisation.py):
`NotVectorised` is worth the points the manifest gives the function's vectorisation
(0: a note in the feedback, the score and status unchanged).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from grader.sandbox.session import CheckBug, StudentProblem

__all__ = ["NotVectorised", "Growth", "expect_vectorised", "FLOOR", "FACTOR"]

# Seconds of CPU per example above which growth looks like a Python loop over the
# examples. The cheapest such loop (a list comprehension with math.exp over the
# elements) costs about 0.1-0.2 µs per example here, a loop calling NumPy on each
# column 1-10 µs; the course's vectorised functions cost 1-150 ns per example (the
# reference comparison, FACTOR, tells those near the floor apart).
FLOOR = 0.1e-6
# ... and the student's growth at least this many times the reference's. The reference
# runs on the trusted side, the student's code in the worker, where the same vectorised
# code measured up to about 4 times the reference's growth (other caches, memory); a
# loop over the examples 50-1000 times.
FACTOR = 20.0
REPEATS = 3  # calls at each size when the first call does not settle it
REFERENCE_REPEATS = 5  # the reference's calls at each size (cheap; its minimum must be its own cost, not a busy moment)
MAX_SECONDS = 1.5  # CPU seconds of student calls one measurement may take; beyond, say nothing


class NotVectorised(StudentProblem):
    """The function's time grows like a Python loop over the examples (the check's verdict)."""

    status = "failed"

    def __init__(self, message: str, growth: "Growth"):
        super().__init__(message)
        self.growth = growth


@dataclass(frozen=True)
class Growth:
    """CPU seconds per added example, the student's and the reference's, from minima over repetitions."""

    sizes: tuple[int, int]
    student: float  # seconds per example
    reference: float | None  # seconds per example (None: no reference given)

    @property
    def ratio(self) -> float | None:
        if self.reference is None or self.reference <= 0:
            return None
        return self.student / self.reference


def _as_args(built: Any) -> tuple:
    return built if isinstance(built, tuple) else (built,)


def _slope(small: list[float], large: list[float], delta: int) -> float:
    return (min(large) - min(small)) / delta


def _confirmed(small: list[float], large: list[float], delta: int) -> float:
    """The growth per example that two repetitions at the larger size show even against the slowest smaller call.

    Load and noise only ever add time, and rarely to two calls alike: a vectorised
    function whose larger calls were both slowed down by a hiccup, or a first call
    paying for memory it touches once, does not look like a loop here.
    """
    return (sorted(large)[1] - max(small)) / delta


def _reference_times(reference: Callable, small_args: tuple, large_args: tuple) -> tuple[float, float]:
    """The reference's least CPU seconds at the smaller and at the larger size, in this process's CPU seconds.

    The process's, not this thread's: here NumPy's BLAS may share a matrix product among
    threads (the worker's runs on one), and leaving their part out would make the
    reference look cheaper and the student's code slower beside it. Other threads of
    this process can only add time, which makes a note less likely, never more.
    """
    small: list[float] = []
    large: list[float] = []
    reference(*small_args)  # warm: first-call costs are not growth
    for _ in range(REFERENCE_REPEATS):
        for args, into in ((small_args, small), (large_args, large)):
            start = time.process_time()
            reference(*args)
            into.append(time.process_time() - start)
    return min(small), min(large)


def _reference_growth(reference: Callable, small_args: tuple, large_args: tuple, delta: int) -> float:
    """The reference's growth per example (the slope between the minima at the two sizes, at least 0)."""
    small, large = _reference_times(reference, small_args, large_args)
    return max((large - small) / delta, 0.0)


# The reference's growth per example, per process: the same for every student of a run (the
# reference, its inputs' sizes and shapes are the course's; only the drawn numbers are the
# student's), so a batch times it in its first REFERENCE_ROUNDS submissions and keeps the
# minima over all of them, not once per submission: a busy moment in one round is not frozen
# into every later decision. Entries are keyed by where the reference's code is (file, its
# size and time of change, line, name), the graded function, the sizes and the inputs' shapes
# and types, so a different course, function, size or edited file never reuses another's.
# The student's own timing is always fresh.
REFERENCE_ROUNDS = 3
_reference_minima: dict[tuple, list] = {}  # key -> [rounds measured, least small seconds, least large seconds]
_MAX_REFERENCE_ENTRIES = 1024


def _shape_of(value: Any, ndarray: type, depth: int = 0) -> Any:
    """What the reference's cost depends on in an input: types, shapes, dtypes and plain scalars.

    None when the input is not of a kind known here (the growth is then measured, not remembered).
    """
    if depth > 6:
        return None
    t = type(value)
    if t is ndarray:
        return ("a", value.shape, value.dtype.str)
    if value is None or t in (bool, int, float, str):
        return (t.__name__, value)
    if t in (tuple, list):
        parts = tuple(_shape_of(v, ndarray, depth + 1) for v in value)
        return None if None in parts else (t.__name__, parts)
    if t is dict:
        if not all(type(k) is str for k in value):
            return None
        parts = tuple((k, _shape_of(v, ndarray, depth + 1)) for k, v in value.items())
        return None if any(p[1] is None for p in parts) else ("d", parts)
    return None


def _growth_key(reference: Callable, name: str, small_args: tuple, large_args: tuple, sizes: tuple[int, int]) -> tuple | None:
    """The memo key of a reference's growth, or None when it must be measured (not a plain function,
    a closure, a source file that cannot be read, inputs of an unknown kind)."""
    import os

    import numpy as np

    code = getattr(reference, "__code__", None)
    if code is None or getattr(reference, "__closure__", None) is not None or type(reference).__name__ != "function":
        return None
    try:
        stat = os.stat(code.co_filename)
    except (OSError, ValueError):
        return None
    inputs = _shape_of(small_args, np.ndarray), _shape_of(large_args, np.ndarray)
    if None in inputs:
        return None
    return (code.co_filename, stat.st_ino, stat.st_size, stat.st_mtime_ns, code.co_firstlineno,
            getattr(reference, "__qualname__", ""), name, sizes, inputs)


def _remembered_growth(reference: Callable, name: str, small_args: tuple, large_args: tuple, sizes: tuple[int, int]) -> float:
    """`_reference_growth`, from the minima of this process's first REFERENCE_ROUNDS measurements of the
    same reference, function, sizes and inputs' shapes."""
    delta = sizes[1] - sizes[0]
    key = _growth_key(reference, name, small_args, large_args, sizes)
    if key is None:
        return _reference_growth(reference, small_args, large_args, delta)
    entry = _reference_minima.get(key)
    if entry is None or entry[0] < REFERENCE_ROUNDS:
        small, large = _reference_times(reference, small_args, large_args)
        if entry is None:
            if len(_reference_minima) >= _MAX_REFERENCE_ENTRIES:
                _reference_minima.clear()
            entry = _reference_minima[key] = [0, small, large]
        entry[0], entry[1], entry[2] = entry[0] + 1, min(entry[1], small), min(entry[2], large)
    return max((entry[2] - entry[1]) / delta, 0.0)


def expect_vectorised(student: Any, name: str, reference: Callable | None, make_args: Callable[[int], Any], *,
                      sizes: Sequence[int] = (200, 2000), same: Callable[[Any, Any], None] | None = None) -> Growth | None:
    """Raise NotVectorised if the student's `name` grows like a Python loop over the examples.

    student    the `student` fixture, or a view of it (`student.patched(...)` measures a
               composite function with the course's callees, so a loop in a callee is
               charged to the callee's own check, not to every function that calls it)
    name       the graded function
    reference  the reference function (`reference.propagate`), timed the same way on the
               trusted side; None compares with the floor only
    make_args  m -> the function's positional arguments (a tuple; one value is one argument)
               for m examples; called once per size
    sizes      (small m, large m); with a patched view keep every axis at most 2048 (what a
               course function may be sent on the student's behalf, grader/sandbox/session.py)
    same       optional (student's result, reference's result) -> raises AssertionError when they
               differ: the speed of a wrong function is not judged (the check is skipped)

    Returns the measured Growth, or None when nothing could be measured reliably (nothing
    is said then). Any problem of the student's calls (an error, a time-out, a stub)
    propagates, as in any check.
    """
    from grader.exercise.outcomes import skip

    small_m, large_m = (int(s) for s in sizes)
    if not 0 < small_m < large_m:
        raise CheckBug(f"expect_vectorised({name!r}): sizes must be two growing positive numbers of examples, got {tuple(sizes)}")
    delta = large_m - small_m
    small_args, large_args = _as_args(make_args(small_m)), _as_args(make_args(large_m))
    call = student.function(name)

    def timed(args: tuple) -> tuple[float, Any]:
        result = call(*args)
        record = student.last_call
        return float(record.own_cpu_seconds if record is not None else 0.0), result

    # One call at the larger size settles most functions: growth per example is at most
    # that call's time over the added examples (load only adds time), so a call faster
    # than the floor, or than FACTOR times the reference's growth, cannot hide a loop.
    first_large, result = timed(large_args)
    if same is not None and reference is not None:
        try:
            same(result, reference(*large_args))
        except AssertionError:
            skip(f"{name}()'s speed is judged once its results are right")
    if first_large / delta < FLOOR:
        return Growth((small_m, large_m), first_large / delta, None)
    ref = _remembered_growth(reference, name, small_args, large_args, (small_m, large_m)) if reference is not None else None
    if ref is not None and first_large / delta < FACTOR * ref:
        return Growth((small_m, large_m), first_large / delta, ref)
    if first_large * REPEATS * (1 + small_m / large_m) > MAX_SECONDS:
        return None  # too slow to repeat within the budget: unreliable, so nothing is said
    small, large = [], [first_large]
    for _ in range(REPEATS):
        small.append(timed(small_args)[0])
        if len(large) < REPEATS:
            large.append(timed(large_args)[0])
    growth = _slope(small, large, delta)
    measured = Growth((small_m, large_m), growth, ref)
    if _confirmed(small, large, delta) < max(FLOOR, FACTOR * ref if ref is not None else 0.0):
        return measured
    # The message holds no measured number: the same code graded twice says the same words
    # (the numbers are on the exception, for tools).
    raise NotVectorised(
        f"{name}() seems to loop over the examples in Python: its time grows with m far faster than the "
        "course's vectorised version. Work on whole arrays (np.dot, np.sum(..., axis=...), broadcasting)",
        measured)

