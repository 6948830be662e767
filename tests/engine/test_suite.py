"""Checks collected once and run directly (grader/harness/suite.py) grade exactly as pytest does.

The real course's submissions (reference, stubs, a sample of the mutant catalogue)
are graded both ways in one process, one after another, so state that leaked from
one submission to the next would show as a difference too.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import support
from grader.course import load_course
from grader.harness import suite as suite_mod
from grader.harness.runner import count_checks, grade_exercises, run_exercises

from .conftest import COURSE, SMALL

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["numpy_basics", "logistic_regression", "shallow_nn", "deep_nn", "deep_nn_application"]


def _submissions(tmp_path: Path) -> list[tuple[str, Path, list[str] | None]]:
    """(name, submission, modules to grade): the reference and the stubs (every module), and
    every fourth mutant of each module (graded in its own module, the reference beside it)."""
    reference = {m: support.reference_source(m) for m in MODULES}
    out = [("reference", support.write_submission(tmp_path / "reference", reference), None),
           ("stubs", support.write_submission(tmp_path / "stubs", {m: support.stub_source(m) for m in MODULES}), None)]
    for module in MODULES:
        for mutant in support.mutants(module)[::4]:
            sources = dict(reference, **{module: mutant.submission_source()})
            out.append((mutant.name, support.write_submission(tmp_path / mutant.name, sources), [module]))
    return out


def _graded(course, submission: Path, student: str, modules, **options) -> list[tuple]:
    run = run_exercises(course, submission, student=student, hidden=True, modules=modules, **options)
    return [(i.id, i.score, i.max_score, i.status, i.feedback) for i in run.items]


def test_the_course_runs_directly():
    suite = suite_mod.suite_for(load_course(ROOT), include_hidden=True)
    assert suite.direct, suite.why_pytest
    assert len(suite.checks) > 100 and all(c.direct for c in suite.checks)


def test_direct_runs_grade_exactly_as_pytest_runs(tmp_path):
    course = load_course(ROOT)
    cases = _submissions(tmp_path)
    assert len(cases) > 25
    direct = {name: _graded(course, path, f"s-{name}", modules) for name, path, modules in cases}
    through_pytest = {name: _graded(course, path, f"s-{name}", modules, via_pytest=True) for name, path, modules in cases}
    for name, _, _ in cases:
        assert direct[name] == through_pytest[name], name
    # and a public run (hidden checks counted, not run)
    path = cases[0][1]
    public = run_exercises(course, path, student="p", hidden=False, count_hidden=True)
    public_pytest = run_exercises(course, path, student="p", hidden=False, count_hidden=True, via_pytest=True)
    assert public.items == public_pytest.items and public.checks == public_pytest.checks


@pytest.fixture
def course_copy(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    return root


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("check, why", [
    ("@pytest.fixture\ndef twice():\n    return 2\n\n"
     "@pytest.mark.function('add')\n@pytest.mark.points(1)\ndef test_add_twice(student, twice):\n"
     "    assert student.add(twice, twice) == 4\n", "uses the fixture twice"),
    ("@pytest.mark.function('add')\n@pytest.mark.points(1)\ndef test_add_tmp(student, monkeypatch):\n"
     "    monkeypatch.setenv('X', '1')\n    assert student.add(1, 1) == 2\n", "monkeypatch"),
    ("@pytest.mark.skipif(sys.platform == 'nonexistent', reason='never')\n"
     "@pytest.mark.function('add')\n@pytest.mark.points(1)\ndef test_add_marked(student):\n"
     "    assert student.add(1, 2) == 3\n", "marker skipif"),
    ("def setup_function():\n    pass\n\n"
     "@pytest.mark.function('add')\n@pytest.mark.points(1)\ndef test_add_setup(student):\n"
     "    assert student.add(2, 2) == 4\n", "setup_function"),
])
def test_a_check_beyond_the_engine_fixtures_runs_through_pytest(course_copy, make_submission, check, why):
    """The whole course then runs through pytest, and the extra check counts like any other."""
    hidden = course_copy / "solutions" / "checks" / "test_toy.py"
    _append(hidden, "\nimport sys\n\n" + check)
    course = load_course(course_copy)
    suite = suite_mod.suite_for(course, include_hidden=True)
    assert not suite.direct and why in suite.why_pytest
    right = {r.id: r for r in grade_exercises(course, make_submission(toy=None), student="s", hidden=True, modules=["toy"], limits=SMALL)}
    assert right["toy.add"].status == "passed"
    wrong = {r.id: r for r in grade_exercises(course, make_submission(toy="def add(a, b):\n    return a - b\n"), student="s",
                                              hidden=True, modules=["toy"], limits=SMALL)}
    assert wrong["toy.add"].score == 0 and wrong["toy.add"].max_score == right["toy.add"].max_score


def test_parametrized_and_class_checks_run_directly(course_copy, make_submission):
    hidden = course_copy / "solutions" / "checks" / "test_toy.py"
    _append(hidden, (
        "\n\n@pytest.mark.function('add')\n@pytest.mark.points(1)\n"
        "@pytest.mark.parametrize('a, b', [(1, 2), (5, -3)])\n"
        "def test_add_cases(student, a, b):\n    assert student.add(a, b) == a + b\n\n\n"
        "@pytest.mark.function('add')\nclass TestAdd:\n    seen = []\n\n"
        "    @pytest.mark.points(2)\n    def test_zero(self, student, rng):\n"
        "        self.seen.append(self)\n        assert student.add(0, 0) == 0\n"
    ))
    course = load_course(course_copy)
    suite = suite_mod.suite_for(course, include_hidden=True)
    assert suite.direct, suite.why_pytest
    names = {c.check.name for c in suite.checks}
    assert {"test_add_cases[1-2]", "test_add_cases[5--3]", "test_zero"} <= names
    sub = make_submission(toy=None)
    direct = run_exercises(course, sub, student="s", hidden=True, modules=["toy"], limits=SMALL)
    through_pytest = run_exercises(course, sub, student="s", hidden=True, modules=["toy"], limits=SMALL, via_pytest=True)
    assert direct.items == through_pytest.items
    outcomes = {c.name: (c.outcome, c.points) for c in direct.outcomes}
    assert outcomes["test_add_cases[5--3]"] == ("passed", 1.0) and outcomes["test_zero"] == ("passed", 2.0)
    wrong = run_exercises(course, make_submission(toy="def add(a, b):\n    return a - b\n"), student="s", hidden=True,
                          modules=["toy"], limits=SMALL)
    outcomes = {c.name: c.outcome for c in wrong.outcomes}
    assert outcomes["test_add_cases[1-2]"] == "failed" and outcomes["test_zero"] == "passed"


def test_a_changed_check_file_is_collected_again(course_copy, make_submission):
    course = load_course(course_copy)
    sub = make_submission(toy=None)
    before = count_checks(course)["toy"]
    first = {r.id: r for r in grade_exercises(course, sub, student="s", hidden=True, modules=["toy"], limits=SMALL)}
    _append(course_copy / "solutions" / "checks" / "test_toy.py",
            "\n\n@pytest.mark.function('add')\n@pytest.mark.points(5)\ndef test_add_never(student):\n"
            "    assert student.add(1, 1) == 3, 'a check added after the first run'\n")
    again = {r.id: r for r in grade_exercises(course, sub, student="s", hidden=True, modules=["toy"], limits=SMALL)}
    assert again["toy.add"].max_score == first["toy.add"].max_score + 5
    assert again["toy.add"].status == "partial" and "added after the first run" in again["toy.add"].feedback
    assert count_checks(course)["toy"].hidden == before.hidden + 1


def test_collected_modules_stay_out_of_sys_modules_between_runs(make_submission, course):
    grade_exercises(course, make_submission(toy=None, stack=None), student="s", hidden=True, limits=SMALL)
    suite = suite_mod.suite_for(course, include_hidden=True)
    assert suite.modules and not set(suite.modules) & set(sys.modules)


def test_a_check_gets_the_same_global_random_state_whatever_ran_before(course_copy, make_submission):
    """A check drawing from np.random unseeded sees the same numbers in a fresh and a warm process."""
    _append(course_copy / "solutions" / "checks" / "test_toy.py", (
        "\n\nimport numpy as np\n\n@pytest.mark.function('add')\n@pytest.mark.points(1)\n"
        "def test_add_global_draw(student):\n    x = float(np.random.rand())\n"
        "    assert student.add(x, 0.0) == x + 1.0, f'drew {x!r}'\n"
    ))
    course = load_course(course_copy)
    sub = make_submission(toy=None)

    def message():
        run = run_exercises(course, sub, student="s", hidden=True, modules=["toy"], limits=SMALL)
        return next(c.message for c in run.outcomes if c.name == "test_add_global_draw")

    import numpy as np

    first = message()
    np.random.rand(17)  # whatever else the process did in between
    assert message() == first and "drew" in first


def test_a_check_that_calls_pytest_exit_is_a_grader_problem_of_that_check(course_copy, make_submission):
    _append(course_copy / "solutions" / "checks" / "test_toy.py", (
        "\n\n@pytest.mark.function('add')\n@pytest.mark.points(1)\n"
        "def test_add_exits(student):\n    pytest.exit('enough')\n"
    ))
    course = load_course(course_copy)
    run = run_exercises(course, make_submission(toy=None), student="s", hidden=True, modules=["toy"], limits=SMALL)
    outcome = next(c for c in run.outcomes if c.name == "test_add_exits")
    assert outcome.outcome == "error" and "pytest.exit()" in outcome.message
    assert {c.name: c.outcome for c in run.outcomes}["test_add_arrays"] == "passed"


def test_a_changed_reference_is_imported_afresh_in_the_same_process(course_copy, make_submission):
    """A run reuses the code compiled from a reference (checkrun.CourseLoader) only while the file is unchanged."""
    course = load_course(course_copy)
    sub = make_submission(toy=None)
    first = {r.id: r for r in grade_exercises(course, sub, student="s", hidden=True, modules=["toy"], limits=SMALL)}
    assert first["toy.add"].status == "passed"
    reference = course_copy / "solutions" / "toy.py"
    reference.write_text(reference.read_text().replace("return a + b", "return a + b + 1.0"))
    again = {r.id: r for r in grade_exercises(course, sub, student="s", hidden=True, modules=["toy"], limits=SMALL)}
    assert again["toy.add"].status in ("partial", "failed") and "add is wrong for arrays" in again["toy.add"].feedback
