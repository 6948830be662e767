"""What a check declares about itself, kept as plain data on the function (or class).

Why not pytest markers: a marker needs pytest imported, and pytest (its import and
its collection) was a third of a fresh `grade check`. These decorators write one
attribute, `__grader_check__`, holding plain data: the engine reads it when it runs
checks itself (grader/harness/suite.py), and the pytest plugin
(grader/harness/plugin.py) reads the same data when pytest collects and runs the
checks, so both ways see one declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence, TypeVar

ATTRIBUTE = "__grader_check__"

T = TypeVar("T")


@dataclass(frozen=True)
class Parametrization:
    """One `@parametrize(...)`: the names it sets and one tuple of values per case."""

    argnames: tuple[str, ...]
    cases: tuple[tuple, ...]
    ids: tuple[str, ...] | None = None

    def value(self, name: str, index: int) -> Any:
        return self.cases[index][self.argnames.index(name)]


@dataclass
class CheckSpec:
    """Everything declared on one function or class (None: not declared there)."""

    function: str | None = None
    points: float | None = None
    kind: str | None = None  # None: an ordinary check; "vectorised": see `vectorised` (its points come from the manifest)
    parametrize: list[Parametrization] = field(default_factory=list)  # in the order they apply (innermost first)


def spec_of(obj: Any) -> CheckSpec | None:
    """What `obj` (a function, or a class) declares; None if nothing."""
    found = getattr(obj, ATTRIBUTE, None)
    return found if isinstance(found, CheckSpec) else None


def _declare(obj: T) -> CheckSpec:
    spec = obj.__dict__.get(ATTRIBUTE) if hasattr(obj, "__dict__") else None
    if not isinstance(spec, CheckSpec):
        spec = CheckSpec()
        setattr(obj, ATTRIBUTE, spec)
    return spec


def function(name: str) -> Callable[[T], T]:
    """`@function("propagate")`: the graded function this check (or every check of a class) scores."""
    def declare(obj: T) -> T:
        spec = _declare(obj)
        if spec.function is None:  # the decorator nearest the definition wins, as with markers
            spec.function = str(name)
        return obj
    return declare


def vectorised(name: str) -> Callable[[T], T]:
    """`@vectorised("propagate")`: a vectorisation check of the graded function `name`.

    Such a check measures whether the student's function loops over the examples in
    Python (`expect_vectorised`); what it is worth is not the check's to say: the
    manifest's `vectorised` table gives its points per function (0: a note in the
    feedback only), so the course decides in one place where it asks for vectorised
    code and what that is worth, and the same check file serves either way.
    """
    def declare(obj: T) -> T:
        spec = _declare(obj)
        if spec.function is None:
            spec.function = str(name)
        spec.kind = "vectorised"
        return obj
    return declare


def points(n: float) -> Callable[[T], T]:
    """`@points(2)`: the points earned when this check passes (default 1)."""
    try:
        value = float(n)
    except (TypeError, ValueError):
        value = 0.0  # as a points marker that is not a number: the check is worth nothing
    def declare(obj: T) -> T:
        spec = _declare(obj)
        if spec.points is None:
            spec.points = value
        return obj
    return declare


def parametrize(argnames: str | Sequence[str], argvalues: Sequence, *, ids: Sequence[str] | None = None) -> Callable[[T], T]:
    """`@parametrize("activation", ["sigmoid", "relu"])`: the check once per value.

    As pytest's parametrize: `argnames` is one name, or several ("a, b" or a list),
    each case then a tuple of as many values; `ids` names the cases (default: as
    pytest derives them from the values).
    """
    names = tuple(n.strip() for n in argnames.split(",") if n.strip()) if isinstance(argnames, str) else tuple(argnames)
    if not names:
        raise ValueError("parametrize needs at least one argument name")
    values = list(argvalues)
    cases = tuple((v,) for v in values) if len(names) == 1 else tuple(tuple(v) for v in values)
    for case in cases:
        if len(case) != len(names):
            raise ValueError(f"parametrize({', '.join(names)}): every case needs {len(names)} values, got {case!r}")
    if ids is not None and len(ids) != len(cases):
        raise ValueError(f"parametrize({', '.join(names)}): {len(ids)} ids for {len(cases)} cases")
    entry = Parametrization(names, cases, tuple(str(i) for i in ids) if ids is not None else None)

    def declare(obj: T) -> T:
        _declare(obj).parametrize.append(entry)
        return obj
    return declare
