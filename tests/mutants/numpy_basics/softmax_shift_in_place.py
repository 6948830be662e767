"""Stable softmax that subtracts the row maximum in place (x -= ...): the caller's array is changed."""

TARGET = "softmax"

import numpy as np


def softmax(x):
    x -= np.max(x, axis=1, keepdims=True)
    x_exp = np.exp(x)
    return x_exp / np.sum(x_exp, axis=1, keepdims=True)
