"""`grade --help` from a kept copy of what click rendered, without importing click.

Why: importing click (and with it inspect, typing, uuid...) was most of what `grade
--help` cost above a bare interpreter start (~35 ms of ~45; issue 15's target is
0.05 s). The text is click's own: the first `grade --help` renders it with click
and keeps it; later ones print the kept copy while its key holds. The key is all the
text depends on: the group's module (its commands and their one-line help), the
installed click, the Python version and the width click formats to (the terminal's
columns, as shutil.get_terminal_size gives them, COLUMNS first). A missing, foreign
or unreadable copy means click renders it again; a directory that cannot be written
means no copy, never an error.

Where: `help-<environment>.txt` (one per Python environment, named by a checksum of
sys.prefix) in `$GRADER_CACHE_DIR`, else `$XDG_CACHE_HOME/nndl-grader`, else
`~/.cache/nndl-grader` (grader/usercache.py).
"""

from __future__ import annotations

import os
import sys

from grader import usercache

FORMAT = 1


def _path() -> str:
    """One kept copy per Python environment: two installs (a venv and the system's, each with
    its own click) would otherwise overwrite each other's copy on every `--help`."""
    import zlib

    return usercache.folder(f"help-{zlib.crc32(sys.prefix.encode('utf-8', 'surrogateescape')):08x}.txt")


def _columns() -> int:
    """The terminal's columns as click's HelpFormatter reads them (shutil.get_terminal_size, fallback 80)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _stamp(path: str | None) -> str:
    if not path:
        return "-"
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def key() -> str:
    """One line naming everything the help text depends on."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("click")
    click_at = spec.origin if spec is not None else None
    group = os.path.join(os.path.dirname(os.path.abspath(__file__)), "group.py")
    return f"grade-help {FORMAT} {sys.version_info[:3]} {_columns()} {_stamp(group)} {_stamp(click_at)}"


def show_kept() -> bool:
    """Print the kept help if its key holds; False when click must render it."""
    try:
        with open(_path(), encoding="utf-8") as f:
            first = f.readline()
            if first != key() + "\n":
                return False
            text = f.read()
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    if not text.endswith("\n"):
        return False  # cut short: render it again
    sys.stdout.write(text)
    sys.stdout.flush()
    return True


def render() -> str:
    """What `grade --help` prints, rendered by click (as its help option does: the help and a newline)."""
    from grader.cli.group import cli

    with cli.make_context("grade", [], resilient_parsing=True) as ctx:
        return ctx.get_help() + "\n"


def show_and_keep() -> None:
    """Render with click, keep a copy for next time (any failure: no copy), then print it as click does."""
    want = key()
    text = render()
    try:
        usercache.put(_path(), want + "\n" + text)
    except (OSError, ValueError):
        pass
    import click

    click.echo(text, nl=False)
