"""predict compares z = w.T X + b (not the probability) with 0.5."""

TARGET = "predict"

import numpy as np


def predict(w, b, X):
    Z = np.dot(w.T, X) + b
    return (Z > 0.5).astype(float)
