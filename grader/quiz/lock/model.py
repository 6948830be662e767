"""A locked bank as data: the `[lock]` header, the items a student may see, and their locks.

Also what makes a locked bank unusable (`grade validate` on a release), and the
clear message for a bank locked in an earlier format.
"""

from __future__ import annotations

import math
from typing import Any, Literal, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from grader.quiz.expr import ExprError, parse
from grader.quiz.lock.crypto import FORMAT, TAG_BYTES, Kdf, is_base64
from grader.quiz.lock.forms import Grid
from grader.quiz.model import CHOICE_TYPES, ITEM_ID, ItemType, Problem
from grader.quiz.schema import Bank, Param, Text
from grader.quiz.text import fold
from grader.quiz.templates import placeholders, resolve
from grader.quiz.variants import TemplateError, values_at, variant_index

LOCKED_FIELDS = ("prompt", "concept")  # the template texts a release ships in clear

_HEX32 = r"^[0-9a-f]{32}$"
_HEX64 = r"^[0-9a-f]{64}$"

OLD_FORMAT = ("this quiz bank was locked by an earlier version of the grader (lock format {found}; this grader "
              "reads format {current}), so its answers cannot be checked here: re-release the course with the "
              "current grader (`grade release`), or ask your instructor for the current release")


def format_problem(data: Mapping[str, Any]) -> str | None:
    """The message for a locked bank whose `[lock] format` this grader does not read, else None."""
    found = data["lock"].get("format") if isinstance(data.get("lock"), dict) else None
    if found == FORMAT:
        return None
    return OLD_FORMAT.format(found=found if isinstance(found, int) else "unknown", current=FORMAT)


class _Strict(BaseModel):
    # Schemas built on first use: a course in the clear (an instructor's, `grade check`)
    # never validates a locked bank, and building them costs a fresh command ~6 ms.
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class LockHeader(_Strict):
    """The `[lock]` table of a locked bank: format, scrypt parameters, lanes and the release salt."""

    format: Literal[3]
    kdf: Literal["scrypt"]
    n: int = Field(ge=2)
    r: int = Field(ge=1)
    p: int = Field(ge=1)
    lanes: int = Field(ge=1, le=16)
    salt: str = Field(pattern=_HEX32)

    @property
    def params(self) -> Kdf:
        return Kdf(self.n, self.r, self.p, self.lanes)


class Entry(_Strict):
    """One accepted answer: its tag, and the content key wrapped with its derived key."""

    tag: str = Field(pattern=_HEX32)
    wrap: str = Field(pattern=_HEX64)


class VariantLock(_Strict):
    """The lock of one variant (parameter indexes; empty for a plain item)."""

    variant: list[int] = Field(default_factory=list)
    answers: list[Entry] = Field(min_length=1)
    explanation: str = Field(description="ChaCha20-Poly1305 ciphertext (base64), opened by the content key")


class LockedItem(_Strict):
    """A quiz item as a student release holds it: what a student may see, and its locks."""

    id: str = Field(pattern=ITEM_ID)
    type: ItemType
    points: float = Field(1.0, gt=0)
    prompt: Text
    choices: list[str] | None = Field(None, min_length=2, max_length=26)
    concept: Text
    hints: list[str] = Field(default_factory=list)
    grid: Grid | None = None
    params: dict[str, Param] = Field(default_factory=dict)
    let: dict[str, str] = Field(default_factory=dict)
    locks: list[VariantLock] = Field(default_factory=list)

    _by_variant: dict[tuple[int, ...], VariantLock] | None = PrivateAttr(None)

    @property
    def is_template(self) -> bool:
        return bool(self.params or self.let)

    @property
    def variable_names(self) -> list[str]:
        return [*self.params, *self.let]

    @property
    def variant_count(self) -> int:
        return math.prod(p.count for p in self.params.values())

    def lock_for(self, variant: Sequence[int]) -> VariantLock | None:
        if self._by_variant is None:
            self._by_variant = {tuple(lock.variant): lock for lock in self.locks}
        return self._by_variant.get(tuple(variant))


class LockedBank(Bank):
    """A bank of a student release: items without keys, plus the lock header."""

    model_config = ConfigDict(defer_build=True)  # see _Strict

    lock: LockHeader
    items: list[LockedItem] = Field(min_length=1)  # type: ignore[assignment]

    @property
    def is_locked(self) -> bool:
        return True


