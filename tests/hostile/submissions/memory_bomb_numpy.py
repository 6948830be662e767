"""Asks NumPy for a 28 GB array."""
import numpy as np

TARGET = "normalize_rows"


def normalize_rows(x):
    return np.ones((60000, 60000))
