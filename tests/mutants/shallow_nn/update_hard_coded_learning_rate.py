"""update_parameters ignores its learning_rate argument and always uses 1.2."""

TARGET = "update_parameters"

import numpy as np


def update_parameters(parameters, grads, learning_rate=1.2):
    return {k: parameters[k] - 1.2 * grads["d" + k] for k in ("W1", "b1", "W2", "b2")}
