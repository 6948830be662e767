"""Correct: predict with np.round(A2) (0./1. floats)."""

TARGET = None

import numpy as np


def predict(parameters, X):
    A2, _ = forward_propagation(X, parameters)
    return np.round(A2)
