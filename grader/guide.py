"""What a student should do next, read from a graded report.

Why its own module: the terminal report, `grade check`'s hint nudges and
`grade progress` all need the same answers ("is this function still the stub?",
"which item comes next?"), and a nudge that names a function the student never
touched, or one outside `--only`, teaches them to ignore nudges. Everything here
looks only at the items that were graded in this run.
"""

from __future__ import annotations

import re
from grader.i18n import Lang
from grader.messages import text
from grader.results import ItemResult, Report

# The exercise runner's message for a function whose body is still the course's stub (sandbox/session.py).
_UNWRITTEN = re.compile(r"^\w+\(\) is not written yet\b")
# The quiz scorer's message for a quiz whose sheet does not exist (quiz/scoring.py: missing_sheet).
_NO_SHEET = "no answer sheet:"
ANONYMOUS = "anonymous"


def unwritten(item: ItemResult) -> bool:
    """A graded function whose body is still `raise NotImplementedError`."""
    return item.kind == "exercise" and item.status != "passed" and bool(_UNWRITTEN.match(item.feedback))


def no_sheet(items: list[ItemResult]) -> bool:
    """A quiz whose answer sheet does not exist: every item missing, for that reason."""
    return bool(items) and all(i.kind == "quiz" and i.status == "missing" and i.feedback.startswith(_NO_SHEET) for i in items)


def untouched(item: ItemResult) -> bool:
    """Nothing of the student's was graded here: a missing part or a function still the stub."""
    return item.status == "missing" or unwritten(item)


def whole_group_problem(items: list[ItemResult]) -> bool:
    """One error stops every item of the group (a syntax error, a file that could not be read)."""
    return len(items) > 1 and len({(i.status, i.feedback) for i in items}) == 1 and items[0].status == "error"


def full_marks(item: ItemResult) -> bool:
    return item.status == "passed" or (item.max_score > 0 and item.score >= item.max_score - 1e-9)


def student_flag(report: Report) -> str:
    """` --student ID` when the report is a named student's: the commands suggested must pick their variant."""
    return f" --student {report.student}" if report.student and report.student != ANONYMOUS else ""


def next_step(report: Report, lang: Lang) -> str:
    """The next quiz or function to work on, and the command to run.

    Like rustlings' "next exercise", but a student does not always work in the
    report's order (quizzes first): what they have started and not finished comes
    first (report order), then the first part not started yet.
    """
    flag = student_flag(report)
    groups = report.groups()
    for started in (True, False):
        for group, items in groups:
            if no_sheet(items):
                if not started:
                    return text(lang, "next.take", quiz=group, command=f"grade quiz take {group}{flag}")
                continue
            for item in items:
                if item.max_score <= 0 and item.status != "error" or full_marks(item) or untouched(item) == started:
                    continue
                if item.kind == "quiz":
                    return text(lang, "next.fix_quiz", item=item.id, quiz=group, command=f"grade check --only {group}{flag}")
                if whole_group_problem(items):
                    return text(lang, "next.fix", item=group, command=f"grade check --only {group}{flag}")
                key = "next.write" if unwritten(item) else "next.fix"
                return text(lang, key, item=item.id, command=f"grade check --only {item.id}{flag}")
    return text(lang, "next.done")


def stuck(report: Report, streaks: dict[str, int], *, at_least: int = 2) -> list[str]:
    """Items of this report that failed `at_least` runs in a row and hold the student's own work."""
    return [
        item.id
        for item in report.items
        if not full_marks(item) and not untouched(item) and streaks.get(item.id, 0) >= at_least
    ]

