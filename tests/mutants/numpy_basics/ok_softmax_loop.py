"""Correct: softmax row by row in a Python loop, with the max subtracted for stability."""

TARGET = None

import numpy as np


def softmax(x):
    s = np.empty(x.shape)
    for i in range(x.shape[0]):
        row = np.exp(x[i] - x[i].max())
        s[i] = row / row.sum()
    return s
