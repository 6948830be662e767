"""A catalogue of hostile submissions: each is contained, and costs only its own points.

Every file in submissions/ is appended to the reference `toy` module of the
engine tests' course (later definitions win) and names in `TARGET` the
function(s) that must score 0 ("*": the whole module; None: nothing; "?":
the module's score is not specified, only that of the others). Every
other function of the submission keeps its points (a second module, `stack`,
is graded alongside), the grader does not crash, the report stays short, and
no process or temporary directory is left behind.
"""

from __future__ import annotations

import ast
import os
import tempfile
import time

import pytest

from engine_support import STANDALONE_STACK, leftover_processes
from grader.course import load_course
from grader.harness.runner import MAX_FEEDBACK, grade_exercises

from .conftest import COURSE, LIMITS, SUBMISSIONS


def cases():
    return sorted(SUBMISSIONS.glob("*.py"))


def target_of(path):
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "TARGET" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{path.name} has no TARGET")


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.stem)
def test_hostile_submission_is_contained(case, tmp_path, monkeypatch):
    course = load_course(COURSE)
    target = target_of(case)
    toy = (COURSE / "solutions" / "toy.py").read_text() + "\n\n# ---- hostile ----\n" + case.read_text()
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "toy.py").write_text(toy)
    (tmp_path / "exercises" / "stack.py").write_text(STANDALONE_STACK)
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))  # where the run's sandbox lives

    start = time.monotonic()
    results = {r.id: r for r in grade_exercises(course, tmp_path, student="hostile", hidden=True, limits=LIMITS)}
    elapsed = time.monotonic() - start

    toy_functions = [i for i in results if i.startswith("toy.")]
    targets = set(toy_functions) if target == "*" else {f"toy.{t}" for t in ([target] if isinstance(target, str) else target or [])}
    for item_id, result in results.items():
        assert len(result.feedback) <= MAX_FEEDBACK, item_id
        if target == "?" and item_id.startswith("toy."):
            continue
        if item_id in targets:
            assert result.score == 0, f"{item_id} should score 0: {result}"
            assert result.status in ("failed", "error", "timeout"), result
            assert result.feedback, result
        else:
            assert result.status == "passed" and result.score == result.max_score > 0, f"{item_id} lost points: {result}"
    assert elapsed < 30
    assert leftover_processes() == set(), "processes left behind"
    assert [d for d in os.listdir(private_tmp) if not d.startswith("grade-zygote-")] == [], "temporary files left behind"


def test_the_catalogue_is_complete():
    names = {p.stem for p in cases()}
    assert {"infinite_loop", "memory_bomb", "sys_exit_at_import", "custom_eq", "monkeypatch_numpy", "output_flood",
            "segfault", "fork_bounded", "huge_file", "os_exit_in_function", "keyboard_interrupt"} <= names
