"""L1 as the mean instead of the sum of |y - yhat| (1/m of the expected)."""

TARGET = "L1"

import numpy as np


def L1(yhat, y):
    return float(np.mean(np.abs(y - yhat)))
