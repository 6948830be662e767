"""Write a report file without following anything planted at its path.

A CI job often writes its reports into the student's checkout (`--json grade.json`),
and the grader may run as root. A symbolic link committed at that path
(`grade.json -> /etc/passwd`) would have the report written through it. So a report
is written to a new temporary file in the same directory (O_EXCL: never an existing
name) and renamed over the path, which replaces a directory entry and follows
nothing; a path that is a link, or anything but a regular file, is refused with one
line (exit 2) before grading starts and again just before the rename.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from grader.errors import InputError


def refusal(path: Path) -> str | None:
    """Why a report may not be written at `path` (None: it may)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot write report: {exc.strerror}"
    if stat.S_ISLNK(st.st_mode):
        return "is a symbolic link; refusing to write a report through it (remove it or choose another path)"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory; choose a file path for the report"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file; refusing to write a report there (choose another path)"
    return None


def check_target(path: Path) -> None:
    """InputError (one line, exit 2) if a report could not be written at `path`.

    Its directory must exist: a mistyped `--json reprots/grade.json` would otherwise
    make a directory nobody looks in, and the report would seem lost.
    """
    reason = refusal(path)
    if reason:
        raise InputError(reason, path)
    parent = path.parent
    if not parent.is_dir():
        what = "is not a directory" if parent.exists() else "does not exist"
        raise InputError(f"cannot write report: its directory {parent} {what}; create it first or choose another path", path)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise InputError("cannot write report here (its directory is not writable); choose another path", path)


def write_report(path: Path, text: str) -> None:
    """Replace `path` with `text`: a new file beside it, renamed over it. InputError if refused."""
    check_target(path)

    def still_ours() -> None:
        reason = refusal(path)  # planted since the check? never through it
        if reason:
            raise InputError(reason, path)

    try:
        replace_file(path, text, before_rename=still_ours)
    except OSError as exc:
        raise InputError(f"cannot write report: {exc.strerror}", path) from None


def replace_file(path: Path, text: str, *, before_rename=None) -> None:
    """Replace `path` with `text` in one step (a reader sees the old file or the new one).

    The text goes to a new, uniquely named file beside it (O_EXCL: a link planted at a
    fixed temporary name is never written through), which is renamed over `path`: a
    rename replaces a link planted at `path` instead of following it.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file (mkstemp makes it 0600)
        if before_rename is not None:
            before_rename()
        os.replace(tmp, path)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
