"""update_parameters copies the dict shallowly (params.copy()) and updates with -=: the caller's arrays change."""

TARGET = "update_parameters"

import numpy as np


def update_parameters(params, grads, learning_rate):
    parameters = params.copy()
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] -= learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] -= learning_rate * grads["db" + str(l)]
    return parameters
