"""Grade one submission: load course → load submission → run → one result.

This is the only place that knows both halves (quizzes and exercises); the CLI
and every report sit on top of the `Report` it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from grader.course import Course
from grader.errors import InputError
from grader.receipt import Receipt, make_receipt
from grader.results import ItemResult, Report


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


def _quiz_results(course: Course, submission: Path, student: str | None, select: Selection, titles: dict[str, str]) -> list[ItemResult]:
    from grader.quiz import grade_quiz, load_banks

    if not any(select.wants_group(p.stem) for p in course.quizzes_dir.glob("*.toml")):
        return []  # --only names no quiz: don't pay for loading the banks
    banks = load_banks(course.quizzes_dir)
    titles.update({b.id: b.title for b in banks})
    known = {b.id for b in banks}
    cache_dir = submission / ".grade"  # checked answers of a release's locked banks (quiz/lock/cache.py)
    results: list[ItemResult] = []
    for bank in banks:
        if not select.wants_group(bank.id):
            continue
        sheet = submission / "answers" / f"{bank.id}.toml"
        results.extend(r for r in grade_quiz(bank, sheet if sheet.is_file() else None, student, cache_dir=cache_dir)
                       if select(r.id))
    answers = submission / "answers"
    if answers.is_dir():
        for extra in sorted(answers.glob("*.toml")):
            if extra.stem not in known and select.wants_group(extra.stem):
                results.append(
                    ItemResult(
                        id=extra.stem,
                        kind="quiz",
                        score=0.0,
                        max_score=0.0,
                        status="error",
                        feedback=f"answers/{extra.name}: there is no quiz '{extra.stem}' (known: {', '.join(sorted(known))}); rename the file",
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
) -> Outcome:
    """Grade everything in `submission` that the course defines.

    Anything missing scores 0 with a message; a broken part never stops the rest.
    `hidden=None` runs the hidden checks whenever the course has them.
    """
    from grader.exercise.runner import grade_exercises

    if not submission.is_dir():
        raise InputError("submission directory not found; pass the path of your work", submission)
    select = Selection(tuple(only))
    run_hidden = course.has_hidden_checks if hidden is None else hidden and course.has_hidden_checks
    modules = [m.name for m in course.manifest.modules if select.wants_group(m.name)]
    student_id = student or "anonymous"

    titles = {m.name: m.title for m in course.manifest.modules}
    items = _quiz_results(course, submission, student, select, titles)
    notes = []
    isolation = None
    if modules:
        items.extend(
            grade_exercises(course, submission, student=student_id, hidden=run_hidden, modules=modules, only=select)
        )
        from grader.exercise.sandbox import isolation as worker_isolation

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
        receipt=make_receipt(course, submission, student_id, run_hidden, isolation=isolation),
    )
