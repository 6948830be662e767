"""The contract's JSON report (schema 1): what scripts and CI read.

Keys are written in a fixed order with sorted-free, stable formatting, so the
same submission gives byte-identical files.
"""

from __future__ import annotations

import json
from pathlib import Path

from grader.results import Report


def render(report: Report, extra: dict | None = None) -> str:
    data = report.model_dump(by_alias=True)
    if extra:
        data.update(extra)
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write(report: Report, path: Path, extra: dict | None = None) -> None:
    path.write_text(render(report, extra), encoding="utf-8")
