"""The quiz bank as data: plain records of a bank, its items and their parameters.

A bank's form (fields, types, patterns) is checked by its pydantic schema
(grader/quiz/schema.py) the first time its content is read; after that the engine
builds these plain records from the parsed TOML without importing pydantic
(grader/records.py says why and how that stays exact). What a field means in
relation to the others (an answer among the choices, a key of the right type for
the item's type, parseable expressions) is checked by `structural_problems`, which
returns every problem instead of stopping at the first, so `grade validate` can
list them all. The behaviour of a bank, an item and a parameter lives in the
*Methods classes, shared by the records and the pydantic models.
"""

from __future__ import annotations

import keyword
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from grader.quiz.expr import RESERVED_NAMES, ExprError, parse
from grader.quiz.templates import placeholders
from grader.quiz.text import fold, squash
from grader.records import Record

ItemType = Literal["single", "multiple", "truefalse", "number", "shape", "text"]
CHOICE_TYPES = ("single", "multiple")
ITEM_ID = r"^[a-z0-9][a-z0-9-]*$"
BANK_ID = r"^[a-z0-9][a-z0-9_-]*$"
TEMPLATE_FIELDS = ("prompt", "explanation", "concept")
Language = Literal["en", "zh"]
TRANSLATIONS: tuple[Language, ...] = ("zh",)  # the languages an item may carry besides English (its base)

# What a key looks like once normalised (see `normalize_key`).
Shape = tuple[int, ...]
Key = str | frozenset | bool | int | float | Shape

_SCHEMA = "grader.quiz.schema"


def _none() -> None:
    return None


def _required() -> None:
    """The default of a field the schema requires: validated data always gives it."""
    return None


class ParamMethods:
    """What a drawn parameter can do (shared by the record and the pydantic model)."""

    def problems(self) -> list[str]:
        if (self.range is None) == (self.choice is None):
            return ["give exactly one of range = [lo, hi] or choice = [...]"]
        if self.choice is not None:
            return ["step only goes with range"] if self.step is not None else []
        lo, hi = self.range  # type: ignore[misc]
        if lo > hi:
            return [f"range [{lo}, {hi}] is empty: lo must not exceed hi"]
        if self.step is None and not (isinstance(lo, int) and isinstance(hi, int)):
            return ["a range without step draws integers: give integer ends, or add step = ..."]
        return []

    @property
    def count(self) -> int:
        """How many values the parameter can take."""
        if self.choice is not None:
            return len(self.choice)
        lo, hi = self.range  # type: ignore[misc]
        if self.step is None:
            return int(hi - lo) + 1
        return int(math.floor((hi - lo) / self.step + 1e-9)) + 1

    def value_at(self, k: int) -> Any:
        """The k-th possible value (0-based): grid values are rounded so 0.1 steps stay 0.1, 0.2, ..."""
        if self.choice is not None:
            return self.choice[k]
        lo = self.range[0]  # type: ignore[index]
        if self.step is None:
            return lo + k
        value = lo + k * self.step
        if isinstance(lo, int) and isinstance(self.step, int):
            return value
        return float(f"{value:.12g}")


class ItemMethods:
    """What an item can do (shared by the record and the pydantic model)."""

    @property
    def is_template(self) -> bool:
        return bool(self.params or self.let or self.answer_expr is not None)

    def texts(self, lang: str = "en") -> ItemTexts:
        """The item's prompt, choices, explanation, concept and hints in `lang` (English if untranslated)."""
        return item_texts(self, lang)

    def accepted(self) -> list[str]:
        """Every extra accepted answer of a text item, in all its languages."""
        return [*self.accept, *(self.zh.accept if self.zh is not None else [])]

    @property
    def variable_names(self) -> list[str]:
        return [*self.params, *self.let]


class BankMethods:
    """What a bank can do (shared by the record and the pydantic model)."""

    @property
    def path(self) -> Path | None:
        """The file the bank was loaded from, for messages that name it."""
        return self._path

    def line_of(self, item_id: str) -> int | None:
        """The line of the item's `id = "..."` in its file."""
        return self._lines.get(item_id)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def points(self) -> float:
        return sum(i.points for i in self.items)

    def title_in(self, lang: str = "en") -> str:
        """The bank's title in `lang` (English if the bank has no such translation)."""
        tr = getattr(self, lang, None) if lang in TRANSLATIONS else None
        return tr.title if tr is not None else self.title

    def texts(self, item_id: str, lang: str = "en") -> ItemTexts | None:
        """An item's texts in `lang` (None for an unknown id): for reports in the student's language.

        Template items come back as written (with `{placeholders}`); `views.prepare(..., lang=)`
        fills them for one student.
        """
        item = self.item(item_id)
        return item_texts(item, lang) if item is not None else None


