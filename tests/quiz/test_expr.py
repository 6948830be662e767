"""The template expression language: what it computes, and everything it refuses."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.quiz.expr import ExprError, broadcast_shape, dot_shape, evaluate, parse

ENV = {"dims": [4, 4, 3, 1], "l": 2, "x": 0.5, "a": [3, 4], "b": [4, 1], "name": "relu", "p": {"n": 3}}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(dims[l], dims[l - 1])", (3, 4)),
        ("dims[-1]", 1),
        ("dims[1:3]", [4, 3]),
        ("len(dims) - 1", 3),
        ("sum(dims) + prod(dims)", 12 + 48),
        ("max(dims) if l > 1 else min(dims)", 4),
        ("l == 2 and not (x > 1)", True),
        ("l in dims or l == 0", False),
        ("7 // 2, 7 % 2, 7 / 2, 2 ** 10, -l", (3, 1, 3.5, 1024, -2)),
        ("round(sigmoid(0), 3)", 0.5),
        ("relu(-3), relu(2.5), abs(-4)", (0, 2.5, 4)),
        ("round(tanh(0) + exp(0) + log(exp(2)) + sqrt(16), 9)", 7.0),
        ("log(8, 2)", 3.0),
        ("int('12') + int(2.9) + float('0.5')", 14.5),
        ("dot(a, b)", (3, 1)),
        ("dot((12288, 150), (150, 45))", (12288, 45)),
        ("dot(a, a)", "error"),
        ("broadcast((4, 3), (3, 2))", "error"),
        ("broadcast((3, 4), transpose((4, 1)))", (3, 4)),
        ("broadcast((3, 3), (3, 1))", (3, 3)),
        ("broadcast(dot(a, a), b)", "error"),
        ("name + '_backward'", "relu_backward"),
        ("p['n'] * 2", 6),
        ("[1, 2] + [3] * 2", [1, 2, 3, 3]),
        ("2 ** -2", 0.25),
        ("1 < l <= 2", True),
    ],
)
def test_evaluates(text: str, expected) -> None:
    assert evaluate(text, ENV) == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("().__class__", "attribute access"),
        ("dims.count(1)", "attribute access"),
        ("__import__('os')", "'_'"),
        ("__builtins__", "'_'"),
        ("_secret", "'_'"),
        ("open('/etc/passwd')", "unknown function 'open'"),
        ("eval('1')", "unknown function 'eval'"),
        ("(lambda: 1)()", "only the documented functions"),
        ("lambda: 1", "lambda"),
        ("[v for v in dims]", "comprehensions"),
        ("sum(v for v in dims)", "comprehensions"),
        ("max(*dims)", "unpacking"),
        ("{1: 2}", "dict literals"),
        ("{1, 2}", "set literals"),
        ("f'{l}'", "f-strings"),
        ("(y := 3)", ":="),
        ("round(x, ndigits=2)", "keyword arguments"),
        ("a @ b", "operator @"),
        ("1 << 2", "operator <<"),
        ("~1", "operator ~"),
        ("l is 2", "'is'"),
        ("'%s' % l", "% is not allowed"),
        ("nope + 1", "unknown name 'nope'"),
        ("sqrt", "is a function"),
        ("9 ** 9 ** 9", "exponent"),
        ("10 ** 1000", "too large"),
        ("10 ** 101", "too large"),
        ("2.0 ** 5000", "too large"),
        ("(10 ** 60) * (10 ** 60)", "too large"),
        ("exp(1000)", "too large"),
        ("1e300", "too large"),
        ("prod([1000] * 40)", "too large"),
        ("[0] * 100000", "longer than"),
        ("'ab' * 6000", "longer than"),
        ("[0] * 10 ** 50", "longer than"),
        ("1 / 0", "division by zero"),
        ("log(0)", "math domain error"),
        ("(-8) ** 0.5", "complex"),
        ("dims[9]", "out of range"),
        ("dims['a']", "integer"),
        ("dims[::0]", "step cannot be zero"),
        ("dot((3, -1), (1, 2))", "shapes"),
        ("min([])", "empty"),
        ("round(1.5, 99)", "between"),
        ("1j", "constant"),
        ("None", "constant"),
        ("[" * 60 + "1" + "]" * 60, "nested"),
        ("-" * 60 + "1", "nested"),
        ("(" + ",".join(["1"] * 500) + ")", "too long"),
        ("1 +", "syntax error"),
        ("x" * 3000, "longer than"),
    ],
)
def test_refuses(text: str, reason: str) -> None:
    with pytest.raises(ExprError) as excinfo:
        evaluate(text, ENV)
    assert reason in str(excinfo.value)


def test_refusals_happen_before_evaluation() -> None:
    """Attribute access is refused by parse() alone: nothing of the expression ever runs."""
    with pytest.raises(ExprError):
        parse("dims.__class__.__bases__")


def test_names_lists_variables_not_functions() -> None:
    assert parse("sqrt(dims[l]) + x").names == {"dims", "l", "x"}


def test_parsed_expression_is_reused_with_fresh_values() -> None:
    assert evaluate("dims[l]", {"dims": [1, 2, 3], "l": 0}) == 1
    assert evaluate("dims[l]", {"dims": [1, 2, 3], "l": 2}) == 3


shapes = st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple)


@settings(max_examples=100, deadline=None)
@given(shapes, shapes)
def test_dot_shape_follows_numpy(a: tuple, b: tuple) -> None:
    try:
        expected = np.dot(np.zeros(a), np.zeros(b)).shape
    except ValueError:
        expected = "error"
    assert dot_shape(a, b) == expected


@settings(max_examples=100, deadline=None)
@given(shapes, shapes)
def test_broadcast_shape_follows_numpy(a: tuple, b: tuple) -> None:
    try:
        expected = np.broadcast_shapes(a, b)
    except ValueError:
        expected = "error"
    assert broadcast_shape(a, b) == expected


_TOKENS = st.sampled_from(
    ["1", "2", "0", "-", "+", "*", "/", "//", "%", "**", "(", ")", "[", "]", ",", "dims", "l", "x", "sqrt(", "dot(",
     "len(", "'s'", " if ", " else ", " and ", "not ", "<", "==", ":", "9", "1e5", "prod(", "max(", ".", "_"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TOKENS, min_size=1, max_size=14).map("".join))
def test_any_text_either_evaluates_or_raises_expr_error(text: str) -> None:
    """No input makes the language raise anything but ExprError (so a bad bank never crashes a run)."""
    try:
        evaluate(text, ENV)
    except ExprError:
        pass
