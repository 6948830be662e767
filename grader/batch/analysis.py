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

Also for the whole test: the distribution of totals and Cronbach's alpha.

Everything is computed from the journal rows sorted by student, and every
float is rounded, so the same journal always gives byte-identical files.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from statistics import median

from grader.batch.gradebook import Column

ANALYSIS_JSON = "analysis.json"
ANALYSIS_MD = "analysis.md"
TOP = 5
LOW_DISCRIMINATION = 0.2  # flag below this (with enough students to mean something)
MIN_STUDENTS_TO_FLAG = 10
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
    return {"schema": 1, "summary": summary, "items": items}


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


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def to_markdown(analysis: dict) -> str:
    s = analysis["summary"]
    out = ["# Item analysis", ""]
    out.append(f"{s['students']} submissions graded" + (f", {s['errors']} could not be graded" if s["errors"] else "") + ".")
    if s["students"]:
        out.append(f"Total: mean {s['mean_percent']:.1f}%, median {s['median_percent']:.1f}%, "
                   f"range {s['min_percent']:.1f}%–{s['max_percent']:.1f}%; Cronbach's alpha {_num(s['cronbach_alpha'])}.")
    out += ["", "*Correct*: share of submissions with full marks. *Mean*: mean fraction of the points. "
            "*Discrimination*: correlation of the item's score with the rest of the total "
            f"(below {LOW_DISCRIMINATION} is flagged once there are {MIN_STUDENTS_TO_FLAG}+ submissions: "
            "students who do well overall do no better here — check the question, its key, or the check).", ""]
    flagged = [i for i in analysis["items"] if i["flags"]]
    if flagged:
        out += ["## Items to look at", ""]
        out += [f"- `{_cell(i['id'])}`: {', '.join(i['flags'])} (correct {_pct(i['correct'])}, discrimination {_num(i['discrimination'])})" for i in flagged]
        out.append("")
    for kind, title in (("quiz", "Quiz items"), ("exercise", "Functions")):
        rows = [i for i in analysis["items"] if i["kind"] == kind]
        if not rows:
            continue
        out += [f"## {title}", "", "| Item | n | Correct | Mean | Discrimination | Flags |", "| --- | ---: | ---: | ---: | ---: | --- |"]
        out += [f"| `{_cell(i['id'])}` | {i['n']} | {_pct(i['correct'])} | {_pct(i['mean'])} | {_num(i['discrimination'])} | {_cell(', '.join(i['flags']))} |" for i in rows]
        out.append("")
    quiz_details = [i for i in analysis["items"] if i["kind"] == "quiz" and (i["wrong_answers"] or i["not_answered"] or i["template"])]
    if quiz_details:
        out += ["## Most common wrong answers", ""]
        for i in quiz_details:
            out.append(f"### `{_cell(i['id'])}`")
            out.append("")
            if i["template"]:
                out.append("Numbers differ per student (template item): wrong answers are not comparable across students.")
            for a in i["wrong_answers"]:
                out.append(f"- {a['count']} × {_cell(_answer(a['answer']), 400)}")
            if i["not_answered"]:
                out.append(f"- {i['not_answered']} × (not answered)")
            out.append("")
    fn_details = [i for i in analysis["items"] if i["kind"] == "exercise" and i["feedback"]]
    if fn_details:
        out += ["## Most common feedback", ""]
        for i in fn_details:
            out.append(f"### `{_cell(i['id'])}`")
            out.append("")
            for f in i["feedback"]:
                shown = f["message"] if f["message"] == f["example"] else f"{f['message']}  (e.g. {f['example']})"
                out.append(f"- {f['count']} × {_cell(shown)}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"
