"""Correct: update_parameters as a dict comprehension (new arrays, the caller's untouched)."""

TARGET = None

import numpy as np


def update_parameters(params, grads, learning_rate):
    return {key: value - learning_rate * grads["d" + key] for key, value in params.items()}
