"""A function that loops over the examples where the course asks for vectorised code gets a note.

Measured in the worker (grader/exercise/vectorised.py), scored by the manifest's
`vectorised` table (grader/harness/vectorisation.py): 0 points is a note only, never a
lost point; more is points that count in the function's fixed maximum. Real submissions
through the real worker: loops over the examples from the mutant catalogue and written
here, the reference (whose L_model_forward and L_model_backward loop over layers), and
the course's predict, which loops over the examples by the course's own template.
The course-faithful suites are held to "no note" in tests/test_faithful.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import support
from grader.checks import NotVectorised, expect_vectorised
from grader.course import load_course
from grader.errors import InputError

MUTANTS = support.MUTANTS
LOOP = "seems to loop over the examples in Python"

LOOPED_SIGMOID = '''

def sigmoid(x):
    x = np.asarray(x, dtype=float)
    s = np.empty_like(x)
    flat, out = x.reshape(-1), s.reshape(-1)
    for i in range(flat.size):
        out[i] = 1 / (1 + np.exp(-flat[i]))
    return s
'''

LOOPED_LINEAR_BACKWARD = '''

def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW, db = np.zeros(W.shape), np.zeros(b.shape)
    for i in range(m):
        dW += np.dot(dZ[:, i:i + 1], A_prev[:, i:i + 1].T)
        db += dZ[:, i:i + 1]
    return np.dot(W.T, dZ), dW / m, db / m
'''

# L_model_forward that feeds the examples through the network one at a time (its loop
# over the layers inside, as the course's): the loop over the examples is the mistake.
LOOPED_L_MODEL_FORWARD = '''

def L_model_forward(X, parameters):
    L = len(parameters) // 2
    columns, caches = [], []
    for i in range(X.shape[1]):
        A = X[:, i:i + 1]
        for l in range(1, L + 1):
            A = np.maximum(0, np.dot(parameters["W" + str(l)], A) + parameters["b" + str(l)]) if l < L else \\
                1 / (1 + np.exp(-(np.dot(parameters["W" + str(l)], A) + parameters["b" + str(l)])))
        columns.append(A)
    AL = np.hstack(columns)
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    _, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
'''


def _mutant(module: str, name: str) -> str:
    text = (MUTANTS / module / f"{name}.py").read_text(encoding="utf-8")
    return "\n\n" + text


def _loops(results: dict) -> dict[str, str]:
    return {item_id: item.feedback for item_id, item in results.items() if LOOP in item.feedback}


def test_loops_over_the_examples_get_a_note_and_keep_every_point(tmp_path):
    sources = {
        "numpy_basics": support.reference_source("numpy_basics") + LOOPED_SIGMOID
        + _mutant("numpy_basics", "ok_L1_loop") + _mutant("numpy_basics", "ok_softmax_loop"),
        "logistic_regression": support.reference_source("logistic_regression")
        + _mutant("logistic_regression", "ok_propagate_loops") + _mutant("logistic_regression", "ok_predict_course_loop"),
        "shallow_nn": support.reference_source("shallow_nn") + _mutant("shallow_nn", "ok_backward_loops"),
        "deep_nn": support.reference_source("deep_nn") + LOOPED_LINEAR_BACKWARD + LOOPED_L_MODEL_FORWARD,
    }
    results = support.grade_modules(support.write_submission(tmp_path / "loops", sources), list(sources))
    noted = _loops(results)
    # L1's loop (zip over two vectors) costs 0.15-0.3 µs per example here, near the floor of
    # 0.1 µs: named here, but a faster machine may say nothing (never a false note).
    looped = {"numpy_basics.sigmoid", "numpy_basics.softmax", "logistic_regression.propagate",
              "shallow_nn.backward_propagation", "deep_nn.linear_backward", "deep_nn.L_model_forward"}
    assert looped <= set(noted) <= looped | {"numpy_basics.L1"}, "\n".join(f"{k}: {v}" for k, v in noted.items())
    # A note only: every function keeps full marks and its status, and the note says so.
    for item_id, item in results.items():
        assert item.status == "passed" and item.max_score > 0 and item.score == pytest.approx(item.max_score), f"{item_id}: {item}"
    for feedback in noted.values():
        assert feedback.startswith("note: ") and "no points are taken off" in feedback and not re.search(r"\d µs|\d ns", feedback)
    # Blame: sigmoid_derivative calls the looped sigmoid, and linear_activation_backward and
    # L_model_backward call the looped linear_backward: measured with the course's callees,
    # they get no note. predict loops over the examples as the course's template does.
    for quiet in ("numpy_basics.sigmoid_derivative", "deep_nn.linear_activation_backward", "deep_nn.L_model_backward",
                  "logistic_regression.predict", "logistic_regression.sigmoid"):
        assert quiet not in noted


def test_the_reference_and_its_loops_over_layers_get_no_note(tmp_path):
    modules = ["numpy_basics", "logistic_regression", "shallow_nn", "deep_nn"]
    sources = {m: support.reference_source(m) for m in modules}
    assert "for l in range(1, L)" in sources["deep_nn"]  # L_model_forward loops over the layers
    results = support.grade_modules(support.write_submission(tmp_path / "reference", sources), modules)
    assert not _loops(results)
    assert all(item.status == "passed" and not item.feedback for item in results.values())


# ---------------------------------------------------------------- a course that gives points

@pytest.fixture(scope="module")
def points_course(tmp_path_factory):
    """The course, with sigmoid's vectorisation worth 2 points, L2 unlisted, and predict listed without a check."""
    root = tmp_path_factory.mktemp("vectorised") / "course"
    shutil.copytree(support.ROOT, root, ignore=shutil.ignore_patterns(".git", "tests", "__pycache__", ".venv", "*.egg-info"))
    manifest = root / "exercises" / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("vectorised = { sigmoid = 0, sigmoid_derivative = 0, normalize_rows = 0, softmax = 0, L1 = 0, L2 = 0 }",
                        "vectorised = { sigmoid = 2, sigmoid_derivative = 0, normalize_rows = 0, softmax = 0, L1 = 0 }")
    text = text.replace("vectorised = { sigmoid = 0, propagate = 0 }", "vectorised = { sigmoid = 0, propagate = 0, predict = 0 }")
    manifest.write_text(text, encoding="utf-8")
    return load_course(root)


