"""Reading student answers: every accepted spelling per type, and a clear message for the rest."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.quiz.answers import AnswerFormatError, parse_answer, parse_number, parse_shape, parse_truefalse
from grader.quiz.text import format_shape
from grader.quiz.views import prepare


def _prepared(bank, item_id: str, student: str = "s1"):
    return prepare(bank, bank.item(item_id), student)


# ---------------------------------------------------------------- shapes

shape_tuples = st.lists(st.integers(0, 20000), min_size=1, max_size=4).map(tuple)
NOTATIONS = [
    lambda s: format_shape(s),  # "(4, 1)" / "(4,)"
    lambda s: "(" + ",".join(map(str, s)) + ("," if len(s) == 1 else "") + ")",  # "(4,1)"
    lambda s: "x".join(map(str, s)),  # "4x1"
    lambda s: " X ".join(map(str, s)),  # "4 X 1"
    lambda s: "[" + ", ".join(map(str, s)) + "]",  # "[4, 1]"
    lambda s: list(s),  # a TOML array [4, 1]
    lambda s: "  (" + " , ".join(map(str, s)) + ")  ",
]


@settings(max_examples=150, deadline=None)
@given(shape_tuples, st.sampled_from(NOTATIONS))
def test_any_shape_in_any_notation_parses_back(shape: tuple, notation) -> None:
    assert parse_shape(notation(shape)) == shape


@pytest.mark.parametrize("text, shape", [("()", ()), ("[]", ()), ("(4,)", (4,)), ("4", (4,)), (7, (7,)),
                                         ("Error", "error"), (" error ", "error"), ([4.0, 1], (4, 1))])
def test_shape_edge_cases(text, shape) -> None:
    assert parse_shape(text) == shape


@pytest.mark.parametrize("text", ["four by one", "(4, -1)", "(4;1)", "4x", "(4, 1", "4.5x1", [4, "1"], [-1], True, {"a": 1}])
def test_malformed_shapes_say_how_to_write_one(text) -> None:
    with pytest.raises(AnswerFormatError, match=r'"\(4, 1\)"'):
        parse_shape(text)


# ---------------------------------------------------------------- numbers and true/false

@settings(max_examples=100, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_numbers_parse_as_numbers_or_strings(x: float) -> None:
    assert parse_number(x) == x
    assert parse_number(repr(x)) == x
    assert parse_number(f"  {x!r} ") == x


@pytest.mark.parametrize("raw", ["four", "", "nan", "inf", "1,5", True, [1], "0.5.1"])
def test_non_numbers_are_refused(raw) -> None:
    with pytest.raises(AnswerFormatError, match="write a number"):
        parse_number(raw)


@pytest.mark.parametrize("raw, value", [(True, True), ("true", True), ("T", True), (" yes ", True),
                                        (False, False), ("False", False), ("f", False), ("NO", False)])
def test_truefalse_spellings(raw, value) -> None:
    assert parse_truefalse(raw) is value


@pytest.mark.parametrize("raw", ["maybe", 1, 0, "", [True]])
def test_truefalse_refuses_others(raw) -> None:
    with pytest.raises(AnswerFormatError, match="true or false"):
        parse_truefalse(raw)


# ---------------------------------------------------------------- choices

def test_single_choice_by_letter_or_text(demo_bank) -> None:
    p = _prepared(demo_bank, "tanh-centres")
    right = p.key
    letter = p.letter_of(right)
    for raw in (letter, letter.upper(), f"{letter})", f"({letter})", f" {letter} ", f'"{letter}"', right.upper(),
                "  " + right.lower() + " ", [letter]):
        assert parse_answer(p, raw) == right, raw


@pytest.mark.parametrize("raw, message", [("z", "not a letter on this sheet"), ("the first one", "neither a letter"),
                                          (2, "not a letter"), (["a", "b"], "not a letter")])
def test_single_choice_refusals(demo_bank, raw, message) -> None:
    with pytest.raises(AnswerFormatError, match=message):
        parse_answer(_prepared(demo_bank, "tanh-centres"), raw)


def test_multiple_select_spellings(demo_bank) -> None:
    p = _prepared(demo_bank, "more-data")
    a, c = p.choices[0], p.choices[2]
    for raw in (["a", "c"], ["C", "a", "a"], "a, c", "a,c", "a c", "c; a", '["a", "c"]', [a, "c"], f"{a}, c"):
        assert parse_answer(p, raw) == frozenset({a, c}), raw
    assert parse_answer(p, []) is None
    assert parse_answer(p, " , ") is None


@pytest.mark.parametrize("raw", [["a", "q"], "a, q", [1, 2], 3, ["a", ["b"]]])
def test_multiple_select_refusals(demo_bank, raw) -> None:
    with pytest.raises(AnswerFormatError, match="write the letters"):
        parse_answer(_prepared(demo_bank, "more-data"), raw)


def test_choice_letters_follow_the_student(demo_bank) -> None:
    """The same letter means different choices for (most) different students."""
    meanings = {parse_answer(_prepared(demo_bank, "tanh-centres", f"s{n}"), "a") for n in range(30)}
    assert len(meanings) > 1


# ---------------------------------------------------------------- text and tables

def test_text_answers_are_kept_for_normalised_comparison(demo_bank) -> None:
    p = _prepared(demo_bank, "activation-name")
    assert parse_answer(p, "  Re LU ") == "Re LU"
    assert parse_answer(p, 12288) == "12288"
    with pytest.raises(AnswerFormatError, match="not a text"):
        parse_answer(p, True)


@pytest.mark.parametrize("item_id", ["tanh-centres", "more-data", "iterate", "sigmoid-zero", "flatten", "activation-name"])
def test_a_table_where_a_value_belongs_is_refused(demo_bank, item_id) -> None:
    with pytest.raises(AnswerFormatError, match=f"found a table.*{item_id} ="):
        parse_answer(_prepared(demo_bank, item_id), {"answer": "b"})


@pytest.mark.parametrize("item_id", ["tanh-centres", "more-data", "iterate", "sigmoid-zero", "flatten", "activation-name"])
def test_blank_means_unanswered(demo_bank, item_id) -> None:
    assert parse_answer(_prepared(demo_bank, item_id), "   ") is None
