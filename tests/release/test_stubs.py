"""A release never ships solutions: every graded function must be the course's stub (grader/release/stubs.py)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.release.stubs import _marker_lines, stub_problems, why_not_a_stub


def _why(source: str) -> str | None:
    source = textwrap.dedent(source)
    func = ast.parse(source).body[0]
    return why_not_a_stub(func, _marker_lines(source))  # type: ignore[arg-type]


@pytest.mark.parametrize("source", [
    '''
    def f(x):
        """Doc."""
        # YOUR CODE HERE
        raise NotImplementedError("f")
    ''',
    '''
    def L_model_forward(X, parameters):
        caches = []
        A = X
        # YOUR CODE HERE

        # Implement LINEAR -> SIGMOID.
        # YOUR CODE HERE (2 lines)
        raise NotImplementedError
    ''',
])
def test_the_course_stub_forms_are_stubs(source):
    assert _why(source) is None


@pytest.mark.parametrize("source, says", [
    ('''
    def f(x):
        """Doc."""
        return x + 1
    ''', "looks solved"),
    ('''
    def f(x):
        # YOUR CODE HERE
        y = x + 1
        raise NotImplementedError("f")
    ''', "code at its `# YOUR CODE HERE` place (line 4)"),
    ('''
    def f(x):
        # YOUR CODE HERE
        for i in range(3):
            x = x + i
        raise NotImplementedError
    ''', "code at its"),
    ('''
    def f(x):
        raise NotImplementedError("f")
    ''', "no `# YOUR CODE HERE` comment"),
    ('''
    def f(x):
        s = "# YOUR CODE HERE"
        raise NotImplementedError("f")
    ''', "no `# YOUR CODE HERE` comment"),
    ('''
    def f(x):
        # YOUR CODE HERE
        raise ValueError("f")
    ''', "looks solved"),
])
def test_solved_or_foreign_functions_are_not_stubs(source, says):
    why = _why(source)
    assert why is not None and says in why, why


def test_the_real_course_ships_stubs_only(course):
    assert stub_problems(course) == []


def _solve(course_root: Path, module: str, function: str) -> int:
    """Put the reference implementation of `function` into the stub module (what an instructor who worked it has)."""
    stub_path = course_root / "exercises" / f"{module}.py"
    stub = stub_path.read_text(encoding="utf-8")
    reference = (course_root / "solutions" / f"{module}.py").read_text(encoding="utf-8")
    solved = next(n for n in ast.parse(reference).body if isinstance(n, ast.FunctionDef) and n.name == function)
    target = next(n for n in ast.parse(stub).body if isinstance(n, ast.FunctionDef) and n.name == function)
    lines = stub.splitlines(keepends=True)
    new = ast.get_source_segment(reference, solved) + "\n"
    stub_path.write_text("".join(lines[: target.lineno - 1]) + new + "".join(lines[target.end_lineno:]), encoding="utf-8")
    return target.lineno


def test_a_course_with_a_solved_function_is_refused(course, tmp_path):
    root = tmp_path / "course"
    for part in ("quizzes", "exercises", "solutions"):
        shutil.copytree(course.root / part, root / part)
    line = _solve(root, "deep_nn", "L_model_backward")
    out = tmp_path / "student"
    done = subprocess.run([sys.executable, "-m", "grader", "release", str(out), "--course", str(root), "--scrypt-n", "16"],
                          cwd=tmp_path, text=True, capture_output=True, timeout=600)
    assert done.returncode == 2, done.stdout + done.stderr
    errors = [l for l in done.stderr.splitlines() if "release refused" in l]
    assert len(errors) == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"deep_nn.py:{line}:" in errors[0] and "L_model_backward() in exercises/deep_nn.py" in errors[0], errors[0]
    assert not out.exists() and not list(tmp_path.glob(".student.*"))
