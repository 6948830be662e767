"""propagate forgets the 1/m: cost, dw and db are m times too large."""

TARGET = "propagate"

import numpy as np


def propagate(w, b, X, Y):
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = np.dot(X, (A - Y).T)
    db = np.sum(A - Y)
    return {"dw": dw, "db": db}, cost
