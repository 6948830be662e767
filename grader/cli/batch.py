"""`grade batch`: grade a directory of submissions in parallel, resumably."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from grader.cli.common import course_option, fail, reports_input_errors, resolve_course


@click.command()
@click.argument("submissions_dir", type=click.Path(path_type=Path))
@click.option("-o", "--output", "results_dir", required=True, type=click.Path(path_type=Path),
              help="Results directory: results.jsonl (the journal), gradebook.csv, analysis.json, analysis.md, junit.xml.")
@course_option
@click.option("-j", "--jobs", type=click.IntRange(1, 1024), default=None, metavar="N",
              help="Grading processes (default: the number of CPUs).")
@click.option("--regrade", is_flag=True, help="Grade everything again (starts a fresh journal; the old one is kept as results.previous.jsonl).")
@click.option("--dask-scheduler", "scheduler", metavar="ADDRESS",
              help="Grade on a Dask cluster (e.g. tcp://host:8786); the course and submissions must be at the same paths there.")
@click.option("--dask-timeout", "scheduler_timeout", type=click.FloatRange(0.1, 3600), default=10.0, show_default=True,
              metavar="SECONDS", help="How long to try to reach the Dask scheduler.")
@click.option("--min-score", type=click.FloatRange(0, 100), metavar="PERCENT",
              help="Exit 1 when a submission scored below PERCENT (or could not be graded).")
@reports_input_errors
def batch(submissions_dir: Path, results_dir: Path, course_dir: Path | None, jobs: int | None, regrade: bool,
          scheduler: str | None, scheduler_timeout: float, min_score: float | None) -> None:
    """Grade every submission in SUBMISSIONS_DIR (one subdirectory per student, named by student id).

    Rows are appended to RESULTS_DIR/results.jsonl as submissions finish; run the
    same command again after an interruption to grade only what is missing.
    """
    from grader.batch.coordinator import run_batch
    from grader.batch.monitor import Monitor

    course = resolve_course(course_dir, submissions_dir)
    progress = Monitor()  # progress line, slow or ungraded submissions as they finish (grader/batch/monitor.py)
    try:
        result = run_batch(course, submissions_dir, results_dir, jobs=jobs or os.cpu_count() or 1, regrade=regrade,
                           scheduler=scheduler, scheduler_timeout=scheduler_timeout, on_plan=progress.plan, on_row=progress.row)
    except KeyboardInterrupt:
        progress.close()
        click.echo(f"interrupted after {progress.done} of {progress.todo}; finished rows are kept in {results_dir / 'results.jsonl'}: "
                   "run the same command again to grade the rest", err=True)
        sys.exit(130)
    except OSError as exc:
        progress.close()
        fail(f"{getattr(exc, 'filename', None) or results_dir}: {exc.strerror or exc}")
    except RuntimeError as exc:  # the grading processes could not start
        progress.close()
        fail(str(exc))
    progress.close()

    rate = f", {result.graded / result.seconds:.1f} submissions/s" if result.graded and result.seconds > 0 else ""
    click.echo(f"graded {result.graded} submission(s) in {result.seconds:.1f} s{rate}"
               + (f"; {result.already} already in the journal" if result.already else "")
               + (f"; {result.errors} could not be graded (delete their lines from results.jsonl, or use --regrade, to try again)"
                  if result.errors else ""))
    for line in progress.summary():
        click.echo(line)
    click.echo(f"results: {results_dir / 'results.jsonl'}, gradebook.csv, analysis.md, analysis.json, junit.xml in {results_dir}")
    from grader.classreport import REPORT, write_class_report

    click.echo(f"class report: {write_class_report(results_dir, results_dir / REPORT, min_score=min_score)}")
    if min_score is not None:
        below = []
        for row in result.rows.values():
            max_score = float(row.get("max_score") or 0)
            percent = 100.0 * float(row.get("score") or 0) / max_score if max_score else 0.0
            if row.get("status") != "graded" or percent < min_score - 1e-9:
                below.append(row["student"])
        if below:
            shown = ", ".join(sorted(below)[:10]) + (" ..." if len(below) > 10 else "")
            click.echo(f"{len(below)} submission(s) below --min-score {min_score:g}%: {shown}", err=True)
            sys.exit(1)
