"""`grade validate` for quiz banks: every problem of every bank at once, each with file and line.

Loading a bank (`load_bank`) stops at the first structural problem because a
broken bank cannot be graded. Validation goes further, for the instructor:
it keeps going after a bad item, instantiates every template for 500
students (a key that fails for one student in 500 would otherwise surface
during someone's exam), and checks that no `concept` gives the answer away.
"""

from __future__ import annotations

import math
import random
import re
from pathlib import Path
from typing import Any, Iterator

from grader.errors import InputError
from grader.quiz.loader import bank_files, read_bank
from grader.quiz.lock.model import LockedItem, locked_item_problems
from grader.quiz.model import TEMPLATE_FIELDS, TRANSLATIONS, Item, Key, Problem, language_problems, structural_problems
from grader.quiz.templates import fill, placeholders, resolve
from grader.quiz.text import fold, format_number, format_shape, squash
from grader.quiz.variants import TemplateError, compute_key, draw_params, seed_for, variant_values

SEEDS = 500
MIN_VARIANTS = 5
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")


def validation_students(count: int = SEEDS) -> list[str]:
    """The student ids every template is tried with."""
    return [f"validate-{n}" for n in range(count)]


def validate_quizzes(quizzes_dir: Path) -> list[InputError]:
    """Every problem in `quizzes_dir/*.toml`, each an InputError with file and line; [] when all is well."""
    directory = Path(quizzes_dir)
    if not directory.is_dir():
        return [InputError("quizzes directory not found", directory)]
    errors: list[InputError] = []
    first_file_of: dict[str, Path] = {}
    for path in bank_files(directory):
        report = read_bank(path)
        found = list(report.errors)
        bank_id = report.data.get("id")
        if report.source is not None and isinstance(bank_id, str):
            line = report.source.top_line("id")
            if bank_id != path.stem:
                found.append(InputError(f"bank id {bank_id!r} must equal the file name {path.stem!r}", path, line))
            if bank_id in first_file_of:
                found.append(InputError(f"bank id {bank_id!r} is also used by {first_file_of[bank_id]}", path, line))
            first_file_of.setdefault(bank_id, path)
        quiz_id = bank_id if isinstance(bank_id, str) else path.stem
        for index, item in report.items:
            found.extend(report.item_error(index, item.id, p) for p in item_problems(quiz_id, item))
        errors.extend(sorted(found, key=lambda e: e.line or 0))
    return errors


def item_problems(quiz_id: str, item: Item, students: list[str] | None = None) -> list[Problem]:
    """Problems beyond the structural ones: placeholders, then (if the item is sound) templates and concept leaks."""
    if isinstance(item, LockedItem):  # a student release: no key to check, only that every variant can be shown
        return locked_item_problems(quiz_id, item, students or validation_students())
    problems = list(_placeholder_problems(item))
    for choice in item.choices or []:
        if re.fullmatch(r"\s*[A-Za-z]\s*", choice):
            problems.append(Problem("choices", f"choice {choice!r} is a single letter, which students' answer letters "
                                               "would shadow; spell it out (e.g. 'the bias b')"))
    if problems or structural_problems(item):
        return problems  # a key cannot be computed reliably; structural problems are reported by read_bank
    if language_problems(item):
        return problems  # reported by read_bank; a translation that does not fit cannot be checked for leaks
    if not item.is_template:
        key = compute_key(item, {})
        leak = concept_leak(item, item.concept, key)
        if leak:
            problems.append(Problem("concept", f"the concept gives the answer away ({leak}); teach the idea without it"))
        problems += _translated_leaks(item, {}, key, "")
        return problems
    prompts: set[str] = set()
    leak_reported = False
    for student in students or validation_students():
        try:
            values = variant_values(quiz_id, item, student)
            key = compute_key(item, values)
        except TemplateError as exc:
            shown = ", ".join(f"{k}={v!r}" for k, v in values_for_message(quiz_id, item, student).items())
            problems.append(Problem(exc.field, f"{exc} (for student {student!r}: {shown})"))
            return problems
        bad_ph = _unresolvable(item, values)
        if bad_ph:
            problems.append(Problem(bad_ph[0], f"{bad_ph[1]} (for student {student!r})"))
            return problems
        prompts.add(fill(item.prompt, values))
        if not leak_reported:
            leak = concept_leak(item, fill(item.concept, values), key)
            if leak:
                problems.append(Problem("concept", f"the concept gives the answer away for student {student!r} ({leak}); "
                                                   "teach the idea without it"))
                leak_reported = True
            translated = _translated_leaks(item, values, key, f" for student {student!r}")
            if translated:
                problems += translated
                leak_reported = True
    if len(prompts) < MIN_VARIANTS:
        problems.append(Problem(
            "params" if item.params else "answer_expr",
            f"only {len(prompts)} distinct variant(s) over {len(students or validation_students())} students; a template "
            f"needs at least {MIN_VARIANTS} (widen the params and show them in the prompt with {{name}})"))
    return problems


