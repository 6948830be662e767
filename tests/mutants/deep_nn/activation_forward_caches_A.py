"""linear_activation_forward keeps A instead of Z as the activation cache."""

TARGET = "linear_activation_forward"

import numpy as np

from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, _ = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, (linear_cache, A)
