"""`grade gradescope-bundle COURSE -o autograder.zip`: the autograder Gradescope runs."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli.common import reports_input_errors

WHEN = click.Choice(["hidden", "after_due_date", "after_published", "visible"])


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        key, sep, when = value.partition("=")
        if not sep or not key.strip() or when.strip() not in WHEN.choices:
            raise click.BadParameter(f"{value!r}: give ID=WHEN, WHEN one of {', '.join(WHEN.choices)}", param_hint="--visibility")
        out[key.strip()] = when.strip()
    return out


@click.command("gradescope-bundle")
@click.argument("course_dir", metavar="COURSE", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The zip to write (upload it as the assignment's autograder).")
@click.option("--hidden-visibility", type=WHEN, default=None,
              help="When students see graded functions (hidden checks): default the manifest's [gradescope] "
                   "hidden_checks, else after_published.")
@click.option("--public-visibility", type=WHEN, default=None,
              help="When students see quiz items (and functions without hidden checks): default visible.")
@click.option("--visibility", "items", multiple=True, metavar="ID=WHEN",
              help="For one function, module, quiz or quiz item (repeat): e.g. deep_nn=after_due_date.")
@click.option("--student-field", type=click.Choice(["email", "id", "name"]), default="email", show_default=True,
              help="Which field of Gradescope's submission metadata is the student id (the id students use with `--student`).")
@reports_input_errors
def gradescope_bundle(course_dir: Path, out: Path, hidden_visibility: str | None, public_visibility: str | None,
                      items: tuple[str, ...], student_field: str) -> None:
    """Build Gradescope's autograder zip for COURSE (the instructor's course: solutions and hidden checks included).

    The zip holds setup.sh, run_autograder and the whole course: keep it on
    Gradescope and never give it to students.
    """
    from grader.course import load_course
    from grader.release.gradescope import build_bundle

    course = load_course(course_dir)
    summary = build_bundle(course, out, hidden_checks=hidden_visibility, public=public_visibility,
                           items=_pairs(items), student_field=student_field)
    s = summary.settings
    click.echo(f"Gradescope autograder written to {summary.out}: {len(summary.files)} files (setup.sh, run_autograder, course/).")
    click.echo(f"  graded functions (hidden checks): {s.hidden_checks}; quiz items: {s.public}"
               + "".join(f"; {k}: {v}" for k, v in sorted(s.items.items())))
    click.echo(f"  student id: the submitter's {student_field} in Gradescope's submission metadata")
    click.echo("  It holds the solutions and hidden checks: upload it to Gradescope, never share it.")
