"""predict returns the probabilities A2, not 0/1 predictions."""

TARGET = "predict"

import numpy as np


def predict(parameters, X):
    A2, cache = forward_propagation(X, parameters)
    return A2
