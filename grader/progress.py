"""Local progress: every graded run of a workspace, kept in SQLite beside it.

Students see what is done and their best score per item over time; the hint
ladder remembers how far they have climbed. Nothing here is used for grading.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from grader.results import Report

DB_NAME = Path(".grade") / "progress.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, at REAL NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    run INTEGER NOT NULL REFERENCES runs(id), item TEXT NOT NULL, status TEXT NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL, PRIMARY KEY (run, item));
CREATE TABLE IF NOT EXISTS hints (item TEXT PRIMARY KEY, shown INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class ItemProgress:
    item: str
    best: float
    max_score: float
    last_status: str
    attempts: int
    failures_in_a_row: int

    @property
    def done(self) -> bool:
        return self.max_score > 0 and self.best >= self.max_score - 1e-9


def by_group(items: list[ItemProgress]) -> list[tuple[str, list[ItemProgress]]]:
    """Items by quiz or module (an id's first part), in the order first graded."""
    groups: dict[str, list[ItemProgress]] = {}
    for item in items:
        groups.setdefault(item.item.split(".", 1)[0], []).append(item)
    return list(groups.items())


class Progress:
    """The progress store of one workspace."""

    def __init__(self, workspace: Path):
        self.path = Path(workspace) / DB_NAME

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path)
        conn.executescript(SCHEMA)
        return conn

    def record(self, report: Report) -> None:
        with closing(self._connect()) as conn, conn:
            cur = conn.execute("INSERT INTO runs (at, score, max_score) VALUES (?, ?, ?)", (time.time(), report.score, report.max_score))
            conn.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)",
                [(cur.lastrowid, i.id, i.status, i.score, i.max_score) for i in report.items],
            )

    def items(self) -> list[ItemProgress]:
        if not self.path.is_file():
            return []
        with closing(self._connect()) as conn:
            rows = conn.execute("SELECT item, status, score, max_score FROM results ORDER BY run, rowid").fetchall()
        history: dict[str, list[tuple[str, float, float]]] = {}
        for item, status, score, max_score in rows:
            history.setdefault(item, []).append((status, score, max_score))
        out = []
        for item, runs in history.items():
            streak = 0
            for status, _, _ in reversed(runs):
                if status == "passed":
                    break
                if status != "missing":
                    streak += 1
            out.append(ItemProgress(item, max(s for _, s, _ in runs), runs[-1][2], runs[-1][0], len(runs), streak))
        return out

    def next_hint(self, item: str) -> int:
        """How many hints of `item` were shown so far (the index of the next one)."""
        if not self.path.is_file():
            return 0
        with closing(self._connect()) as conn:
            row = conn.execute("SELECT shown FROM hints WHERE item = ?", (item,)).fetchone()
        return row[0] if row else 0

    def hint_shown(self, item: str, count: int) -> None:
        with closing(self._connect()) as conn, conn:
            conn.execute("INSERT OR REPLACE INTO hints VALUES (?, ?)", (item, count))
