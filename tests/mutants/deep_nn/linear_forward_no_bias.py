"""linear_forward leaves out b."""

TARGET = "linear_forward"

import numpy as np


def linear_forward(A, W, b):
    return np.dot(W, A), (A, W, b)
