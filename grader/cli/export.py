"""`grade export RESULTS_DIR --format canvas|moodle`: an LMS grade import CSV from a batch.

The file's layout and the documentation it follows are in grader/batch/lms.py.
Only results.jsonl is read (no course needed): every row holds its items, so the
grades per quiz and assignment, and their maxima, are in it.
"""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli.common import reports_input_errors

ID_FIELDS = {"canvas": ("sis_user_id", "sis_login_id", "id"), "moodle": ("idnumber", "email", "username")}


@click.command()
@click.argument("results_dir", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["canvas", "moodle"]), required=True, help="Which LMS's grade import layout.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Write the CSV to FILE (default: standard output).")
@click.option("--roster", type=click.Path(path_type=Path), default=None, metavar="CSV",
              help="Map batch ids to LMS ids: a CSV with columns student,lms_id (optionally name, section).")
@click.option("--id-field", default=None, metavar="FIELD",
              help="Which LMS field the id fills: canvas sis_user_id (default), sis_login_id or id; "
                   "moodle idnumber (default), email or username.")
@reports_input_errors
def export(results_dir: Path, fmt: str, output: Path | None, roster: Path | None, id_field: str | None) -> None:
    """Write a Canvas- or Moodle-shaped grade import CSV from RESULTS_DIR/results.jsonl (of `grade batch`).

    One column per quiz and per assignment, with the points each student earned
    there; submissions that could not be graded are left empty (and named here).
    """
    from grader.batch import lms
    from grader.batch.journal import JOURNAL, read_rows
    from grader.errors import InputError

    id_field = id_field or ID_FIELDS[fmt][0]
    if id_field not in ID_FIELDS[fmt]:
        raise InputError(f"--id-field for {fmt} is one of {', '.join(ID_FIELDS[fmt])} (got {id_field!r})")
    journal = results_dir / JOURNAL
    if not results_dir.is_dir():
        raise InputError("results directory not found; give the -o directory of `grade batch`", results_dir)
    if not journal.is_file():
        raise InputError("no results.jsonl here; run `grade batch SUBMISSIONS -o RESULTS_DIR` first", results_dir)
    rows, _ = read_rows(journal)
    if not rows:
        raise InputError("results.jsonl holds no rows yet; nothing to export", journal)
    if output is not None:
        from grader.reports.output import check_target

        check_target(output)  # before any work: a link or a directory there is refused
    who = lms.people(rows, lms.read_roster(roster) if roster is not None else None, roster)
    text = lms.canvas(rows, who, id_field=id_field) if fmt == "canvas" else lms.moodle(rows, who, id_field=id_field)
    if output is None:
        click.echo(text, nl=False)
    else:
        from grader.reports.output import write_report

        write_report(output, text)
    order, maxima = lms.parts_and_maxima(rows)
    if fmt == "moodle":
        click.echo("Moodle: map the identifier column to the user field " + repr(id_field) + "; give each grade item "
                   "its maximum: " + ", ".join(f"{p} {lms.number(maxima[p])}" for p in order), err=True)
    missing = lms.ungraded(rows)
    if missing:
        shown = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        click.echo(f"{len(missing)} submission(s) could not be graded; their cells are empty: {shown}", err=True)
    if output is not None:
        click.echo(f"{len(rows)} student(s), {len(order)} grade column(s): {output}", err=True)
