"""`grade quiz list|sheet|key|take` through the real command line (click's test runner)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.quiz import grade_quiz, prepare

COURSE = str(Path(__file__).resolve().parent / "fixtures" / "course")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_list_prints_one_quiz_per_line_id_first() -> None:
    result = run("quiz", "list", "--course", COURSE)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == ["demo"]
    assert "Demo quiz" in lines[0] and "9 questions" in lines[0]


@pytest.mark.parametrize("command", [("sheet", "week9"), ("key", "week9", "--student", "s1"), ("take", "week9"),
                                     ("sheet", "../quizzes/demo")])
def test_unknown_quiz_is_one_line_and_exit_2(command) -> None:
    result = run("quiz", *command, "--course", COURSE)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"grade: error: unknown quiz '{command[1]}'; known: demo"]


def test_sheet_on_stdout_is_a_blank_toml_sheet() -> None:
    result = run("quiz", "sheet", "demo", "--student", "s1", "--course", COURSE)
    assert result.exit_code == 0
    data = tomllib.loads(result.stdout)
    assert data["sheet"] == {"quiz": "demo", "student": "s1"}
    assert data["tanh-centres"] == ""


def test_sheet_to_a_file_refuses_to_overwrite_answers(tmp_path: Path) -> None:
    target = tmp_path / "answers" / "demo.toml"
    target.parent.mkdir()  # a workspace has answers/; a missing directory is an error (reports/output.py)
    assert run("quiz", "sheet", "demo", "-o", str(target), "--course", COURSE).exit_code == 0
    assert tomllib.loads(target.read_text())["sheet"]["student"] == "anonymous"
    again = run("quiz", "sheet", "demo", "-o", str(target), "--course", COURSE)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert run("quiz", "sheet", "demo", "-o", str(target), "--force", "--course", COURSE).exit_code == 0


def test_key_needs_a_student_and_scores_full(tmp_path: Path, demo_bank) -> None:
    assert run("quiz", "key", "demo", "--course", COURSE).exit_code == 2
    target = tmp_path / "key.toml"
    result = run("quiz", "key", "demo", "--student", "s9", "-o", str(target), "--course", COURSE)
    assert result.exit_code == 0
    assert "Explanation:" in target.read_text()
    assert all(r.status == "passed" for r in grade_quiz(demo_bank, target, None))


def test_take_saves_answers_and_stops_cleanly_at_end_of_input(tmp_path: Path, demo_bank) -> None:
    p = prepare(demo_bank, demo_bank.item("tanh-centres"), "s1")
    answers = tmp_path / "answers"
    result = run("quiz", "take", "demo", "--student", "s1", "--answers", str(answers), "--course", COURSE,
                 input=p.letter_of(p.key) + "\n\nfalse\n")
    assert result.exit_code == 0
    assert "Right!" in result.stdout and "Stopped." in result.stdout
    data = tomllib.loads((answers / "demo.toml").read_text())
    assert data["tanh-centres"] == p.letter_of(p.key) and data["more-data"] == "" and data["iterate"] is False


def test_take_keeps_answers_on_ctrl_c_and_resumes_for_the_sheets_student(tmp_path: Path, monkeypatch) -> None:
    answers = tmp_path / "answers"
    typed = iter(["a", "b"])

    def keyboard(prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr("grader.cli.quiz._read_line", keyboard)
    result = run("quiz", "take", "demo", "--student", "carol", "--answers", str(answers), "--course", COURSE)
    assert result.exit_code == 0 and "Stopped. 2 of 9" in result.stdout
    data = tomllib.loads((answers / "demo.toml").read_text())
    assert (data["tanh-centres"], data["more-data"], data["sheet"]["student"]) == ("a", ["b"], "carol")

    typed = iter([])
    resumed = run("quiz", "take", "demo", "--answers", str(answers), "--course", COURSE)  # no --student: the sheet's
    assert resumed.exit_code == 0
    assert "student 'carol'" in resumed.stdout and resumed.stdout.count("already answered") == 2


def test_take_refuses_an_invalid_sheet_with_its_line(tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "demo.toml").write_text('iterate = true\nloss = [1,\n')
    result = run("quiz", "take", "demo", "--answers", str(answers), "--course", COURSE)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"grade: error: {answers / 'demo.toml'}:")
    assert "invalid TOML" in result.stderr and "Traceback" not in result.output


def test_invalid_bank_is_reported_with_file_and_line(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "quizzes").mkdir(parents=True)
    (course / "exercises").mkdir()
    (course / "exercises" / "manifest.toml").write_text("")
    bank = course / "quizzes" / "bad.toml"
    bank.write_text('id = "bad"\ntitle = "Bad"\nweek = 1\nitems = 3\n')
    for command in (("list",), ("sheet", "bad")):
        result = run("quiz", *command, "--course", str(course))
        assert result.exit_code == 2
        assert result.stderr.startswith(f"grade: error: {bank}:4: ")
