"""Sigmoid derivative as s * (1 + s) instead of s * (1 - s)."""

TARGET = "sigmoid_derivative"

def sigmoid_derivative(x):
    s = sigmoid(x)
    return s * (1 + s)
