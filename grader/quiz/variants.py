"""Each student's own version of an item: drawn parameters, filled texts, choice order, key.

Everything here is a pure function of (student id, quiz id, item id), through
SHA-256 rather than Python's salted `hash`, so a student sees the same numbers
and the same letters on every machine and every run, and the grader computes
the same key the sheet was printed with.
"""

from __future__ import annotations

import copy
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from grader.quiz.expr import ExprError, parse
from grader.quiz.marks import Mark, answer_key
from grader.quiz.model import Bank, Item, Key, item_texts, normalize_key
from grader.quiz.templates import fill

LETTERS = "abcdefghijklmnopqrstuvwxyz"



class TemplateError(ValueError):
    """A template could not be instantiated for one student (the bank needs fixing).

    `field` names the failing `let` value or `answer_expr`, so `grade validate`
    can point at its line.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def seed_for(student: str, quiz_id: str, item_id: str, purpose: str = "") -> int:
    """A stable 256-bit seed; `purpose` separates independent streams (parameters, choice order)."""
    material = f"{student}\0{quiz_id}\0{item_id}" + (f"\0{purpose}" if purpose else "")
    return int.from_bytes(hashlib.sha256(material.encode("utf-8")).digest(), "big")


def draw_params(item: Item, rng: random.Random) -> dict[str, Any]:
    """One value per parameter, drawn in declared order (so adding a parameter at the end keeps the others)."""
    return {name: copy.deepcopy(p.value_at(rng.randrange(p.count))) for name, p in item.params.items()}


def variant_index(quiz_id: str, item: Any, student: str) -> tuple[int, ...]:
    """The student's parameter indexes: the same draws as `draw_params`, without the values
    (a locked bank keeps its locks per index, not per value)."""
    rng = random.Random(seed_for(student, quiz_id, item.id))
    return tuple(rng.randrange(p.count) for p in item.params.values())


def values_at(item: Any, index: Sequence[int]) -> dict[str, Any]:
    """Parameter and `let` values of the variant `index` (TemplateError if a `let` fails)."""
    values = {name: copy.deepcopy(p.value_at(i)) for (name, p), i in zip(item.params.items(), index)}
    for name, text in item.let.items():
        try:
            values[name] = parse(text).evaluate(values)
        except ExprError as exc:
            raise TemplateError(f"let {name} = {text!r}: {exc}", name) from None
    return values


def variant_values(quiz_id: str, item: Item, student: str) -> dict[str, Any]:
    """The student's parameters and `let` values; TemplateError if a `let` fails."""
    return values_at(item, variant_index(quiz_id, item, student))


def choice_order(quiz_id: str, item: Item, student: str) -> list[str]:
    """The item's choices in this student's order, shuffled by a stream independent of the parameters."""
    choices = list(item.choices or [])
    random.Random(seed_for(student, quiz_id, item.id, "choices")).shuffle(choices)
    return choices


def choice_permutation(quiz_id: str, item: Any, student: str) -> list[int]:
    """The positions of the item's choices in this student's order: the same shuffle as `choice_order`
    (it depends on the number of choices only), so a translation's choices follow their English ones."""
    order = list(range(len(item.choices or [])))
    if not order:
        return order  # nothing to shuffle: the same (empty) order without seeding a generator
    random.Random(seed_for(student, quiz_id, item.id, "choices")).shuffle(order)
    return order


def compute_key(item: Item, values: Mapping[str, Any]) -> Key:
    """The key for these values: the literal answer, or answer_expr evaluated and checked for the item's type."""
    if item.answer_expr is None:
        return normalize_key(item, item.answer)
    try:
        result = parse(item.answer_expr).evaluate(values)
    except ExprError as exc:
        raise TemplateError(f"answer_expr {item.answer_expr!r}: {exc}", "answer_expr") from None
    try:
        return normalize_key(item, result)
    except ValueError as exc:
        raise TemplateError(f"answer_expr {item.answer_expr!r} gave a wrong key: {exc}", "answer_expr") from None


# ---------------------------------------------------------------- the prepared item

@dataclass(frozen=True)
class PreparedItem:
    """An item as one student sees it, with its key; everything the sheet, grader and `take` need."""

    quiz_id: str
    item: Item
    student: str
    number: int
    prompt: str
    explanation: str
    concept: str
    choices: tuple[str, ...]
    key: Key  # the value itself in the clear; a student release's lock (lock/open.py's LockedKey) otherwise
    values: Mapping[str, Any] = field(default_factory=dict, repr=False)
    lang: str = "en"
    labels: tuple[str, ...] = ()  # the choices as shown in `lang`, in the order of `choices` (which stay English)
    hints: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def result_id(self) -> str:
        return f"{self.quiz_id}.{self.item.id}"

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(LETTERS[: len(self.choices)])

    def letter_of(self, choice: str) -> str:
        return LETTERS[self.choices.index(choice)]

    def lettered(self) -> list[tuple[str, str]]:
        """(letter, choice as shown in the student's language)."""
        return list(zip(self.letters, self.labels or self.choices))

    def label_of(self, choice: str) -> str:
        """How the (English) choice `choice` is shown in the student's language."""
        shown = self.labels or self.choices
        return shown[self.choices.index(choice)]

    def check(self, answer: Key, cache: Any = None) -> Mark:
        """Score a parsed answer against this item's key, in the clear or locked: the one way answers are
        checked (marks.py). `cache`: the workspace's checked answers, for a locked key (lock/cache.py)."""
        return answer_key(self.key).check(self, answer, cache)


