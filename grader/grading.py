"""Grade one submission: load course → load submission → run → one result.

This is the only place that knows both halves (quizzes and exercises); the CLI
and every report sit on top of the `Report` it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.course import Course
from grader.errors import InputError
from grader.receipt import Receipt, make_receipt
from grader.results import ItemResult, Report
from grader.submission import ANSWERS, EXERCISES, Submission, extra_sheets, sheet_for
from grader.submission import load as load_submission


@dataclass
class Selection:
    """`--only ID...`: item ids or prefixes (a module name, a quiz id)."""

    patterns: tuple[str, ...] = ()

    def __call__(self, item_id: str) -> bool:
        if not self.patterns:
            return True
        return any(item_id == p or item_id.startswith(p + ".") for p in self.patterns)

    def wants_group(self, group: str) -> bool:
        if not self.patterns:
            return True
        return any(p == group or p.startswith(group + ".") or group.startswith(p + ".") for p in self.patterns)


@dataclass
class Outcome:
    """A graded submission: the report plus what a reader needs to trust it."""

    report: Report
    hidden_checks: bool
    notes: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    receipt: "Receipt | None" = None
    sheets: dict[str, Any] = field(default_factory=dict)  # quiz id -> the parsed AnswerSheet that was graded


def _quiz_results(course: Course, sub: Submission, student: str | None, select: Selection, titles: dict[str, str],
                  *, strict: bool, sheets: dict[str, Any], lang: str = "en") -> list[ItemResult]:
    """The quiz items: each bank graded from its sheet, or 0 with the sheet's one message.

    `strict`: an invalid TOML sheet raises InputError (`grade check`: the student fixes
    it, exit 2); otherwise (batch) it is that quiz's message. A refused sheet (a link, a
    FIFO, too large) or one too deep or too full is always that quiz's message: the
    rest is graded. Parsed sheets are left in `sheets` for the caller (batch's answers).
    `lang`: the language of the quizzes' titles and feedback (scores never depend on it).
    """
    from grader.quiz import load_banks
    from grader.quiz.scoring import grade_sheet, missing_sheet, unreadable_sheet
    from grader.quiz.sheet import SheetLimitError, parse_sheet

    if not any(select.wants_group(p.stem) for p in course.quizzes_dir.glob("*.toml")):
        return []  # --only names no quiz: don't pay for loading the banks
    banks = load_banks(course.quizzes_dir)
    titles.update({b.id: b.title_in(lang) for b in banks})
    known = {b.id for b in banks}
    cache_dir = Path(sub.root) / ".grade"  # checked answers of a release's locked banks (quiz/lock/cache.py)
    results: list[ItemResult] = []
    for bank in banks:
        if not select.wants_group(bank.id):
            continue
        found = sheet_for(sub, bank.id)
        if found is None:
            graded = missing_sheet(bank, f"{ANSWERS}/{bank.id}.toml", student)
        elif found.refused is not None:
            graded = unreadable_sheet(bank, found.refused)
        else:
            try:
                sheet = sheets[bank.id] = parse_sheet(found.data, found.path)
            except InputError as exc:
                if strict and not isinstance(exc, SheetLimitError):
                    raise
                graded = unreadable_sheet(bank, f"{found.origin}{f':{exc.line}' if exc.line else ''}: {exc.message}")
            else:
                graded = grade_sheet(bank, sheet, student, cache_dir=cache_dir, lang=lang)
        results.extend(r for r in graded if select(r.id))
    for extra in extra_sheets(sub, known):
        if select.wants_group(extra.quiz):
            results.append(
                ItemResult(
                    id=extra.quiz,
                    kind="quiz",
                    score=0.0,
                    max_score=0.0,
                    status="error",
                    feedback=f"{extra.origin}: there is no quiz '{extra.quiz}' (known: {', '.join(sorted(known))}); rename the file",
                )
            )
    return results


def grade_submission(
    course: Course,
    submission: Path,
    *,
    student: str | None = None,
    only: tuple[str, ...] = (),
    hidden: bool | None = None,
    strict_sheets: bool = True,
    refuse_empty: bool = False,
    lang: str = "en",
) -> Outcome:
    """Grade everything in `submission` that the course defines.

    Anything missing scores 0 with a message; a broken part never stops the rest.
    `hidden=None` runs the hidden checks whenever the course has them.
    `strict_sheets=False` (batch) makes an invalid TOML sheet that quiz's message
    instead of an InputError. `refuse_empty` (`grade check`): a directory with no exercise
    module, notebook or answer sheet at all is an InputError, not a report of zeros.
    `lang` ("en" or "zh", grader.i18n): the quizzes' titles and feedback in the student's
    language; batch and CI keep the default, English.
    """
    from grader.harness.runner import grade_exercises

    if not submission.is_dir():
        raise InputError("submission directory not found; pass the path of your work", submission)
    try:
        sub = load_submission(course, submission)
    except OSError as exc:
        raise InputError(f"cannot read the submission directory: {exc.strerror}", submission) from None
    if refuse_empty and sub.empty:
        raise InputError(f"nothing to grade: no exercise module ({EXERCISES}/<module>.py or a notebook) and no answer sheet "
                         f"({ANSWERS}/<quiz>.toml); run `grade` in your course workspace or pass its path", submission)
    select = Selection(tuple(only))
    run_hidden = course.has_hidden_checks if hidden is None else hidden and course.has_hidden_checks
    modules = [m.name for m in course.manifest.modules if select.wants_group(m.name)]
    student_id = student or "anonymous"

    titles = {m.name: (m.title_zh if lang == "zh" and m.title_zh else m.title) for m in course.manifest.modules}
    sheets: dict[str, Any] = {}
    items = _quiz_results(course, sub, student, select, titles, strict=strict_sheets, sheets=sheets, lang=lang)
    notes = sub.notes()
    isolation = None
    if modules:
        items.extend(
            grade_exercises(course, sub, student=student_id, hidden=run_hidden, modules=modules, only=select)
        )
        from grader.sandbox.processes import isolation as worker_isolation

        iso = worker_isolation()
        isolation = iso.for_course(course.root)
        if not iso.fully_for(course.root):  # one line, only when student code could see or reach more than it should
            notes.append(isolation)
    if run_hidden and modules:
        notes.append("public and hidden checks ran: this is the grade that counts")
    if not run_hidden:
        hidden_counts = [n for m in course.manifest.modules if m.name in modules and (n := m.hidden_checks)]
        count = f"{sum(hidden_counts)} hidden checks" if hidden_counts else "hidden checks"
        notes.append(f"public checks only; {count} run when your submission is graded")
    return Outcome(
        report=Report.from_items(student_id, items),
        hidden_checks=run_hidden,
        notes=notes,
        titles=titles,
        receipt=make_receipt(course, sub, student_id, run_hidden, isolation=isolation),
        sheets=sheets,
    )
