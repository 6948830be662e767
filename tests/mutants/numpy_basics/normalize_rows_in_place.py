"""normalize_rows divides in place (x /= ...): the right values, but the caller's array is changed."""

TARGET = "normalize_rows"

import numpy as np


def normalize_rows(x):
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x
