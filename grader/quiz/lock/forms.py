"""Normalised answers: what exactly is hashed for an answer, so the lock agrees with the engine.

An answer is hashed in the form the engine compares it in (docs/release.md,
"Normalised answers"): a choice's text, "true"/"false", a squashed text,
"(4, 1)", a set of choices, a number rounded onto a grid. The grids come from
the tolerances only, so they say nothing about the key.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict, Field

from grader.quiz.model import Item, Key
from grader.quiz.text import format_shape, squash


class Grid(BaseModel):
    """How number answers are rounded before hashing: 10**abs steps, and `rel` significant digits."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)

    abs: int | None = None
    rel: int | None = Field(None, ge=1, le=30)
    # Both tolerances, when both apply: where the deciding grid changes (tolerance / rel_tolerance) must be
    # known exactly to hash an answer once. They come from the item, not from the key, like the grid.
    tolerance: float | None = Field(None, gt=0)
    rel_tolerance: float | None = Field(None, gt=0, lt=0.5)


def _decimal(x: int | float | Decimal) -> Decimal:
    if isinstance(x, Decimal):
        return x
    return Decimal(x) if isinstance(x, int) else Decimal(repr(float(x)))


def grid_for(tolerance: float, rel_tolerance: float) -> Grid:
    """The rounding grid of a number item: steps of 10**floor(log10(tolerance)), and
    1 - floor(log10(rel_tolerance)) significant digits; either way one step is at
    most the tolerance (the absolute one, resp. rel_tolerance * |answer|)."""
    if rel_tolerance >= 0.5:
        raise ValueError(f"rel_tolerance {rel_tolerance:g} is too wide to lock (use less than 0.5)")
    abs_exp = _decimal(tolerance).adjusted() if tolerance > 0 else None
    rel_digits = 1 - _decimal(rel_tolerance).adjusted() if rel_tolerance > 0 else None
    if abs_exp is None and rel_digits is None:
        raise ValueError("a number item with tolerance = 0 and rel_tolerance = 0 cannot be locked: give a tolerance")
    both = abs_exp is not None and rel_digits is not None
    return Grid(abs=abs_exp, rel=rel_digits, tolerance=float(tolerance) if both else None,
                rel_tolerance=float(rel_tolerance) if both else None)


def _abs_form(q: int, exp: int) -> str:
    return f"number\0a{q}e{exp}"


def _rel_form(negative: bool, q: int, exp: int) -> str:
    return f"number\0r{'-' if negative and q else ''}{q}e{exp}" if q else "number\0r0"


def abs_point(x: int | float, exp: int) -> str:
    """`x` rounded to a multiple of 10**exp."""
    q = _decimal(x).scaleb(-exp).to_integral_value(ROUND_HALF_EVEN)
    return _abs_form(int(q), exp)


def rel_point(x: int | float, digits: int) -> str:
    """`x` rounded to `digits` significant digits."""
    d = _decimal(x)
    if d == 0:
        return "number\0r0"
    q, exp = _rel_parts(abs(d), digits)
    return _rel_form(d < 0, q, exp)


def _rel_parts(d: Decimal, digits: int) -> tuple[int, int]:
    exp = d.adjusted() - digits + 1
    q = int(d.scaleb(-exp).to_integral_value(ROUND_HALF_EVEN))
    if q == 10**digits:
        q, exp = 10 ** (digits - 1), exp + 1
    return q, exp


def number_forms(grid: Grid, x: int | float) -> list[str]:
    """What a student's number is hashed as: its point on the grid that decides for it; and only when
    |x| lies within a factor 1 ± 2·rel_tolerance of tolerance / rel_tolerance, its point on the other.

    The lock keeps the key's points on the grid that decides for the key (the absolute one where
    tolerance >= rel_tolerance * |key|, as `number_key_forms`). A right x is at most
    max(tolerance, rel_tolerance * max(|x|, |key|)) from the key, so x and the key fall on the same
    side of that edge unless x is that close to it: one hash per answer checked, two in that band."""
    if grid.abs is None or grid.rel is None:
        return [abs_point(x, grid.abs)] if grid.abs is not None else [rel_point(x, grid.rel)]  # type: ignore[arg-type]
    a, r = _decimal(grid.tolerance), _decimal(grid.rel_tolerance)
    d = _decimal(x).copy_abs()
    forms = [abs_point(x, grid.abs), rel_point(x, grid.rel)]
    if a < r * d:
        forms.reverse()
    edge = a / r
    if edge * (1 - 2 * r) <= d <= edge * (1 + 2 * r):
        return forms
    return forms[:1]


