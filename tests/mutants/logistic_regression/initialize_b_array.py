"""initialize_with_zeros returns b as a (1, 1) array, np.zeros((1, 1)), instead of the number 0."""

TARGET = "initialize_with_zeros"

import numpy as np


def initialize_with_zeros(dim):
    w = np.zeros((dim, 1))
    b = np.zeros((1, 1))
    return w, b
