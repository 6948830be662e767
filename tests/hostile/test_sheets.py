"""Any answer sheet: graded in linear time, within limits, never a traceback.

Sheets are graded with the real course's banks through the real command. A sheet of
24,000 made-up keys used to take a minute (each key's line was found by scanning every
line) and write a 10 MB report; one nested 5,000 deep gave a traceback and exit 1.
Now: unknown keys are one summarised item, and nesting, size and value-count limits
are that quiz's message in the report (it scores 0, the rest is graded, exit 0).
Every sheet here is under a few hundred KiB and every run has a timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def grade(sub: Path, *args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, dict, float, int]:
    """`grade check SUB --course ROOT --json ...` on the real course: (process, report, seconds, report bytes)."""
    out = sub.parent / "grade.json"
    out.unlink(missing_ok=True)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "grader", "check", str(sub), "--course", str(ROOT), "--json", str(out),
                           "--no-record", *args], capture_output=True, text=True, timeout=timeout, env={**os.environ, "CI": "1"})
    elapsed = time.monotonic() - start
    text = out.read_text() if out.exists() else "{}"
    return proc, json.loads(text), elapsed, len(text)


def sheets(tmp_path: Path, **texts: str | bytes) -> Path:
    sub = tmp_path / "sub"
    (sub / "answers").mkdir(parents=True)
    for quiz, text in texts.items():
        path = sub / "answers" / f"{quiz}.toml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return sub


def quiz_items(report: dict, quiz: str) -> list[dict]:
    return [i for i in report["items"] if i["id"].startswith(quiz + ".")]


def key_sheet(quiz: str) -> str:
    from grader.quiz import load_bank, render_key

    return render_key(load_bank(ROOT / "quizzes" / f"{quiz}.toml"), "anonymous")


def test_24000_unknown_keys_are_graded_quickly_and_summarised(tmp_path):
    text = "\n".join(f"k{n:05d}=1" for n in range(24_000)) + "\n"  # 216 KB
    sub = sheets(tmp_path, week2=text, week1=key_sheet("week1"))
    proc, report, elapsed, size = grade(sub, "--only", "week1,week2")
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 15, elapsed  # was about a minute
    assert size < 50_000, size  # was 10.7 MB
    unknown = [i for i in quiz_items(report, "week2") if i["max_score"] == 0]
    assert len(unknown) == 1 and unknown[0]["id"] == "week2._unknown"
    assert "24,000 unknown ids, e.g. 'k00000' (line 1), 'k00001' (line 2)" in unknown[0]["feedback"]
    assert all(i["status"] == "passed" for i in quiz_items(report, "week1"))


def test_a_few_unknown_keys_are_still_named_one_by_one(tmp_path):
    sub = sheets(tmp_path, week1=key_sheet("week1") .replace("[sheet]", "new-electricty = \"a\"\n\n[sheet]"))
    proc, report, _, _ = grade(sub, "--only", "week1")
    assert proc.returncode == 0, proc.stderr
    typo = {i["id"]: i for i in quiz_items(report, "week1")}["week1.new-electricty"]
    assert "did you mean 'new-electricity'?" in typo["feedback"] and ":" in typo["feedback"]


SHAPES = {  # name: (sheet text, the message it gets)
    "lists 5000 deep": ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    "inline tables 3000 deep": ("a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n", "nested too deeply"),
    "dotted keys 5000 deep": ("a." * 5000 + "b = 1\n", "nested more than 8 deep"),
    "table header 5000 deep": ("[" + "t." * 5000 + "u]\nx = 1\n", "nested more than 8 deep"),
    "60000 values": ("a = [" + "0," * 60_000 + "]\n", "holds more than 50,000 keys and values"),
    "a 5000-digit number": ("a = " + "1" * 5000 + "\n", "holds a number of thousands of digits"),
    "300 KiB": ("# " + "x" * (300 * 1024) + "\n", "is 300 KiB; an answer sheet may be at most 256 KiB"),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_sheet_beyond_the_limits_is_that_quizs_message(tmp_path, shape):
    text, message = SHAPES[shape]
    sub = sheets(tmp_path, week3=text, week1=key_sheet("week1"))
    proc, report, elapsed, _ = grade(sub, "--only", "week1,week3")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    week3 = quiz_items(report, "week3")
    assert week3 and all(i["score"] == 0 and i["status"] == "error" and message in i["feedback"] for i in week3), week3[0]
    assert all(i["feedback"].startswith("answers/week3.toml") for i in week3)
    assert all(i["status"] == "passed" for i in quiz_items(report, "week1"))
    assert elapsed < 20


def test_odd_value_types_cost_their_item_only(tmp_path):
    """Every TOML type where an answer belongs, and a [sheet] that is not a table: items, not a traceback."""
    from grader.quiz import load_bank

    bank = load_bank(ROOT / "quizzes" / "week2.toml")
    values = ["9" * 400, "[" + ", ".join(["9" * 300] * 3) + "]", "1979-05-27T07:32:00Z", "07:32:00", "1979-05-27", "{a = 1}", "[[1, 2], {a = 3}]", "nan", "-inf",
              "[true, 1.5, \"x\"]", "{}", "[]", "9223372036854775807", "'''\nmulti\nline'''", "\"\\u0000\""]
    lines = [f"{item.id} = {values[n % len(values)]}" for n, item in enumerate(bank.items)]
    sub = sheets(tmp_path, week2="\n".join(lines) + "\nsheet = 5\n")
    proc, report, _, _ = grade(sub, "--only", "week2")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    items = quiz_items(report, "week2")
    assert len(items) == len(bank.items) and all(i["score"] == 0 for i in items)


def test_invalid_toml_is_still_exit_2_with_file_and_line(tmp_path):
    sub = sheets(tmp_path, week1='new-electricity = "a"\nwhy-took-off = = 3\n')
    proc, _, _, _ = grade(sub, "--only", "week1")
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("fix the file and try again") and "answers/week1.toml:2: invalid TOML" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_the_line_index_is_linear():
    """Looking up every key of a big sheet costs about as much per key for 6,000 keys as for 24,000."""
    from grader.quiz.sheet import parse_sheet

    def per_key(n: int) -> float:
        text = "\n".join(f"k{i}=1" for i in range(n)).encode()
        sheet = parse_sheet(text, Path("answers/x.toml"))
        start = time.perf_counter()
        lines = [sheet.line_of(f"k{i}") for i in range(n)]
        assert lines[-1] == n
        return (time.perf_counter() - start) / n

    assert per_key(24_000) < 3 * per_key(6_000) + 1e-6  # quadratic would be 4 times


def test_a_long_answer_costs_its_item_only_and_no_time(tmp_path):
    """A 200,000-character shape made the shape pattern backtrack for hours (cubic); answers are bounded now."""
    from grader.quiz.answers import _SHAPE

    start = time.perf_counter()
    assert _SHAPE.fullmatch("1" + " " * 200_000 + "a") is None
    assert time.perf_counter() - start < 1
    spaces = " " * 200_000
    many = ", ".join(['"a"'] * 5_000)
    sub = sheets(tmp_path, week2=f'dot-course-example = "1{spaces}a"\nneuron-computes = [{many}]\n')
    proc, report, elapsed, _ = grade(sub, "--only", "week2")
    assert proc.returncode == 0, proc.stderr
    items = {i["id"]: i for i in quiz_items(report, "week2")}
    assert "the answer is 200,002 characters long" in items["week2.dot-course-example"]["feedback"]
    assert "the answer lists 5,000 values" in items["week2.neuron-computes"]["feedback"]
    assert elapsed < 20
