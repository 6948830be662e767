"""Correct: sigmoid derivative computed inline as s - s**2, without calling sigmoid()."""

TARGET = None

import numpy as np


def sigmoid_derivative(x):
    s = 1 / (1 + np.exp(-x))
    return s - s ** 2
