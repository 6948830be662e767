"""The grader's folder in the user's cache, and how a file is put there.

Why one module: the collected checks (harness/checkcache.py), the markers of validated
course content (records.py) and the kept `--help` text (cli/helptext.py) all live in
the user's cache, never in the course directory, which may be read-only (a Gradescope
image, an installed release) and is shared by every student of a release. Where:
`$GRADER_CACHE_DIR`, else `$XDG_CACHE_HOME/nndl-grader`, else `~/.cache/nndl-grader`.
Only `os` is imported: `grade --help` reads its kept text through this module.
"""

from __future__ import annotations

import os


def folder(*parts: str) -> str:
    """The grader's cache folder, or a path below it (`parts`); nothing is created."""
    base = os.environ.get("GRADER_CACHE_DIR")
    if not base:
        base = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "nndl-grader")
    return os.path.join(base, *parts)


def put(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `path` as a new file renamed over it, so a reader never sees half a file.

    The folder is made if needed. Raises OSError (or ValueError) as writing does: each
    caller decides that a cache it cannot write is no cache.
    """
    path = os.fspath(path)
    directory, name = os.path.split(path)
    os.makedirs(directory, exist_ok=True)
    temporary = os.path.join(directory, f".{name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding=encoding) as f:
        f.write(text)
    os.replace(temporary, path)
