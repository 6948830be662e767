"""The week-2 assignments are graded right: the mutant catalogue, the reference and the stubs.

Every grading here goes through the real engine and worker (tests/support.py).
A mutant with a TARGET must lose points in that function and keep full marks
everywhere else (blame isolation); a correct variant (TARGET = None) must keep
full marks in every function.
"""

from __future__ import annotations

import pytest

import support

HARNESS = support.MutantHarness(("numpy_basics", "logistic_regression"))


def test_catalogue_is_big_enough_and_well_formed():
    HARNESS.check_catalogue(wrong_at_least=25, right_at_least=8)


def test_reference_scores_full_marks(tmp_path):
    HARNESS.check_reference_full_marks(tmp_path)


def test_reference_passes_the_public_checks_alone(tmp_path):
    """What a student runs without solutions/: the public checks need no reference."""
    HARNESS.check_reference_public_checks_alone(tmp_path)


def test_stubs_score_zero_without_crashing(tmp_path):
    HARNESS.check_stubs_score_zero(tmp_path)


@pytest.mark.parametrize("mutant", HARNESS.catalogue, ids=lambda m: m.name)
def test_mutant_is_graded_in_its_own_function_only(mutant, tmp_path):
    HARNESS.check_mutant(mutant, tmp_path)


@pytest.mark.parametrize("mutant_name, callee, callers, downstream", [
    ("propagate_no_1_over_m", "propagate", ["optimize"], ["model"]),
    ("sigmoid_exp_plus", "sigmoid", ["propagate", "predict"], ["optimize", "model"]),
])
def test_public_checks_skip_a_caller_of_a_wrong_callee(tmp_path, mutant_name, callee, callers, downstream):
    """What a student sees without solutions/: the callee's mistake is charged to the callee, and
    the public example of each function that (through others) calls it is skipped with a reason.
    The maximum is the course's whatever happens, so a skipped check is lost points, not fewer."""
    mutant = next(m for m in HARNESS.catalogue if m.module == "logistic_regression" and m.name.endswith(mutant_name))
    submission = HARNESS.submission(tmp_path, {mutant.module: mutant.submission_source()})
    items = HARNESS.items(support.grade_modules(submission, [mutant.module], hidden=False), mutant.module)
    assert items[callee].score < items[callee].max_score, support.summary(items)
    for caller in callers + downstream:
        item = items[caller]
        assert item.max_score > 0 and item.score < item.max_score, support.summary(items)
        assert item.feedback.startswith("checked once "), support.summary(items)
    for caller in callers:
        assert f"checked once {callee}()" in items[caller].feedback, support.summary(items)
    right = [fn for fn in items if fn not in [callee, *callers, *downstream]]
    assert right and all(items[fn].status == "passed" for fn in right), support.summary(items)
