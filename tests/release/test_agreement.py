"""A student's locked bank grades as the instructor's bank does.

The instructor's key scores full marks against the locks, wrong answers and a
blank sheet score 0, and random answers (numbers inside and outside the
tolerance, other spellings) get the same score and status from both, for every
student of the roster; a multiple-select answer that is not exactly right scores
0 locally ("failed": the lock holds the exact set only), its partial credit comes
with the graded submission. A student not on the roster gets the
same grade for everything the release could lock, and "not checked here" for the rest.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest


def _sheet(bank, student: str, answers: dict, path: Path) -> Path:
    from grader.quiz import render_sheet

    path.write_text(render_sheet(bank, student, answers), encoding="utf-8")
    return path


def _grades(bank, sheet: Path, student: str) -> dict[str, tuple[float, str]]:
    from grader.quiz import grade_quiz

    return {r.id: (r.score, r.status) for r in grade_quiz(bank, sheet, student)}


def _tolerance(item, key: float) -> float:
    return max(item.tolerance, item.rel_tolerance * abs(key))


def _random_answer(prepared, rng: random.Random):
    """A plausible answer as a sheet holds it, right or wrong, away from the number grid's edge zone."""
    from grader.quiz.answers import sheet_value
    from grader.quiz.text import format_shape

    item, key = prepared.item, prepared.key
    kind = item.type
    if kind == "single":
        return rng.choice(prepared.letters)
    if kind == "multiple":
        picked = [c for c in prepared.choices if rng.random() < 0.5] or [rng.choice(prepared.choices)]
        return sorted(prepared.letter_of(c) for c in picked)
    if kind == "truefalse":
        return rng.choice([key, not key, "yes" if key else "no"])
    if kind == "number":
        t = _tolerance(item, key)
        offset = rng.choice([0.0, 0.3, -0.4, 3.0, -5.0, 40.0]) * t
        return float(key) + offset
    if kind == "shape":
        if key == "error":
            return rng.choice(["error", "(3, 1)"])
        wrong = (key[0] + 1, *key[1:]) if key else (1,)
        return rng.choice([format_shape(key), "x".join(map(str, key)) if len(key) > 1 else format_shape(key),
                           format_shape(wrong), "error"])
    options = [str(key), str(key).upper(), " ".join(str(key)), *item.accept, "certainly-not-this"]
    return sheet_value(prepared, rng.choice(options))


def _wrong_answer(prepared):
    item, key = prepared.item, prepared.key
    if item.type == "single":
        return next(prepared.letter_of(c) for c in prepared.choices if c != key)
    if item.type == "multiple":
        wrong = [c for c in prepared.choices if c not in key]
        return sorted(prepared.letter_of(c) for c in wrong)
    if item.type == "truefalse":
        return not key
    if item.type == "number":
        return float(key) + 50 * _tolerance(item, key) + 1
    if item.type == "shape":
        return "(7, 7, 7)" if key != (7, 7, 7) else "error"
    return "certainly-not-this"


def test_the_instructor_key_scores_full_marks_for_every_rostered_student(instructor_banks, locked_banks, roster, tmp_path):
    from grader.quiz import grade_quiz, render_key

    for student in roster:
        for quiz_id, bank in instructor_banks.items():
            sheet = tmp_path / f"{quiz_id}-{student}.toml"
            sheet.write_text(render_key(bank, student), encoding="utf-8")
            results = grade_quiz(locked_banks[quiz_id], sheet, student)
            wrong = [(r.id, r.status, r.feedback) for r in results if r.status != "passed" or r.score != r.max_score]
            assert not wrong, f"{student}: {wrong[:3]}"
            assert sum(r.score for r in results) == bank.points


def test_wrong_answers_and_blank_sheets_score_zero(instructor_banks, locked_banks, roster, tmp_path):
    from grader.quiz import prepare

    for student in roster[:5]:
        for quiz_id, bank in instructor_banks.items():
            locked = locked_banks[quiz_id]
            wrong = {item.id: _wrong_answer(prepare(bank, item, student)) for item in bank.items}
            graded = _grades(locked, _sheet(bank, student, wrong, tmp_path / "wrong.toml"), student)
            assert all(score == 0 for score, _ in graded.values()), graded
            assert {status for _, status in graded.values()} == {"failed"}
            blank = _grades(locked, _sheet(bank, student, {}, tmp_path / "blank.toml"), student)
            assert all(score == 0 and status == "missing" for score, status in blank.values())


