"""Correct: linear_forward with the @ operator."""

TARGET = None

import numpy as np


def linear_forward(A, W, b):
    return W @ A + b, (A, W, b)
