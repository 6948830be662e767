"""`grade validate`: tell an instructor everything that is wrong with a course."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import reports_input_errors


@click.command()
@click.argument("course", type=click.Path(path_type=Path), default=Path("."))
@click.option("--no-run", is_flag=True, help="Skip running the reference solutions through the checks.")
@click.option("--no-mistakes", is_flag=True,
              help="Skip proving the mistake catalogue (solutions/mistakes/): one grading per listed mistake.")
@reports_input_errors
def validate(course: Path, no_run: bool, no_mistakes: bool) -> None:
    """Validate the course at COURSE: quiz banks, manifest, checks, and that the references pass.

    Exit status 2 when anything is wrong; every problem is listed with file and line.
    """
    from grader.validate import slow_checks_note, validate_course

    notes: list[str] = []
    problems = validate_course(course, run_reference=not no_run, prove_mistakes=not no_mistakes, notes=notes)
    for note in notes:
        click.echo(note)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(2)
    click.echo("Course is valid.")
    note = slow_checks_note(course)
    if note:
        click.echo(note)