@pytest.mark.parametrize("seed", range(3))
def test_random_answers_grade_the_same_from_the_locks(instructor_banks, locked_banks, roster, tmp_path, seed):
    from grader.quiz import prepare

    rng = random.Random(seed)
    compared = partial = 0
    for student in roster:
        for quiz_id, bank in instructor_banks.items():
            answers = {item.id: _random_answer(prepare(bank, item, student), rng) for item in bank.items}
            sheet = _sheet(bank, student, answers, tmp_path / f"{quiz_id}.toml")
            expected, got = _grades(bank, sheet, student), _grades(locked_banks[quiz_id], sheet, student)
            assert got.keys() == expected.keys()
            for item_id, (score, status) in expected.items():
                if bank.item(item_id.split(".", 1)[1]).type == "multiple" and status != "passed":
                    # Locked as the exact set: no partial credit locally (the graded submission gives it).
                    expected[item_id] = score, status = 0.0, "failed"
                    partial += 1
                assert math.isclose(got[item_id][0], score) and got[item_id][1] == status, \
                    f"{student} {item_id}: locked {got[item_id]} vs instructor {(score, status)} for {answers[item_id.split('.', 1)[1]]!r}"
                compared += 1
    assert compared == 20 * sum(len(b.items) for b in instructor_banks.values()) and partial > 10


def test_a_student_off_the_roster_is_checked_where_the_release_can(instructor_banks, locked_banks, release, tmp_path):
    from grader.quiz import render_key

    _, summary = release
    roster_only = set(summary.roster_only)
    assert roster_only, "the course has parameterised items with too many variants to lock them all"
    student = "not-on-the-roster"
    for quiz_id, bank in instructor_banks.items():
        sheet = tmp_path / f"{quiz_id}.toml"
        sheet.write_text(render_key(bank, student), encoding="utf-8")
        for item_id, (score, status) in _grades(locked_banks[quiz_id], sheet, student).items():
            if item_id in roster_only:
                locked = locked_banks[quiz_id].item(item_id.split(".", 1)[1])
                from grader.quiz.lock import variant_index

                if locked.lock_for(variant_index(quiz_id, locked, student)) is None:
                    assert (score, status) == (0.0, "missing")
                    continue
            assert status == "passed", item_id


def test_unchecked_variants_say_so(locked_banks, tmp_path):
    from grader.quiz import grade_quiz, prepare
    from grader.quiz.answers import sheet_value
    from grader.quiz.lock import variant_index

    bank = locked_banks["week2"]
    item = bank.item("dot-shape")
    student = next(s for s in (f"x{n}" for n in range(100)) if item.lock_for(variant_index("week2", item, s)) is None)
    prepared = prepare(bank, item, student)
    assert "np.dot(a, b)" in prepared.prompt and "{" not in prepared.prompt  # the student sees their own numbers
    sheet = _sheet(bank, student, {"dot-shape": sheet_value(prepared, (2, 3))}, tmp_path / "s.toml")
    result = next(r for r in grade_quiz(bank, sheet, student) if r.id == "week2.dot-shape")
    assert (result.score, result.status) == (0.0, "missing")
    assert "not checked here" in result.feedback and "graded when you submit" in result.feedback


def test_take_shows_the_explanation_only_after_a_right_answer(instructor_banks, locked_banks, tmp_path):
    from grader.quiz import prepare, take_quiz
    from grader.quiz.answers import sheet_value

    student = "s004"
    bank, locked = instructor_banks["week3"], locked_banks["week3"]
    first, second = bank.items[0], bank.items[1]
    right = prepare(bank, first, student)
    wrong = prepare(bank, second, student)
    answers = iter([str(sheet_value(right, right.key)) if right.item.type != "multiple" else ", ".join(sheet_value(right, right.key)),
                    str(_wrong_answer(wrong)) if wrong.item.type != "multiple" else ", ".join(_wrong_answer(wrong))])
    lines: list[str] = []

    def ask(prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    outcome = take_quiz(locked, student, tmp_path / "week3.toml", input_func=ask, echo=lines.append)
    text = "\n".join(lines)
    assert "Right!" in text and f"Explanation: {right.explanation}" in text
    assert wrong.explanation not in text and wrong.concept in text
    assert outcome.answered == 2 and outcome.score == first.points


def test_the_key_command_refuses_in_a_release(locked_banks):
    from grader.errors import InputError
    from grader.quiz import render_key

    with pytest.raises(InputError, match="not part of a student release"):
        render_key(locked_banks["week1"], "s001")
