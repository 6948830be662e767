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
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from grader.errors import InputError, toml_error
from grader.quiz.answers import how_to, sheet_value, type_name
from grader.quiz.model import Bank, Item
from grader.quiz.variants import PreparedItem, TemplateError
from grader.quiz.views import prepare

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
    def meta_keys(self) -> list[str]:
        """The keys written in the [sheet] table (an answer written below `[sheet]` lands there)."""
        return list(self._meta)

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
        parsed = _tomllib().loads(_without_comment_lines(text, data))
    except RecursionError:
        raise SheetLimitError(f"lists or tables are nested too deeply; an answer is a value or a short list", path) from None
    except _tomllib().TOMLDecodeError as exc:
        raise _with_keyboard_hint(toml_error(path, exc), text) from None
    except (ValueError, OverflowError):  # an integer of more than 4,300 digits, which Python will not convert
        raise SheetLimitError("the sheet holds a number of thousands of digits; an answer is a value or a short list", path) from None
    _check_shape(parsed, path)
    return AnswerSheet(Path(path), parsed, text)


# What TOML refuses in a comment besides the line's end (a carriage return too), as UTF-8 bytes: these
# bytes are the characters themselves, never part of another character's encoding.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_COMMENT_LINE = re.compile(r"^[ \t]*#.*", re.MULTILINE)  # a line holding only a comment: up to, not with, its newline


def _without_comment_lines(text: str, data: bytes) -> str:
    """`text` (decoded from `data`) with each line that holds only a comment left empty (its newline
    kept), when that cannot change what TOML reads from it; else `text` itself.

    Why: a sheet is mostly comments (each question's prompt and choices), and the TOML parser
    steps through every comment in Python: about a third of its time on a sheet went there.
    What it reads is the same: a whole-line comment holds no value, and with no multi-line
    string in the text (no triple quotes) a line starting with # can be nothing but a comment.
    A text with a character TOML refuses in a comment (a control character, a carriage return)
    is parsed as it is, so the parser meets and reports it. Errors name the same line and
    column: every newline stays where it was, and no error can fall inside a comment line.
    The checks read the bytes (one C pass each; a regex search of the text cost four times more).
    """
    if b'"""' in data or b"'''" in data or len(data.translate(None, _CONTROL_BYTES)) != len(data):
        return text
    return _COMMENT_LINE.sub("", text)


# TOML's own marks as a Chinese keyboard types them: the sheet's syntax needs the ASCII ones.
_FULL_WIDTH_SYNTAX = {"＝": "=", "“": '"', "”": '"', "‘": "'", "’": "'", "［": "[", "］": "]", "，": ",", "＃": "#"}


def _with_keyboard_hint(error: InputError, text: str) -> InputError:
    """Invalid TOML whose line holds TOML's marks typed full-width (＝ “ ” ［ ］ ，): say so, and what to type.

    The answer itself may be typed on any keyboard (inside ASCII quotes, "（4，1）" is fine);
    only the marks that make the line TOML must be ASCII.
    """
    if not error.line:
        return error
    lines = text.splitlines()
    line = lines[error.line - 1] if error.line <= len(lines) else ""
    found = sorted({ch for ch in line if ch in _FULL_WIDTH_SYNTAX}, key=line.index)
    if not found:
        return error
    marks = ", ".join(f"{ch} → {_FULL_WIDTH_SYNTAX[ch]}" for ch in found)
    return InputError(f"{error.message.removesuffix('; fix the file and try again')}; the line holds TOML marks typed "
                      f"full-width ({marks}): type = and the quotes and brackets around an answer in half-width "
                      f"(English) mode; the answer inside the quotes may stay as typed (\"（4，1）\", \"对\")",
                      error.path, error.line)


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

# Written by tomlkit, a maintained TOML library, never by hand: the hand-written writer this
# replaced broke a sheet whose key ended in a newline, and tomlkit also edits a sheet in place,
# so `grade quiz take` keeps a student's own comments and layout when it saves an answer.

