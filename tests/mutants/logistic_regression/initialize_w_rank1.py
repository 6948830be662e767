"""initialize_with_zeros returns w as a rank-1 array (dim,) instead of (dim, 1)."""

TARGET = "initialize_with_zeros"

import numpy as np


def initialize_with_zeros(dim):
    w = np.zeros(dim)
    b = 0.0
    return w, b
