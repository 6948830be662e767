"""Correct: row norms computed by hand with sqrt(sum(x**2)), and np.divide."""

TARGET = None

import numpy as np


def normalize_rows(x):
    x_norm = np.sqrt(np.sum(x * x, axis=1, keepdims=True))
    return np.divide(x, x_norm)
