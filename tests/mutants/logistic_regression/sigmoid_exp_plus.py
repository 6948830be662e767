"""Sigmoid with exp(z) instead of exp(-z): computes sigmoid(-z)."""

TARGET = "sigmoid"

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(z))
