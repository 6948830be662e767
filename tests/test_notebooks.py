"""Notebooks are first-class submissions (grader/notebook.py, grader/submission.py).

Course notebooks are built with nbformat from the course-faithful 2021 modules, laid out
as the course's are (markdown, a packages cell with `from public_tests import *` and
`%matplotlib inline`, graded cells marked `# GRADED FUNCTION:`, test-call cells, outputs),
and graded through the real engine: each must grade exactly as the same functions in a .py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest

import notebook_support as nbs
import support

ROOT = Path(__file__).resolve().parents[1]
FAITHFUL = ROOT / "tests" / "faithful" / "edition_2021"
MODULES = ("numpy_basics", "logistic_regression", "shallow_nn", "deep_nn", "deep_nn_application")


def course():
    from grader.course import load_course

    return load_course(ROOT)


def faithful(module: str) -> str:
    return (FAITHFUL / f"{module}.py").read_text(encoding="utf-8")


def course_name(module: str) -> str:
    return course().module(module).notebooks[0]


def summary(results: dict) -> dict:
    return {k: (r.score, r.max_score, r.status) for k, r in results.items()}


def test_course_notebooks_grade_exactly_as_the_same_functions_in_py_files(tmp_path):
    py = support.write_submission(tmp_path / "py", {m: faithful(m) for m in MODULES})
    nb = tmp_path / "nb"
    for m in MODULES:
        nbs.write(nb / "exercises" / course_name(m), nbs.course_notebook(m, faithful(m)))
    from grader.submission import load

    loaded = load(course(), nb)
    assert {m: s.origin for m, s in loaded.modules.items()} == {m: f"exercises/{course_name(m)}" for m in MODULES}
    assert not loaded.refused_modules
    by_py = support.grade_modules(py, list(MODULES), student="alice")
    by_nb = support.grade_modules(nb, list(MODULES), student="alice")
    assert summary(by_nb) == summary(by_py)
    assert all(r.status == "passed" and r.score == r.max_score > 0 for r in by_nb.values()), summary(by_nb)
