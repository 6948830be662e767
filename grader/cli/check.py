"""`grade check`: grade a submission and write the reports asked for."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from grader.cli.common import course_option, lang_option, reports_input_errors, resolve_course

report_path = click.Path(path_type=Path)  # checked by reports/output.py: one line, and no link followed


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
@click.option("--json", "json_path", type=report_path, help="Write the JSON report (schema 1) to FILE.")
@click.option("--junit", "junit_path", type=report_path, help="Write JUnit XML to FILE.")
@click.option("--gradescope", "gradescope_path", type=report_path, help="Write Gradescope results.json to FILE.")
@click.option("--markdown", "markdown_path", type=report_path, help="Write a Markdown summary to FILE.")
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
    json_path: Path | None,
    junit_path: Path | None,
    gradescope_path: Path | None,
    markdown_path: Path | None,
    min_score: float | None,
    record: bool | None,
    only: tuple[str, ...],
    verbose: bool,
    lang: str | None,
) -> None:
    """Grade the submission at PATH (default: the current directory)."""
    from grader.exercise import prestart

    prestart()  # the worker imports NumPy while the grader loads the course and pytest
    from grader.errors import InputError
    from grader.grading import grade_submission
    from grader.reports import terminal

    if not path.exists():
        raise InputError("no such directory; give the path of a submission", path)
    formats = {"json": json_path, "junit": junit_path, "gradescope": gradescope_path, "markdown": markdown_path}
    requested = [(fmt, report_file) for fmt, report_file in formats.items() if report_file is not None]
    for _, report_file in requested:
        _writable(report_file)
    course = resolve_course(course_dir, path)
    patterns = tuple(p.strip() for chunk in only for p in chunk.split(",") if p.strip())
    outcome = grade_submission(course, path, student=student, only=patterns, refuse_empty=True)
    report = outcome.report
    if patterns and not report.items:
        raise InputError(f"--only {' '.join(patterns)} matches no quiz item or function")

    extra = {"markdown": {"titles": outcome.titles, "notes": outcome.notes},
             "gradescope": {"settings": course.manifest.gradescope, "hidden_checks": outcome.hidden_checks}}
    for fmt, report_file in requested:
        renderer = importlib.import_module(f"grader.reports.{fmt}")  # only the formats asked for
        _write(report_file, renderer.render(report, outcome.receipt, **extra.get(fmt, {})))
    from grader import display, i18n

    language = i18n.resolve(lang)
    notes = list(outcome.notes)
    if record if record is not None else not os.environ.get("CI"):
        notes += _record_and_nudge(course, path, report, language)
    click.echo(terminal.render(report, titles=outcome.titles, notes=notes, colour=display.colour_wanted(sys.stdout),
                               columns=display.terminal_columns(), verbose=verbose, lang=language))
    if min_score is not None and report.percent < min_score - 1e-9:
        click.echo(f"Score {report.percent:.1f}% is below --min-score {min_score:g}%.", err=True)
        sys.exit(1)
