"""Locked answers: a student release checks answers without holding the answer key.

`grade release` replaces every item's key by a *lock*; `grade check` and
`grade quiz take` in the release open locks with the student's own answer.

What a lock is (see docs/release.md for the reasoning and its limits):

- Every accepted answer is normalised exactly as the engine compares answers
  (a choice's text, "true"/"false", a squashed text, "(4, 1)", a number rounded
  onto a grid) and run through scrypt with a salt made of the release salt, the
  quiz, the item and the variant. The first 16 bytes are the *tag* a student's
  answer must reproduce; the next 32 bytes wrap the item's content key.
- The explanation (which usually gives the answer away) is encrypted with that
  content key (SHA-256 counter-mode keystream, HMAC-SHA-256 tag), so it opens
  only for a right answer. The concept stays in clear: it is what a wrong
  answer shows.
- Multiple select keeps partial credit: each choice's membership is locked on
  its own ("is this choice right?"). That tells a student no more than the
  partial-credit feedback already does.
- Numbers: answers are rounded onto a grid (steps of 10**floor(log10(tolerance)),
  or 1 - floor(log10(rel_tolerance)) significant digits), so one grid step is
  never more than the tolerance. The release keeps a tag for every grid point
  whose rounding cell meets the tolerance interval, so a right answer, rounded,
  always hits one; an answer at most one grid step (at most one tolerance)
  outside the interval can also pass locally. CI applies the exact rule.
- Parameterised items: the variant is the tuple of drawn parameter indexes,
  which depends only on the student id. The release ships the parameters the
  prompt and concept show (never the parts they do not, never `answer_expr`),
  and locks the variants it was asked to (all of them when there are few, else
  the roster's). A variant without a lock is "checked when graded".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any, Iterable, Literal, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from grader.quiz.expr import ExprError, parse
from grader.quiz.model import CHOICE_TYPES, ITEM_ID, Bank, Item, ItemType, Key, Param, Problem, Text
from grader.quiz.text import fold, format_shape, squash
from grader.quiz.variants import (
    PreparedItem, TemplateError, choice_order, compute_key, fill, placeholders, resolve, values_at, variant_index,
)

FORMAT = 1
TAG_BYTES = 16
KEY_BYTES = 32
DK_BYTES = TAG_BYTES + KEY_BYTES
ALL_VARIANTS_MAX = 64  # parameterised items with at most this many variants are locked for every variant
NUMBER_PAD = 4  # number items store a multiple of this many tags, so the count says little about the key
LOCKED_FIELDS = ("prompt", "concept")  # the template texts a release ships in clear

_HEX32 = r"^[0-9a-f]{32}$"
_HEX64 = r"^[0-9a-f]{64}$"


# ====================================================================== parameters of the slow hash

@dataclass(frozen=True)
class Kdf:
    """scrypt's cost parameters. The standard ones take about 10-30 ms and 8 MiB per answer checked."""

    n: int = 2**13
    r: int = 8
    p: int = 1

    def derive(self, salt: bytes, password: str) -> bytes:
        return _derive(self.n, self.r, self.p, salt, password)


STANDARD = Kdf()


@lru_cache(maxsize=8192)
def _derive(n: int, r: int, p: int, salt: bytes, password: str) -> bytes:
    """scrypt, cached: `grade watch` and `quiz take` check the same answers again and again."""
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=DK_BYTES,
                          maxmem=256 * r * n * p + (1 << 20))


# ====================================================================== the locked bank, as data

class _Strict(BaseModel):
    # Schemas built on first use: a course in the clear (an instructor's, `grade check`)
    # never validates a locked bank, and building them costs a fresh command ~6 ms.
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class LockHeader(_Strict):
    """The `[lock]` table of a locked bank: format, scrypt parameters and the release salt."""

    format: Literal[1]
    kdf: Literal["scrypt"]
    n: int = Field(ge=2)
    r: int = Field(ge=1)
    p: int = Field(ge=1)
    salt: str = Field(pattern=_HEX32)

    @property
    def params(self) -> Kdf:
        return Kdf(self.n, self.r, self.p)


class Entry(_Strict):
    """One accepted answer: its tag, and the content key wrapped with its derived key."""

    tag: str = Field(pattern=_HEX32)
    wrap: str = Field(pattern=_HEX64)


class Sealed(_Strict):
    """An encrypted text (base64) with its authentication tag."""

    data: str
    mac: str = Field(pattern=_HEX32)


class VariantLock(_Strict):
    """The lock of one variant (parameter indexes; empty for a plain item)."""

    variant: list[int] = Field(default_factory=list)
    answers: list[Entry] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list, description="multiple select: one tag per choice, in bank order")
    right: int | None = Field(None, ge=1, description="multiple select: how many choices are right")
    explanation: Sealed


class Grid(_Strict):
    """How number answers are rounded before hashing: 10**abs steps, and `rel` significant digits."""

    abs: int | None = None
    rel: int | None = Field(None, ge=1, le=30)


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


# ====================================================================== variants

def variant_tag(index: Sequence[int]) -> str:
    return ",".join(str(i) for i in index)


def _salt(salt_hex: str, quiz_id: str, item_id: str, index: Sequence[int]) -> bytes:
    material = bytes.fromhex(salt_hex) + f"\0{quiz_id}\0{item_id}\0{variant_tag(index)}".encode("utf-8")
    return hashlib.sha256(material).digest()


# ====================================================================== normalised answers

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
    return Grid(abs=abs_exp, rel=rel_digits)


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
    """What a student's number is hashed as: its grid point on the grid that likely decides first
    (the relative one when about rel_tolerance * |x| exceeds the tolerance), then the other."""
    forms = []
    if grid.abs is not None:
        forms.append(abs_point(x, grid.abs))
    if grid.rel is not None:
        forms.append(rel_point(x, grid.rel))
        if grid.abs is not None and x != 0 and _decimal(x).copy_abs().adjusted() + 1 - grid.rel > grid.abs:
            forms.reverse()
    return forms


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
    raise ValueError(f"no single answer form for {item_type} items")


def key_forms(item: Item, key: Key, grid: Grid | None) -> list[str]:
    """Every accepted answer of an instructor item's key, normalised; the key's own form first."""
    if item.type == "number":
        assert grid is not None
        return number_key_forms(grid, key, item.tolerance, item.rel_tolerance)  # type: ignore[arg-type]
    if item.type == "text":
        forms = [f"text\0{squash(str(key))}"]
        for accepted in item.accept:
            form = f"text\0{squash(accepted)}"
            if form not in forms:
                forms.append(form)
        return forms
    return answer_forms(item.type, key)


def member_form(choice: str, right: bool) -> str:
    return f"member\0{choice}\0{'1' if right else '0'}"


# ====================================================================== content keys and sealing

def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b))


def _content_key(material: bytes) -> bytes:
    return hashlib.sha256(b"nndl-grader content key\0" + material).digest()


