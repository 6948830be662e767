"""compute_cost returns a (1, 1) array (np.dot without np.squeeze) instead of a float."""

TARGET = "compute_cost"

import numpy as np


def compute_cost(A2, Y):
    m = Y.shape[1]
    cost = -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m
    return cost
