"""linear_backward forgets the 1/m in dW and db."""

TARGET = "linear_backward"

import numpy as np


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T), np.sum(dZ, axis=1, keepdims=True)
