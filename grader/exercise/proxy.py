"""The `student` fixture and the problems it raises, as the harness and course checks know them.

They live in the sandbox (grader/sandbox/session.py), the trusted side of the boundary;
this module only names them for the harness (plugin.py) and for the course checks that
still import `grader.exercise.proxy` (the public check API replaces that import).
"""

from __future__ import annotations

from grader.sandbox.session import (  # noqa: F401  (re-exported)
    CallRecord,
    CheckBug,
    ImportFailed,
    MissingFunction,
    NotPlainData,
    NotWritten,
    StudentCrash,
    StudentError,
    StudentModule,
    StudentProblem,
    StudentSession,
    StudentTimeout,
    TooLarge,
    _Recorder,
)

ModuleSession = StudentSession  # the name plugin.py still imports

__all__ = [
    "StudentProblem", "StudentError", "NotWritten", "StudentTimeout", "StudentCrash", "NotPlainData", "TooLarge",
    "MissingFunction", "ImportFailed", "CheckBug", "CallRecord", "StudentModule", "StudentSession",
]
