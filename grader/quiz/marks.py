"""Checking one parsed answer against its key: one `check(prepared, answer, cache)` for every key.

A key is either in the clear (an instructor's course: the value itself) or locked (a student
release: lock/open.py's `LockedKey`, which hashes the answer). Both answer the same question
the same way, `key.check(prepared, answer, cache) -> Mark`, so scoring, `take` and the batch
never ask which kind they hold: `prepared.check(answer)` (variants.PreparedItem) picks the
key's own `check`, and a clear value is checked by `ClearKey` below.

Wrong answers get the item's `concept` as feedback, never the key: the sheet is graded on the
student's own machine, and a grader that printed keys would turn every quiz into a lookup.

Multiple select (docs/quiz-format.md): with k right choices, each right choice selected earns
1/k of the points and each wrong choice selected costs 1/k; the item never scores below 0.

This module sits below both the variants and the locks (it imports neither), which is what
lets each of them use `Mark` without importing the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from grader.quiz.model import Key
from grader.quiz.text import squash
from grader.results import Status, status_for

if TYPE_CHECKING:
    from grader.quiz.variants import PreparedItem


@dataclass(frozen=True)
class Mark:
    """The outcome of one answer: points, status and what to tell the student.

    `explanation` is set only for a locked item answered right (a student
    release opens the explanation with the right answer; see grader/quiz/lock/).
    """

    score: float
    status: Status
    feedback: str
    explanation: str | None = None


@runtime_checkable
class AnswerKey(Protocol):
    """What every key offers: score a parsed answer (`cache`: a locked key's checked answers, lock/cache.py)."""

    def check(self, prepared: "PreparedItem", answer: Key, cache: Any = None) -> Mark: ...


# What a mark says, in the student's language (the PreparedItem's: `prepare(..., lang)`).
FEEDBACK: dict[str, dict[str, str]] = {
    "en": {
        "right": "Right.",
        "wrong": "Not right. ",
        "partly:": "Partly right: ",
        "wrong:": "Not right: ",
        "selected": "{right} right choice{rs} and {wrong} wrong choice{ws} selected "
                    "(each right one earns 1/{k} of the points, each wrong one costs as much). ",
        "add": "not answered: add `{id} = ...` to {path} (write {how})",
        "blank": "not answered ({where})",
    },
    "zh": {
        "right": "正确。",
        "wrong": "不正确。",
        "partly:": "部分正确：",
        "wrong:": "不正确：",
        "selected": "选对 {right} 项、选错 {wrong} 项（每选对一项得 1/{k} 的分数，每选错一项扣同样多）。",
        "add": "未作答：在 {path} 中加上 `{id} = ...`（写法：{how}）",
        "blank": "未作答（{where}）",
    },
}


def says(lang: str) -> dict[str, str]:
    """The feedback texts in `lang` (English for any language without its own)."""
    return FEEDBACK["zh" if lang == "zh" else "en"]


def multiple_fraction(chosen: frozenset, key: frozenset) -> float:
    """The documented multiple-select rule: (right selected - wrong selected) / k, at least 0."""
    right = len(chosen & key)
    wrong = len(chosen - key)
    return max(0.0, (right - wrong) / len(key))


def multiple_mark(points: float, right: int, wrong: int, k: int, concept: str, lang: str = "en") -> Mark:
    """A multiple-select answer with `right` right and `wrong` wrong choices selected, of k right ones."""
    text = says(lang)
    score = round(points * max(0.0, (right - wrong) / k), 9)
    status = status_for(score, points)
    if status == "passed":
        return Mark(score, status, text["right"])
    summary = text["selected"].format(right=right, wrong=wrong, k=k, rs="s" if right != 1 else "", ws="s" if wrong != 1 else "")
    return Mark(score, status, (text["partly:"] if status == "partial" else text["wrong:"]) + summary + concept)


def accepted_texts(prepared: "PreparedItem") -> set[str]:
    """Every right `text` answer, normalised as answers are (case and whitespace ignored)."""
    item = prepared.item
    extra = item.accepted() if hasattr(item, "accepted") else item.accept
    return {squash(str(prepared.key)), *(squash(a) for a in extra)}


def is_right(prepared: "PreparedItem", answer: Key) -> bool:
    """Whether a parsed answer matches a clear key (multiple select: exactly the right set)."""
    item, key = prepared.item, prepared.key
    if item.type == "number":
        return math.isclose(float(answer), float(key), rel_tol=item.rel_tolerance, abs_tol=item.tolerance)  # type: ignore[arg-type]
    if item.type == "text":
        return squash(str(answer)) in accepted_texts(prepared)
    return answer == key


class ClearKey:
    """A key in the clear (the value itself, `prepared.key`): compared, with partial credit for multiple select."""

    def check(self, prepared: "PreparedItem", answer: Key, cache: Any = None) -> Mark:
        """Score a parsed answer; `cache` is for locked keys and is not used here."""
        points = prepared.item.points
        if prepared.item.type == "multiple":
            key: frozenset = prepared.key  # type: ignore[assignment]
            return multiple_mark(points, len(answer & key), len(answer - key), len(key),  # type: ignore[operator]
                                 prepared.concept, prepared.lang)
        if is_right(prepared, answer):
            return Mark(points, "passed", says(prepared.lang)["right"])
        return Mark(0.0, "failed", says(prepared.lang)["wrong"] + prepared.concept)


CLEAR = ClearKey()


# What a key in the clear is (normalize_key's results): answered by CLEAR without looking further.
_CLEAR_TYPES = frozenset({str, bool, int, float, tuple, frozenset})


def answer_key(key: Any) -> AnswerKey:
    """The key's own checker: a locked key is one; a clear value is checked by `ClearKey`.

    What `isinstance(key, AnswerKey)` decides (a `check` attribute that is not None), without
    it: a runtime-checkable Protocol's isinstance walks the protocol's members on every call,
    and this runs for every answer of every sheet.
    """
    if type(key) in _CLEAR_TYPES:
        return CLEAR
    return key if getattr(key, "check", None) is not None else CLEAR
