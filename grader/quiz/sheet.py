"""The answer sheet file: render a blank sheet or a student's key, and read a filled one.

A sheet is plain TOML a student edits by hand: each question is a comment
block followed by `item-id = ""`, and a `[sheet]` table at the end records
the quiz and the student it was made for (choice letters and template
numbers depend on the student). The key is the same file with the answers
filled in, so grading a key must score 100%.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from grader.errors import InputError, toml_error
from grader.quiz.answers import HOW_TO, TYPE_NAMES, sheet_value
from grader.quiz.model import Bank, Item
from grader.quiz.variants import PreparedItem, TemplateError, prepare

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# ---------------------------------------------------------------- reading

MAX_SHEET_BYTES = 256 << 10  # a filled-in sheet is a few KiB (submission.py reads no more)
MAX_SHEET_DEPTH = 8  # tables and lists within tables: an answer is a value or a short list
MAX_SHEET_VALUES = 50_000  # keys, list elements and tables in all
_LEADING_KEY = re.compile(r"""^[ \t]*\[*[ \t]*(?:"([^"\\\n]*)"|'([^'\n]*)'|([A-Za-z0-9_-]+))[ \t]*[=.\]]""", re.MULTILINE)


class SheetLimitError(InputError):
    """A sheet that is valid TOML but not an answer sheet the grader will read (too big, too deep).

    Unlike invalid TOML, which `grade check` stops at so the student fixes it, this is
    always that quiz's message in the report: the quiz scores 0 and the rest is graded.
    """


@dataclass(frozen=True)
class AnswerSheet:
    """A parsed sheet with its text, to point at the line of each answer."""

    path: Path
    data: dict[str, Any]
    text: str

    @property
    def _meta(self) -> dict[str, Any]:
        meta = self.data.get("sheet")
        return meta if isinstance(meta, dict) else {}

    @property
    def student(self) -> str | None:
        value = self._meta.get("student")
        return value if isinstance(value, str) and value else None

    @property
    def quiz(self) -> str | None:
        value = self._meta.get("quiz")
        return value if isinstance(value, str) else None

    @functools.cached_property
    def _lines(self) -> dict[str, int]:
        """{key: first line that starts with it (`key =`, `key.x =`, `[key]`)}, built in one pass.

        One pass for all keys: looking each key up by scanning every line made a sheet
        with 24,000 unknown keys take a minute (keys × lines).
        """
        index: dict[str, int] = {}
        line, last = 1, 0
        for match in _LEADING_KEY.finditer(self.text):
            line += self.text.count("\n", last, match.start())
            last = match.start()
            key = next(g for g in match.groups() if g is not None)
            index.setdefault(key, line)
        return index

    def line_of(self, key: str) -> int | None:
        return self._lines.get(key)

    def where(self, key: str) -> str:
        """`path:line` of an answer, for messages."""
        line = self.line_of(key)
        return f"{self.path}:{line}" if line else str(self.path)


def read_sheet(path: Path) -> AnswerSheet:
    """Parse the sheet at `path` (the student's own, in `quiz take`); InputError if unreadable."""
    p = Path(path)
    try:
        with open(p, "rb") as handle:
            data = handle.read(MAX_SHEET_BYTES + 1)
    except FileNotFoundError:
        raise InputError("file not found", p) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", p) from None
    return parse_sheet(data, p)


def parse_sheet(data: bytes, path: Path) -> AnswerSheet:
    """A sheet from the bytes read for it, in time linear in its size.

    InputError (file and line) if it is not UTF-8 or not TOML; SheetLimitError if it is
    larger, deeper or holds more values than any answer sheet does.
    """
    if len(data) > MAX_SHEET_BYTES:
        raise SheetLimitError(f"the sheet is larger than {MAX_SHEET_BYTES // 1024} KiB; an answer sheet is a few KiB "
                              f"(make a fresh one with `grade quiz sheet`)", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not valid UTF-8; save the file as UTF-8", path, data[: exc.start].count(b"\n") + 1) from None
    try:
        parsed = _tomllib().loads(text)
    except RecursionError:
        raise SheetLimitError(f"lists or tables are nested too deeply; an answer is a value or a short list", path) from None
    except _tomllib().TOMLDecodeError as exc:
        raise toml_error(path, exc) from None
    except (ValueError, OverflowError):  # an integer of more than 4,300 digits, which Python will not convert
        raise SheetLimitError("the sheet holds a number of thousands of digits; an answer is a value or a short list", path) from None
    _check_shape(parsed, path)
    return AnswerSheet(Path(path), parsed, text)


def _tomllib():
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib


def _check_shape(data: dict, path: Path) -> None:
    """SheetLimitError if the parsed sheet nests deeper than MAX_SHEET_DEPTH or holds too many values.

    Iterative, so a sheet built of dotted keys 5,000 deep (which the TOML parser accepts
    without recursion) is refused here instead of breaking a later repr or JSON dump.
    """
    stack: list[tuple[Any, int]] = [(data, 0)]
    count = 0
    while stack:
        value, depth = stack.pop()
        if depth > MAX_SHEET_DEPTH:
            raise SheetLimitError(f"lists or tables are nested more than {MAX_SHEET_DEPTH} deep; "
                                  "an answer is a value or a short list", path)
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        for child in children:
            count += 1
            if count > MAX_SHEET_VALUES:
                raise SheetLimitError(f"the sheet holds more than {MAX_SHEET_VALUES:,} keys and values; "
                                      "an answer sheet holds one answer per question", path)
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))


