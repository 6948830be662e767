"""compute_cost keeps only the y log(a) term of the loss."""

TARGET = "compute_cost"

import numpy as np


def compute_cost(A2, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A2)) / m)
