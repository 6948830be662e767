"""Comparisons for exercise checks: a student's result against the expected one.

Checks (public and hidden) call these on the trusted side with values that came
back through the worker boundary (plain data: NumPy arrays, numbers, bools,
strings, None, and lists/tuples/dicts of these). Every helper either returns
quietly or raises `CheckFailed` with a short message a student can act on:
what is wrong, and where it is a known mistake, the likely cause ("a rank-1
array", "m times the expected value: did you forget 1/m?").

Two rules shape every message:

* In hidden mode (the default, ``reveal=False``) no expected *value* is ever
  printed, and no entry of the student's arrays either (it may coincide with an
  expected one). Shapes, types, key names, lengths, counts, indices, error sizes
  and ratios may be printed: they name the mistake, not the answer.
  Public checks pass ``reveal=True`` to show the values at the first difference.
* Types are strict where a type is part of the specification (a float where a
  float is expected, an array of the expected shape) and lenient where any
  correct implementation might differ (``float`` vs ``np.float64``, an int array
  with the right values where floats are expected, a list where a tuple is
  expected, a 0-d array such as ``np.squeeze(cost)`` where a number is expected).

The module knows nothing about what the values mean: the check passes a `name`
("grads['db1']", "propagate(w, b, X, Y)[1]") and this module extends it while
recursing (``name['key']``, ``name[0]``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = [
    "CheckFailed",
    "expect_close",
    "expect_equal",
    "expect_predictions",
    "expect_unchanged",
    "expect_shape",
    "expect_keys",
    "expect_type",
    "expect_stats",
]


class CheckFailed(AssertionError):
    """A check failed; the message is the feedback shown to the student.

    `kind` is a short tag for the diagnosis ("shape.rank1", "value.m_times", ...)
    so tools and tests can tell mistakes apart without parsing the message.
    """

    def __init__(self, message: str, *, kind: str = "failed", name: str | None = None):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.name = name

    def __str__(self) -> str:
        return self.message


def _fail(message: str, kind: str, name: str | None = None) -> CheckFailed:
    return CheckFailed(message, kind=kind, name=name)


# ---------------------------------------------------------------- formatting

def _num(x: float) -> str:
    """A number, compactly (%.3g); ints as ints."""
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    return f"{float(x):.3g}"


def _pair(a: float, e: float) -> tuple[str, str]:
    """Two different numbers, with just enough digits to tell them apart."""
    for digits in (3, 6, 9, 12, 17):
        sa, se = f"{float(a):.{digits}g}", f"{float(e):.{digits}g}"
        if sa != se:
            return sa, se
    return repr(float(a)), repr(float(e))


def _err(x: float) -> str:
    """An error size, in the same compact scientific form everywhere."""
    return f"{float(x):.1e}"


def _shape(shape: tuple) -> str:
    return str(tuple(int(d) for d in shape))


def _index(idx: tuple) -> str:
    idx = tuple(int(i) for i in idx)
    return str(idx[0]) if len(idx) == 1 else str(idx)


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


_TYPE_WORDS = {
    bool: "bool",
    int: "int",
    float: "float",
    str: "str",
    list: "list",
    tuple: "tuple",
    dict: "dict",
    type(None): "None",
    np.ndarray: "NumPy array",
}


def _type_word(t: type) -> str:
    if t in _TYPE_WORDS:
        return _TYPE_WORDS[t]
    if isinstance(t, type) and issubclass(t, np.floating):
        return "float"
    if isinstance(t, type) and issubclass(t, np.integer):
        return "int"
    if isinstance(t, type) and issubclass(t, np.bool_):
        return "bool"
    return getattr(t, "__name__", str(t))


def _describe(value: Any) -> str:
    """What the student returned, without printing array entries or float values."""
    if value is None:
        return "None"
    if isinstance(value, (bool, np.bool_)):
        return f"the bool {bool(value)}"
    if isinstance(value, (int, np.integer)):
        return f"the int {int(value)}"
    if isinstance(value, (float, np.floating)):
        return "a float"
    if isinstance(value, str):
        return "a str"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"a 0-d NumPy array (dtype {value.dtype})"
        return f"a NumPy array of shape {_shape(value.shape)}"
    if isinstance(value, list):
        return f"a list of length {len(value)}"
    if isinstance(value, tuple):
        return f"a tuple of length {len(value)}"
    if isinstance(value, Mapping):
        return "a dict"
    return _a(type(value).__name__)


def _expected_kind(expected: Any) -> str:
    """What was expected, by type and shape only."""
    if expected is None:
        return "None"
    if isinstance(expected, (bool, np.bool_)):
        return "a bool (True or False)"
    if isinstance(expected, (int, np.integer)):
        return "an int"
    if isinstance(expected, (float, np.floating)):
        return "a float"
    if isinstance(expected, str):
        return "a str"
    if isinstance(expected, np.ndarray):
        return f"a NumPy array of shape {_shape(expected.shape)}"
    if isinstance(expected, (list, tuple)):
        word = "list" if isinstance(expected, list) else "tuple"
        return f"a {word} of {len(expected)} value{'s' if len(expected) != 1 else ''}"
    if isinstance(expected, Mapping):
        return "a dict"
    return _a(type(expected).__name__)


def _item(name: str, key: Any) -> str:
    return f"{name}[{key!r}]"


def _keys_text(keys: list) -> str:
    return ", ".join(repr(k) for k in keys)


# ---------------------------------------------------------------- classification

def _is_bool(x: Any) -> bool:
    return isinstance(x, (bool, np.bool_))


def _is_int(x: Any) -> bool:
    return isinstance(x, (int, np.integer)) and not _is_bool(x)


def _is_float(x: Any) -> bool:
    return isinstance(x, (float, np.floating))


def _scalar_of(x: Any) -> Any:
    """A 0-d array as the Python scalar it stands for; anything else unchanged."""
    if isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "biuf":
        return x.item()
    if isinstance(x, np.generic) and x.dtype.kind in "biuf":
        return x.item()
    return x


_NUMERIC_KINDS = "biuf"


def _check_numeric(actual: np.ndarray, name: str) -> None:
    """Fail unless an array's dtype is real numbers (bool, int or float)."""
    kind = actual.dtype.kind
    if kind == "c":
        raise _fail(f"{name} has complex values (dtype {actual.dtype}); expected real numbers", "type.dtype", name)
    if kind not in _NUMERIC_KINDS:
        raise _fail(f"{name} has dtype {actual.dtype}; expected an array of numbers", "type.dtype", name)


