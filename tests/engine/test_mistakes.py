"""Mistake signatures (grader/exercise/mistakes.py) through the real engine and worker.

The engine tests' course lists its known mistakes in solutions/mistakes/toy.py and
stack.py; a student who makes one is told which, and `grade validate` proves the list.
"""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest

from grader.course import load_course
from grader.exercise import mistakes as mistakes_module
from grader.harness.runner import grade_exercises, run_exercises
from grader.reports import Outcome
from grader.reports import json as json_report
from grader.results import Report
from grader.validate import validate_course

from .conftest import COURSE, SMALL
from .test_runner import toy_with

SUM_NOT_NORM = "def normalize_rows(x):\n    return x / x.sum(axis=1, keepdims=True)\n"


@pytest.fixture
def counted(monkeypatch):
    """How many times the engine asked for a diagnosis."""
    calls = []
    real = mistakes_module.diagnose

    def diagnose(record, listed):
        calls.append(record.function)
        return real(record, listed)

    monkeypatch.setattr(mistakes_module, "diagnose", diagnose)
    return calls


def test_a_listed_mistake_is_named_in_feedback_field_and_json(make_submission, grade):
    results = grade(make_submission(toy=toy_with(normalize_rows=SUM_NOT_NORM)), modules=["toy"])
    item = results["toy.normalize_rows"]
    assert item.score == 0 and item.mistake == "normalize_rows:sum_not_norm"
    assert item.feedback.startswith("Divide each row by its length (the L2 norm), not by its sum. (")
    assert all(r.mistake is None for i, r in results.items() if i != "toy.normalize_rows")
    data = json.loads(json_report.render(Outcome(Report.from_items("s", list(results.values())))))
    written = {i["id"]: i for i in data["items"]}
    assert data["schema"] == 1
    assert written["toy.normalize_rows"]["mistake"] == "normalize_rows:sum_not_norm"
    assert "mistake" not in written["toy.add"]  # written only when set


def test_the_mistake_leads_even_when_another_check_failed_first(make_submission, grade):
    # Wrong on the public example (no variant matches: 3 * 2 is not 6 ** 1) and a listed
    # mistake on the hidden random input: the named one leads the feedback.
    source = toy_with(scale="def scale(x, k):\n    return x ** k if x.shape[0] > 2 or x.ndim > 1 else x * 0\n")
    results = grade(make_submission(toy=source), modules=["toy"])
    item = results["toy.scale"]
    assert item.mistake == "scale:squares", item
    assert item.feedback.startswith("scale() multiplies x by k once, it does not raise it to a power."), item


def test_an_error_a_listed_mistake_raises_too_is_named(make_submission, grade):
    """Without keepdims the public 1-row example still works; the hidden 4x3 input raises."""
    source = toy_with(normalize_rows="def normalize_rows(x):\n    return x / np.linalg.norm(x, axis=1)\n")
    results = grade(make_submission(toy=source), modules=["toy"])
    item = results["toy.normalize_rows"]
    assert item.mistake == "normalize_rows:no_keepdims", item
    assert item.status == "partial" and item.score == 1
    assert item.feedback.startswith("The norms need keepdims=True: one per row, shaped (n, 1), to divide row by row. ("
                                    "normalize_rows() raised ValueError: operands could not be broadcast"), item


def test_another_error_is_not_named(make_submission, grade):
    source = toy_with(normalize_rows="def normalize_rows(x):\n    raise ValueError('operands could not be broadcast')\n")
    results = grade(make_submission(toy=source), modules=["toy"])
    assert results["toy.normalize_rows"].mistake is None


def test_the_mistake_most_checks_name_leads():
    """A small example can fit two listed mistakes; the one most failed checks name leads."""
    from types import SimpleNamespace

    from grader.harness.runner import _most_named

    def failed(mistake_id):
        entry = mistakes_module.Mistake(function="f", id=mistake_id, message=mistake_id, variant=len) if mistake_id else None
        return SimpleNamespace(mistake=entry)

    checks = [failed(None), failed("swapped"), failed("no_activation"), failed("no_activation")]
    assert _most_named(checks) is checks[2]
    assert _most_named([failed(None)]) is None
    assert _most_named([failed("a"), failed("b")]).mistake.id == "a"  # a tie: the first


