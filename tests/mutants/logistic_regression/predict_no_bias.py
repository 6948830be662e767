"""predict forgets the bias: A = sigmoid(w.T X)."""

TARGET = "predict"

import numpy as np


def predict(w, b, X):
    A = sigmoid(np.dot(w.T, X))
    return (A > 0.5).astype(float)
