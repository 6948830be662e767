"""Hidden mode never prints an expected value, whatever the mistake.

Expected values are drawn with a fractional part and a magnitude in
[10.001, 99.999], so every textual form of them ("12.3", "12.34567...", "-45.6")
is long and contains a dot: it cannot be mistaken for the shapes, counts,
indices, ratios and errors (in e-notation) that messages may show.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.exercise.compare import CheckFailed, expect_close, expect_equal, expect_predictions

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

magnitudes = st.floats(min_value=10.001, max_value=99.999, allow_nan=False)
values = st.tuples(magnitudes, st.booleans()).map(lambda t: -t[0] if t[1] else t[0])
shapes = hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=5)
arrays = shapes.flatmap(lambda s: hnp.arrays(np.float64, s, elements=values))

PERTURBATIONS = [
    "scale", "sign", "m", "one_over_m", "offset", "one_entry", "some_entries", "noise", "nan", "inf",
    "zeros", "rank1", "transpose", "flat_list", "float32", "int", "near",
]


def forms(v: float) -> set[str]:
    """The ways a number could be printed."""
    out = {repr(v), str(v), f"{v:.3g}", f"{v:.4g}", f"{v:.5g}", f"{v:.6g}", f"{v:.2f}", f"{v:.1f}"}
    return {s for s in out if len(s) >= 3}


def perturb(kind: str, e: np.ndarray, data, m: int):
    if kind == "scale":
        return e * data.draw(st.sampled_from([2.0, 0.5, 3.0, 1.37, -2.5]))
    if kind == "sign":
        return -e
    if kind == "m":
        return e * m
    if kind == "one_over_m":
        return e / m
    if kind == "offset":
        return e + data.draw(st.sampled_from([0.5, -1.0, 2.25]))
    if kind == "one_entry":
        a = e.copy()
        a.flat[data.draw(st.integers(0, e.size - 1))] += data.draw(st.sampled_from([0.3, -7.0, 1e-3]))
        return a
    if kind == "some_entries":
        a = e.copy()
        mask = np.array(data.draw(st.lists(st.booleans(), min_size=e.size, max_size=e.size)))
        a.flat[mask] *= 1.5
        return a
    if kind == "noise":
        seed = data.draw(st.integers(0, 2**32 - 1))
        return e + np.random.default_rng(seed).normal(size=e.shape)
    if kind == "nan":
        a = e.copy()
        a.flat[0] = np.nan
        return a
    if kind == "inf":
        a = e.copy()
        a.flat[-1] = -np.inf
        return a
    if kind == "zeros":
        return np.zeros_like(e)
    if kind == "rank1":
        return e.ravel() if e.ndim == 2 else e.reshape(-1, 1)
    if kind == "transpose":
        return e.T if e.ndim == 2 else e.reshape(1, -1)
    if kind == "flat_list":
        return e.tolist()
    if kind == "float32":
        return (e * (1 + 3e-5)).astype(np.float32)
    if kind == "int":
        return np.trunc(e).astype(int)
    if kind == "near":
        return e * (1 + 2e-5)
    raise AssertionError(kind)


def assert_no_expected_value(message: str, expected) -> None:
    for v in np.asarray(expected, dtype=np.float64).ravel():
        for text in forms(float(v)):
            assert text not in message, (text, message)


@SETTINGS
@given(e=arrays, kind=st.sampled_from(PERTURBATIONS), m=st.integers(2, 50), data=st.data())
def test_hidden_array_messages_never_contain_expected_values(e, kind, m, data):
    actual = perturb(kind, e, data, m)
    assume(not (isinstance(actual, np.ndarray) and actual.shape == e.shape and np.array_equal(actual, e)))
    with pytest.raises(CheckFailed) as info:
        expect_close(actual, e, "result", m=m)
    assert_no_expected_value(str(info.value), e)


@SETTINGS
@given(e=arrays, kind=st.sampled_from(["one_entry", "noise", "scale", "int"]), data=st.data())
def test_hidden_nested_messages_never_contain_expected_values(e, kind, data):
    expected = {"first": (e, float(e.flat[0])), "second": [e * 2]}
    changed = perturb(kind, e, data, 3)
    assume(not np.array_equal(changed, e))
    actual = {"first": (changed, float(e.flat[0])), "second": [e * 2]}
    with pytest.raises(CheckFailed) as info:
        expect_close(actual, expected, "result")
    assert "result['first'][0]" in str(info.value)
    assert_no_expected_value(str(info.value), e)


@SETTINGS
@given(e=values, a=st.one_of(values, st.integers(-1000, 1000), st.just(float("nan"))), m=st.integers(2, 50))
def test_hidden_scalar_messages_never_contain_expected_values(e, a, m):
    assume(not abs(a - e) <= 1e-8 + 1e-6 * abs(e))  # NaN differs from everything
    # The message may show the student's own value: 330.0 holds the text of an expected 30.0.
    assume(not any(t in s for t in forms(float(e)) for s in forms(float(a))))
    with pytest.raises(CheckFailed) as info:
        expect_close(a, e, "result", m=m)
    assert_no_expected_value(str(info.value), [e])


@SETTINGS
@given(e=values, a=st.sampled_from([lambda e: e * 7, lambda e: -e, lambda e: e / 7, lambda e: e * 2.5]))
def test_hidden_scalar_ratio_messages_never_contain_expected_values(e, a):
    with pytest.raises(CheckFailed) as info:
        expect_close(a(e), e, "result", m=7)
    assert_no_expected_value(str(info.value), [e])


@SETTINGS
@given(e=arrays, data=st.data())
def test_hidden_equal_messages_never_contain_expected_values(e, data):
    e = np.round(e * 1000)  # integers with 5 digits: long enough to spot
    actual = e.copy()
    actual.flat[data.draw(st.integers(0, e.size - 1))] += 1
    with pytest.raises(CheckFailed) as info:
        expect_equal(actual.astype(int), e.astype(int), "result")
    for v in e.ravel():
        assert str(int(v)) not in str(info.value), str(info.value)


@SETTINGS
@given(shape=shapes, data=st.data())
def test_hidden_prediction_messages_name_no_positions(shape, data):
    expected = np.array(data.draw(st.lists(st.booleans(), min_size=int(np.prod(shape)),
                                           max_size=int(np.prod(shape))))).reshape(shape).astype(float)
    actual = expected.copy()
    i = data.draw(st.integers(0, expected.size - 1))
    actual.flat[i] = 1 - actual.flat[i]
    with pytest.raises(CheckFailed) as info:
        expect_predictions(actual, expected, "result")
    assert "index" not in str(info.value) and "expected" not in str(info.value)


@SETTINGS
@given(e=arrays, data=st.data())
def test_right_answers_pass_in_any_equivalent_form(e, data):
    form = data.draw(st.sampled_from(["same", "fortran", "tiny", "list_container"]))
    if form == "same":
        expect_close(e.copy(), e, "result")
    elif form == "fortran":
        expect_close(np.asfortranarray(e), e, "result")
    elif form == "tiny":
        expect_close(e * (1 + 1e-8), e, "result")
    else:
        expect_close([e, float(e.flat[0])], (e, np.float64(e.flat[0])), "result")
