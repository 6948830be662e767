"""Read what a student wrote for one item into a canonical answer, or say how to write it.

Students write answers by hand in TOML or type them in the terminal, so each
type accepts the reasonable spellings (a letter or the choice's text; `"4x1"`
or `[4, 1]` for a shape; `"yes"` for true). Anything else is an
`AnswerFormatError` whose message says what to write instead: a malformed
answer costs that item only, never the run.
"""

from __future__ import annotations

import math
import re
from typing import Any

from grader.quiz.model import Key
from grader.quiz.text import fold, format_shape, typed
from grader.quiz.variants import PreparedItem

# How to write an answer of each type: shown on the sheet, in `take` and in error messages.
HOW_TO: dict[str, str] = {
    "single": 'one letter, e.g. "b"',
    "multiple": 'the letters of every right choice, e.g. ["a", "c"] or "a, c"',
    "truefalse": "true or false",
    "number": 'a number, e.g. 0.5 or "1e-3"',
    "shape": 'a shape such as "(4, 1)", or "error" if the operation fails',
    "text": "a word or short phrase in quotes",
}
TYPE_NAMES: dict[str, str] = {
    "single": "single choice",
    "multiple": "multiple select",
    "truefalse": "true/false",
    "number": "number",
    "shape": "shape",
    "text": "short text",
}

HOW_TO_ZH: dict[str, str] = {
    "single": '一个字母，例如 "b"',
    "multiple": '每个正确选项的字母，例如 ["a", "c"] 或 "a, c"',
    "truefalse": '"对" 或 "错"（也可以写 true 或 false）',
    "number": '一个数，例如 0.5 或 "1e-3"',
    "shape": '一个形状，例如 "(4, 1)"；运算会报错时写 "error"',
    "text": "一个词或短语，写在引号里",
}
TYPE_NAMES_ZH: dict[str, str] = {
    "single": "单选",
    "multiple": "多选",
    "truefalse": "判断",
    "number": "数值",
    "shape": "形状",
    "text": "简答",
}


def how_to(kind: str, lang: str = "en") -> str:
    """How to write an answer of type `kind`, in the student's language."""
    return (HOW_TO_ZH if lang == "zh" else HOW_TO)[kind]


def type_name(kind: str, lang: str = "en") -> str:
    """The name of a question type, in the student's language."""
    return (TYPE_NAMES_ZH if lang == "zh" else TYPE_NAMES)[kind]


MAX_ANSWER_CHARS = 1000  # a letter, a number, a shape or a short phrase: never more
MAX_ANSWER_PARTS = 100  # letters of a multiple-select answer, dimensions of a shape

TRUE_WORDS = frozenset({"true", "t", "yes", "y",
                        "对", "对的", "是", "是的", "正确", "真", "√", "✓", "✔"})
FALSE_WORDS = frozenset({"false", "f", "no", "n",
                         "错", "错的", "错误", "否", "不是", "不对", "不正确", "假", "✗", "✘"})
_TRAILING_MARKS = ".!。！"  # "对。" and "对！" are still 对
# One way to match each separator (`\s*[,x×*]\s*` or spaces alone): the earlier
# `\s*(?:,|x|×|\*|\s)\s*` could split a run of spaces many ways and took cubic time.
_SHAPE = re.compile(r"^\d+(?:(?:\s*[,x×*]\s*|\s+)\d+)*\s*,?$", re.IGNORECASE)
_SHAPE_SEP = re.compile(r"\s*(?:,|x|×|\*)\s*|\s+", re.IGNORECASE)


class AnswerFormatError(ValueError):
    """An answer that cannot be read as its item's type; the message says what to write."""


def is_blank(raw: Any) -> bool:
    """The sheet's "not answered": an empty or all-space string, or an empty list."""
    return (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, list) and not raw)


