"""Score one answer, and grade a whole answer sheet into `ItemResult`s.

How one answer is checked against its key, in the clear or locked, is marks.py
(`prepared.check(answer)`); this module reads sheets and turns marks into results.
"""

from __future__ import annotations

import difflib
import shlex
from pathlib import Path
from typing import Any

from grader.quiz.answers import AnswerFormatError, how_to, is_blank, parse_answer
from grader.quiz.lock.cache import VerdictCache
from grader.quiz.marks import Mark, multiple_fraction, multiple_mark, says
from grader.quiz.model import Bank, Item, Key
from grader.quiz.sheet import AnswerSheet, read_sheet
from grader.quiz.variants import PreparedItem, TemplateError
from grader.quiz.views import prepare
from grader.results import ItemResult, Status

__all__ = ["Mark", "mark", "multiple_fraction", "multiple_mark", "grade_quiz", "grade_sheet", "missing_sheet",
           "unreadable_sheet"]

ANONYMOUS = "anonymous"
MAX_UNKNOWN_LISTED = 5  # unknown keys reported one by one; more are one summary item
SHEET_KEYS = ("quiz", "student")  # what the [sheet] table holds
UNKNOWN_ID = "_unknown"  # that item's id within the quiz: item ids start with a letter or digit, so never a real one


def mark(prepared: PreparedItem, answer: Key, cache: VerdictCache | None = None) -> Mark:
    """Score a parsed answer, whether its key is in the clear or locked (`PreparedItem.check`, marks.py).

    `cache`: the workspace's checked answers, for a locked item (lock/cache.py)."""
    return prepared.check(answer, cache)


# ---------------------------------------------------------------- grading a sheet

def _make_sheet_command(quiz_id: str, student: str | None, target: str) -> str:
    who = f" --student {shlex.quote(student)}" if student else ""
    return f"grade quiz sheet {quiz_id}{who} > {target}"


def _result(quiz_id: str, item_id: str, score: float, max_score: float, status: Status, feedback: str) -> ItemResult:
    return ItemResult(id=f"{quiz_id}.{item_id}", kind="quiz", score=score, max_score=max_score, status=status, feedback=feedback)


def missing_sheet(bank: Bank, target: str, student: str | None) -> list[ItemResult]:
    """Every item of `bank` at 0, "missing", with how to make the sheet."""
    feedback = f"no answer sheet: create {target} with `{_make_sheet_command(bank.id, student, target)}` and fill it in"
    return [_result(bank.id, item.id, 0.0, item.points, "missing", feedback) for item in bank.items]


def unreadable_sheet(bank: Bank, message: str) -> list[ItemResult]:
    """Every item of `bank` at 0, "error", with the one message saying why its sheet was not graded."""
    return [_result(bank.id, item.id, 0.0, item.points, "error", message) for item in bank.items]


def grade_quiz(bank: Bank, sheet_path: Path | None, student: str | None,
               cache_dir: Path | None = None, lang: str = "en") -> list[ItemResult]:
    """One ItemResult per item of `bank` (plus what the sheet holds that is not an item).

    A missing sheet scores 0 with instructions; invalid TOML raises InputError
    (the run cannot go on); anything else wrong with one answer costs that item only.
    `cache_dir` (a workspace's `.grade/`): where a locked bank's checked answers are
    kept, so the slow hash is paid once per answer (lock/cache.py); ignored otherwise.
    `lang`: the language of the concepts and verdicts in the feedback (English where the
    bank has no translation).
    """
    if sheet_path is None or not Path(sheet_path).exists():
        return missing_sheet(bank, str(sheet_path) if sheet_path is not None else f"answers/{bank.id}.toml", student)
    return grade_sheet(bank, read_sheet(Path(sheet_path)), student, cache_dir, lang)


