"""Correct: layer_sizes returns a list [n_x, n_h, n_y] instead of a tuple."""

TARGET = None

import numpy as np


def layer_sizes(X, Y):
    return [X.shape[0], 4, Y.shape[0]]
