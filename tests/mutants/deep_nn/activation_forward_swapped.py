"""linear_activation_forward applies relu for 'sigmoid' and sigmoid for 'relu'."""

TARGET = "linear_activation_forward"

import numpy as np

from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = relu(Z)
    else:
        A, activation_cache = sigmoid(Z)
    return A, (linear_cache, activation_cache)
