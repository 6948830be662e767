"""compute_cost forgets to divide by m."""

TARGET = "compute_cost"

import numpy as np


def compute_cost(AL, Y):
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))
