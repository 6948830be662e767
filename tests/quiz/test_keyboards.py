"""A sheet typed on a Chinese keyboard grades exactly as the same answers typed in ASCII.

Full-width letters, digits, brackets and commas, the ideographic space, 、 between the
letters of a multiple-select answer and 对/错 for true/false: every answer of every bank
(the course's and the bilingual fixture), right and wrong, both ways.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.quiz import grade_quiz, load_bank, load_banks, prepare, render_sheet
from grader.quiz.answers import AnswerFormatError, parse_answer
from keyboard_support import ascii_answer, chinese_answer, full_width
from support import ROOT

FIXTURE_BANK = Path(__file__).resolve().parent / "fixtures" / "bilingual" / "quizzes" / "bilingual.toml"
STUDENTS = ("s1", "s2", "s3")


def _banks():
    return [load_bank(FIXTURE_BANK), *load_banks(ROOT / "quizzes")]


def _sheet(path: Path, bank, student: str, answers: dict) -> Path:
    path.write_text(render_sheet(bank, student, answers), encoding="utf-8")
    return path


@pytest.mark.parametrize("bank", _banks(), ids=lambda b: b.id)
def test_a_chinese_keyboard_sheet_grades_as_the_ascii_one(bank, tmp_path: Path) -> None:
    for student in STUDENTS:
        # right answers (this student's key) and, for variety, another student's key (often wrong here)
        for source in (student, "someone-else"):
            keyed = {item.id: prepare(bank, item, source) for item in bank.items}
            mine = {item.id: prepare(bank, item, student) for item in bank.items}
            ascii_sheet, chinese_sheet = {}, {}
            for item in bank.items:
                key = keyed[item.id].key  # a choice's text, so another student's key is a real (maybe wrong) choice
                ascii_sheet[item.id] = ascii_answer(mine[item.id], key)
                chinese_sheet[item.id] = chinese_answer(mine[item.id], key)
            assert ascii_sheet != chinese_sheet or not bank.items
            a = grade_quiz(bank, _sheet(tmp_path / "ascii.toml", bank, student, ascii_sheet), student)
            c = grade_quiz(bank, _sheet(tmp_path / "chinese.toml", bank, student, chinese_sheet), student)
            assert [(r.id, r.score, r.status) for r in c] == [(r.id, r.score, r.status) for r in a]
            if source == student:
                assert all(r.status == "passed" for r in c), [r for r in c if r.status != "passed"]


@pytest.mark.parametrize("typed, meant", [
    ("（4，1）", "(4, 1)"), ("(4，1)", "(4, 1)"), ("（４，　１）", "(4, 1)"), ("【4，1】", "(4, 1)"), ("４×１", "(4, 1)"),
    ("（4，）", "(4,)"), ("ｅｒｒｏｒ", "error"),
])
def test_shapes_typed_on_a_chinese_keyboard(typed: str, meant: str) -> None:
    bank = load_bank(FIXTURE_BANK)
    p = prepare(bank, bank.item("flatten"), "s1")
    assert parse_answer(p, typed) == parse_answer(p, meant)


@pytest.mark.parametrize("word, value", [
    ("对", True), ("对的", True), ("是", True), ("是的", True), ("正确", True), ("对。", True), ("  对！ ", True),
    ("错", False), ("错的", False), ("否", False), ("错误", False), ("不对", False), ("不是", False), ("不正确", False),
    ("ｔｒｕｅ", True), ("ＮＯ", False), ("“对”", True),
])
def test_true_and_false_in_chinese(word: str, value: bool) -> None:
    bank = load_bank(FIXTURE_BANK)
    p = prepare(bank, bank.item("iterate"), "s1")
    assert parse_answer(p, word) is value


def test_an_unknown_word_is_still_refused_with_what_to_write() -> None:
    bank = load_bank(FIXTURE_BANK)
    p = prepare(bank, bank.item("iterate"), "s1")
    with pytest.raises(AnswerFormatError, match="对"):
        parse_answer(p, "也许")


@pytest.mark.parametrize("typed", ["Ａ", "ａ", "（ａ）", "ａ）", "ａ．"])
def test_choice_letters_typed_full_width(typed: str) -> None:
    bank = load_bank(FIXTURE_BANK)
    p = prepare(bank, bank.item("neuron-computes"), "s1")
    assert parse_answer(p, typed) == p.choices[0]


@pytest.mark.parametrize("typed", ["ａ、ｃ", "ａ，ｃ", "ａ；ｃ", "［“ａ”，“ｃ”］", "ａ　ｃ"])
def test_multiple_select_typed_full_width(typed: str) -> None:
    bank = load_bank(FIXTURE_BANK)
    p = prepare(bank, bank.item("more-data"), "s1")
    assert parse_answer(p, typed) == frozenset({p.choices[0], p.choices[2]})


def test_numbers_typed_full_width() -> None:
    bank = load_bank(FIXTURE_BANK)
    p = prepare(bank, bank.item("sigmoid-zero"), "s1")
    for typed in ("０．５", "0。5", full_width("5e-1"), "−0.5"):
        assert abs(abs(parse_answer(p, typed)) - 0.5) < 1e-12, typed


@pytest.mark.parametrize("line, marks", [
    ('iterate ＝ "对"', "＝ → ="), ("iterate = “对”", "“ → \", ” → \""), ('more-data = ["a"，"c"]', "， → ,"),
])
def test_toml_marks_typed_full_width_are_named(tmp_path: Path, line: str, marks: str) -> None:
    from grader.errors import InputError
    from grader.quiz.sheet import read_sheet

    sheet = tmp_path / "bilingual.toml"
    sheet.write_text(f'# my sheet\nflatten = "（3072，1）"\n{line}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_sheet(sheet)
    assert err.value.line == 3 and err.value.path == str(sheet)
    assert f"the line holds TOML marks typed full-width ({marks})" in err.value.message
    assert err.value.message.startswith("invalid TOML: ")
