"""Correct: propagate with Python loops over the examples for the cost and gradients."""

TARGET = None

import numpy as np


def propagate(w, b, X, Y):
    n, m = X.shape
    A = sigmoid(np.dot(w.T, X) + b)
    cost = 0.0
    dw = np.zeros((n, 1))
    db = 0.0
    for i in range(m):
        a, y = A[0, i], Y[0, i]
        cost -= y * np.log(a) + (1 - y) * np.log(1 - a)
        dw[:, 0] += X[:, i] * (a - y)
        db += a - y
    return {"dw": dw / m, "db": db / m}, cost / m
