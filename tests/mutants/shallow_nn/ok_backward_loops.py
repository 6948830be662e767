"""Correct: backward_propagation accumulating the gradients one example at a time."""

TARGET = None

import numpy as np


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2, A1, A2 = parameters["W2"], cache["A1"], cache["A2"]
    grads = {"dW1": np.zeros(parameters["W1"].shape), "db1": np.zeros(parameters["b1"].shape),
             "dW2": np.zeros(W2.shape), "db2": np.zeros(parameters["b2"].shape)}
    for i in range(m):
        x, a1 = X[:, i:i + 1], A1[:, i:i + 1]
        dz2 = A2[:, i:i + 1] - Y[:, i:i + 1]
        dz1 = np.multiply(W2.T @ dz2, 1 - a1 ** 2)
        grads["dW2"] += dz2 @ a1.T / m
        grads["db2"] += dz2 / m
        grads["dW1"] += dz1 @ x.T / m
        grads["db1"] += dz1 / m
    return grads
