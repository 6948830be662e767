"""predict returns the probabilities A instead of 0/1 predictions."""

TARGET = "predict"

import numpy as np


def predict(w, b, X):
    return sigmoid(np.dot(w.T, X) + b)
