"""Correct: b = float(0), w from np.zeros with a dtype."""

TARGET = None

import numpy as np


def initialize_with_zeros(dim):
    w = np.zeros(shape=(dim, 1), dtype=float)
    b = float(0)
    return w, b
