"""The four weekly banks in quizzes/: valid, complete, gradeable for every student, and right.

These tests pin the course content, not the engine: every point of the course
notes is covered by an item, every student's key scores full marks and a blank
sheet scores nothing, each template really varies between students, wrong
answers are told the concept but never the key, and the keys agree with the
facts of the course (recomputed here independently, with NumPy where it applies).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest

from support import ROOT

from grader.quiz import grade_quiz, load_banks, prepare, render_key, render_sheet, validate_quizzes

QUIZZES = ROOT / "quizzes"
STUDENTS = [f"s{n:03d}" for n in range(100)]
ITEM_TYPES = {"single", "multiple", "truefalse", "number", "shape", "text"}

# The numbered points of course-notes.md, per week; each must be tested by an item.
COURSE_POINTS = {1: 8, 2: 5, 3: 10, 4: 8}
EXPECTED_POINTS = {f"week{w}.{n}" for w, count in COURSE_POINTS.items() for n in range(1, count + 1)}

_COVERS = re.compile(r"^\s*#\s*covers:\s*(.+?)\s*$")
_ITEM_ID = re.compile(r"""^\s*id\s*=\s*["']([^"']+)["']""")
_ITEMS_HEADER = re.compile(r"^\s*\[\[\s*items\s*\]\]")


@pytest.fixture(scope="module")
def banks():
    return {bank.id: bank for bank in load_banks(QUIZZES)}


@pytest.fixture(scope="module")
def prepared(banks):
    """Every student's variant of every item: {(bank id, student): [PreparedItem, ...]}."""
    return {(bank.id, s): [prepare(bank, item, s) for item in bank.items] for bank in banks.values() for s in STUDENTS}


def covers_by_item(path: Path) -> dict[str, set[str]]:
    """{item id: the points named by the `# covers:` comment just above its [[items]] header}."""
    out: dict[str, set[str]] = {}
    pending: set[str] | None = None
    current_header = False
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _COVERS.match(line)
        if match:
            pending = {p.strip() for p in match.group(1).split(",") if p.strip()}
            continue
        if _ITEMS_HEADER.match(line):
            current_header = True
            cover, pending = pending, None
            continue
        id_match = _ITEM_ID.match(line)
        if current_header and id_match:
            out[id_match.group(1)] = cover or set()
            current_header = False
    return out


# ---------------------------------------------------------------- the banks as a whole

def test_validate_reports_no_problems():
    problems = validate_quizzes(QUIZZES)
    assert problems == [], "\n".join(str(p) for p in problems)


def test_four_weekly_banks(banks):
    assert sorted(banks) == ["week1", "week2", "week3", "week4"]
    for week in range(1, 5):
        bank = banks[f"week{week}"]
        assert bank.week == week
        assert bank.title.strip()
        assert bank.path is not None and bank.path.name == f"week{week}.toml"


def test_size_types_and_templates(banks):
    items = [item for bank in banks.values() for item in bank.items]
    assert len(items) >= 48
    assert {item.type for item in items} == ITEM_TYPES
    templates = [item for item in items if item.answer_expr is not None]
    assert len(templates) >= 12
    # templates are spread over the banks, not piled into one
    assert sum(1 for bank in banks.values() if any(i.answer_expr for i in bank.items)) == 4
    for item in items:
        assert item.explanation.strip() and item.concept.strip(), item.id
    multiple = [item for item in items if item.type == "multiple"]
    assert multiple and all(len(item.answer) >= 2 for item in multiple), "multiple select items need several right answers"


def test_every_course_point_is_covered(banks):
    covered: dict[str, list[str]] = defaultdict(list)
    for bank in banks.values():
        covers = covers_by_item(bank.path)
        assert set(covers) == {item.id for item in bank.items}, f"{bank.id}: every item needs a `# covers:` comment"
        for item_id, points in covers.items():
            assert points, f"{bank.id}.{item_id} has no `# covers:` comment above it"
            unknown = points - EXPECTED_POINTS
            assert not unknown, f"{bank.id}.{item_id} covers unknown points {sorted(unknown)}"
            assert all(p.startswith(bank.id + ".") for p in points), f"{bank.id}.{item_id} covers another week: {points}"
            for point in points:
                covered[point].append(item_id)
    missing = sorted(EXPECTED_POINTS - set(covered), key=lambda p: tuple(map(int, re.findall(r"\d+", p))))
    assert not missing, f"course points without an item: {missing}"


