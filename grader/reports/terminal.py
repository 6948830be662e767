"""The report a student reads in the terminal: a compact table per assignment.

Colour only when writing to a terminal; plain text otherwise (CI logs, pipes).
Failed items show their feedback, because that is what the student acts on.
"""

from __future__ import annotations

import click

from grader.reports import Outcome
from grader.results import ItemResult

MARK = {"passed": "✓", "partial": "~", "failed": "✗", "error": "!", "timeout": "⏱", "missing": "·"}
COLOUR = {"passed": "green", "partial": "yellow", "failed": "red", "error": "red", "timeout": "red", "missing": "bright_black"}


def _points(x: float) -> str:
    return f"{x:g}"


def _item_line(item: ItemResult, width: int, colour: bool) -> list[str]:
    name = item.id.split(".", 1)[1] if "." in item.id else item.id
    status = item.status
    mark = MARK[status]
    text = f"  {mark} {name:<{width}}  {status:<8} {_points(item.score):>5} / {_points(item.max_score)}"
    lines = [click.style(text, fg=COLOUR[status]) if colour else text]
    if status != "passed" and item.feedback:
        for fb in item.feedback.splitlines()[:12]:
            lines.append(f"        {fb}")
    return lines


def render(outcome: Outcome) -> str:
    """The whole report as text; `outcome.titles` maps a quiz id or module name to its title."""
    report, titles, notes, colour = outcome.report, outcome.titles, outcome.notes, outcome.colour
    out: list[str] = []
    for group, items in report.groups():
        score = sum(i.score for i in items)
        max_score = sum(i.max_score for i in items)
        kind = "quiz" if items[0].kind == "quiz" else "exercise"
        head = f"{group} ({kind}) — {titles.get(group, '')}".rstrip(" —")
        total = f"{_points(score)} / {_points(max_score)}"
        out.append(click.style(f"{head}  {total}", bold=True) if colour else f"{head}  {total}")
        width = max(len(i.id.split(".", 1)[-1]) for i in items)
        for item in items:
            out.extend(_item_line(item, min(width, 40), colour))
        out.append("")
    for note in notes or []:
        out.append(f"Note: {note}")
    out.append(f"Total: {_points(report.score)} / {_points(report.max_score)} ({report.percent:.1f}%)")
    return "\n".join(out)