class Param(ParamMethods, Record):
    """One drawn parameter: `{ range = [lo, hi] }`, with an optional `step`, or `{ choice = [...] }`."""

    SCHEMA = (_SCHEMA, "Param")
    FIELDS = {"range": ("any", _none), "step": ("any", _none), "choice": ("any", _none)}


class ItemTranslation(Record):
    """An item's texts in another language (`[items.zh]`): what a student reads, never the key.

    The key stays the English one: a translated choice stands at the same position as
    its English choice, so an answer is matched by position whatever the language it was
    shown in. `accept` adds answers a text item accepts in every language.
    """

    SCHEMA = (_SCHEMA, "ItemTranslation")
    FIELDS = {"prompt": ("any", _required), "choices": ("any", _none), "explanation": ("any", _required),
              "concept": ("any", _required), "hints": ("any", list), "accept": ("any", list)}


class BankTranslation(Record):
    """A bank's own texts in another language (`[zh]` at the top of the file)."""

    SCHEMA = (_SCHEMA, "BankTranslation")
    FIELDS = {"title": ("any", _required)}


class Item(ItemMethods, Record):
    """One quiz question; `answer` is a literal key, `answer_expr` a template's computed key."""

    SCHEMA = (_SCHEMA, "Item")
    FIELDS = {
        "id": ("any", _required), "type": ("any", _required), "points": ("float", lambda: 1.0),
        "prompt": ("any", _required), "choices": ("any", _none), "answer": ("any", _none), "answer_expr": ("any", _none),
        "tolerance": ("float", lambda: 1e-6), "rel_tolerance": ("float", lambda: 1e-6), "accept": ("any", list),
        "explanation": ("any", _required), "concept": ("any", _required), "hints": ("any", list),
        "params": ((Param, "dict"), dict), "let": ("any", dict), "zh": ((ItemTranslation, "one"), _none),
    }


class Bank(BankMethods, Record):
    """One week's quiz, as written in `quizzes/<id>.toml`."""

    SCHEMA = (_SCHEMA, "Bank")
    FIELDS = {
        "id": ("any", _required), "title": ("any", _required), "week": ("any", _required),
        "languages": ("any", lambda: ["en"]), "zh": ((BankTranslation, "one"), _none), "items": ((Item, "list"), list),
    }

    def _init_private(self) -> None:
        self._path: Path | None = None
        self._lines: dict[str, int] = {}


@dataclass(frozen=True)
class ItemTexts:
    """What a student reads of one item in one language (English where no translation is given)."""

    lang: str
    prompt: str
    choices: tuple[str, ...] | None
    explanation: str
    concept: str
    hints: tuple[str, ...]


def item_texts(item: Any, lang: str = "en") -> ItemTexts:
    """An item's texts in `lang`, falling back to English when the item has no such translation.

    Works on a bank's `Item` and on a release's `LockedItem` (whose explanation is sealed: "").
    """
    tr = getattr(item, lang, None) if lang in TRANSLATIONS else None
    base = tr if tr is not None else item
    choices = getattr(base, "choices", None) if tr is not None else item.choices
    if tr is not None and choices is None:
        choices = item.choices
    return ItemTexts(
        lang=lang if tr is not None else "en",
        prompt=base.prompt,
        choices=tuple(choices) if choices is not None else None,
        explanation=getattr(base, "explanation", "") or "",
        concept=base.concept,
        hints=tuple(base.hints if (tr is None or tr.hints or not item.hints) else item.hints),
    )


@dataclass(frozen=True)
class Problem:
    """Something wrong with an item: which field (for the line number) and what to do."""

    field: str | None
    message: str


# ---------------------------------------------------------------- keys

