"""Gradescope's results.json: the autograder specification's field names and types.

Followed: Gradescope's "Autograder Specifications" (gradescope-autograders.readthedocs.io,
`docs/specs.md` of gradescope/autograder_samples): top-level `score`, `output`,
`visibility`, `stdout_visibility`, `extra_data`, `tests`; per test `name`, `score`,
`max_score`, `status` ("passed"/"failed"), `output`, `tags`, `visibility`.

One test per graded function and per quiz item. Each test's `visibility`
("hidden", "after_due_date", "after_published", "visible") comes from the
course's `[gradescope]` settings (grader.course.GradescopeSettings): by default a
function graded with the hidden checks is shown after the grades are published,
everything else at once. Gradescope hides the total score while any test is not
visible, so the top-level `output` only adds up what is shown now.
"""

from __future__ import annotations

import json

from grader.course import GradescopeSettings
from grader.reports.outcome import Outcome
from grader.results import ItemResult, Report

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
WHEN = {"hidden": "never (instructors only)", "after_due_date": "after the due date",
        "after_published": "once the grades are published"}


def visibility_of(item: ItemResult, settings: GradescopeSettings, hidden_checks: bool) -> str:
    """An item's visibility: its own setting, else its module's or quiz's, else by kind."""
    for key in (item.id, item.group):
        if key in settings.items:
            return settings.items[key]
    if item.kind == "exercise" and hidden_checks:
        return settings.hidden_checks
    return settings.public


def render(outcome: Outcome) -> str:
    """results.json for the outcome; each test's visibility from `outcome.gradescope` (the course's settings).

    Whether the hidden checks ran is the outcome's `hidden_checks`, else what the receipt says.
    """
    report, receipt = outcome.report, outcome.receipt
    settings = outcome.gradescope or GradescopeSettings()
    hidden_checks = outcome.ran_hidden_checks
    tests = []
    for item in report.items:
        shown = visibility_of(item, settings, hidden_checks)
        tests.append({
            "name": item.id,
            "score": item.score,
            "max_score": item.max_score,
            "status": "passed" if item.status == "passed" else "failed",
            "output": item.feedback or item.status,
            "tags": [item.kind, item.group],
            "visibility": shown,
        })
    data = {"score": report.score, "max_score": report.max_score, "output": _summary(report, tests),
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}
    if receipt is not None:
        data["extra_data"] = {"receipt": receipt.model_dump()}
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _summary(report: Report, tests: list[dict]) -> str:
    """The total, or only what is shown now: a total would give away the held-back tests' results."""
    held = [t for t in tests if t["visibility"] != "visible"]
    if not held:
        return f"{report.score:g} / {report.max_score:g}"
    shown = [t for t in tests if t["visibility"] == "visible"]
    lines = [f"Shown now: {sum(t['score'] for t in shown):g} / {sum(t['max_score'] for t in shown):g} points "
             f"({len(shown)} of {len(tests)} items)."]
    for when in ("after_due_date", "after_published", "hidden"):
        group = [t for t in held if t["visibility"] == when]
        if group:
            lines.append(f"{len(group)} items ({sum(t['max_score'] for t in group):g} points) are shown {WHEN[when]}.")
    return "\n".join(lines)
