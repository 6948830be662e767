"""softmax divides by the sum over the whole matrix instead of each row."""

TARGET = "softmax"

import numpy as np


def softmax(x):
    x_exp = np.exp(x)
    return x_exp / np.sum(x_exp)
