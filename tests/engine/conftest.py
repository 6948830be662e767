"""Fixtures for the engine's tests: a tiny course of their own and worker sessions.

The engine is tested against tests/engine/fixtures/course (two small modules,
public and hidden checks, a provided helper, one module using the other), not
against the real course, so these tests do not move when the content does.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from engine_support import ENGINE_COURSE as COURSE
from engine_support import descendants, leftover_processes  # noqa: F401  (the tests import them from here)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
collect_ignore = ["fixtures"]  # the test course's checks run inside the engine, not as project tests
SMALL = {"call_timeout": 2.0, "module_timeout": 30.0, "memory_mb": 512, "output_kb": 4}


@pytest.fixture(scope="session")
def course():
    from grader.course import load_course

    return load_course(COURSE)


@pytest.fixture
def make_submission(tmp_path):
    """make_submission(toy=source or None for the reference, stack=...) -> submission dir."""

    def make(**modules: str | None) -> Path:
        sub = tmp_path / "submission"
        (sub / "exercises").mkdir(parents=True, exist_ok=True)
        for name, source in modules.items():
            target = sub / "exercises" / f"{name}.py"
            if source is None:
                shutil.copyfile(COURSE / "solutions" / f"{name}.py", target)
            elif isinstance(source, bytes):
                target.write_bytes(source)
            else:
                target.write_text(textwrap.dedent(source), encoding="utf-8")
        return sub

    return make


@pytest.fixture
def grade(course):
    """grade(submission, **options) -> {item id: ItemResult} through the real engine."""
    from grader.harness.runner import grade_exercises

    def run(submission: Path, **options):
        options.setdefault("student", "tester")
        options.setdefault("hidden", True)
        options.setdefault("limits", SMALL)
        return {r.id: r for r in grade_exercises(course, submission, **options)}

    return run


@pytest.fixture
def worker_session(tmp_path):
    """worker_session(source, name="mod", **limits) -> a `student` object for that module."""
    from grader.sandbox.session import StudentModule, StudentSession
    from grader.sandbox.processes import Sandbox

    boxes = []

    def open_session(source: str | bytes, name: str = "mod", extra: dict[str, str] | None = None,
                     aliases: dict[str, list[str]] | None = None, **limits):
        directory = tmp_path / f"src{len(boxes)}"
        directory.mkdir()
        path = directory / f"{name}.py"
        if isinstance(source, bytes):
            path.write_bytes(source)
        else:
            path.write_text(textwrap.dedent(source), encoding="utf-8")
        files = {f"{name}.py": path}
        for other, text in (extra or {}).items():
            (directory / f"{other}.py").write_text(textwrap.dedent(text), encoding="utf-8")
            files[f"{other}.py"] = directory / f"{other}.py"
        box = Sandbox()
        boxes.append(box)
        worker = box.module(name, files, limits={**SMALL, **limits}, student_modules=[name, *(extra or {})])
        worker.start()
        return StudentModule(StudentSession(name, worker, f"exercises/{name}.py", aliases=aliases))

    yield open_session
    for box in boxes:
        box.close()