def test_a_wrong_result_that_matches_no_variant_is_not_named(make_submission, grade):
    results = grade(make_submission(toy=toy_with(normalize_rows="def normalize_rows(x):\n    return x * 2.0\n")), modules=["toy"])
    item = results["toy.normalize_rows"]
    assert item.score == 0 and item.mistake is None
    assert item.feedback == "normalize_rows([[3, 4]]) should be [[0.6, 0.8]] (2 of 2 checks failed)"


def test_a_correct_submission_pays_no_diagnosis(make_submission, grade, counted):
    results = grade(make_submission(toy=None, stack=None))
    assert all(r.status == "passed" for r in results.values())
    assert counted == []
    grade(make_submission(toy=toy_with(normalize_rows=SUM_NOT_NORM)), modules=["toy"])
    assert counted == ["normalize_rows", "normalize_rows"]  # one per failed check of that function


def test_a_seeded_random_initialisation_mistake_is_named(make_submission, grade):
    results = grade(make_submission(toy=toy_with(init="def init(n):\n    return np.random.randn(n, 1)\n")), modules=["toy"])
    item = results["toy.init"]
    assert item.mistake == "init:unscaled" and item.feedback.startswith("The initial values are too large"), item
    uniform = grade(make_submission(toy=toy_with(init="def init(n):\n    return np.random.rand(n, 1) * 0.01\n")), modules=["toy"])
    assert uniform["toy.init"].mistake == "init:uniform", uniform["toy.init"]


def test_variants_use_the_reference_callees_and_both_ways_of_running_agree(make_submission, course):
    no_relu = (COURSE / "solutions" / "stack.py").read_text() + "\n\ndef forward(W, x, b):\n    return affine(W, x, b)\n"
    sub = make_submission(toy=None, stack=no_relu)
    direct = run_exercises(course, sub, student="s", hidden=True, modules=["stack"], limits=SMALL).items
    through_pytest = run_exercises(course, sub, student="s", hidden=True, modules=["stack"], limits=SMALL, via_pytest=True).items
    assert direct == through_pytest
    forward = {r.id: r for r in direct}["stack.forward"]
    assert forward.mistake == "forward:no_relu" and forward.feedback.startswith("forward() applies relu")


def test_a_public_run_names_no_mistake(make_submission, grade, counted):
    results = grade(make_submission(toy=toy_with(normalize_rows=SUM_NOT_NORM)), modules=["toy"], hidden=False)
    assert results["toy.normalize_rows"].score == 0 and results["toy.normalize_rows"].mistake is None
    assert counted == []


# ---------------------------------------------------------------- grade validate

PUBLIC_STACK = '''
import numpy as np
import pytest


@pytest.mark.function("affine")
@pytest.mark.points(1)
def test_affine_example(student):
    assert np.allclose(student.affine(np.eye(2), np.ones((2, 1)), np.ones((2, 1))), 2.0), "affine(I, 1, 1) should be 2"


@pytest.mark.function("forward")
@pytest.mark.points(1)
def test_forward_example(student):
    assert np.allclose(student.forward(np.eye(2), -np.ones((2, 1)), np.zeros((2, 1))), 0.0), "forward should apply relu"


@pytest.mark.function("train")
@pytest.mark.points(1)
def test_train_example(student):
    W, costs = student.train(np.eye(2), np.ones((2, 1)), np.zeros((2, 1)), steps=1)
    assert np.allclose(W, 0.9 * np.eye(2)) and np.allclose(costs, [1.0]), "train(I, 1, 0, steps=1) should be 0.9 I, [1.0]"
'''


@pytest.fixture
def valid_course(tmp_path):
    """A copy of the engine tests' course that `grade validate` accepts (it has public checks of stack)."""
    root = tmp_path / "course"
    shutil.copytree(COURSE, root, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "exercises" / "checks" / "test_stack.py").write_text(PUBLIC_STACK)
    return root


