"""Gradescope's results.json: the autograder specification's field names and types."""

from __future__ import annotations

import json

from pydantic import BaseModel

from grader.results import Report


def render(report: Report, receipt: BaseModel | None = None, *, visibility: str = "visible") -> str:
    tests = [
        {
            "name": item.id,
            "score": item.score,
            "max_score": item.max_score,
            "status": "passed" if item.status == "passed" else "failed",
            "output": item.feedback or item.status,
            "visibility": visibility,
        }
        for item in report.items
    ]
    data = {"score": report.score, "max_score": report.max_score, "output": f"{report.score:g} / {report.max_score:g}", "visibility": visibility, "tests": tests}
    if receipt is not None:
        data["extra_data"] = {"receipt": receipt.model_dump()}
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
