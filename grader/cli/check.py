"""`grade check`: grade a submission and write the reports asked for."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import click

from grader.cli.common import course_option, lang_option, reports_input_errors, resolve_course

from grader.reports import FORMATS

report_path = click.Path(path_type=Path)  # checked by reports/output.py: one line, and no link followed


def report_options(command):
    """`--NAME FILE` for every format in grader.reports.FORMATS (a new format needs no change here)."""
    for fmt in reversed(list(FORMATS)):
        command = click.option(f"--{fmt}", f"{fmt}_path", type=report_path, metavar="FILE", help=FORMATS[fmt])(command)
    return command


def _writable(path: Path) -> None:
    """Fail before grading, not after, when a report could not be written (or only through a link)."""
    from grader.reports.output import check_target

    check_target(path)


def _write(path: Path, text: str) -> None:
    """A new file renamed over `path`: nothing planted there is followed (reports/output.py)."""
    from grader.reports.output import write_report

    write_report(path, text)


def _record_and_nudge(course, path: Path, report, lang: str | None = None) -> list[str]:
    """Keep the run for `grade progress`; point to hints for items failed twice in a row.

    Only items graded in this run (so never outside `--only`) that hold the student's
    own work (never a stub or a missing file) are named.
    """
    from grader import guide, i18n
    from grader.hints import hint_ladder
    from grader.messages import text
    from grader.progress import Progress

    lang = i18n.resolve(lang)
    progress = Progress(path)
    try:
        progress.record(report)
        streaks = {p.item: p.failures_in_a_row for p in progress.items()}
    except Exception as exc:  # a read-only or odd workspace must not cost the grade
        return [text(lang, "progress.not_recorded", error=f"{type(exc).__name__}: {exc}")]
    nudges = []
    for item in guide.stuck(report, streaks)[:3]:
        try:
            if hint_ladder(course, item):
                nudges.append(text(lang, "stuck", item=item))
        except Exception:
            continue
    return nudges


@click.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("."))
@course_option
@click.option("--student", metavar="ID", help="Student id: picks parameterised variants and seeds the hidden checks.")
@report_options
@click.option("--min-score", type=click.FloatRange(0, 100), metavar="PERCENT", help="Exit 1 when the score is below PERCENT.")
@click.option("--record/--no-record", default=None, help="Keep this run in .grade/progress.sqlite (default: yes, except when CI is set).")
@click.option("--only", multiple=True, metavar="ID", help="Grade only these items, modules or quizzes (repeat or comma-separate).")
@click.option("--verbose", "-v", is_flag=True, help="List every item with all its feedback (default: a summary, then what failed and why).")
@lang_option
@reports_input_errors
def check(
    path: Path,
    course_dir: Path | None,
    student: str | None,
    min_score: float | None,
    record: bool | None,
    only: tuple[str, ...],
    verbose: bool,
    lang: str | None,
    **report_paths: Path | None,
) -> None:
    """Grade the submission at PATH (default: the current directory)."""
    from grader.exercise import prestart

    prestart()  # the worker imports NumPy while the grader loads the course and pytest
    from grader.errors import InputError
    from grader.grading import grade_submission
    from grader.reports import Outcome, render

    if not path.exists():
        raise InputError("no such directory; give the path of a submission", path)
    requested = [(fmt, report_paths[f"{fmt}_path"]) for fmt in FORMATS if report_paths.get(f"{fmt}_path") is not None]
    for _, report_file in requested:
        _writable(report_file)
    course = resolve_course(course_dir, path)
    patterns = tuple(p.strip() for chunk in only for p in chunk.split(",") if p.strip())
    from grader import display, i18n

    language = i18n.resolve(lang)
    graded = grade_submission(course, path, student=student, only=patterns, refuse_empty=True, lang=language)
    report = graded.report
    if patterns and not report.items:
        raise InputError(f"--only {' '.join(patterns)} matches no quiz item or function")

    outcome = Outcome.of(graded, gradescope=course.manifest.gradescope)
    for fmt, report_file in requested:
        _write(report_file, render(fmt, outcome))  # imports only the formats asked for
    notes = list(outcome.notes)
    if record if record is not None else not os.environ.get("CI"):
        notes += _record_and_nudge(course, path, report, language)
    shown = dataclasses.replace(outcome, notes=tuple(notes), colour=display.colour_wanted(sys.stdout),
                                columns=display.terminal_columns(), verbose=verbose, lang=language)
    click.echo(render("terminal", shown))
    if min_score is not None and report.percent < min_score - 1e-9:
        click.echo(f"Score {report.percent:.1f}% is below --min-score {min_score:g}%.", err=True)
        sys.exit(1)
