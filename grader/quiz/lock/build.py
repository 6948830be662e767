"""Building locks (the instructor's side, `grade release`): a bank's TOML with its keys replaced by locks.

For every variant to lock, every accepted answer's normalised form is hashed
(crypto.Kdf); the first accepted form's bytes give the variant's content key,
every accepted form's entry wraps it, and the explanation is sealed with it. The
TOML is written by hand, in a fixed order, so the same course, roster and secret
give a byte-identical release.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from grader.quiz.expr import parse
from grader.quiz.lock.crypto import (
    FORMAT, KEY_BYTES, STANDARD, TAG_BYTES, Kdf, content_key, derive_all, lock_salt, seal, tag_of, wrap,
)
from grader.quiz.lock.forms import grid_for, key_forms, multiple_form
from grader.quiz.lock.model import Entry, LockHeader, VariantLock
from grader.quiz.model import Bank, Item, Key, item_texts
from grader.quiz.templates import fill, placeholders
from grader.quiz.variants import compute_key, values_at, variant_index

ALL_VARIANTS_MAX = 64  # parameterised items with at most this many variants are locked for every variant
NUMBER_PAD = 4  # number items store a multiple of this many tags, so the count says little about the key


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


def shown_key(item: Item, key: Key, lang: str) -> Key:
    """The key as a release in `lang` shows it: a choice item's right choices in that language (by position)."""
    texts = item_texts(item, lang)
    if item.type not in ("single", "multiple") or texts.lang == "en" or not texts.choices or not item.choices:
        return key
    by_position = dict(zip(item.choices, texts.choices))
    return by_position[key] if isinstance(key, str) else frozenset(by_position[k] for k in key)  # type: ignore[union-attr]


def plan_item(quiz_id: str, item: Item, salt_hex: str, variants: Iterable[tuple[int, ...]], lang: str = "en") -> list[_Plan]:
    """What to hash for each variant; `lang`: the language the release shows (its choices are what is hashed)."""
    grid = grid_for(item.tolerance, item.rel_tolerance) if item.type == "number" else None
    texts = item_texts(item, lang)
    plans = []
    for index in variants:
        values = values_at(item, index) if item.is_template else {}
        key = shown_key(item, compute_key(item, values), lang)
        salt = lock_salt(salt_hex, quiz_id, item.id, index)
        explanation = fill(texts.explanation, values)
        forms = [multiple_form(key)] if item.type == "multiple" else key_forms(item, key, grid)  # type: ignore[arg-type]
        plans.append(_Plan(index, salt, forms, explanation))
    return plans


def _pad_entries(salt: bytes, count: int) -> list[Entry]:
    return [Entry(tag=hashlib.sha256(salt + b"\0pad-tag\0" + bytes([i])).digest()[:TAG_BYTES].hex(),
                  wrap=hashlib.sha256(salt + b"\0pad-wrap\0" + bytes([i])).digest()[:KEY_BYTES].hex()) for i in range(count)]


def build_lock(item: Item, plan: _Plan, derived: Mapping[tuple[bytes, str], bytes]) -> VariantLock:
    """One variant's lock from its plan and the derived keys."""
    d = {form: derived[(plan.salt, form)] for form in plan.forms}
    ck = content_key(d[plan.forms[0]][TAG_BYTES:])
    entries = [Entry(tag=tag_of(d[f]), wrap=wrap(d[f], ck)) for f in plan.forms]
    if item.type == "number":
        entries += _pad_entries(plan.salt, -len(entries) % NUMBER_PAD)
    entries.sort(key=lambda e: e.tag)
    return VariantLock(variant=list(plan.index), answers=entries, explanation=seal(plan.explanation, ck, plan.salt))


def lock_bank(bank: Bank, *, salt_hex: str, kdf: Kdf = STANDARD, roster: Sequence[str] = (),
              all_variants_max: int = ALL_VARIANTS_MAX, workers: int = 1, lang: str = "en") -> tuple[str, LockStats]:
    """The locked bank's TOML text for a student release, and what was locked.

    `lang`: the language the release is in. A release holds one language: its prompts, choices,
    concepts, hints and sealed explanations are the bank's texts in `lang` (English where untranslated),
    and a choice is locked as the text the student is shown.
    """
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
        plans[item.id] = plan_item(bank.id, item, salt_hex, variants, lang)
    jobs = [(p.salt, f) for ps in plans.values() for p in ps for f in p.forms]
    derived = derive_all(kdf, jobs, workers)
    stats.hashes = len(derived)
    header = LockHeader(format=FORMAT, kdf="scrypt", n=kdf.n, r=kdf.r, p=kdf.p, lanes=kdf.lanes, salt=salt_hex)
    blocks = [_bank_header(bank, header, lang)]
    for item in bank.items:
        locks = [build_lock(item, plan, derived) for plan in plans[item.id]]
        stats.locks += len(locks)
        blocks.append(_item_toml(item, locks, lang))
    return "\n".join(blocks), stats


# ====================================================================== writing TOML

def _toml():
    from grader.quiz import sheet

    return sheet.toml_string, sheet.toml_value


def _bank_header(bank: Bank, header: LockHeader, lang: str = "en") -> str:
    s, v = _toml()
    lines = [
        f"# {bank.id}: {bank.title_in(lang)} (student release; the answers are locked).",
        "# No answer key is stored here: every accepted answer is kept only as a salted scrypt hash,",
        "# and each explanation is encrypted (ChaCha20-Poly1305) with a key derived from the right answer, so it opens",
        "# when you answer right. `grade` and `grade quiz take` check your answers against these locks.",
        "# Do not edit this file; see README.md (\"Locked answers\") for what the locks do and do not protect.",
        "",
        f"id = {s(bank.id)}",
        f"title = {s(bank.title_in(lang))}",
        f"week = {bank.week}",
        "",
        "[lock]",
        f"format = {header.format}",
        f"kdf = {s(header.kdf)}",
        f"n = {header.n}",
        f"r = {header.r}",
        f"p = {header.p}",
        f"lanes = {header.lanes}",
        f"salt = {s(header.salt)}",
        "",
    ]
    return "\n".join(lines)


def _item_toml(item: Item, locks: list[VariantLock], lang: str = "en") -> str:
    s, v = _toml()
    texts = item_texts(item, lang)
    lines = [
        "[[items]]",
        f"id = {s(item.id)}",
        f"type = {s(item.type)}",
        f"points = {v(float(item.points))}",
        f"prompt = {s(texts.prompt)}",
    ]
    if texts.choices is not None:
        lines.append("choices = [")
        lines += [f"    {s(c)}," for c in texts.choices]
        lines.append("]")
    lines.append(f"concept = {s(texts.concept)}")
    if texts.hints:
        lines.append("hints = [")
        lines += [f"    {s(h)}," for h in texts.hints]
        lines.append("]")
    if item.type == "number":
        grid = grid_for(item.tolerance, item.rel_tolerance)
        parts = [f"{k} = {v(val)}" for k, val in grid.model_dump().items() if val is not None]
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
        lines.append("answers = [")
        lines += [f"    {{ tag = {s(e.tag)}, wrap = {s(e.wrap)} }}," for e in lock.answers]
        lines.append("]")
        lines.append(f"explanation = {s(lock.explanation)}")
    lines.append("")
    return "\n".join(lines)


