"""Correct: initialize_parameters draws with a fresh np.random.default_rng() (other draws, right statistics)."""

TARGET = None

import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    rng = np.random.default_rng()
    return {
        "W1": rng.standard_normal((n_h, n_x)) * 0.01,
        "b1": np.zeros((n_h, 1)),
        "W2": rng.standard_normal((n_y, n_h)) * 0.01,
        "b2": np.zeros((n_y, 1)),
    }
