"""A small course and classes of submissions for the batch tests.

The course is the engine tests' toy course (two small modules, public and
hidden checks) with short time limits, plus the real week-1 quiz bank, so a
batch of a dozen submissions grades in a few seconds.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE_COURSE = ROOT / "tests" / "engine" / "fixtures" / "course"
HOSTILE = ROOT / "tests" / "hostile" / "submissions"


def _run_grade(*args: str, **kwargs):
    import subprocess

    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="session")
def course_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("batch") / "course"
    shutil.copytree(ENGINE_COURSE, root, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    manifest = root / "exercises" / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("call_timeout = 5.0", "call_timeout = 1.0").replace("module_timeout = 60.0", "module_timeout = 6.0")
    assert "call_timeout = 1.0" in text and "module_timeout = 6.0" in text
    manifest.write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "quizzes" / "week1.toml", root / "quizzes" / "week1.toml")
    return root


def toy_reference() -> str:
    return (ENGINE_COURSE / "solutions" / "toy.py").read_text(encoding="utf-8")


def stack_reference() -> str:
    return (ENGINE_COURSE / "solutions" / "stack.py").read_text(encoding="utf-8")


WRONG_ADD = "\n\ndef add(a, b):\n    return a - b\n"
SLOW_TOTAL = "\n\nimport time as _time\n\ndef total(xs):\n    _time.sleep(0.15)\n    return float(sum(xs))\n"


def sheet(course_dir: Path, student: str, wrong: set[str] = frozenset(), blank: set[str] = frozenset()) -> str:
    """The week-1 answer sheet of `student`: the key, with the items in `wrong` answered wrongly."""
    from grader.quiz import load_bank, prepare, render_sheet
    from grader.quiz.answers import sheet_value

    bank = load_bank(course_dir / "quizzes" / "week1.toml")
    answers = {}
    for item in bank.items:
        p = prepare(bank, item, student)
        value = sheet_value(p, p.key)
        if item.id in blank:
            value = ""
        elif item.id in wrong:
            value = _wrong(p, value)
        answers[item.id] = value
    return render_sheet(bank, student, answers)


def _wrong(prepared, value):
    kind = prepared.item.type
    if kind == "single":
        # The same wrong *choice* for everyone (its letter differs per student).
        wrong_choice = next(c for c in prepared.item.choices if c != prepared.key)
        return prepared.letter_of(wrong_choice)
    if kind == "multiple":
        return sorted(set(value) ^ {prepared.letters[-1]}) or [prepared.letters[0]]
    if kind == "truefalse":
        return not value
    if kind == "number":
        return float(value) + 1
    return "something else"


def write(directory: Path, toy: str | None = None, stack: str | None = None, answers: str | None = None) -> Path:
    (directory / "exercises").mkdir(parents=True, exist_ok=True)
    if toy is not None:
        (directory / "exercises" / "toy.py").write_text(toy, encoding="utf-8")
    if stack is not None:
        (directory / "exercises" / "stack.py").write_text(stack, encoding="utf-8")
    if answers is not None:
        (directory / "answers").mkdir(exist_ok=True)
        (directory / "answers" / "week1.toml").write_text(answers, encoding="utf-8")
    return directory


def make_class(course_dir: Path, directory: Path, n: int, *, slow: bool = False) -> list[str]:
    """n submissions with some variety: a wrong add(), a missing module, wrong and blank answers."""
    from grader.quiz import load_bank

    items = [it.id for it in load_bank(course_dir / "quizzes" / "week1.toml").items]
    students = []
    for i in range(n):
        student = f"s{i:02d}"
        toy = toy_reference() + (WRONG_ADD if i % 3 == 1 else "") + (SLOW_TOTAL if slow else "")
        stack = None if i % 4 == 2 else stack_reference()
        wrong = {items[j] for j in range(len(items)) if (i + j) % 4 == 0}
        blank = {items[(i * 5) % len(items)]} if i % 5 == 3 else set()
        write(directory / student, toy, stack, sheet(course_dir, student, wrong, blank - wrong))
        students.append(student)
    return students


@pytest.fixture
def run_grade():
    return _run_grade
