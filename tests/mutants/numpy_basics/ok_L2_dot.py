"""Correct: L2 as np.dot(d, d), returned as np.float64 (the course's hint)."""

TARGET = None

import numpy as np


def L2(yhat, y):
    d = y - yhat
    return np.dot(d, d)
