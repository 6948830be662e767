"""Correct: compute_cost with np.dot, returning np.squeeze of a (1, 1) array (a 0-d array)."""

TARGET = None

import numpy as np


def compute_cost(A2, Y):
    m = Y.shape[1]
    cost = -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m
    return np.squeeze(cost)
