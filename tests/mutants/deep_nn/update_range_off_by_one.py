"""update_parameters loops over range(1, L) and never updates the last layer."""

TARGET = "update_parameters"

import numpy as np


def update_parameters(params, grads, learning_rate):
    parameters = dict(params)
    L = len(parameters) // 2
    for l in range(1, L):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters
