"""update_parameters adds learning_rate * gradient (gradient ascent)."""

TARGET = "update_parameters"

import numpy as np


def update_parameters(params, grads, learning_rate):
    return {k: v + learning_rate * grads["d" + k] for k, v in params.items()}
