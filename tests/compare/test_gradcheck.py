"""Numerical gradient checks on simple functions with known gradients."""

from __future__ import annotations

import numpy as np
import pytest

from grader.exercise.compare import CheckFailed
from grader.exercise.gradcheck import (
    expect_gradient,
    expect_gradients,
    gradient_dict,
    numerical_gradient,
    relative_error,
)

RNG = np.random.default_rng(20240611)
A = RNG.normal(size=(5, 5))
X = RNG.normal(size=(5, 3))


def quad_form(x):
    return float(np.sum(x * (A @ x)))  # sum over columns of x_j·A x_j


def quad_form_grad(x):
    return (A + A.T) @ x


def test_numerical_gradient_matches_quadratic():
    x = X.copy()
    numeric = numerical_gradient(quad_form, x)
    assert relative_error(numeric, quad_form_grad(X)) < 1e-9
    assert np.array_equal(x, X), "x must be restored exactly"


def test_numerical_gradient_of_sum_of_squares_and_scalar_output_forms():
    x = np.array([[1.5, -2.0], [0.25, 3.0]])
    for f in (lambda v: np.sum(v ** 2), lambda v: np.array([[np.sum(v ** 2)]]), lambda v: np.float64(np.sum(v ** 2))):
        assert relative_error(numerical_gradient(f, x), 2 * x) < 1e-9


def test_numerical_gradient_restores_x_when_f_raises():
    x = X.copy()
    calls = []

    def f(v):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return float(np.sum(v))

    with pytest.raises(RuntimeError):
        numerical_gradient(f, x)
    assert np.array_equal(x, X)


def test_numerical_gradient_needs_float64_and_a_scalar():
    with pytest.raises(TypeError):
        numerical_gradient(np.sum, np.ones(3, dtype=np.float32))
    with pytest.raises(ValueError):
        numerical_gradient(lambda v: v * 2, np.ones(3))


def test_non_contiguous_view_is_perturbed_in_place():
    base = np.arange(12, dtype=np.float64).reshape(3, 4)
    view = base[:, ::2]
    g = numerical_gradient(lambda v: float(np.sum(base ** 2)), view)
    assert relative_error(g, 2 * view) < 1e-9


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.ones(2), -np.ones(2)) == pytest.approx(1.0)
    assert relative_error(np.ones(2), 2 * np.ones(2)) == pytest.approx(1 / 3)
    assert np.isnan(relative_error(np.array([np.nan]), np.ones(1)))
    assert relative_error(0.5, 0.5) == 0.0


def test_expect_gradient_passes_with_analytic_gradient():
    numeric = numerical_gradient(quad_form, X.copy())
    expect_gradient(quad_form_grad(X), numeric, "dX")
    expect_gradient(quad_form_grad(X).astype(int) * 0 + quad_form_grad(X), numeric, "dX")


@pytest.mark.parametrize(
    "wrong, kind, fragment",
    [
        (lambda g: 2 * A @ X, "gradient", "dX disagrees with a numerical gradient of the cost (relative error"),
        (lambda g: -g, "gradient.sign", "wrong sign"),
        (lambda g: g * 6, "gradient.m_times", "m times the numerical gradient"),
        (lambda g: g / 6, "gradient.one_over_m", "1/m"),
        (lambda g: g * 2, "gradient.factor", "2 times"),
        (lambda g: g * 0, "gradient.zeros", "all zeros"),
        (lambda g: np.where(np.arange(g.size).reshape(g.shape) == 4, g + 1, g), "gradient", "1 of 15 entries are off"),
        (lambda g: g.ravel(), "shape.reshape", "shape (15,)"),
        (lambda g: g.T, "shape.transposed_shape", "(3, 5)"),
        (lambda g: np.where(g > 0, np.nan, g), "value.nan", "NaN"),
        (lambda g: g.tolist(), "type.list", "is a list"),
    ],
)
def test_expect_gradient_catches_wrong_gradients(wrong, kind, fragment):
    numeric = numerical_gradient(quad_form, X.copy())
    with pytest.raises(CheckFailed) as info:
        expect_gradient(wrong(quad_form_grad(X)), numeric, "dX", m=6)
    assert info.value.kind == kind, str(info.value)
    assert fragment in str(info.value)


def test_message_format_matches_the_feedback_style():
    numeric = np.array([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(CheckFailed) as info:
        expect_gradient(numeric + np.array([[0.0, 0.3], [0.0, 0.0]]), numeric, "dW2")
    assert str(info.value).startswith("dW2 disagrees with a numerical gradient of the cost (relative error 3e-02)")


def test_gradient_dict_and_expect_gradients():
    params = {"W": RNG.normal(size=(3, 4)), "b": RNG.normal(size=(3, 1)), "label": "not an array"}
    inputs = RNG.normal(size=(4, 6))
    before = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in params.items()}

    def cost(p):
        z = p["W"] @ inputs + p["b"]
        return float(np.sum(np.tanh(z) ** 2)) / inputs.shape[1]

    numeric = gradient_dict(cost, params)
    assert list(numeric) == ["W", "b"]
    assert all(np.array_equal(params[k], before[k]) for k in ("W", "b"))

    z = params["W"] @ inputs + params["b"]
    dz = 2 * np.tanh(z) * (1 - np.tanh(z) ** 2) / inputs.shape[1]
    grads = {"dW": dz @ inputs.T, "db": np.sum(dz, axis=1, keepdims=True)}
    numeric = {"d" + k: v for k, v in numeric.items()}
    expect_gradients(grads, numeric, "grads")

    wrong = {"dW": grads["dW"] * 6, "db": np.sum(dz, axis=1, keepdims=True) * 6}
    with pytest.raises(CheckFailed) as info:
        expect_gradients(wrong, numeric, "grads", m=6)
    message = str(info.value)
    assert message.startswith("grads['dW'] disagrees") and "also wrong: grads['db']" in message

    with pytest.raises(CheckFailed, match="missing 'db'"):
        expect_gradients({"dW": grads["dW"]}, numeric, "grads")
    expect_gradient(grads["db"], numeric["db"], "db1")


def test_gradient_dict_converts_int_arrays_without_touching_them():
    params = {"w": np.array([1, 2, 3])}
    g = gradient_dict(lambda p: float(np.sum(p["w"] ** 3)), params)
    assert relative_error(g["w"], 3 * np.array([1.0, 4.0, 9.0])) < 1e-8
    assert params["w"].dtype.kind == "i"


def test_modules_depend_on_numpy_and_the_standard_library_only():
    """compare and gradcheck run on the trusted side and are imported by checks: no engine imports."""
    import ast
    import sys
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "grader" / "exercise"
    for filename in ("compare.py", "gradcheck.py"):
        tree = ast.parse((package / filename).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    assert node.module in (None, "compare"), (filename, node.module)
                    continue
                names = [node.module.split(".")[0]]
            else:
                continue
            for name in names:
                assert name == "numpy" or name in sys.stdlib_module_names or name == "__future__", (filename, name)
