"""Correct: numerically stable sigmoid that never overflows (exp of -|x| only)."""

TARGET = None

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))
