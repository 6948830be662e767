"""The contract's JSON report (schema 1): what scripts and CI read.

Keys are written in a fixed order with sorted-free, stable formatting, so the
same submission gives byte-identical files.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from grader.results import Report


def render(report: Report, receipt: BaseModel | None = None) -> str:
    data = report.model_dump(by_alias=True)
    if receipt is not None:
        data["receipt"] = receipt.model_dump()
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"

