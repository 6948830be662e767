"""update_parameters adds the gradients (gradient ascent)."""

TARGET = "update_parameters"

import numpy as np


def update_parameters(parameters, grads, learning_rate=1.2):
    return {k: parameters[k] + learning_rate * grads["d" + k] for k in ("W1", "b1", "W2", "b2")}
