"""linear_forward stores its cache in the wrong order, (W, A, b)."""

TARGET = "linear_forward"

import numpy as np


def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    return Z, (W, A, b)
