"""Each report format checked against its consumers' rules, from one synthetic Report."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest

from grader.receipt import Receipt
from grader.reports import Outcome, gradescope, junit, markdown, terminal
from grader.reports import json as json_report
from grader.results import ItemResult, Report, clean_text

ITEMS = [
    ItemResult(id="week1.ai-electricity", kind="quiz", score=1.0, max_score=1.0, status="passed"),
    ItemResult(id="week1.structured", kind="quiz", score=0.0, max_score=1.0, status="failed", feedback="Think about tables | rows"),
    ItemResult(id="week1.plot", kind="quiz", score=0.0, max_score=1.0, status="missing", feedback="not answered"),
    ItemResult(id="numpy_basics.sigmoid", kind="exercise", score=2.0, max_score=2.0, status="passed"),
    ItemResult(id="numpy_basics.softmax", kind="exercise", score=1.0, max_score=3.0, status="partial", feedback="softmax(x) has shape (4,) — a rank-1 array"),
    ItemResult(id="numpy_basics.L1", kind="exercise", score=0.0, max_score=1.0, status="timeout", feedback="timed out after 10 s"),
    ItemResult(id="numpy_basics.L2", kind="exercise", score=0.0, max_score=1.0, status="error", feedback="L2 raised ZeroDivisionError <b>"),
]
RECEIPT = Receipt(grader_version="0.1.0", course_hash="ab" * 32, student="s1", seed=42, hidden_checks=True, files={"exercises/numpy_basics.py": "cd" * 32})


@pytest.fixture
def report() -> Report:
    return Report.from_items("s1", ITEMS)


def test_json_matches_the_contract(report):
    data = json.loads(json_report.render(Outcome(report, RECEIPT)))
    assert data["schema"] == 1 and data["student"] == "s1"
    assert data["score"] == 4.0 and data["max_score"] == 10.0
    assert [set(i) for i in data["items"]] == [{"id", "kind", "score", "max_score", "status", "feedback"}] * len(ITEMS)
    assert {i["status"] for i in data["items"]} <= {"passed", "partial", "failed", "error", "timeout", "missing"}
    assert data["receipt"]["seed"] == 42 and data["receipt"]["files"]


def test_json_is_byte_identical_for_the_same_report(report):
    assert json_report.render(Outcome(report, RECEIPT)) == json_report.render(Outcome(Report.from_items("s1", list(ITEMS)), RECEIPT))


def test_junit_parses_with_counts(report):
    """Counts and facts; the schema itself is checked in test_junit_schema.py."""
    root = ET.fromstring(junit.render(Outcome(report, RECEIPT)).encode())
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "2", "2")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"week1", "numpy_basics"}
    assert suites["week1"].get("skipped") == "1"
    case = suites["numpy_basics"].find("testcase[@name='numpy_basics.softmax']")
    assert "score: 1\nmax_score: 3\n" in case.findtext("system-out")
    assert "rank-1" in case.find("failure").get("message")
    assert suites["week1"].find("properties/property[@name='receipt.seed']").get("value") == "42"


def test_gradescope_fields_and_types(report):
    data = json.loads(gradescope.render(Outcome(report, RECEIPT)))
    assert isinstance(data["score"], float) and data["score"] == 4.0
    assert data["max_score"] == 10.0
    for test in data["tests"]:
        assert set(test) >= {"name", "score", "max_score", "output", "visibility"}
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert isinstance(test["score"], (int, float)) and isinstance(test["max_score"], (int, float))
        assert test["visibility"] in {"hidden", "after_due_date", "after_published", "visible"}
    assert data["extra_data"]["receipt"]["course_hash"] == "ab" * 32


def test_markdown_summary_escapes_cells(report):
    text = markdown.render(Outcome(report, RECEIPT, titles={"numpy_basics": "Python basics"}))
    assert text.startswith("## Grade: 4 / 10 (40.0%)")
    assert "| numpy_basics — Python basics | 3 / 7 | 1/4 |" in text
    assert "tables \\| rows" in text and "&lt;b&gt;" in text
    assert "Receipt" in text


def test_terminal_plain_and_coloured(report):
    plain = terminal.render(Outcome(report, notes=("public checks only",)))
    assert "\x1b[" not in plain
    assert "softmax" in plain and "rank-1" in plain and "Total: 4/10 (40%)" in plain
    assert "Note: public checks only" in plain
    assert "\x1b[" in terminal.render(Outcome(report, colour=True))


@pytest.mark.parametrize("fmt", ["json", "junit", "gradescope", "markdown", "terminal"])
def test_every_format_renders_one_outcome(report, fmt):
    """One signature for all: the CLI writes any format without knowing which it is."""
    from grader.course import GradescopeSettings
    from grader.reports import FORMATS, render

    assert fmt in FORMATS or fmt == "terminal"
    outcome = Outcome(report, RECEIPT, titles={"week1": "Week 1"}, notes=("a note",), hidden_checks=True,
                      gradescope=GradescopeSettings())
    text = render(fmt, outcome)
    assert "softmax" in text and text == render(fmt, outcome)
    with pytest.raises(ValueError):
        render("nope", outcome)


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\rb", "ab"),
        ("bell\x07", "bell"),
        ("\x1b]0;title\x07x", "x"),
        ("keep\nlines\tand tabs", "keep\nlines\tand tabs"),
        ("nul\x00", "nul"),
    ],
)
def test_control_characters_never_reach_a_report(raw, cleaned):
    assert clean_text(raw) == cleaned
    item = ItemResult(id="m.f", kind="exercise", score=0, max_score=1, status="failed", feedback=raw)
    assert item.feedback == cleaned


def test_the_course_hash_follows_every_change_to_the_course_in_one_process(tmp_path):
    """course_hash is kept between submissions (receipt.py) only while no file or directory of the course changed."""
    import shutil

    from grader import receipt
    from grader.course import load_course
    from engine_support import ENGINE_COURSE

    root = shutil.copytree(ENGINE_COURSE, tmp_path / "course")
    course = load_course(root)

    def fresh() -> str:
        receipt._hashes.clear()
        return receipt.course_hash(course)

    first = receipt.course_hash(course)
    assert receipt.course_hash(course) == first == fresh()
    added = root / "solutions" / "mistakes" / "added.toml"
    added.parent.mkdir(exist_ok=True)
    added.write_text("# a new file\n")
    assert receipt.course_hash(course) != first
    assert receipt.course_hash(course) == fresh()
    added.write_text("# a new file, edited at once\n")
    assert receipt.course_hash(course) == fresh()
    added.unlink()
    assert receipt.course_hash(course) == first
    (root / "exercises" / "sub").mkdir()
    (root / "exercises" / "sub" / "deep.py").write_text("x = 1\n")
    assert receipt.course_hash(course) != first
    assert receipt.course_hash(course) == fresh()
