"""nn_model shuffles the examples with np.random before initialising, so its starting weights are not the course's."""

TARGET = "nn_model"

import numpy as np


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    order = np.random.permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order]
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters
