"""The one result model every report is rendered from.

Quiz items and exercise functions end up as the same `ItemResult`, so the
terminal table, JSON, JUnit, Gradescope and Markdown reports cannot disagree.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_serializer

# ANSI escape sequences (CSI, OSC, two-byte ESC forms) and C0/C1 controls other than \n and \t.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Strip what student output could use to forge or garble a report."""
    return _CONTROL.sub("", _ANSI.sub("", text.replace("\r\n", "\n")))


Status = Literal["passed", "partial", "failed", "error", "timeout", "missing"]
Kind = Literal["quiz", "exercise"]


class ItemResult(BaseModel):
    """One graded unit: a quiz question or a graded function."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Kind
    score: float
    max_score: float
    status: Status
    feedback: str = ""
    mistake: str | None = None  # "<function>:<id>" when a listed mistake signature matched

    @model_serializer(mode="wrap")
    def _serialize(self, handler):
        """`mistake` is written only when set, so reports without one stay as they were (schema 1)."""
        data = handler(self)
        if data.get("mistake") is None:
            data.pop("mistake", None)
        return data

    @field_validator("feedback", "id")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value)

    @property
    def group(self) -> str:
        """The quiz id or module name the item belongs to (the id's first part)."""
        return self.id.split(".", 1)[0]


def status_for(score: float, max_score: float) -> Status:
    """Status of an item that ran normally, from its points alone."""
    if max_score > 0 and score >= max_score - 1e-9:
        return "passed"
    if score > 1e-12:
        return "partial"
    return "failed"


class Report(BaseModel):
    """What `grade check` produced for one submission (the JSON contract, schema 1)."""

    model_config = ConfigDict(extra="forbid")

    schema_: int = Field(1, alias="schema")
    student: str
    score: float
    max_score: float
    items: list[ItemResult]

    @classmethod
    def from_items(cls, student: str, items: list[ItemResult]) -> "Report":
        return cls(
            schema=1,
            student=student,
            score=round(sum(i.score for i in items), 6),
            max_score=round(sum(i.max_score for i in items), 6),
            items=items,
        )

    def groups(self) -> list[tuple[str, list[ItemResult]]]:
        """Items by quiz or module, in report order: the sections every report shows."""
        out: list[tuple[str, list[ItemResult]]] = []
        for item in self.items:
            if not out or out[-1][0] != item.group:
                out.append((item.group, []))
            out[-1][1].append(item)
        return out

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0