# ---------------------------------------------------------------- grading every student

def test_key_scores_full_and_blank_scores_zero_for_100_students(banks, tmp_path):
    answers = tmp_path / "answers"
    answers.mkdir()
    for bank in banks.values():
        sheet = answers / f"{bank.id}.toml"
        for student in STUDENTS:
            sheet.write_text(render_key(bank, student), encoding="utf-8")
            results = grade_quiz(bank, sheet, student)
            wrong = [(r.id, r.status, r.feedback) for r in results if r.status != "passed"]
            assert not wrong, f"key of {student} does not score full marks: {wrong}"
            assert len(results) == len(bank.items)
            assert math.isclose(sum(r.score for r in results), bank.points)

            sheet.write_text(render_sheet(bank, student), encoding="utf-8")
            results = grade_quiz(bank, sheet, student)
            assert len(results) == len(bank.items)
            assert sum(r.score for r in results) == 0
            assert {r.status for r in results} == {"missing"}, f"blank sheet of {student}"


def test_every_template_varies_between_students(banks, prepared):
    for bank in banks.values():
        for index, item in enumerate(bank.items):
            if item.answer_expr is None:
                continue
            variants = [prepared[bank.id, s][index] for s in STUDENTS]
            prompts = Counter(p.prompt for p in variants)
            keys = {repr(p.key) for p in variants}
            assert len(prompts) >= 5, f"{bank.id}.{item.id}: only {len(prompts)} distinct prompts over 100 students"
            assert prompts.most_common(1)[0][1] <= 60, f"{bank.id}.{item.id}: most students get the same variant"
            if item.type not in ("truefalse", "text"):
                assert len(keys) >= 3, f"{bank.id}.{item.id}: only {len(keys)} distinct keys"
            assert all("{" not in p.prompt for p in variants), f"{bank.id}.{item.id}: unfilled placeholder"


def test_choices_are_shuffled_per_student(banks, prepared):
    for bank in banks.values():
        for index, item in enumerate(bank.items):
            if item.choices:
                orders = {prepared[bank.id, s][index].choices for s in STUDENTS}
                assert len(orders) > 1, f"{bank.id}.{item.id}: every student sees the same order"


def _wrong_answer(p):
    """A wrong answer for one prepared item, as a student would write it on the sheet."""
    item, key = p.item, p.key
    if item.type == "single":
        wrong = next(c for c in p.choices if c != key)
        return p.letter_of(wrong)
    if item.type == "multiple":
        wrong = [c for c in p.choices if c not in key]
        right = sorted(key)[0]
        return sorted(p.letter_of(c) for c in [right, *wrong])  # partial credit at most
    if item.type == "truefalse":
        return not key
    if item.type == "number":
        return float(key) + 1000.5
    if item.type == "shape":
        return "error" if key != "error" else "(7, 13)"
    return "certainly-not-the-answer"


def _shown_keys(p) -> list[str]:
    """The ways the key could be spelt out in feedback."""
    if p.item.type == "single":
        return [p.key]
    if p.item.type == "multiple":
        return sorted(p.key)
    if p.item.type == "text":
        return [p.key, *p.item.accept]
    if p.item.type == "shape" and p.key != "error":
        dims = [str(d) for d in p.key]
        return ["(" + ", ".join(dims) + ")", "(" + ",".join(dims) + ")", "x".join(dims)]
    return []


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("student", STUDENTS[::10])
def test_wrong_answers_get_the_concept_never_the_key(banks, prepared, tmp_path, student):
    for bank in banks.values():
        items = prepared[bank.id, student]
        lines = [f"{p.id} = {_toml(_wrong_answer(p))}" for p in items]
        lines += ["", "[sheet]", f'quiz = "{bank.id}"', f'student = "{student}"']
        sheet = tmp_path / f"{bank.id}.toml"
        sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
        results = {r.id: r for r in grade_quiz(bank, sheet, student)}
        for p in items:
            result = results[p.result_id]
            assert result.status in ("failed", "partial"), (p.result_id, result.status, result.feedback)
            assert result.score < p.item.points
            assert p.concept in result.feedback
            folded = re.sub(r"\s+", " ", result.feedback).casefold()
            for shown in _shown_keys(p):
                assert re.sub(r"\s+", " ", shown).casefold() not in folded, (
                    f"{p.result_id}: feedback gives the answer {shown!r} away: {result.feedback!r}")