def _keystream(key: bytes, length: int) -> bytes:
    blocks = (hashlib.sha256(key + b"\0stream\0" + n.to_bytes(8, "big")).digest() for n in range(0, (length + 31) // 32))
    return b"".join(blocks)[:length]


def _mac(key: bytes, salt: bytes, data: bytes) -> str:
    return hmac.new(key, b"mac\0" + salt + data, hashlib.sha256).digest()[:TAG_BYTES].hex()


def seal(text: str, key: bytes, salt: bytes) -> Sealed:
    data = _xor(text.encode("utf-8"), _keystream(key, len(text.encode("utf-8"))))
    return Sealed(data=base64.b64encode(data).decode("ascii"), mac=_mac(key, salt, data))


def unseal(sealed: Sealed, key: bytes, salt: bytes) -> str | None:
    """The text, or None if the key is wrong or the data was changed."""
    try:
        data = base64.b64decode(sealed.data.encode("ascii"), validate=True)
    except (binascii.Error, ValueError):
        return None
    if not hmac.compare_digest(_mac(key, salt, data), sealed.mac):
        return None
    return _xor(data, _keystream(key, len(data))).decode("utf-8", errors="replace")


# ====================================================================== checking answers

UNCHECKED = ("not checked here: this release holds no lock for your variant of this question "
             "(student {student!r}); it is graded when you submit")


@dataclass(frozen=True)
class Verdict:
    """A locked answer's outcome before it becomes a `scoring.Mark`."""

    score: float
    status: str
    feedback: str
    explanation: str | None = None


@dataclass(frozen=True)
class LockedKey:
    """What a PreparedItem of a locked bank holds instead of its key."""

    header: LockHeader
    quiz_id: str
    item: LockedItem
    index: tuple[int, ...]
    lock: VariantLock | None = field(default=None)

    @property
    def salt(self) -> bytes:
        return _salt(self.header.salt, self.quiz_id, self.item.id, self.index)

    def first_hash(self, answer: Key) -> list[tuple[bytes, str]]:
        """The (salt, form) pairs `check` hashes first for `answer` (to compute them ahead, in parallel)."""
        if self.lock is None:
            return []
        if self.item.type == "multiple":
            return [(self.salt, member_form(c, True)) for c in sorted(answer)]  # type: ignore[arg-type]
        return [(self.salt, answer_forms(self.item.type, answer, self.item.grid)[0])]

    def check(self, prepared: PreparedItem, answer: Key) -> Verdict:
        """Score a parsed answer against the lock (right/wrong, partial credit, the explanation when right)."""
        item, points = self.item, self.item.points
        if self.lock is None:
            return Verdict(0.0, "missing", UNCHECKED.format(student=prepared.student))
        kdf, salt = self.header.params, self.salt
        if item.type == "multiple":
            return self._check_multiple(prepared, answer, kdf, salt)  # type: ignore[arg-type]
        for form in answer_forms(item.type, answer, item.grid):
            derived = kdf.derive(salt, form)
            for entry in self.lock.answers:
                if hmac.compare_digest(derived[:TAG_BYTES].hex(), entry.tag):
                    key = _xor(derived[TAG_BYTES:], bytes.fromhex(entry.wrap))
                    return Verdict(points, "passed", "Right.", unseal(self.lock.explanation, key, salt))
        return Verdict(0.0, "failed", "Not right. " + prepared.concept)

    def _check_multiple(self, prepared: PreparedItem, chosen: frozenset, kdf: Kdf, salt: bytes) -> Verdict:
        from grader.quiz.scoring import multiple_mark

        assert self.lock is not None and self.item.choices is not None
        tags = dict(zip(self.item.choices, self.lock.members))
        k = self.lock.right or 1
        derived = {c: kdf.derive(salt, member_form(c, True)) for c in sorted(chosen)}
        right = [c for c, d in derived.items() if hmac.compare_digest(d[:TAG_BYTES].hex(), tags.get(c, ""))]
        mark = multiple_mark(self.item.points, len(right), len(chosen) - len(right), k, prepared.concept)
        explanation = None
        if mark.status == "passed":
            key = _content_key(b"".join(derived[c][TAG_BYTES:] for c in sorted(right)))
            explanation = unseal(self.lock.explanation, key, salt)
        return Verdict(mark.score, mark.status, mark.feedback, explanation)


def warm(bank: LockedBank, answers: Mapping[str, Any], student: str) -> None:
    """Hash a sheet's answers ahead, in threads (scrypt releases the GIL), so grading finds them cached."""
    from grader.quiz.answers import AnswerFormatError, is_blank, parse_answer

    jobs: list[tuple[bytes, str]] = []
    for item in bank.items:
        raw = answers.get(item.id)
        if raw is None or is_blank(raw):
            continue
        try:
            prepared = prepare_locked(bank, item, student)
            answer = parse_answer(prepared, raw)
        except (TemplateError, AnswerFormatError):
            continue
        if answer is not None:
            jobs += prepared.key.first_hash(answer)  # type: ignore[union-attr]
    derive_all(bank.lock.params, jobs, workers=default_workers())


def default_workers() -> int:
    import os

    return max(1, min(8, os.cpu_count() or 1))


def prepare_locked(bank: LockedBank, item: LockedItem, student: str) -> PreparedItem:
    """The student's view of a locked item: prompt, concept and choices; the key is a LockedKey."""
    index = variant_index(bank.id, item, student) if item.is_template else ()
    values = values_at(item, index) if item.is_template else {}
    number = next((n for n, it in enumerate(bank.items, 1) if it.id == item.id), 0)
    return PreparedItem(
        quiz_id=bank.id,
        item=item,  # type: ignore[arg-type]
        student=student,
        number=number,
        prompt=fill(item.prompt, values),
        explanation="",
        concept=fill(item.concept, values),
        choices=tuple(choice_order(bank.id, item, student)),  # type: ignore[arg-type]
        key=LockedKey(bank.lock, bank.id, item, index, item.lock_for(index)),  # type: ignore[arg-type]
        values=values,
    )


# ====================================================================== building locks (instructor side)

def referenced_paths(item: Item) -> dict[str, set[tuple[int, ...] | None]]:
    """For each parameter the prompt or concept shows: the index paths shown (None: all of it)."""
    refs: dict[str, set[tuple[int, ...] | None]] = {}
    lets_seen: set[str] = set()

    def whole(name: str) -> None:
        refs.setdefault(name, set()).add(None)
        if name in item.let and name not in lets_seen:
            lets_seen.add(name)
            for used in parse(item.let[name]).names:
                whole(used)

    for text in (item.prompt, item.concept):
        for ph in placeholders(text):
            path: list[int] = []
            complete = True
            for index in ph.indexes:
                if index.lstrip("-").isdigit():
                    path.append(int(index))
                else:
                    if index.isidentifier():
                        whole(index)
                    complete = False
                    break
            if ph.name in item.let or not complete:
                whole(ph.name)
            else:
                refs.setdefault(ph.name, set()).add(tuple(path))
    return refs


def _project(value: Any, paths: set[tuple[int, ...] | None]) -> Any:
    """`value` with only the parts at `paths` kept; other list entries become 0."""
    if None in paths or () in paths or not isinstance(value, list):
        return value
    out = []
    for i, entry in enumerate(value):
        sub = {p[1:] if len(p) > 1 else () for p in paths if p and (p[0] == i or p[0] == i - len(value))}
        out.append(_project(entry, sub) if sub else 0)
    return out


def public_params(item: Item) -> tuple[dict[str, dict], dict[str, str]]:
    """The parameters (as TOML-ready dicts) and `let` values a release may ship for a template.

    Every parameter keeps its number of values, so students draw the same variant;
    choice values keep only what the prompt or concept shows (the rest becomes 0),
    and only `let` values the prompt or concept shows are kept.
    """
    refs = referenced_paths(item)
    params: dict[str, dict] = {}
    for name, p in item.params.items():
        if p.choice is not None:
            paths = refs.get(name)
            choice = [_project(v, paths) for v in p.choice] if paths else [0] * len(p.choice)
            params[name] = {"choice": choice}
        else:
            params[name] = {"range": list(p.range or [])} | ({"step": p.step} if p.step is not None else {})
    lets = {name: text for name, text in item.let.items() if name in refs}
    return params, lets


@dataclass
class _Plan:
    """What one variant of one item needs derived, and what its lock is built from."""

    index: tuple[int, ...]
    salt: bytes
    forms: list[str]
    explanation: str
    members: list[str] = field(default_factory=list)  # multiple: the right choices


@dataclass
class LockStats:
    """What locking a bank did, for the release summary."""

    items: int = 0
    templates: int = 0
    all_variants: int = 0  # templates locked for every variant
    roster_only: list[str] = field(default_factory=list)  # templates locked for the roster's variants only
    locks: int = 0
    hashes: int = 0


def _variants_to_lock(quiz_id: str, item: Item, roster: Sequence[str], all_max: int) -> tuple[list[tuple[int, ...]], bool]:
    count = math.prod(p.count for p in item.params.values()) if item.params else 1
    if item.params and count <= all_max:
        import itertools

        return list(itertools.product(*(range(p.count) for p in item.params.values()))), True
    if not item.is_template:
        return [()], True
    return sorted({variant_index(quiz_id, item, s) for s in roster}), False


def plan_item(quiz_id: str, item: Item, salt_hex: str, variants: Iterable[tuple[int, ...]]) -> list[_Plan]:
    grid = grid_for(item.tolerance, item.rel_tolerance) if item.type == "number" else None
    plans = []
    for index in variants:
        values = values_at(item, index) if item.is_template else {}
        key = compute_key(item, values)
        salt = _salt(salt_hex, quiz_id, item.id, index)
        explanation = fill(item.explanation, values)
        if item.type == "multiple":
            right = sorted(key)  # type: ignore[arg-type]
            forms = [member_form(c, c in right) for c in item.choices or []]
            plans.append(_Plan(index, salt, forms, explanation, right))
        else:
            plans.append(_Plan(index, salt, key_forms(item, key, grid), explanation))
    return plans


def _pad_entries(salt: bytes, count: int) -> list[Entry]:
    return [Entry(tag=hashlib.sha256(salt + b"\0pad-tag\0" + bytes([i])).digest()[:TAG_BYTES].hex(),
                  wrap=hashlib.sha256(salt + b"\0pad-wrap\0" + bytes([i])).hexdigest()) for i in range(count)]


def build_lock(item: Item, plan: _Plan, derived: Mapping[tuple[bytes, str], bytes]) -> VariantLock:
    """One variant's lock from its plan and the derived keys."""
    d = {form: derived[(plan.salt, form)] for form in plan.forms}
    variant = list(plan.index)
    if item.type == "multiple":
        choices = item.choices or []
        ck = _content_key(b"".join(d[member_form(c, True)][TAG_BYTES:] for c in plan.members))
        members = [d[form][:TAG_BYTES].hex() for form in plan.forms]
        assert len(members) == len(choices)
        return VariantLock(variant=variant, members=members, right=len(plan.members),
                           explanation=seal(plan.explanation, ck, plan.salt))
    ck = _content_key(d[plan.forms[0]][TAG_BYTES:])
    entries = [Entry(tag=d[f][:TAG_BYTES].hex(), wrap=_xor(d[f][TAG_BYTES:], ck).hex()) for f in plan.forms]
    if item.type == "number":
        entries += _pad_entries(plan.salt, -len(entries) % NUMBER_PAD)
    entries.sort(key=lambda e: e.tag)
    return VariantLock(variant=variant, answers=entries, explanation=seal(plan.explanation, ck, plan.salt))


def derive_all(kdf: Kdf, jobs: Iterable[tuple[bytes, str]], workers: int = 1) -> dict[tuple[bytes, str], bytes]:
    """scrypt for every (salt, form), in `workers` threads (hashlib's scrypt runs without the GIL)."""
    unique = sorted(set(jobs))
    if workers > 1 and len(unique) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda job: kdf.derive(*job), unique))
        return dict(zip(unique, results))
    return {(s, f): kdf.derive(s, f) for s, f in unique}


