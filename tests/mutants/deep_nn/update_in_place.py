"""update_parameters scales the caller's gradients in place (grads[...] *= learning_rate) before subtracting them."""

TARGET = "update_parameters"

import copy

import numpy as np


def update_parameters(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        grads["dW" + str(l)] *= learning_rate
        grads["db" + str(l)] *= learning_rate
        parameters["W" + str(l)] = parameters["W" + str(l)] - grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - grads["db" + str(l)]
    return parameters
