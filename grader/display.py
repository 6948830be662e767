"""Text laid out for a terminal: widths in columns, not characters.

Why not `len` and `textwrap`: a Chinese character takes two columns of a terminal
(Unicode East Asian Width "W" or "F"), a combining accent none, and Chinese text
has no spaces to break at. Padding with `len` misaligns every table that holds
Chinese, and `textwrap` either overflows the screen or breaks inside an English
word. Stdlib `unicodedata` knows the widths; the rest is a few lines.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from typing import IO

DEFAULT_COLUMNS = 80  # what a terminal of unknown size (a pipe, a CI log) is taken to be
# Punctuation that must not begin a line (Chinese typesetting's 避头 rule, the common part).
_NO_LINE_START = frozenset("，。、；：？！）》」』】…,.;:?!)]}%")


def char_width(ch: str) -> int:
    """Columns one character takes: 2 for wide (CJK, full-width forms), 0 for combining marks."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns `text` takes on one line of a terminal."""
    return sum(char_width(ch) for ch in text)


def pad(text: str, columns: int) -> str:
    """`text` followed by spaces up to `columns` columns (never cut)."""
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


def _tokens(text: str) -> list[str]:
    """Words, runs of spaces, and each wide character on its own (a line may break around it)."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isspace():
            if word and not word[-1].isspace():
                out.append(word)
                word = ""
            word += ch
        elif char_width(ch) == 2 or (word and word[-1].isspace()):
            if word:
                out.append(word)
            word = ch
            if char_width(ch) == 2:
                out.append(word)
                word = ""
        else:
            word += ch
    if word:
        out.append(word)
    # punctuation that may not start a line stays with what comes before it
    merged: list[str] = []
    for tok in out:
        if merged and tok[0] in _NO_LINE_START and not merged[-1][-1].isspace():
            merged[-1] += tok
        else:
            merged.append(tok)
    return merged


def _hard_split(token: str, columns: int) -> list[str]:
    pieces, piece, used = [], "", 0
    for ch in token:
        w = char_width(ch)
        if piece and used + w > columns:
            pieces.append(piece)
            piece, used = "", 0
        piece += ch
        used += w
    if piece:
        pieces.append(piece)
    return pieces


def wrap(text: str, columns: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """`text` as lines of at most `columns` columns, each starting with `indent`.

    Breaks at spaces, and between wide characters (Chinese needs no space to break);
    a word longer than a line is cut. Newlines in `text` start new lines.
    `subsequent` is the indent of every line after the first (default: `indent`).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lead = paragraph[: len(paragraph) - len(paragraph.lstrip())].replace("\t", "    ")  # kept: aligned output
        prefix = (indent if not lines else indent if subsequent is None else subsequent) + lead
        rest_indent = (indent if subsequent is None else subsequent) + lead
        line, used, space = prefix, width(prefix), ""
        fresh = True
        for tok in _tokens(paragraph.strip()):
            if tok.isspace():
                space = "" if fresh else tok
                continue
            need = width(space) + width(tok)
            if used + need <= columns or fresh and used + width(tok) <= columns:
                line += ("" if fresh else space) + tok
                used += (0 if fresh else width(space)) + width(tok)
            else:
                if not fresh:
                    lines.append(line.rstrip())
                    line, used = rest_indent, width(rest_indent)
                room = max(1, columns - max(used, width(rest_indent)))
                pieces = _hard_split(tok, room) if width(tok) > room else [tok]
                for piece in pieces[:-1]:
                    lines.append((line + piece).rstrip())
                    line, used = rest_indent, width(rest_indent)
                line += pieces[-1]
                used += width(pieces[-1])
            fresh = False
            space = ""
        lines.append(line.rstrip())
    return lines
