"""Grade import files for an LMS: Canvas and Moodle, from a batch's results.jsonl.

Both get one grade per quiz and per assignment (module): the gradebook's
subtotals (grader/batch/gradebook.py), in the order the reports use, so the LMS
shows the same parts as `grade` does. The course total is not a column: both
LMSs compute their own from the parts.

Layouts followed (what each vendor documents for importing grades from CSV):

* **Canvas** — Canvas Instructor Guide, "How do I import grades in the
  Gradebook?", and the layout of Canvas's own gradebook export, which Canvas
  takes back: a header `Student, ID, SIS User ID, SIS Login ID, Section`, then
  one column per assignment (a name Canvas does not know creates the
  assignment), and a second row `Points Possible` giving each column's maximum.
  Canvas needs one of Student/ID/SIS User ID to find the student (OSU's
  CarmenCanvas guide "Import CSV File for Carmen Grades" summarises the same
  rules). Checked against Canvas's importer (canvas-lms,
  app/models/gradebook_importer.rb): the header must start `Student`, `ID` and
  end its identity columns with `Section`; a row whose first cell holds
  `Points Possible` sets each assignment's points. Our id goes in
  `SIS User ID` by default (`--id-field`).
* **Moodle** — Moodle Docs, "Grade import" (CSV grade import): a header row, an
  identifier column that the import's *Map from* / *Map to* step maps to a user
  field (`Email address` → useremail, `ID number` → useridnumber, or username),
  then one column per grade item, each mapped to an existing or a new grade
  item. Moodle has no points-possible row: give each grade item the maximum this
  module reports (`maxima`), or the import clips at the item's maximum.

Student ids: the batch knows a student by the submission directory's name. A
roster CSV (`student,lms_id[,name][,section]`) maps it to the LMS's id (an SIS
id, a login, an email); without one the batch id is used as it is.

A cell a spreadsheet could run as a formula (a student id, a name or a section
starting with = + - @, a tab or a carriage return) is written with a leading
apostrophe. A submission that could not be graded gets empty grade cells (an
LMS leaves an empty cell alone), not a zero it did not earn: the CLI names them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from grader.batch.gradebook import part_maxima, subtotals
from grader.errors import InputError

CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_ID_FIELDS = {"sis_user_id": "SIS User ID", "sis_login_id": "SIS Login ID", "id": "ID"}
MOODLE_ID_FIELDS = ("idnumber", "email", "username")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Person:
    """How the LMS knows one student of the batch."""

    lms_id: str
    name: str = ""
    section: str = ""


def text_cell(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in FORMULA_START else value


def number(x: float) -> str:
    """Points as plain decimals (never 1e-06), at most six places."""
    text = f"{round(float(x), 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def parts_and_maxima(rows: list[dict]) -> tuple[list[str], dict[str, float]]:
    """Quizzes and assignments in report order (first seen, students in order), with points possible.

    A part that carries no points (an answer sheet for no quiz) is left out.
    """
    maxima = {part: value for part, value in part_maxima(rows, []).items() if value > 0}
    return list(maxima), maxima


def read_roster(path: Path) -> dict[str, Person]:
    """student -> Person from a roster CSV with columns student, lms_id and optionally name, section."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("roster file not found", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the roster: {getattr(exc, 'strerror', None) or exc}", path) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "student" not in header or "lms_id" not in header:
        raise InputError("a roster needs a header with the columns student and lms_id (optionally name, section)", path, 1)
    reader.fieldnames = header
    roster: dict[str, Person] = {}
    for line, entry in enumerate(reader, 2):
        student = (entry.get("student") or "").strip()
        lms_id = (entry.get("lms_id") or "").strip()
        if not student and not lms_id:
            continue
        if not student or not lms_id:
            raise InputError("every roster line needs both a student and an lms_id", path, line)
        if student in roster:
            raise InputError(f"student {student!r} is listed twice", path, line)
        roster[student] = Person(lms_id, (entry.get("name") or "").strip(), (entry.get("section") or "").strip())
    return roster


def people(rows: list[dict], roster: dict[str, Person] | None, roster_path: Path | None = None) -> dict[str, Person]:
    """Each student of the batch as the LMS knows them; InputError naming those the roster lacks."""
    students = sorted(str(r.get("student")) for r in rows)
    if roster is None:
        return {s: Person(s) for s in students}
    missing = [s for s in students if s not in roster]
    if missing:
        shown = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        raise InputError(f"{len(missing)} student(s) of the batch are not in the roster: {shown}; add them (student,lms_id)",
                         roster_path)
    return {s: roster[s] for s in students}


def _grade_cells(row: dict, order: list[str]) -> list[str]:
    if row.get("status", "graded") != "graded":
        return [""] * len(order)
    points = subtotals(row)
    return [number(points.get(part, 0.0)) for part in order]


def _table(rows: list[dict], head: list[list[str]], identity, order: list[str], newline: str) -> str:
    """CSV text: the `head` rows, then one row per student (sorted): identity cells, then grades per part."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerows(head)
    for row in sorted(rows, key=lambda r: str(r.get("student"))):
        writer.writerow([text_cell(cell) for cell in identity(str(row.get("student")))] + _grade_cells(row, order))
    return out.getvalue()


def canvas(rows: list[dict], who: dict[str, Person], *, id_field: str = "sis_user_id") -> str:
    """Canvas's grade import CSV: identity columns, a column per part, a Points Possible row."""
    if id_field not in CANVAS_ID_FIELDS:
        raise ValueError(f"id_field must be one of {', '.join(CANVAS_ID_FIELDS)}")
    order, maxima = parts_and_maxima(rows)
    id_column = CANVAS_IDENTITY.index(CANVAS_ID_FIELDS[id_field])

    def identity(student: str) -> list[str]:
        person = who[student]
        cells = [person.name, "", "", "", person.section]
        cells[id_column] = person.lms_id
        return cells

    head = [[*CANVAS_IDENTITY, *order], ["Points Possible", "", "", "", "", *(number(maxima[p]) for p in order)]]
    return _table(rows, head, identity, order, "\r\n")  # as Canvas's own export


def moodle(rows: list[dict], who: dict[str, Person], *, id_field: str = "idnumber") -> str:
    """Moodle's CSV grade import: an identifier column named `id_field`, then a column per part."""
    if id_field not in MOODLE_ID_FIELDS:
        raise ValueError(f"id_field must be one of {', '.join(MOODLE_ID_FIELDS)}")
    order, _ = parts_and_maxima(rows)
    return _table(rows, [[id_field, *order]], lambda student: [who[student].lms_id], order, "\n")


def ungraded(rows: list[dict]) -> list[str]:
    """Students whose submission could not be graded (empty cells in the export)."""
    return sorted(str(r.get("student")) for r in rows if r.get("status", "graded") != "graded")
