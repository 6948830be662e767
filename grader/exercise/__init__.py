"""Exercise grading: checking student code run in the sandbox (grader/sandbox/), scoring it.

    proxy.py     the `student` fixture and the problems it raises (from grader.sandbox)
    plugin.py    the pytest plugin: fixtures, markers, per-check outcomes
    suite.py     the checks collected once per process and run without pytest
    runner.py    grade_exercises(): checks → points, statuses, feedback
    compare.py   comparisons with feedback that teaches (used by checks)

Names are imported lazily, so `import grader.exercise` costs nothing.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "StudentProblem": "proxy",
    "StudentError": "proxy",
    "NotWritten": "proxy",
    "StudentTimeout": "proxy",
    "StudentCrash": "proxy",
    "NotPlainData": "proxy",
    "TooLarge": "proxy",
    "MissingFunction": "proxy",
    "ImportFailed": "proxy",
    "CheckBug": "proxy",
    "CallRecord": "proxy",
    "grade_exercises": "runner",
    "run_exercises": "runner",
    "count_checks": "runner",
    "prestart": "grader.sandbox.processes",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'grader.exercise' has no attribute {name!r}")
    return getattr(importlib.import_module(module if "." in module else f"{__name__}.{module}"), name)
