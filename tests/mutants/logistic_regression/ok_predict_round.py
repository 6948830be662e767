"""Correct: predict with np.round(A) (0.5 rounds to 0, like A > 0.5)."""

TARGET = None

import numpy as np


def predict(w, b, X):
    return np.round(sigmoid(w.T @ X + b))
