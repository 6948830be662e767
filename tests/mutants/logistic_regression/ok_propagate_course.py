"""Correct: the course's propagate, cost = np.squeeze(np.array(cost)) and np.float64 db."""

TARGET = None

import numpy as np


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -1 / m * np.sum(np.dot(np.log(A), Y.T) + np.dot(np.log(1 - A), (1 - Y).T))
    dw = 1 / m * np.dot(X, (A - Y).T)
    db = 1 / m * np.sum(A - Y)
    cost = np.squeeze(np.array(cost))
    grads = {"dw": dw, "db": db}
    return grads, cost
