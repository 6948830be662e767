"""linear_activation_backward passes dA straight to linear_backward (no activation derivative)."""

TARGET = "linear_activation_backward"

import numpy as np


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    return linear_backward(dA, linear_cache)
