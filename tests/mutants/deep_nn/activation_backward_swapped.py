"""linear_activation_backward uses sigmoid_backward for 'relu' and relu_backward for 'sigmoid'."""

TARGET = "linear_activation_backward"

import numpy as np

from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        dZ = relu_backward(dA, activation_cache)
    return linear_backward(dZ, linear_cache)