def test_validate_proves_the_catalogue(valid_course):
    notes: list[str] = []
    assert validate_course(valid_course, notes=notes) == []
    assert notes == ["mistakes: 12 listed, 12 caught, 12 named (100%)"]


def test_validate_reports_uncaught_unnamed_and_overcharged_mistakes(valid_course):
    from click.testing import CliRunner

    from grader.cli import cli

    path = valid_course / "solutions" / "mistakes" / "toy.py"
    path.write_text(path.read_text() + textwrap.dedent('''

        @mistake("total", "same_as_reference", "this is no mistake at all")
        def total(xs):
            return float(sum(xs))


        @mistake("add", "subtracts_again", "a second name for subtracting")
        def add(a, b):
            return a - b
        '''))
    stack = valid_course / "solutions" / "mistakes" / "stack.py"
    stack.write_text(stack.read_text() + textwrap.dedent('''

        @mistake("affine", "minus_b", "The bias is added: W @ x + b.")
        def affine(W, x, b):
            return W @ x - b
        '''))
    lines = path.read_text().splitlines()
    total_line = lines.index('@mistake("total", "same_as_reference", "this is no mistake at all")') + 1
    add_line = lines.index('@mistake("add", "subtracts_again", "a second name for subtracting")') + 1
    affine_line = stack.read_text().splitlines().index('@mistake("affine", "minus_b", "The bias is added: W @ x + b.")') + 1

    notes: list[str] = []
    problems = [str(p) for p in validate_course(valid_course, notes=notes)]
    assert notes == ["mistakes: 15 listed, 14 caught, 13 named (87%)"]
    assert problems == [
        f"{path}:{total_line}: mistake 'total:same_as_reference' is not caught: total() keeps full marks",
        f"{path}:{add_line}: mistake 'add:subtracts_again' is caught but not named: the feedback of add() is "
        "'add() should add b to a, not subtract it. (add(2, 3) should be the int 5) (2 of 2 checks failed)'",
        f"{stack}:{affine_line}: mistake 'affine:minus_b' is also charged to forward(): forward is wrong (1 of 3 checks failed)",
    ]
    result = CliRunner().invoke(cli, ["validate", str(valid_course)])
    assert result.exit_code == 2
    assert "mistakes: 15 listed, 14 caught, 13 named (87%)" in result.output
    assert "3 problem(s) found." in result.output


@pytest.mark.parametrize("text, line, words", [
    ("import numpy as np\n\ndef broken(:\n    pass\n", 3, "mistakes file does not parse"),
    ("import numpy as np\nfrom toy import no_such_function\n", 2, "ImportError"),
    ("from grader.exercise.mistakes import mistake\n\n\n@mistake('add', '', 'empty id')\ndef add(a, b):\n    return a\n", 4, "id must be a non-empty string"),
], ids=["syntax-error", "bad-import", "bad-decorator"])
def test_a_broken_mistakes_file_is_one_clear_problem_and_grading_goes_on(valid_course, make_submission, text, line, words):
    path = valid_course / "solutions" / "mistakes" / "toy.py"
    path.write_text(text)
    problems = validate_course(valid_course)
    assert len(problems) == 1, [str(p) for p in problems]
    assert (problems[0].path, problems[0].line) == (str(path), line) and words in problems[0].message
    course = load_course(valid_course)
    items = {r.id: r for r in grade_exercises(course, make_submission(toy=toy_with(normalize_rows=SUM_NOT_NORM), stack=None),
                                              student="s", hidden=True, limits=SMALL)}
    assert items["toy.normalize_rows"].score == 0 and items["toy.normalize_rows"].mistake is None
    assert items["stack.forward"].status == "passed"


def test_a_mistake_of_an_unknown_function_is_a_problem(valid_course):
    path = valid_course / "solutions" / "mistakes" / "toy.py"
    path.write_text(path.read_text() + '\n\n@mistake("subtract", "x", "no such graded function")\ndef subtract(a, b):\n    return a - b\n')
    problems = [str(p) for p in validate_course(valid_course)]
    assert len(problems) == 1 and "mistake 'subtract:x' is for subtract(), which is not a graded function of 'toy'" in problems[0]


