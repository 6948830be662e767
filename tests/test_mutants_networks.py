"""The network assignments (shallow_nn, deep_nn, deep_nn_application) are graded right:
the mutant catalogue, the reference and the stubs.

Every grading here goes through the real engine and worker (tests/support.py), with
the hidden checks. A mutant with a TARGET must lose points in that function and keep
full marks everywhere else (blame isolation: a bug in a callee is not charged to its
callers); a correct variant (TARGET = None) must keep full marks in every function.
A deep_nn_application mutant is graded next to the reference deep_nn, so its own
mistake is the only one in the submission.
"""

from __future__ import annotations

import pytest

import support

MODULES = ("shallow_nn", "deep_nn", "deep_nn_application")
HARNESS = support.MutantHarness(MODULES)


def test_catalogue_is_big_enough_and_well_formed():
    HARNESS.check_catalogue(wrong_at_least=40, right_at_least=10)


def test_reference_scores_full_marks(tmp_path):
    HARNESS.check_reference_full_marks(tmp_path)


@pytest.mark.parametrize("student", ["alice", "bob"])
def test_reference_scores_full_marks_for_other_students(tmp_path, student):
    """Other students get other random inputs (and seeds): still full marks."""
    results = support.grade_modules(HARNESS.submission(tmp_path), list(MODULES), student=student)
    for module in MODULES:
        items = HARNESS.items(results, module)
        assert all(i.score == pytest.approx(i.max_score) and i.max_score > 0 for i in items.values()), support.summary(items)


def test_reference_passes_the_public_checks_alone(tmp_path):
    """What a student runs without solutions/: the public checks need no reference."""
    HARNESS.check_reference_public_checks_alone(tmp_path)


def test_stubs_score_zero_without_crashing(tmp_path):
    HARNESS.check_stubs_score_zero(tmp_path)


def test_application_stub_next_to_a_correct_deep_nn_scores_zero(tmp_path):
    """The stub's models raise even when the building blocks it imports work."""
    results = support.grade_modules(
        HARNESS.submission(tmp_path, {"deep_nn_application": support.stub_source("deep_nn_application")}),
        ["deep_nn_application"])
    items = HARNESS.items(results, "deep_nn_application")
    assert all(i.score == 0 and i.max_score > 0 for i in items.values()), support.summary(items)


def _application_on_deep_nn():
    """The reference models, importing their building blocks from the student's deep_nn (as our first stub did)."""
    source = support.reference_source("deep_nn_application")
    assert "from dnn_app_utils import (" in source
    return source.replace("from dnn_app_utils import (", "from deep_nn import (")


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
def test_a_buggy_deep_nn_is_not_charged_to_the_application(tmp_path, hidden):
    """Blame isolation across modules: the models (on the student's deep_nn) are right, deep_nn's backward pass is not."""
    buggy = support.reference_source("deep_nn") + (
        "\n\ndef linear_backward(dZ, cache):\n"
        "    A_prev, W, b = cache\n"
        "    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T), np.sum(dZ, axis=1, keepdims=True)\n")
    submission = HARNESS.submission(tmp_path, {"deep_nn": buggy, "deep_nn_application": _application_on_deep_nn()})
    results = support.grade_modules(submission, ["deep_nn", "deep_nn_application"], hidden=hidden)
    app = HARNESS.items(results, "deep_nn_application")
    assert all(i.score == pytest.approx(i.max_score) and i.max_score > 0 for i in app.values()), support.summary(app)
    deep = HARNESS.items(results, "deep_nn")
    assert deep["linear_backward"].score < deep["linear_backward"].max_score, support.summary(deep)


@pytest.mark.parametrize("deep_nn", ["stub", "reference"])
@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
def test_correct_models_score_full_marks_whatever_deep_nn_does(tmp_path, deep_nn, hidden):
    """The course's models on the provided building blocks ignore deep_nn; models importing the student's
    own deep_nn (the Step-by-Step one: randn * 0.01 in initialize_parameters_deep) are judged with the
    course's blocks when theirs differ."""
    source = support.stub_source("deep_nn") if deep_nn == "stub" else support.reference_source("deep_nn")
    for app in (support.reference_source("deep_nn_application"), _application_on_deep_nn()):
        submission = HARNESS.submission(tmp_path / str(len(app)), {"deep_nn": source, "deep_nn_application": app})
        items = HARNESS.items(support.grade_modules(submission, ["deep_nn_application"], hidden=hidden),
                              "deep_nn_application")
        assert all(i.score == pytest.approx(i.max_score) and i.max_score > 0 for i in items.values()), \
            support.summary(items)


def test_functions_returning_none_score_zero(tmp_path):
    """A function that does nothing earns nothing: no check (not even "leaves its input alone")
    passes without the right result."""
    nothing = {m: "\n".join(f"def {fn}(*args, **kwargs):\n    return None\n" for fn in support.course_functions(m))
               for m in MODULES}
    results = support.grade_modules(HARNESS.submission(tmp_path, nothing), list(MODULES))
    for module in MODULES:
        items = HARNESS.items(results, module)
        assert all(i.score == 0 and i.max_score > 0 for i in items.values()), support.summary(items)


# Correct variants that one student of an earlier edition (or one keeping every template line) writes together.
EDITIONS = {
    "shallow_nn": ["ok_init_course_seed_2", "ok_predict_round", "ok_cost_2017_with_parameters"],
    "deep_nn": ["ok_init_course_seed_1", "ok_init_deep_course_seed_3", "ok_cost_squeeze_0d", "ok_L_backward_2017_template",
                "ok_update_2017_writes_into_callers_dict"],
    "deep_nn_application": ["ok_two_layer_returns_parameters_only", "ok_L_layer_returns_parameters_only"],
}


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
@pytest.mark.parametrize("application_imports", ["dnn_app_utils", "deep_nn"])
def test_earlier_edition_submission_scores_full_marks(tmp_path, hidden, application_imports):
    """Several earlier-edition forms in one submission (the application on the provided blocks, or on
    that student's own deep_nn): full marks everywhere, public checks included."""
    by_name = {m.name: m for m in HARNESS.catalogue}
    modules = {}
    for module, names in EDITIONS.items():
        modules[module] = support.reference_source(module) + "".join(
            "\n\n" + by_name[f"{module}/{name}"].source for name in names)
    if application_imports == "deep_nn":
        modules["deep_nn_application"] = modules["deep_nn_application"].replace(
            "from dnn_app_utils import *", "from deep_nn import *").replace("from dnn_app_utils import (", "from deep_nn import (")
    results = support.grade_modules(HARNESS.submission(tmp_path, modules), list(MODULES), hidden=hidden)
    for module in MODULES:
        items = HARNESS.items(results, module)
        assert all(i.score == pytest.approx(i.max_score) and i.max_score > 0 and i.status == "passed"
                   for i in items.values()), f"{module}\n{support.summary(items)}"


@pytest.mark.parametrize("mutant", HARNESS.catalogue, ids=lambda m: m.name)
def test_mutant_is_graded_in_its_own_function_only(mutant, tmp_path):
    HARNESS.check_mutant(mutant, tmp_path)
