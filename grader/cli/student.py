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
@click.option("--verbose", "-v", is_flag=True, help="List every item with all its feedback.")
@lang_option
@reports_input_errors
def watch(path: Path, course_dir: Path | None, student: str | None, interval: float, max_runs: int | None,
          verbose: bool, lang: str | None) -> None:
    """Re-grade PATH on every save and show what changed (Ctrl-C to stop)."""
    from grader.exercise import prestart

    prestart()  # one BLAS thread, and the worker importing NumPy while the grader loads the course
    from grader import display, i18n
    from grader.grading import grade_submission
    from grader.messages import text
    from grader.progress import Progress
    from grader.reports import Outcome
    from grader.reports import terminal
    from grader.watch import watch as watch_loop

    course = resolve_course(course_dir, path)
    colour = display.colour_wanted(sys.stdout)
    language = i18n.resolve(lang)
    titles: dict[str, str] = {}

    def grade():
        outcome = grade_submission(course, path, student=student, lang=language)
        titles.update(outcome.titles)
        Progress(path).record(outcome.report)
        return outcome.report

    def show(report, changed):
        columns = display.terminal_columns()
        click.echo(terminal.render(Outcome(report, titles=titles, colour=colour, columns=columns, verbose=verbose, lang=language)))
        for line in changed:
            click.echo("\n".join(display.wrap(f"» {line}", columns, "", "  ")))
        click.echo(text(language, "watch.waiting"))

    try:
        watch_loop(path, grade, show, interval=interval, max_runs=max_runs, lang=language)
    except KeyboardInterrupt:
        click.echo("\n" + text(language, "watch.stopped"))


@click.command()
@click.argument("item_id", metavar="ID")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."))
@course_option
@click.option("--list", "list_all", is_flag=True, help="Show again every hint of ID seen so far.")
@click.option("--reset", is_flag=True, help="Start ID's ladder over: the next `grade hint ID` shows the first hint.")
@lang_option
@reports_input_errors
def hint(item_id: str, path: Path, course_dir: Path | None, list_all: bool, reset: bool, lang: str | None) -> None:
    """Show the next hint for ID (a function like deep_nn.L_model_backward or a quiz item like week3.tanh).

    Each call climbs one rung of the ladder; at the top it says so instead of repeating the last hint.
    """
    from grader import display, i18n
    from grader.hints import hint_ladder
    from grader.messages import text
    from grader.progress import Progress

    language = i18n.resolve(lang)
    columns = display.terminal_columns()

    def say(message: str, indent: str = "") -> None:
        click.echo("\n".join(display.wrap(message, columns, indent, indent + ("  " if not indent else ""))))

    ladder = hint_ladder(resolve_course(course_dir, path), item_id, language)
    if not ladder:
        say(text(language, "hint.none", item=item_id))
        return
    progress = Progress(path)
    shown = min(progress.next_hint(item_id), len(ladder))
    if reset:
        progress.hint_shown(item_id, 0)
        say(text(language, "hint.reset", item=item_id, total=len(ladder)))
        return
    if list_all:
        if not shown:
            say(text(language, "hint.none_shown", item=item_id))
        for index in range(shown):
            say(text(language, "hint.show", index=index + 1, total=len(ladder), item=item_id))
            say(ladder[index], indent="  ")
        return
    if shown >= len(ladder):
        say(text(language, "hint.end", item=item_id, total=len(ladder)))
        return
    say(text(language, "hint.show", index=shown + 1, total=len(ladder), item=item_id))
    say(ladder[shown], indent="  ")
    progress.hint_shown(item_id, shown + 1)
    say(text(language, "hint.again" if shown + 1 < len(ladder) else "hint.last", item=item_id))


@click.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."))
@lang_option
def progress(path: Path, lang: str | None) -> None:
    """Show, per quiz and assignment, your best score over all your runs, with a progress bar."""
    from grader import display, i18n
    from grader.messages import text
    from grader.progress import Progress, by_group
    from grader.reports.terminal import fraction

    language = i18n.resolve(lang)
    items = Progress(path).items()
    if not items:
        click.echo(text(language, "progress.none"))
        return
    groups = by_group(items)
    columns = display.terminal_columns()
    rows = [(group, fraction(sum(i.best for i in mine), sum(i.max_score for i in mine)),
             text(language, "progress.row", done=sum(i.done for i in mine), total=len(mine)), mine) for group, mine in groups]
    name_w = min(24, max(display.width(r[0]) for r in rows))
    score_w = max(display.width(r[1]) for r in rows)
    done_w = max(display.width(r[2]) for r in rows)
    bar_w = max(10, min(30, columns - (2 + name_w + 2 + 2 + 2 + score_w + 2 + done_w)))
    for group, score, done, mine in rows:
        best, top = sum(i.best for i in mine), sum(i.max_score for i in mine)
        filled = round(bar_w * best / top) if top > 0 else 0
        bar = "[" + "#" * filled + "-" * (bar_w - filled) + "]"
        line = f"  {display.pad(display.truncate(group, name_w), name_w)}  {bar}  {display.rpad(score, score_w)}  {done}"
        click.echo(display.truncate(line, columns))
    best, top = sum(i.best for i in items), sum(i.max_score for i in items)
    click.echo(text(language, "progress.summary", done=sum(i.done for i in items), total=len(items),
                    score=fraction(best, top)))