def _translated_leaks(item: Item, values: dict[str, Any], key: Key, who: str) -> list[Problem]:
    """A translated concept must not give the answer away either (in its own language's choices)."""
    out = []
    for lang in TRANSLATIONS:
        tr = getattr(item, lang)
        if tr is None:
            continue
        shown: Any = key
        if item.type in ("single", "multiple") and tr.choices and item.choices:
            position = {c: tr.choices[n] for n, c in enumerate(item.choices)}
            shown = position[key] if isinstance(key, str) else frozenset(position[k] for k in key)  # type: ignore[union-attr]
        leak = concept_leak(item, fill(tr.concept, values), shown)
        if leak is None and shown != key:
            leak = concept_leak(item, fill(tr.concept, values), key)
        if leak:
            out.append(Problem(f"{lang}.concept", f"{lang}.concept gives the answer away{who} ({leak}); "
                                                  "teach the idea without it"))
    return out


def values_for_message(quiz_id: str, item: Item, student: str) -> dict[str, Any]:
    """The drawn parameters of a failing variant, to reproduce it."""
    return draw_params(item, random.Random(seed_for(student, quiz_id, item.id)))


def _placeholder_problems(item: Item) -> Iterator[Problem]:
    names = set(item.variable_names)
    for field in TEMPLATE_FIELDS:
        for ph in placeholders(getattr(item, field)):
            unknown = [n for n in (ph.name, *ph.indexes) if n.isidentifier() and n not in names]
            if unknown:
                known = ", ".join(sorted(names)) or "none: this item has no params"
                yield Problem(field, f"{field}: {ph.text} names unknown parameter {unknown[0]!r} (known: {known}; "
                                     "write {{ and }} for literal braces)")
            elif any(not (i.isidentifier() or re.fullmatch(r"-?\d+", i)) for i in ph.indexes):
                yield Problem(field, f"{field}: {ph.text}: an index in a placeholder must be a number or a parameter name")


def _unresolvable(item: Item, values: dict[str, Any]) -> tuple[str, str] | None:
    for field in TEMPLATE_FIELDS:
        for ph in placeholders(getattr(item, field)):
            try:
                resolve(ph, values)
            except ValueError as exc:
                return field, f"{field}: {exc}"
    return None


# ---------------------------------------------------------------- concept leaks

def concept_leak(item: Item, concept: str, key: Key) -> str | None:
    """What in `concept` spells out the key, or None; a concept should teach, not answer."""
    if item.type in ("single", "multiple"):
        texts = [key] if isinstance(key, str) else sorted(key)  # type: ignore[arg-type]
        for text in texts:
            if _contains_phrase(concept, text):
                return f"it contains the right choice {text!r}"
        return None
    if item.type == "number":
        for token in _NUMBER.findall(concept):
            value = float(token.rstrip("."))
            if math.isclose(value, float(key), rel_tol=item.rel_tolerance, abs_tol=item.tolerance):  # type: ignore[arg-type]
                return f"it contains the number {format_number(key)}"  # type: ignore[arg-type]
        return None
    if item.type == "shape":
        if key == "error" or not key:
            return None
        dims = [str(d) for d in key]  # type: ignore[union-attr]
        squashed = squash(concept)
        for form in (format_shape(key), "[" + ",".join(dims) + "]"):  # type: ignore[arg-type]
            if squash(form) in squashed:
                return f"it contains the shape {format_shape(key)}"  # type: ignore[arg-type]
        if len(dims) > 1 and re.search(rf"(?<!\d){'x'.join(dims)}(?!\d)", squashed):
            return f"it contains the shape {'x'.join(dims)}"
        return None
    if item.type == "text":
        for text in [str(key), *item.accepted()]:
            if _contains_phrase(concept, text):
                return f"it contains the answer {text!r}"
    return None


def _contains_phrase(text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in `text` as whole words, ignoring case and spacing."""
    words = fold(phrase).split(" ")
    if not words or not words[0]:
        return False
    # Word boundaries where the phrase starts or ends with a letter of a spaced script; Chinese has
    # no spaces, so a Chinese phrase counts wherever it stands ("答案是修正线性单元" holds 修正线性单元).
    head = r"(?<!\w)" if words[0][0].isascii() else ""
    tail = r"(?!\w)" if words[-1][-1].isascii() else ""
    pattern = head + r"\s*".join(re.escape(w) for w in words) + tail
    return re.search(pattern, fold(text)) is not None
