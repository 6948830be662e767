"""compute_cost sums the losses and forgets to divide by m."""

TARGET = "compute_cost"

import numpy as np


def compute_cost(A2, Y):
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    return float(-np.sum(logprobs))
