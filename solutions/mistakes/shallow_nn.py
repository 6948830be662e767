"""Common mistakes in shallow_nn (Planar data classification with one hidden layer).

Each variant is the reference function with exactly one realistic mistake, written as a
drop-in replacement (it uses only names the reference module defines or imports). When a
student's result fails a check, the grader runs these on the trusted side with the same
inputs (random initialisations under the same np.random seed); a variant that reproduces
the student's result names the mistake, without giving the answer away. `grade validate`
checks that each is caught, in its own function only, and named.
"""

import numpy as np

from grader.checks import mistake
from planar_utils import sigmoid  # provided helper, by plain name
from shallow_nn import (  # the reference, by plain name
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    layer_sizes,
    update_parameters,
)


# ---------------------------------------------------------------- layer_sizes

@mistake("layer_sizes", "n_x_from_examples", "n_x is the number of input features: X has one example per column, so which dimension of X.shape is it?")
def layer_sizes(X, Y):
    n_x = X.shape[1]
    n_h = 4
    n_y = Y.shape[0]
    return (n_x, n_h, n_y)


@mistake("layer_sizes", "n_y_from_examples", "n_y is the number of output units: Y has one example per column, so which dimension of Y.shape is it?")
def layer_sizes(X, Y):
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[1]
    return (n_x, n_h, n_y)


# ---------------------------------------------------------------- initialize_parameters

@mistake("initialize_parameters", "zero_weights", "With all-zero weights every hidden unit computes the same thing and stays the same: the weights must be random (and small).")
def initialize_parameters(n_x, n_h, n_y):
    W1 = np.zeros((n_h, n_x))
    b1 = np.zeros((n_h, 1))
    W2 = np.zeros((n_y, n_h))
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


@mistake("initialize_parameters", "unscaled", "Your weights are standard normal draws: the course scales them down to keep tanh and the sigmoid out of their flat regions. By how much?")
def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x)
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h)
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


