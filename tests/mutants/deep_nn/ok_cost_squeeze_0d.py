"""Correct: compute_cost returning np.squeeze of a (1, 1) array (a 0-d array)."""

TARGET = None

import numpy as np


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -(1 / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
    return np.squeeze(cost)
