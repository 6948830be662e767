"""A Markdown summary that reads well as a CI job summary or a pull-request comment."""

from __future__ import annotations

from grader.reports.outcome import Outcome

ICON = {"passed": "✅", "partial": "🟡", "failed": "❌", "error": "💥", "timeout": "⏱️", "missing": "➖"}


def _cell(text: str) -> str:
    """Table cells cannot hold pipes or newlines; keep the first line, escaped."""
    first = text.splitlines()[0] if text else ""
    return first.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render(outcome: Outcome) -> str:
    report, receipt, titles, notes = outcome.report, outcome.receipt, outcome.titles, outcome.notes
    out = [f"## Grade: {report.score:g} / {report.max_score:g} ({report.percent:.1f}%)", "", f"Student: `{report.student}`", ""]
    out += ["| Part | Score | Passed |", "| --- | ---: | ---: |"]
    groups = report.groups()
    for group, items in groups:
        passed = sum(i.status == "passed" for i in items)
        label = f"{group} — {titles[group]}" if group in titles else group
        out.append(f"| {_cell(label)} | {sum(i.score for i in items):g} / {sum(i.max_score for i in items):g} | {passed}/{len(items)} |")
    out.append("")
    for group, items in groups:
        out += [f"<details><summary>{_cell(group)}</summary>", "", "| Item | Status | Points | Feedback |", "| --- | --- | ---: | --- |"]
        for i in items:
            out.append(f"| `{_cell(i.id)}` | {ICON[i.status]} {i.status} | {i.score:g} / {i.max_score:g} | {_cell(i.feedback) if i.status != 'passed' else ''} |")
        out += ["", "</details>", ""]
    for note in notes:
        out.append(f"> {note}")
    if receipt is not None:
        r = receipt.model_dump()
        out += ["", "<details><summary>Receipt (replay this grade locally)</summary>", ""]
        out += [f"- {key}: `{value}`" for key, value in r.items() if key != "files"]
        out += [f"- `{name}`: `{digest[:16]}`" for name, digest in r["files"].items()]
        out += ["", "</details>"]
    return "\n".join(out).rstrip() + "\n"
