"""Each student's own reports from a batch's journal, for publishing a class's grades.

    python -m grader.batch.students RESULTS_DIR OUT_DIR

writes, for every student of RESULTS_DIR/results.jsonl (the last row of each):

    OUT_DIR/<student>/grade.json    the JSON report (schema 1, with its receipt), as `grade check --json`
    OUT_DIR/<student>/summary.md    the Markdown summary, as `grade check --markdown`
    OUT_DIR/class-summary.md        one line per student: score, percent, or why it was not graded

The instructor's CI workflow (examples/github/instructor/grade-class.yml) publishes
them; a row's student id is its submission directory's name, so it is a plain name.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from grader.errors import InputError

SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]*$")


def latest_rows(results_dir: Path) -> dict[str, dict]:
    from grader.batch.journal import JOURNAL, read_rows

    rows, _ = read_rows(Path(results_dir) / JOURNAL)
    latest: dict[str, dict] = {}
    for row in rows:
        latest[str(row.get("student"))] = row
    return dict(sorted(latest.items()))


def write_student_reports(results_dir: Path, out_dir: Path) -> list[str]:
    """Write every student's reports and the class summary; the students written, in order."""
    from grader.receipt import Receipt
    from grader.reports import Outcome, markdown
    from grader.reports import json as json_report
    from grader.results import Report

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = ["## Class grades", "", "| Student | Score | % | |", "| --- | ---: | ---: | --- |"]
    written: list[str] = []
    for student, row in latest_rows(results_dir).items():
        if not SAFE.match(student) or student in (".", ".."):
            raise InputError(f"student id {student!r} is not a plain name; cannot make a directory of it", Path(results_dir))
        target = out_dir / student
        target.mkdir(exist_ok=True)
        if row.get("status") != "graded":
            message = str(row.get("error", "not graded"))
            (target / "summary.md").write_text(f"## Not graded\n\nStudent: `{student}`\n\n{message}\n", encoding="utf-8")
            lines.append(f"| `{student}` | — | — | not graded: {markdown._cell(message)} |")
            written.append(student)
            continue
        report = Report.model_validate({"schema": 1, "student": student, "score": row["score"],
                                        "max_score": row["max_score"], "items": row["items"]})
        receipt = Receipt.model_validate(row["receipt"]) if row.get("receipt") else None
        outcome = Outcome(report, receipt)
        (target / "grade.json").write_text(json_report.render(outcome), encoding="utf-8")
        (target / "summary.md").write_text(markdown.render(outcome), encoding="utf-8")
        lines.append(f"| `{student}` | {report.score:g} / {report.max_score:g} | {report.percent:.1f} | |")
        written.append(student)
    (out_dir / "class-summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        written = write_student_reports(Path(argv[0]), Path(argv[1]))
    except InputError as exc:
        print(f"grade: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"students": len(written), "out": argv[1]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
