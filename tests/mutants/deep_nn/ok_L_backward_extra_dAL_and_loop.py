"""Correct: L_model_backward with a countdown loop that also keeps grads['dA' + str(L)]."""

TARGET = None

import numpy as np


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    grads["dA" + str(L)] = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(grads[f"dA{l}"], caches[l - 1], activation)
    return grads
