"""The workspace's cache of checked answers: the slow hash is paid once per (item, answer), not per `grade`.

A student release checks every answer of every sheet with the slow hash (format 3:
two scrypt lanes, ~0.25 s each). Without a cache a fresh `grade` pays it again
for every answer (~70 of them), although the answers rarely change. So each
checked answer's outcome is kept in `.grade/locks.sqlite` beside the workspace's
progress: whether it was right, and the explanation it opened (which the student
has unlocked anyway).

- Keyed by the bank's release salt (the `[lock]` table's `salt`: every change to
  the course gives new salts, so a re-released bank never meets old entries,
  which are dropped), the quiz, item and variant, and a SHA-256 over the lock
  itself (parameters, tags, wraps, sealed explanation) and the answer's
  normalised form. Only the student's own answers' digests are stored, never
  the forms.
- It is the student's own file, like the rest of the workspace: editing it can
  make a local check say "right", as editing the engine can. A local grade never
  counts; the CI grade with the instructor's course does.
- It never breaks grading: a corrupt, unreadable or unwritable file (or no
  sqlite3) means grading without it; every failure is swallowed here.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.quiz.lock.model import LockHeader, VariantLock

CACHE_NAME = "locks.sqlite"
SCHEMA = 1
_ERRORS = (sqlite3.Error, OSError, ValueError, TypeError, UnicodeError)


@dataclass(frozen=True)
class Cached:
    passed: bool
    explanation: str | None


def answer_digest(header: "LockHeader", quiz_id: str, item_id: str, variant: tuple[int, ...],
                  lock: "VariantLock", form: str) -> str:
    """What a cache entry is found by, beside the release salt: the lock as a whole and the answer's form."""
    h = hashlib.sha256(b"nndl-grader checked answer v1\0")
    for part in (header.format, header.kdf, header.n, header.r, header.p, header.lanes, header.salt, quiz_id, item_id,
                 ",".join(map(str, variant)), *(f"{e.tag}:{e.wrap}" for e in lock.answers), lock.explanation):
        h.update(str(part).encode("utf-8") + b"\0")
    h.update(form.encode("utf-8"))
    return h.hexdigest()


class VerdictCache:
    """Checked answers of one workspace (`.grade/locks.sqlite`); reads and writes fail silently."""

    def __init__(self, directory: Path | str):
        self.path = Path(directory) / CACHE_NAME
        self._pending: dict[tuple[str, str], Cached] = {}
        self._loaded: dict[str, dict[str, Cached]] = {}
        self.broken = False
        self.hits = 0

    # -------------------------------------------------------------- reading

    def _load(self, salt: str) -> dict[str, Cached]:
        if salt in self._loaded:
            return self._loaded[salt]
        rows: dict[str, Cached] = {}
        if not self.broken and self.path.is_file():
            try:
                with closing(sqlite3.connect(self.path, timeout=2)) as conn:
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    if version == SCHEMA:
                        for answer, passed, explanation in conn.execute(
                                "SELECT answer, passed, explanation FROM verdicts WHERE salt = ?", (salt,)):
                            if isinstance(answer, str) and passed in (0, 1) and (explanation is None or isinstance(explanation, str)):
                                rows[answer] = Cached(bool(passed), explanation)
            except _ERRORS:
                self.broken = True
                rows = {}
        self._loaded[salt] = rows
        return rows

    def get(self, salt: str, answer: str) -> Cached | None:
        found = self._pending.get((salt, answer)) or self._load(salt).get(answer)
        if found is not None:
            self.hits += 1
        return found

    # -------------------------------------------------------------- writing

    def put(self, salt: str, answer: str, passed: bool, explanation: str | None) -> None:
        self._pending[(salt, answer)] = Cached(passed, explanation if passed else None)

    def flush(self, keep_salts: set[str] | None = None) -> None:
        """Write what was checked since the last flush; drop entries of other releases (`keep_salts`)."""
        pending, self._pending = self._pending, {}
        if not pending and keep_salts is None:
            return
        for (salt, answer), cached in pending.items():
            self._load(salt)[answer] = cached
        for attempt in (1, 2):
            try:
                self._write(pending, keep_salts)
                return
            except sqlite3.DatabaseError:
                if attempt == 2 or not self.path.is_file():
                    break
                try:  # not a database (or a damaged one): ours to replace
                    self.path.unlink()
                except OSError:
                    break
            except _ERRORS:
                break
        self.broken = True

    def _write(self, pending: dict[tuple[str, str], Cached], keep_salts: set[str] | None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=2)) as conn, conn:
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                conn.execute("DROP TABLE IF EXISTS verdicts")
                conn.execute(f"PRAGMA user_version = {SCHEMA}")
            conn.execute("CREATE TABLE IF NOT EXISTS verdicts (salt TEXT NOT NULL, answer TEXT NOT NULL, "
                         "passed INTEGER NOT NULL, explanation TEXT, PRIMARY KEY (salt, answer))")
            if keep_salts is not None:
                marks = ",".join("?" * len(keep_salts))
                conn.execute(f"DELETE FROM verdicts WHERE salt NOT IN ({marks})", tuple(keep_salts))
            conn.executemany("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?)",
                             [(s, a, int(c.passed), c.explanation) for (s, a), c in pending.items()])
