"""Correct: nn_model printing with an f-string, every 1000 iterations."""

TARGET = None

import numpy as np


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    sizes = layer_sizes(X, Y)
    parameters = initialize_parameters(sizes[0], n_h, sizes[2])
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate=1.2)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost:.6f}")
    return parameters
