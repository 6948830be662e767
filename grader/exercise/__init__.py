"""Exercise grading: running student code in a worker, checking it, scoring it.

    protocol.py  what may cross the boundary (plain data; no pickle), both sides
    worker.py    the student-side process: a fork server, one child per module
    sandbox.py   the trusted side of the workers: start, limits, restart, clean up
    proxy.py     the `student` fixture and the problems it raises
    compare.py   comparisons with feedback that teaches (checks reach it through grader.checks)

The check harness (collecting, running and scoring checks) is grader.harness, on top
of this package; nothing here imports it.

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
    "prestart": "sandbox",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'grader.exercise' has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
