"""Correct: optimize computing the gradients itself (no call to propagate), np.float64 costs."""

TARGET = None

import numpy as np


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    m = X.shape[1]
    costs = []
    for i in range(num_iterations):
        A = 1 / (1 + np.exp(-(w.T @ X + b)))
        cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
        dw = X @ (A - Y).T / m
        db = np.mean(A - Y)
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"iteration {i}: cost {cost:.6f}")
    return {"w": w, "b": b}, {"dw": dw, "db": db}, costs