def normalize_key(item: Item, value: Any) -> Key:
    """The key in canonical form for comparing with answers; ValueError says what is wrong.

    Used for a literal `answer` and for every value an `answer_expr` produces,
    so both kinds of item obey one rule per type.
    """
    kind = item.type
    if kind == "single":
        if not isinstance(value, str):
            raise ValueError(f"a single-choice key must be the text of one choice, not {_kind(value)}")
        return _choice_text(item, value)
    if kind == "multiple":
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"a multiple-select key must be a list of choice texts, not {_kind(value)}")
        if not value:
            raise ValueError("a multiple-select key needs at least one right choice")
        texts = [_choice_text(item, v) for v in value]
        if len(set(texts)) != len(texts):
            raise ValueError("the key lists the same choice twice")
        return frozenset(texts)
    if kind == "truefalse":
        if not isinstance(value, bool):
            raise ValueError(f"a true/false key must be true or false, not {_kind(value)}")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"a number key must be a number, not {_kind(value)}")
        if not math.isfinite(value):
            raise ValueError("a number key must be finite")
        return value
    if kind == "shape":
        if value == "error":
            return "error"
        if isinstance(value, (list, tuple)) and all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in value
        ):
            return tuple(value)
        raise ValueError(f'a shape key must be a list of non-negative integers or "error", not {_kind(value)}')
    if not isinstance(value, str) or not squash(value):
        raise ValueError(f"a text key must be a non-empty string, not {_kind(value)}")
    return value


def _choice_text(item: Item, text: str) -> str:
    for choice in item.choices or []:
        if fold(choice) == fold(text):
            return choice
    raise ValueError(f"the key {text!r} is not one of the choices")


def _kind(value: Any) -> str:
    shown = repr(value)
    return f"{type(value).__name__} {shown if len(shown) <= 40 else shown[:37] + '...'}"


# ---------------------------------------------------------------- structural problems

def structural_problems(item: Item) -> list[Problem]:
    """Every problem that makes an item ungradeable, whatever the student; cheap to check."""
    out: list[Problem] = []
    if item.id == "sheet":
        out.append(Problem("id", "the id 'sheet' is reserved for the answer sheet's [sheet] table; pick another"))
    has_answer, has_expr = item.answer is not None, item.answer_expr is not None
    if has_answer == has_expr:
        out.append(Problem("answer", "give exactly one of answer (a literal key) or answer_expr (a template's key)"))
    if item.type in CHOICE_TYPES:
        if item.choices is None:
            out.append(Problem("type", f"a {item.type} item needs choices = [...]"))
        else:
            seen: dict[str, int] = {}
            for n, choice in enumerate(item.choices):
                if not choice.strip():
                    out.append(Problem("choices", f"choice {n + 1} is empty"))
                elif fold(choice) in seen:
                    out.append(Problem("choices", f"choice {n + 1} repeats choice {seen[fold(choice)] + 1}: {choice!r}"))
                seen.setdefault(fold(choice), n)
    elif item.choices is not None:
        out.append(Problem("choices", f"a {item.type} item has no choices; remove choices or change type"))
    for name, applies_to in (("tolerance", "number"), ("rel_tolerance", "number"), ("accept", "text")):
        if name in item.model_fields_set and item.type != applies_to:
            out.append(Problem(name, f"{name} applies to {applies_to} items only"))
    if has_answer and not has_expr and (item.choices is not None or item.type not in CHOICE_TYPES):
        try:
            normalize_key(item, item.answer)
        except ValueError as exc:
            out.append(Problem("answer", str(exc)))
    for accepted in item.accept:
        if not squash(accepted):
            out.append(Problem("accept", "accept lists an empty answer"))
    for name in item.variable_names:
        reason = _bad_name(name)
        if reason:
            out.append(Problem(name, f"{name!r} cannot name a parameter: {reason}"))
    for name in item.let:
        if name in item.params:
            out.append(Problem(name, f"{name!r} is both a parameter and a let value"))
    for name, param in item.params.items():
        out.extend(Problem(name, f"parameter {name}: {p}") for p in param.problems())
    for name, text in [*item.let.items(), ("answer_expr", item.answer_expr)]:
        if text is None:
            continue
        try:
            parse(text)
        except ExprError as exc:
            where = "answer_expr" if name == "answer_expr" else f"let {name}"
            out.append(Problem(name, f"{where}: {exc}"))
    return out


def _bad_name(name: str) -> str | None:
    if not name.isidentifier():
        return "not an identifier (letters, digits, _)"
    if name.startswith("_"):
        return "names may not start with '_'"
    if keyword.iskeyword(name) or name in RESERVED_NAMES:
        return "the name is reserved (a keyword or a function of the expression language)"
    return None


# ---------------------------------------------------------------- languages

def declared_languages(data: Any) -> tuple[str, ...]:
    """The languages a bank's parsed TOML declares (English alone when it declares none)."""
    langs = data.get("languages") if isinstance(data, dict) else None
    return tuple(x for x in langs if isinstance(x, str)) if isinstance(langs, list) else ("en",)