@dataclass(frozen=True)
class _Fixed:
    """What an item shows every student alike, in one language: worked out once per item object.

    A batch grades every student's sheet against the same loaded banks (loader.py keeps them
    while their files stay unchanged), so the item's number, its texts and, for an item that is
    no template, its filled texts and key are the same for every student; only a template's
    values, what they fill in and the choice order are the student's own.
    """

    number: int
    texts: Any  # model.ItemTexts
    filled: tuple[str, str, str] | None  # (prompt, explanation, concept) of an item that is no template
    key: Key | None  # its key (None for a template: computed from each student's values)
    # A template's variants met so far: parameter indexes -> (values, (prompt, explanation, concept), key).
    # Students share variants (a template has a few dozen), and a variant is a pure function of its indexes.
    variants: dict = field(default_factory=dict, compare=False, repr=False)


def _filled(texts: Any, values: dict[str, Any]) -> tuple[str, str, str]:
    """An item's (prompt, explanation, concept) with `values` filled in."""
    return fill(texts.prompt, values), fill(texts.explanation, values), fill(texts.concept, values)


_MAX_VARIANTS = 512  # variants remembered per item and language (beyond: computed, not remembered)


def _variant(bank: Bank, item: Item, student: str, fixed: _Fixed) -> tuple[dict[str, Any], tuple[str, str, str], Key]:
    """The student's values (a copy of their own), filled texts and key of a template item."""
    index = variant_index(bank.id, item, student)
    found = fixed.variants.get(index)
    if found is None:
        values = values_at(item, index)
        found = (values, _filled(fixed.texts, values), compute_key(item, values))
        if len(fixed.variants) < _MAX_VARIANTS:
            fixed.variants[index] = found
            return _own_copy(values), found[1], found[2]
        return found
    return _own_copy(found[0]), found[1], found[2]


_ATOMS = frozenset({int, float, str, bool, type(None)})


def _own_copy(values: dict[str, Any]) -> dict[str, Any]:
    """`copy.deepcopy(values)`: a copy the student's PreparedItem owns.

    Numbers and strings are immutable: deepcopy gives back those very objects, so values
    that are numbers, strings and lists of them (every template of the course) are copied
    as deepcopy would (a new dict, a new list for each list) without its memo and dispatch:
    done for every templated item of every sheet graded. Anything else goes to deepcopy.
    """
    if type(values) is not dict:
        return copy.deepcopy(values)
    lists = []
    for value in values.values():
        if type(value) in _ATOMS:
            continue
        if type(value) is not list or not all(type(v) in _ATOMS for v in value):
            return copy.deepcopy(values)
        lists.append(value)
    if len({id(v) for v in lists}) != len(lists):
        return copy.deepcopy(values)  # one list under two names: deepcopy keeps them one list
    return {name: value[:] if type(value) is list else value for name, value in values.items()}


# (id(bank), id(item), lang) -> (bank, item, _Fixed). The bank and item are kept with their
# entry, so the ids cannot be reused by other objects while it lives, and each hit is checked
# against them: a reloaded (or another course's) bank never meets an older bank's entry.
_fixed_items: dict[tuple[int, int, str], tuple[Any, Any, _Fixed]] = {}
_MAX_FIXED = 4096  # entries kept (a course has about a hundred items per language)


def _fixed(bank: Bank, item: Item, lang: str) -> _Fixed:
    cache_key = (id(bank), id(item), lang)
    hit = _fixed_items.get(cache_key)
    if hit is not None and hit[0] is bank and hit[1] is item:
        return hit[2]
    number = next((n for n, it in enumerate(bank.items, 1) if it.id == item.id), 0)
    texts = item_texts(item, lang)
    if item.is_template:
        fixed = _Fixed(number, texts, None, None)
    else:
        none: dict[str, Any] = {}
        fixed = _Fixed(number, texts, _filled(texts, none), compute_key(item, none))
    if len(_fixed_items) >= _MAX_FIXED:
        _fixed_items.clear()
    _fixed_items[cache_key] = (bank, item, fixed)
    return fixed


def prepare_clear(bank: Bank, item: Item, student: str, lang: str = "en") -> PreparedItem:
    """The student's variant of an item of a bank in the clear, its texts in `lang` (English where
    untranslated) and its key; TemplateError if the bank's template fails for them.

    The language changes what is shown, never the variant, the choice order or the key.
    A locked bank's items are prepared by lock/open.py; views.prepare chooses between the two.
    What does not depend on the student is worked out once per item (`_fixed`).
    """
    fixed = _fixed(bank, item, lang)
    texts = fixed.texts
    order = choice_permutation(bank.id, item, student)
    if fixed.filled is not None:
        values: dict[str, Any] = {}
        (prompt, explanation, concept), key = fixed.filled, fixed.key
    else:
        values, (prompt, explanation, concept), key = _variant(bank, item, student, fixed)
    choices = item.choices or ()
    # Field for field what PreparedItem(...) sets (it has no __post_init__), without the frozen
    # dataclass's __init__, which sets each of its 13 fields through object.__setattr__: one
    # PreparedItem per item of every sheet graded.
    prepared = object.__new__(PreparedItem)
    prepared.__dict__.update(
        quiz_id=bank.id,
        item=item,
        student=student,
        number=fixed.number,
        prompt=prompt,
        explanation=explanation,
        concept=concept,
        choices=tuple([choices[i] for i in order]),
        key=key,
        values=values,
        lang=texts.lang,
        labels=tuple([texts.choices[i] for i in order]) if texts.choices else (),
        hints=texts.hints,
    )
    return prepared
