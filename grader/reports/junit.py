"""JUnit XML: one testsuite per assignment or quiz, one testcase per item.

Most CI readers (GitHub test reporters, GitLab, Jenkins) understand this subset:
failures for wrong answers, errors for crashes and timeouts, skipped for
missing work; points ride along as properties.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from pydantic import BaseModel

from grader.results import Report


def render(report: Report, receipt: BaseModel | None = None) -> str:
    root = ET.Element("testsuites", name=f"grade {report.student}")
    if receipt is not None:
        props = ET.SubElement(root, "properties")
        for key, value in receipt.model_dump().items():
            ET.SubElement(props, "property", name=f"receipt.{key}", value=json.dumps(value, sort_keys=True) if isinstance(value, dict) else str(value))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for group, items in report.groups():
        suite = ET.SubElement(root, "testsuite", name=group)
        counts = {"tests": len(items), "failures": 0, "errors": 0, "skipped": 0}
        for item in items:
            case = ET.SubElement(suite, "testcase", classname=group, name=item.id, time="0")
            props = ET.SubElement(case, "properties")
            for key, value in (("score", item.score), ("max_score", item.max_score), ("status", item.status), ("kind", item.kind)):
                ET.SubElement(props, "property", name=key, value=f"{value:g}" if isinstance(value, float) else str(value))
            message = item.feedback.splitlines()[0] if item.feedback else item.status
            if item.status in ("failed", "partial"):
                node = ET.SubElement(case, "failure", message=message, type=item.status)
                node.text = item.feedback
                counts["failures"] += 1
            elif item.status in ("error", "timeout"):
                node = ET.SubElement(case, "error", message=message, type=item.status)
                node.text = item.feedback
                counts["errors"] += 1
            elif item.status == "missing":
                ET.SubElement(case, "skipped", message=message)
                counts["skipped"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
