"""Every gradebook row has the course's maximum, whatever each submission did.

A function's maximum no longer depends on what the student's code did (a skipped,
timed-out or not-run check is lost points), so totals, percentages and the item
analysis compare like with like.
"""

from __future__ import annotations

import csv
import json
import shutil

from engine_support import SKIPPING_CHECK
from grader.batch.coordinator import run_batch
from grader.course import load_course

from .conftest import HOSTILE, sheet, stack_reference, toy_reference, write

def test_every_row_and_item_has_the_same_maximum(course_dir, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(course_dir, root)
    hidden = root / "solutions" / "checks" / "test_stack.py"
    hidden.write_text(hidden.read_text() + SKIPPING_CHECK)
    course = load_course(root)
    subs = tmp_path / "subs"
    toy, stack = toy_reference(), stack_reference()
    write(subs / "right", toy, stack, sheet(root, "right"))
    write(subs / "skipped", toy, stack.replace("return W @ x + b", "return W @ x - b"), sheet(root, "skipped"))
    write(subs / "loops", toy + "\n" + (HOSTILE / "ignores_signals.py").read_text(), stack, sheet(root, "loops"))
    write(subs / "no_stack", toy, None, sheet(root, "no_stack"))
    results = tmp_path / "results"
    run_batch(course, subs, results, jobs=1)

    rows = [json.loads(line) for line in (results / "results.jsonl").read_text().splitlines()]
    assert len(rows) == 4 and {r["status"] for r in rows} == {"graded"}
    maxima = {r["student"]: {i["id"]: i["max_score"] for i in r["items"]} for r in rows}
    assert maxima["right"] == maxima["skipped"] == maxima["loops"] == maxima["no_stack"]
    assert maxima["right"]["stack.forward"] == 4
    skipped = {i["id"]: i for r in rows if r["student"] == "skipped" for i in r["items"]}
    assert skipped["stack.forward"]["score"] < 4 and "fix affine() first" in skipped["stack.forward"]["feedback"]
    with open(results / "gradebook.csv", newline="") as f:
        book = list(csv.DictReader(f))
    assert len({row["max_score"] for row in book}) == 1
