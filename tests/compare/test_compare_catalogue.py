"""A catalogue of realistic wrong answers and the feedback each must produce,
and of right answers written differently that must pass."""

from __future__ import annotations

import numpy as np
import pytest

from grader.exercise.compare import (
    CheckFailed,
    expect_close,
    expect_equal,
    expect_keys,
    expect_predictions,
    expect_shape,
    expect_type,
    expect_unchanged,
)

COL = np.array([[0.8213], [-1.2741], [2.0517], [0.3319]])          # (4, 1)
MAT = np.array([[0.5312, -1.1207, 0.2254], [1.7719, 0.0893, -0.6628]])  # (2, 3)
SQ = np.array([[1.25, -0.5], [2.75, 0.125]])                       # (2, 2), not symmetric
M = 7


def _perturb_one(x, idx, delta):
    y = x.copy()
    y[idx] += delta
    return y


def _nan_at(x, idx):
    y = x.copy()
    y[idx] = np.nan
    return y


def _inf_at(x, idx):
    y = x.copy()
    y[idx] = np.inf
    return y


# (id, actual, expected, name, kwargs, kind, fragments that must appear in the message)
WRONG = [
    ("rank1", COL.ravel(), COL, "grads['db1']", {}, "shape.rank1",
     ["grads['db1'] has shape (4,)", "rank-1", "expected (4, 1)", "keepdims=True"]),
    ("rank1-row", MAT[0], MAT[:1], "A", {}, "shape.rank1", ["rank-1", "expected (1, 3)"]),
    ("rank1-wrong-axis", np.ones(M), COL, "db", {}, "shape.rank1_axis", ["rank-1", "axis"]),
    ("transpose", MAT.T, MAT, "Z", {}, "shape.transpose", ["transpose of the expected result"]),
    ("transpose-square", SQ.T, SQ, "W", {}, "value.transpose", ["transpose"]),
    ("transposed-shape", MAT.T + 1.0, MAT, "Z", {}, "shape.transposed_shape", ["(3, 2)", "expected (2, 3)", ".T"]),
    ("column-for-rank1", COL, COL.ravel(), "v", {}, "shape.not_rank1", ["expected a rank-1 array of shape (4,)", "ravel"]),
    ("sum-all", np.ones((1, 1)), COL, "db", {}, "shape.sum_all", ["(1, 1)", "every axis"]),
    ("row-for-column", np.ones((1, 4)), COL, "db", {}, "shape.transposed_shape", ["wrong axis", ".T"]),
    ("wrong-sum-axis", np.ones((1, M)), COL, "db", {}, "shape.axis", ["shape (1, 7)", "wrong axis"]),
    ("missing-sum", np.ones((4, M)), COL, "db", {}, "shape.missing_sum", ["(4, 7)", "sum over axis 1", "keepdims"]),
    ("extra-sum", np.ones((1, 3)), MAT, "A", {}, "shape.extra_sum", ["axis 0"]),
    ("bad-reshape", np.ones((3, 2)) * 0.5 + np.arange(6).reshape(3, 2), np.ones((1, 6)), "v", {}, "shape.reshape",
     ["reshape"]),
    ("other-shape", np.ones((3, 5)), MAT, "A", {}, "shape", ["shape (3, 5); expected (2, 3)"]),
    ("scalar-for-array", 0.5, COL, "dw", {}, "type.scalar", ["single number", "shape (4, 1)"]),
    ("0d-for-array", np.array(0.5), COL, "dw", {}, "shape.scalar", ["single number", "sum over every axis"]),
    ("m-times", COL * M, COL, "dw", {"m": M}, "value.m_times", ["m times", "m = 7", "1/m"]),
    ("one-over-m", COL / M, COL, "dw", {"m": M}, "value.one_over_m", ["1/m of the expected", "m = 7"]),
    ("minus-m", -COL * M, COL, "dw", {"m": M}, "value.minus_m_times", ["wrong sign", "m"]),
    ("sign", -MAT, MAT, "dZ", {}, "value.sign", ["wrong sign"]),
    ("factor-2", MAT * 2, MAT, "dZ", {}, "value.factor", ["2 times"]),
    ("factor-half", MAT * 0.5, MAT, "dZ", {}, "value.factor", ["1/2 times"]),
    ("factor-odd", MAT * 1.37, MAT, "dZ", {}, "value.factor", ["about 1.37 times"]),
    ("offset", MAT + 0.25, MAT, "Z", {}, "value.offset", ["same amount"]),
    ("zeros", np.zeros_like(MAT), MAT, "dW", {}, "value.zeros", ["all zeros"]),
    ("fortran-reshape", np.arange(1.0, 7.0).reshape(3, 2, order="F").reshape(6, 1),
     np.arange(1.0, 7.0).reshape(6, 1), "v", {}, "value.order", ["expected values, but in a different order"]),
    ("row-factors", MAT / np.array([[2.0], [5.0]]), MAT, "x_normalized", {}, "value.axis_factor",
     ["each row of x_normalized is a multiple", "wrong axis"]),
    ("column-factors", MAT / np.array([[2.0, 3.0, 4.0]]), MAT, "s", {}, "value.axis_factor", ["each column"]),
    ("nan", _nan_at(MAT, (1, 2)), MAT, "A", {}, "value.nan", ["NaN", "1 of 6", "log of 0"]),
    ("inf", _inf_at(MAT, (0, 0)), MAT, "A", {}, "value.inf", ["inf", "overflow"]),
    ("one-entry", _perturb_one(MAT, (1, 0), 0.31), MAT, "A", {}, "value",
     ["differs at index (1, 0)", "max abs error 3.1e-01", "1 of 6 entries"]),
    ("near-miss", MAT * (1 + 1e-5), MAT, "A", {}, "value.near", ["close, but not within the tolerance rtol=1e-06"]),
    ("near-miss-float", 0.6931 * (1 + 1e-5), 0.6931, "cost", {}, "value.near", ["close, but not within"]),
    ("near-miss-one", _perturb_one(MAT, (0, 1), 2e-5), MAT, "A", {}, "value.near", ["close, but not within"]),
    ("float32", _perturb_one(MAT, (0, 1), 3e-5).astype(np.float32), MAT, "A", {}, "value.precision", ["float32"]),
    ("list-for-array", COL.tolist(), COL, "w", {}, "type.list", ["is a list", "NumPy array", "(4, 1)"]),
    ("tuple-for-array", tuple(MAT[0]), MAT[0], "v", {}, "type.list", ["is a tuple", "NumPy array"]),
    ("bool-array-for-floats", MAT > 0, MAT, "A", {}, "type.dtype", ["bools"]),
    ("complex", MAT.astype(complex), MAT, "A", {}, "type.dtype", ["complex"]),
    ("strings", np.array(["a", "b"]), np.array([1.0, 2.0]), "A", {}, "type.dtype", ["dtype <U1"]),
    ("none", None, COL, "dw", {}, "type.none", ["is None", "return"]),
    ("int-zero-for-float", 0, 0.0, "b", {}, "type.int_for_float", ["b is the int 0; it should be a float (0.0)"]),
    ("np-int-for-float", np.int64(3), 3.0, "b", {}, "type.int_for_float", ["the int 3"]),
    ("array11-for-float", np.array([[0.6931]]), 0.6931, "cost", {}, "type.array_for_scalar",
     ["NumPy array of shape (1, 1)", "plain number", "float(...)", "np.squeeze"]),
    ("array1-for-float", np.array([0.6931]), 0.6931, "cost", {}, "type.array_for_scalar", ["shape (1,)"]),
    ("array-for-float", np.array([0.6931, 0.1]), 0.6931, "cost", {}, "type.array_for_scalar", ["single float"]),
    ("list1-for-float", [0.6931], 0.6931, "cost", {}, "type", ["plain float", "list"]),
    ("bool-for-float", True, 1.0, "cost", {}, "type", ["the bool True", "expected a float"]),
    ("str-for-float", "0.69", 0.69, "cost", {}, "type", ["a str", "expected a float"]),
    ("float-wrong", 0.7012, 0.6931, "cost", {}, "value", ["cost is wrong", "relative error"]),
    ("float-m-times", 0.6931 * M, 0.6931, "cost", {"m": M}, "value.m_times", ["m times", "1/m"]),
    ("float-one-over-m", 0.6931 / M, 0.6931, "cost", {"m": M}, "value.one_over_m", ["1/m of"]),
    ("float-sign", -0.6931, 0.6931, "cost", {}, "value.sign", ["wrong sign"]),
    ("float-nan", float("nan"), 0.6931, "cost", {}, "value.nan", ["NaN", "log of 0"]),
    ("float-for-int", 3.0, 3, "n_x", {}, "type.float_for_int", ["is a float; it should be an int"]),
    ("int-wrong", 4, 3, "n_h", {}, "value", ["n_h is 4, which is wrong"]),
    ("bool-wrong", False, True, "ok", {}, "value", ["False"]),
    ("int-for-bool", 1, True, "ok", {}, "type", ["the int 1", "bool"]),
    ("not-none", 0.0, None, "r", {}, "type", ["expected None"]),
    ("str-wrong", "tanh", "relu", "activation", {}, "value", ["'tanh'", "not the expected string"]),
    ("missing-key", {"dW1": MAT}, {"dW1": MAT, "db1": COL}, "grads", {}, "keys", ["grads is missing key 'db1'"]),
    ("extra-key", {"dW1": MAT, "db1": COL, "dZ1": MAT}, {"dW1": MAT, "db1": COL}, "grads", {}, "keys",
     ["unexpected key 'dZ1'"]),
    ("misspelt-keys", {"dw1": MAT}, {"dW1": MAT}, "grads", {}, "keys",
     ["missing key 'dW1'", "unexpected key 'dw1'", "spelling"]),
    ("nested-dict", {"dW1": MAT, "db1": COL.ravel()}, {"dW1": MAT, "db1": COL}, "grads", {}, "shape.rank1",
     ["grads['db1'] has shape (4,)"]),
    ("list-for-dict", [MAT], {"W1": MAT}, "parameters", {}, "type", ["a list of length 1; expected a dict"]),
    ("tuple-length", (MAT,), (MAT, 0.5), "propagate(w, b, X, Y)", {}, "length",
     ["propagate(w, b, X, Y) is a tuple of length 1; expected length 2"]),
    ("tuple-element", ({"dw": COL}, 0), ({"dw": COL}, 0.5), "propagate(w, b, X, Y)", {}, "type.int_for_float",
     ["propagate(w, b, X, Y)[1] is the int 0"]),
    ("nested-tuple", ((MAT, MAT.T, COL), MAT), ((MAT, MAT.T * 2, COL), MAT), "cache", {}, "value.factor",
     ["cache[0][1]"]),
    ("array-for-list", np.array([0.5, 0.25]), [0.5, 0.25], "costs", {}, "type", ["NumPy array", "return a list"]),
    ("dict-for-tuple", {"a": 1.0}, (1.0,), "out", {}, "type", ["a dict; expected a tuple of 1 value"]),
]


