"""update_parameters changes the caller's arrays in place (W1 -= ...)."""

TARGET = "update_parameters"

import numpy as np


def update_parameters(parameters, grads, learning_rate=1.2):
    for k in ("W1", "b1", "W2", "b2"):
        parameters[k] -= learning_rate * grads["d" + k]
    return parameters