def _numeric_array(actual: np.ndarray, name: str) -> np.ndarray:
    """Check an array's dtype is real numbers; return it as float64 (no copy when it already is)."""
    _check_numeric(actual, name)
    return actual.astype(np.float64, copy=False)


# ---------------------------------------------------------------- shapes

def _shape_problem(actual: np.ndarray, expected_shape: tuple, name: str, expected: np.ndarray | None = None,
                   rtol: float = 1e-6, atol: float = 1e-8) -> CheckFailed | None:
    """Explain why `actual` does not have `expected_shape`, naming known mistakes.

    `expected` (optional) lets a transposed result be recognised by its values.
    """
    a, e = tuple(actual.shape), tuple(int(d) for d in expected_shape)
    if a == e:
        return None
    sa, se = _shape(a), _shape(e)
    base = f"{name} has shape {sa}"

    if a == ():
        hint = ": did you sum over every axis instead of one (axis=..., keepdims=True)?" if 1 in e else ""
        return _fail(f"{name} is a single number (a 0-d array); expected shape {se}{hint}", "shape.scalar", name)

    if len(a) == 1 and len(e) == 2 and 1 in e:
        n = a[0]
        if e in ((n, 1), (1, n)):
            return _fail(
                f"{base} — a rank-1 array; expected {se}: keep 2-D arrays, "
                "e.g. sum with keepdims=True or reshape",
                "shape.rank1", name)
        return _fail(
            f"{base} — a rank-1 array; expected {se}: keep 2-D arrays (keepdims=True) "
            "and check which axis you reduce over",
            "shape.rank1_axis", name)

    if len(e) == 1 and len(a) == 2 and 1 in a and actual.size == e[0]:
        return _fail(f"{base}; expected a rank-1 array of shape {se}: flatten it (e.g. .ravel() or .reshape(-1))",
                     "shape.not_rank1", name)

    if len(a) == 2 and len(e) == 2 and a == (1, 1) and 1 in e:
        return _fail(f"{base}; expected {se}: did you sum over every axis instead of one (axis=...)?",
                     "shape.sum_all", name)

    if len(a) == 2 and len(e) == 2 and a == e[::-1]:
        if expected is not None and _numeric_kind(actual) and expected.dtype.kind in _NUMERIC_KINDS:
            with np.errstate(all="ignore"):
                if _all_close(actual.astype(np.float64).T, expected.astype(np.float64), rtol, atol):
                    return _fail(
                        f"{name} is the transpose of the expected result (shape {sa}, expected {se})",
                        "shape.transpose", name)
        if 1 in e:
            return _fail(f"{base}; expected {se}: a sum over the wrong axis, or a missing or extra .T?",
                         "shape.transposed_shape", name)
        return _fail(
            f"{base}; expected {se} (transposed: check the order of the operands, or a missing or extra .T)",
            "shape.transposed_shape", name)

    if len(a) == 2 and len(e) == 2 and (
        (e[1] == 1 and a[0] == 1 and e[0] != 1) or (e[0] == 1 and a[1] == 1 and e[1] != 1)
    ):
        return _fail(f"{base}; expected {se}: did you sum over the wrong axis?", "shape.axis", name)

    if len(a) == len(e):
        grown = [i for i in range(len(e)) if a[i] != e[i]]
        if grown and all(e[i] == 1 and a[i] > 1 for i in grown):
            axes = ", ".join(str(i) for i in grown)
            return _fail(
                f"{base}; expected {se}: did you forget to sum over axis {axes} (with keepdims=True), "
                "or did an operation broadcast where it should not?",
                "shape.missing_sum", name)
        if grown and all(a[i] == 1 and e[i] > 1 for i in grown):
            axes = ", ".join(str(i) for i in grown)
            return _fail(f"{base}; expected {se}: reduced over axis {axes} where no sum or mean was needed?",
                         "shape.extra_sum", name)

    if actual.size == int(np.prod(e, dtype=np.int64)):
        return _fail(f"{base}; expected {se}: same number of entries, so check the arguments of reshape",
                     "shape.reshape", name)
    return _fail(f"{base}; expected {se}", "shape", name)


def _numeric_kind(arr: np.ndarray) -> bool:
    return arr.dtype.kind in _NUMERIC_KINDS


