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
