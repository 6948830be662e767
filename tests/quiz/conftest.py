"""Fixtures for the quiz engine's tests: a small course of their own, independent of the real banks."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
COURSE = FIXTURES / "course"
DEMO = COURSE / "quizzes" / "demo.toml"


@pytest.fixture(scope="session")
def demo_bank():
    from grader.quiz import load_bank

    return load_bank(DEMO)


@pytest.fixture
def write_sheet(tmp_path: Path):
    """Write a sheet's text to a file and return its path."""

    def write(text: str, name: str = "demo.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
