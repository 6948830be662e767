"""predict thresholds Z2 at 0.5 instead of A2 = sigmoid(Z2)."""

TARGET = "predict"

import numpy as np


def predict(parameters, X):
    A2, cache = forward_propagation(X, parameters)
    return cache["Z2"] > 0.5
