"""What every subcommand shares: finding the course and failing cleanly."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Callable, TypeVar

import click

from grader.errors import InputError

F = TypeVar("F", bound=Callable)

course_option = click.option(
    "--course",
    "course_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Course directory (default: the nearest one at or above PATH, else the current directory's).",
)


def fail(message: str, code: int = 2) -> None:
    """One clear line on stderr, then the contract's exit status."""
    click.echo(f"grade: error: {message}", err=True)
    sys.exit(code)


def reports_input_errors(func: F) -> F:
    """Turn InputError (bad path, bad TOML, ...) into one line and exit 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


def resolve_course(course_dir: Path | None, start: Path | None = None):
    """The Course to use: --course if given, else the nearest course at or above start/cwd."""
    from grader.course import find_course, load_course

    if course_dir is not None:
        return load_course(course_dir)
    for base in [start, Path.cwd()]:
        if base is not None and base.exists():
            found = find_course(base)
            if found is not None:
                return load_course(found)
    raise InputError("no course found (no exercises/manifest.toml with quizzes/ at or above this directory); pass --course DIR")


lang_option = click.option(
    "--lang",
    type=click.Choice(["en", "zh"], case_sensitive=False),
    default=None,
    help="Language of prompts, feedback and hints: en or zh (default: from the locale, LANG/LC_ALL).",
)
