"""A student release of the real course, built once per session with cheap scrypt parameters.

The real parameters (lock.STANDARD, ~0.2 s of CPU per hash) would make every build
take minutes; the lock format and every code path are the same with
small ones, and test_lock.py times the real ones once.
"""

from __future__ import annotations

import pytest

from support import ROOT

ROSTER = [f"s{n:03d}" for n in range(1, 21)]


@pytest.fixture(scope="session")
def roster() -> list[str]:
    return list(ROSTER)


@pytest.fixture(scope="session")
def test_kdf():
    from grader.quiz.lock import Kdf

    return Kdf(n=16, r=1, p=1)


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    """A snapshot of the real course (the checkout may change while the tests run)."""
    import shutil

    from grader.course import load_course

    root = tmp_path_factory.mktemp("course")
    for part in ("quizzes", "exercises", "solutions"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return load_course(root)


@pytest.fixture(scope="session")
def engine(tmp_path_factory):
    """A snapshot of the engine's package directory, shipped by the releases built here."""
    import shutil

    target = tmp_path_factory.mktemp("engine") / "grader"
    shutil.copytree(ROOT / "grader", target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


@pytest.fixture(scope="session")
def release(tmp_path_factory, course, test_kdf, engine):
    """(path, summary) of a release built with a 20-student roster."""
    from grader.release import build_release

    out = tmp_path_factory.mktemp("release") / "student"
    summary = build_release(course, out, roster=ROSTER, kdf=test_kdf, workers=1, engine=engine)
    return out, summary


@pytest.fixture(scope="session")
def instructor_banks(course):
    from grader.quiz import load_banks

    return {b.id: b for b in load_banks(course.quizzes_dir)}


@pytest.fixture(scope="session")
def locked_banks(release):
    from grader.quiz import load_banks

    out, _ = release
    return {b.id: b for b in load_banks(out / "quizzes")}
