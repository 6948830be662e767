"""Cheap change detection for what a process keeps loaded between submissions.

A batch or `grade watch` keeps the course (manifest, quiz banks, collected checks,
file digests) in memory across submissions; each is read again when the stamp of
the files it came from changes. A stamp is the files' stat (time, size, inode),
not their contents: a stat per file per submission costs microseconds.
"""

from __future__ import annotations

import os
from pathlib import Path


def stamp(path: Path | str) -> tuple:
    """(mtime_ns, size, inode) of `path`; None fields if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return (None, None, None)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def stamps(paths) -> tuple:
    """One stamp for several files, in order (a file added, removed or changed changes it)."""
    return tuple((str(p), *stamp(p)) for p in paths)
