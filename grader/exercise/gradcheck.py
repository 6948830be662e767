"""Numerical gradient checks: is a claimed gradient the derivative of a function?

A check builds a scalar function f of some arrays on the trusted side (for
example a reference forward pass followed by a cost), differentiates it
numerically with centred differences, and compares the student's gradients with
the result. A gradient that is wrong only for some shapes, or only in one entry,
is caught even when a fixed example happens to pass.

Accuracy: with float64 and the default eps = 1e-6, the centred difference
(f(x+eps) - f(x-eps)) / (2 eps) has a truncation error of order eps² · f''' and a
rounding error of order 1e-16 · |f| / eps, i.e. about 1e-10 · |f| per entry. The
default tolerance of `expect_gradient` (relative error 1e-7) is therefore safe when
the gradient's norm is not many orders of magnitude below |f|; checks on costs of
order 1 with gradients of order 1e-2 or more are comfortably within it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .compare import CheckFailed, _fail, _proportional, _ratio_message, expect_shape

__all__ = ["numerical_gradient", "relative_error", "expect_gradient", "expect_gradients", "gradient_dict"]


def _scalar(value: Any) -> float:
    if type(value) is float or type(value) is np.float64:  # what a cost is: its own value, without an array
        return float(value)
    v = np.asarray(value, dtype=np.float64)
    if v.size != 1:
        raise ValueError(f"the function must return a single number, not an array of shape {v.shape}")
    return float(v.reshape(-1)[0])


def numerical_gradient(f: Callable[[np.ndarray], Any], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Centred-difference gradient of the scalar function f at x.

    `x` must be a float64 array; it is perturbed in place, one entry at a time
    (so f may read it directly or through a container holding it), and restored
    exactly afterwards, even if f raises.
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError("numerical_gradient needs a float64 NumPy array (perturbations would be lost otherwise)")
    grad = np.zeros(x.shape, dtype=np.float64)
    # Entries in C order, as np.ndindex gives them; through a flat view when there is one
    # (a C-contiguous array's reshape(-1) is a view of it), which indexes faster than tuples.
    if x.flags.c_contiguous:
        entries: Any = x.reshape(-1)
        indexes: Any = range(x.size)
        out: Any = grad.reshape(-1)
    else:
        entries, indexes, out = x, np.ndindex(*x.shape), grad
    for idx in indexes:
        old = entries[idx]
        try:
            entries[idx] = old + eps
            f_plus = _scalar(f(x))
            entries[idx] = old - eps
            f_minus = _scalar(f(x))
        finally:
            entries[idx] = old
        out[idx] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def relative_error(a: Any, b: Any) -> float:
    """‖a − b‖ / (‖a‖ + ‖b‖) in float64; 0 when both are zero, NaN when either is not finite."""
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    with np.errstate(all="ignore"):
        den = float(np.linalg.norm(a)) + float(np.linalg.norm(b))
        if not math.isfinite(den):
            return float("nan")
        if den == 0.0:
            return 0.0
        return float(np.linalg.norm(a - b)) / den


def gradient_dict(f: Callable[[dict], Any], params: Mapping[str, Any], eps: float = 1e-6) -> dict[str, np.ndarray]:
    """Numerical gradients of f(params) with respect to every array in `params`.

    f receives a working copy of the dict (float64 copies of its arrays, other
    values as they are); the caller's dict and arrays are never modified. The
    result has the same keys, in the same order, for the entries that are arrays.
    """
    work = {k: (np.array(v, dtype=np.float64) if isinstance(v, np.ndarray) else v) for k, v in params.items()}
    grads: dict[str, np.ndarray] = {}
    for key, value in work.items():
        if isinstance(value, np.ndarray):
            grads[key] = numerical_gradient(lambda _x: f(work), value, eps)
    return grads


def _gradient_problem(actual: Any, numeric: np.ndarray, name: str, tol: float, m: float | None) -> CheckFailed | None:
    numeric = np.asarray(numeric, dtype=np.float64)
    try:
        expect_shape(actual, numeric.shape, name)
    except CheckFailed as exc:
        return exc
    if actual.dtype.kind not in "biuf":
        return _fail(f"{name} has dtype {actual.dtype}; expected an array of numbers", "type.dtype", name)
    a = actual.astype(np.float64)
    if not np.isfinite(a).all():
        what = "NaN" if np.isnan(a).any() else "inf"
        return _fail(f"{name} contains {what}: a log of 0, a division by zero or an overflow?",
                     f"value.{what.lower()}", name)
    rel = relative_error(a, numeric)
    if rel <= tol:
        return None
    msg = f"{name} disagrees with a numerical gradient of the cost (relative error {rel:.0e})"
    kind = "gradient"
    if not a.any() and numeric.any():
        msg += ": it is all zeros"
        kind = "gradient.zeros"
    else:
        k = _proportional(a, numeric, 0.0)
        diag = _ratio_message("it", k, m, scalar=False, what="the numerical gradient") if k is not None else None
        if diag is not None:
            msg += ": " + diag[0]
            kind = "gradient." + diag[1].split(".", 1)[1]
        elif a.size > 1:
            with np.errstate(all="ignore"):
                scale = max(float(np.max(np.abs(numeric))), float(np.max(np.abs(a))))
                off = np.abs(a - numeric) > max(tol, 1e-6) * scale
            n_off = int(off.sum())
            if 0 < n_off < a.size:
                msg += f"; {n_off} of {a.size} entries are off"
    return _fail(msg, kind, name)


def expect_gradient(actual: Any, numeric: Any, name: str, *, tol: float = 1e-7, m: float | None = None) -> None:
    """Check a claimed gradient against a numerical one: relative error at most `tol`.

    The message names the gradient (`name`, e.g. "dW2"), gives the relative
    error, and diagnoses a wrong sign, a factor m or 1/m, a constant factor, or
    all zeros. Gradient values are never printed.
    """
    problem = _gradient_problem(actual, numeric, name, tol, m)
    if problem is not None:
        raise problem


def expect_gradients(actual: Mapping[str, Any], numeric: Mapping[str, Any], name: str = "", *,
                     tol: float = 1e-7, m: float | None = None) -> None:
    """Check several gradients at once; the message names every one that is off.

    `actual` and `numeric` are dicts with the same keys (e.g. "dW1", "db1"); a
    key of `numeric` that `actual` lacks is reported as missing. Gradients are
    named by their key, prefixed by `name` when given (``grads['dW1']``).
    """
    def label(key: str) -> str:
        return f"{name}[{key!r}]" if name else str(key)

    if not isinstance(actual, Mapping):
        raise _fail(f"{name or 'the gradients'} should be a dict, not {type(actual).__name__}", "type", name)
    missing = [k for k in numeric if k not in actual]
    if missing:
        raise _fail(f"{name or 'the gradients'} {'is' if name else 'are'} missing "
                    f"{', '.join(repr(k) for k in missing)}", "keys", name)
    problems = [p for p in (_gradient_problem(actual[k], numeric[k], label(k), tol, m) for k in numeric) if p]
    if not problems:
        return
    first = problems[0]
    if len(problems) == 1:
        raise first
    others = ", ".join(p.name for p in problems[1:])
    raise _fail(f"{first.message}; also wrong: {others}", first.kind, first.name)

