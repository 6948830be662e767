"""Cheap change detection for what a process keeps loaded between submissions.

A batch or `grade watch` keeps the course (manifest, quiz banks, collected checks,
file digests, compiled course modules) in memory across submissions; each is read
again when the stamp of the files it came from changes. A stamp is the files' stat
(time, size, inode, device), not their contents: a stat per file per submission
costs microseconds.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable


def stamp(path: Path | str) -> tuple:
    """(mtime_ns, size, inode, device) of `path`; None fields if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return (None, None, None, None)
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_dev)


def stamps(paths) -> tuple:
    """One stamp for several files, in order (a file added, removed or changed changes it)."""
    return tuple((str(p), *stamp(p)) for p in paths)


class PerFile:
    """Values made from single files (a digest, compiled code), kept per path while the file's
    stamp is unchanged; made again after any change. At most `limit` files are kept (then
    the lot is dropped): a course has a few dozen.

    The stamp is taken before the value is made, so a change meanwhile only means making
    it again next time. A file that cannot be stat'ed is never kept.
    """

    def __init__(self, limit: int = 256):
        self.limit = limit
        self._kept: dict[str, tuple[tuple, Any]] = {}

    def get(self, path: Path | str, make: Callable[[], Any]) -> Any:
        key = str(path)
        now = stamp(key)
        kept = self._kept.get(key)
        if kept is not None and kept[0] == now:
            return kept[1]
        value = make()
        if now[0] is not None:
            if len(self._kept) >= self.limit and key not in self._kept:
                self._kept.clear()
            self._kept[key] = (now, value)
        return value
