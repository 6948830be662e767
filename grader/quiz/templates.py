"""Placeholders in an item's texts: `{name}`, `{name[2]}`, `{name[i][0]}`; found, resolved, filled.

Below both the bank model (which checks that every placeholder names a parameter, when a
bank is read) and the variants (which fill them with one student's values): the model
needs to find placeholders without drawing any variant, so the syntax lives here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from grader.quiz.text import format_value

# {name}, {name[2]}, {name[i]}, {name[i][0]}; {{ and }} stand for literal braces.
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\[\]{}]*\])*)\}")
_INDEX = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class Placeholder:
    """One `{name[...]}` in a text: the name and its index parts as written."""

    text: str
    name: str
    indexes: tuple[str, ...]


def placeholders(text: str) -> Iterator[Placeholder]:
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1):
            yield Placeholder(match.group(0), match.group(1), tuple(i.strip() for i in _INDEX.findall(match.group(2))))


def resolve(ph: Placeholder, values: Mapping[str, Any]) -> Any:
    """The value a placeholder stands for; ValueError with the reason if it has none."""
    if ph.name not in values:
        raise ValueError(f"unknown parameter {ph.name!r} in {ph.text}")
    value = values[ph.name]
    for index in ph.indexes:
        if re.fullmatch(r"-?\d+", index):
            key: Any = int(index)
        elif index.isidentifier() and index in values:
            key = values[index]
        elif index.isidentifier():
            raise ValueError(f"unknown parameter {index!r} in {ph.text}")
        else:
            raise ValueError(f"{ph.text}: an index must be a number or a parameter name")
        try:
            value = value[key]
        except (IndexError, KeyError, TypeError):
            raise ValueError(f"{ph.text}: index {key!r} does not fit {format_value(value, True)}") from None
    return value


def fill(text: str, values: Mapping[str, Any]) -> str:
    """Replace placeholders with the student's values; one that cannot be filled stays as written."""
    def replace(match: re.Match) -> str:
        if match.group(0) in ("{{", "}}"):
            return match.group(0)[0]
        ph = Placeholder(match.group(0), match.group(1), tuple(i.strip() for i in _INDEX.findall(match.group(2))))
        try:
            return format_value(resolve(ph, values))
        except ValueError:
            return match.group(0)

    return _PLACEHOLDER.sub(replace, text)
