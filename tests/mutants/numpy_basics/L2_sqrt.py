"""L2 as the Euclidean norm (with a square root) instead of the sum of squares."""

TARGET = "L2"

import numpy as np


def L2(yhat, y):
    return float(np.sqrt(np.sum((y - yhat) ** 2)))
