"""The student loop: re-grade on every save and say what changed since last time."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Iterator

from grader.results import Report
from grader.submission import watched


def snapshot(workspace: Path) -> dict[str, int]:
    """Modification times of everything a save can change the grade of (submission.py knows what)."""
    return watched(workspace)


def changes(old: Report | None, new: Report) -> list[str]:
    """Lines saying which items newly pass, newly fail or changed points."""
    if old is None:
        return []
    before = {i.id: i for i in old.items}
    lines = []
    for item in new.items:
        prev = before.get(item.id)
        if prev is None or (prev.status, prev.score) == (item.status, item.score):
            continue
        if item.status == "passed":
            lines.append(f"newly passing: {item.id}")
        elif prev.status == "passed":
            lines.append(f"newly failing: {item.id} ({item.status})")
        else:
            lines.append(f"changed: {item.id} {prev.score:g} → {item.score:g} ({item.status})")
    if old.score != new.score:
        lines.append(f"total: {old.score:g} → {new.score:g} / {new.max_score:g}")
    return lines or ["no change in any result"]


def watch(
    workspace: Path,
    grade: Callable[[], Report],
    show: Callable[[Report, list[str]], None],
    *,
    interval: float = 0.5,
    max_runs: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[Report] | None:
    """Grade now, then again after each save, until interrupted (or max_runs)."""
    last: Report | None = None
    seen = snapshot(workspace)
    runs = 0
    while True:
        report = grade()
        show(report, changes(last, report))
        last, runs = report, runs + 1
        if max_runs is not None and runs >= max_runs:
            return None
        while True:
            sleep(interval)
            current = snapshot(workspace)
            if current != seen:
                seen = current
                break
