"""Deep neural network for image classification.

You will train two networks on a small data set of pictures, "cat" (1) or "non-cat" (0),
using the building blocks provided in dnn_app_utils.py (the course's dnn_app_utils_v3:
initialize_parameters, initialize_parameters_deep, linear_activation_forward,
L_model_forward, compute_cost, linear_activation_backward, L_model_backward,
update_parameters, predict, load_data):

    train_x_orig, train_y, test_x_orig, test_y, classes = load_data()
    train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.   # (12*12*3, 209)
    test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.      # (12*12*3, 50)

    parameters, costs = two_layer_model(train_x, train_y, (train_x.shape[0], 7, 1), num_iterations=2500, print_cost=True)
    parameters, costs = L_layer_model(train_x, train_y, [train_x.shape[0], 20, 7, 5, 1], num_iterations=2500, print_cost=True)
    pred_test = predict(test_x, test_y, parameters)

Conventions the grader relies on:
- Both models return (parameters, costs); costs holds the cost of iterations
  0, 100, 200, ... -- one every 100 iterations, starting with the first.
- The two-layer model initialises with initialize_parameters, the L-layer model with
  initialize_parameters_deep. The np.random.seed(1) line at the top of each model is the
  course's; keeping it or removing it are both fine.
- You may import the building blocks from your own deep_nn.py instead; the grader
  judges your models with the course's building blocks if yours differ.
"""

import numpy as np

from dnn_app_utils import *  # noqa: F401,F403  (the provided building blocks, as in the course)


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
    np.random.seed(1)
    grads = {}
    costs = []  # to keep track of the cost
    m = X.shape[1]  # number of examples
    (n_x, n_h, n_y) = layers_dims

    # Initialize parameters dictionary, by calling one of the functions you'd previously implemented
    # YOUR CODE HERE (1 line)

    # Get W1, b1, W2 and b2 from the dictionary parameters.

    # Loop (gradient descent)
    # for i in range(0, num_iterations):
    #     Forward propagation: LINEAR -> RELU -> LINEAR -> SIGMOID (linear_activation_forward, twice)
    #     Compute cost (compute_cost)
    #     Initializing backward propagation: dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
    #     Backward propagation (linear_activation_backward, twice); grads["dW1"], grads["db1"], grads["dW2"], grads["db2"]
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
    np.random.seed(1)
    costs = []  # keep track of cost

    # Parameters initialization (initialize_parameters_deep).
    # YOUR CODE HERE (1 line)

    # Loop (gradient descent): L_model_forward, compute_cost, L_model_backward, update_parameters;
    # every 100 iterations record the cost (and print it if print_cost).
    # YOUR CODE HERE
    raise NotImplementedError("L_layer_model")

