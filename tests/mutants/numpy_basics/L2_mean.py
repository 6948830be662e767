"""L2 as the mean squared error instead of the sum of squares."""

TARGET = "L2"

import numpy as np


def L2(yhat, y):
    return float(np.mean((y - yhat) ** 2))
