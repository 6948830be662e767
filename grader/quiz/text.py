"""How texts are compared and how values are written for people.

One place decides what "the same answer" means (case and spacing do not count)
and how a shape or a number is shown, so the sheet, the key, the grader and
the validator can never disagree about it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

_SPACES = re.compile(r"\s+")
# What a Chinese keyboard types that NFKC leaves alone: the enumeration comma, the ideographic
# full stop, lenticular brackets, curly quotes and the minus sign, each as its ASCII meaning.
_TYPED = str.maketrans({"、": ",", "。": ".", "【": "[", "】": "]", "〔": "[", "〕": "]", "−": "-",
                        "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": '"', "』": '"'})


def typed(text: str) -> str:
    """Text as a person meant it, whatever the keyboard: NFKC (full-width digits, letters,
    brackets, commas and the ideographic space become ASCII) plus the marks NFKC keeps.

    "（4，1）", "(4，1)" and "(4, 1)" all read "(4,1)"-alike; "Ｂ" reads "B". Everything that
    compares or parses an answer goes through it, on both sides (the key and the answer).
    """
    return unicodedata.normalize("NFKC", text).translate(_TYPED)


def fold(text: str) -> str:
    """Case-insensitive, runs of whitespace collapsed, as typed (`typed`): how choice texts are matched."""
    return _SPACES.sub(" ", typed(text)).strip().casefold()


def squash(text: str) -> str:
    """Case-insensitive with all whitespace removed, as typed (`typed`): how `text` answers are compared."""
    return _SPACES.sub("", typed(text)).casefold()


def format_shape(shape: tuple[int, ...] | list[int] | str) -> str:
    """A shape as Python prints it: (4, 1), (4,), (); or "error"."""
    if isinstance(shape, str):
        return shape
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(d) for d in shape) + ")"


def format_number(x: int | float) -> str:
    """A number without float noise: 0.1 + 0.2 shows as 0.3, 2.0 as 2.0, 12288 as 12288."""
    if isinstance(x, bool) or isinstance(x, int):
        return str(x)
    if not math.isfinite(x):
        return repr(x)
    return repr(float(f"{x:.12g}"))


def format_value(value: Any, nested: bool = False) -> str:
    """A parameter value as it appears in a prompt: Python notation, strings unquoted at top level."""
    if isinstance(value, str):
        return repr(value) if nested else value
    if isinstance(value, (bool, int, float)):
        return format_number(value) if not isinstance(value, bool) else str(value)
    if isinstance(value, tuple):
        if len(value) == 1:
            return "(" + format_value(value[0], True) + ",)"
        return "(" + ", ".join(format_value(v, True) for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(format_value(v, True) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {format_value(v, True)}" for k, v in value.items()) + "}"
    return str(value)
