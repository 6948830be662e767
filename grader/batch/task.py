"""Grade one submission of a batch into one journal row (JSON text).

This is what a grading process (local pool or Dask worker) runs per task. It
calls `grade_submission` exactly as `grade check` does (student id = the
submission directory's name, hidden checks whenever the course has them), and
adds what a batch needs on top:

* a row is always produced: if grading raises, the row has status "error" and
  the message, so one broken submission never stops the batch;
* an answer sheet that is not valid TOML costs that quiz only: its items are
  graded as "error" with the file and line, everything else is graded as usual
  (`grade check` stops at such a sheet, since a student can fix it; a batch
  cannot wait); a link, FIFO or oversized file where a module or sheet belongs
  costs that part only, as in `grade check` (submission.py);
* the student's wrong quiz answers, resolved through the student's own variant
  (choice letters differ per student, so "b" is turned into the choice's text),
  for the item analysis. They are taken from the sheets as graded, at grading time,
  so the journal alone is enough to rebuild every report later, and they
  live next to the contract's items, which keep their schema.

Only plain JSON crosses back to the coordinator; no object of ours is pickled.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from pathlib import Path
from typing import Any

ROW_SCHEMA = 1
WRONG = ("failed", "partial", "error")
MAX_ANSWER = 200  # characters of one recorded answer

_courses: dict[str, Any] = {}  # course root -> (manifest stamp, Course); one load per process


def dumps(row: dict) -> str:
    """One journal line: compact, ASCII only (no character a line reader could split on)."""
    return json.dumps(row, ensure_ascii=True, allow_nan=False, separators=(",", ":"))


def error_row(student: str, message: str) -> dict:
    """The row of a submission that could not be graded at all."""
    return {"schema": ROW_SCHEMA, "student": student, "status": "error", "error": message,
            "score": 0.0, "max_score": 0.0, "items": [], "receipt": None, "wrong_answers": {}}


def course_at(root: str | Path):
    """The course at `root`, loaded once per process (again if its manifest changed)."""
    from grader.course import MANIFEST, load_course
    from grader.stamps import stamps

    key = str(root)
    stamp = stamps([Path(root) / MANIFEST])
    cached = _courses.get(key)
    if cached is None or cached[0] != stamp:
        cached = (stamp, load_course(Path(root)))
        _courses[key] = cached
    return cached[1]


def banks_of(course) -> dict:
    """{bank id: Bank} of the course, in course order (parsed once per process by load_banks)."""
    from grader.quiz import load_banks

    return {b.id: b for b in load_banks(course.quizzes_dir)}


def grade_row(course, submission: Path, student: str) -> dict:
    """Grade `submission` as `student`; the journal row (raises only on a grader failure).

    What the submission holds is read by submission.py: a link, FIFO or oversized file
    where a module or sheet belongs costs that part only, with its message.
    """
    from grader.grading import grade_submission
    from grader.results import Report

    if Path(submission).is_symlink():
        # The submissions directory names each student's work; a link there could name the course itself.
        return error_row(student, f"{Path(submission).name} is a symbolic link (not followed); "
                                  "a submission is a directory of plain files")
    banks = banks_of(course)
    outcome = grade_submission(course, submission, student=student, strict_sheets=False)
    items = list(outcome.report.items)
    report = Report.from_items(student, items)
    receipt = outcome.receipt.model_dump() if outcome.receipt is not None else None
    row = report.model_dump(by_alias=True)
    row = {"schema": ROW_SCHEMA, "student": student, "status": "graded", "score": row["score"],
           "max_score": row["max_score"], "items": row["items"], "receipt": receipt,
           "wrong_answers": wrong_answers(banks, outcome.sheets, student, items)}
    return row


def wrong_answers(banks: dict, sheets: dict, student: str, items: list) -> dict[str, str]:
    """{quiz item id: the answer as meant} for each quiz item answered wrongly (not templates)."""
    out: dict[str, str] = {}
    for result in items:
        if result.kind != "quiz" or result.status not in WRONG or "." not in result.id:
            continue
        quiz_id, item_id = result.id.split(".", 1)
        bank, sheet = banks.get(quiz_id), sheets.get(quiz_id)
        if bank is None or sheet is None:
            continue
        item = next((it for it in bank.items if it.id == item_id), None)
        if item is None or item.is_template or item_id not in sheet.data:
            continue  # a template's answers differ per student: not comparable across a class
        text = describe_answer(bank, item, student, sheet.data[item_id])
        if text is not None:
            out[result.id] = text
    return out


def describe_answer(bank, item, student: str, raw: Any) -> str | None:
    """A student's answer in terms every student shares (choice texts, not letters); None if blank."""
    from grader.quiz.answers import AnswerFormatError, is_blank, parse_answer
    from grader.quiz.sheet import toml_value
    from grader.quiz.text import format_number, format_shape, squash
    from grader.quiz.variants import TemplateError
    from grader.quiz.views import prepare

    if is_blank(raw):
        return None
    try:
        prepared = prepare(bank, item, student)
        answer = parse_answer(prepared, raw)
    except AnswerFormatError:
        try:
            shown = toml_value(raw)
        except TypeError:
            shown = repr(raw)
        return _cap(f"unreadable: {shown}")
    except TemplateError:
        return None
    if answer is None:
        return None
    kind = item.type
    if kind == "multiple":
        text = " + ".join(sorted(answer)) if answer else ""
    elif kind == "truefalse":
        text = "true" if answer else "false"
    elif kind == "number":
        text = format_number(answer)
    elif kind == "shape":
        text = format_shape(answer)
    elif kind == "text":
        text = squash(str(answer))
    else:
        text = str(answer)
    return _cap(text)


def _cap(text: str) -> str:
    return text if len(text) <= MAX_ANSWER else text[: MAX_ANSWER - 3] + "..."


def grade_json(course_root: str, submission: str, student: str) -> tuple[str, float]:
    """The task function: (journal row as JSON text, seconds). Never raises for a submission."""
    start = time.perf_counter()
    try:
        course = course_at(course_root)
        row = grade_row(course, Path(submission), student)
        text = dumps(row)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - one submission's failure is that row's status
        where = ""
        frames = traceback.extract_tb(exc.__traceback__)
        if frames:
            last = frames[-1]
            where = f" (at {os.path.basename(last.filename)}:{last.lineno})"
        text = dumps(error_row(student, f"grading failed: {type(exc).__name__}: {exc}{where}"))
    return text, time.perf_counter() - start


def warm_up(course_root: str) -> None:
    """Import what grading needs and start the worker process, once per grading process."""
    from grader.exercise import prestart

    prestart()  # (first: it keeps NumPy's BLAS to one thread, which must be asked before NumPy's import)
    import numpy  # noqa: F401
    import pytest  # noqa: F401

    from grader.harness import plugin, runner  # noqa: F401
    from grader.grading import grade_submission  # noqa: F401

    course = course_at(course_root)
    banks_of(course)