@pytest.mark.parametrize("case", WRONG, ids=[c[0] for c in WRONG])
def test_wrong_answer_is_diagnosed(case):
    _, actual, expected, name, kwargs, kind, fragments = case
    with pytest.raises(CheckFailed) as info:
        expect_close(actual, expected, name, **kwargs)
    message = str(info.value)
    assert info.value.kind == kind, message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert isinstance(info.value, AssertionError)
    assert len(message) < 240 and "\n" not in message


RIGHT = [
    ("float-vs-np.float64", np.float64(0.6931), 0.6931),
    ("np.float64-vs-float", 0.6931, np.float64(0.6931)),
    ("np.float32-close", np.float32(0.5), 0.5),
    ("0d-array-as-float", np.squeeze(np.array([[0.6931]])), 0.6931),
    ("float-vs-0d-expected", 0.6931, np.array(0.6931)),
    ("within-rtol", 0.6931 * (1 + 1e-7), 0.6931),
    ("int-array-for-floats", np.array([[1, 0, 2]]), np.array([[1.0, 0.0, 2.0]])),
    ("float-array-for-ints", np.array([1.0, 2.0]), np.array([1, 2])),
    ("float32-array-close", MAT.astype(np.float32), MAT.astype(np.float32).astype(np.float64)),
    ("zero-float", 0.0, 0.0),
    ("np-int-for-int", np.int64(3), 3),
    ("np-bool-for-bool", np.bool_(True), True),
    ("list-for-tuple", [MAT, 0.5], (MAT, 0.5)),
    ("tuple-for-list", (0.5, 0.25), [0.5, 0.25]),
    ("dict-order", {"db1": COL, "dW1": MAT}, {"dW1": MAT, "db1": COL}),
    ("nan-where-nan", np.array([np.nan, 1.0]), np.array([np.nan, 1.0])),
    ("none", None, None),
    ("str", "relu", "relu"),
    ("fortran-order", np.asfortranarray(MAT), MAT),
    ("tiny-atol", np.array([1e-10, 1.0]), np.array([0.0, 1.0])),
]


