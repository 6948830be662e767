"""Sigmoid derivative that forgets to apply the sigmoid: x * (1 - x)."""

TARGET = "sigmoid_derivative"

def sigmoid_derivative(x):
    return x * (1 - x)
