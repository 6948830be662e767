"""Correct: b as np.float64(0), w from np.zeros_like of a column."""

TARGET = None

import numpy as np


def initialize_with_zeros(dim):
    w = np.zeros_like(np.empty((dim, 1)))
    b = np.float64(0)
    return w, b
