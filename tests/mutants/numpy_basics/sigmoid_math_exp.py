"""Sigmoid with math.exp, which only takes single numbers (TypeError on arrays)."""

TARGET = "sigmoid"

import math


def sigmoid(x):
    return 1 / (1 + math.exp(-x))
