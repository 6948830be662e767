"""compute_cost forgets the minus sign."""

TARGET = "compute_cost"

import numpy as np


def compute_cost(AL, Y):
    m = Y.shape[1]
    return float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)
