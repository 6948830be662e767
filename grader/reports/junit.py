"""JUnit XML that Jenkins' xUnit plugin accepts (its schema junit-10.xsd), and so do the rest.

One testsuite per assignment or quiz, one testcase per item: failures for wrong
answers, errors for crashes and timeouts, skipped for missing work. GitHub test
reporters and GitLab read the same subset.

The schema is strict about where things may stand (tests/reports/junit-10.xsd):
no `properties` inside a `testcase` or directly under `testsuites`, no `skipped`
count on `testsuites`. So:

* an item's points, status and kind are in its testcase's `system-out`
  (`score: 1`, `max_score: 3`, `status: partial`, `kind: exercise`, and
  `mistake: ...` when a listed mistake matched), and its status in the
  testcase's `status` attribute;
* the receipt (what the grade was computed from) is a `properties` block in
  every testsuite, next to the suite's points, so a CI reader that shows only
  one suite still has it.

Every string a student can influence (ids, feedback, student id) is made
XML-safe: characters XML 1.0 cannot hold (NUL and other C0 controls, lone
surrogates, U+FFFE/FFFF) become U+FFFD; ElementTree escapes `<`, `&` and `>`,
so `]]>` and markup stay text. Characters beyond the BMP are kept as they are.

`render_class` writes the batch's junit.xml: one testsuite per student.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

from grader.reports.outcome import Outcome

# What XML 1.0 allows (the Char production), as a class of what it does not.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """`value` as text an XML 1.0 document can hold (each forbidden character shown as U+FFFD)."""
    return _NOT_XML.sub("\ufffd", str(value))


def _number(value: float) -> str:
    return f"{float(value):g}"


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    """A child element, its text and attribute values made XML-safe (`type_` stands for the attribute `type`)."""
    node = ET.SubElement(parent, tag, {key.rstrip("_"): xml_text(v) for key, v in attrs.items()})
    if text:
        node.text = xml_text(text)
    return node


def _root(name: str) -> ET.Element:
    return ET.Element("testsuites", name=xml_text(name))


def _testcase(suite: ET.Element, classname: str, item: dict) -> str:
    """One item as a testcase; the outcome counted ("failures", "errors", "skipped" or "")."""
    status = str(item.get("status", "error"))
    feedback = str(item.get("feedback") or "")
    case = _element(suite, "testcase", name=item.get("id", "?"), classname=classname, status=status, time="0")
    message = feedback.splitlines()[0] if feedback else status
    counted = ""
    if status in ("failed", "partial"):
        _element(case, "failure", feedback, message=message, type_=status)
        counted = "failures"
    elif status in ("error", "timeout"):
        _element(case, "error", feedback, message=message, type_=status)
        counted = "errors"
    elif status == "missing":
        _element(case, "skipped", feedback, message=message)
        counted = "skipped"
    facts = [("score", _number(item.get("score") or 0)), ("max_score", _number(item.get("max_score") or 0)),
             ("status", status), ("kind", item.get("kind", ""))]
    if item.get("mistake"):
        facts.append(("mistake", item["mistake"]))
    _element(case, "system-out", "".join(f"{key}: {value}\n" for key, value in facts))
    return counted


def _properties(suite: ET.Element, pairs: list[tuple[str, object]]) -> None:
    props = _element(suite, "properties")
    for name, value in pairs:
        _element(props, "property", name=name, value=value)


def _receipt_pairs(receipt: dict | None) -> list[tuple[str, str]]:
    if not receipt:
        return []
    return [(f"receipt.{key}", json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else str(value))
            for key, value in receipt.items()]


def _suite(root: ET.Element, name: str, classname_of, items: list[dict], pairs: list[tuple[str, object]]) -> dict[str, int]:
    suite = _element(root, "testsuite", name=name)
    _properties(suite, pairs)
    counts = {"tests": len(items), "failures": 0, "errors": 0, "skipped": 0}
    for item in items:
        counted = _testcase(suite, classname_of(item), item)
        if counted:
            counts[counted] += 1
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", "0")
    return counts


def _document(root: ET.Element, totals: dict[str, int]) -> str:
    for key in ("tests", "failures", "errors"):  # testsuites has no "skipped" in the schema
        root.set(key, str(totals[key]))
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _add(totals: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        totals[key] = totals.get(key, 0) + value


def render(outcome: Outcome) -> str:
    """One submission: a testsuite per quiz or module."""
    report = outcome.report
    receipt = _receipt_pairs(outcome.receipt.model_dump() if outcome.receipt is not None else None)
    root = _root(f"grade {report.student}")
    totals: dict[str, int] = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for group, items in report.groups():
        pairs = [("student", report.student), ("score", _number(sum(i.score for i in items))),
                 ("max_score", _number(sum(i.max_score for i in items))), *receipt]
        _add(totals, _suite(root, group, lambda item, g=group: g, [i.model_dump() for i in items], pairs))
    return _document(root, totals)


def render_class(rows: list[dict]) -> str:
    """A batch: a testsuite per student (sorted by id), its items' classname `<student>.<quiz or module>`.

    A submission that could not be graded is one testcase `grading` with the error.
    """
    root = _root("grade batch")
    totals: dict[str, int] = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for row in sorted(rows, key=lambda r: str(r.get("student"))):
        student = str(row.get("student"))
        graded = row.get("status", "graded") == "graded"
        pairs = [("student", student), ("status", row.get("status", "graded")),
                 ("score", _number(row.get("score") or 0)), ("max_score", _number(row.get("max_score") or 0)),
                 *_receipt_pairs(row.get("receipt") if isinstance(row.get("receipt"), dict) else None)]
        if graded:
            items = [i for i in row.get("items", []) if isinstance(i, dict)]
        else:
            items = [{"id": "grading", "kind": "", "score": 0, "max_score": 0, "status": "error",
                      "feedback": str(row.get("error") or "could not be graded")}]

        def classname(item: dict, student: str = student) -> str:
            group = str(item.get("id", "")).split(".", 1)[0]
            return f"{student}.{group}"

        _add(totals, _suite(root, student, classname, items, pairs))
    return _document(root, totals)