def bank_language_problems(data: dict[str, Any]) -> list[Problem]:
    """What is wrong with a bank's `languages` and `[zh]` (English is the base every bank has)."""
    langs = declared_languages(data)
    out: list[Problem] = []
    if "languages" in data:
        if "en" not in langs:
            out.append(Problem("languages", 'languages must list "en": English is every bank\'s base language'))
        if len(set(langs)) != len(langs):
            out.append(Problem("languages", "languages lists a language twice"))
    for lang in TRANSLATIONS:
        if lang in langs and not isinstance(data.get(lang), dict):
            out.append(Problem("languages", f'languages lists "{lang}" but the bank has no [{lang}] table with its '
                                            f"title; add [{lang}] title = \"...\" before the first [[items]]"))
    return out


def language_problems(item: Item, declared: tuple[str, ...] = ("en",)) -> list[Problem]:
    """Every problem between an item's languages: a translation must fit the English item exactly.

    Same number of choices (matched by position), same number of hints, the same placeholders
    in each template text, and a complete translation wherever the bank declares the language.
    `Problem.field` is a dotted path ("zh.choices") so the message points at the right line.
    """
    out: list[Problem] = []
    for lang in TRANSLATIONS:
        tr: ItemTranslation | None = getattr(item, lang)
        if tr is None:
            if lang in declared:
                out.append(Problem("id", f'the bank declares languages = [..., "{lang}"], so this item needs an '
                                         f"[items.{lang}] table (prompt, explanation, concept"
                                         + (", choices" if item.type in CHOICE_TYPES else "")
                                         + (", hints" if item.hints else "") + ") right after its English fields"))
            continue
        where = f"{lang}."
        if item.type in CHOICE_TYPES:
            if tr.choices is None:
                out.append(Problem(lang,
                                   f"{lang}.choices is missing: a {item.type} item's translation lists its "
                                   f"{len(item.choices or [])} choices in the English order"))
            elif item.choices is not None and len(tr.choices) != len(item.choices):
                out.append(Problem(where + "choices", f"{lang}.choices has {len(tr.choices)} choices but the English "
                                                      f"choices has {len(item.choices)}: give the same choices in the same "
                                                      "order (the answer is matched by position)"))
            if tr.choices is not None:
                seen: dict[str, int] = {}
                for n, choice in enumerate(tr.choices):
                    if not choice.strip():
                        out.append(Problem(where + "choices", f"{lang}.choices: choice {n + 1} is empty"))
                    elif fold(choice) in seen:
                        out.append(Problem(where + "choices", f"{lang}.choices: choice {n + 1} repeats choice "
                                                              f"{seen[fold(choice)] + 1}: {choice!r}"))
                    seen.setdefault(fold(choice), n)
        elif tr.choices is not None:
            out.append(Problem(where + "choices", f"a {item.type} item has no choices; remove {lang}.choices"))
        if len(tr.hints) != len(item.hints) and (tr.hints or lang in declared):
            out.append(Problem(where + "hints" if tr.hints else lang,
                               f"{lang}.hints has {len(tr.hints)} hint(s) but the English hints has {len(item.hints)}: "
                               "translate each rung of the ladder, in order"))
        if any(not h.strip() for h in tr.hints):
            out.append(Problem(where + "hints", f"{lang}.hints lists an empty hint"))
        if tr.accept and item.type != "text":
            out.append(Problem(where + "accept", f"{lang}.accept applies to text items only"))
        if any(not squash(a) for a in tr.accept):
            out.append(Problem(where + "accept", f"{lang}.accept lists an empty answer"))
        pairs = [(f, getattr(item, f), getattr(tr, f)) for f in TEMPLATE_FIELDS]
        if tr.choices is not None and item.choices is not None:
            pairs.append(("choices", " ".join(item.choices), " ".join(tr.choices)))
        for name, english, translated in pairs:
            en_ph = {(ph.name, ph.indexes) for ph in placeholders(english)}
            tr_ph = {(ph.name, ph.indexes) for ph in placeholders(translated)}
            if en_ph != tr_ph:
                shown = lambda phs: ", ".join(sorted("{" + n + "".join(f"[{i}]" for i in ix) + "}" for n, ix in phs)) or "none"
                out.append(Problem(where + name, f"{lang}.{name} uses the placeholders {shown(tr_ph)} but the English "
                                                 f"{name} uses {shown(en_ph)}: a translation shows the same values"))
    return out
