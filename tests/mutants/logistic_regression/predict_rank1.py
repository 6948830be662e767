"""predict returns a rank-1 array (m,) instead of (1, m)."""

TARGET = "predict"

import numpy as np


def predict(w, b, X):
    A = sigmoid(np.dot(w.T, X) + b)
    return (A[0] > 0.5).astype(float)