@pytest.mark.parametrize("case", RIGHT, ids=[c[0] for c in RIGHT])
def test_right_answer_passes(case):
    _, actual, expected = case
    expect_close(actual, expected, "x")


def test_reveal_shows_values_at_first_difference():
    actual = _perturb_one(MAT, (1, 0), 0.31)
    with pytest.raises(CheckFailed) as info:
        expect_close(actual, MAT, "A", reveal=True)
    assert "got 2.08, expected 1.77 there" in str(info.value)
    with pytest.raises(CheckFailed) as info:
        expect_close(0.7012, 0.6931, "cost", reveal=True)
    assert str(info.value) == "cost is 0.701; expected 0.693"
    with pytest.raises(CheckFailed) as info:
        expect_close(0.69315, 0.69312, "cost", reveal=True)
    assert str(info.value) == "cost is 0.69315; expected 0.69312"


def test_reveal_keeps_the_diagnosis():
    with pytest.raises(CheckFailed) as info:
        expect_close(-MAT, MAT, "dZ", reveal=True)
    assert str(info.value) == ("dZ has the wrong sign: it is the negative of the expected value "
                               "(got -0.531, expected 0.531 at index (0, 0))")
    with pytest.raises(CheckFailed) as info:
        expect_close(0.22, 1.1, "L1", reveal=True)
    assert str(info.value) == (
        "L1 is 1/5 times the expected value: a missing or extra constant factor? (got 0.22, expected 1.1)")


