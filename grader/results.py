"""The one result model every report is rendered from.

Quiz items and exercise functions end up as the same `ItemResult`, so the
terminal table, JSON, JUnit, Gradescope and Markdown reports cannot disagree.

Plain classes, not pydantic models: every `grade check` builds and writes them, and
importing pydantic for that cost a fresh check ~0.2 CPU s (issue 15). They keep the
part of pydantic's interface the engine and the reports use (keyword construction
that checks its fields, `model_dump`, `model_copy`, `model_validate`), and write the
same data: the JSON report's bytes are the contract (design.md, schema 1).
"""

from __future__ import annotations

import re
from typing import Any, Literal, get_args

from grader.records import ByFields

# ANSI escape sequences (CSI, OSC, two-byte ESC forms) and C0/C1 controls other than \n and \t.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Strip what student output could use to forge or garble a report."""
    if _CONTROL.search(text) is None:  # no ESC, CR or other control: nothing to strip (most texts, one scan)
        return text
    return _CONTROL.sub("", _ANSI.sub("", text.replace("\r\n", "\n")))


Status = Literal["passed", "partial", "failed", "error", "timeout", "missing"]
Kind = Literal["quiz", "exercise"]


class ItemResult(ByFields):
    """One graded unit: a quiz question or a graded function."""

    FIELDS = ("id", "kind", "score", "max_score", "status", "feedback", "mistake")
    __slots__ = FIELDS

    def __init__(self, *, id: str, kind: Kind, score: float, max_score: float, status: Status,
                 feedback: str = "", mistake: str | None = None) -> None:
        self.id = clean_text(_text("id", id))
        self.kind = _choice("kind", kind, _KINDS)
        self.score = _number("score", score)
        self.max_score = _number("max_score", max_score)
        self.status = _choice("status", status, _STATUSES)
        self.feedback = clean_text(_text("feedback", feedback))
        self.mistake = None if mistake is None else _text("mistake", mistake)  # "<function>:<id>" when a listed mistake signature matched

    @classmethod
    def model_validate(cls, data: dict[str, Any]) -> "ItemResult":
        return cls(**data)

    def model_dump(self, **_: Any) -> dict[str, Any]:
        """The fields in schema order; `mistake` only when set, so reports without one stay as they were (schema 1)."""
        data = {"id": self.id, "kind": self.kind, "score": self.score, "max_score": self.max_score,
                "status": self.status, "feedback": self.feedback}
        if self.mistake is not None:
            data["mistake"] = self.mistake
        return data

    def model_copy(self, *, update: dict[str, Any] | None = None) -> "ItemResult":
        """A copy with some fields replaced, taken as given (pydantic's model_copy does not validate either)."""
        copy = object.__new__(ItemResult)
        for name in self.__slots__:
            object.__setattr__(copy, name, getattr(self, name))
        for name, value in (update or {}).items():
            if name not in self.__slots__:
                raise TypeError(f"ItemResult has no field {name!r}")
            object.__setattr__(copy, name, value)
        return copy


    @property
    def group(self) -> str:
        """The quiz id or module name the item belongs to (the id's first part)."""
        return self.id.split(".", 1)[0]


_KINDS = frozenset(get_args(Kind))
_STATUSES = frozenset(get_args(Status))


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name}: a string is required, not {type(value).__name__}")
    return value


def _choice(name: str, value: Any, allowed: frozenset[str]) -> str:
    if value not in allowed or not isinstance(value, str):
        raise ValueError(f"{name}: {value!r} is not one of {sorted(allowed)}")
    return value


def _number(name: str, value: Any) -> float:
    """A float, as pydantic's float field gave (an int becomes a float; a bool or a string is refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name}: a number is required, not {type(value).__name__}")
    return float(value)


def status_for(score: float, max_score: float) -> Status:
    """Status of an item that ran normally, from its points alone."""
    if max_score > 0 and score >= max_score - 1e-9:
        return "passed"
    if score > 1e-12:
        return "partial"
    return "failed"


class Report(ByFields):
    """What `grade check` produced for one submission (the JSON contract, schema 1)."""

    FIELDS = ("schema_", "student", "score", "max_score", "items")
    __slots__ = FIELDS

    def __init__(self, *, student: str, score: float, max_score: float, items: list[ItemResult], schema: int = 1) -> None:
        if schema != 1 or isinstance(schema, bool):
            raise ValueError(f"schema: {schema!r} is not 1")
        self.schema_ = 1
        self.student = _text("student", student)
        self.score = _number("score", score)
        self.max_score = _number("max_score", max_score)
        self.items = [i if isinstance(i, ItemResult) else ItemResult.model_validate(i) for i in items]

    @classmethod
    def from_items(cls, student: str, items: list[ItemResult]) -> "Report":
        return cls(
            schema=1,
            student=student,
            score=round(sum(i.score for i in items), 6),
            max_score=round(sum(i.max_score for i in items), 6),
            items=items,
        )

    @classmethod
    def model_validate(cls, data: dict[str, Any]) -> "Report":
        return cls(**data)

    def model_dump(self, *, by_alias: bool = False) -> dict[str, Any]:
        return {"schema" if by_alias else "schema_": self.schema_, "student": self.student, "score": self.score,
                "max_score": self.max_score, "items": [i.model_dump() for i in self.items]}


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