def parse_answer(prepared: PreparedItem, raw: Any) -> Key | None:
    """The canonical answer (comparable with `prepared.key`), None if blank; AnswerFormatError otherwise."""
    if isinstance(raw, str) and len(raw) > MAX_ANSWER_CHARS:
        raise AnswerFormatError(f"the answer is {len(raw):,} characters long; write {HOW_TO[prepared.item.type]}")
    if isinstance(raw, list) and len(raw) > MAX_ANSWER_PARTS:
        raise AnswerFormatError(f"the answer lists {len(raw):,} values; write {HOW_TO[prepared.item.type]}")
    if any(_huge(v) for v in (raw if isinstance(raw, list) else [raw])):
        # TOML parsers accept integers of any size; one of 400 digits cannot become a float (or even be shown).
        raise AnswerFormatError(f"the answer holds a number too large for any answer; write {HOW_TO[prepared.item.type]}")
    raw = _typed(raw)
    if isinstance(raw, str):
        raw = _unquote(raw)
    if is_blank(raw):
        return None
    if isinstance(raw, dict):
        raise AnswerFormatError(f"found a table where one answer belongs; write {prepared.id} = {HOW_TO[prepared.item.type]}")
    kind = prepared.item.type
    if kind == "single":
        if isinstance(raw, list) and len(raw) == 1:
            raw = raw[0]
        if not isinstance(raw, str):
            raise AnswerFormatError(f"{_shown(raw)} is not a letter; write {HOW_TO['single']}")
        return _choice(prepared, raw)
    if kind == "multiple":
        chosen = frozenset(_choice(prepared, part) for part in _parts(raw))
        return chosen or None
    if kind == "truefalse":
        return parse_truefalse(raw)
    if kind == "number":
        return parse_number(raw)
    if kind == "shape":
        return parse_shape(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise AnswerFormatError(f"{_shown(raw)} is not a text; write {HOW_TO['text']}")
    return raw.strip()


def _huge(value: Any) -> bool:
    """An integer beyond 64 bits (TOML's own range), which float() and repr() may refuse."""
    return isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63


def _typed(raw: Any) -> Any:
    """Strings (and strings in a list) as the student meant them, whatever the keyboard (`text.typed`)."""
    if isinstance(raw, str):
        return typed(raw)
    if isinstance(raw, list):
        return [typed(v) if isinstance(v, str) else v for v in raw]
    return raw


def _unquote(text: str) -> str:
    """Drop one pair of quotes around a whole answer: typed in the terminal, they are not part of it."""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "\"'":
        return stripped[1:-1]
    return text


def _shown(raw: Any) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def _letter_range(prepared: PreparedItem) -> str:
    return f"{prepared.letters[0]}-{prepared.letters[-1]}"


def _choice(prepared: PreparedItem, raw: str) -> str:
    """The choice a student meant by a letter ("b", "B", "b)", "(b)") or by the choice's own text."""
    text = raw.strip()
    letter = re.fullmatch(r"\(?\s*([A-Za-z])\s*[).]?", text)
    if letter:
        wanted = letter.group(1).lower()
        if wanted in prepared.letters:
            return prepared.choices[prepared.letters.index(wanted)]
        if not any(fold(c) == fold(text) for c in (*prepared.choices, *prepared.labels)):
            raise AnswerFormatError(
                f"{text!r} is not a letter on this sheet (letters {_letter_range(prepared)}); write {HOW_TO[prepared.item.type]}")
    for choice, shown in zip(prepared.choices, prepared.labels or prepared.choices):
        if fold(choice) == fold(text) or fold(shown) == fold(text):  # the choice in any language it has
            return choice
    raise AnswerFormatError(
        f"{_shown(text)} is neither a letter ({_letter_range(prepared)}) nor the text of a choice; write {HOW_TO[prepared.item.type]}")


def _parts(raw: Any) -> list[str]:
    """The separate selections of a multiple-select answer: a list, or one string "a, c" / "a c"."""
    if isinstance(raw, list):
        if not all(isinstance(p, str) for p in raw):
            raise AnswerFormatError(f"{_shown(raw)}: list only letters in quotes; write {HOW_TO['multiple']}")
        return [p for p in raw if p.strip()]
    if not isinstance(raw, str):
        raise AnswerFormatError(f"{_shown(raw)} is not a list of letters; write {HOW_TO['multiple']}")
    text = raw.strip()
    if text.startswith("[") and text.endswith("]"):  # a TOML-style list typed as text
        text = text[1:-1]
    parts = [_unquote(p).strip() for p in re.split(r"[,;]", text) if _unquote(p).strip()]
    if len(parts) == 1 and re.fullmatch(r"(?:[A-Za-z]\s+)+[A-Za-z]", parts[0]):
        parts = parts[0].split()
    return parts


def parse_truefalse(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = typed(raw).strip().casefold()
        word = word.rstrip(_TRAILING_MARKS).strip() or word
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise AnswerFormatError(f"{_shown(raw)} is not true or false; write true or false (or \"yes\"/\"no\", \"对\"/\"错\")")


def parse_number(raw: Any) -> float | int:
    """A finite number from a TOML number or a string holding one ("0.5", "1e-3", " 2 ")."""
    value: Any = raw
    if isinstance(raw, str):
        try:
            value = float(raw.strip())
        except ValueError:
            raise AnswerFormatError(f"{_shown(raw)} is not a number; write {HOW_TO['number']}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AnswerFormatError(f"{_shown(raw)} is not a number; write {HOW_TO['number']}")
    if not math.isfinite(value):
        raise AnswerFormatError(f"{_shown(raw)} is not a finite number; write {HOW_TO['number']}")
    return value


def parse_shape(raw: Any) -> tuple[int, ...] | str:
    """A shape from `[4, 1]`, "(4, 1)", "(4,1)", "4x1", "[4, 1]", "(4,)", "()" or "error"."""
    if isinstance(raw, list):
        dims = []
        for d in raw:
            if isinstance(d, float) and d.is_integer():
                d = int(d)
            if isinstance(d, bool) or not isinstance(d, int) or d < 0:
                raise AnswerFormatError(f"{_shown(raw)}: a shape lists non-negative integers; write {HOW_TO['shape']}")
            dims.append(d)
        return tuple(dims)
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return (raw,)
    if not isinstance(raw, str):
        raise AnswerFormatError(f"{_shown(raw)} is not a shape; write {HOW_TO['shape']}")
    text = raw.strip()
    if fold(text) == "error":
        return "error"
    if len(text) >= 2 and (text[0], text[-1]) in (("(", ")"), ("[", "]")):
        text = text[1:-1].strip()
    if not text:
        return ()
    if not _SHAPE.fullmatch(text):
        raise AnswerFormatError(f"{_shown(raw)} is not a shape; write {HOW_TO['shape']}")
    return tuple(int(d) for d in _SHAPE_SEP.split(text.rstrip(", ")) if d)


def sheet_value(prepared: PreparedItem, answer: Key) -> Any:
    """How an answer is written back on the sheet: letters for choices, a shape as "(4, 1)"."""
    kind = prepared.item.type
    if kind == "single":
        return prepared.letter_of(answer)  # type: ignore[arg-type]
    if kind == "multiple":
        return sorted(prepared.letter_of(c) for c in answer)  # type: ignore[union-attr]
    if kind == "shape":
        return format_shape(answer)  # type: ignore[arg-type]
    return answer
