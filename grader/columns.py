"""How wide text is on a terminal, and wrapping that fits it: Chinese as well as English.

Why not `len` and `textwrap`: a Chinese character takes two columns (Unicode's East Asian
Width "W"/"F"), a combining mark none, so `len` makes a table of Chinese text ragged and
`textwrap` lets a line overflow the terminal, which then breaks it mid-word (or between
the two halves of nothing). Here English breaks at spaces only, and Chinese, which has
no spaces, between any two characters, except that a line never starts with closing
punctuation (，。）…) nor ends with opening punctuation (（“…), as Chinese typesetting does.
"""

from __future__ import annotations

import functools
import unicodedata

# Closing marks that must not start a line, opening marks that must not end one.
_NO_START = set("，。、；：？！）】」』〕》〉”’…—,.;:?!)]}%")
_NO_END = set("（【「『〔《〈“‘([{")


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


def _pieces(paragraph: str) -> list[tuple[str, str]]:
    """(space before, piece) pairs: a piece is never broken (an English word, a number, a formula
    without spaces, one Chinese character with the punctuation that must stay beside it).

    A line may break at any space, and between two pieces with none (Chinese).
    """
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