def _grade(course, directory: Path, source: str) -> dict:
    from grader.harness.runner import grade_exercises

    support.write_submission(directory, {"numpy_basics": source})
    return {r.id: r for r in grade_exercises(course, directory, student="tester", hidden=True, modules=["numpy_basics"])}


def test_points_in_the_manifest_count_in_the_fixed_maximum(points_course, tmp_path):
    from grader.harness.runner import count_checks

    reference = support.reference_source("numpy_basics")
    right = _grade(points_course, tmp_path / "right", reference)
    looped = _grade(points_course, tmp_path / "looped", reference + LOOPED_SIGMOID + _mutant("numpy_basics", "ok_L1_loop"))
    normal = support.grade_modules(support.write_submission(tmp_path / "normal", {"numpy_basics": reference}), ["numpy_basics"])
    # The maximum is the course's, the same for both students: 2 more than without the points.
    assert {k: r.max_score for k, r in right.items()} == {k: r.max_score for k, r in looped.items()}
    assert right["numpy_basics.sigmoid"].max_score == normal["numpy_basics.sigmoid"].max_score + 2
    assert right["numpy_basics.sigmoid"].score == right["numpy_basics.sigmoid"].max_score
    sigmoid = looped["numpy_basics.sigmoid"]
    assert sigmoid.score == sigmoid.max_score - 2 and sigmoid.status == "partial"
    assert LOOP in sigmoid.feedback and not sigmoid.feedback.startswith("note: ")
    # L1 is still a note (0 points); L2 is not listed here, so its check says nothing.
    assert looped["numpy_basics.L1"].status == "passed" and looped["numpy_basics.L1"].feedback.startswith("note: ")
    counts = count_checks(points_course, ["numpy_basics"])["numpy_basics"]
    plain = count_checks(load_course(support.ROOT), ["numpy_basics"])["numpy_basics"]
    assert (counts.hidden, counts.hidden_points) == (plain.hidden + 1, plain.hidden_points + 2)


