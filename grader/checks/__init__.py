"""The public check API: the one thing a course's checks import.

    from grader import checks
    from grader.checks import expect_close, StudentProblem

    @checks.function("propagate")      # the graded function this check scores
    @checks.points(2)                   # points earned when it passes
    @checks.parametrize("m", [1, 5])    # optional: once per value
    def test_propagate_shapes(student, reference, rng, m): ...

    @checks.vectorised("propagate")    # a vectorisation check: its points are the manifest's
    def test_propagate_vectorised(student, reference, rng):
        checks.expect_vectorised(student, "propagate", reference.propagate, lambda m: (...))

Why a package of its own: checks are course content, and course content knows
nothing of the engine's internals. Everything a check may use is declared below,
in one table, and nothing else in `grader` is promised to checks; the engine may
move its modules (the sandbox, the harness) without touching a course. Nothing
here imports pytest: the engine runs checks itself and imports pytest only when a
check needs more than this API (docs/checks.md says what).

The extension points, by where they are implemented:
  _metadata.py   function, points, parametrize, vectorised (plain data on the function)
  grader.exercise.outcomes    skip, Skipped
  grader.exercise.compare     comparisons with feedback that teaches (CheckFailed, expect_*)
  grader.exercise.gradcheck   numerical gradients and their checks
  grader.sandbox.session      the problems a call into the student's code can raise
  grader.exercise.mistakes    the `mistake` decorator of solutions/mistakes/<module>.py
  grader.exercise.vectorised  expect_vectorised: a loop over the examples, measured in the worker
"""

from __future__ import annotations

from grader.exercise.compare import (
    CheckFailed,
    expect_close,
    expect_equal,
    expect_keys,
    expect_predictions,
    expect_shape,
    expect_stats,
    expect_type,
    expect_unchanged,
)
from grader.exercise.gradcheck import expect_gradient, expect_gradients, gradient_dict, numerical_gradient, relative_error
from grader.exercise.mistakes import mistake
from grader.exercise.vectorised import NotVectorised, expect_vectorised
from grader.sandbox.session import (
    CallRecord,
    CheckBug,
    ImportFailed,
    MissingFunction,
    NotPlainData,
    NotWritten,
    StudentCrash,
    StudentError,
    StudentProblem,
    StudentTimeout,
    TooLarge,
)

from ._metadata import CheckSpec, Parametrization, function, parametrize, points, spec_of, vectorised
from grader.exercise.outcomes import Skipped, skip

__all__ = [
    # what a check declares
    "function", "points", "parametrize", "vectorised",
    # how a check ends
    "skip", "Skipped", "CheckFailed",
    # comparisons
    "expect_close", "expect_equal", "expect_predictions", "expect_unchanged", "expect_shape", "expect_keys",
    "expect_type", "expect_stats",
    # gradients
    "numerical_gradient", "gradient_dict", "relative_error", "expect_gradient", "expect_gradients",
    # calls into the student's code
    "StudentProblem", "StudentError", "NotWritten", "StudentTimeout", "StudentCrash", "NotPlainData", "TooLarge",
    "MissingFunction", "ImportFailed", "CheckBug", "CallRecord",
    # vectorisation: does the function loop over the examples? (its points: the manifest's `vectorised`)
    "expect_vectorised", "NotVectorised",
    # mistake catalogues (solutions/mistakes/<module>.py)
    "mistake",
    # read by the engine
    "CheckSpec", "Parametrization", "spec_of",
]