def lock_bank(bank: Bank, *, salt_hex: str, kdf: Kdf = STANDARD, roster: Sequence[str] = (),
              all_variants_max: int = ALL_VARIANTS_MAX, workers: int = 1) -> tuple[str, LockStats]:
    """The locked bank's TOML text for a student release, and what was locked."""
    stats = LockStats(items=len(bank.items))
    plans: dict[str, list[_Plan]] = {}
    for item in bank.items:
        variants, every = _variants_to_lock(bank.id, item, roster, all_variants_max)
        if item.is_template:
            stats.templates += 1
            if every:
                stats.all_variants += 1
            else:
                stats.roster_only.append(f"{bank.id}.{item.id}")
        plans[item.id] = plan_item(bank.id, item, salt_hex, variants)
    jobs = [(p.salt, f) for ps in plans.values() for p in ps for f in p.forms]
    derived = derive_all(kdf, jobs, workers)
    stats.hashes = len(derived)
    header = LockHeader(format=FORMAT, kdf="scrypt", n=kdf.n, r=kdf.r, p=kdf.p, salt=salt_hex)
    blocks = [_bank_header(bank, header)]
    for item in bank.items:
        locks = [build_lock(item, plan, derived) for plan in plans[item.id]]
        stats.locks += len(locks)
        blocks.append(_item_toml(item, locks))
    return "\n".join(blocks), stats


