"""Text laid out for a terminal: widths in columns, not characters.

Why not `len` and `textwrap`: a Chinese character takes two columns of a terminal
(Unicode East Asian Width "W" or "F"), a combining accent none, and Chinese text
has no spaces to break at. Padding with `len` misaligns every table that holds
Chinese, and `textwrap` either overflows the screen or breaks inside an English
word. Stdlib `unicodedata` knows the widths. English breaks at spaces only; Chinese,
which has no spaces, between any two characters, except that a line never starts with
closing punctuation (，。）…) nor ends with opening punctuation (（“…), as Chinese
typesetting does. One module for the report, the quiz in the terminal and the hints.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import unicodedata
from typing import IO

DEFAULT_COLUMNS = 80  # what a terminal of unknown size (a pipe, a CI log) is taken to be
# Closing marks that must not start a line, opening marks that must not end one.
_NO_START = frozenset("，。、；：？！）】」』〕》〉”’…—,.;:?!)]}%")
_NO_END = frozenset("（【「『〔《〈“‘([{")
_ASCII_PIECE = re.compile(r"(\s*)(\S+)")  # (space before, piece) in ASCII text: what _pieces' loop finds there


@functools.lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Columns one character takes: 2 for wide and full-width, 0 for combining and format marks, else 1."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns `text` takes on one terminal line."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def pad(text: str, columns: int) -> str:
    """`text` padded with spaces to `columns` columns (as `f"{text:<columns}"` would for ASCII)."""
    return text + " " * max(0, columns - width(text))


def rpad(text: str, columns: int) -> str:
    """`text` right-aligned in `columns` columns (never cut)."""
    return " " * max(0, columns - width(text)) + text


def truncate(text: str, columns: int) -> str:
    """`text` cut to at most `columns` columns, ending in "…" when cut."""
    if width(text) <= columns:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def terminal_columns() -> int:
    """The terminal's width; 80 when unknown (not a terminal, or a terminal that does not say)."""
    return shutil.get_terminal_size((DEFAULT_COLUMNS, 24)).columns or DEFAULT_COLUMNS


def colour_wanted(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _pieces(paragraph: str) -> list[tuple[str, str]]:
    """(space before, piece) pairs: a piece is never broken (an English word, a number, a formula
    without spaces, one Chinese character with the punctuation that must stay beside it).

    A line may break at any space, and between two pieces with none (Chinese).
    """
    if paragraph.isascii():  # every character one column wide: a piece is a run without spaces
        return _ASCII_PIECE.findall(paragraph)
    return _pieces_of_any(paragraph)


def _pieces_of_any(paragraph: str) -> list[tuple[str, str]]:
    """_pieces, character by character (what the ASCII shortcut must agree with)."""
    raw: list[list[str]] = []  # [space before, piece]
    space = ""
    for ch in paragraph:
        if ch.isspace():
            space += ch
            continue
        wide = char_width(ch) == 2
        prev = raw[-1] if raw else None
        if prev is not None and not space:
            if ch in _NO_START or prev[1][-1] in _NO_END:  # keep 。 after its word, （ before its word
                prev[1] += ch
                continue
            if not wide and char_width(prev[1][-1]) != 2:  # the same English word
                prev[1] += ch
                continue
        raw.append([space, ch])
        space = ""
    return [(a, b) for a, b in raw]


def wrap(text: str, columns: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """`text` as lines of at most `columns` columns; newlines in `text` start new lines.

    `indent` starts the first line, `subsequent` (default: `indent`) every line after it.
    A paragraph's own leading spaces are kept on each of its lines (printed arrays stay
    aligned). A piece wider than a whole line is cut, the only case that breaks one.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lead = paragraph[: len(paragraph) - len(paragraph.lstrip())].replace("\t", "    ")
        first = (indent if not lines or subsequent is None else subsequent) + lead
        rest = (indent if subsequent is None else subsequent) + lead
        lines += _wrap_paragraphs(paragraph.strip(), columns, first, rest)
    return lines


def _wrap_paragraphs(text: str, columns: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """`text` as lines of at most `columns` columns (one paragraph per line of `text`).

    `indent` starts the first line of each paragraph, `subsequent` (default: `indent`) the
    lines it continues on. A piece wider than a whole line is cut, the only case that breaks one.
    """
    subsequent = indent if subsequent is None else subsequent
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used, empty = indent, width(indent), True
        for n, (space, piece) in enumerate(_pieces(paragraph)):
            gap = space if n == 0 else "" if empty else space  # a paragraph's own indent is kept, if it fits
            if empty and used + width(gap) + width(piece) > columns:
                gap = ""
            need = width(gap) + width(piece)
            if used + need > columns and not empty:
                lines.append(line.rstrip())
                line, used, empty, gap = subsequent, width(subsequent), True, ""
            while width(piece) > columns - used and columns - used > 0:
                head, piece = _split_long(piece, columns - used)
                lines.append((line + gap + head).rstrip())
                line, used, empty, gap = subsequent, width(subsequent), True, ""
            line += gap + piece
            used += width(gap) + width(piece)
            empty = False
        lines.append(line.rstrip())
    return lines


def _split_long(token: str, room: int) -> tuple[str, str]:
    """The longest head of `token` that fits `room` columns (at least one character), and the rest."""
    used, cut = 0, 0
    for n, ch in enumerate(token):
        w = char_width(ch)
        if used + w > room and n > 0:
            break
        used += w
        cut = n + 1
    return token[:cut], token[cut:]
