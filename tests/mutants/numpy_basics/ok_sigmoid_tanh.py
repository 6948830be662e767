"""Correct: sigmoid through the identity sigmoid(x) = (1 + tanh(x / 2)) / 2."""

TARGET = None

import numpy as np


def sigmoid(x):
    return 0.5 * (1 + np.tanh(x / 2))
