"""The contract's JSON report (schema 1): what scripts and CI read.

Keys are written in a fixed order with sorted-free, stable formatting, so the
same submission gives byte-identical files.
"""

from __future__ import annotations

import json

from grader.reports.outcome import Outcome


def render(outcome: Outcome) -> str:
    data = outcome.report.model_dump(by_alias=True)
    if outcome.receipt is not None:
        data["receipt"] = outcome.receipt.model_dump()
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"

