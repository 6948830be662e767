"""The student loop: `grade watch`, `grade hint`, `grade progress`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import course_option, lang_option, reports_input_errors, resolve_course


@click.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."))
@course_option
@click.option("--student", metavar="ID", help="Student id (variants and seeds).")
@click.option("--interval", type=click.FloatRange(0.05, 60), default=0.5, show_default=True, help="Seconds between looks for saved files.")
@click.option("--max-runs", type=click.IntRange(1), default=None, hidden=True)
@reports_input_errors
def watch(path: Path, course_dir: Path | None, student: str | None, interval: float, max_runs: int | None) -> None:
    """Re-grade PATH on every save and show what changed (Ctrl-C to stop)."""
    from grader.grading import grade_submission
    from grader.progress import Progress
    from grader.reports import terminal
    from grader.watch import watch as watch_loop

    course = resolve_course(course_dir, path)
    colour = sys.stdout.isatty()
    titles: dict[str, str] = {}

    def grade():
        outcome = grade_submission(course, path, student=student)
        titles.update(outcome.titles)
        Progress(path).record(outcome.report)
        return outcome.report

    def show(report, changed):
        click.echo(terminal.render(report, titles=titles, colour=colour))
        for line in changed:
            click.echo(f"» {line}")
        click.echo("Watching for saves… (Ctrl-C to stop)")

    try:
        watch_loop(path, grade, show, interval=interval, max_runs=max_runs)
    except KeyboardInterrupt:
        click.echo("\nStopped watching.")


@click.command()
@click.argument("item_id", metavar="ID")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."))
@course_option
@lang_option
@reports_input_errors
def hint(item_id: str, path: Path, course_dir: Path | None, lang: str | None = None) -> None:
    """Show the next hint for ID (a function like deep_nn.L_model_backward or a quiz item like week3.tanh)."""
    from grader.hints import hint_ladder
    from grader.progress import Progress

    from grader.i18n import resolve

    ladder = hint_ladder(resolve_course(course_dir, path), item_id, resolve(lang))
    if not ladder:
        click.echo(f"No hints for {item_id}; its feedback in `grade` is the best guide.")
        return
    progress = Progress(path)
    shown = progress.next_hint(item_id)
    index = min(shown, len(ladder) - 1)
    click.echo(f"Hint {index + 1} of {len(ladder)} for {item_id}: {ladder[index]}")
    if index + 1 < len(ladder):
        progress.hint_shown(item_id, index + 1)
        click.echo(f"Run `grade hint {item_id}` again for the next one.")
    else:
        click.echo("That was the last hint.")


@click.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."))
def progress(path: Path) -> None:
    """Show what is done and the best score per item over all your runs."""
    from grader.progress import Progress

    items = Progress(path).items()
    if not items:
        click.echo("No runs recorded yet: run `grade` first.")
        return
    done = sum(i.done for i in items)
    width = max(len(i.item) for i in items)
    for i in sorted(items, key=lambda i: i.item):
        mark = "✓" if i.done else " "
        click.echo(f"{mark} {i.item:<{width}}  best {i.best:g}/{i.max_score:g}  last {i.last_status:<8} runs {i.attempts}")
    click.echo(f"{done} of {len(items)} items done.")
