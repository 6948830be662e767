"""The batch's journal: results.jsonl, one JSON row per graded submission.

It is the batch's only state, so that an interrupted run (Ctrl-C, kill -9,
power loss) resumes where it stopped:

* one process (the coordinator) appends; each row is one `write` of the line
  and its newline, then flush and fsync, so a row is either fully on disk or
  it is the torn last line;
* a row counts once its newline is on disk: on opening, whatever follows the
  last newline is a torn write and is cut off (its submission is graded again);
* a line in the middle that is not a row is not ours to guess about: opening
  fails with its file and line;
* a student appears at most once; `--regrade` starts a fresh, empty journal
  (the previous one is kept as results.previous.jsonl), replacing it atomically.

A lock file keeps two batches from writing to the same results directory.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from grader.errors import InputError

JOURNAL = "results.jsonl"
PREVIOUS = "results.previous.jsonl"
LOCK = ".batch.lock"


class JournalError(InputError):
    """The journal cannot be trusted as it is (a corrupt line in the middle, a duplicate)."""


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def parse_row(line: bytes, path: Path, number: int) -> dict:
    """One journal line as a row, or JournalError naming file and line."""
    try:
        row = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise JournalError(f"corrupt line ({exc}); delete the line to grade that submission again, or use --regrade", path, number) from None
    if not isinstance(row, dict) or not isinstance(row.get("student"), str) or not isinstance(row.get("items"), list):
        raise JournalError("not a result row (a JSON object with student and items); delete the line, or use --regrade", path, number)
    return row


def read_rows(path: Path, *, repair: bool = False) -> tuple[list[dict], int]:
    """Rows of the journal at `path` in file order, and the length of its committed part.

    A torn last line (no newline) is ignored, and cut off if `repair`.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    except OSError as exc:
        raise JournalError(f"cannot read the journal: {exc.strerror}", path) from None
    end = data.rfind(b"\n") + 1  # committed bytes; the rest is a torn write
    if repair and end < len(data):
        with open(path, "r+b") as f:
            f.truncate(end)
            f.flush()
            os.fsync(f.fileno())
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(data[:end].split(b"\n")[:-1], 1):
        if not line.strip():
            continue
        row = parse_row(line, path, number)
        if row["student"] in seen:
            raise JournalError(f"a second row for student {row['student']!r} (the first is on line {seen[row['student']]}); "
                               "delete one, or use --regrade", path, number)
        seen[row["student"]] = number
        rows.append(row)
    return rows, end


class Journal:
    """The open journal of one batch run: what is done, and appending what finishes."""

    def __init__(self, directory: Path, *, fresh: bool = False):
        self.directory = Path(directory)
        self.path = self.directory / JOURNAL
        self._lock_fd: int | None = None
        self._file = None
        self._lock()
        try:
            if fresh:
                self._start_fresh()
            rows, _ = read_rows(self.path, repair=True)
            self.rows: dict[str, dict] = {r["student"]: r for r in rows}
            self._file = open(self.path, "ab", buffering=0)
            _fsync_dir(self.directory)
        except BaseException:
            self.close()
            raise

    def _lock(self) -> None:
        import fcntl

        try:
            fd = os.open(self.directory / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise InputError(f"results directory is not writable: {exc.strerror}", self.directory) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise InputError("another `grade batch` is writing to this results directory; wait for it or use another -o", self.directory) from None
        self._lock_fd = fd

    def _start_fresh(self) -> None:
        """Keep the old journal as results.previous.jsonl and start an empty one (each step atomic)."""
        if self.path.exists():
            os.replace(self.path, self.directory / PREVIOUS)
        tmp = self.directory / (JOURNAL + ".tmp")
        with open(tmp, "wb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(self.directory)

    def __contains__(self, student: str) -> bool:
        return student in self.rows

    def append(self, text: str) -> dict:
        """Commit one row (JSON text without newline): written, flushed and fsynced before returning."""
        if "\n" in text or "\r" in text:
            raise ValueError("a journal row is one line")
        row = parse_row(text.encode("utf-8"), self.path, len(self.rows) + 1)
        if row["student"] in self.rows:
            raise ValueError(f"student {row['student']!r} is already in the journal")
        data = text.encode("utf-8") + b"\n"
        written = 0
        while written < len(data):  # an unbuffered write may be partial
            written += self._file.write(data[written:])
        os.fsync(self._file.fileno())
        self.rows[row["student"]] = row
        return row

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the lock
            self._lock_fd = None

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
