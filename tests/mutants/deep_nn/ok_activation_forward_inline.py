"""Correct: linear_activation_forward computing np.maximum / the sigmoid itself, caching Z."""

TARGET = None

import numpy as np


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A = 1 / (1 + np.exp(-Z)) if activation == "sigmoid" else np.where(Z > 0, Z, 0.0)
    return A, (linear_cache, Z)