# ====================================================================== writing TOML

def _toml():
    from grader.quiz import sheet

    return sheet.toml_string, sheet.toml_value


def _bank_header(bank: Bank, header: LockHeader) -> str:
    s, v = _toml()
    lines = [
        f"# {bank.id}: {bank.title} (student release; the answers are locked).",
        "# No answer key is stored here: every accepted answer is kept only as a salted scrypt hash,",
        "# and each explanation is encrypted with a key derived from the right answer, so it opens",
        "# when you answer right. `grade` and `grade quiz take` check your answers against these locks.",
        "# Do not edit this file; see README.md (\"Locked answers\") for what the locks do and do not protect.",
        "",
        f"id = {s(bank.id)}",
        f"title = {s(bank.title)}",
        f"week = {bank.week}",
        "",
        "[lock]",
        f"format = {header.format}",
        f"kdf = {s(header.kdf)}",
        f"n = {header.n}",
        f"r = {header.r}",
        f"p = {header.p}",
        f"salt = {s(header.salt)}",
        "",
    ]
    return "\n".join(lines)


def _item_toml(item: Item, locks: list[VariantLock]) -> str:
    s, v = _toml()
    lines = [
        "[[items]]",
        f"id = {s(item.id)}",
        f"type = {s(item.type)}",
        f"points = {v(float(item.points))}",
        f"prompt = {s(item.prompt)}",
    ]
    if item.choices is not None:
        lines.append("choices = [")
        lines += [f"    {s(c)}," for c in item.choices]
        lines.append("]")
    lines.append(f"concept = {s(item.concept)}")
    if item.hints:
        lines.append("hints = [")
        lines += [f"    {s(h)}," for h in item.hints]
        lines.append("]")
    if item.type == "number":
        grid = grid_for(item.tolerance, item.rel_tolerance)
        parts = [f"{k} = {val}" for k, val in (("abs", grid.abs), ("rel", grid.rel)) if val is not None]
        lines.append("grid = { " + ", ".join(parts) + " }")
    if item.is_template:
        params, lets = public_params(item)
        lines.append("")
        lines.append("[items.params]")
        lines += [f"{name} = {v(p)}" for name, p in params.items()]
        if lets:
            lines.append("")
            lines.append("[items.let]")
            lines += [f"{name} = {s(text)}" for name, text in lets.items()]
    for lock in locks:
        lines.append("")
        lines.append("[[items.locks]]")
        if item.is_template:
            lines.append(f"variant = {v(lock.variant)}")
        if lock.answers:
            lines.append("answers = [")
            lines += [f"    {{ tag = {s(e.tag)}, wrap = {s(e.wrap)} }}," for e in lock.answers]
            lines.append("]")
        if lock.members:
            lines.append("members = [")
            lines += [f"    {s(m)}," for m in lock.members]
            lines.append("]")
            lines.append(f"right = {lock.right}")
        lines.append(f"explanation = {{ data = {s(lock.explanation.data)}, mac = {s(lock.explanation.mac)} }}")
    lines.append("")
    return "\n".join(lines)


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
        if item.type == "multiple":
            if lock.answers or len(lock.members) != len(item.choices or []) or lock.right is None \
                    or lock.right > len(lock.members) or any(len(m) != 2 * TAG_BYTES for m in lock.members):
                out.append(Problem("members", "a multiple-select lock has one member tag per choice and right = count"))
        elif not lock.answers or lock.members or lock.right is not None:
            out.append(Problem("answers", f"a {item.type} lock lists its answers (tag and wrap) and nothing else"))
        try:
            base64.b64decode(lock.explanation.data.encode("ascii"), validate=True)
        except (binascii.Error, ValueError):
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
