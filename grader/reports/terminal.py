"""The report a student reads in the terminal: one screen, then what to do next.

Why it is laid out this way: a student runs `grade` dozens of times a day, and a
report longer than the screen is a report whose top is never read. So the default
is compact: one line per quiz and assignment, then only what failed and why, with
whatever many items share said once (a missing sheet, a syntax error that stops a
whole module, functions still the stub), then the notes and the next thing to do.
`verbose` lists every item. Every line fits the terminal's width, counted in
columns (a Chinese character takes two), and colour is used only when asked for
(the caller decides: a terminal, and NO_COLOR unset). Labels come from
grader/messages.py in the student's language; feedback comes from the checks.
"""

from __future__ import annotations

from dataclasses import dataclass

import click

from grader import guide
from grader.display import DEFAULT_COLUMNS, pad, rpad, truncate, width, wrap
from grader.i18n import Lang
from grader.messages import note as translate_note
from grader.messages import text
from grader.reports.outcome import Outcome
from grader.results import ItemResult, Report

MARK = {"passed": "✓", "partial": "~", "failed": "✗", "error": "!", "timeout": "⏱", "missing": "·"}
COLOUR = {"passed": "green", "partial": "yellow", "failed": "red", "error": "red", "timeout": "red", "missing": "bright_black"}
COMPACT_FEEDBACK_LINES = 4  # per item in the compact report; --verbose shows all of it
VERBOSE_FEEDBACK_LINES = 40  # even --verbose stops somewhere: feedback is bounded, but long
INDENT = "  "
FEEDBACK_INDENT = "      "


def points(x: float) -> str:
    """A score with at most two decimals and no float noise: 2, 0.67, 137.67."""
    shown = f"{round(x, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if shown in ("-0", "") else shown


def fraction(score: float, max_score: float) -> str:
    return f"{points(score)}/{points(max_score)}"


@dataclass(frozen=True)
class Layout:
    """How to lay the report out: the terminal's width, the language, colour, how much."""

    columns: int = DEFAULT_COLUMNS
    lang: Lang = "en"
    colour: bool = False
    verbose: bool = False

    def style(self, line: str, **styles) -> str:
        return click.style(line, **styles) if self.colour else line

    def wrap(self, message: str, indent: str = INDENT, subsequent: str | None = None) -> list[str]:
        return wrap(message, self.columns, indent, subsequent if subsequent is not None else indent + "  ")


def render(outcome: Outcome) -> str:
    """The whole report as text; `outcome.titles` maps a quiz id or module name to its title."""
    layout = Layout(columns=max(40, outcome.columns or DEFAULT_COLUMNS), lang=outcome.lang,  # type: ignore[arg-type]
                    colour=outcome.colour, verbose=outcome.verbose)
    return "\n".join(report_lines(outcome.report, dict(outcome.titles), list(outcome.notes), layout))


def report_lines(report: Report, titles: dict[str, str], notes: list[str], layout: Layout) -> list[str]:
    groups = report.groups()
    out = _summary(groups, titles, layout)
    details = _details(groups, layout, guide.student_flag(report))
    if details:
        key = "section.all" if layout.verbose else "section.failed"
        out += ["", layout.style(text(layout.lang, key), bold=True), *details]
    out.append("")
    for message in notes:
        out += layout.wrap(text(layout.lang, "note", note=translate_note(layout.lang, message)), indent="", subsequent="  ")
    out += layout.wrap(guide.next_step(report, layout.lang), indent="", subsequent="  ")
    out.append(layout.style(total_line(report, layout.lang), bold=True))
    return out


def total_line(report: Report, lang: Lang = "en") -> str:
    """"Total: 137.67/240 (57.36%)": the last line, the same wherever a report is shown (terminal, Jupyter)."""
    return text(lang, "total", score=fraction(report.score, report.max_score), percent=f"{points(report.percent)}%")


def _group_state(items: list[ItemResult], lang: Lang) -> tuple[str, str]:
    """The group's mark and its one-word state: done count, no sheet, not found, not started."""
    passed = sum(guide.full_marks(i) for i in items)
    if guide.no_sheet(items):
        return MARK["missing"], text(lang, "group.no_sheet")
    if all(i.status == "missing" and i.kind == "exercise" for i in items):
        return MARK["missing"], text(lang, "group.not_found")
    if all(guide.unwritten(i) for i in items):
        return MARK["missing"], text(lang, "group.unwritten")
    if passed == len(items):
        mark = MARK["passed"]
    elif passed or any(i.score > 0 for i in items):
        mark = MARK["partial"]
    else:
        mark = MARK["failed"]
    return mark, text(lang, "group.done", passed=passed, total=len(items))


_MARK_COLOUR = {MARK["passed"]: "green", MARK["partial"]: "yellow", MARK["failed"]: "red", MARK["missing"]: "bright_black"}


def _summary(groups: list[tuple[str, list[ItemResult]]], titles: dict[str, str], layout: Layout) -> list[str]:
    """One line per quiz and assignment: name, title (cut to fit), score, state."""
    rows = []
    for group, items in groups:
        mark, state = _group_state(items, layout.lang)
        score = fraction(sum(i.score for i in items), sum(i.max_score for i in items))
        rows.append((mark, group, titles.get(group, ""), score, state))
    if not rows:
        return []
    name_w = min(24, max(width(r[1]) for r in rows))
    score_w = max(width(r[3]) for r in rows)
    state_w = max(width(r[4]) for r in rows)
    title_w = layout.columns - (len(INDENT) + 2 + name_w + 2 + 2 + score_w + 2 + state_w)
    out = []
    for mark, group, title, score, state in rows:
        name = truncate(group, name_w)
        shown_title = pad(truncate(title, title_w), title_w) + "  " if title_w >= 8 else ""
        line = f"{INDENT}{mark} {pad(name, name_w)}  {shown_title}{rpad(score, score_w)}  {state}"
        line = truncate(line.rstrip(), layout.columns)
        out.append(layout.style(line, fg=_MARK_COLOUR.get(mark)) if layout.colour else line)
    return out