def is_locked_data(data: Mapping[str, Any]) -> bool:
    """Whether parsed bank TOML is a locked bank (it has a `[lock]` table)."""
    return isinstance(data.get("lock"), dict)


def is_locked(bank: Any) -> bool:
    return bool(getattr(bank, "is_locked", False))



# ====================================================================== structure (grade validate)

def locked_structural_problems(item: LockedItem) -> list[Problem]:
    """Every problem that makes a locked item unusable; the counterpart of `model.structural_problems`."""
    out: list[Problem] = []
    if item.id == "sheet":
        out.append(Problem("id", "the id 'sheet' is reserved for the answer sheet's [sheet] table"))
    if item.type in CHOICE_TYPES:
        if item.choices is None:
            out.append(Problem("type", f"a {item.type} item needs choices = [...]"))
        else:
            seen: set[str] = set()
            for n, choice in enumerate(item.choices):
                if not choice.strip() or fold(choice) in seen:
                    out.append(Problem("choices", f"choice {n + 1} is empty or repeats another"))
                seen.add(fold(choice))
    elif item.choices is not None:
        out.append(Problem("choices", f"a {item.type} item has no choices"))
    if (item.type == "number") != (item.grid is not None):
        out.append(Problem("grid", "a number item needs grid = { abs = ..., rel = ... }, and only a number item has one"))
    elif item.grid is not None and item.grid.abs is None and item.grid.rel is None:
        out.append(Problem("grid", "grid needs abs or rel"))
    for name, param in item.params.items():
        out.extend(Problem(name, f"parameter {name}: {p}") for p in param.problems())
    for name, text in item.let.items():
        try:
            parse(text)
        except ExprError as exc:
            out.append(Problem(name, f"let {name}: {exc}"))
    if not item.is_template and len(item.locks) != 1:
        out.append(Problem("locks", f"a plain item has exactly one lock, not {len(item.locks)}"))
    seen_variants: set[tuple[int, ...]] = set()
    counts = [p.count for p in item.params.values()]
    for lock in item.locks:
        variant = tuple(lock.variant)
        if item.is_template:
            if len(variant) != len(counts) or any(not 0 <= i < c for i, c in zip(variant, counts)):
                out.append(Problem("variant", f"lock variant {list(variant)} does not fit the parameters (counts {counts})"))
            if variant in seen_variants:
                out.append(Problem("variant", f"two locks for variant {list(variant)}"))
            seen_variants.add(variant)
        elif variant:
            out.append(Problem("variant", "a plain item's lock has no variant"))
        if item.type == "multiple" and len(lock.answers) != 1:
            out.append(Problem("answers", "a multiple-select lock holds one answer: the exact set of right choices"))
        if any(len(e.tag) != 2 * TAG_BYTES for e in lock.answers):
            out.append(Problem("answers", "an answer's tag has 32 hex digits"))
        if not is_base64(lock.explanation):
            out.append(Problem("explanation", "the sealed explanation is not base64"))
    return out


def locked_item_problems(quiz_id: str, item: LockedItem, students: Sequence[str]) -> list[Problem]:
    """Beyond structure: every placeholder of prompt and concept resolves for every student tried."""
    names = set(item.variable_names)
    out: list[Problem] = []
    for field_name in LOCKED_FIELDS:
        for ph in placeholders(getattr(item, field_name)):
            unknown = [n for n in (ph.name, *ph.indexes) if n.isidentifier() and n not in names]
            if unknown:
                out.append(Problem(field_name, f"{field_name}: {ph.text} names unknown parameter {unknown[0]!r}"))
    if out or not item.is_template or locked_structural_problems(item):
        return out
    for student in students:
        try:
            values = values_at(item, variant_index(quiz_id, item, student))
        except TemplateError as exc:
            return [Problem(exc.field, f"{exc} (for student {student!r})")]
        for field_name in LOCKED_FIELDS:
            for ph in placeholders(getattr(item, field_name)):
                try:
                    resolve(ph, values)
                except ValueError as exc:
                    return [Problem(field_name, f"{field_name}: {exc} (for student {student!r})")]
    return out
