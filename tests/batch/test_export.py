"""`grade export`: Canvas- and Moodle-shaped grade import CSVs, parsed back and checked against results.jsonl."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.batch.task import dumps, error_row

PARTS = ("week1", "numpy_basics", "deep_nn")


def item(item_id: str, score: float, max_score: float) -> dict:
    status = "passed" if score == max_score else ("partial" if score else "failed")
    return {"id": item_id, "kind": "quiz" if item_id.startswith("week") else "exercise",
            "score": score, "max_score": max_score, "status": status, "feedback": ""}


def graded(student: str, scores: tuple[float, ...]) -> dict:
    ids = [("week1.a", 1.0), ("week1.b", 2.0), ("numpy_basics.sigmoid", 5.0), ("numpy_basics.softmax", 6.0),
           ("deep_nn.linear_forward", 4.0)]
    items = [item(i, s, m) for (i, m), s in zip(ids, scores)]
    items.append({"id": "notes.x", "kind": "quiz", "score": 0.0, "max_score": 0.0, "status": "error", "feedback": "no quiz 'notes'"})
    return {"schema": 1, "student": student, "status": "graded", "score": round(sum(scores), 6),
            "max_score": 18.0, "items": items, "receipt": None, "wrong_answers": {}}


ROWS = [graded("s02", (0, 2, 5, 1.5, 0)), graded("s01", (1, 2, 5, 6, 4)), graded("=HYPERLINK(1)", (1, 0, 2.25, 0, 0.1)),
        graded("@evil", (0, 0, 0, 0, 0)), error_row("s03", "grading failed")]


@pytest.fixture
def results(tmp_path) -> Path:
    directory = tmp_path / "results"
    directory.mkdir()
    (directory / "results.jsonl").write_text("".join(dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    return directory


def grade(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "CI": "1"})


def journal_points() -> dict[str, dict[str, float]]:
    """Points per part straight from the rows, computed here independently of the exporter."""
    out: dict[str, dict[str, float]] = {}
    for row in ROWS:
        if row["status"] != "graded":
            continue
        per: dict[str, float] = {}
        for i in row["items"]:
            per[i["id"].split(".")[0]] = per.get(i["id"].split(".")[0], 0.0) + i["score"]
        out[row["student"]] = per
    return out


def test_canvas_layout_and_numbers(results, tmp_path):
    out = tmp_path / "canvas.csv"
    proc = grade("export", str(results), "--format", "canvas", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "1 submission(s) could not be graded; their cells are empty: s03" in proc.stderr
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    # The header Canvas's importer expects: Student, ID, SIS User ID, SIS Login ID, Section, then assignments.
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *PARTS]
    assert table[1] == ["Points Possible", "", "", "", "", "3", "11", "4"]
    body = {r[2]: r for r in table[2:]}
    assert list(body) == ["'=HYPERLINK(1)", "'@evil", "s01", "s02", "s03"]  # sorted by batch id; no formula
    expected = journal_points()
    for sis_id, line in body.items():
        student = sis_id.lstrip("'")
        assert line[0] == line[1] == line[3] == line[4] == ""
        if student == "s03":
            assert line[5:] == ["", "", ""]
            continue
        assert [float(c) for c in line[5:]] == pytest.approx([expected[student][p] for p in PARTS])
        row = next(r for r in ROWS if r["student"] == student)
        assert sum(float(c) for c in line[5:]) == pytest.approx(row["score"])  # nothing lost, nothing counted twice
    assert body["'=HYPERLINK(1)"][5:] == ["1", "2.25", "0.1"]


def test_moodle_layout_numbers_and_roster(results, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,LMS_ID,name\n s01 ,ann@example.org,Ann\ns02,bob@example.org,\n=HYPERLINK(1),+1@example.org,\n"
                      "@evil,eve@example.org,\ns03,cat@example.org,\nunused,nobody@example.org,\n", encoding="utf-8")
    proc = grade("export", str(results), "--format", "moodle", "--roster", str(roster), "--id-field", "email")
    assert proc.returncode == 0, proc.stderr
    assert "deep_nn 4" in proc.stderr and "numpy_basics 11" in proc.stderr  # the maxima to give the grade items
    table = list(csv.reader(io.StringIO(proc.stdout)))
    assert table[0] == ["email", *PARTS]
    body = {r[0]: r[1:] for r in table[1:]}
    assert set(body) == {"'+1@example.org", "eve@example.org", "ann@example.org", "bob@example.org", "cat@example.org"}
    expected = journal_points()
    assert [float(c) for c in body["ann@example.org"]] == [expected["s01"][p] for p in PARTS]
    assert [float(c) for c in body["bob@example.org"]] == [expected["s02"][p] for p in PARTS]
    assert body["cat@example.org"] == ["", "", ""]


def test_canvas_name_and_section_from_the_roster(results, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student,lms_id,name,section\n" + "".join(
        f"{r['student']},{100 + k},\"Doe, {k}\",-A1\n" for k, r in enumerate(ROWS)), encoding="utf-8")
    proc = grade("export", str(results), "--format", "canvas", "--roster", str(roster), "--id-field", "id")
    assert proc.returncode == 0, proc.stderr
    table = list(csv.reader(io.StringIO(proc.stdout)))
    s01 = next(r for r in table if r[1] == "101")
    assert s01[:5] == ["Doe, 1", "101", "", "", "'-A1"]


@pytest.mark.parametrize("args, message", [
    (["--format", "canvas", "--id-field", "email"], "--id-field for canvas is one of"),
    (["--format", "moodle", "--roster", "ROSTER_MISSING"], "roster file not found"),
    (["--format", "moodle", "--roster", "ROSTER_SHORT"], "not in the roster: s01, s02, s03"),
    (["--format", "moodle", "--roster", "ROSTER_BAD"], "roster.csv:1: a roster needs a header"),
    (["--format", "excel"], "Invalid value for '--format'"),
])
def test_bad_input_is_one_line_and_exit_2(results, tmp_path, args, message):
    (tmp_path / "short.csv").write_text("student,lms_id\n=HYPERLINK(1),x\n@evil,y\n", encoding="utf-8")
    (tmp_path / "roster.csv").write_text("id,email\n", encoding="utf-8")
    paths = {"ROSTER_MISSING": str(tmp_path / "nope.csv"), "ROSTER_SHORT": str(tmp_path / "short.csv"),
             "ROSTER_BAD": str(tmp_path / "roster.csv")}
    proc = grade("export", str(results), *[paths.get(a, a) for a in args])
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_no_results_and_links_are_refused(tmp_path, results):
    proc = grade("export", str(tmp_path), "--format", "canvas")
    assert proc.returncode == 2 and "no results.jsonl here" in proc.stderr
    target = tmp_path / "planted.csv"
    target.symlink_to(tmp_path / "elsewhere.csv")
    proc = grade("export", str(results), "--format", "canvas", "-o", str(target))
    assert proc.returncode == 2 and "symbolic link" in proc.stderr
    assert not (tmp_path / "elsewhere.csv").exists()


def test_numbers_are_plain_decimals():
    from grader.batch.lms import number

    assert [number(x) for x in (0, 1e-7, 2.5e-6, 3.0, 1 / 3, 12345678.0, -0.0)] == ["0", "0", "0.000003", "3", "0.333333", "12345678", "0"]
    assert json.loads("[" + ",".join(number(x) for x in (0.1, 2.25)) + "]") == [0.1, 2.25]
