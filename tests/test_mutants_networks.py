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
CATALOGUE = [m for module in MODULES for m in support.mutants(module)]


def _functions(module: str) -> list[str]:
    from grader.course import load_course

    return list(load_course(support.ROOT).module(module).functions)


def _submission(tmp_path, replace: dict[str, str] | None = None):
    """The three network modules, the reference unless `replace` gives another source."""
    modules = {m: support.reference_source(m) for m in MODULES}
    modules.update(replace or {})
    return support.write_submission(tmp_path / "submission", modules)


def _items(results: dict, module: str) -> dict:
    """{function: ItemResult} for every graded function of `module` (all must be there)."""
    items = {fn: results.get(f"{module}.{fn}") for fn in _functions(module)}
    missing = [fn for fn, item in items.items() if item is None]
    assert not missing, f"no result for {module}.{missing}"
    return items


def _summary(items: dict) -> str:
    return "\n".join(f"  {fn}: {it.score:g}/{it.max_score:g} {it.status} {it.feedback[:300]!r}" for fn, it in items.items())


def test_catalogue_is_big_enough_and_well_formed():
    wrong = [m for m in CATALOGUE if m.target is not None]
    right = [m for m in CATALOGUE if m.target is None]
    assert len(wrong) >= 40, [m.name for m in wrong]
    assert len(right) >= 10, [m.name for m in right]
    for mutant in CATALOGUE:
        assert mutant.description, f"{mutant.name}: the docstring must say what the mistake is"
        if mutant.target is not None:
            assert mutant.target in _functions(mutant.module), f"{mutant.name}: unknown TARGET {mutant.target!r}"
            assert f"def {mutant.target}(" in mutant.source, f"{mutant.name} does not redefine {mutant.target}"
    for module in MODULES:
        targets = {m.target for m in wrong if m.module == module}
        assert targets == set(_functions(module)), f"{module}: functions without a mutant: {set(_functions(module)) - targets}"


def test_reference_scores_full_marks(tmp_path):
    results = support.grade_modules(_submission(tmp_path), list(MODULES))
    for module in MODULES:
        items = _items(results, module)
        for fn, item in items.items():
            assert item.max_score > 0, f"{module}.{fn} has no checks\n{_summary(items)}"
            assert item.score == pytest.approx(item.max_score) and item.status == "passed", \
                f"reference loses points in {module}.{fn}\n{_summary(items)}"


@pytest.mark.parametrize("student", ["alice", "bob"])
def test_reference_scores_full_marks_for_other_students(tmp_path, student):
    """Other students get other random inputs (and seeds): still full marks."""
    results = support.grade_modules(_submission(tmp_path), list(MODULES), student=student)
    for module in MODULES:
        items = _items(results, module)
        assert all(i.score == pytest.approx(i.max_score) and i.max_score > 0 for i in items.values()), _summary(items)


def test_reference_passes_the_public_checks_alone(tmp_path):
    """What a student runs without solutions/: the public checks need no reference."""
    results = support.grade_modules(_submission(tmp_path), list(MODULES), hidden=False)
    for module in MODULES:
        items = _items(results, module)
        for fn, item in items.items():
            assert item.max_score > 0 and item.score == pytest.approx(item.max_score) and item.status == "passed", \
                f"public checks: reference loses points in {module}.{fn}\n{_summary(items)}"


def test_stubs_score_zero_without_crashing(tmp_path):
    stubs = {m: support.stub_source(m) for m in MODULES}
    results = support.grade_modules(_submission(tmp_path, stubs), list(MODULES))
    for module in MODULES:
        items = _items(results, module)
        for fn, item in items.items():
            assert item.score == 0, f"the stub earns points in {module}.{fn}\n{_summary(items)}"
            assert item.max_score > 0, f"{module}.{fn}: the stub's checks did not count\n{_summary(items)}"
            assert item.status != "passed", f"{module}.{fn}\n{_summary(items)}"
            assert item.feedback, f"{module}.{fn}: a failing stub gets no feedback"


def test_application_stub_next_to_a_correct_deep_nn_scores_zero(tmp_path):
    """The stub's models raise even when the building blocks it imports work."""
    results = support.grade_modules(
        _submission(tmp_path, {"deep_nn_application": support.stub_source("deep_nn_application")}),
        ["deep_nn_application"])
    items = _items(results, "deep_nn_application")
    assert all(i.score == 0 and i.max_score > 0 for i in items.values()), _summary(items)


def test_a_buggy_deep_nn_is_not_charged_to_the_application(tmp_path):
    """Blame isolation across modules: the models are right, deep_nn's backward pass is not."""
    buggy = support.reference_source("deep_nn") + (
        "\n\ndef linear_backward(dZ, cache):\n"
        "    A_prev, W, b = cache\n"
        "    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T), np.sum(dZ, axis=1, keepdims=True)\n")
    results = support.grade_modules(_submission(tmp_path, {"deep_nn": buggy}), ["deep_nn", "deep_nn_application"])
    app = _items(results, "deep_nn_application")
    assert all(i.score == pytest.approx(i.max_score) and i.max_score > 0 for i in app.values()), _summary(app)
    deep = _items(results, "deep_nn")
    assert deep["linear_backward"].score < deep["linear_backward"].max_score, _summary(deep)


@pytest.mark.parametrize("mutant", CATALOGUE, ids=lambda m: m.name)
def test_mutant_is_graded_in_its_own_function_only(mutant, tmp_path):
    submission = _submission(tmp_path, {mutant.module: mutant.submission_source()})
    items = _items(support.grade_modules(submission, [mutant.module]), mutant.module)
    for fn, item in items.items():
        if fn == mutant.target:
            assert item.score < item.max_score, f"{mutant.name} ({mutant.description}) is not caught\n{_summary(items)}"
            assert item.status != "passed" and item.feedback, f"{mutant.name}\n{_summary(items)}"
        else:
            assert item.max_score > 0 and item.score == pytest.approx(item.max_score) and item.status == "passed", (
                f"{mutant.name} ({mutant.description}) costs points in {fn}"
                + (" (a correct variant)" if mutant.target is None else f", not only in {mutant.target}")
                + f"\n{_summary(items)}")
