"""What the harness takes from the sandbox (grader.sandbox): the one module of the harness that imports it.

Why one place: the layers import one way only. The sandbox (the worker processes, the
protocol, the student-side proxies) knows nothing of checks, pytest or courses; the
harness (collecting checks, running them, scoring) sits on top and reaches down only
through the names below, so moving the sandbox's modules changes this file alone.
"""

from __future__ import annotations

from grader.exercise import mistakes
from grader.sandbox import processes as sandbox
from grader.sandbox.session import (
    CheckBug,
    ImportFailed,
    StudentSession,
    StudentError,
    StudentModule,
    StudentProblem,
    _Recorder,
)

__all__ = ["mistakes", "sandbox", "CheckBug", "ImportFailed", "StudentSession", "StudentError", "StudentModule",
           "StudentProblem", "_Recorder"]
