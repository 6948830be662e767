"""Opening locks (the student's side): score an answer against a lock, open the explanation when right.

One answer checked is one slow hash (format 3: two scrypt lanes at once; two hashes only for a number within a hair of the
edge between its grids, forms.number_forms): the hash of the answer's
normalised form either reproduces a stored tag, which unwraps the content key
and opens the explanation, or it does not. A multiple-select answer is one form,
the set of chosen choices: only the exact right set matches, so partial credit
is left to the graded submission (docs/release.md says why).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Any, Mapping

from grader.quiz.answers import AnswerFormatError, is_blank, parse_answer
from grader.quiz.lock.cache import VerdictCache, answer_digest
from grader.quiz.lock.crypto import Kdf, derive_all, default_workers, lock_salt, tag_of, unseal, unwrap
from grader.quiz.lock.forms import answer_forms
from grader.quiz.lock.model import LockedBank, LockedItem, LockHeader, VariantLock
from grader.quiz.marks import Mark
from grader.quiz.model import Key
from grader.quiz.templates import fill
from grader.quiz.variants import PreparedItem, TemplateError, choice_order, values_at, variant_index

UNCHECKED = ("not checked here: this release holds no lock for your variant of this question "
             "(student {student!r}); it is graded when you submit")
NOT_EXACT = ("Not exactly the right choices. Only the exact set is checked here; partial credit (each right "
             "choice selected earns a share of the points, each wrong one costs as much) is given when your "
             "submission is graded. ")


@dataclass(frozen=True)
class LockedKey:
    """What a PreparedItem of a locked bank holds instead of its key: an AnswerKey (marks.py) whose
    `check` hashes the answer, where a key in the clear compares it."""

    header: LockHeader
    quiz_id: str
    item: LockedItem
    index: tuple[int, ...]
    lock: VariantLock | None = field(default=None)

    @property
    def salt(self) -> bytes:
        return lock_salt(self.header.salt, self.quiz_id, self.item.id, self.index)

    def digest(self, form: str) -> str:
        """The cache's name for this lock and `form` (cache.answer_digest)."""
        assert self.lock is not None
        return answer_digest(self.header, self.quiz_id, self.item.id, self.index, self.lock, form)

    def first_hash(self, answer: Key, cache: VerdictCache | None = None) -> list[tuple[bytes, str]]:
        """The (salt, form) pair `check` hashes first for `answer` (to compute them ahead, in parallel);
        nothing if the workspace's cache already knows it."""
        if self.lock is None:
            return []
        form = answer_forms(self.item.type, answer, self.item.grid)[0]
        if cache is not None and cache.get(self.header.salt, self.digest(form)) is not None:
            return []
        return [(self.salt, form)]

    def check(self, prepared: PreparedItem, answer: Key, cache: VerdictCache | None = None) -> Mark:
        """Score a parsed answer against the lock (right or not; the explanation when right).

        With a workspace `cache`, a form checked before is not hashed again, and what is hashed is kept."""
        item, points = self.item, self.item.points
        if self.lock is None:
            return Mark(0.0, "missing", UNCHECKED.format(student=prepared.student))
        kdf: Kdf = self.header.params
        salt = self.salt
        for form in answer_forms(item.type, answer, item.grid):
            digest = self.digest(form) if cache is not None else ""
            known = cache.get(self.header.salt, digest) if cache is not None else None
            if known is not None:
                if known.passed:
                    return Mark(points, "passed", "Right.", known.explanation)
                continue
            derived = kdf.derive(salt, form)
            tag = tag_of(derived)
            opened: Mark | None = None
            for entry in self.lock.answers:
                if hmac.compare_digest(tag, entry.tag):
                    key = unwrap(derived, entry.wrap)
                    opened = Mark(points, "passed", "Right.", unseal(self.lock.explanation, key, salt))
                    break
            if cache is not None:
                cache.put(self.header.salt, digest, opened is not None, opened.explanation if opened else None)
            if opened is not None:
                return opened
        if item.type == "multiple":
            return Mark(0.0, "failed", NOT_EXACT + prepared.concept)
        return Mark(0.0, "failed", "Not right. " + prepared.concept)


def warm(bank: LockedBank, answers: Mapping[str, Any], student: str, cache: VerdictCache | None = None) -> None:
    """Hash a sheet's answers ahead, every lane of every answer in one pool of threads (scrypt releases the
    GIL), so grading finds them derived; answers the workspace's cache knows are skipped."""
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
            jobs += prepared.key.first_hash(answer, cache)  # type: ignore[union-attr]
    derive_all(bank.lock.params, jobs, workers=default_workers())


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
