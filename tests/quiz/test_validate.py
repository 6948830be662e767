"""`validate_quizzes` finds every listed mistake, each with its file and line; `load_bank` stops at the first."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.errors import InputError
from grader.quiz import load_bank, load_banks, validate_quizzes

COURSE = Path(__file__).resolve().parent / "fixtures" / "course"

HEADER = 'id = "{id}"\ntitle = "Test bank"\nweek = 2\n'

SINGLE = '''
[[items]]
id = "pick"
type = "single"
prompt = "Which activation suits a binary output unit?"
choices = ["sigmoid", "relu", "tanh"]
answer = "sigmoid"
explanation = "sigmoid maps to (0, 1), read as a probability."
concept = "Which function's outputs can be read as a probability?"
'''

TEMPLATE = '''
[[items]]
id = "rows"
type = "number"
prompt = "layer_dims = {dims}. How many rows does W{l} have?"
answer_expr = "dims[l]"
explanation = "W[l] has n[l] rows."
concept = "Rows of W[l] correspond to the units of layer l."
[items.params]
dims = { choice = [[4, 4, 3, 1], [5, 3, 2, 1], [7, 6, 5, 9], [8, 2, 11, 1]] }
l = { range = [1, 3] }
'''


def _bank(tmp_path: Path, body: str, name: str = "wk", bank_id: str | None = None) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(HEADER.format(id=bank_id or name) + body, encoding="utf-8")
    return path


def _line(path: Path, text: str) -> int:
    """The 1-based line of the first line containing `text`."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _errors(tmp_path: Path) -> list[InputError]:
    return validate_quizzes(tmp_path)


def _only(tmp_path: Path) -> InputError:
    errors = _errors(tmp_path)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_fixture_course_is_valid() -> None:
    assert validate_quizzes(COURSE / "quizzes") == []


def test_a_sound_bank_has_no_problems(tmp_path: Path) -> None:
    _bank(tmp_path, SINGLE + TEMPLATE)
    assert _errors(tmp_path) == []


def test_invalid_toml(tmp_path: Path) -> None:
    path = _bank(tmp_path, SINGLE + 'oops = "unterminated\n')
    error = _only(tmp_path)
    assert (error.path, error.line) == (str(path), _line(path, "oops"))
    assert "invalid TOML" in error.message


def test_unknown_fields_suggest_the_right_name(tmp_path: Path) -> None:
    path = _bank(tmp_path, SINGLE.replace("concept =", "hint = []\nconcept =") + TEMPLATE.replace("range =", "rnage ="))
    errors = _errors(tmp_path)
    messages = {e.line: e.message for e in errors}
    assert "unknown field 'hint'; did you mean 'hints'?" in messages[_line(path, "hint = []")]
    assert "unknown field 'rnage'; did you mean 'range'?" in messages[_line(path, "rnage")]


def test_unknown_top_level_field(tmp_path: Path) -> None:
    path = _bank(tmp_path, 'colour = "red"\n' + SINGLE)
    error = _only(tmp_path)
    assert error.line == _line(path, "colour") and "unknown field 'colour'" in error.message


def test_duplicate_item_ids(tmp_path: Path) -> None:
    path = _bank(tmp_path, SINGLE + SINGLE)
    error = _only(tmp_path)
    lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line == 'id = "pick"']
    assert error.line == lines[1]
    assert f"duplicate item id 'pick' (first used on line {lines[0]})" in error.message


def test_bank_id_must_equal_the_file_name(tmp_path: Path) -> None:
    path = _bank(tmp_path, SINGLE, name="week2", bank_id="week3")
    error = _only(tmp_path)
    assert error.line == 1 and "'week3' must equal the file name 'week2'" in error.message
    assert error.path == str(path)


@pytest.mark.parametrize("body, marker, message", [
    (SINGLE.replace('answer = "sigmoid"', 'answer = "softmax"'), "answer =", "'softmax' is not one of the choices"),
    (SINGLE.replace('type = "single"', 'type = "multiple"').replace('answer = "sigmoid"', 'answer = ["sigmoid", "elu"]'),
     "answer =", "'elu' is not one of the choices"),
    (SINGLE.replace('"tanh"]', '"tanh", "Sigmoid "]'), "choices =", "choice 4 repeats choice 1"),
    (SINGLE.replace('type = "single"', 'type = "number"').replace('choices = ["sigmoid", "relu", "tanh"]\n', ''),
     "answer =", "a number key must be a number"),
    (SINGLE.replace('explanation = "sigmoid maps to (0, 1), read as a probability."\n', ""), 'id = "pick"',
     "missing field 'explanation'"),
    (SINGLE.replace('explanation = "sigmoid maps to (0, 1), read as a probability."', 'explanation = "  "'),
     "explanation =", "explanation: must not be empty"),
    (SINGLE.replace('concept = "Which function\'s outputs can be read as a probability?"', 'concept = ""'),
     "concept =", "concept: must not be empty"),
    (SINGLE.replace('concept = "Which', 'concept = "Use sigmoid. Which'), "concept =", "gives the answer away"),
    (SINGLE.replace('id = "pick"', 'id = "Pick Me"'), "Pick Me", "id: String should match pattern"),
    (SINGLE.replace('"tanh"]', '"b"]'), "choices =", "choice 'b' is a single letter"),
    (SINGLE.replace('type = "single"', 'type = "text"'), "choices =", "a text item has no choices"),
])
def test_item_mistakes(tmp_path: Path, body: str, marker: str, message: str) -> None:
    path = _bank(tmp_path, body)
    error = _only(tmp_path)
    assert message in error.message
    assert error.line == _line(path, marker)
    assert error.message.startswith("item ")