def test_validate_names_a_listed_function_without_a_check_and_a_check_of_an_unlisted_one(points_course):
    from grader.validate import _vectorisation_problems

    problems = _vectorisation_problems(points_course)
    said = {(Path(p.path).name, p.message.split(":")[0]) for p in problems}
    assert len(problems) == 2, problems
    manifest = next(p for p in problems if p.path.endswith("manifest.toml"))
    assert "logistic_regression.predict as vectorised, but no check measures it" in manifest.message
    lines = Path(manifest.path).read_text(encoding="utf-8").splitlines()
    assert "predict = 0" in lines[manifest.line - 1]
    check = next(p for p in problems if p.path.endswith("test_numpy_basics.py"))
    assert "test_L2_vectorised" in check.message and "does not list" in check.message, said


@pytest.mark.parametrize("table, words", [
    ("{ sigmoid = 0, sigmod_derivative = 0 }", "'sigmod_derivative', which is not a graded function of this module (did you mean 'sigmoid_derivative'?)"),
    ("{ sigmoid = -1 }", "gives 'sigmoid' -1 points"),
])
def test_the_manifest_table_is_validated_with_file_and_line(tmp_path, table, words):
    root = tmp_path / "course"
    shutil.copytree(support.ROOT / "exercises", root / "exercises", ignore=shutil.ignore_patterns("checks", "__pycache__"))
    (root / "quizzes").mkdir()
    manifest = root / "exercises" / "manifest.toml"
    text = re.sub(r"^vectorised = \{ sigmoid = 0, sigmoid_derivative = 0.*$", f"vectorised = {table}",
                  manifest.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_course(root)
    line = text.splitlines().index(f"vectorised = {table}") + 1
    assert words in info.value.message and (info.value.path, info.value.line) == (str(manifest), line), str(info.value)


# ---------------------------------------------------------------- the measurement rule, on given times

class _Times:
    """A stand-in for the `student` fixture whose calls report the CPU seconds given (per size)."""

    def __init__(self, times: dict[int, list[float]]):
        self.times = {m: list(v) for m, v in times.items()}
        self.calls = 0
        self.last_call = None

    def function(self, name):
        def call(m):
            self.calls += 1
            self.last_call = type("Record", (), {"own_cpu_seconds": self.times[m].pop(0)})()
            return m
        return call


def _cheap_reference(m):
    return m


def test_a_steady_loop_is_named_and_a_lone_hiccup_is_not():
    loop = _Times({200: [0.0002, 0.0002, 0.0002], 2000: [0.0020, 0.0021, 0.0020]})  # 1 µs per example
    with pytest.raises(NotVectorised) as info:
        expect_vectorised(loop, "f", _cheap_reference, lambda m: m)
    assert info.value.growth.student == pytest.approx(1e-6, rel=0.1) and "f() seems to loop" in str(info.value)
    # One slow call at the larger size (load, a first touch of memory): nothing is said.
    hiccup = _Times({200: [0.00002, 0.00002, 0.00002], 2000: [0.0030, 0.00004, 0.00004]})
    assert expect_vectorised(hiccup, "f", _cheap_reference, lambda m: m).student < 1e-6
    # A vectorised function is settled by one call at the larger size.
    fast = _Times({200: [], 2000: [0.00004]})
    expect_vectorised(fast, "f", _cheap_reference, lambda m: m)
    assert fast.calls == 1


def test_a_function_as_slow_as_the_reference_or_too_slow_to_measure_is_not_named():
    def slow_reference(m):
        sum(range(m * 20))  # about a microsecond per example, in Python: the course's own loop
        return m

    same = _Times({200: [0.0002] * 3, 2000: [0.0020] * 3})
    assert expect_vectorised(same, "f", slow_reference, lambda m: m) is not None and same.calls == 1
    glacial = _Times({200: [0.2], 2000: [2.0]})
    assert expect_vectorised(glacial, "f", _cheap_reference, lambda m: m) is None and glacial.calls == 1


_REFERENCE_CALLS: list[int] = []


def _counted_reference(x, *rest):
    _REFERENCE_CALLS.append(1)
    return x


def _other_reference(x, *rest):
    _REFERENCE_CALLS.append(2)
    return x


class _Loop:
    """A student whose function costs 1 µs per example (a loop) whatever its arguments."""

    def __init__(self):
        self.calls = 0
        self.last_call = None

    def function(self, name):
        def call(x, *rest):
            self.calls += 1
            m = x.shape[-1] if hasattr(x, "shape") else x
            self.last_call = type("Record", (), {"own_cpu_seconds": m * 1e-6})()
            return x
        return call


def test_the_references_growth_is_timed_in_a_few_rounds_per_process_and_never_shared_across_keys():
    # A batch times the reference in its first REFERENCE_ROUNDS submissions only (keeping the
    # minima of them all); another function, size, input shape or reference is timed on its own;
    # the student's calls are made every time.
    import numpy as np

    from grader.exercise import vectorised

    vectorised._reference_minima.clear()
    per_round = 1 + 2 * vectorised.REFERENCE_REPEATS  # a warming call, then each size

    def grade(name="f", reference=_counted_reference, sizes=(200, 2000), args=lambda m: np.zeros((1, m))) -> int:
        """The reference's calls while grading one submission (which loops, and is named)."""
        _REFERENCE_CALLS.clear()
        student = _Loop()
        with pytest.raises(NotVectorised):
            expect_vectorised(student, name, reference, args, sizes=sizes)
        assert student.calls >= 1
        return len(_REFERENCE_CALLS)

    assert [grade() for _ in range(vectorised.REFERENCE_ROUNDS + 3)] == [per_round] * vectorised.REFERENCE_ROUNDS + [0] * 3
    for other in (dict(name="g"), dict(sizes=(100, 1000)), dict(args=lambda m: np.zeros((2, m))),
                  dict(args=lambda m: (np.zeros((1, m)), "relu")), dict(reference=_other_reference)):
        assert grade(**other) == per_round, other


def test_grade_check_shows_a_note_under_a_function_with_full_marks():
    from grader.reports import Outcome, terminal
    from grader.results import ItemResult, Report

    note = ("note: L1() seems to loop over the examples in Python: its time grows with m far faster than the course's "
            "vectorised version. Work on whole arrays (np.dot, np.sum(..., axis=...), broadcasting). "
            "A note only: no points are taken off.")
    items = [ItemResult(id="m.L1", kind="exercise", score=4, max_score=4, status="passed", feedback=f"graded your l1()\n{note}"),
             ItemResult(id="m.L2", kind="exercise", score=4, max_score=4, status="passed", feedback="")]
    compact = terminal.render(Outcome(Report.from_items("s", items), titles={"m": "A module"}))
    assert "m.L1" in compact and "seems to loop over the examples" in compact and "graded your l1()" not in compact
    assert "m.L2" not in compact  # full marks, nothing to say
    verbose = terminal.render(Outcome(Report.from_items("s", items), titles={"m": "A module"}, verbose=True))
    assert "graded your l1()" in verbose and "no points are taken off" in verbose.replace("\n        ", " ")
