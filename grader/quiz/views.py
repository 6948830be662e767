"""An item as one student sees it, from a bank in the clear or a locked one: the one `prepare`.

Every reader of a bank (the sheet, scoring, `take`, the batch's answer descriptions) calls
this, and gets a PreparedItem whose `check(answer)` works the same either way (marks.py).
The choice lives here, above both kinds, because each kind knows only itself: the clear
variants (variants.py) know nothing of locks, and the locks (lock/open.py) build on the
variants; were the variants to dispatch to the locks, each would import the other.
"""

from __future__ import annotations

from typing import Any

from grader.quiz.model import Bank
from grader.quiz.variants import PreparedItem, prepare_clear


def prepare(bank: Any, item: Any, student: str, lang: str = "en") -> PreparedItem:
    """The student's variant of `item`, its texts in `lang` (English where untranslated), and its key:
    the value for a bank in the clear, a lock for a student release (whose texts are as released).
    TemplateError if the bank's template fails for this student."""
    if type(bank) is Bank:  # a course's bank (never locked), told apart without a failing attribute look-up
        return prepare_clear(bank, item, student, lang)
    if getattr(bank, "is_locked", False):  # a student release: no key, a lock instead
        from grader.quiz.lock.open import prepare_locked  # (its models, and pydantic, load only for a release)

        return prepare_locked(bank, item, student)
    return prepare_clear(bank, item, student, lang)