# ---------------------------------------------------------------- writing TOML

def toml_string(text: str) -> str:
    """A TOML basic string."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _CONTROL.match(ch) or ch == "\r":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_value(value: Any) -> str:
    """Any value a TOML file can hold, written back as TOML (used to keep answers when `take` rewrites a sheet)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _comment(text: str, indent: str = "") -> list[str]:
    """Text as comment lines (TOML comments may not hold control characters)."""
    return [f"#{indent}{_CONTROL.sub(' ', line)}".rstrip() for line in text.replace("\r\n", "\n").split("\n")]


# ---------------------------------------------------------------- rendering

def _prepared(bank: Bank, item: Item, student: str) -> PreparedItem:
    try:
        return prepare(bank, item, student)
    except TemplateError as exc:
        raise InputError(f"item {item.id!r} cannot be built for student {student!r}: {exc}; run `grade validate`",
                         bank.path, bank.line_of(item.id)) from None


def _points(points: float) -> str:
    shown = f"{points:g}"
    return f"{shown} point" + ("" if points == 1 else "s")


def _question_block(p: PreparedItem) -> list[str]:
    kind = p.item.type
    lines = [f"# {p.number}. {p.id} ({_points(p.item.points)}, {TYPE_NAMES[kind]}): write {HOW_TO[kind]}"]
    lines += _comment(p.prompt, "    ")
    for letter, choice in p.lettered():
        lines += _comment(f"{letter}) {choice}", "      ")
    return lines


def render_sheet(bank: Bank, student: str, answers: Mapping[str, Any] | None = None,
                 extra: Mapping[str, Any] | None = None) -> str:
    """A blank sheet for `student` (or one holding `answers`, keyed by item id, as `take` saves it).

    `extra` keeps keys that are not items of the bank, so rewriting a sheet never loses what a student wrote.
    """
    answers = answers or {}
    lines = [
        f"# {bank.id}: {bank.title} ({len(bank.items)} questions, {_points(bank.points)})",
        f"# Answer sheet for student {student!r}: the letters and numbers are this student's own.",
        f"# Write each answer after its `=` and save the file as answers/{bank.id}.toml;",
        '# leave "" for a question you skip. `grade` scores it; `grade quiz take` asks interactively.',
        "",
    ]
    for item in bank.items:
        p = _prepared(bank, item, student)
        lines += _question_block(p)
        value = answers.get(item.id, "")
        lines += [f"{toml_key(item.id)} = {toml_value(value)}", ""]
    if extra:
        lines.append("# Not questions of this quiz (kept as written):")
        lines += [f"{toml_key(str(k))} = {toml_value(v)}" for k, v in extra.items()]
        lines.append("")
    lines += ["[sheet]", f"quiz = {toml_string(bank.id)}", f"student = {toml_string(student)}", ""]
    return "\n".join(lines)


def render_key(bank: Bank, student: str) -> str:
    """The sheet filled in with `student`'s right answers, each followed by its explanation."""
    if getattr(bank, "is_locked", False):
        raise InputError("the answer key is not part of a student release (its answers are locked); "
                         "keys come from the instructor's course", bank.path)
    lines = [
        f"# KEY of {bank.id}: {bank.title}, for student {student!r} only (letters and numbers differ per student).",
        "# For instructors: do not hand this file out.",
        "",
    ]
    for item in bank.items:
        p = _prepared(bank, item, student)
        lines += _question_block(p)
        lines += _comment("Explanation: " + p.explanation, "    ")
        lines += [f"{toml_key(item.id)} = {toml_value(sheet_value(p, p.key))}", ""]
    lines += ["[sheet]", f"quiz = {toml_string(bank.id)}", f"student = {toml_string(student)}", ""]
    return "\n".join(lines)
