"""Display width and wrapping (grader/display.py): Chinese takes two columns, and no line passes the edge."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from grader import display
from grader.display import char_width, pad, width, wrap


def test_widths() -> None:
    assert width("abc") == 3
    assert width("神经网络") == 8
    assert width("（4，1）") == 8  # full-width brackets and comma are wide, the digits narrow
    assert width("é") == width("e\u0301") == 1  # a combining accent takes no column
    assert char_width("\u200b") == 0 and char_width("\t") == 0
    assert pad("中文", 6) == "中文  " and pad("abc", 2) == "abc"


def test_english_breaks_at_spaces_only() -> None:
    text = "What does a single neuron of a neural network compute, in the notation of the course?"
    lines = wrap(text, 20)
    assert all(width(line) <= 20 for line in lines)
    assert " ".join(lines) == text  # every break was at a space: no word was cut


def test_chinese_breaks_between_characters_but_not_before_closing_marks() -> None:
    text = "按照课程第二周讲座中一直使用的记号，神经网络中的单个神经元计算的是什么？"
    for columns in range(6, 40):
        lines = wrap(text, columns)
        assert "".join(lines) == text
        assert all(width(line) <= columns for line in lines), (columns, lines)
        assert not any(line[0] in "，。？）" for line in lines), (columns, lines)


def test_an_opening_mark_stays_with_what_follows() -> None:
    lines = wrap("这是修正线性单元（ReLU），max(0, z)。", 18)
    assert not any(line.endswith("（") for line in lines), lines
    assert "".join(lines).replace(" ", "") == "这是修正线性单元（ReLU），max(0,z)。"


def test_mixed_text_with_indents() -> None:
    lines = wrap("a) 先计算线性函数 z = Wx + b，再计算激活函数 g(z)", 24, "  ", "     ")
    assert lines[0].startswith("  a) ") and all(line.startswith("     ") for line in lines[1:])
    assert all(width(line) <= 24 for line in lines)


def test_a_word_wider_than_the_line_is_cut_and_nothing_else() -> None:
    assert wrap("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert wrap("", 10) == [""] and wrap("a\n\nb", 10) == ["a", "", "b"]


pieces = st.lists(st.one_of(st.text(alphabet="abcdefgh", min_size=1, max_size=8),
                            st.text(alphabet="神经网络计算激活函数", min_size=1, max_size=6),
                            st.sampled_from(["，", "。", "（", "）", "“", "”", ", ", ". ", " "])), max_size=30)


@settings(max_examples=300, deadline=None)
@given(pieces, st.integers(min_value=4, max_value=100))
def test_no_line_passes_the_edge_and_no_text_is_lost(parts: list[str], columns: int) -> None:
    text = "".join(parts)
    lines = wrap(text, columns)
    assert all(width(line) <= columns for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_text_breaks_into_the_same_pieces_as_the_character_walk(paragraph):
    # The report's feedback is mostly ASCII and goes through a regular-expression shortcut;
    # it must cut exactly where the character-by-character walk for any text cuts.
    assert display._pieces(paragraph) == display._pieces_of_any(paragraph)