def test_hidden_scalar_factor_only_when_it_is_a_simple_one():
    with pytest.raises(CheckFailed) as info:
        expect_close(0.22, 1.1, "L1")
    assert info.value.kind == "value.factor" and "1/5 times" in str(info.value)
    with pytest.raises(CheckFailed) as info:
        expect_close(0.2345, 1.1, "L1")
    assert str(info.value) == "L1 is wrong (relative error 7.9e-01)"


def test_custom_tolerance():
    expect_close(1.001, 1.0, "x", rtol=1e-2)
    with pytest.raises(CheckFailed):
        expect_close(1.001, 1.0, "x")


# ---------------------------------------------------------------- expect_equal

def test_equal_exact():
    expect_equal((4, 1), (4, 1), "shape")
    expect_equal([4, 1], (4, 1), "shape")
    expect_equal(np.int64(5), 5, "n_x")
    expect_equal({"n_x": 5, "n_h": 4}, {"n_h": 4, "n_x": 5}, "sizes")
    expect_equal(np.array([[1, 2]]), np.array([[1, 2]]), "a")
    expect_equal(0.5, 0.5, "x")


@pytest.mark.parametrize(
    "actual, expected, kind, fragment",
    [
        (5.0, 5, "type.float_for_int", "should be an int"),
        (True, 1, "type", "the bool True"),
        (0.5 + 1e-12, 0.5, "value", "is wrong"),
        ((4,), (4, 1), "length", "length 1; expected length 2"),
        ((1, 4), (4, 1), "value", "[0] is 1, which is wrong"),
        (np.array([[1, 3]]), np.array([[1, 2]]), "value", "differs at index (0, 1)"),
        (np.array([1, 2]), np.array([[1, 2]]), "shape.rank1", "rank-1"),
        ("a", "b", "value", "not the expected string"),
    ],
)
def test_equal_failures(actual, expected, kind, fragment):
    with pytest.raises(CheckFailed) as info:
        expect_equal(actual, expected, "sizes")
    assert info.value.kind == kind
    assert fragment in str(info.value)


def test_equal_reveal():
    with pytest.raises(CheckFailed) as info:
        expect_equal(4, 3, "n_h", reveal=True)
    assert str(info.value) == "n_h is 4; expected 3"


