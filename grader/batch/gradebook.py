"""gradebook.csv: one row per student, one column per item in course order, subtotals, then totals.

Columns: student, status, every quiz item (`<quiz>.<question>`, banks in
course order) and every graded function (`<module>.<function>`, manifest
order), then one subtotal per quiz and per assignment (`<quiz> subtotal`,
`<module> subtotal`, same order: the points of that part, which add up to the
score), then score, max_score, percent. A cell is the item's points; empty
when the submission could not be graded at all (status "error"). Rows are
sorted by student, so the file depends only on the journal's content.

`parts`, `subtotals` and `part_maxima` are shared with the LMS exports
(grader/batch/lms.py), which report one grade per quiz and assignment.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

GRADEBOOK = "gradebook.csv"


@dataclass(frozen=True)
class Column:
    id: str
    kind: str  # "quiz" or "exercise"
    max_score: float | None = None  # quiz items know theirs up front; functions from the results
    template: bool = False  # a quiz item whose numbers differ per student


def course_columns(course) -> list[Column]:
    """Every gradable item of the course, in the order reports use."""
    from grader.batch.task import banks_of

    columns = []
    for bank in banks_of(course).values():
        columns += [Column(f"{bank.id}.{it.id}", "quiz", float(it.points), bool(it.is_template)) for it in bank.items]
    for spec in course.manifest.modules:
        columns += [Column(f"{spec.name}.{fn}", "exercise") for fn in spec.functions]
    return columns


SUBTOTAL = " subtotal"  # a subtotal column is "<part> subtotal": a space never occurs in an item id


def part_of(item_id: str) -> str:
    """The quiz or assignment (module) an item belongs to: its id's first part."""
    return item_id.split(".", 1)[0]


def parts(columns: list[Column], rows: list[dict] = ()) -> list[str]:
    """Quizzes and assignments in course order, then, sorted, parts only the journal knows that carry points
    (a module renamed since grading); an answer sheet for no quiz (0 points) adds no column."""
    out = list(dict.fromkeys(part_of(c.id) for c in columns))
    extra = {part_of(str(i.get("id", ""))) for r in rows for i in r.get("items", [])
             if isinstance(i, dict) and float(i.get("max_score") or 0) > 0}
    return out + sorted(extra - set(out))


def part_sums(row: dict, field: str = "score") -> dict[str, float]:
    """`field` ("score" or "max_score") of one row's items summed per part, in the row's order."""
    out: dict[str, float] = {}
    for item in row.get("items", []):
        if isinstance(item, dict) and "id" in item:
            part = part_of(str(item["id"]))
            out[part] = out.get(part, 0.0) + float(item.get(field) or 0)
    return {part: round(value, 6) for part, value in out.items()}


def subtotals(row: dict) -> dict[str, float]:
    """Points per part of one graded row: every item counted once, so they add up to the row's score."""
    return part_sums(row, "score")


def part_maxima(rows: list[dict], columns: list[Column]) -> dict[str, float]:
    """Points possible per part, in the order first seen (students sorted): the course fixes every
    item's maximum, so the first graded row that has the part tells it; a quiz no one's row holds
    is known from its bank."""
    out: dict[str, float] = {}
    for row in sorted(rows, key=lambda r: str(r.get("student"))):
        if row.get("status", "graded") == "graded":
            for part, value in part_sums(row, "max_score").items():
                out.setdefault(part, value)
    for column in columns:
        if column.kind == "quiz" and column.max_score is not None and part_of(column.id) not in out:
            part = part_of(column.id)
            out[part] = round(sum(c.max_score or 0 for c in columns if part_of(c.id) == part), 6)
    return out


def _number(x: float) -> str:
    return f"{round(float(x), 6):g}"


def _text(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render(rows: list[dict], columns: list[Column]) -> str:
    ids = [c.id for c in columns]
    groups = parts(columns, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "status", *ids, *(g + SUBTOTAL for g in groups), "score", "max_score", "percent"])
    graded = [r for r in rows if r.get("status") == "graded"]
    usual_max = max((float(r.get("max_score") or 0) for r in graded), default=0.0)
    for row in sorted(rows, key=lambda r: r["student"]):
        status = str(row.get("status", "graded"))
        scores = {i["id"]: i for i in row.get("items", []) if isinstance(i, dict) and "id" in i}
        cells = [_number(scores[i]["score"]) if i in scores else "" for i in ids]
        if status == "graded":
            score, max_score = float(row.get("score") or 0), float(row.get("max_score") or 0)
            part_points = subtotals(row)
            cells += [_number(part_points.get(g, 0.0)) for g in groups]
        else:
            score, max_score = 0.0, usual_max
            cells += [""] * len(groups)
        percent = 100.0 * score / max_score if max_score else 0.0
        writer.writerow([_text(row["student"]), status, *cells, _number(score), _number(max_score), f"{percent:.2f}"])
    return out.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step (a reader sees the old file or the new one)."""
    from grader.reports.output import replace_file

    replace_file(path, text)