def _toml_item(value: Any) -> Any:
    """`value` as a tomlkit item: tables and lists inline (an answer is one line), the rest as is."""
    import tomlkit

    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for k, v in value.items():
            table.append(str(k), _toml_item(v))
        return table
    if isinstance(value, (list, tuple)):
        array = tomlkit.array()
        for v in value:
            array.append(_toml_item(v))
        return array
    if isinstance(value, (bool, int, float, str, dt.datetime, dt.date, dt.time)):
        return tomlkit.item(value)
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def toml_string(text: str) -> str:
    """A TOML basic string."""
    import tomlkit

    return tomlkit.string(text).as_string()


def toml_key(key: str) -> str:
    """A TOML key: bare when it can be, quoted otherwise."""
    import tomlkit

    return tomlkit.key(key).as_string()


def toml_value(value: Any) -> str:
    """Any value a TOML file can hold, as TOML (used to keep answers when `take` rewrites a sheet)."""
    return _toml_item(value).as_string()


def _comment(text: str, indent: str = "") -> list[str]:
    """Text as comment bodies, one per line (TOML comments may not hold control characters)."""
    return [f"{indent}{_CONTROL.sub(' ', line)}".rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _document(comments: list[str], entries: list[tuple[list[str], str, Any]], extra: Mapping[str, Any] | None,
              meta: Mapping[str, str], extra_note: str) -> str:
    """A sheet: header comments, then per question its comment lines and `id = value`, then `[sheet]`.

    Every key and value is written by tomlkit (`toml_key`, `toml_value`); the lines are joined
    here, since a sheet is a flat list of `key = value` lines before one table (building it as a
    tomlkit document costs time quadratic in its keys: minutes for a sheet of 20,000).
    """
    lines = [_comment_line(line) for line in comments] + [""]
    for block, key, value in entries:
        lines += [_comment_line(line) for line in block]
        lines += [f"{toml_key(key)} = {toml_value(value)}", ""]
    if extra:
        lines.append(_comment_line(extra_note))
        lines += [f"{toml_key(str(key))} = {toml_value(value)}" for key, value in extra.items()]
        lines.append("")
    lines.append("[sheet]")
    lines += [f"{toml_key(key)} = {toml_value(value)}" for key, value in meta.items()]
    return "\n".join(lines) + "\n"


def _comment_line(text: str) -> str:
    """One comment line, whatever `text` holds (a newline or control character would end the comment)."""
    return f"# {_CONTROL.sub(' ', text).replace(chr(10), ' ')}".rstrip()


MAX_EDITED_BYTES = 64 << 10  # a larger sheet (never one `grade quiz sheet` made) is written afresh, not edited


def _edited(previous: str, answers: Mapping[str, Any], meta: Mapping[str, str]) -> str | None:
    """The student's sheet with `answers` and `[sheet]` set in place, keeping everything else they wrote
    (comments included); None when it cannot be edited safely (then the sheet is written afresh)."""
    import tomlkit

    if len(previous) > MAX_EDITED_BYTES:
        return None
    try:
        doc = tomlkit.parse(previous)
        before = _tomllib().loads(previous)
        for key, value in answers.items():
            doc[key] = _toml_item(value)
        table = doc.get("sheet")
        if table is None:
            table = tomlkit.table()
            doc.add("sheet", table)
        if not isinstance(table, dict):
            return None
        for key, value in meta.items():
            table[key] = value
        text = tomlkit.dumps(doc)
        after = _tomllib().loads(text)
    except Exception:  # tomlkit refuses an odd layout: write the sheet afresh (answers and extras are kept)
        return None
    expected = {k: v for k, v in before.items() if k != "sheet"} | {k: _plain(v) for k, v in answers.items()}
    if {k: v for k, v in after.items() if k != "sheet"} != expected or any(after["sheet"].get(k) != v for k, v in meta.items()):
        return None
    return text


def _plain(value: Any) -> Any:
    return [_plain(v) for v in value] if isinstance(value, (list, tuple)) else value


# ---------------------------------------------------------------- rendering

_WORDS = {
    "en": {
        "head": "{quiz}: {title} ({count} questions, {points})",
        "for": "Answer sheet for student {student!r}: the letters and numbers are this student's own.",
        "save": "Write each answer after its `=` and save the file as answers/{quiz}.toml;",
        "skip": 'leave "" for a question you skip. `grade` scores it; `grade quiz take` asks interactively.',
        "block": "{number}. {id} ({points}, {type}): write {how}",
        "extra": "Not questions of this quiz (kept as written):",
        "key_head": "KEY of {quiz}: {title}, for student {student!r} only (letters and numbers differ per student).",
        "key_note": "For instructors: do not hand this file out.",
        "explanation": "Explanation: ",
    },
    "zh": {
        "head": "{quiz}：{title}（{count} 题，{points}）",
        "for": "学生 {student!r} 的答题卡：选项字母和题中的数字是这位学生自己的。",
        "save": "在每题的 `=` 后面写答案，并把文件保存为 answers/{quiz}.toml；",
        "skip": '跳过的题保持 ""。`grade` 为它评分；`grade quiz take` 逐题提问。',
        "block": "{number}. {id}（{points}，{type}）写法：{how}",
        "extra": "不是本测验的题目（原样保留）：",
        "key_head": "{quiz} 的答案：{title}，仅适用于学生 {student!r}（每位学生的字母和数字不同）。",
        "key_note": "供教师使用：请勿分发此文件。",
        "explanation": "解析：",
    },
}


def _words(lang: str) -> dict[str, str]:
    return _WORDS["zh" if lang == "zh" else "en"]


def _prepared(bank: Bank, item: Item, student: str, lang: str = "en") -> PreparedItem:
    try:
        return prepare(bank, item, student, lang)
    except TemplateError as exc:
        raise InputError(f"item {item.id!r} cannot be built for student {student!r}: {exc}; run `grade validate`",
                         bank.path, bank.line_of(item.id)) from None


def _points(points: float, lang: str = "en") -> str:
    shown = f"{points:g}"
    if lang == "zh":
        return f"{shown} 分"
    return f"{shown} point" + ("" if points == 1 else "s")


def _question_block(p: PreparedItem, lang: str = "en") -> list[str]:
    kind = p.item.type
    lines = [_words(lang)["block"].format(number=p.number, id=p.id, points=_points(p.item.points, lang),
                                          type=type_name(kind, lang), how=how_to(kind, lang))]
    lines += _comment(p.prompt, "   ")
    for letter, choice in p.lettered():
        lines += _comment(f"{letter}) {choice}", "     ")
    return lines


def render_sheet(bank: Bank, student: str, answers: Mapping[str, Any] | None = None,
                 extra: Mapping[str, Any] | None = None, *, lang: str = "en", previous: str | None = None) -> str:
    """A blank sheet for `student` (or one holding `answers`, keyed by item id, as `take` saves it).

    `extra` keeps keys that are not items of the bank, so rewriting a sheet never loses what a student wrote.
    `previous`: the text of the student's sheet; when given, it is edited in place (their comments and
    layout stay) instead of written afresh. `lang`: the language of the questions and notes.
    """
    answers = answers or {}
    meta = {"quiz": bank.id, "student": student}
    if previous is not None:
        edited = _edited(previous, answers, meta)
        if edited is not None:
            return edited
    w = _words(lang)
    comments = [
        w["head"].format(quiz=bank.id, title=bank.title_in(lang), count=len(bank.items), points=_points(bank.points, lang)),
        w["for"].format(student=student),
        w["save"].format(quiz=bank.id),
        w["skip"],
    ]
    entries = []
    for item in bank.items:
        p = _prepared(bank, item, student, lang)
        entries.append((_question_block(p, lang), item.id, answers.get(item.id, "")))
    return _document(comments, entries, extra, meta, w["extra"])


def render_key(bank: Bank, student: str, lang: str = "en") -> str:
    """The sheet filled in with `student`'s right answers, each followed by its explanation."""
    if getattr(bank, "is_locked", False):
        raise InputError("the answer key is not part of a student release (its answers are locked); "
                         "keys come from the instructor's course", bank.path)
    w = _words(lang)
    comments = [w["key_head"].format(quiz=bank.id, title=bank.title_in(lang), student=student), w["key_note"]]
    entries = []
    for item in bank.items:
        p = _prepared(bank, item, student, lang)
        block = _question_block(p, lang) + _comment(w["explanation"] + p.explanation, "   ")
        entries.append((block, item.id, sheet_value(p, p.key)))
    return _document(comments, entries, None, {"quiz": bank.id, "student": student}, "")
