"""Gradebook columns and totals, and the item analysis, on a hand-made set of rows."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from grader.batch import analysis
from grader.batch.gradebook import Column, render
from grader.batch.task import error_row

COLUMNS = [Column("quiz1.a", "quiz", 1.0), Column("quiz1.b", "quiz", 2.0), Column("quiz1.t", "quiz", 1.0, template=True),
           Column("mod.f", "exercise"), Column("mod.g", "exercise")]

# student -> (quiz1.a, quiz1.b, quiz1.t, mod.f, mod.g) scores; max 1, 2, 1, 4, 3
SCORES = {
    "ann": (1, 2, 1, 4, 3),
    "bob": (0, 1, 1, 4, 0),
    "cat": (1, 0, 0, 2, 3),
    "dan": (0, 2, 1, 0, 0),
    "eve": (1, 2, 0, 4, 3),
    "fay": (0, 0, 0, 2, 0),
}
MAX = (1, 2, 1, 4, 3)
WRONG = {"bob": {"quiz1.a": "choice B"}, "dan": {"quiz1.a": "choice B", "quiz1.b": "unreadable: 'zz'"}, "fay": {"quiz1.a": "choice C"}}
FEEDBACK = {("bob", "mod.g"): "grads['db1'] has shape (3,), expected (3, 1)\nmore detail",
            ("dan", "mod.g"): "grads['db1'] has shape (5,), expected (5, 1) (2 of 3 checks failed)",
            ("fay", "mod.g"): "returned None",
            ("cat", "mod.f"): "cost is off by a factor 2", ("fay", "mod.f"): "cost is off by a factor 2", ("dan", "mod.f"): "not found"}


def status(score, max_score):
    return "passed" if score == max_score else ("partial" if score > 0 else "failed")


def rows():
    out = []
    for student, scores in SCORES.items():
        items = []
        for column, score, m in zip(COLUMNS, scores, MAX):
            st = status(score, m)
            if student == "dan" and column.id == "mod.f":
                st = "missing"
            if student == "fay" and column.id == "quiz1.b":
                st = "missing"
            items.append({"id": column.id, "kind": column.kind, "score": float(score), "max_score": float(m), "status": st,
                          "feedback": FEEDBACK.get((student, column.id), "" if st == "passed" else "Not right.")})
        items.append({"id": "quiz1.typo", "kind": "quiz", "score": 0.0, "max_score": 0.0, "status": "error", "feedback": "not an item"})
        out.append({"schema": 1, "student": student, "status": "graded", "score": float(sum(scores)), "max_score": float(sum(MAX)),
                    "items": items, "receipt": None, "wrong_answers": WRONG.get(student, {})})
    out.append(error_row("=cmd", "grading failed: OSError"))
    return out[::-1]  # journal order is completion order; reports must not depend on it


def test_gradebook_has_a_column_per_item_in_course_order_then_subtotals_and_totals():
    table = list(csv.reader(io.StringIO(render(rows(), COLUMNS))))
    assert table[0] == ["student", "status", "quiz1.a", "quiz1.b", "quiz1.t", "mod.f", "mod.g",
                        "quiz1 subtotal", "mod subtotal", "score", "max_score", "percent"]
    body = {r[0]: r[1:] for r in table[1:]}
    assert [r[0] for r in table[1:]] == ["'=cmd", "ann", "bob", "cat", "dan", "eve", "fay"]  # sorted; no formula
    assert body["bob"] == ["graded", "0", "1", "1", "4", "0", "2", "4", "6", "11", "54.55"]
    assert body["ann"][-3:] == ["11", "11", "100.00"]
    for student, scores in SCORES.items():
        cells = body[student]
        assert [float(c) for c in cells[1:6]] == list(scores)
        assert float(cells[8]) == sum(scores) == sum(float(c) for c in cells[1:6])
    assert body["'=cmd"] == ["error", "", "", "", "", "", "", "", "0", "11", "0.00"]


def test_gradebook_subtotals_add_up_to_the_total():
    """Per quiz and per assignment: the items of that part, and together exactly the score."""
    from grader.batch.gradebook import part_maxima

    with_fraction = rows()
    for row in with_fraction:
        for item in row["items"]:
            if item["id"] == "mod.g" and item["score"]:
                item["score"] = 1.1  # not an integer: sums must still agree to the printed precision
        row["score"] = round(sum(i["score"] for i in row["items"]), 6)
    book = list(csv.DictReader(io.StringIO(render(with_fraction, COLUMNS))))
    for line in book:
        if line["status"] != "graded":
            assert line["quiz1 subtotal"] == line["mod subtotal"] == ""
            continue
        quiz = sum(float(line[c]) for c in ("quiz1.a", "quiz1.b", "quiz1.t"))
        mod = sum(float(line[c]) for c in ("mod.f", "mod.g"))
        assert float(line["quiz1 subtotal"]) == pytest.approx(quiz)
        assert float(line["mod subtotal"]) == pytest.approx(mod)
        assert float(line["quiz1 subtotal"]) + float(line["mod subtotal"]) == pytest.approx(float(line["score"]))
    assert part_maxima(rows(), COLUMNS) == {"quiz1": 4.0, "mod": 7.0}


def test_item_analysis_numbers():
    data = analysis.analyse(rows(), COLUMNS)
    items = {i["id"]: i for i in data["items"]}
    assert list(items) == [c.id for c in COLUMNS]
    students = sorted(SCORES)
    matrix = np.array([SCORES[s] for s in students], dtype=float)
    totals = matrix.sum(axis=1)
    for k, column in enumerate(COLUMNS):
        entry = items[column.id]
        x = matrix[:, k]
        rest = totals - x
        expected = np.corrcoef(x, rest)[0, 1]  # computed independently of analysis.pearson
        assert entry["discrimination"] == pytest.approx(expected, abs=1e-4), column.id
        assert entry["n"] == 6
        assert entry["mean"] == pytest.approx(np.mean(x / MAX[k]), abs=1e-4)
        assert entry["correct"] == pytest.approx(np.mean(x == MAX[k]), abs=1e-4)
    a = items["quiz1.a"]
    assert a["wrong_answers"] == [{"answer": "choice B", "count": 2}, {"answer": "choice C", "count": 1}]
    assert items["quiz1.b"]["not_answered"] == 1 and items["quiz1.b"]["wrong_answers"] == [{"answer": "unreadable: 'zz'", "count": 1}]
    assert items["quiz1.t"]["template"] is True
    g = items["mod.g"]["feedback"]
    assert g[0] == {"message": "grads['db#'] has shape (#,), expected (#, #)", "count": 2, "example": "grads['db1'] has shape (3,), expected (3, 1)"}
    assert g[1]["message"] == "returned None" and g[1]["count"] == 1
    assert items["mod.f"]["feedback"][0] == {"message": "cost is off by a factor #", "count": 2, "example": "cost is off by a factor 2"}
    assert items["mod.f"]["statuses"] == {"missing": 1, "partial": 2, "passed": 3}

    summary = data["summary"]
    assert summary["students"] == 6 and summary["errors"] == 1
    percents = totals / sum(MAX) * 100
    assert summary["mean_percent"] == pytest.approx(percents.mean(), abs=0.01)
    k = len(COLUMNS)
    alpha = k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / totals.var(ddof=1))
    assert summary["cronbach_alpha"] == pytest.approx(alpha, abs=1e-4)


def test_no_variance_means_no_discrimination_and_reports_are_deterministic():
    ann = next(r for r in rows() if r["student"] == "ann")
    data = analysis.analyse([dict(ann, student=f"x{i}") for i in range(3)], COLUMNS)
    assert all(i["discrimination"] is None for i in data["items"])
    one = analysis.to_json(analysis.analyse(rows(), COLUMNS))
    two = analysis.to_json(analysis.analyse(list(reversed(rows())), COLUMNS))
    assert one == two and json.loads(one)["schema"] == 1
    md = analysis.to_markdown(analysis.analyse(rows(), COLUMNS))
    assert "| `quiz1.a` | 6 | 50% | 50% |" in md and "2 × choice B · 1 × choice C" in md
    assert "Not answered: 1 quiz item(s) left blank by 1 submission(s) each." in md and "(not answered)" not in md
    assert "numbers differ per student" in md  # the template item
    assert md.index("## Needs your attention") < md.index("## Quiz items")
    assert "- `=cmd`: grading failed: OSError" in md


def test_analysis_leads_with_what_needs_attention():
    """A class of 12: a misleading item, a function most fail, a timeout, a refused sheet, a row not graded."""
    columns = [Column("q.good", "quiz", 1.0), Column("q.odd", "quiz", 1.0), Column("m.easy", "exercise"), Column("m.hard", "exercise")]
    out = []
    for k in range(12):
        strong = k < 6
        scores = {"q.good": float(strong), "q.odd": float(not strong), "m.easy": 2.0 if strong or k % 2 else 1.0,
                  "m.hard": 3.0 if k < 2 else (2.0 if strong else float(k % 2))}
        maxima = {"q.good": 1.0, "q.odd": 1.0, "m.easy": 2.0, "m.hard": 3.0}
        items = []
        for c in columns:
            st = status(scores[c.id], maxima[c.id])
            feedback = "" if st == "passed" else ("dW has shape (2, 3), expected (3, 2)" if c.id == "m.hard" else "wrong")
            items.append({"id": c.id, "kind": c.kind, "score": scores[c.id], "max_score": maxima[c.id], "status": st, "feedback": feedback})
        if k == 7:
            items[3].update(status="timeout", score=0.0, feedback="hard() did not return within 1 s")
        if k == 8:
            for it in items[:2]:
                it.update(status="error", score=0.0, feedback="answers/q.toml is a symbolic link (not followed); submit the file itself")
        out.append({"schema": 1, "student": f"s{k:02d}", "status": "graded", "score": sum(i["score"] for i in items),
                    "max_score": 7.0, "items": items, "receipt": None, "wrong_answers": {}})
    out.append(error_row("zz", "the grading process died twice while grading this submission (killed by SIGKILL)"))
    data = analysis.analyse(out, columns)
    att = data["attention"]
    assert [x["id"] for x in att["misleading"]] == ["q.odd"] and "negative discrimination" in att["misleading"][0]["flags"]
    assert [x["id"] for x in att["mostly_failed"]] == ["m.hard"]
    assert att["mostly_failed"][0]["feedback"]["message"] == "dW has shape (#, #), expected (#, #)"
    assert att["timed_out"] == [{"student": "s07", "items": ["m.hard"]}]
    assert att["refused"] == [{"student": "s08", "part": "q", "message": "answers/q.toml is a symbolic link (not followed); submit the file itself"}]
    assert att["not_graded"] == [{"student": "zz", "error": "the grading process died twice while grading this submission (killed by SIGKILL)"}]
    parts = {p["id"]: p for p in data["parts"]}
    assert parts["q"]["max_score"] == 2.0 and parts["m"]["max_score"] == 5.0
    graded_rows = [r for r in out if r["status"] == "graded"]
    assert parts["m"]["mean"] == pytest.approx(np.mean([sum(i["score"] for i in r["items"] if i["id"].startswith("m.")) for r in graded_rows]), abs=1e-4)

    md = analysis.to_markdown(data)
    head = md.split("## Quizzes and assignments")[0]
    for expected in ("1 submission(s) could not be graded", "`zz`: the grading process died twice",
                     "1 item(s) may mislead", "`q.odd`: negative discrimination",
                     "1 function(s) most of the class fails", "`m.hard`: 17% full marks",
                     "1 submission(s) timed out", "`s07`: `m.hard`",
                     "1 part(s) of submissions were refused or unreadable", "`s08` q: answers/q.toml is a symbolic link"):
        assert expected in head, expected
    assert len(md.splitlines()) < 60


def test_pearson_matches_numpy():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=30), rng.normal(size=30)
    assert analysis.pearson(list(x), list(y)) == pytest.approx(np.corrcoef(x, y)[0, 1])
    assert analysis.pearson([1, 1, 1], [1, 2, 3]) is None and analysis.pearson([1], [2]) is None
