"""Reference solution: deep neural network for image classification.

Built, as in the course's notebook, on the provided building blocks (dnn_app_utils,
the course's dnn_app_utils_v3), not on the student's deep_nn: its initialisers seed
np.random with 1 themselves (randn * 0.01 for two layers, randn / sqrt(n[l-1]) for L).
The models start with the template's np.random.seed(1) line.

`two_layer_descent` and `L_layer_descent` are the training loops from given starting
parameters: the hidden checks use them to compute what a model that does not reseed
gives from the caller's own draws.
"""

import numpy as np

from dnn_app_utils import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters,
    initialize_parameters_deep,
    linear_activation_backward,
    linear_activation_forward,
    update_parameters,
)


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """LINEAR -> RELU -> LINEAR -> SIGMOID, trained by gradient descent.

    Returns (parameters, costs); costs holds the cost of iterations 0, 100, 200, ...
    """
    np.random.seed(1)
    (n_x, n_h, n_y) = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    return two_layer_descent(X, Y, parameters, learning_rate, num_iterations, print_cost)


def two_layer_descent(X, Y, parameters, learning_rate, num_iterations, print_cost=False):
    """two_layer_model's loop, from the given starting parameters."""
    costs = []
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]

    for i in range(0, num_iterations):
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)
        W1 = parameters["W1"]
        b1 = parameters["b1"]
        W2 = parameters["W2"]
        b2 = parameters["b2"]
        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
        if i % 100 == 0:
            costs.append(float(cost))

    return parameters, costs


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID, trained by gradient descent.

    Returns (parameters, costs); costs holds the cost of iterations 0, 100, 200, ...
    """
    np.random.seed(1)
    parameters = initialize_parameters_deep(layers_dims)
    return L_layer_descent(X, Y, parameters, learning_rate, num_iterations, print_cost)


def L_layer_descent(X, Y, parameters, learning_rate, num_iterations, print_cost=False):
    """L_layer_model's loop, from the given starting parameters."""
    costs = []
    for i in range(0, num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
        if i % 100 == 0:
            costs.append(float(cost))

    return parameters, costs
