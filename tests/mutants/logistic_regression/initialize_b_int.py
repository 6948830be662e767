"""initialize_with_zeros returns b = 0, an int, instead of the float 0.0."""

TARGET = "initialize_with_zeros"

import numpy as np


def initialize_with_zeros(dim):
    w = np.zeros((dim, 1))
    b = 0
    return w, b
