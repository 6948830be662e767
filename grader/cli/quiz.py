"""`grade quiz ...`: list the quizzes, print a blank sheet or a key, take a quiz interactively.

Commands only parse options, call `grader.quiz` and print; every bad input
(unknown quiz, invalid bank, unwritable file) ends as one `grade: error:` line
with exit status 2.
"""

from __future__ import annotations

import os

import re
from pathlib import Path

import click

from grader.cli.common import course_option, lang_option, reports_input_errors, resolve_course
from grader.errors import InputError

ANONYMOUS = "anonymous"


def _known_quizzes(quizzes_dir: Path) -> list[str]:
    from grader.quiz.loader import bank_files

    return [p.stem for p in bank_files(quizzes_dir)]


def _bank(course_dir: Path | None, quiz_id: str):
    """The bank named `quiz_id` in the course, or InputError listing the known quizzes."""
    from grader.quiz import load_bank

    course = resolve_course(course_dir)
    path = course.quizzes_dir / f"{quiz_id}.toml"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", quiz_id) or not path.is_file():
        known = ", ".join(_known_quizzes(course.quizzes_dir)) or "none"
        raise InputError(f"unknown quiz {quiz_id!r}; known: {known}")
    return load_bank(path)


def _write(text: str, output: Path | None, force: bool) -> None:
    """Print to stdout, or write FILE (refusing to overwrite one unless --force: it may hold answers)."""
    if output is None:
        click.echo(text, nl=False)
        return
    if os.path.lexists(output) and not force:
        raise InputError("file exists (it may hold answers); pass --force to overwrite it", output)
    from grader.reports.output import write_report

    write_report(output, text)  # a new file renamed over the path: no link planted there is followed
    click.echo(f"wrote {output}", err=True)


student_option = click.option("--student", default=None, metavar="ID",
                              help="Student id: picks the student's variant and choice letters.")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                             metavar="FILE", help="Write to FILE instead of standard output.")
force_option = click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")


@click.group()
def quiz() -> None:
    """List, take, print and key the quizzes."""


@quiz.command("list")
@course_option
@lang_option
@reports_input_errors
def list_quizzes(course_dir: Path | None, lang: str | None) -> None:
    """Quiz ids, one per line: id, title, number of questions."""
    from grader.i18n import resolve
    from grader.quiz import load_banks

    language = resolve(lang)
    for bank in load_banks(resolve_course(course_dir).quizzes_dir):
        count = len(bank.items)
        if language == "zh":
            click.echo(f"{bank.id}\t{bank.title_in('zh')}（{count} 题，{bank.points:g} 分）")
        else:
            click.echo(f"{bank.id}\t{bank.title} ({count} question{'s' if count != 1 else ''}, {bank.points:g} points)")


@quiz.command("sheet")
@click.argument("quiz_id", metavar="QUIZ")
@student_option
@output_option
@force_option
@course_option
@lang_option
@reports_input_errors
def sheet(quiz_id: str, student: str | None, output: Path | None, force: bool, course_dir: Path | None,
          lang: str | None) -> None:
    """Print a blank answer sheet for QUIZ (save it as answers/QUIZ.toml and fill it in)."""
    from grader.i18n import resolve
    from grader.quiz import render_sheet

    _write(render_sheet(_bank(course_dir, quiz_id), student or ANONYMOUS, lang=resolve(lang)), output, force)


@quiz.command("key")
@click.argument("quiz_id", metavar="QUIZ")
@click.option("--student", required=True, metavar="ID", help="Student id whose variant the key is for.")
@output_option
@force_option
@course_option
@lang_option
@reports_input_errors
def key(quiz_id: str, student: str, output: Path | None, force: bool, course_dir: Path | None, lang: str | None) -> None:
    """Print the filled-in key of QUIZ for one student (for instructors)."""
    from grader.i18n import resolve
    from grader.quiz import render_key

    _write(render_key(_bank(course_dir, quiz_id), student, lang=resolve(lang)), output, force)


@quiz.command("take")
@click.argument("quiz_id", metavar="QUIZ")
@student_option
@click.option("--answers", "answers_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("answers"),
              show_default=True, help="Directory of answer sheets; the quiz is saved as QUIZ.toml in it.")
@click.option("--retake", is_flag=True, help="Ask questions already answered on the sheet again.")
@course_option
@lang_option
@reports_input_errors
def take(quiz_id: str, student: str | None, answers_dir: Path, retake: bool, course_dir: Path | None,
         lang: str | None) -> None:
    """Answer QUIZ in the terminal: each answer is checked at once and saved.

    Questions already answered on answers/QUIZ.toml are skipped (use --retake);
    Ctrl-C stops and keeps every answer given so far.
    """
    from grader.i18n import resolve
    from grader.quiz import take_quiz
    from grader.quiz.take import sheet_student

    bank = _bank(course_dir, quiz_id)
    sheet_path = answers_dir / f"{quiz_id}.toml"
    who = student or sheet_student(sheet_path) or ANONYMOUS
    take_quiz(bank, who, sheet_path, input_func=_read_line, retake=retake, lang=resolve(lang), columns=_columns())


def _columns() -> int:
    """The terminal's width (COLUMNS, else the terminal's own, else 80): `take` wraps its lines to it."""
    import shutil

    return max(20, shutil.get_terminal_size((80, 24)).columns)


def _read_line(prompt: str) -> str:
    """One line from the terminal (a function of its own so tests can replace it)."""
    return input(prompt)
