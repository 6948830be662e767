"""compute_cost returns a (1, 1) array instead of a float."""

TARGET = "compute_cost"

import numpy as np


def compute_cost(AL, Y):
    m = Y.shape[1]
    return -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
