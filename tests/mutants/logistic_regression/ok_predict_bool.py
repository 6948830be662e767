"""Correct: predict returns a boolean array A > 0.5."""

TARGET = None

import numpy as np


def predict(w, b, X):
    A = sigmoid(np.dot(w.T, X) + b)
    return A > 0.5
