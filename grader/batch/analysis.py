"""Item analysis: which quiz questions and functions work as intended.

For every quiz item and graded function, over the submissions that were graded:

* share correct: the fraction with status "passed";
* mean score: the mean of score / max_score (partial credit counts);
* discrimination: the Pearson correlation between the item's score and the
  *rest* of the total (total minus the item), so an item is not correlated with
  itself. For a right/wrong item this is the corrected point-biserial
  correlation. Near 0 or negative means that students who do well overall do
  no better on this item: often a misleading question, a wrong key, or a check
  that fails for the wrong reason. None when either side has no variance;
* quiz items: the most common wrong answers, as choice texts (letters differ per
  student; each student's letter was resolved through their own variant when
  the row was graded), and how many left it unanswered. Template items (numbers
  differ per student) have no comparable wrong answers;
* functions: the most common feedback messages (first line; numbers replaced by
  `#` so "shape (3,)" and "shape (5,)" count as one message), with an example.

Also for the whole test: the distribution of totals and Cronbach's alpha; per
quiz and assignment ("parts"): mean and median of the subtotal; and what needs
the instructor's attention (`attention`): items that may mislead (low or
negative discrimination), functions most of the class fails, and submissions
that could not be graded, timed out or had a part refused or unreadable.
analysis.md leads with that, then compact tables. The HTML report reads the
same data (`analyse`), so the numbers cannot disagree.

Everything is computed from the journal rows sorted by student, and every
float is rounded, so the same journal always gives byte-identical files.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from statistics import median

from grader.batch.gradebook import Column, part_maxima, parts, subtotals

ANALYSIS_JSON = "analysis.json"
ANALYSIS_MD = "analysis.md"
TOP = 5
LOW_DISCRIMINATION = 0.2  # flag below this (with enough students to mean something)
MIN_STUDENTS_TO_FLAG = 10
MOSTLY_FAILED = 0.5  # a function fewer than this share of the class gets full marks on needs a look
SHOWN = 15  # lines of one attention list in analysis.md (all of them are in analysis.json)
_CHECKS_FAILED = re.compile(r"\s*\(\d+ of \d+ checks failed\)\s*$")  # the runner's suffix: not part of the mistake
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r of two equally long lists; None if undefined (fewer than 2 values, no variance)."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _variance(xs: list[float]) -> float:
    if len(xs) < 2:
        return 0.0
    m = sum(xs) / len(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)


def first_line(feedback: str) -> str:
    """A feedback message's first line, without the runner's "(n of m checks failed)"."""
    first = feedback.strip().splitlines()[0] if feedback.strip() else ""
    return _CHECKS_FAILED.sub("", first).strip()


def feedback_key(feedback: str) -> str:
    """The first line of a feedback message with its numbers masked, for counting."""
    return _NUMBER.sub("#", first_line(feedback))


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(float(x), digits)


def analyse(rows: list[dict], columns: list[Column]) -> dict:
    """The analysis as plain data (what analysis.json holds)."""
    graded = sorted((r for r in rows if r.get("status") == "graded"), key=lambda r: r["student"])
    errors = sum(1 for r in rows if r.get("status") != "graded")
    by_student = [{i["id"]: i for i in r.get("items", []) if isinstance(i, dict) and "id" in i} for r in graded]
    totals = [float(r.get("score") or 0.0) for r in graded]
    max_totals = [float(r.get("max_score") or 0.0) for r in graded]
    percents = [100.0 * t / m if m else 0.0 for t, m in zip(totals, max_totals)]

    items = []
    item_scores: list[list[float]] = []  # per column with full coverage, for alpha
    for column in columns:
        present = [(k, items_of[column.id]) for k, items_of in enumerate(by_student) if column.id in items_of]
        n = len(present)
        statuses = Counter(str(it.get("status")) for _, it in present)
        max_score = column.max_score if column.max_score is not None else max((float(it.get("max_score") or 0) for _, it in present), default=0.0)
        scores = [float(it.get("score") or 0.0) for _, it in present]
        rest = [totals[k] - s for (k, _), s in zip(present, scores)]
        fractions = [float(it.get("score") or 0) / float(it["max_score"]) for _, it in present if float(it.get("max_score") or 0) > 0]
        entry = {
            "id": column.id,
            "kind": column.kind,
            "max_score": _r(max_score),
            "n": n,
            "correct": _r(statuses["passed"] / n) if n else None,
            "mean": _r(sum(fractions) / len(fractions)) if fractions else None,
            "discrimination": _r(pearson(scores, rest)),
            "statuses": {s: statuses[s] for s in sorted(statuses)},
        }
        if column.kind == "quiz":
            answers = Counter(graded[k].get("wrong_answers", {}).get(column.id) for k, _ in present)
            answers.pop(None, None)
            entry["not_answered"] = statuses["missing"]
            entry["template"] = column.template
            entry["wrong_answers"] = [{"answer": a, "count": c} for a, c in sorted(answers.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]
        else:
            messages: Counter = Counter()
            examples: dict[str, str] = {}
            for _, it in present:
                if it.get("status") != "passed" and it.get("feedback"):
                    key = feedback_key(str(it["feedback"]))
                    if key:
                        messages[key] += 1
                        examples.setdefault(key, first_line(str(it["feedback"])))
            entry["feedback"] = [{"message": m, "count": c, "example": examples[m]}
                                 for m, c in sorted(messages.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]
        entry["flags"] = _flags(entry)
        items.append(entry)
        if n == len(graded) and n:
            item_scores.append(scores)

    alpha = None
    k = len(item_scores)
    if k >= 2 and len(graded) >= 2:
        total_var = _variance([sum(col[s] for col in item_scores) for s in range(len(graded))])
        if total_var > 1e-12:
            alpha = k / (k - 1) * (1 - sum(_variance(col) for col in item_scores) / total_var)
    summary = {
        "students": len(graded),
        "errors": errors,
        "mean_percent": _r(sum(percents) / len(percents), 2) if percents else None,
        "median_percent": _r(median(percents), 2) if percents else None,
        "min_percent": _r(min(percents), 2) if percents else None,
        "max_percent": _r(max(percents), 2) if percents else None,
        "cronbach_alpha": _r(alpha),
    }
    return {"schema": 1, "summary": summary, "parts": _parts(rows, graded, columns), "items": items,
            "attention": attention(rows, items)}


def _parts(rows: list[dict], graded: list[dict], columns: list[Column]) -> list[dict]:
    """Per quiz and assignment: points possible, mean and median subtotal (in points and percent)."""
    maxima = part_maxima(rows, columns)
    points = [subtotals(r) for r in graded]
    out = []
    for part in parts(columns, rows):
        values = [p.get(part, 0.0) for p in points]
        top = maxima.get(part, 0.0)
        mean = sum(values) / len(values) if values else None
        out.append({
            "id": part,
            "kind": next((c.kind for c in columns if c.id.split(".", 1)[0] == part), "exercise"),
            "max_score": _r(top),
            "mean": _r(mean),
            "median": _r(median(values)) if values else None,
            "mean_percent": _r(100 * mean / top, 2) if mean is not None and top else None,
            "full_marks": _r(sum(v >= top - 1e-9 for v in values) / len(values)) if values and top else None,
        })
    return out


def _part_problem(items: list[dict]) -> str | None:
    """A part whose every item is an error with one message: its file was refused or could not be read."""
    if not items or any(i.get("status") != "error" for i in items):
        return None
    messages = {first_line(str(i.get("feedback") or "")) for i in items}
    return messages.pop() if len(messages) == 1 and "" not in messages else None


def attention(rows: list[dict], items: list[dict]) -> dict:
    """What the instructor should look at first, as plain data (sorted, so reports are stable).

    misleading: items flagged for low or negative discrimination, lowest first;
    mostly_failed: functions fewer than half the class got full marks on (hardest first), with
    the most common feedback; not_graded: submissions with no grade at all and why;
    timed_out: submissions with a function that timed out; refused: a module or sheet of a
    submission that was refused or unreadable (every item of the part an error with one message).
    """
    misleading = [{"id": i["id"], "discrimination": i["discrimination"], "correct": i["correct"],
                   "flags": [f for f in i["flags"] if "discrimination" in f]}
                  for i in items if any("discrimination" in f for f in i["flags"])]
    misleading.sort(key=lambda i: (i["discrimination"], i["id"]))  # the most suspicious first
    mostly_failed = [{"id": i["id"], "n": i["n"], "correct": i["correct"], "mean": i["mean"],
                      "feedback": i["feedback"][0] if i.get("feedback") else None}
                     for i in items if i["kind"] == "exercise" and i["n"] and i["correct"] is not None and i["correct"] < MOSTLY_FAILED]
    mostly_failed.sort(key=lambda i: (i["correct"], i["id"]))
    not_graded, timed_out, refused = [], [], []
    for row in sorted(rows, key=lambda r: str(r.get("student"))):
        student = str(row.get("student"))
        if row.get("status") != "graded":
            not_graded.append({"student": student, "error": first_line(str(row.get("error") or "could not be graded"))})
            continue
        row_items = [i for i in row.get("items", []) if isinstance(i, dict) and "id" in i]
        slow = [str(i["id"]) for i in row_items if i.get("status") == "timeout"]
        if slow:
            timed_out.append({"student": student, "items": slow})
        by_part: dict[str, list[dict]] = {}
        for i in row_items:
            by_part.setdefault(str(i["id"]).split(".", 1)[0], []).append(i)
        for part, part_items in by_part.items():
            problem = _part_problem(part_items)
            if problem and any(float(i.get("max_score") or 0) > 0 for i in part_items):
                refused.append({"student": student, "part": part, "message": problem})
    return {"misleading": misleading, "mostly_failed": mostly_failed, "not_graded": not_graded,
            "timed_out": timed_out, "refused": refused}


def _flags(entry: dict) -> list[str]:
    flags = []
    d, n = entry["discrimination"], entry["n"]
    if n >= MIN_STUDENTS_TO_FLAG:
        if d is not None and d < 0:
            flags.append("negative discrimination")
        elif d is not None and d < LOW_DISCRIMINATION:
            flags.append("low discrimination")
        if entry["correct"] is not None and entry["correct"] < 0.2:
            flags.append("few correct")
        if entry["statuses"].get("error", 0) + entry["statuses"].get("timeout", 0) > n / 4:
            flags.append("many errors or timeouts")
    return flags


def to_json(analysis: dict) -> str:
    return json.dumps(analysis, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# ---------------------------------------------------------------- Markdown

def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _answer(text: str) -> str:
    """A wrong answer for the Markdown: each selected choice of a multiple select shortened on its own."""
    parts = text.split(" + ")
    return " + ".join(_short(p, 60 if len(parts) > 1 else 160) for p in parts)


def _cell(text: object, limit: int = 200) -> str:
    first = str(text).splitlines()[0] if str(text) else ""
    first = _short(first, limit)
    return first.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("`", "'")


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def _share(percent: float | None) -> float | None:
    return None if percent is None else percent / 100


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _listed(lines: list[str], total: int, what: str) -> list[str]:
    """At most SHOWN lines of a list, then how many more are in analysis.json."""
    out = lines[:SHOWN]
    if total > SHOWN:
        out.append(f"- … and {total - SHOWN} more {what} (all of them in analysis.json)")
    return out


def _attention_md(analysis: dict) -> list[str]:
    att = analysis.get("attention") or attention([], analysis["items"])
    out = ["## Needs your attention", ""]
    if not any(att.values()):
        return out + ["Nothing stands out: every submission was graded, no item looks misleading, "
                      "and no function is failed by most of the class.", ""]
    if att["not_graded"]:
        out += [f"**{len(att['not_graded'])} submission(s) could not be graded** (no grade at all; "
                "delete their lines from results.jsonl or use --regrade to try again):", ""]
        out += _listed([f"- `{_cell(x['student'], 60)}`: {_cell(x['error'], 160)}" for x in att["not_graded"]],
                       len(att["not_graded"]), "submissions")
        out.append("")
    if att["misleading"]:
        out += [f"**{len(att['misleading'])} item(s) may mislead**: students who do well overall do no better on them "
                "(check the question, its key, or the check):", ""]
        out += _listed([f"- `{_cell(x['id'])}`: {', '.join(x['flags'])} (discrimination {_num(x['discrimination'])}, "
                        f"correct {_pct(x['correct'])})" for x in att["misleading"]], len(att["misleading"]), "items")
        out.append("")
    if att["mostly_failed"]:
        out += [f"**{len(att['mostly_failed'])} function(s) most of the class fails** (share with full marks, "
                "most common feedback):", ""]
        lines = []
        for x in att["mostly_failed"]:
            said = f": {x['feedback']['count']} × {_cell(x['feedback']['example'], 140)}" if x["feedback"] else ""
            lines.append(f"- `{_cell(x['id'])}`: {_pct(x['correct'])} full marks, mean {_pct(x['mean'])}{said}")
        out += _listed(lines, len(lines), "functions")
        out.append("")
    if att["timed_out"]:
        out += [f"**{len(att['timed_out'])} submission(s) timed out** in at least one function "
                "(an endless loop or very slow code; it cost that function only):", ""]
        out += _listed([f"- `{_cell(x['student'], 60)}`: {', '.join(f'`{_cell(i, 60)}`' for i in x['items'][:6])}"
                        + (f" and {len(x['items']) - 6} more" if len(x['items']) > 6 else "") for x in att["timed_out"]],
                       len(att["timed_out"]), "submissions")
        out.append("")
    if att["refused"]:
        out += [f"**{len(att['refused'])} part(s) of submissions were refused or unreadable** (scored 0 with this message):", ""]
        out += _listed([f"- `{_cell(x['student'], 60)}` {_cell(x['part'], 60)}: {_cell(x['message'], 160)}" for x in att["refused"]],
                       len(att["refused"]), "parts")
        out.append("")
    return out


def to_markdown(analysis: dict) -> str:
    """A short report: what needs attention first, then one compact table per kind."""
    s = analysis["summary"]
    out = ["# Item analysis", ""]
    line = f"{s['students']} submissions graded" + (f", {s['errors']} could not be graded" if s["errors"] else "") + "."
    if s["students"]:
        line += (f" Total: mean {s['mean_percent']:.1f}%, median {s['median_percent']:.1f}%, "
                 f"range {s['min_percent']:.1f}%–{s['max_percent']:.1f}%; Cronbach's alpha {_num(s['cronbach_alpha'])}.")
    out += [line, ""]
    out += _attention_md(analysis)
    part_rows = analysis.get("parts") or []
    if part_rows:
        out += ["## Quizzes and assignments", "", "| Part | Points | Mean | Median | Full marks |", "| --- | ---: | ---: | ---: | ---: |"]
        out += [f"| `{_cell(p['id'])}` | {_num(p['max_score'])} | {_num(p['mean'])} ({_pct(_share(p['mean_percent']))}) "
                f"| {_num(p['median'])} | {_pct(p['full_marks'])} |" for p in part_rows]
        out.append("")
    out += ["*Correct*: share with full marks. *Mean*: mean fraction of the points. *Discr.*: correlation of the item's "
            "score with the rest of the total (flagged below "
            f"{LOW_DISCRIMINATION} once there are {MIN_STUDENTS_TO_FLAG}+ submissions).", ""]
    for kind, title in (("quiz", "Quiz items"), ("exercise", "Functions")):
        rows = [i for i in analysis["items"] if i["kind"] == kind]
        if not rows:
            continue
        last = "Most common wrong answers" if kind == "quiz" else "Most common feedback"
        out += [f"## {title}", "", f"| Item | n | Correct | Mean | Discr. | {last} |", "| --- | ---: | ---: | ---: | ---: | --- |"]
        for i in rows:
            if kind == "quiz":
                common = ("numbers differ per student" if i["template"] else
                          " · ".join(f"{a['count']} × {_cell(_answer(a['answer']), 80)}" for a in i["wrong_answers"][:2]))
            else:
                common = " · ".join(f"{f['count']} × {_cell(f['example'], 80)}" for f in i["feedback"][:2])
            flag = " ⚠" if i["flags"] else ""
            out.append(f"| `{_cell(i['id'])}`{flag} | {i['n']} | {_pct(i['correct'])} | {_pct(i['mean'])} | "
                       f"{_num(i['discrimination'])} | {common} |")
        out.append("")
    blank = [(i["id"], i["not_answered"]) for i in analysis["items"] if i["kind"] == "quiz" and i.get("not_answered")]
    if blank:
        counts = Counter(n for _, n in blank)
        if len(counts) == 1:
            n = next(iter(counts))
            out += [f"Not answered: {len(blank)} quiz item(s) left blank by {n} submission(s) each.", ""]
        else:
            out += ["Not answered (item: submissions): " + ", ".join(f"`{_cell(i)}` {n}" for i, n in
                                                                    sorted(blank, key=lambda b: (-b[1], b[0]))[:12])
                    + (f", … {len(blank) - 12} more" if len(blank) > 12 else "") + ".", ""]
    return "\n".join(out).rstrip() + "\n"