# ---------------------------------------------------------------- predictions

Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0]])


@pytest.mark.parametrize(
    "actual",
    [Y, Y.astype(int), Y.astype(bool), Y.astype(np.float32), Y.astype(np.uint8)],
    ids=["float", "int", "bool", "float32", "uint8"],
)
def test_predictions_right_in_any_numeric_form(actual):
    expect_predictions(actual, Y, "predict(w, b, X)")
    expect_predictions(actual, Y.astype(bool), "predict(w, b, X)")


@pytest.mark.parametrize(
    "actual, kind, fragment",
    [
        (np.where(np.arange(8) < 2, 1 - Y, Y), "predictions", "2 wrong predictions out of 8 (25%)"),
        (1 - Y, "predictions.inverted", "every one of the 8 predictions"),
        (Y * 0.9, "predictions.not01", "values other than 0 and 1 (4 of 8 entries)"),
        (Y.ravel(), "shape.rank1", "rank-1"),
        (Y.T, "shape.transpose", "transpose"),
        (Y.tolist(), "type.list", "is a list"),
        (None, "type.none", "is None"),
        (1.0, "type", "a float"),
    ],
)
def test_prediction_failures(actual, kind, fragment):
    with pytest.raises(CheckFailed) as info:
        expect_predictions(actual, Y, "Y_prediction")
    assert info.value.kind == kind, str(info.value)
    assert fragment in str(info.value)


def test_predictions_hidden_names_no_index_reveal_does():
    wrong = Y.copy()
    wrong[0, 5] = 1
    with pytest.raises(CheckFailed) as info:
        expect_predictions(wrong, Y, "p")
    assert "index" not in str(info.value) and "expected 0" not in str(info.value)
    with pytest.raises(CheckFailed) as info:
        expect_predictions(wrong, Y, "p", reveal=True)
    assert "index (0, 5): got 1, expected 0" in str(info.value)


# ---------------------------------------------------------------- mutation

def test_unchanged_passes_for_equal_copies():
    params = {"W1": MAT.copy(), "b1": COL.copy(), "n": 3, "w": [np.nan, 1.0]}
    expect_unchanged(params, {"W1": MAT.copy(), "b1": COL.copy(), "n": 3, "w": [np.nan, 1.0]}, "parameters")
    expect_unchanged(_nan_at(MAT, (0, 0)), _nan_at(MAT, (0, 0)), "X")


@pytest.mark.parametrize(
    "before, after, fragment",
    [
        ({"W1": MAT, "b1": COL}, {"W1": MAT - 0.1, "b1": COL}, "in place (parameters['W1']); work on copies"),
        ({"W1": MAT}, {"W1": MAT, "dW1": MAT}, "(added parameters['dW1'])"),
        ({"W1": MAT, "b1": COL}, {"W1": MAT}, "(removed parameters['b1'])"),
        ({"W1": MAT}, {"W1": MAT.astype(np.float32)}, "parameters['W1']"),
        (((MAT, COL), MAT), ((MAT, COL * 2), MAT), "parameters[0][1]"),
        ([1.0, 2.0], [1.0, 2.0, 3.0], "(changed its length)"),
    ],
)
def test_mutation_named(before, after, fragment):
    with pytest.raises(CheckFailed) as info:
        expect_unchanged(before, after, "parameters")
    assert info.value.kind == "mutation"
    message = str(info.value)
    assert message.startswith("your function changed its input parameters in place")
    assert fragment in message


def test_mutation_of_array_input():
    with pytest.raises(CheckFailed) as info:
        expect_unchanged(MAT, MAT * 0, "X")
    assert str(info.value) == (
        "your function changed its input X in place; work on a copy (e.g. X = X - ... instead of X -= ...)")
    with pytest.raises(CheckFailed) as info:
        expect_unchanged({"W1": MAT}, {"W1": MAT * 0}, "parameters (the argument of update)")
    assert "(parameters (the argument of update)['W1']); work on copies (e.g. copy.deepcopy(parameters) first" in str(
        info.value)


# ---------------------------------------------------------------- shape, keys, type

