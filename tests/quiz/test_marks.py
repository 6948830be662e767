"""One way to check an answer: `prepared.check(answer)`, whether the key is in the clear or locked.

An instructor's course holds keys in the clear; a student release holds locks. Scoring, `take`
and the batch call the same `check` on either (grader/quiz/marks.py), so the two must agree on
what is right: every right answer passes both ways with the same points, every wrong one fails
both ways with the concept (never the key) as its feedback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.quiz import load_bank, prepare
from grader.quiz.lock import Kdf, lock_bank
from grader.quiz.marks import CLEAR, AnswerKey, answer_key
from grader.quiz.scoring import mark

KDF = Kdf(n=16, r=1, p=1, lanes=2)  # cheap scrypt: these tests are about checking, not hashing cost
STUDENTS = ("s001", "s002")


@pytest.fixture(scope="module")
def banks(tmp_path_factory, demo_bank) -> tuple:
    """(the demo bank in the clear, the same bank locked as a release holds it)."""
    bank = demo_bank
    text, _ = lock_bank(bank, salt_hex="cd" * 16, kdf=KDF)
    path: Path = tmp_path_factory.mktemp("release") / "demo.toml"
    path.write_text(text, encoding="utf-8")
    return bank, load_bank(path)


def wrong_answer(prepared):
    """An answer of the item's type that is not its key."""
    item, key = prepared.item, prepared.key
    if item.type == "single":
        return next(c for c in prepared.choices if c != key)
    if item.type == "multiple":
        return frozenset(c for c in prepared.choices if c not in key)
    if item.type == "truefalse":
        return not key
    if item.type == "number":
        return float(key) * 3 + 1000
    if item.type == "shape":
        return (7, 7, 7) if key != (7, 7, 7) else "error"
    return "certainly not the answer"


@pytest.mark.parametrize("student", STUDENTS)
def test_a_clear_key_and_its_lock_check_answers_through_one_interface_and_agree(banks, student):
    bank, locked = banks
    for item, litem in zip(bank.items, locked.items):
        clear, lp = prepare(bank, item, student), prepare(locked, litem, student)
        assert answer_key(clear.key) is CLEAR and isinstance(lp.key, AnswerKey) and answer_key(lp.key) is lp.key

        right_clear, right_locked = clear.check(clear.key), lp.check(clear.key)
        assert (right_clear.status, right_clear.score) == (right_locked.status, right_locked.score) == ("passed", item.points), item.id
        assert right_clear.explanation is None and right_locked.explanation == clear.explanation, item.id

        wrong = wrong_answer(clear)
        wrong_clear, wrong_locked = clear.check(wrong), lp.check(wrong)
        assert (wrong_clear.status, wrong_clear.score) == (wrong_locked.status, wrong_locked.score) == ("failed", 0.0), item.id
        assert wrong_clear.feedback.endswith(clear.concept) and wrong_locked.feedback.endswith(lp.concept), item.id
        assert wrong_locked.explanation is None
        if item.type != "multiple":  # multiple select: the clear key says how many were right, a lock cannot
            assert wrong_clear.feedback == wrong_locked.feedback, item.id

        # scoring's `mark` is the same check, not a second path
        assert mark(clear, wrong) == wrong_clear and mark(lp, clear.key) == right_locked


def test_a_partly_right_multiple_select_earns_partial_credit_in_the_clear_and_is_exact_only_when_locked(banks):
    bank, locked = banks
    index = next(n for n, item in enumerate(bank.items) if item.type == "multiple")
    clear, lp = prepare(bank, bank.items[index], "s001"), prepare(locked, locked.items[index], "s001")
    key = clear.key
    wrong = next(c for c in clear.choices if c not in key)
    partly = frozenset(key) | {wrong}
    got = clear.check(partly)
    assert got.status == ("partial" if len(key) > 1 else "failed")
    assert got.score == pytest.approx(clear.item.points * max(0.0, (len(key) - 1) / len(key)))
    assert lp.check(partly).status == "failed" and "exact set" in lp.check(partly).feedback


def test_every_clear_value_is_checked_by_the_clear_key():
    for value in ("a choice", frozenset({"a", "b"}), 0.5, 3, True, (3, 1), "error"):
        assert answer_key(value) is CLEAR
