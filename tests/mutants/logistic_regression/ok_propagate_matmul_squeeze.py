"""Correct: propagate with @, np.mean, and the cost as np.squeeze of a (1, 1) product (a 0-d array)."""

TARGET = None

import numpy as np


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -(Y @ np.log(A).T + (1 - Y) @ np.log(1 - A).T) / m
    cost = np.squeeze(cost)
    dw = X @ (A - Y).T / m
    db = np.mean(A - Y)
    return {"dw": dw, "db": db}, cost
