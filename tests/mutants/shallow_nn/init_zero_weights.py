"""initialize_parameters sets the weights to zero: symmetry is never broken."""

TARGET = "initialize_parameters"

import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    return {"W1": np.zeros((n_h, n_x)), "b1": np.zeros((n_h, 1)), "W2": np.zeros((n_y, n_h)), "b2": np.zeros((n_y, 1))}
