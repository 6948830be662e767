"""`grade report`: the class report of a batch, as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli.common import reports_input_errors


@click.command()
@click.argument("results_dir", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The HTML file to write (default: RESULTS_DIR/report.html).")
@click.option("--min-score", type=click.FloatRange(0, 100), metavar="PERCENT",
              help="Draw this pass mark on the total's histogram and count the submissions below it.")
@reports_input_errors
def report(results_dir: Path, output: Path | None, min_score: float | None) -> None:
    """Write the class report of RESULTS_DIR (what `grade batch -o RESULTS_DIR` wrote).

    One HTML file that opens from disk with no network: score distributions per quiz,
    assignment and in total; each graded function's outcomes; item analysis with the
    items most likely misleading first; the mistakes made most; a searchable, sortable
    table of students, each opening that student's report.
    """
    from grader.classreport import write_class_report

    written = write_class_report(results_dir, output, min_score=min_score)
    click.echo(f"class report: {written}")
