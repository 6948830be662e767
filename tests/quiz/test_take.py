"""Taking a quiz interactively: answers are marked at once and saved as they are given."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from grader.errors import InputError
from grader.quiz import grade_quiz, prepare, take_quiz


class Terminal:
    """Scripted input and captured output; a script entry that is an exception is raised instead."""

    def __init__(self, *lines):
        self.lines = list(lines)
        self.out: list[str] = []
        self.prompts = 0

    def input(self, prompt: str) -> str:
        self.prompts += 1
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if isinstance(line, BaseException):
            raise line
        return line

    def echo(self, text: str) -> None:
        self.out.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.out)


def _right(bank, item_id: str, student: str = "s1") -> str:
    """What a student types for the right answer."""
    p = prepare(bank, bank.item(item_id), student)
    if p.item.type == "single":
        return p.letter_of(p.key)
    if p.item.type == "multiple":
        return ", ".join(sorted(p.letter_of(c) for c in p.key))
    if p.item.type == "shape":
        return "error" if p.key == "error" else "x".join(map(str, p.key))
    return str(p.key).lower()


def _all_right(bank) -> list[str]:
    return [_right(bank, item.id) for item in bank.items]


def test_answers_are_marked_explained_and_saved(demo_bank, tmp_path: Path) -> None:
    sheet = tmp_path / "answers" / "demo.toml"
    term = Terminal(*_all_right(demo_bank))
    outcome = take_quiz(demo_bank, "s1", sheet, input_func=term.input, echo=term.echo)
    assert (outcome.answered, outcome.score, outcome.interrupted) == (len(demo_bank.items), demo_bank.points, False)
    assert term.text.count("Right!") == len(demo_bank.items)
    assert "Explanation: tanh outputs lie in (-1, 1)" in term.text
    assert all(r.status == "passed" for r in grade_quiz(demo_bank, sheet, None))
    assert tomllib.loads(sheet.read_text())["sheet"] == {"quiz": "demo", "student": "s1"}


def test_wrong_and_unreadable_answers(demo_bank, tmp_path: Path) -> None:
    sheet = tmp_path / "demo.toml"
    wrong_letter = next(l for l in "abcd" if l != _right(demo_bank, "tanh-centres"))
    term = Terminal(wrong_letter, "", "maybe", "yes")
    take_quiz(demo_bank, "s1", sheet, input_func=term.input, echo=term.echo)
    assert "Not right." in term.text and "Skipped." in term.text
    assert "Cannot read that: 'maybe' is not true or false" in term.text
    data = tomllib.loads(sheet.read_text())
    assert data["tanh-centres"] == wrong_letter and data["more-data"] == "" and data["iterate"] is True


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), EOFError()])
def test_interrupt_keeps_what_was_answered(demo_bank, tmp_path: Path, stop) -> None:
    sheet = tmp_path / "demo.toml"
    right = _all_right(demo_bank)
    term = Terminal(right[0], right[1], stop)
    outcome = take_quiz(demo_bank, "s1", sheet, input_func=term.input, echo=term.echo)
    assert outcome.interrupted and outcome.answered == 2
    assert "Stopped. 2 of 9 questions answered" in term.text
    results = {r.id: r.status for r in grade_quiz(demo_bank, sheet, "s1")}
    assert results["demo.tanh-centres"] == results["demo.more-data"] == "passed"
    assert results["demo.iterate"] == "missing"


def test_resume_skips_answered_questions_and_keeps_unknown_keys(demo_bank, tmp_path: Path) -> None:
    sheet = tmp_path / "demo.toml"
    right = _all_right(demo_bank)
    take_quiz(demo_bank, "s1", sheet, input_func=Terminal(right[0], KeyboardInterrupt()).input, echo=lambda t: None)
    sheet.write_text(sheet.read_text().replace("[sheet]", 'my-note = "keep me"\n\n[sheet]'))
    term = Terminal(*right[1:])
    outcome = take_quiz(demo_bank, "s1", sheet, input_func=term.input, echo=term.echo)
    assert "already answered on the sheet, skipped" in term.text
    assert term.prompts == len(demo_bank.items) - 1
    assert outcome.score == demo_bank.points
    assert tomllib.loads(sheet.read_text())["my-note"] == "keep me"


def test_retake_asks_again_and_keeps_old_answers_when_skipped(demo_bank, tmp_path: Path) -> None:
    sheet = tmp_path / "demo.toml"
    right = _all_right(demo_bank)
    take_quiz(demo_bank, "s1", sheet, input_func=Terminal(*right).input, echo=lambda t: None)
    term = Terminal("", "", "true")  # skip, skip, then change `iterate` to a wrong answer
    outcome = take_quiz(demo_bank, "s1", sheet, input_func=term.input, echo=term.echo, retake=True)
    data = tomllib.loads(sheet.read_text())
    assert data["tanh-centres"] == right[0] and data["iterate"] is True
    assert outcome.interrupted and outcome.score == demo_bank.points - 1


def test_sheet_of_another_student_is_left_alone(demo_bank, tmp_path: Path) -> None:
    sheet = tmp_path / "demo.toml"
    take_quiz(demo_bank, "alice", sheet, input_func=Terminal().input, echo=lambda t: None)
    before = sheet.read_text()
    with pytest.raises(InputError, match="made for student 'alice'"):
        take_quiz(demo_bank, "bob", sheet, input_func=Terminal().input, echo=lambda t: None)
    assert sheet.read_text() == before


def test_invalid_toml_sheet_is_not_overwritten(demo_bank, tmp_path: Path) -> None:
    sheet = tmp_path / "demo.toml"
    sheet.write_text('iterate = "\n')
    with pytest.raises(InputError) as excinfo:
        take_quiz(demo_bank, "s1", sheet, input_func=Terminal().input, echo=lambda t: None)
    assert excinfo.value.line == 1
    assert sheet.read_text() == 'iterate = "\n'
