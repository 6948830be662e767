"""Correct: L_layer_model running its own loop over linear_activation_forward/backward instead of L_model_forward/backward."""

TARGET = None

import numpy as np

from deep_nn import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters,
    initialize_parameters_deep,
    linear_activation_backward,
    linear_activation_forward,
    update_parameters,
)


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    costs = []
    parameters = initialize_parameters_deep(layers_dims)
    L = len(layers_dims) - 1
    for i in range(num_iterations):
        A, caches = X, []
        for l in range(1, L + 1):
            A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu" if l < L else "sigmoid")
            caches.append(cache)
        cost = compute_cost(A, Y)
        dA = -(Y / A - (1 - Y) / (1 - A))
        grads = {}
        for l in range(L, 0, -1):
            dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], "sigmoid" if l == L else "relu")
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration", i, ":", cost)
    return parameters, costs