# ---------------------------------------------------------------- the keys are the course's facts

def _key(banks, quiz, item_id, student="s000"):
    bank = banks[quiz]
    return prepare(bank, bank.item(item_id), student)


def test_literal_keys_match_the_course_notes(banks):
    facts = {
        ("week2", "dot-course-example"): (12288, 45),
        ("week2", "star-error-example"): "error",
        ("week2", "star-broadcast-example"): (3, 3),
        ("week2", "transpose-example"): (3, 4),
        ("week4", "count-course"): 4,
        ("week4", "loop-iterations"): 4,
        ("week1", "brand-new-field"): False,
        ("week1", "experience-iterates"): False,
        ("week1", "bigger-network"): True,
        ("week3", "zero-init-logistic"): True,
        ("week4", "earlier-simpler"): False,
        ("week4", "dz-without-activation"): False,
        ("week4", "deep-compact"): True,
        ("week3", "output-unit"): "sigmoid",
        ("week4", "cache-name"): "cache",
    }
    for (quiz, item_id), expected in facts.items():
        assert _key(banks, quiz, item_id).key == expected, f"{quiz}.{item_id}"
    assert _key(banks, "week3", "shallow-course-shapes").key == {
        "W[1] has shape (4, 2)", "b[1] has shape (4, 1)", "W[2] has shape (1, 4)", "b[2] has shape (1, 1)"}
    assert _key(banks, "week4", "course-net-shapes").key == {
        "W[1] has shape (4, 4)", "W[2] has shape (3, 4)", "W[3] has shape (1, 3)", "b[2] has shape (3, 1)"}
    hyper = _key(banks, "week4", "hyperparameters").key
    assert not any(("W[l]" in c or "b[l]" in c or "a[l]" in c) for c in hyper)
    assert len(hyper) == 4
    reasons = _key(banks, "week1", "why-took-off").key
    assert not any("brand-new" in c for c in reasons) and len(reasons) == 3
    assert "(a - 1) * (b + c)" in _key(banks, "week2", "graph-simplify").key
    assert "-1 and 1" in _key(banks, "week3", "tanh-centres").key


def test_the_initialisation_loop_item(banks):
    """The right loop runs and builds the course's shapes; every other choice fails or builds wrong ones."""
    item = banks["week4"].item("init-loop")
    layer_dims = [5, 4, 3, 2, 1]
    expected = {}
    for l in range(1, len(layer_dims)):
        expected[f"W{l}"] = (layer_dims[l], layer_dims[l - 1])
        expected[f"b{l}"] = (layer_dims[l], 1)

    def run(code: str):
        namespace = {"np": np, "layer_dims": layer_dims, "parameters": {}}
        try:
            exec(compile(code, "<choice>", "exec"), namespace)  # the bank's own text, not student input
        except (SyntaxError, NameError, IndexError):
            return None
        params = namespace["parameters"]
        return {k: v.shape for k, v in params.items()}, params

    good = run(item.answer)
    assert good is not None and good[0] == expected
    assert all(np.all(good[1][f"b{l}"] == 0) for l in range(1, len(layer_dims)))
    assert all(np.abs(good[1][f"W{l}"]).max() < 0.1 for l in range(1, len(layer_dims)))
    for choice in item.choices:
        if choice != item.answer:
            outcome = run(choice)
            assert outcome is None or outcome[0] != expected, choice


def _check_template(banks, quiz, item_id, expected):
    """Compare every student's key with `expected(values)`, computed here independently."""
    bank = banks[quiz]
    item = bank.item(item_id)
    for student in STUDENTS:
        p = prepare(bank, item, student)
        want = expected(p.values)
        if isinstance(want, float):
            assert math.isclose(p.key, want, abs_tol=1e-9), (item_id, p.values)
        else:
            assert p.key == want, (item_id, p.values, p.key, want)


