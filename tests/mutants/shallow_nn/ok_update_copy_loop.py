"""Correct: update_parameters on a deep copy with W = W - ..., in a loop."""

TARGET = None

import numpy as np


def update_parameters(parameters, grads, learning_rate=1.2):
    import copy
    new = copy.deepcopy(parameters)
    for key in new:
        new[key] = new[key] - learning_rate * grads["d" + key]
    return new