def number_key_forms(grid: Grid, key: int | float, tolerance: float, rel_tolerance: float) -> list[str]:
    """Every grid point whose rounding cell meets [key - t, key + t], the key's own point first.

    The absolute grid is used where the absolute tolerance decides (tolerance >=
    rel_tolerance * |key|), the relative one elsewhere, so the number of points
    stays small (about 2 * tolerance / step + 3, at most 23 for a tolerance that
    is a power of ten) either way. The interval is widened by the relative
    tolerance's share of |answer| (math.isclose measures it from the larger of
    the two), so no right answer is ever missed.
    """
    k = _decimal(key)
    a, r = _decimal(tolerance), _decimal(rel_tolerance)
    use_abs = grid.abs is not None and (a >= r * abs(k) or grid.rel is None)
    if use_abs:
        exp = grid.abs
        assert exp is not None
        step = Decimal(1).scaleb(exp)
        t = max(a, r * abs(k)) * (1 + r)
        reach = t + step / 2
        lo = int(((k - reach) / step).to_integral_value(ROUND_CEILING))
        hi = int(((k + reach) / step).to_integral_value(ROUND_FLOOR))
        own = abs_point(key, exp)
        forms = [_abs_form(q, exp) for q in range(lo, hi + 1) if abs(Decimal(q).scaleb(exp) - k) <= reach]
        return [own] + [f for f in forms if f != own] if own in forms else forms
    digits = grid.rel
    assert digits is not None
    if k == 0:
        return ["number\0r0"]
    t = r * abs(k) * (1 + r)
    negative, mag = k < 0, abs(k)
    q0, e0 = _rel_parts(mag, digits)
    found = [_rel_form(negative, q0, e0)]
    for direction in (1, -1):
        q, e = q0, e0
        while True:
            q += direction
            if q == 10**digits:
                q, e = 10 ** (digits - 1), e + 1
            elif q < 10 ** (digits - 1):
                q, e = 10**digits - 1, e - 1
            value = Decimal(q).scaleb(e)
            if abs(value - mag) > t + Decimal(1).scaleb(e) / 2 or len(found) > 400:
                break
            found.append(_rel_form(negative, q, e))
    return found


def answer_forms(item_type: str, answer: Any, grid: Grid | None = None) -> list[str]:
    """The normalised forms of a parsed answer (`answers.parse_answer`), as hashed."""
    if item_type == "single":
        return [f"single\0{answer}"]
    if item_type == "truefalse":
        return ["truefalse\0" + ("true" if answer else "false")]
    if item_type == "text":
        return [f"text\0{squash(str(answer))}"]
    if item_type == "shape":
        return [f"shape\0{format_shape(answer)}"]
    if item_type == "number":
        assert grid is not None
        return number_forms(grid, answer)
    if item_type == "multiple":
        return [multiple_form(answer)]
    raise ValueError(f"no answer form for {item_type} items")


def key_forms(item: Item, key: Key, grid: Grid | None) -> list[str]:
    """Every accepted answer of an instructor item's key, normalised; the key's own form first."""
    if item.type == "number":
        assert grid is not None
        return number_key_forms(grid, key, item.tolerance, item.rel_tolerance)  # type: ignore[arg-type]
    if item.type == "text":
        forms = [f"text\0{squash(str(key))}"]
        for accepted in item.accepted():  # every language's accepted answers
            form = f"text\0{squash(accepted)}"
            if form not in forms:
                forms.append(form)
        return forms
    return answer_forms(item.type, key)


def multiple_form(chosen: Iterable[str]) -> str:
    """A multiple-select answer as one form: the set of chosen choice texts (so only the exact set matches)."""
    return "multiple\0" + "\0".join(sorted(chosen))
