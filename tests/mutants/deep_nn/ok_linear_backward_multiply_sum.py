"""Correct: linear_backward with np.matmul and a mean over the examples."""

TARGET = None

import numpy as np


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return np.matmul(W.T, dZ), np.matmul(dZ, A_prev.T) / m, np.mean(dZ, axis=1, keepdims=True)