def test_the_mistakes_files_are_part_of_the_suites_stamp(valid_course):
    from grader.harness.suite import suite_for

    course = load_course(valid_course)
    first = suite_for(course, include_hidden=True)
    assert suite_for(course, include_hidden=True) is first
    path = valid_course / "solutions" / "mistakes" / "toy.py"
    path.write_text(path.read_text() + '\n\n@mistake("total", "int", "total() returns a float")\ndef total(xs):\n    return int(sum(xs))\n')
    again = suite_for(course, include_hidden=True)
    assert again is not first and again.mistakes["toy"][-1].key == "total:int"


def test_validate_proves_the_stubs_earn_nothing(valid_course):
    stub = valid_course / "exercises" / "toy.py"
    stub.write_text(stub.read_text() + "\n\ndef add(a, b):\n    return a + b\n")
    problems = [str(p) for p in validate_course(valid_course)]
    assert problems == [f"{stub}: the stub earns 3 of 3 points in toy.add: some check passes without the student's code"]


class _Call:
    """A returned call as diagnose reads it (the fields of a CallRecord it uses)."""

    def __init__(self, args, result, seed=None):
        self.function, self.returned, self.raised, self.seed = "f", True, None, seed
        self._args, self.result = args, result

    def sent(self):
        return self._args, {}


def test_a_replay_on_the_same_call_is_kept_unless_it_drew_unseeded_randomness():
    """A batch replays the same variants on the same public example for many students: kept per process
    (mistakes._replays), except a variant whose result could depend on the check's global generators."""
    import numpy as np

    runs = {"pure": 0, "draws": 0}

    def pure(x):
        runs["pure"] += 1
        return x * 2

    def draws(x):
        runs["draws"] += 1
        return x + np.random.rand(*x.shape) * 0

    listed = [mistakes_module.Mistake("f", "draws", "draws", draws), mistakes_module.Mistake("f", "pure", "doubles", pure)]
    x = np.arange(6.0).reshape(2, 3)
    for _ in range(3):
        assert mistakes_module.diagnose(_Call((x.copy(),), x * 2), listed).id == "pure"
        assert mistakes_module.diagnose(_Call((x.copy(),), x * 3), listed) is None
    assert runs == {"pure": 1, "draws": 6}  # the unseeded draw is replayed every time
    seeded = [mistakes_module.Mistake("f", "draws", "draws", draws)]
    for _ in range(3):
        assert mistakes_module.diagnose(_Call((x.copy(),), x, seed=4), seeded).id == "draws"
    assert runs["draws"] == 7  # seeded: the global generators' state is the seed's, so kept
    state = np.random.get_state()
    mistakes_module.diagnose(_Call((x.copy(),), x + 1), listed)
    after = np.random.get_state()
    assert np.array_equal(state[1], after[1]) and state[2:] == after[2:]  # the check's draws are undisturbed
    assert mistakes_module.diagnose(_Call((x + 1,), x * 2), listed) is None  # other arguments: replayed
    assert runs["pure"] == 2


def test_kept_replays_stay_within_their_byte_bound(monkeypatch):
    """The kept outcomes are bounded in bytes in all, not only in count: a grading process must stay small."""
    import numpy as np

    monkeypatch.setattr(mistakes_module, "_replays", {})
    monkeypatch.setattr(mistakes_module, "_kept_bytes", 0)
    monkeypatch.setattr(mistakes_module, "MAX_TOTAL_BYTES", 3 * 800)
    listed = [mistakes_module.Mistake("f", "big", "returns 100 floats", lambda x: np.zeros(100) + x)]
    for i in range(10):
        mistakes_module.diagnose(_Call((float(i),), np.zeros(100) + i), listed)
        assert mistakes_module._kept_bytes <= 3 * 800
        assert sum(v[1].nbytes for v in mistakes_module._replays.values()) == mistakes_module._kept_bytes
    assert 1 <= len(mistakes_module._replays) <= 3
