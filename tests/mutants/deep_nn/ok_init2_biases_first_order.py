"""Correct: initialize_parameters builds the dict in another key order (same draws)."""

TARGET = None

import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    W2 = np.random.randn(n_y, n_h) * 0.01
    return {"b1": np.zeros((n_h, 1)), "b2": np.zeros((n_y, 1)), "W1": W1, "W2": W2}
