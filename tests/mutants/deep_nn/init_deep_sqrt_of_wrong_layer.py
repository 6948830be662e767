"""initialize_parameters_deep divides by sqrt(n[l]) instead of sqrt(n[l-1])."""

TARGET = "initialize_parameters_deep"

import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
