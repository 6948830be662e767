"""linear_backward divides dA_prev by m as well."""

TARGET = "linear_backward"

import numpy as np


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return np.dot(W.T, dZ) / m, np.dot(dZ, A_prev.T) / m, np.sum(dZ, axis=1, keepdims=True) / m