def _details(groups: list[tuple[str, list[ItemResult]]], layout: Layout, flag: str) -> list[str]:
    """What failed and why (every item with --verbose), with what many items share said once."""
    if layout.verbose:  # every item, group by group; what a group's items share is still said once
        return [line for group, items in groups for line in _group_details(group, items, layout)]
    lang = layout.lang
    out: list[str] = []
    no_sheet = [g for g, items in groups if guide.no_sheet(items)]
    not_found = [(g, items) for g, items in groups if all(i.status == "missing" and i.kind == "exercise" for i in items)]
    unwritten_groups = [g for g, items in groups if items and all(guide.unwritten(i) for i in items)]
    if no_sheet:
        first = no_sheet[0]
        out += layout.wrap(text(lang, "missing.sheets", quizzes=", ".join(no_sheet), take=f"grade quiz take {first}{flag}",
                                sheet=f"grade quiz sheet {first}{flag} > answers/{first}.toml"))
    if not_found:
        first = not_found[0][0]
        out += layout.wrap(text(lang, "missing.modules", modules=", ".join(g for g, _ in not_found), module=first,
                                command=f"grade check --only {first}{flag}"))
    if unwritten_groups:
        count = sum(len(items) for g, items in groups if g in unwritten_groups)
        out += layout.wrap(text(lang, "unwritten", count=text(lang, "unwritten.count", count=count), modules=", ".join(unwritten_groups)))
    said = set(no_sheet) | {g for g, _ in not_found} | set(unwritten_groups)
    for group, items in groups:
        if group in said:
            continue
        out += _group_details(group, items, layout)
    return out


def _group_details(group: str, items: list[ItemResult], layout: Layout) -> list[str]:
    lang = layout.lang
    out: list[str] = []
    shown = items if layout.verbose else [i for i in items if not guide.full_marks(i) or _notes(i)]
    unwritten = [i for i in shown if guide.unwritten(i)]
    if unwritten and not layout.verbose:
        out += layout.wrap(text(lang, "unwritten.names", module=group, names=", ".join(_name(i) for i in unwritten)))
        shown = [i for i in shown if i not in unwritten]
    unanswered = [i for i in shown if i.status == "missing"]
    if len(unanswered) > 1 and not layout.verbose:
        if len(unanswered) == len(items):
            message = text(lang, "missing.all", group=group, count=len(unanswered))
        else:
            message = text(lang, "missing.items", group=group, count=len(unanswered), names=", ".join(_name(i) for i in unanswered))
        out += _styled(layout.wrap(message), "missing", layout)
        shown = [i for i in shown if i not in unanswered]
    shared: dict[tuple[str, str], list[ItemResult]] = {}
    for item in shown:
        if item.feedback and not guide.full_marks(item):
            shared.setdefault((item.status, item.feedback), []).append(item)
    said_once = {key for key, same in shared.items() if len(same) > 1}
    for (status, feedback), same in shared.items():
        if (status, feedback) not in said_once:
            continue
        head = f"{MARK[status]} " + text(lang, "shared", group=group, count=len(same), status=text(lang, f"status.{status}"))
        out += _styled(layout.wrap(head), status, layout)
        out += _feedback(feedback, layout)
    listed = [i for i in shown if layout.verbose or (i.status, i.feedback) not in said_once]
    id_w = min(40, max((width(i.id) for i in listed), default=0))
    score_w = max((width(fraction(i.score, i.max_score)) for i in listed), default=0)
    for item in listed:
        score = rpad(fraction(item.score, item.max_score), score_w)
        row = f"{MARK[item.status]} {pad(item.id, id_w)}  {score}  {text(lang, f'status.{item.status}')}"
        out += _styled(layout.wrap(row), item.status, layout)
        if item.feedback and not guide.full_marks(item) and (item.status, item.feedback) not in said_once:
            out += _feedback(item.feedback, layout)
        elif guide.full_marks(item) and (_notes(item) or (layout.verbose and item.feedback)):
            out += _feedback(item.feedback if layout.verbose else _notes(item), layout)
    return out


def _notes(item: ItemResult) -> str:
    """The notes in a full-marks item's feedback ("note: f() seems to loop over the examples ..."): said even then."""
    return "\n".join(line for line in item.feedback.splitlines() if line.startswith("note: "))


def _name(item: ItemResult) -> str:
    return item.id.split(".", 1)[1] if "." in item.id else item.id


def _styled(lines: list[str], status: str, layout: Layout) -> list[str]:
    return [layout.style(line, fg=COLOUR[status]) for line in lines] if layout.colour else lines


def _feedback(feedback: str, layout: Layout) -> list[str]:
    lines = [line for para in feedback.splitlines() for line in wrap(para, layout.columns, FEEDBACK_INDENT, FEEDBACK_INDENT + "  ")]
    limit = VERBOSE_FEEDBACK_LINES if layout.verbose else COMPACT_FEEDBACK_LINES
    if len(lines) <= limit:
        return lines
    kept = lines[: limit - 1]
    return kept + wrap(text(layout.lang, "more", count=len(lines) - len(kept)), layout.columns, FEEDBACK_INDENT)
