"""Correct: initialize_parameters keeps the Step-by-Step template's np.random.seed(1) line."""

TARGET = None

import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    assert W1.shape == (n_h, n_x)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters
