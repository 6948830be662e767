"""`check()`: grade the current workspace from inside Jupyter (or any Python session).

    from grader import check
    check("deep_nn.L_model_backward")   # one function
    check("deep_nn")                    # one assignment (or a quiz id)
    check()                             # everything

The workspace is found by walking up from the current directory (a notebook runs in
its own directory) to the nearest directory holding `exercises/` (or the course's
manifest); the course is the nearest one at or above it, as for `grade check`. The
grading is `grade check`'s own engine call (grading.grade_submission: hidden checks
where the course has them, public checks only in a student release), so the results
are the same. The returned `CheckResult` shows itself as a table in Jupyter
(`_repr_html_`) and as `grade check`'s text elsewhere (`__repr__`).
"""

from __future__ import annotations

import html
import os
from pathlib import Path

__all__ = ["check", "CheckResult", "workspace_root"]

_STATUS_COLOUR = {"passed": "#1a7f37", "partial": "#9a6700", "failed": "#cf222e", "error": "#cf222e",
                  "timeout": "#cf222e", "missing": "#6e7781"}


def workspace_root(start: Path | str | None = None) -> Path:
    """The nearest directory at or above `start` (default: the current one) holding exercises/; else `start`."""
    from grader.submission import EXERCISES  # the layout lives there

    here = Path(start if start is not None else os.getcwd()).resolve()
    for d in [here, *here.parents]:
        if (d / EXERCISES).is_dir():
            return d
    return here


class CheckResult:
    """What `check()` found: the report, its notes, and how to show them."""

    def __init__(self, outcome, workspace: Path, only: tuple[str, ...]):
        self.outcome = outcome
        self.report = outcome.report
        self.notes: list[str] = list(outcome.notes)
        self.titles: dict[str, str] = dict(outcome.titles)
        self.workspace = workspace
        self.only = only

    # ------------------------------------------------------------ numbers
    @property
    def items(self):
        return self.report.items

    @property
    def score(self) -> float:
        return self.report.score

    @property
    def max_score(self) -> float:
        return self.report.max_score

    @property
    def percent(self) -> float:
        return self.report.percent

    @property
    def passed(self) -> bool:
        return bool(self.report.items) and all(i.status == "passed" for i in self.report.items)

    # ------------------------------------------------------------ display
    def __repr__(self) -> str:
        from grader import i18n
        from grader.reports import Outcome, terminal

        return terminal.render(Outcome(self.report, titles=dict(self.titles), notes=tuple(self.notes), colour=False,
                                       lang=i18n.resolve(None)))

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from grader.reports.terminal import points, total_line

        esc = html.escape
        rows = []
        for group, items in self.report.groups():
            score = sum(i.score for i in items)
            max_score = sum(i.max_score for i in items)
            title = self.titles.get(group, "")
            rows.append(f'<tr style="background:#f6f8fa"><th colspan="3" style="text-align:left">{esc(group)}'
                        f'{" — " + esc(title) if title else ""}</th><th style="text-align:right">{points(score)} / {points(max_score)}</th></tr>')
            for item in items:
                name = item.id.split(".", 1)[1] if "." in item.id else item.id
                colour = _STATUS_COLOUR.get(item.status, "#000")
                feedback = (f'<pre style="white-space:pre-wrap;margin:0">{esc(item.feedback)}</pre>'
                            if item.status != "passed" and item.feedback else "")
                rows.append(f'<tr><td style="text-align:left"><code>{esc(name)}</code></td>'
                            f'<td style="color:{colour};text-align:left">{esc(item.status)}</td>'
                            f'<td style="text-align:left">{feedback}</td>'
                            f'<td style="text-align:right">{points(item.score)} / {points(item.max_score)}</td></tr>')
        notes = "".join(f"<li>{esc(n)}</li>" for n in self.notes)
        total = total_line(self.report)
        return (f'<div class="nndl-grader"><table>{"".join(rows)}</table>'
                + (f"<ul>{notes}</ul>" if notes else "") + f"<p><b>{esc(total)}</b></p></div>")


def check(*only: str, path: Path | str | None = None, course: Path | str | None = None,
          student: str | None = None, record: bool | None = None) -> CheckResult:
    """Grade the workspace (found from `path`, default the current directory) like `grade check`.

    `only`: item ids, modules or quizzes ("deep_nn.L_model_backward", "deep_nn", "week3"),
    as `grade check --only`; none grades everything. `course`: as `--course`. `record`:
    keep the run for `grade progress` (default: yes, except when CI is set), as `grade check`.
    """
    from grader.cli.common import resolve_course
    from grader.errors import InputError
    from grader.grading import grade_submission

    patterns = tuple(p.strip() for chunk in only for p in str(chunk).split(",") if p.strip())
    root = workspace_root(path)
    found = resolve_course(Path(course) if course is not None else None, root)
    from grader import i18n

    outcome = grade_submission(found, root, student=student, only=patterns, lang=i18n.resolve(None))
    if patterns and not outcome.report.items:
        raise InputError(f"check({', '.join(map(repr, patterns))}) matches no quiz item or function")
    result = CheckResult(outcome, root, patterns)
    if record if record is not None else not os.environ.get("CI"):
        from grader.cli.check import _record_and_nudge

        result.notes += _record_and_nudge(found, root, outcome.report)
    return result