def test_expect_shape():
    expect_shape(MAT, (2, 3), "Z")
    expect_shape(MAT, (2, None), "Z")
    with pytest.raises(CheckFailed, match=r"rank-1 array; expected \(4, 1\)"):
        expect_shape(COL.ravel(), (4, 1), "b")
    with pytest.raises(CheckFailed, match=r"shape \(2, 3\); expected \(3, any\)"):
        expect_shape(MAT, (3, None), "Z")
    with pytest.raises(CheckFailed, match=r"is a list; return a NumPy array"):
        expect_shape([1.0], (1,), "Z")
    with pytest.raises(CheckFailed, match=r"is a float; expected a NumPy array of shape \(2, 3\)"):
        expect_shape(0.5, (2, 3), "Z")


def test_expect_keys():
    expect_keys({"W1": 1, "b1": 2}, ["b1", "W1"], "parameters")
    with pytest.raises(CheckFailed, match=r"parameters is missing keys 'W2', 'b2'"):
        expect_keys({"W1": 1, "b1": 2}, ["W1", "b1", "W2", "b2"], "parameters")
    with pytest.raises(CheckFailed, match=r"expected a dict"):
        expect_keys([1], ["W1"], "parameters")


def test_expect_type():
    expect_type(np.float64(0.5), float, "cost")
    expect_type(np.float32(0.5), float, "cost")
    expect_type(np.int64(2), int, "n")
    expect_type(MAT, np.ndarray, "A")
    expect_type(None, (np.ndarray, type(None)), "A")
    with pytest.raises(CheckFailed, match=r"n is the bool True; expected an int"):
        expect_type(True, int, "n")
    with pytest.raises(CheckFailed, match=r"is a list of length 1; expected a NumPy array or a dict"):
        expect_type([1], (np.ndarray, dict), "A")
    with pytest.raises(CheckFailed, match=r"plain number"):
        expect_type(np.array([[0.5]]), float, "cost")
    with pytest.raises(CheckFailed, match=r"is None \(expected a float\)"):
        expect_type(None, float, "cost")


def test_check_failed_is_assertion_error_with_kind_and_name():
    with pytest.raises(AssertionError) as info:
        expect_close(COL.ravel(), COL, "db")
    assert info.value.kind == "shape.rank1" and info.value.name == "db"


def test_small_arrays_decided_in_python_as_numpy_decides_them():
    """The quick verdict on small float64 arrays (Python's floats) is NumPy's, entry for entry:
    at and around the tolerance, for NaN, infinities, signed zeros, huge and tiny values."""
    from grader.exercise import compare

    rng = np.random.default_rng(20261203)
    specials = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e308, -1e308, 5e-324, 1e-8, 1.0])
    modes = [compare._Mode(False, 1e-6, 1e-8, False, None), compare._Mode(False, 1e-3, 0.0, False, None),
             compare._Mode(True, 0.0, 0.0, False, None)]
    for trial in range(3000):
        shape = (int(rng.integers(1, 6)), int(rng.integers(1, 7)))
        e = rng.normal(0.0, 10.0 ** rng.integers(-9, 9), size=shape)
        kind = trial % 5
        if kind == 0:
            a = e.copy()
        elif kind == 1:  # right at the tolerance, a few ulps either side
            a = e + (np.abs(e) * 1e-6 + 1e-8) * rng.choice([-1.0, 1.0], size=shape)
            a = np.nextafter(a, a + rng.choice([-1.0, 1.0], size=shape) * np.inf)
        elif kind == 2:
            a = e * (1 + rng.normal(0, 1e-6, size=shape))
        else:
            a = e.copy()
            where = rng.integers(0, 2, size=shape).astype(bool)
            a[where] = rng.choice(specials, size=int(where.sum()))
            if kind == 4:
                e[where] = rng.choice(specials, size=int(where.sum()))
        for mode in modes:
            with np.errstate(all="ignore"):
                if mode.exact:
                    want = bool((a == e).all())
                else:
                    diff = np.abs(a - e)
                    bound = np.abs(e)
                    bound *= mode.rtol
                    bound += mode.atol
                    want = bool((diff <= bound).all())
            assert compare._passes_as_is(a, e, mode) is want, (a, e, mode.exact, mode.rtol)
            assert compare._passes_as_is(a.T, e.T, mode) is want  # not contiguous: the same verdict
