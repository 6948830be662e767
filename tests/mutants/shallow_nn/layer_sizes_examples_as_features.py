"""layer_sizes reads n_x from X.shape[1] (the number of examples) instead of X.shape[0]."""

TARGET = "layer_sizes"

import numpy as np


def layer_sizes(X, Y):
    n_x = X.shape[1]
    n_h = 4
    n_y = Y.shape[0]
    return (n_x, n_h, n_y)
