"""The student loop: re-grade on every save and say what changed since last time."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Iterator

from grader.i18n import Lang
from grader.results import Report
from grader.submission import watched


def snapshot(workspace: Path) -> dict[str, int]:
    """Modification times of everything a save can change the grade of (submission.py knows what)."""
    return watched(workspace)


def changes(old: Report | None, new: Report, lang: Lang = "en") -> list[str]:
    """Lines saying which items newly pass, newly fail or changed points (scores with at most two decimals)."""
    from grader.messages import text
    from grader.reports.terminal import fraction, points

    if old is None:
        return []
    before = {i.id: i for i in old.items}
    lines = []
    for item in new.items:
        prev = before.get(item.id)
        if prev is None or (prev.status, prev.score) == (item.status, item.score):
            continue
        status = text(lang, f"status.{item.status}")
        if item.status == "passed":
            lines.append(text(lang, "watch.passing", item=item.id))
        elif prev.status == "passed":
            lines.append(text(lang, "watch.failing", item=item.id, status=status))
        else:
            lines.append(text(lang, "watch.changed", item=item.id, before=points(prev.score), after=points(item.score), status=status))
    if old.score != new.score:
        lines.append(text(lang, "watch.total", before=points(old.score), after=fraction(new.score, new.max_score)))
    return lines or [text(lang, "watch.same")]


def watch(
    workspace: Path,
    grade: Callable[[], Report],
    show: Callable[[Report, list[str]], None],
    *,
    interval: float = 0.5,
    max_runs: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    lang: Lang = "en",
) -> Iterator[Report] | None:
    """Grade now, then again after each save, until interrupted (or max_runs); `lang`: of the change lines."""
    last: Report | None = None
    seen = snapshot(workspace)
    runs = 0
    while True:
        report = grade()
        show(report, changes(last, report, lang))
        last, runs = report, runs + 1
        if max_runs is not None and runs >= max_runs:
            return None
        while True:
            sleep(interval)
            current = snapshot(workspace)
            if current != seen:
                seen = current
                break
