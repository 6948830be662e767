"""Deep neural network for image classification.

You will train two networks on a small data set of pictures, "cat" (1) or "non-cat" (0),
using the building blocks you wrote in deep_nn.py:

    train_x_orig, train_y, test_x_orig, test_y, classes = load_data()
    train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.   # (12*12*3, 209)
    test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.      # (12*12*3, 50)

    np.random.seed(1)
    parameters, costs = two_layer_model(train_x, train_y, (train_x.shape[0], 7, 1), num_iterations=2500, print_cost=True)
    np.random.seed(1)
    parameters, costs = L_layer_model(train_x, train_y, [train_x.shape[0], 20, 7, 5, 1], num_iterations=2500, print_cost=True)
    predictions = predict(test_x, parameters)

Conventions the grader relies on:
- Both models return (parameters, costs); costs holds the cost (a float) of iterations
  0, 100, 200, ... -- one every 100 iterations, starting with the first.
- Do not seed np.random inside the models: the caller seeds right before the call.
- The two-layer model initialises with initialize_parameters (randn * 0.01), the L-layer
  model with initialize_parameters_deep (randn / sqrt(n[l-1])).
"""

import numpy as np

from deep_nn import (  # your building blocks from deep_nn.py  # noqa: F401
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters,
    initialize_parameters_deep,
    linear_activation_backward,
    linear_activation_forward,
    update_parameters,
)
from image_data import load_data  # noqa: F401  (provided)


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """
    Implements a two-layer neural network: LINEAR->RELU->LINEAR->SIGMOID.

    Arguments:
    X -- input data, of shape (n_x, number of examples)
    Y -- true "label" vector (containing 1 if cat, 0 if non-cat), of shape (1, number of examples)
    layers_dims -- dimensions of the layers (n_x, n_h, n_y)
    num_iterations -- number of iterations of the optimization loop
    learning_rate -- learning rate of the gradient descent update rule
    print_cost -- If set to True, this will print the cost every 100 iterations

    Returns:
    parameters -- a dictionary containing W1, W2, b1, and b2
    costs -- list of the costs of iterations 0, 100, 200, ... (plain floats)
    """
    costs = []  # to keep track of the cost
    (n_x, n_h, n_y) = layers_dims

    # Initialize parameters dictionary, by calling one of the functions you'd previously implemented
    # YOUR CODE HERE (1 line)

    # Get W1, b1, W2 and b2 from the dictionary parameters.

    # Loop (gradient descent)
    # for i in range(0, num_iterations):
    #     Forward propagation: LINEAR -> RELU -> LINEAR -> SIGMOID (linear_activation_forward, twice)
    #     Compute cost (compute_cost)
    #     Initializing backward propagation: dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
    #     Backward propagation (linear_activation_backward, twice); grads = {"dW1": ..., "db1": ..., "dW2": ..., "db2": ...}
    #     Update parameters (update_parameters), then read W1, b1, W2, b2 back from them
    #     Every 100 iterations (i % 100 == 0): record the cost; print it if print_cost
    # YOUR CODE HERE
    raise NotImplementedError("two_layer_model")


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """
    Implements a L-layer neural network: [LINEAR->RELU]*(L-1)->LINEAR->SIGMOID.

    Arguments:
    X -- input data, of shape (n_x, number of examples)
    Y -- true "label" vector (containing 1 if cat, 0 if non-cat), of shape (1, number of examples)
    layers_dims -- list containing the input size and each layer size, of length (number of layers + 1).
    learning_rate -- learning rate of the gradient descent update rule
    num_iterations -- number of iterations of the optimization loop
    print_cost -- if True, it prints the cost every 100 steps

    Returns:
    parameters -- parameters learnt by the model. They can then be used to predict.
    costs -- list of the costs of iterations 0, 100, 200, ... (plain floats)
    """
    costs = []  # keep track of cost

    # Parameters initialization (initialize_parameters_deep).
    # YOUR CODE HERE (1 line)

    # Loop (gradient descent): L_model_forward, compute_cost, L_model_backward, update_parameters;
    # every 100 iterations record the cost (and print it if print_cost).
    # YOUR CODE HERE
    raise NotImplementedError("L_layer_model")


def predict(X, parameters):
    """Not graded (provided): 0/1 predictions, shape (1, m), of a trained 2- or L-layer network."""
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(int)
