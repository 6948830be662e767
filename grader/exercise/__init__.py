"""Exercise grading helpers on the trusted side: what checks compare and diagnose.

    mistakes.py  the course's listed mistakes, replayed to name what a student did
    gradcheck.py numerical gradients for the gradient checks
    compare.py   comparisons with feedback that teaches (checks reach it through grader.checks)

The check harness (collecting, running and scoring checks) is grader.harness, on top
of this package; nothing here imports it.

The student problems and `prestart` are re-exported from grader.sandbox.
Names are imported lazily, so `import grader.exercise` costs nothing.
"""

from __future__ import annotations

from grader import lazy

_EXPORTS = {
    "StudentProblem": "grader.sandbox.session",
    "StudentError": "grader.sandbox.session",
    "NotWritten": "grader.sandbox.session",
    "StudentTimeout": "grader.sandbox.session",
    "StudentCrash": "grader.sandbox.session",
    "NotPlainData": "grader.sandbox.session",
    "TooLarge": "grader.sandbox.session",
    "MissingFunction": "grader.sandbox.session",
    "ImportFailed": "grader.sandbox.session",
    "CheckBug": "grader.sandbox.session",
    "CallRecord": "grader.sandbox.session",
    "prestart": "grader.sandbox.processes",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy.exports(__name__, _EXPORTS)
