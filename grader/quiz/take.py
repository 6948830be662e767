"""`grade quiz take`: ask a quiz in the terminal, mark each answer at once, save as you go.

Merge rule with an existing sheet: questions already answered on it (a
readable, non-empty answer) are skipped and keep their answers, so a student
can stop and resume; `retake=True` (`--retake`) asks every question again,
pre-existing answers being replaced only when a new one is given. Answers to
unreadable entries are asked again. The sheet is rewritten after every answer,
so Ctrl-C or end of input loses nothing: they save, say so and return.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from grader.errors import InputError
from grader.quiz.answers import HOW_TO, TYPE_NAMES, AnswerFormatError, is_blank, parse_answer, sheet_value
from grader.quiz.model import Bank, Key
from grader.quiz.lock import LockedKey
from grader.quiz.scoring import Mark, mark
from grader.quiz.sheet import read_sheet, render_sheet
from grader.quiz.variants import PreparedItem, TemplateError, prepare


@dataclass
class TakeOutcome:
    """Where a session ended: answers on the sheet, their score, and whether it was cut short."""

    path: Path
    answered: int
    total: int
    score: float
    max_score: float
    interrupted: bool


def sheet_student(sheet_path: Path) -> str | None:
    """The student an existing sheet was made for (None if there is no sheet or it names none)."""
    return read_sheet(sheet_path).student if Path(sheet_path).is_file() else None


def _save(path: Path, text: str) -> None:
    """Write the sheet atomically, so an interrupt never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _readable(prepared: PreparedItem, raw: Any) -> Key | None:
    try:
        return parse_answer(prepared, raw)
    except AnswerFormatError:
        return None


def take_quiz(bank: Bank, student: str, sheet_path: Path, *, input_func: Callable[[str], str] = input,
              echo: Callable[[str], Any] | None = None, retake: bool = False) -> TakeOutcome:
    """Ask each question of `bank` for `student`, saving answers to `sheet_path` after each one."""
    if echo is None:
        import click

        echo = click.echo
    sheet_path = Path(sheet_path)
    existing: dict[str, Any] = {}
    if sheet_path.exists():
        sheet = read_sheet(sheet_path)  # invalid TOML: InputError, and the file is left alone
        if sheet.student and sheet.student != student:
            raise InputError(
                f"this sheet was made for student {sheet.student!r}, not {student!r} (choice letters differ); "
                f"use --student {sheet.student} or move the file away", sheet_path)
        existing = {k: v for k, v in sheet.data.items() if k != "sheet"}
    item_ids = {item.id for item in bank.items}
    answers = {k: v for k, v in existing.items() if k in item_ids}
    extra = {k: v for k, v in existing.items() if k not in item_ids}

    def save() -> None:
        _save(sheet_path, render_sheet(bank, student, answers, extra))

    prepared_items: list[PreparedItem] = []
    for item in bank.items:
        try:
            prepared_items.append(prepare(bank, item, student))
        except TemplateError as exc:
            echo(f"(question {item.id} is broken in this quiz and is left out: {exc})")

    echo(f"{bank.id}: {bank.title}. {len(bank.items)} questions; student {student!r}.")
    echo("Press Enter to skip a question, Ctrl-C to stop; answers are saved to "
         f"{sheet_path} as you go.")
    interrupted = False
    try:
        save()
        for p in prepared_items:
            if not retake and p.id in answers and _readable(p, answers[p.id]) is not None:
                echo(f"\n{p.number}. {p.id}: already answered on the sheet, skipped (--retake asks it again).")
                continue
            answer = _ask(p, len(bank.items), input_func, echo)
            if answer is None:
                echo("Skipped.")
                continue
            answers[p.id] = sheet_value(p, answer)
            save()
            outcome = mark(p, answer)
            if isinstance(p.key, LockedKey):  # a student release: the explanation opens only for a right answer
                _tell_locked(p, outcome, echo)
                continue
            verdict = {"passed": "Right!", "partial": f"Partly right: {outcome.score:g} of {p.item.points:g} points."}
            echo(verdict.get(outcome.status, "Not right."))
            echo("Explanation: " + p.explanation)
    except (KeyboardInterrupt, EOFError):
        interrupted = True
    save()
    score, answered = 0.0, 0
    for p in prepared_items:
        answer = _readable(p, answers.get(p.id, ""))
        if answer is not None:
            answered += 1
            score += mark(p, answer).score
    total_points = bank.points
    if interrupted:
        echo(f"\nStopped. {answered} of {len(bank.items)} questions answered, saved to {sheet_path}; "
             f"run `grade quiz take {bank.id}` again to continue.")
    else:
        echo(f"\nDone: {answered} of {len(bank.items)} questions answered, {score:g} of {total_points:g} points. "
             f"Saved to {sheet_path}.")
    return TakeOutcome(sheet_path, answered, len(bank.items), round(score, 6), total_points, interrupted)


def _tell_locked(p: PreparedItem, outcome: Mark, echo: Callable[[str], Any]) -> None:
    """What a locked item's answer earns: the explanation when right, the concept otherwise."""
    if outcome.status == "missing":
        echo("Saved. " + outcome.feedback[0].upper() + outcome.feedback[1:] + ".")
    elif outcome.status == "passed":
        echo("Right!")
        if outcome.explanation:
            echo("Explanation: " + outcome.explanation)
    else:
        echo(outcome.feedback)


def _ask(p: PreparedItem, count: int, input_func: Callable[[str], str], echo: Callable[[str], Any]) -> Key | None:
    """Show one question and read answers until one is readable (None: skipped)."""
    points = f"{p.item.points:g} point" + ("" if p.item.points == 1 else "s")
    echo(f"\n{p.number}/{count}. [{points}, {TYPE_NAMES[p.item.type]}]")
    echo(p.prompt)
    for letter, choice in p.lettered():
        echo(f"  {letter}) {choice}")
    echo(f"(write {HOW_TO[p.item.type]})")
    while True:
        raw = input_func("> ")
        if is_blank(raw):
            return None
        try:
            answer = parse_answer(p, raw)
        except AnswerFormatError as exc:
            echo(f"Cannot read that: {exc}. Try again, or press Enter to skip.")
            continue
        if answer is not None:
            return answer
        return None
