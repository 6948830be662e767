"""JUnit XML checked against Jenkins' xUnit schema (junit-10.xsd, vendored beside this file).

Both writers: `grade check --junit` (one submission) and the batch's junit.xml
(one testsuite per student), with student-supplied strings that XML cannot hold
as they are: control characters, `]]>`, markup, characters beyond the BMP.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

etree = pytest.importorskip("lxml.etree")  # the `test` extra installs it

from grader.receipt import Receipt  # noqa: E402
from grader.reports import Outcome, junit  # noqa: E402
from grader.results import ItemResult, Report  # noqa: E402

SCHEMA_PATH = Path(__file__).with_name("junit-10.xsd")
ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "x\x00\x01\x08\x0b\x0c\x1b[31m\x7f ]]> <b>&amp; \U0001d538\U0001f600 \ud800 \ufffe end"

ITEMS = [
    ItemResult(id="week1.ai-electricity", kind="quiz", score=1.0, max_score=1.0, status="passed"),
    ItemResult(id="week1.structured", kind="quiz", score=0.0, max_score=1.0, status="failed", feedback="Think ]]> about <tables>"),
    ItemResult(id="week1.plot", kind="quiz", score=0.0, max_score=1.0, status="missing", feedback="not answered"),
    ItemResult(id="numpy_basics.softmax", kind="exercise", score=1.0, max_score=3.0, status="partial",
               feedback="softmax(x) has shape (4,) \U0001f600\nsecond line", mistake="softmax:rank1"),
    ItemResult(id="numpy_basics.L1", kind="exercise", score=0.0, max_score=1.0, status="timeout", feedback="timed out after 10 s"),
    ItemResult(id="numpy_basics.L2", kind="exercise", score=0.0, max_score=1.0, status="error", feedback=HOSTILE),
]
RECEIPT = Receipt(grader_version="0.1.0", course_hash="ab" * 32, student="s1", seed=42, hidden_checks=True,
                  files={"exercises/numpy_basics.py": "cd" * 32})


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def valid(schema, text: str):
    """The parsed document; fails with the schema's own messages if it is not valid."""
    doc = etree.fromstring(text.encode("utf-8"))
    if not schema.validate(doc):
        pytest.fail("not valid against junit-10.xsd:\n" + "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log))
    return doc


def out_facts(case) -> dict[str, str]:
    text = case.findtext("system-out")
    return dict(line.split(": ", 1) for line in text.splitlines())


def test_one_submission_is_valid_and_keeps_every_fact(schema):
    doc = valid(schema, junit.render(Outcome(Report.from_items("s1", ITEMS), RECEIPT)))
    assert (doc.get("tests"), doc.get("failures"), doc.get("errors")) == ("6", "2", "2")
    suites = {s.get("name"): s for s in doc.findall("testsuite")}
    assert suites["week1"].get("skipped") == "1" and suites["numpy_basics"].get("errors") == "2"
    softmax = suites["numpy_basics"].find("testcase[@name='numpy_basics.softmax']")
    assert softmax.get("status") == "partial" and softmax.get("classname") == "numpy_basics"
    # What were testcase properties is now in system-out, key by key.
    assert out_facts(softmax) == {"score": "1", "max_score": "3", "status": "partial", "kind": "exercise", "mistake": "softmax:rank1"}
    assert softmax.find("failure").get("message") == "softmax(x) has shape (4,) \U0001f600"
    assert softmax.find("failure").text.endswith("second line")
    # The receipt and the suite's points are suite properties, in every suite.
    for suite in suites.values():
        props = {p.get("name"): p.get("value") for p in suite.find("properties")}
        assert props["receipt.seed"] == "42" and props["receipt.student"] == "s1"
        assert "exercises/numpy_basics.py" in props["receipt.files"]
    props = {p.get("name"): p.get("value") for p in suites["numpy_basics"].find("properties")}
    assert (props["score"], props["max_score"]) == ("1", "5")


def test_hostile_strings_stay_text(schema):
    # A student id is not cleaned by the result model: the renderer must cope on its own.
    text = junit.render(Outcome(Report.from_items("evil\x01]]><x/>\U0001f600", ITEMS)))
    assert "]]>" not in text and "<x/>" not in text
    doc = valid(schema, text)
    assert doc.get("name") == "grade evil\ufffd]]><x/>\U0001f600"
    l2 = doc.find(".//testcase[@name='numpy_basics.L2']/error")
    assert "]]> <b>&amp; \U0001d538\U0001f600" in l2.text  # as text, not markup; non-BMP kept
    structured = doc.find(".//testcase[@name='week1.structured']/failure")
    assert structured.text == "Think ]]> about <tables>"


def test_xml_text_replaces_only_what_xml_cannot_hold():
    assert junit.xml_text("a\x00b\x0bc\ud800d\ufffee\U0001f600\t\n") == "a\ufffdb\ufffdc\ufffdd\ufffde\U0001f600\t\n"


def class_rows() -> list[dict]:
    items = [i.model_dump() for i in ITEMS]
    items[5]["feedback"] = HOSTILE  # journal rows are plain JSON: nothing cleaned them
    return [
        {"schema": 1, "student": "s2", "status": "graded", "score": 2.0, "max_score": 8.0, "items": items,
         "receipt": RECEIPT.model_dump(), "wrong_answers": {}},
        {"schema": 1, "student": "=\x07cmd\U0001f600", "status": "error", "error": "grading failed: ]]> \x1b[0m",
         "score": 0.0, "max_score": 0.0, "items": [], "receipt": None, "wrong_answers": {}},
        {"schema": 1, "student": "s1", "status": "graded", "score": 8.0, "max_score": 8.0,
         "items": [dict(i, score=i["max_score"], status="passed", feedback="") for i in items], "receipt": None, "wrong_answers": {}},
    ]


def test_batch_junit_is_valid_with_a_suite_per_student(schema):
    doc = valid(schema, junit.render_class(class_rows()))
    suites = doc.findall("testsuite")
    assert [s.get("name") for s in suites] == ["=\ufffdcmd\U0001f600", "s1", "s2"]
    assert (doc.get("tests"), doc.get("failures"), doc.get("errors")) == ("13", "2", "3")
    error = suites[0].find("testcase[@name='grading']/error")
    assert error.text == "grading failed: ]]> \ufffd[0m"
    s2 = suites[2]
    case = s2.find("testcase[@name='numpy_basics.softmax']")
    assert case.get("classname") == "s2.numpy_basics" and out_facts(case)["score"] == "1"
    props = {p.get("name"): p.get("value") for p in s2.find("properties")}
    assert (props["score"], props["max_score"], props["status"], props["receipt.seed"]) == ("2", "8", "graded", "42")


def test_grade_check_junit_is_valid(schema, tmp_path):
    sys.path.insert(0, str(ROOT / "tests"))
    from support import reference_source, write_submission

    sub = write_submission(tmp_path / "sub", {"numpy_basics": reference_source("numpy_basics").replace("def L1", "def L1_gone")})
    out = tmp_path / "junit.xml"
    proc = subprocess.run([sys.executable, "-m", "grader", "check", str(sub), "--course", str(ROOT), "--student", "]]>\U0001f600",
                           "--only", "numpy_basics,week1", "--junit", str(out)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "CI": "1"})
    assert proc.returncode == 0, proc.stderr
    doc = valid(schema, out.read_text(encoding="utf-8"))
    cases = {c.get("name"): c for c in doc.iter("testcase")}
    assert cases["numpy_basics.sigmoid"].get("status") == "passed"
    assert cases["numpy_basics.L1"].get("status") == "missing" and cases["numpy_basics.L1"].find("skipped") is not None
    assert int(doc.get("tests")) == len(cases) > 7
    props = {p.get("name"): p.get("value") for p in doc.find("testsuite/properties")}
    assert props["receipt.student"] == "]]>\U0001f600"