@pytest.mark.parametrize("item, concept", [
    ('type = "number"\nanswer = 4', "Count the hidden layers, then add the output layer: 4 in all."),
    ('type = "text"\nanswer = "cache"\naccept = ["the cache"]', "It is stored in the Cache during forward propagation."),
    ('type = "shape"\nanswer = [4, 1]', "b[l] has shape (4,1) here."),
    ('type = "shape"\nanswer = [4, 1]', "b[l] is 4x1 here."),
    ('type = "multiple"\nchoices = ["W[l]", "b[l]", "alpha"]\nanswer = ["W[l]", "b[l]"]', "Parameters are learned, like W[l]."),
])
def test_concept_must_not_contain_the_answer(tmp_path: Path, item: str, concept: str) -> None:
    path = _bank(tmp_path, f'''
[[items]]
id = "leaky"
{item}
prompt = "A question?"
explanation = "Because."
concept = "{concept}"
''')
    error = _only(tmp_path)
    assert "gives the answer away" in error.message and error.line == _line(path, "concept =")


def test_concepts_that_merely_mention_numbers_are_fine(tmp_path: Path) -> None:
    _bank(tmp_path, '''
[[items]]
id = "layers"
type = "number"
prompt = "How many layers does a network with 3 hidden layers have?"
answer = 4
explanation = "3 hidden + 1 output = 4."
concept = "Count hidden layers plus the output layer; the input layer (layer 0) is not counted."
''')
    assert _errors(tmp_path) == []


@pytest.mark.parametrize("change, marker, message", [
    (("dims[l]", "dims[l"), "answer_expr", "answer_expr: syntax error"),
    (("dims[l]", "dims.index(l)"), "answer_expr", "attribute access"),
    (("dims[l]", "dims[l + 1]"), "answer_expr", "index 4 out of range"),
    (("dims[l]", "(dims[l], 1)"), "answer_expr", "a number key must be a number"),
    (("dims[l]", "dims[l] / (l - 3)"), "answer_expr", "division by zero"),
    (("dims[l]", "nope"), "answer_expr", "unknown name 'nope'"),
    (("l = { range = [1, 3] }", "l = { range = [1, 1] }"), "[items.params]", "only 4 distinct variant(s)"),
    (("How many rows", "{size} rows"), "prompt =", "{size} names unknown parameter 'size'"),
    (("W[l] has n[l] rows.", "W[l] has {dims[k]} rows."), "explanation =", "unknown parameter 'k'"),
    (("Rows of W[l]", "Rows of {dims[7]}"), "concept =", "index 7 does not fit"),
])
def test_template_mistakes(tmp_path: Path, change: tuple[str, str], marker: str, message: str) -> None:
    path = _bank(tmp_path, TEMPLATE.replace(*change))
    error = _only(tmp_path)
    assert message in error.message
    assert error.line == _line(path, marker)


def test_template_failure_names_the_student_and_values(tmp_path: Path) -> None:
    _bank(tmp_path, TEMPLATE.replace('answer_expr = "dims[l]"', 'answer_expr = "dims[l] if l < 3 else log(0)"'))
    error = _only(tmp_path)
    assert "for student 'validate-" in error.message and "l=3" in error.message


def test_failing_let_points_at_its_line(tmp_path: Path) -> None:
    path = _bank(tmp_path, TEMPLATE.replace('answer_expr = "dims[l]"', 'answer_expr = "n"') + '[items.let]\nn = "dims[l] // 0"\n')
    error = _only(tmp_path)
    assert "let n" in error.message and "division by zero" in error.message
    assert error.line == _line(path, 'n = "dims')


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = _bank(tmp_path, SINGLE.replace('answer = "sigmoid"', 'answer = "softmax"')
                 + TEMPLATE.replace("dims[l]", "dims[l") + SINGLE.replace("concept =", "colour = 1\nconcept ="),
                 name="first")
    _bank(tmp_path, SINGLE, name="second", bank_id="other")
    errors = _errors(tmp_path)
    assert [e.path for e in errors] == [str(path)] * 4 + [str(tmp_path / "second.toml")]
    assert [e.line for e in errors[:4]] == sorted(e.line for e in errors[:4])
    joined = "\n".join(str(e) for e in errors)
    for message in ("not one of the choices", "syntax error", "unknown field 'colour'", "duplicate item id 'pick'",
                    "must equal the file name"):
        assert message in joined


def test_load_bank_raises_the_first_problem_with_its_line(tmp_path: Path) -> None:
    second = SINGLE.replace('id = "pick"', 'id = "pick-two"')
    path = _bank(tmp_path, SINGLE + second.replace('answer = "sigmoid"', 'answer = "softmax"') + second)
    with pytest.raises(InputError) as excinfo:
        load_bank(path)
    assert excinfo.value.line == _line(path, 'answer = "softmax"')
    assert str(excinfo.value).startswith(f"{path}:")


def test_load_banks_sorts_by_week_then_id(tmp_path: Path) -> None:
    for name, week in (("b", 1), ("a", 2), ("c", 1)):
        (tmp_path / f"{name}.toml").write_text(f'id = "{name}"\ntitle = "T"\nweek = {week}\n' + SINGLE)
    assert [b.id for b in load_banks(tmp_path)] == ["b", "c", "a"]
    assert load_banks(tmp_path / "missing") == []
    assert load_bank(tmp_path / "a.toml").line_of("pick") == _line(tmp_path / "a.toml", 'id = "pick"')
