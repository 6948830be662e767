"""linear_backward sums dZ over axis 0 instead of axis 1."""

TARGET = "linear_backward"

import numpy as np


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, np.sum(dZ, axis=0, keepdims=True) / m
