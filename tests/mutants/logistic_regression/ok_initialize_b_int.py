"""Correct (2017-2020 edition): initialize_with_zeros returns b = 0, an int, as that template did."""

TARGET = None

import numpy as np


def initialize_with_zeros(dim):
    w = np.zeros((dim, 1))
    b = 0
    return w, b