def _np_shape(op):
    try:
        return tuple(op())
    except ValueError:
        return "error"


def test_template_keys_match_numpy_and_the_formulas(banks):
    z = np.zeros
    _check_template(banks, "week1", "relu-value", lambda v: max(0, v["x"]))
    _check_template(banks, "week2", "dot-shape", lambda v: np.dot(z((v["n"], v["k"])), z((v["k"], v["m"]))).shape)
    _check_template(banks, "week2", "broadcast-shape",
                    lambda v: _np_shape(lambda: (z(v["a"]) * z(v["b"])).shape))
    _check_template(banks, "week2", "broadcast-ok",
                    lambda v: _np_shape(lambda: (z(v["a"]) + z(v["b"])).shape) != "error")
    _check_template(banks, "week2", "transpose-broadcast",
                    lambda v: _np_shape(lambda: (z(v["case"][:2]) + z((v["case"][2], 1)).T).shape))
    _check_template(banks, "week2", "flatten-shape",
                    lambda v: z((v["h"], v["w"], v["c"])).reshape(-1, 1).shape)
    _check_template(banks, "week2", "flatten-size", lambda v: z((v["h"], v["w"], v["c"])).size)

    def loss(yhat, y):
        return float(-(y * np.log(yhat) + (1 - y) * np.log(1 - yhat)))

    _check_template(banks, "week2", "logistic-loss", lambda v: loss(v["yhat"], v["y"]))
    _check_template(banks, "week2", "mean-cost",
                    lambda v: float(np.mean([loss(v["p1"], v["y1"]), loss(v["p2"], v["y2"])])))
    _check_template(banks, "week2", "graph-value",
                    lambda v: v["a"] * v["b"] + v["a"] * v["c"] - (v["b"] + v["c"]))
    _check_template(banks, "week3", "data-shape",
                    lambda v: (v["n"], v["m"]) if v["which"] == "X" else (1, v["m"]))
    _check_template(banks, "week3", "activation-value",
                    lambda v: float(1 / (1 + np.exp(-v["z"])) if v["fn"] == "sigmoid" else np.tanh(v["z"])))

    def shallow(v):
        shapes = {"W1": (v["n_h"], v["n_x"]), "b1": (v["n_h"], 1), "W2": (v["n_y"], v["n_h"]), "b2": (v["n_y"], 1)}
        return shapes[v["which"]]

    _check_template(banks, "week3", "shallow-shapes", shallow)
    _check_template(banks, "week3", "z-shape",
                    lambda v: (np.dot(z((v["n_l"], v["n_prev"])), z((v["n_prev"], v["m"]))) + z((v["n_l"], 1))).shape)
    _check_template(banks, "week4", "layer-count", lambda v: len(v["dims"]) - 1)
    _check_template(banks, "week4", "hidden-count", lambda v: len(v["dims"]) - 2)
    _check_template(banks, "week4", "param-shape",
                    lambda v: (v["dims"][v["l"]], v["dims"][v["l"] - 1]) if v["kind"] == "W" else (v["dims"][v["l"]], 1))

    def count(v):
        dims = [v["n0"], v["n1"], v["n2"], v["n3"]]
        return sum(dims[l] * dims[l - 1] + dims[l] for l in range(1, len(dims)))

    _check_template(banks, "week4", "param-count", count)
    _check_template(banks, "week4", "loop-key", lambda v: v["case"][1] + v["l"])
    _check_template(banks, "week1", "data-kind", lambda v: v["case"][1])
    _check_template(banks, "week4", "param-kind", lambda v: v["case"][1])


def test_text_template_answers_are_the_words_the_prompt_offers(banks):
    for quiz, item_id, words in (("week1", "data-kind", {"structured", "unstructured"}),
                                 ("week4", "param-kind", {"parameter", "hyperparameter", "neither"})):
        item = banks[quiz].item(item_id)
        answers = {case[1] for case in item.params["case"].choice}
        assert answers == words
        assert all(w in item.prompt for w in words)
