"""Sigmoid with exp(x) instead of exp(-x): computes sigmoid(-x)."""

TARGET = "sigmoid"

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(x))