@mistake("initialize_parameters", "uniform_rand", "np.random.rand draws uniformly from [0, 1), all positive: the course draws from a normal distribution centred on 0.")
def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.rand(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.rand(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


@mistake("initialize_parameters", "random_biases", "Only the weights need random values to break the symmetry: the biases start at zero.")
def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.random.randn(n_h, 1) * 0.01
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.random.randn(n_y, 1) * 0.01
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


# ---------------------------------------------------------------- forward_propagation

@mistake("forward_propagation", "relu_hidden", "The hidden layer of this network uses tanh, not ReLU.")
def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


@mistake("forward_propagation", "sigmoid_hidden", "The hidden layer of this network uses tanh, not the sigmoid.")
def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = sigmoid(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


@mistake("forward_propagation", "tanh_output", "The output layer gives a probability, between 0 and 1: it uses the sigmoid, not tanh.")
def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = np.tanh(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


@mistake("forward_propagation", "no_bias", "The biases b1 and b2 are left out of the linear steps.")
def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    Z1 = np.dot(W1, X)
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1)
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


@mistake("forward_propagation", "Z2_from_Z1", "The second layer is fed the hidden layer's pre-activation Z1: its input is the hidden layer's output, after tanh.")
def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, Z1) + b2
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


# ---------------------------------------------------------------- compute_cost

@mistake("compute_cost", "no_1_over_m", "The cost is an average over the m examples: did you divide by m?")
def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = -np.sum(logprobs)
    return float(np.squeeze(cost))


@mistake("compute_cost", "sign", "Your cost is negative, but a cross-entropy cost never is (the log of a probability is at most 0): check the sign in front of the sum.")
def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = np.sum(logprobs) / m
    return float(np.squeeze(cost))


@mistake("compute_cost", "positive_term_only", "The cost only counts the examples labelled 1: the examples labelled 0 contribute through log(1 - A2).")
def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y)
    cost = -np.sum(logprobs) / m
    return float(np.squeeze(cost))


@mistake("compute_cost", "one_by_one_array", "Your cost is a (1, 1) array (np.dot of two vectors keeps the dimensions): return a plain number, e.g. with np.squeeze or float().")
def compute_cost(A2, Y):
    m = Y.shape[1]
    cost = -(np.dot(np.log(A2), Y.T) + np.dot(np.log(1 - A2), (1 - Y).T)) / m
    return cost


# ---------------------------------------------------------------- backward_propagation

@mistake("backward_propagation", "tanh_derivative_1_minus_A1", "dW1 and db1 are off: the derivative of tanh, written with A1 = tanh(Z1), is not 1 - A1. Differentiate tanh again.")
def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - A1)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward_propagation", "no_tanh_derivative", "dZ1 leaves out the hidden layer's activation: going back through tanh multiplies by its derivative.")
def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward_propagation", "sigmoid_derivative_for_tanh", "The hidden layer is tanh, but you used the sigmoid's derivative A1 * (1 - A1).")
def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * A1 * (1 - A1)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward_propagation", "derivative_of_Z1", "The derivative of tanh is written with the activation A1 = tanh(Z1), not with the pre-activation Z1.")
def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    Z1 = cache["Z1"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(Z1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward_propagation", "dZ2_sign", "Every gradient has the wrong sign: dZ2 is prediction minus label, in that order.")
def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = Y - A2
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward_propagation", "dW1_no_1_over_m", "dW1 is not averaged over the m examples: did you divide it by m like the other gradients?")
def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T)
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@mistake("backward_propagation", "no_keepdims", "db1 and db2 are rank-1 arrays: sum with keepdims=True so that they keep the column shape of b1 and b2.")
def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


# ---------------------------------------------------------------- update_parameters

@mistake("update_parameters", "gradient_ascent", "Your parameters climb the cost: gradient descent steps against the gradient. Check the sign of the update.")
def update_parameters(parameters, grads, learning_rate=1.2):
    return {
        "W1": parameters["W1"] + learning_rate * grads["dW1"],
        "b1": parameters["b1"] + learning_rate * grads["db1"],
        "W2": parameters["W2"] + learning_rate * grads["dW2"],
        "b2": parameters["b2"] + learning_rate * grads["db2"],
    }


@mistake("update_parameters", "learning_rate_hard_coded", "The step uses 1.2 whatever learning_rate is passed: use the learning_rate argument.")
def update_parameters(parameters, grads, learning_rate=1.2):
    return {
        "W1": parameters["W1"] - 1.2 * grads["dW1"],
        "b1": parameters["b1"] - 1.2 * grads["db1"],
        "W2": parameters["W2"] - 1.2 * grads["dW2"],
        "b2": parameters["b2"] - 1.2 * grads["db2"],
    }


@mistake("update_parameters", "biases_not_updated", "The weights move but the biases stay where they were: update b1 and b2 too.")
def update_parameters(parameters, grads, learning_rate=1.2):
    return {
        "W1": parameters["W1"] - learning_rate * grads["dW1"],
        "b1": parameters["b1"],
        "W2": parameters["W2"] - learning_rate * grads["dW2"],
        "b2": parameters["b2"],
    }


@mistake("update_parameters", "in_place", "W1 -= ... changes the caller's arrays in place: build the new parameters as new arrays (W1 = W1 - ...).")
def update_parameters(parameters, grads, learning_rate=1.2):
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    W1 -= learning_rate * grads["dW1"]
    b1 -= learning_rate * grads["db1"]
    W2 -= learning_rate * grads["dW2"]
    b2 -= learning_rate * grads["db2"]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


# ---------------------------------------------------------------- nn_model

@mistake("nn_model", "ignores_n_h", "The hidden layer has layer_sizes' 4 units whatever n_h is passed: use the n_h argument for the hidden layer.")
def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x, n_h, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(0, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


@mistake("nn_model", "update_discarded", "The parameters never change: update_parameters returns the new parameters, and its result is not kept.")
def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(0, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


@mistake("nn_model", "one_iteration_short", "Your loop runs one iteration fewer than num_iterations: where does range start?")
def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(1, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


@mistake("nn_model", "ignores_num_iterations", "The loop always runs 10000 iterations: use the num_iterations argument.")
def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(0, 10000):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


@mistake("nn_model", "forward_once", "The forward pass runs once, before the loop: every iteration must go forward again with the current parameters.")
def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]
    parameters = initialize_parameters(n_x, n_h, n_y)
    A2, cache = forward_propagation(X, parameters)
    for i in range(0, num_iterations):
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


# ---------------------------------------------------------------- predict

@mistake("predict", "threshold_on_Z2", "You thresholded Z2, the output before the sigmoid: the 0.5 threshold applies to the probability A2.")
def predict(parameters, X):
    A2, cache = forward_propagation(X, parameters)
    predictions = cache["Z2"] > 0.5
    return predictions


@mistake("predict", "probabilities", "You returned the probabilities A2: predictions are 0 or 1 (or booleans), by comparing each probability with 0.5.")
def predict(parameters, X):
    A2, cache = forward_propagation(X, parameters)
    return A2


@mistake("predict", "threshold_zero", "A2 is a probability, always above 0: compare it with 0.5.")
def predict(parameters, X):
    A2, cache = forward_propagation(X, parameters)
    predictions = A2 > 0
    return predictions


# ---------------------------------------------------------------- the reference names again

# Each `def` above rebinds its name in this module, and a variant looks up the functions it
# calls (sigmoid, propagate, linear_activation_forward ...) here when it runs on the trusted
# side: they must be the reference ones, not the last variant defined. The decorator has
# already registered every variant.
from shallow_nn import (  # noqa: E402,F811
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    layer_sizes,
    nn_model,
    predict,
    update_parameters,
)
