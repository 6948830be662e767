"""Correct: both losses returned as np.float64 from np.sum, L2 via np.square."""

TARGET = None

import numpy as np


def L1(yhat, y):
    return np.sum(np.abs(yhat - y))


def L2(yhat, y):
    return np.sum(np.square(yhat - y))
