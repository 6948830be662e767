"""Planar data classification with one hidden layer.

You will build a neural network with a single hidden layer and train it to separate
the two classes of the "flower" data set, which logistic regression cannot do:

    X, Y = load_planar_dataset()      # X: (2, 400) coordinates, Y: (1, 400) labels 0/1

The model, for one example x(i):

    z[1](i) = W1 x(i) + b1        a[1](i) = tanh(z[1](i))
    z[2](i) = W2 a[1](i) + b2     y_hat(i) = a[2](i) = sigmoid(z[2](i))

and the cost J = -(1/m) * sum_i ( y(i) log(a[2](i)) + (1 - y(i)) log(1 - a[2](i)) ).

Shapes: X is (n_x, m), one column per example; Y is (1, m); W1 (n_h, n_x), b1 (n_h, 1),
W2 (n_y, n_h), b2 (n_y, 1).

Conventions the grader relies on:
- Seed lines as in the course's templates (np.random.seed(2) in initialize_parameters,
  np.random.seed(3) in nn_model) may stay or go: both are graded right.
- Costs are plain Python floats; use np.squeeze / float(...) if needed.
- Return new arrays and dicts; never change the arguments you are given in place.

Replace each `raise NotImplementedError(...)` with your code (the places are marked
`# YOUR CODE HERE`). Run `grade` to check your work.
"""

import numpy as np

from planar_utils import load_planar_dataset, sigmoid  # noqa: F401  (provided helpers)


def layer_sizes(X, Y):
    """
    Arguments:
    X -- input dataset of shape (input size, number of examples)
    Y -- labels of shape (output size, number of examples)

    Returns:
    n_x -- the size of the input layer
    n_h -- the size of the hidden layer (set this to 4)
    n_y -- the size of the output layer

    Return them as a tuple (n_x, n_h, n_y) of ints.
    """
    # YOUR CODE HERE (3 lines: read n_x and n_y from the shapes, n_h = 4)
    raise NotImplementedError("layer_sizes")


def initialize_parameters(n_x, n_h, n_y):
    """
    Argument:
    n_x -- size of the input layer
    n_h -- size of the hidden layer
    n_y -- size of the output layer

    Returns:
    params -- python dictionary containing your parameters:
                    W1 -- weight matrix of shape (n_h, n_x), np.random.randn(...) * 0.01
                    b1 -- bias vector of shape (n_h, 1), zeros
                    W2 -- weight matrix of shape (n_y, n_h), np.random.randn(...) * 0.01
                    b2 -- bias vector of shape (n_y, 1), zeros

    Draw W1 first, then W2 (that is the course's order).
    Why random and small: zero weights would keep every hidden unit identical (symmetry),
    large ones would saturate tanh.
    """
    # YOUR CODE HERE (4 lines)
    raise NotImplementedError("initialize_parameters")


def forward_propagation(X, parameters):
    """
    Argument:
    X -- input data of size (n_x, m)
    parameters -- python dictionary containing your parameters (output of initialize_parameters)

    Returns:
    A2 -- the sigmoid output of the second activation, of shape (1, m)
    cache -- a dictionary containing "Z1", "A1", "Z2" and "A2"

    Hidden layer: tanh (np.tanh). Output layer: sigmoid (provided, from planar_utils).
    """
    # Retrieve each parameter from the dictionary "parameters"
    # YOUR CODE HERE (4 lines)

    # Implement Forward Propagation to calculate A2 (probabilities)
    # YOUR CODE HERE (4 lines)
    raise NotImplementedError("forward_propagation")


def compute_cost(A2, Y):
    """
    Computes the cross-entropy cost given in the module docstring.

    Arguments:
    A2 -- the sigmoid output of the second activation, of shape (1, number of examples)
    Y -- "true" labels vector of shape (1, number of examples)

    Returns:
    cost -- cross-entropy cost, a plain Python float
    """
    # YOUR CODE HERE (about 3 lines: m, the log-probabilities, the mean)
    raise NotImplementedError("compute_cost")


def backward_propagation(parameters, cache, X, Y):
    """
    Implement the backward propagation.

    Arguments:
    parameters -- python dictionary containing our parameters
    cache -- a dictionary containing "Z1", "A1", "Z2" and "A2"
    X -- input data of shape (n_x, number of examples)
    Y -- "true" labels vector of shape (1, number of examples)

    Returns:
    grads -- python dictionary containing your gradients with respect to different parameters:
             "dW1" (n_h, n_x), "db1" (n_h, 1), "dW2" (n_y, n_h), "db2" (n_y, 1)

    The six equations (m = number of examples):
        dZ2 = A2 - Y
        dW2 = (1/m) dZ2 A1.T                  db2 = (1/m) * sum of dZ2 over the examples (axis=1, keepdims=True)
        dZ1 = W2.T dZ2 * g'(Z1)  where for tanh g'(Z1) = 1 - A1**2
        dW1 = (1/m) dZ1 X.T                   db1 = (1/m) * sum of dZ1 over the examples (axis=1, keepdims=True)
    """
    # YOUR CODE HERE (retrieve W2 from parameters, A1 and A2 from cache; then the six equations)
    raise NotImplementedError("backward_propagation")


def update_parameters(parameters, grads, learning_rate=1.2):
    """
    Updates parameters using the gradient descent update rule: theta = theta - learning_rate * dtheta

    Arguments:
    parameters -- python dictionary containing your parameters
    grads -- python dictionary containing your gradients

    Returns:
    parameters -- a NEW python dictionary containing your updated parameters
                  (W1 = W1 - learning_rate * dW1, not W1 -= ...: the caller's arrays stay as they were)
    """
    # YOUR CODE HERE
    raise NotImplementedError("update_parameters")


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """
    Arguments:
    X -- dataset of shape (2, number of examples)
    Y -- labels of shape (1, number of examples)
    n_h -- size of the hidden layer
    num_iterations -- number of iterations in the gradient descent loop
    print_cost -- if True, print the cost every 1000 iterations

    Returns:
    parameters -- parameters learnt by the model. They can then be used to predict.

    Use your functions above: layer_sizes (for n_x and n_y), initialize_parameters, then
    num_iterations times forward_propagation, compute_cost, backward_propagation and
    update_parameters (with its default learning rate).
    """
    # YOUR CODE HERE
    raise NotImplementedError("nn_model")


def predict(parameters, X):
    """
    Using the learned parameters, predicts a class for each example in X

    Arguments:
    parameters -- python dictionary containing your parameters
    X -- input data of size (n_x, m)

    Returns
    predictions -- vector of predictions of our model (red: 0 / blue: 1), shape (1, m):
                   1 where the output A2 is above 0.5 (booleans or 0/1 numbers)
    """
    # YOUR CODE HERE (2 lines)
    raise NotImplementedError("predict")