def grade_sheet(bank: Bank, sheet: AnswerSheet, student: str | None, cache_dir: Path | None = None,
                lang: str = "en") -> list[ItemResult]:
    """Grade a parsed sheet, in time linear in its size (unknown keys are summarised past a few).

    `cache_dir` (a workspace's `.grade/`): where a locked bank's checked answers are kept
    (lock/cache.py); ignored for a bank in the clear. `lang`: as for `grade_quiz`.
    """
    who = student or sheet.student or ANONYMOUS
    cache = None
    if getattr(bank, "is_locked", False):  # a release's LockedBank (its models and pydantic load only then)
        from grader.quiz.lock.open import warm

        cache = VerdictCache(cache_dir) if cache_dir is not None else None
        warm(bank, sheet.data, who, cache)  # hash every answer the cache does not know ahead, in parallel
    notes = []
    if sheet.quiz is not None and sheet.quiz != bank.id:
        notes.append(f"(this sheet says quiz = {sheet.quiz!r}, graded as {bank.id!r})")
    letter_note = ""
    if student and sheet.student and sheet.student != student:
        letter_note = (f"(this sheet was made for student {sheet.student!r} but is graded for {student!r}, "
                       f"and choice letters and template numbers differ per student: make yours with "
                       f"`{_make_sheet_command(bank.id, student, sheet.path.as_posix())}`)")

    known = {item.id for item in bank.items}
    unknown = [key for key in sheet.data if key != "sheet" and key not in known]
    misplaced = [key for key in sheet.meta_keys if key not in SHEET_KEYS]
    results: list[ItemResult] = []
    for item in bank.items:
        per_student = bool(item.choices) or item.is_template
        result = _grade_item(bank, item, sheet, who, [*notes, letter_note] if per_student else notes, cache, lang)
        if result.status == "missing" and item.id not in sheet.data and (unknown or misplaced):
            result = _with_near_miss(result, item.id, sheet, unknown, misplaced)
        results.append(result)
    if cache is not None:
        cache.flush(keep_salts={bank.lock.salt})  # type: ignore[attr-defined]
    for key in misplaced[:MAX_UNKNOWN_LISTED]:
        close = difflib.get_close_matches(key, sorted(known), n=1)
        what = (f"{key!r} is inside the [sheet] table, so it is not read as an answer: move it above the "
                f"[sheet] line" + (f" (did you mean {close[0]!r}?)" if close and close[0] != key else "")
                if close else f"[sheet] holds only quiz and student; {key!r} there is not read"
                + "".join(f" (did you mean {m!r}?)" for m in difflib.get_close_matches(key, SHEET_KEYS, n=1)))
        results.append(_result(bank.id, f"sheet.{key}", 0.0, 0.0, "error", f"{sheet.where(key)}: {what}"))
    if len(unknown) <= MAX_UNKNOWN_LISTED:
        for key in unknown:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the items are: {', '.join(sorted(known))}"
            results.append(_result(bank.id, key, 0.0, 0.0, "error",
                                   f"{sheet.where(key)}: {key!r} is not an item of {bank.id}{hint}"))
    else:
        # One item for them all: a sheet of 24,000 made-up keys is one mistake, not 24,000 report items.
        examples = ", ".join(f"{_shown_key(k)} (line {sheet.line_of(k) or '?'})" for k in unknown[:3])
        results.append(_result(bank.id, UNKNOWN_ID, 0.0, 0.0, "error",
                               f"{sheet.path}: {len(unknown):,} unknown ids, e.g. {examples}; "
                               f"the items of {bank.id} are: {', '.join(sorted(known))}"))
    return results


def _with_near_miss(result: ItemResult, item_id: str, sheet: AnswerSheet, unknown: list[str],
                    misplaced: list[str]) -> ItemResult:
    """A missing answer's feedback, naming the key that was most likely meant for it (a typo, or an
    answer written under [sheet]), so the student sees why their answer was not read."""
    if item_id in misplaced:
        hint = f"; your `{item_id} = ...` is inside the [sheet] table ({sheet.where(item_id)}): move it above [sheet]"
    else:
        close = difflib.get_close_matches(item_id, unknown, n=1)
        if not close:
            return result
        hint = f"; {sheet.where(close[0])} has {close[0]!r}: a typo of {item_id!r}?"
    return result.model_copy(update={"feedback": result.feedback + hint})


def _shown_key(key: str) -> str:
    text = repr(key)
    return text if len(text) <= 40 else text[:37] + "..."


def _grade_item(bank: Bank, item: Item, sheet: AnswerSheet, student: str, notes: list[str], cache: Any = None,
                lang: str = "en") -> ItemResult:
    suffix = "".join(" " + n for n in notes if n)
    text = says(lang)
    try:
        prepared = prepare(bank, item, student, lang)
    except TemplateError as exc:
        return _result(bank.id, item.id, 0.0, item.points, "error",
                       f"this item could not be built for student {student!r} ({exc}); tell your instructor (`grade validate` shows it)")
    if item.id not in sheet.data:
        return _result(bank.id, item.id, 0.0, item.points, "missing",
                       text["add"].format(id=item.id, path=sheet.path, how=how_to(item.type, lang)) + suffix)
    raw: Any = sheet.data[item.id]
    if is_blank(raw):
        return _result(bank.id, item.id, 0.0, item.points, "missing", text["blank"].format(where=sheet.where(item.id)) + suffix)
    try:
        answer = parse_answer(prepared, raw)
    except AnswerFormatError as exc:
        return _result(bank.id, item.id, 0.0, item.points, "error", f"{sheet.where(item.id)}: {exc}" + suffix)
    if answer is None:
        return _result(bank.id, item.id, 0.0, item.points, "missing", text["blank"].format(where=sheet.where(item.id)) + suffix)
    outcome = mark(prepared, answer, cache)
    return _result(bank.id, item.id, outcome.score, item.points, outcome.status, outcome.feedback + suffix)

