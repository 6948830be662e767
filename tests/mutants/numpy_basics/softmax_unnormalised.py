"""softmax forgets the normalisation: returns exp(x)."""

TARGET = "softmax"

import numpy as np


def softmax(x):
    return np.exp(x)
