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


def test_functions_returning_none_score_zero(tmp_path):
    """A function that does nothing earns nothing: no check (not even "leaves its input alone")
    passes without the right result."""
    nothing = {m: "\n".join(f"def {fn}(*args, **kwargs):\n    return None\n" for fn in support.course_functions(m))
               for m in HARNESS.modules}
    results = support.grade_modules(HARNESS.submission(tmp_path, nothing), list(HARNESS.modules))
    for module in HARNESS.modules:
        items = HARNESS.items(results, module)
        assert all(i.score == 0 and i.max_score > 0 for i in items.values()), support.summary(items)


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
def test_earlier_edition_submission_scores_full_marks(tmp_path, hidden):
    """The 2017-2020 edition's forms together (b = 0, optimize without defaults called by position,
    predict with a loop, model printing the accuracies): full marks, public checks included."""
    by_name = {m.name: m for m in HARNESS.catalogue}
    names = ["ok_initialize_b_int", "ok_optimize_2017_no_defaults", "ok_predict_course_loop",
             "ok_model_2017_positional_prints_accuracy"]
    source = support.reference_source("logistic_regression") + "".join(
        "\n\n" + by_name[f"logistic_regression/{name}"].source for name in names)
    results = support.grade_modules(HARNESS.submission(tmp_path, {"logistic_regression": source}),
                                    ["logistic_regression"], hidden=hidden)
    items = HARNESS.items(results, "logistic_regression")
    assert all(i.score == pytest.approx(i.max_score) and i.max_score > 0 and i.status == "passed"
               for i in items.values()), support.summary(items)


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
