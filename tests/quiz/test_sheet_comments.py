"""A sheet's comment lines are left out before the TOML parser reads it (sheet._without_comment_lines):
what is read, and every error with its line, must be what the parser gives for the sheet as written."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.errors import InputError, toml_error
from grader.quiz.sheet import SheetLimitError, _without_comment_lines, parse_sheet

PATH = Path("answers/week1.toml")


def _as_written(text: str):
    """What parse_sheet must give for `text`: tomllib on the text itself, or its error as an InputError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return toml_error(PATH, exc)


def _parsed(text: str):
    try:
        return parse_sheet(text.encode("utf-8"), PATH).data
    except SheetLimitError:
        raise
    except InputError as exc:
        return exc


def _same(text: str) -> None:
    want, got = _as_written(text), _parsed(text)
    if isinstance(want, InputError):
        assert isinstance(got, InputError), got
        # The keyboard hint may extend the message; the parser's own part and the line are the same.
        assert got.message.startswith(want.message.removesuffix("; fix the file and try again"))
        assert (got.path, got.line) == (want.path, want.line)
    else:
        assert got == want


SHEETS = [
    "# a prompt\n#   a) one\n#   b) two\nq1 = \"b\"\n",
    "  # indented comment\n\t# tab\nq1 = 3 # after a value\n",
    "q1 = [\n  \"a\", # first\n  # between\n  \"c\",\n]\n",
    "# no newline at the end",
    "q1 = [\n# open array to the end\n",
    "q1 = [\n# open array, no newline",
    "q1 =\n# a value on the next line is no value\n",
    "q1 = \"\"\"\n# inside a multi-line string\n\"\"\"\n",
    "q1 = '''\n# inside a literal multi-line string\n'''\n",
    "# a comment\r\nq1 = 1\r\n",
    "# a control \x01 character\nq1 = 1\n",
    "# fine\nq1 = 1\nq1 = 2\n",
    "# fine\n# more\nq1 = {a = 1,\n# in an inline table\n b = 2}\n",
    "# x\n[sheet]\n# y\nstudent = \"s\"\nquiz = \"week1\"\n",
    "#\n#\n\nq1 = \"#not a comment\"\nq2 = '#' # one\n",
    "q1 = \"unterminated\n# then a comment\n",
    "# fine\nq1 = ＝ 1\n",
    "# 注释 ünïcödé\nq1 = \"对\"\n",
]


@pytest.mark.parametrize("text", SHEETS)
def test_the_same_values_and_errors_as_the_sheet_as_written(text):
    _same(text)


def test_comment_lines_are_emptied_and_their_newlines_kept():
    text = "# one\n  # two\nq1 = 1 # three\n"
    for text, left in [(text, "\n\nq1 = 1 # three\n"),
                       ("q = '''\n# x\n'''\n", None), ("q = \"\"\"\n# x\n\"\"\"\n", None),
                       ("# \x7f\nq = 1\n", None), ("# \r\nq = 1\n", None), ("# 注释\nq = 1\n", "\nq = 1\n")]:
        assert _without_comment_lines(text, text.encode("utf-8")) == (text if left is None else left)


_LINES = st.sampled_from([
    "# comment", "  # indented", "q1 = \"a\"", "q2 = [\"a\", \"b\"]", "q3 = [", "\"x\",", "]", "q4 = true",
    "q5 = 1.5 # note", "[sheet]", "student = \"s\"", "q6 =", "q7 = \"#\"", "q8 = {a = 1}", "", "   ", "q1 = 2",
    "q9 = \"\"\"", "# ＝ “x”", "bad line", "q10 = '#'",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=12), st.booleans())
def test_any_mix_of_lines_reads_as_written(lines, final_newline):
    _same("\n".join(lines) + ("\n" if final_newline else ""))
