"""Scoring answers and grading whole sheets, including every kind of bad sheet."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.errors import InputError
from grader.quiz import grade_quiz, prepare, render_key, render_sheet
from grader.quiz.scoring import mark, multiple_fraction
from grader.quiz.text import format_number, format_shape


def _by_id(results) -> dict:
    return {r.id.split(".", 1)[1]: r for r in results}


def _key_sheet(bank, student: str, **changes) -> str:
    """The key for `student` with some answers replaced (values as TOML text)."""
    lines = render_key(bank, student).splitlines()
    for item_id, value in changes.items():
        lines = [f"{item_id} = {value}" if line.startswith(f"{item_id} = ") else line for line in lines]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the key, the blank sheet, no sheet

@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and "\x00" not in s))
def test_key_scores_full_marks_for_any_student(demo_bank, tmp_path_factory, student: str) -> None:
    path = tmp_path_factory.mktemp("key") / "demo.toml"
    path.write_text(render_key(demo_bank, student), encoding="utf-8")
    results = grade_quiz(demo_bank, path, None)  # the student comes from the sheet's [sheet] table
    assert [r.status for r in results] == ["passed"] * len(demo_bank.items)
    assert sum(r.score for r in results) == demo_bank.points


def test_key_scores_full_marks_for_a_hundred_students(demo_bank, write_sheet) -> None:
    for n in range(100):
        path = write_sheet(render_key(demo_bank, f"student{n}"))
        assert all(r.status == "passed" for r in grade_quiz(demo_bank, path, f"student{n}"))


def test_blank_sheet_scores_zero_as_missing(demo_bank, write_sheet) -> None:
    sheet = render_sheet(demo_bank, "s1")
    data = tomllib.loads(sheet)
    assert data["sheet"] == {"quiz": "demo", "student": "s1"}
    assert all(data[item.id] == "" for item in demo_bank.items)
    results = grade_quiz(demo_bank, write_sheet(sheet), "s1")
    assert {r.status for r in results} == {"missing"}
    assert sum(r.score for r in results) == 0
    assert all(r.id.startswith("demo.") and r.kind == "quiz" for r in results)


@pytest.mark.parametrize("student", [None, "s1"])
def test_no_sheet_says_which_file_to_create(demo_bank, tmp_path, student) -> None:
    for path in (None, tmp_path / "answers" / "demo.toml"):
        results = grade_quiz(demo_bank, path, student)
        assert len(results) == len(demo_bank.items)
        assert all(r.status == "missing" and r.score == 0 for r in results)
        assert "grade quiz sheet demo" in results[0].feedback
        assert "demo.toml" in results[0].feedback


# ---------------------------------------------------------------- wrong answers teach, never tell

def test_wrong_answers_get_the_concept_and_never_the_key(demo_bank, write_sheet) -> None:
    student = "s7"
    p = {item.id: prepare(demo_bank, item, student) for item in demo_bank.items}
    wrong_letter = next(l for l, c in p["tanh-centres"].lettered() if c != p["tanh-centres"].key)
    wrong_shape = "(1, 2, 3)"
    sheet = _key_sheet(demo_bank, student, **{
        "tanh-centres": f'"{wrong_letter}"', "iterate": "true", "sigmoid-zero": "0.7", "flatten": f'"{wrong_shape}"',
        "activation-name": '"tanh"', "w-shape": f'"{wrong_shape}"', "broadcast": f'"{wrong_shape}"', "loss": "99",
    })
    results = _by_id(grade_quiz(demo_bank, write_sheet(sheet), student))
    for item_id in ("tanh-centres", "iterate", "sigmoid-zero", "flatten", "activation-name", "w-shape", "broadcast", "loss"):
        r, prepared = results[item_id], p[item_id]
        assert r.status == "failed" and r.score == 0, item_id
        assert prepared.concept in r.feedback
        key = prepared.key
        shown = (format_shape(key) if prepared.item.type == "shape" else
                 format_number(key) if prepared.item.type == "number" else str(key))
        assert shown not in r.feedback, item_id
        assert prepared.explanation not in r.feedback  # the explanation may reveal the answer


# ---------------------------------------------------------------- each type's scoring

def test_multiple_select_rule_from_the_docs(demo_bank, write_sheet) -> None:
    p = prepare(demo_bank, demo_bank.item("more-data"), "s1")
    right = sorted(p.letter_of(c) for c in p.key)
    wrong = sorted(l for l in p.letters if l not in right)
    cases = {
        str(right): (2.0, "passed"),
        str(right[:1]): (1.0, "partial"),
        str(right[:1] + wrong[:1]): (0.0, "failed"),
        str(right + wrong[:1]): (1.0, "partial"),
        str(list(p.letters)): (0.0, "failed"),  # everything selected earns nothing
        str(wrong): (0.0, "failed"),  # never below zero
    }
    for answer, (score, status) in cases.items():
        sheet = _key_sheet(demo_bank, "s1", **{"more-data": answer.replace("'", '"')})
        r = _by_id(grade_quiz(demo_bank, write_sheet(sheet), "s1"))["more-data"]
        assert (r.score, r.status) == (score, status), answer
        if status != "passed":
            assert p.concept in r.feedback


@settings(max_examples=100, deadline=None)
@given(st.sets(st.integers(0, 7), min_size=1), st.sets(st.integers(0, 7)))
def test_multiple_select_score_stays_within_bounds(key: set, chosen: set) -> None:
    fraction = multiple_fraction(frozenset(chosen), frozenset(key))
    assert 0.0 <= fraction <= 1.0
    assert (fraction == 1.0) == (chosen == key)
    expected = max(0.0, (len(chosen & key) - len(chosen - key)) / len(key))
    assert fraction == pytest.approx(expected)


@settings(max_examples=100, deadline=None)
@given(st.floats(-0.999, 0.999))
def test_number_tolerance(demo_bank, offset: float) -> None:
    """sigmoid-zero has tolerance = 0.001 and the default rel_tolerance 1e-6: inside passes, outside fails."""
    p = prepare(demo_bank, demo_bank.item("sigmoid-zero"), "s1")
    assert mark(p, 0.5 + offset * 0.001).status == "passed"
    assert mark(p, 0.5 + 0.0011 + abs(offset)).status == "failed"
    assert mark(p, 0.5 - 0.0011 - abs(offset)).status == "failed"


def test_relative_tolerance(demo_bank) -> None:
    p = prepare(demo_bank, demo_bank.item("loss"), "s1")  # rel_tolerance = 0.01
    key = float(p.key)
    assert mark(p, key * 1.009).status == "passed"
    assert mark(p, key * 1.02).status == "failed"


def test_text_answers_ignore_case_and_whitespace_and_accept_alternatives(demo_bank) -> None:
    p = prepare(demo_bank, demo_bank.item("activation-name"), "s1")
    for answer in ("relu", " R e L U ", "Rectified Linear Unit", "rectifiedlinearunit"):
        assert mark(p, answer).status == "passed", answer
    assert mark(p, "sigmoid").status == "failed"


@pytest.mark.parametrize("value", ['"(3072, 1)"', '"(3072,1)"', '"3072x1"', '"[3072, 1]"', "[3072, 1]"])
def test_shape_notations_score_alike(demo_bank, write_sheet, value) -> None:
    sheet = _key_sheet(demo_bank, "s1", flatten=value)
    assert _by_id(grade_quiz(demo_bank, write_sheet(sheet), "s1"))["flatten"].status == "passed"


# ---------------------------------------------------------------- bad sheets

def test_invalid_toml_raises_input_error_with_the_line(demo_bank, write_sheet) -> None:
    path = write_sheet('iterate = true\nflatten = "(1, 2)\nloss = 3\n')
    with pytest.raises(InputError) as excinfo:
        grade_quiz(demo_bank, path, "s1")
    assert excinfo.value.line == 2
    assert str(excinfo.value).startswith(f"{path}:2: invalid TOML")


def test_malformed_answers_cost_only_their_item(demo_bank, write_sheet) -> None:
    sheet = _key_sheet(demo_bank, "s1", **{
        "sigmoid-zero": '"four"',
        "tanh-centres": '"q"',
        "flatten": "{ rows = 3072 }",
        "iterate": "2",
    })
    path = write_sheet(sheet)
    results = _by_id(grade_quiz(demo_bank, path, "s1"))
    line_of = {line.split(" = ")[0]: n for n, line in enumerate(sheet.splitlines(), 1) if " = " in line}
    expected = {"sigmoid-zero": "is not a number", "tanh-centres": "not a letter on this sheet",
                "flatten": "found a table", "iterate": "not true or false"}
    for item_id, message in expected.items():
        r = results[item_id]
        assert r.status == "error" and r.score == 0, item_id
        assert f"{path}:{line_of[item_id]}:" in r.feedback
        assert message in r.feedback
        assert "write" in r.feedback  # and says what to write instead
    others = [r for i, r in results.items() if i not in expected]
    assert others and all(r.status == "passed" for r in others)


def test_a_table_section_instead_of_a_value(demo_bank, write_sheet) -> None:
    path = write_sheet('iterate = false\n\n[loss]\nvalue = 1.6\n')
    results = _by_id(grade_quiz(demo_bank, path, "s1"))
    assert results["loss"].status == "error"
    assert f"{path}:3:" in results["loss"].feedback
    assert results["iterate"].status == "passed"


def test_unknown_item_id_gets_its_own_result_with_a_suggestion(demo_bank, write_sheet) -> None:
    path = write_sheet('iterate = false\ntanh-centers = "b"\nzzz = 1\n')
    results = grade_quiz(demo_bank, path, "s1")
    extra = _by_id(results)
    assert len(results) == len(demo_bank.items) + 2
    r = extra["tanh-centers"]
    assert (r.status, r.score, r.max_score, r.id) == ("error", 0.0, 0.0, "demo.tanh-centers")
    assert f"{path}:2:" in r.feedback and "did you mean 'tanh-centres'?" in r.feedback
    assert f"{path}:3:" in extra["zzz"].feedback
    assert extra["iterate"].status == "passed"
    assert extra["tanh-centres"].status == "missing"


def test_sheet_made_for_another_student_is_graded_but_flagged(demo_bank, write_sheet) -> None:
    path = write_sheet(render_key(demo_bank, "alice"))
    results = _by_id(grade_quiz(demo_bank, path, "bob"))
    assert "made for student 'alice'" in results["tanh-centres"].feedback
    assert "made for student" not in results["iterate"].feedback  # letters matter for choice items only
    assert results["iterate"].status == "passed"


def test_student_defaults_to_the_sheet_then_anonymous(demo_bank, write_sheet) -> None:
    key = render_key(demo_bank, "anonymous")
    without_meta = key[: key.index("[sheet]")]
    assert all(r.status == "passed" for r in grade_quiz(demo_bank, write_sheet(without_meta), None))