def _close_mask(a: np.ndarray, e: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """Element-wise |a - e| <= atol + rtol*|e| (like np.allclose, equal_nan=True), float64 inputs."""
    with np.errstate(all="ignore"):
        ok = np.abs(a - e) <= atol + rtol * np.abs(e)
        if not ok.all():  # the slower cases only when needed
            ok |= a == e  # equal infinities
            ok |= np.isnan(a) & np.isnan(e)
    return ok


def _all_close(a: np.ndarray, e: np.ndarray, rtol: float, atol: float) -> bool:
    return bool(_close_mask(a, e, rtol, atol).all())


# ---------------------------------------------------------------- value diagnostics

def _nice_ratio(k: float) -> str | None:
    """k as a small whole number or its inverse ("3", "1/2"), else None."""
    for cand in range(2, 101):
        if abs(k - cand) <= 1e-6 * cand:
            return str(cand)
        if abs(k * cand - 1) <= 1e-6:
            return f"1/{cand}"
    return None


def _proportional(a: np.ndarray, e: np.ndarray, atol: float) -> float | None:
    """The factor k if a ≈ k·e (for non-zero e), else None."""
    with np.errstate(all="ignore"):
        ee = float(np.dot(e.ravel(), e.ravel()))
        if not math.isfinite(ee) or ee == 0.0:
            return None
        k = float(np.dot(a.ravel(), e.ravel())) / ee
        if not math.isfinite(k) or k == 0.0:
            return None
        resid = float(np.linalg.norm((a - k * e).ravel()))
        scale = float(np.linalg.norm(a.ravel()))
    if resid <= 1e-6 * scale + atol * math.sqrt(a.size):
        return k
    return None


def _ratio_message(name: str, k: float, m: float | None, *, scalar: bool, what: str = "the expected value") -> tuple[str, str] | None:
    """A diagnosis for a result that is k times the expected one."""
    close = lambda x, y: abs(x - y) <= 1e-6 * max(abs(y), 1e-300)  # noqa: E731
    if abs(k - 1) <= 1e-3:  # a near miss, not a factor: reported as "close, but not within the tolerance"
        return None
    if close(k, -1.0):
        return f"{name} has the wrong sign: it is the negative of {what}", "value.sign"
    if m is not None and m not in (0, 1, -1):
        m = float(m)
        ms = _num(m) if m != int(m) else str(int(m))
        if close(k, m):
            return (f"{name} is m times {what} (m = {ms}): did you forget to divide by m (1/m)?",
                    "value.m_times")
        if close(k, 1 / m):
            return (f"{name} is 1/m of {what} (m = {ms}): did you divide by m where it was not needed, or twice?",
                    "value.one_over_m")
        if close(k, -m):
            return (f"{name} is −m times {what} (m = {ms}): wrong sign, and did you forget to divide by m (1/m)?",
                    "value.minus_m_times")
        if close(k, -1 / m):
            return (f"{name} is −1/m of {what} (m = {ms}): wrong sign, and an extra division by m?",
                    "value.minus_one_over_m")
    nice = _nice_ratio(abs(k))
    sign = "" if k > 0 else "−"
    if nice is not None:
        return (f"{name} is {sign}{nice} times {what}: a missing or extra constant factor?", "value.factor")
    if not scalar:
        return (f"{name} is about {sign}{_num(abs(k))} times {what}: a wrong constant factor?", "value.factor")
    return None


def _compare_array_values(actual: np.ndarray, expected: np.ndarray, name: str, *, rtol: float, atol: float,
                          reveal: bool, m: float | None, exact: bool) -> None:
    """Same shapes; compare entries and explain the difference."""
    a = _numeric_array(actual, name)
    e = expected.astype(np.float64, copy=False)
    if exact:
        ok = (a == e) | (np.isnan(a) & np.isnan(e))
    else:
        ok = _close_mask(a, e, rtol, atol)
    if bool(ok.all()):
        return
    bad = ~ok
    n_bad, n = int(bad.sum()), int(a.size)

    # Not-a-number and infinities where finite values are expected.
    finite_e = np.isfinite(e)
    nan_here = np.isnan(a) & finite_e
    if nan_here.any():
        raise _fail(f"{name} contains NaN ({int(nan_here.sum())} of {n} entries): a log of 0, "
                    "a division by zero or an overflow?", "value.nan", name)
    inf_here = np.isinf(a) & finite_e
    if inf_here.any():
        raise _fail(f"{name} contains inf ({int(inf_here.sum())} of {n} entries): "
                    "an overflow (e.g. exp of a large number) or a division by zero?", "value.inf", name)

    first = tuple(int(i) for i in np.argwhere(bad)[0])
    shown = ""
    if reveal:
        got, want = _pair(a[first], e[first])
        shown = f" (got {got}, expected {want}" + (f" at index {_index(first)})" if a.ndim else ")")

    finite = np.isfinite(a) & np.isfinite(e)
    if finite.all():
        diag = None if exact else _array_diagnosis(a, e, name, rtol, atol, m)
        if diag is None and a.size > 1 and _all_close(np.sort(a, axis=None), np.sort(e, axis=None), rtol, atol):
            diag = (f"{name} has the expected values, but in a different order: check the order of a reshape "
                    "(or of its axes), or which axis an operation runs along", "value.order")
        if diag is not None:
            raise _fail(diag[0] + shown, diag[1], name)

    with np.errstate(all="ignore"):
        diff = np.abs(a - e)[bad & finite]
        max_err = float(diff.max()) if diff.size else float("nan")
        rel = diff / np.maximum(np.abs(e[bad & finite]), 1e-300)
        max_rel = float(rel.max()) if rel.size else float("inf")
    where = f" at index {_index(first)}" if a.ndim >= 1 else ""
    msg = f"{name} differs{where}: max abs error {_err(max_err)} over {n_bad} of {n} entr{'y' if n == 1 else 'ies'}"
    kind = "value"
    if not exact and max_rel < 1e-3:
        if actual.dtype.kind == "f" and actual.dtype.itemsize < 8:
            msg += f" (close, but computed in {actual.dtype}: use float64)"
            kind = "value.precision"
        else:
            msg += (f" (close, but not within the tolerance rtol={rtol:g}: "
                    "a slightly different formula, such as an added epsilon or clipping?)")
            kind = "value.near"
    if reveal:
        got, want = _pair(a[first], e[first])
        msg += f"; got {got}, expected {want} there"
    raise _fail(msg, kind, name)


def _array_diagnosis(a: np.ndarray, e: np.ndarray, name: str, rtol: float, atol: float,
                     m: float | None) -> tuple[str, str] | None:
    """A known mistake that explains every entry at once (finite arrays of one shape), or None."""
    if not a.any() and e.any():
        return f"{name} is all zeros: is it computed (or updated) at all?", "value.zeros"
    if a.ndim == 2 and a.shape[0] == a.shape[1] and a.size > 1 and _all_close(a.T, e, rtol, atol):
        return f"{name} is the transpose of the expected result", "value.transpose"
    k = _proportional(a, e, atol)
    if k is not None:
        diag = _ratio_message(name, k, m, scalar=False)
        if diag is not None:
            return diag
    if a.size > 1:
        d = a - e
        spread = float(np.max(d) - np.min(d))
        if float(np.max(np.abs(d))) > 0 and spread <= 1e-9 * max(float(np.max(np.abs(e))), 1.0) + atol:
            return (f"{name}: every entry is off by the same amount "
                    "(a constant term missing, added, or with the wrong sign?)", "value.offset")
    if a.ndim == 2 and min(a.shape) > 1:
        for axis, word in ((1, "row"), (0, "column")):
            if _scaled_along(a, e, axis, atol):
                return (f"each {word} of {name} is a multiple of the expected {word}, by different factors: "
                        f"a missing division, or a sum, norm or maximum over the wrong axis?", "value.axis_factor")
    return None


def _scaled_along(a: np.ndarray, e: np.ndarray, axis: int, atol: float) -> bool:
    """Whether each row (axis=1) or column (axis=0) of a is its own multiple of e's."""
    with np.errstate(all="ignore"):
        ee = (e * e).sum(axis=axis, keepdims=True)
        if not (ee > 0).all():
            return False
        k = (a * e).sum(axis=axis, keepdims=True) / ee
        if not np.isfinite(k).all():
            return False
        if (np.abs(k - 1) <= 1e-3).all() or (np.abs(k - k.flat[0]) <= 1e-3 * np.abs(k.flat[0])).all():
            return False  # a near miss, or one factor for all (reported as such)
        resid = float(np.linalg.norm((a - k * e).ravel()))
    return resid <= 1e-6 * float(np.linalg.norm(a.ravel())) + atol * math.sqrt(a.size)


# ---------------------------------------------------------------- the recursive comparison

class _Mode:
    __slots__ = ("exact", "rtol", "atol", "reveal", "m")

    def __init__(self, exact: bool, rtol: float, atol: float, reveal: bool, m: float | None):
        self.exact, self.rtol, self.atol, self.reveal, self.m = exact, rtol, atol, reveal, m


_FLOAT64 = np.dtype(np.float64)


_SMALL = 32  # entries up to which Python's own floats decide faster than NumPy's seven calls


def _passes_as_is(actual: np.ndarray, expected: np.ndarray, mode: _Mode) -> bool:
    """True when two float64 arrays of the same shape (at least one axis) pass: the common case.

    Decided with the same arithmetic as `_close_mask` (|a - e| <= atol + rtol*|e|, with the
    same float64 operations in the same order), without the type and shape checks that
    cannot fail here and the diagnoses that only explain a failure. False sends the pair down
    the full path, which says why (or lets equal infinities and NaN pass as before).

    Most arrays a check compares are small (a bias, a layer of a few units: nine in ten of a
    reference submission's have at most 32 entries); for those, Python's floats (IEEE float64, the same operations one at a time,
    never fused) decide in a fifth of the time of NumPy's error-state switch and six ufunc
    calls, with the same verdict, NaN and infinities included (a comparison with NaN is
    false in both, and inf - inf is NaN in both).
    """
    if actual.dtype != _FLOAT64 or expected.dtype != _FLOAT64 or actual.shape != expected.shape or not expected.ndim:
        return False
    if expected.size <= _SMALL and type(mode.rtol) is float and type(mode.atol) is float:
        pairs = zip(actual.ravel().tolist(), expected.ravel().tolist())
        if mode.exact:
            for a, e in pairs:
                if not a == e:
                    return False
            return True
        rtol, atol = mode.rtol, mode.atol
        for a, e in pairs:
            if not abs(a - e) <= abs(e) * rtol + atol:
                return False
        return True
    if mode.exact:
        return bool((actual == expected).all())
    with np.errstate(all="ignore"):
        diff = actual - expected
        np.abs(diff, out=diff)
        bound = np.abs(expected)
        bound *= mode.rtol
        bound += mode.atol
        return bool((diff <= bound).all())


def _arrays_pass(actual: Any, expected: Any, mode: _Mode) -> bool:
    """Whether both are plain arrays and `actual` passes as it is: the usual case, decided before any name is made."""
    return type(expected) is np.ndarray and type(actual) is np.ndarray and _passes_as_is(actual, expected, mode)


def _compare(actual: Any, expected: Any, name: str, mode: _Mode) -> None:
    if _arrays_pass(actual, expected, mode):
        return
    expected = _scalar_of(expected)

    if actual is None and expected is not None:
        raise _fail(f"{name} is None (expected {_expected_kind(expected)}): did you forget a return statement, "
                    "or return the result of an in-place operation?", "type.none", name)

    if isinstance(expected, Mapping):
        _compare_dict(actual, expected, name, mode)
    elif isinstance(expected, (list, tuple)):
        _compare_sequence(actual, expected, name, mode)
    elif isinstance(expected, np.ndarray):
        _compare_array(actual, expected, name, mode)
    elif expected is None:
        if actual is not None:
            raise _fail(f"{name} is {_describe(actual)}; expected None", "type", name)
    elif _is_bool(expected):
        _compare_bool(actual, bool(expected), name, mode)
    elif _is_int(expected):
        _compare_int(actual, int(expected), name, mode)
    elif _is_float(expected):
        _compare_float(actual, float(expected), name, mode)
    elif isinstance(expected, str):
        _compare_str(actual, expected, name, mode)
    else:  # pragma: no cover - a check passed something that is not plain data
        raise TypeError(f"cannot compare with an expected value of type {type(expected).__name__}")


def _compare_dict(actual: Any, expected: Mapping, name: str, mode: _Mode) -> None:
    if not isinstance(actual, Mapping):
        raise _fail(f"{name} is {_describe(actual)}; expected a dict", "type", name)
    _check_keys(actual, list(expected.keys()), name)
    for key in expected:
        a, e = actual[key], expected[key]
        if _arrays_pass(a, e, mode):
            continue  # the common case, without naming the entry (its name is for a failure's message)
        _compare(a, e, _item(name, key), mode)


def _check_keys(actual: Mapping, keys: list, name: str) -> None:
    have = list(actual.keys())
    missing = [k for k in keys if k not in actual]
    extra = [k for k in have if k not in keys]
    if not missing and not extra:
        return
    parts = []
    if missing:
        parts.append(f"is missing key{'s' if len(missing) > 1 else ''} {_keys_text(missing)}")
    if extra:
        parts.append(f"has unexpected key{'s' if len(extra) > 1 else ''} {_keys_text(extra)}")
    hint = ""
    if missing and extra:
        hint = " (check the spelling of the keys)"
    raise _fail(f"{name} " + " and ".join(parts) + hint, "keys", name)


def _compare_sequence(actual: Any, expected: list | tuple, name: str, mode: _Mode) -> None:
    want = "list" if isinstance(expected, list) else "tuple"
    if not isinstance(actual, (list, tuple)):
        extra = ""
        if isinstance(actual, np.ndarray):
            extra = f": return a {want}, not an array"
        raise _fail(f"{name} is {_describe(actual)}; expected {_expected_kind(expected)}{extra}", "type", name)
    if len(actual) != len(expected):
        what = "list" if isinstance(actual, list) else "tuple"
        raise _fail(f"{name} is a {what} of length {len(actual)}; expected length {len(expected)}",
                    "length", name)
    for i, (x, y) in enumerate(zip(actual, expected)):
        if _arrays_pass(x, y, mode):
            continue  # as in _compare_dict
        _compare(x, y, f"{name}[{i}]", mode)


def _compare_array(actual: Any, expected: np.ndarray, name: str, mode: _Mode) -> None:
    if not isinstance(actual, np.ndarray):
        shape = _shape(expected.shape)
        if isinstance(actual, (list, tuple)):
            word = "list" if isinstance(actual, list) else "tuple"
            raise _fail(f"{name} is a {word}; return a NumPy array (np.array(...)) of shape {shape}", "type.list", name)
        if _is_float(actual) or _is_int(actual) or _is_bool(actual):
            raise _fail(f"{name} is a single number ({_describe(actual)}); expected a NumPy array of shape {shape}",
                        "type.scalar", name)
        raise _fail(f"{name} is {_describe(actual)}; expected a NumPy array of shape {shape}", "type", name)
    actual = np.asarray(actual)
    if expected.dtype.kind in _NUMERIC_KINDS:
        _check_numeric(actual, name)
        if expected.dtype.kind != "b" and actual.dtype.kind == "b":
            raise _fail(f"{name} is an array of bools; expected numbers (use .astype(float) if that is intended)",
                        "type.dtype", name)
    problem = _shape_problem(actual, expected.shape, name, expected, mode.rtol, mode.atol)
    if problem is not None:
        raise problem
    if expected.dtype.kind not in _NUMERIC_KINDS:
        if actual.dtype.kind != expected.dtype.kind or not np.array_equal(actual, expected):
            raise _fail(f"{name} differs from the expected array", "value", name)
        return
    exact = mode.exact or expected.dtype.kind == "b"
    _compare_array_values(actual, expected, name, rtol=mode.rtol, atol=mode.atol, reveal=mode.reveal,
                          m=mode.m, exact=exact)


def _scalar_type_problem(actual: Any, want: str, name: str) -> CheckFailed:
    """`actual` is not a scalar of the wanted kind ("float", "int", "bool")."""
    if isinstance(actual, np.ndarray):
        if actual.size == 1:
            return _fail(f"{name} is a NumPy array of shape {_shape(actual.shape)}; it should be a plain number: "
                         "use float(...) or np.squeeze(...)", "type.array_for_scalar", name)
        return _fail(f"{name} is a NumPy array of shape {_shape(actual.shape)}; expected a single {want}",
                     "type.array_for_scalar", name)
    if (isinstance(actual, (list, tuple)) and len(actual) == 1):
        return _fail(f"{name} is {_describe(actual)}; it should be a plain {want}, not wrapped in a "
                     f"{'list' if isinstance(actual, list) else 'tuple'}", "type", name)
    return _fail(f"{name} is {_describe(actual)}; expected {_a(want)}", "type", name)


def _compare_float(actual: Any, expected: float, name: str, mode: _Mode) -> None:
    actual = _scalar_of(actual)
    if _is_bool(actual):
        raise _fail(f"{name} is {_describe(actual)}; expected a float", "type", name)
    if _is_int(actual):
        raise _fail(f"{name} is the int {int(actual)}; it should be a float ({float(actual)!r})",
                    "type.int_for_float", name)
    if not _is_float(actual):
        if isinstance(actual, np.ndarray) and actual.ndim == 0 and actual.dtype.kind == "c":
            raise _fail(f"{name} is a complex number; expected a real float", "type", name)
        raise _scalar_type_problem(actual, "float", name)
    _compare_float_value(float(actual), expected, name, mode)


def _compare_float_value(a: float, e: float, name: str, mode: _Mode) -> None:
    if a == e or (math.isnan(a) and math.isnan(e)):
        return
    if not mode.exact and math.isfinite(a) and math.isfinite(e) and abs(a - e) <= mode.atol + mode.rtol * abs(e):
        return
    if math.isfinite(e) and not math.isfinite(a):
        what = "NaN" if math.isnan(a) else "inf"
        raise _fail(f"{name} is {what}: a log of 0, a division by zero or an overflow?", f"value.{what.lower()}", name)
    shown = ""
    if mode.reveal:
        got, want = _pair(a, e)
        shown = f" (got {got}, expected {want})"
    if math.isfinite(a) and math.isfinite(e) and e != 0 and a != 0:
        diag = _ratio_message(name, a / e, mode.m, scalar=True)
        if diag is not None:
            raise _fail(diag[0] + shown, diag[1], name)
    if mode.reveal:
        raise _fail(f"{name} is {got}; expected {want}", "value", name)
    if e != 0 and math.isfinite(e):
        rel = abs(a - e) / abs(e)
        if not mode.exact and rel < 1e-3:
            raise _fail(f"{name} is close, but not within the tolerance rtol={mode.rtol:g} (relative error {_err(rel)}): "
                        "a slightly different formula, such as an added epsilon, clipping or float32?",
                        "value.near", name)
        raise _fail(f"{name} is wrong (relative error {_err(rel)})", "value", name)
    raise _fail(f"{name} is wrong", "value", name)


def _compare_int(actual: Any, expected: int, name: str, mode: _Mode) -> None:
    actual = _scalar_of(actual)
    if _is_bool(actual) or not _is_int(actual):
        if _is_float(actual):
            raise _fail(f"{name} is a float; it should be an int (use int(...) or //)", "type.float_for_int", name)
        raise _scalar_type_problem(actual, "int", name)
    if int(actual) != expected:
        if mode.reveal:
            raise _fail(f"{name} is {int(actual)}; expected {expected}", "value", name)
        raise _fail(f"{name} is {int(actual)}, which is wrong", "value", name)


def _compare_bool(actual: Any, expected: bool, name: str, mode: _Mode) -> None:
    actual = _scalar_of(actual)
    if not _is_bool(actual):
        raise _scalar_type_problem(actual, "bool", name)
    if bool(actual) != expected:
        raise _fail(f"{name} is {bool(actual)}, which is wrong", "value", name)


def _compare_str(actual: Any, expected: str, name: str, mode: _Mode) -> None:
    if not isinstance(actual, str):
        raise _fail(f"{name} is {_describe(actual)}; expected a str", "type", name)
    if actual != expected:
        if mode.reveal:
            raise _fail(f"{name} is {actual!r}; expected {expected!r}", "value", name)
        raise _fail(f"{name} is {actual!r}, which is not the expected string", "value", name)


# ---------------------------------------------------------------- public API

def expect_close(actual: Any, expected: Any, name: str, *, rtol: float = 1e-6, atol: float = 1e-8,
                 reveal: bool = False, m: float | None = None) -> None:
    """Check `actual` against `expected` within a tolerance, recursively.

    Entries pass when |actual - expected| <= atol + rtol*|expected| (NaN equals
    NaN, equal infinities are equal), computed in float64 with plain NumPy
    operations. Dicts are compared by key (missing and extra keys named),
    lists/tuples by length and position (either one is accepted for the other),
    arrays by type, dtype, shape and values, numbers by type and value. `m` (for
    example the number of examples) lets a result that is m or 1/m times the
    expected be diagnosed.
    """
    _compare(actual, expected, name, _Mode(False, rtol, atol, reveal, m))


def expect_equal(actual: Any, expected: Any, name: str, *, reveal: bool = False) -> None:
    """Check `actual` equals `expected` exactly, recursively, with the same type rules."""
    _compare(actual, expected, name, _Mode(True, 0.0, 0.0, reveal, None))


def expect_predictions(actual: Any, expected: Any, name: str, *, reveal: bool = False) -> None:
    """Check 0/1 predictions: numbers (any int or float dtype) or booleans, of the expected shape.

    Reports how many predictions are wrong, never which value was expected
    (unless `reveal`).
    """
    expected = np.asarray(expected)
    shape = _shape(expected.shape)
    if isinstance(actual, (list, tuple)):
        raise _fail(f"{name} is a {'list' if isinstance(actual, list) else 'tuple'}; "
                    f"return a NumPy array (np.array(...)) of shape {shape}", "type.list", name)
    if actual is None:
        raise _fail(f"{name} is None: did you forget a return statement?", "type.none", name)
    if not isinstance(actual, np.ndarray):
        raise _fail(f"{name} is {_describe(actual)}; expected a NumPy array of shape {shape}", "type", name)
    a = _numeric_array(np.asarray(actual), name)
    problem = _shape_problem(actual, expected.shape, name, expected.astype(np.float64), 0.0, 0.0)
    if problem is not None:
        raise problem
    not01 = ~((a == 0) | (a == 1))
    if not01.any():
        raise _fail(f"{name} contains values other than 0 and 1 ({int(not01.sum())} of {a.size} entries): "
                    "turn them into predictions with a threshold (e.g. > 0.5)", "predictions.not01", name)
    e = expected.astype(np.float64)
    wrong = a != e
    n_wrong, n = int(wrong.sum()), int(a.size)
    if n_wrong == 0:
        return
    if n_wrong == n and n > 1:
        msg = f"every one of the {n} predictions in {name} is wrong: is the comparison reversed?"
        kind = "predictions.inverted"
    else:
        msg = f"{name} has {n_wrong} wrong prediction{'s' if n_wrong != 1 else ''} out of {n} ({100 * n_wrong / n:.3g}%)"
        kind = "predictions"
    if reveal:
        first = tuple(int(i) for i in np.argwhere(wrong)[0])
        where = f" at index {_index(first)}" if a.ndim else ""
        got, want = _pair(a[first], e[first])
        msg += f"; the first{where}: got {got}, expected {want}"
    raise _fail(msg, kind, name)


def _first_change(before: Any, after: Any, path: str) -> tuple[str, str] | None:
    """Where `after` differs from `before` (path, what), or None."""
    if isinstance(before, Mapping):
        if not isinstance(after, Mapping):
            return path, "replaced"
        for k in before:
            if k not in after:
                return _item(path, k), "removed"
        for k in after:
            if k not in before:
                return _item(path, k), "added"
        for k in before:
            found = _first_change(before[k], after[k], _item(path, k))
            if found:
                return found
        return None
    if isinstance(before, (list, tuple)):
        if type(after) is not type(before) or len(after) != len(before):
            return path, "resized"
        for i, (x, y) in enumerate(zip(before, after)):
            found = _first_change(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray) or after.shape != before.shape or after.dtype != before.dtype:
            return path, "replaced"
        same = np.asarray(before == after)
        if before.dtype.kind in "fc" and not same.all():  # NaN where NaN was is unchanged
            same |= np.isnan(before) & np.isnan(after)
        return None if bool(same.all()) else (path, "values")
    if type(after) is not type(before):
        return path, "replaced"
    if isinstance(before, float) and math.isnan(before) and math.isnan(after):
        return None
    return None if before == after else (path, "values")


def expect_unchanged(before: Any, after: Any, name: str) -> None:
    """Check a function left its input alone: `before` and `after` are the input's values."""
    found = _first_change(before, after, name)
    if found is None:
        return
    path, what = found
    container = isinstance(before, (Mapping, list, tuple))
    where = {
        "added": f"added {path}",
        "removed": f"removed {path}",
        "resized": f"{path} changed length" if path != name else "changed its length",
    }.get(what, path)
    detail = f" ({where})" if where != name else ""
    first_word = name.split(" ", 1)[0]
    var = first_word if first_word.isidentifier() else "W"
    if container:
        fix = (f"work on copies (e.g. copy.deepcopy({var}) first, "
               "or W = W - ... instead of W -= ...)")
    else:
        fix = f"work on a copy (e.g. {var} = {var} - ... instead of {var} -= ...)"
    raise _fail(f"your function changed its input {name} in place{detail}; {fix}", "mutation", name)


def expect_shape(actual: Any, shape: tuple, name: str) -> None:
    """Check `actual` is a NumPy array of `shape` (entries None match any size)."""
    want = tuple(shape)
    shown = "(" + ", ".join("any" if d is None else str(int(d)) for d in want) + ("," if len(want) == 1 else "") + ")"
    if isinstance(actual, (list, tuple)):
        raise _fail(f"{name} is a {'list' if isinstance(actual, list) else 'tuple'}; "
                    f"return a NumPy array (np.array(...)) of shape {shown}", "type.list", name)
    if not isinstance(actual, np.ndarray):
        raise _fail(f"{name} is {_describe(actual)}; expected a NumPy array of shape {shown}", "type", name)
    concrete = tuple(a if d is None else int(d) for a, d in zip(actual.shape, want)) if actual.ndim == len(want) \
        else tuple(1 if d is None else int(d) for d in want)
    problem = _shape_problem(actual, concrete, name)
    if problem is not None:
        if any(d is None for d in want):
            raise _fail(f"{name} has shape {_shape(actual.shape)}; expected {shown}", problem.kind, name)
        raise problem


def expect_keys(actual: Any, keys, name: str) -> None:
    """Check `actual` is a dict with exactly `keys` (missing and extra keys named)."""
    if not isinstance(actual, Mapping):
        raise _fail(f"{name} is {_describe(actual)}; expected a dict", "type", name)
    _check_keys(actual, list(keys), name)


_ALIASES: dict[type, tuple] = {
    float: (float, np.floating),
    int: (int, np.integer),
    bool: (bool, np.bool_),
}


def expect_type(actual: Any, types, name: str) -> None:
    """Check `actual` is an instance of `types` (a type or a tuple of types).

    `float` also accepts NumPy floats, `int` NumPy ints (never bools), `bool`
    NumPy bools.
    """
    wanted = types if isinstance(types, tuple) else (types,)
    for t in wanted:
        accepted = _ALIASES.get(t, (t,))
        if isinstance(actual, accepted) and not (t is int and _is_bool(actual)):
            return
    words = [_a(_type_word(t)) if t is not type(None) else "None" for t in wanted]
    expected = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    if float in wanted and isinstance(actual, np.ndarray) and actual.size == 1:
        raise _scalar_type_problem(actual, "float", name)
    if actual is None:
        raise _fail(f"{name} is None (expected {expected}): did you forget a return statement?", "type.none", name)
    raise _fail(f"{name} is {_describe(actual)}; expected {expected}", "type", name)


# ---------------------------------------------------------------- statistics

def _chi2_quantile(k: int, z: float) -> float:
    """Wilson–Hilferty approximation of the chi-square(k) quantile at normal score z."""
    c = 2.0 / (9.0 * k)
    return k * max(0.0, 1.0 - c + z * math.sqrt(c)) ** 3


def expect_stats(actual: Any, name: str, *, shape: tuple | None = None, mean: float | None = None,
                 std: float | None = None, tol: float = 6.0, std_hint: str | None = None) -> None:
    """Check random values by their statistics, not draw for draw.

    For n entries drawn independently with the given mean and standard deviation:

    * the sample mean must lie within ``tol`` standard errors (std/sqrt(n)) of `mean`;
    * the sample standard deviation s (about the sample mean, k = n - 1 degrees
      of freedom, so a wrong mean does not pass for a wrong scale) must satisfy
      lo <= s/std <= hi where (k·lo², k·hi²) are the chi-square(k) quantiles at
      normal scores -tol and +tol (Wilson–Hilferty, which errs on the wide side);
    * the checks run in the order: all zeros / constant (symmetry), only
      non-negative values with a significantly positive mean where 0 is expected
      (``rand`` instead of ``randn``), scale, mean.

    With the default ``tol=6`` a correct implementation fails with probability
    below 1e-8 per check, for any size; the bands are wide for small arrays
    (for n = 100 about 0.6 to 1.45 times std; for n = 12 about 0.05 to 2.5), which still separates a missing or
    wrong scale such as 1 vs 0.01 or 0.01 vs 1/sqrt(n). ``std=0`` means every
    entry must equal `mean` (within 1e-12). `std_hint` is how the messages name
    the scale ("0.01", "1/np.sqrt(n_prev)").
    """
    if shape is not None:
        expect_shape(actual, shape, name)
    elif not isinstance(actual, np.ndarray):
        raise _fail(f"{name} is {_describe(actual)}; expected a NumPy array", "type", name)
    a = _numeric_array(actual, name).ravel()
    n = a.size
    if n == 0:
        return
    if not np.isfinite(a).all():
        raise _fail(f"{name} contains NaN or inf", "value.nan", name)
    center = mean if mean is not None else 0.0

    if std is not None and std == 0:
        off = np.abs(a - center) > 1e-12 * max(1.0, abs(center))
        if off.any():
            target = "0" if center == 0 else _num(center)
            raise _fail(f"{name} should be all {target}, but {int(off.sum())} of {n} entries are not"
                        + (" (e.g. np.zeros(...))" if center == 0 else ""), "stats.constant", name)
        return

    if std is not None and std > 0 and n >= 2:
        if not a.any():
            raise _fail(f"{name} is all zeros: zero initialisation keeps every hidden unit identical (symmetry); "
                        "use random values", "stats.zeros", name)
        if float(a.max() - a.min()) == 0.0:
            raise _fail(f"{name} has the same value in every entry: identical units never become different "
                        "(symmetry); use random values", "stats.constant_nonzero", name)

    scale = "the expected scale" if std_hint is None else std_hint
    mean_off = None
    if mean is not None:
        spread = std if (std is not None and std > 0) else float(a.std(ddof=1)) if n > 1 else 0.0
        sample_mean = float(a.mean())
        if abs(sample_mean - mean) > tol * spread / math.sqrt(n) + 1e-12 * max(1.0, abs(mean)):
            mean_off = sample_mean
    if mean_off is not None and mean == 0 and float(a.min()) >= 0:
        raise _fail(f"{name} has only non-negative values (mean {_num(mean_off)}): np.random.rand draws "
                    "from [0, 1); use np.random.randn (centred on 0)", "stats.uniform", name)

    if std is not None and std > 0:
        k = n - 1
        s = float(a.std(ddof=1)) if k >= 1 else std
        if k >= 1:
            lo = math.sqrt(_chi2_quantile(k, -tol) / k)
            hi = math.sqrt(_chi2_quantile(k, tol) / k)
            r = s / std
            if not lo <= r <= hi:
                if std != 1 and lo <= s <= hi:
                    raise _fail(f"{name} is not scaled: its standard deviation is about 1 (plain randn); "
                                f"multiply randn by {std_hint or _num(std)}", "stats.unscaled", name)
                raise _fail(f"{name} has a standard deviation about {_num(r)} times {scale}: "
                            "check the scale factor", "stats.std", name)

    if mean_off is not None:
        hint = ": are the values centred on 0?" if mean == 0 else ""
        raise _fail(f"{name} has mean {_num(mean_off)}; expected about {_num(mean)}{hint}", "stats.mean", name)
