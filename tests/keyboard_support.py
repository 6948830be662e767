"""Answers as a student types them on a Chinese keyboard (an input method in full-width mode).

Such a keyboard gives full-width letters, digits, brackets and commas (ａ, ３, （, ，), the
ideographic space, the enumeration comma 、 between list entries, and 对/错 for true/false.
The tests type the same answers both ways and expect the same grades.
"""

from __future__ import annotations

from typing import Any

from grader.quiz.answers import sheet_value
from grader.quiz.variants import PreparedItem


def full_width(text: str) -> str:
    """Every printable ASCII character as its full-width form, spaces as the ideographic space."""
    return "".join("\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def ascii_answer(p: PreparedItem, answer: Any) -> Any:
    """How a student writes `answer` on a sheet with an English keyboard (what `take` saves)."""
    return sheet_value(p, answer)


def chinese_answer(p: PreparedItem, answer: Any) -> Any:
    """The same answer typed on a Chinese keyboard."""
    value = sheet_value(p, answer)
    kind = p.item.type
    if kind == "truefalse":
        return "对" if value else "错"
    if kind == "multiple":
        return "、".join(full_width(letter) for letter in value)
    if kind == "number":
        return full_width(repr(value) if isinstance(value, float) else str(value))
    if kind == "shape":
        return full_width(value.replace(", ", "，"))
    if isinstance(value, str):
        return full_width(value)
    return value


def typed_line(p: PreparedItem, answer: Any) -> str:
    """What the student types at `grade quiz take`'s prompt on a Chinese keyboard."""
    value = chinese_answer(p, answer)
    return value if isinstance(value, str) else str(value)
