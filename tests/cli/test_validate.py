"""`grade validate` on the real course and on copies with an instructor's typical mistakes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import cli
from support import ROOT


def validate(path: Path, *args: str):
    return CliRunner().invoke(cli, ["validate", str(path), *args])


@pytest.fixture
def course_copy(tmp_path) -> Path:
    for part in ("exercises", "quizzes", "solutions"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_real_course_is_valid():
    """Also proves the whole mistake catalogue: every listed mistake caught, named, charged once."""
    result = validate(ROOT)
    assert result.exit_code == 0, result.output
    assert "Course is valid" in result.output
    assert "through pytest" not in result.output  # its checks run directly (harness/suite.py)
    summary = re.search(r"mistakes: (\d+) listed, (\d+) caught, (\d+) named \((\d+)%\)", result.output)
    assert summary, result.output
    listed, caught, named, _ = map(int, summary.groups())
    assert listed >= 100 and caught == listed and named == listed, result.output


def test_checks_that_need_pytest_each_time_get_a_note(course_copy):
    with open(course_copy / "solutions/checks/test_numpy_basics.py", "a") as f:
        f.write("\n\nimport pytest  # the course's checks import grader.checks only; this one needs pytest\n\n\n"
                "@pytest.fixture\ndef big():\n    return 1e3\n\n\n"
                "@pytest.mark.function('sigmoid')\n@pytest.mark.points(1)\n"
                "def test_sigmoid_big(student, big):\n    assert student.sigmoid(big) > 0.99\n")
    result = validate(course_copy, "--no-mistakes")  # one grading per mistake, each through pytest: slow
    assert result.exit_code == 0, result.output
    assert "Course is valid" in result.output
    assert "note: the checks run through pytest" in result.output and "test_sigmoid_big uses the fixture big" in result.output


def test_check_file_that_cannot_load_is_reported(course_copy):
    with open(course_copy / "exercises/checks/test_numpy_basics.py", "a") as f:
        f.write("\nimport module_that_does_not_exist\n")
    result = validate(course_copy, "--no-mistakes")
    assert result.exit_code == 2
    assert "module_that_does_not_exist" in result.output and "Traceback" not in result.output


def test_function_without_checks_and_unknown_marker(course_copy):
    manifest = course_copy / "exercises/manifest.toml"
    text = manifest.read_text().replace('"L1", "L2"]', '"L1", "L2", "L3"]')
    manifest.write_text(text)
    result = validate(course_copy, "--no-run")
    assert result.exit_code == 2
    assert "numpy_basics.L3" in result.output


def test_manifest_schema_error_names_line(course_copy):
    manifest = course_copy / "exercises/manifest.toml"
    manifest.write_text(manifest.read_text().replace("week = 3", "week = 3\ncolour = 'blue'", 1))
    result = validate(course_copy, "--no-run")
    assert result.exit_code == 2
    assert "manifest.toml:" in result.output and "colour" in result.output


def test_wrong_reference_is_caught(course_copy):
    ref = course_copy / "solutions/numpy_basics.py"
    ref.write_text(ref.read_text() + "\n\ndef L1(yhat, y):\n    return float(sum(yhat - y))\n")
    result = validate(course_copy)
    assert result.exit_code == 2
    assert "numpy_basics.L1" in result.output


def test_markers_given_in_pytest_param_count(tmp_path):
    """A check marked through pytest.param(..., marks=...) covers its function; an unknown one is named."""
    from engine_support import ENGINE_COURSE

    course = tmp_path / "course"
    shutil.copytree(ENGINE_COURSE, course, ignore=shutil.ignore_patterns("__pycache__"))
    hidden = course / "solutions/checks/test_toy.py"
    text = hidden.read_text()
    old = '@pytest.mark.function("add")\n@pytest.mark.points(2)\ndef test_add_arrays(student, reference, rng):'
    assert old in text
    hidden.write_text(text.replace(old, (
        '@pytest.mark.parametrize("k", [pytest.param(1, marks=[pytest.mark.function("add"), pytest.mark.points(2)]),\n'
        '                               pytest.param(2, marks=[pytest.mark.function("subtract"), pytest.mark.points(1)])])\n'
        'def test_add_arrays(student, reference, rng, k):')))
    result = validate(course, "--no-run")
    assert "no check for toy.add" not in result.output, result.output
    assert "check marked for 'subtract' (in pytest.param marks)" in result.output and "test_toy.py" in result.output
    assert result.exit_code == 2


def test_a_check_file_that_does_not_parse_is_reported_once(course_copy):
    with open(course_copy / "exercises/checks/test_numpy_basics.py", "a") as f:
        f.write("\ndef broken(:\n")
    result = validate(course_copy, "--no-run")
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if "test_numpy_basics.py" in line]
    assert len(lines) == 1 and "does not parse" in lines[0] and "Traceback" not in result.output, result.output
