"""Statistical checks for random initialisation: right draws pass, known mistakes are named."""

from __future__ import annotations

import numpy as np
import pytest

from grader.exercise.compare import CheckFailed, expect_stats

SHAPES = [(1, 1), (1, 2), (2, 1), (3, 2), (4, 3), (5, 10), (7, 7), (20, 12), (100, 50)]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_correct_draws_pass_for_many_seeds_and_generators(shape):
    for seed in range(60):
        legacy = np.random.RandomState(seed)
        rng = np.random.default_rng(seed)
        for std in (0.01, 1 / np.sqrt(shape[1]), 1.0):
            expect_stats(legacy.randn(*shape) * std, "W", shape=shape, mean=0, std=std)
            expect_stats(rng.standard_normal(shape) * std, "W", shape=shape, mean=0, std=std)
            expect_stats(rng.normal(0, std, size=shape), "W", shape=shape, std=std)
    expect_stats(np.zeros((shape[0], 1)), "b", shape=(shape[0], 1), mean=0, std=0)


R = np.random.RandomState(3)


@pytest.mark.parametrize(
    "actual, kwargs, kind, fragment",
    [
        (np.zeros((4, 3)), {"mean": 0, "std": 0.01}, "stats.zeros",
         "W1 is all zeros: zero initialisation keeps every hidden unit identical (symmetry)"),
        (np.full((4, 3), 0.01), {"mean": 0, "std": 0.01}, "stats.constant_nonzero", "symmetry"),
        (R.randn(4, 3), {"mean": 0, "std": 0.01}, "stats.unscaled", "not scaled"),
        (R.randn(4, 3), {"mean": 0, "std": 0.01, "std_hint": "0.01"}, "stats.unscaled", "multiply randn by 0.01"),
        (R.randn(30, 20) * 0.01, {"mean": 0, "std": 1 / np.sqrt(20), "std_hint": "1/np.sqrt(n_prev)"},
         "stats.std", "standard deviation about 0.0456 times 1/np.sqrt(n_prev)"),
        (R.randn(30, 20) * 0.03, {"mean": 0, "std": 0.01}, "stats.std", "standard deviation about 2.99 times the expected scale"),
        (R.rand(30, 20) * 0.01, {"mean": 0, "std": 0.01}, "stats.uniform", "np.random.rand draws from [0, 1)"),
        (R.randn(30, 20) * 0.01 + 0.01, {"mean": 0, "std": 0.01}, "stats.mean", "centred on 0"),
        (np.ones((4, 1)), {"mean": 0, "std": 0}, "stats.constant", "should be all 0, but 4 of 4"),
        (np.full((2, 3), np.nan), {"mean": 0, "std": 0.01}, "value.nan", "NaN"),
    ],
)
def test_wrong_initialisations_are_named(actual, kwargs, kind, fragment):
    with pytest.raises(CheckFailed) as info:
        expect_stats(actual, "W1", **kwargs)
    assert info.value.kind == kind, str(info.value)
    assert fragment in str(info.value)


def test_shape_is_checked_first():
    with pytest.raises(CheckFailed, match="rank-1"):
        expect_stats(np.zeros(4), "b1", shape=(4, 1), mean=0, std=0)
    with pytest.raises(CheckFailed, match="expected a NumPy array"):
        expect_stats([0.0], "b1", mean=0, std=0)
