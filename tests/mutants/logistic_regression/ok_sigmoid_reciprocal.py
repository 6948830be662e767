"""Correct: sigmoid with np.reciprocal and np.negative."""

TARGET = None

import numpy as np


def sigmoid(z):
    return np.reciprocal(1.0 + np.exp(np.negative(z)))
