"""Correct: the course's plain softmax, exp without subtracting the maximum."""

TARGET = None

import numpy as np


def softmax(x):
    x_exp = np.exp(x)
    x_sum = np.sum(x_exp, axis=1, keepdims=True)
    return x_exp / x_sum
