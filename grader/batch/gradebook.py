"""gradebook.csv: one row per student, one column per item in course order, then totals.

Columns: student, status, every quiz item (`<quiz>.<question>`, banks in
course order) and every graded function (`<module>.<function>`, manifest
order), then score, max_score, percent. A cell is the item's points; empty
when the submission could not be graded at all (status "error"). Rows are
sorted by student, so the file depends only on the journal's content.
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


def _number(x: float) -> str:
    return f"{round(float(x), 6):g}"


def _text(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render(rows: list[dict], columns: list[Column]) -> str:
    ids = [c.id for c in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "status", *ids, "score", "max_score", "percent"])
    graded = [r for r in rows if r.get("status") == "graded"]
    usual_max = max((float(r.get("max_score") or 0) for r in graded), default=0.0)
    for row in sorted(rows, key=lambda r: r["student"]):
        status = str(row.get("status", "graded"))
        scores = {i["id"]: i for i in row.get("items", []) if isinstance(i, dict) and "id" in i}
        cells = [_number(scores[i]["score"]) if i in scores else "" for i in ids]
        if status == "graded":
            score, max_score = float(row.get("score") or 0), float(row.get("max_score") or 0)
        else:
            score, max_score = 0.0, usual_max
        percent = 100.0 * score / max_score if max_score else 0.0
        writer.writerow([_text(row["student"]), status, *cells, _number(score), _number(max_score), f"{percent:.2f}"])
    return out.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step (a reader sees the old file or the new one)."""
    from grader.reports.output import replace_file

    replace_file(path, text)
