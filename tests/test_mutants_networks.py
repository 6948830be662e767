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


def test_a_buggy_deep_nn_is_not_charged_to_the_application(tmp_path):
    """Blame isolation across modules: the models are right, deep_nn's backward pass is not."""
    buggy = support.reference_source("deep_nn") + (
        "\n\ndef linear_backward(dZ, cache):\n"
        "    A_prev, W, b = cache\n"
        "    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T), np.sum(dZ, axis=1, keepdims=True)\n")
    results = support.grade_modules(HARNESS.submission(tmp_path, {"deep_nn": buggy}), ["deep_nn", "deep_nn_application"])
    app = HARNESS.items(results, "deep_nn_application")
    assert all(i.score == pytest.approx(i.max_score) and i.max_score > 0 for i in app.values()), support.summary(app)
    deep = HARNESS.items(results, "deep_nn")
    assert deep["linear_backward"].score < deep["linear_backward"].max_score, support.summary(deep)


@pytest.mark.parametrize("mutant", HARNESS.catalogue, ids=lambda m: m.name)
def test_mutant_is_graded_in_its_own_function_only(mutant, tmp_path):
    HARNESS.check_mutant(mutant, tmp_path)
