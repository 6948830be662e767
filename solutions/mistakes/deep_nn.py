"""Common mistakes in deep_nn (Building your Deep Neural Network: Step by Step).

Each variant is the reference function with exactly one realistic mistake, written as a
drop-in replacement (it uses only names the reference module defines or imports). When a
student's result fails a check, the grader runs these on the trusted side with the same
inputs (random initialisations under the same np.random seed); a variant that reproduces
the student's result names the mistake, without giving the answer away. `grade validate`
checks that each is caught, in its own function only, and named.

The Step-by-Step notebook initialises the L-layer network with randn * 0.01; the
application's provided helper (dnn_app_utils) divides by sqrt(n[l-1]) instead, which is
therefore a mistake here.
"""

import copy

import numpy as np

from deep_nn import (  # the reference, by plain name
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
)
from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward  # provided helpers, by plain name
from grader.checks import mistake


# ---------------------------------------------------------------- initialize_parameters

@mistake("initialize_parameters", "zero_weights", "With all-zero weights every hidden unit computes the same thing and stays the same: the weights must be random (and small).")
def initialize_parameters(n_x, n_h, n_y):
    W1 = np.zeros((n_h, n_x))
    b1 = np.zeros((n_h, 1))
    W2 = np.zeros((n_y, n_h))
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


@mistake("initialize_parameters", "unscaled", "Your weights are standard normal draws: the course scales them down. By how much?")
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


@mistake("initialize_parameters", "sqrt_scaling", "The two-layer initialize_parameters scales the weights by a fixed small constant, not by 1/sqrt of the layer size.")
def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) / np.sqrt(n_x)
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) / np.sqrt(n_h)
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


# ---------------------------------------------------------------- initialize_parameters_deep

@mistake("initialize_parameters_deep", "sqrt_scaling", "The Step-by-Step notebook scales the weights by a small constant; dividing by sqrt(layer_dims[l-1]) is what the application's provided helper does, not this function.")
def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


@mistake("initialize_parameters_deep", "unscaled", "Your weights are standard normal draws: the Step-by-Step notebook scales them down. By how much?")
def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


@mistake("initialize_parameters_deep", "zero_weights", "With all-zero weights every unit of a layer computes the same thing and stays the same: the weights must be random (and small).")
def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.zeros((layer_dims[l], layer_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


@mistake("initialize_parameters_deep", "last_layer_missing", "The last layer has no parameters: layer_dims lists the input layer too, so layers 1 .. len(layer_dims) - 1 each need a W and a b. Check the bounds of your loop.")
def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L - 1):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


@mistake("initialize_parameters_deep", "keys_off_by_one", "Your keys start at W0: layer 0 is the input, so the first layer's parameters are W1 and b1.")
def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l - 1)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l - 1)] = np.zeros((layer_dims[l], 1))
    return parameters


@mistake("initialize_parameters_deep", "rank1_biases", "np.zeros(n) is a rank-1 array: each b{l} is a column vector of shape (layer_dims[l], 1).")
def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros(layer_dims[l])
    return parameters


# ---------------------------------------------------------------- linear_forward

@mistake("linear_forward", "no_bias", "Z leaves out the bias b.")
def linear_forward(A, W, b):
    Z = np.dot(W, A)
    cache = (A, W, b)
    return Z, cache


@mistake("linear_forward", "cache_order", "The cache is (A, W, b), in this order: the backward pass unpacks it that way.")
def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (W, A, b)
    return Z, cache


@mistake("linear_forward", "cache_holds_Z", "The linear cache keeps the inputs of the step, (A, W, b); Z belongs to the activation's cache.")
def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (A, W, Z)
    return Z, cache


@mistake("linear_forward", "Z_transposed", "Z must have one row per unit and one column per example, (n[l], m): yours is its transpose. Check the order of the product.")
def linear_forward(A, W, b):
    Z = np.dot(A.T, W.T) + b.T
    cache = (A, W, b)
    return Z, cache


# ---------------------------------------------------------------- linear_activation_forward

@mistake("linear_activation_forward", "activations_swapped", "The activations are swapped: \"sigmoid\" must apply the sigmoid and \"relu\" the ReLU.")
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = relu(Z)
    elif activation == "relu":
        A, activation_cache = sigmoid(Z)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    cache = (linear_cache, activation_cache)
    return A, cache


@mistake("linear_activation_forward", "no_activation", "You returned Z: the layer's output is the activation applied to Z.")
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        _, activation_cache = sigmoid(Z)
    elif activation == "relu":
        _, activation_cache = relu(Z)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    A = Z
    cache = (linear_cache, activation_cache)
    return A, cache


@mistake("linear_activation_forward", "cache_order", "The cache is (linear_cache, activation_cache), in this order: the backward pass unpacks it that way.")
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    cache = (activation_cache, linear_cache)
    return A, cache


@mistake("linear_activation_forward", "caches_A", "The activation cache must hold Z, what the activation was applied to (the helper returns it as its second value), not the output A.")
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    cache = (linear_cache, A)
    return A, cache


# ---------------------------------------------------------------- L_model_forward

@mistake("L_model_forward", "relu_output", "The output layer gives a probability: it uses \"sigmoid\", not \"relu\".")
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "relu")
    caches.append(cache)
    return AL, caches


@mistake("L_model_forward", "sigmoid_hidden", "The hidden layers of this network use \"relu\", not \"sigmoid\".")
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "sigmoid")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


@mistake("L_model_forward", "last_cache_missing", "caches has one entry too few: the output layer's cache belongs in it too (one per layer).")
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    return AL, caches


@mistake("L_model_forward", "hidden_loop_off_by_one", "Your loop skips the last hidden layer: layers 1 .. L-1 are ReLU layers. Check the bounds of range.")
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L - 1):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


@mistake("L_model_forward", "X_every_layer", "Every layer is fed X: each layer's input is the previous layer's output.")
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(X, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


# ---------------------------------------------------------------- compute_cost

@mistake("compute_cost", "no_1_over_m", "The cost is an average over the m examples: did you divide by m?")
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    return float(np.squeeze(cost))


@mistake("compute_cost", "sign", "Your cost is negative, but a cross-entropy cost never is (the log of a probability is at most 0): check the sign in front of the sum.")
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(np.squeeze(cost))


@mistake("compute_cost", "positive_term_only", "The cost only counts the examples labelled 1: the examples labelled 0 contribute through log(1 - AL).")
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL)) / m
    return float(np.squeeze(cost))


@mistake("compute_cost", "one_by_one_array", "Your cost is a (1, 1) array (np.dot of two vectors keeps the dimensions): return a plain number, e.g. with np.squeeze.")
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
    return cost


# ---------------------------------------------------------------- linear_backward

@mistake("linear_backward", "no_1_over_m", "dW and db are averages over the m examples: did you divide by m?")
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


@mistake("linear_backward", "dA_prev_over_m", "dA_prev is not an average: the 1/m belongs to dW and db only.")
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ) / m
    return dA_prev, dW, db


@mistake("linear_backward", "db_sum_axis0", "db sums dZ over the examples, one value per unit of the layer: which axis runs over the examples?")
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=0, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


@mistake("linear_backward", "db_rank1", "db is a rank-1 array: sum with keepdims=True so that it keeps the column shape of b.")
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


@mistake("linear_backward", "dW_transposed", "dW must have the shape of W: yours is its transpose. Check the order of the product and which factor is transposed.")
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(A_prev, dZ.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


# ---------------------------------------------------------------- linear_activation_backward

@mistake("linear_activation_backward", "backward_helpers_swapped", "The backward helpers are swapped: going back through a layer uses the derivative of the activation that layer applied.")
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = sigmoid_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = relu_backward(dA, activation_cache)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    return linear_backward(dZ, linear_cache)


@mistake("linear_activation_backward", "skips_activation", "dA went straight into linear_backward: first turn it into dZ through the activation's backward helper.")
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    return linear_backward(dA, linear_cache)


# ---------------------------------------------------------------- L_model_backward

@mistake("L_model_backward", "dAL_sign", "Every gradient has the wrong sign: check the sign of dAL, the derivative of the cost with respect to AL.")
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads


@mistake("L_model_backward", "dAL_term_sign", "dAL is off for the examples labelled 0 (or 1): check the sign of each of its two terms, the derivatives of the two log terms of the cost.")
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) + np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads


@mistake("L_model_backward", "dAL_is_dZ", "AL - Y is dZ of the output layer, the gradient after going back through the sigmoid: linear_activation_backward(..., \"sigmoid\") expects dAL, the gradient before it.")
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = AL - Y
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads


@mistake("L_model_backward", "relu_at_output", "The output layer is a sigmoid: go back through it with \"sigmoid\", not \"relu\".")
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "relu")
    grads["dA" + str(L - 1)] = dA_prev
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads


@mistake("L_model_backward", "same_dA_every_layer", "Every hidden layer is given the same dA: each layer goes back from the dA that the layer after it produced.")
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(L - 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads


@mistake("L_model_backward", "first_layer_missing", "The loop stops before the first layer: dW1, db1 and dA0 are missing. Check the bounds of range.")
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(1, L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads


# ---------------------------------------------------------------- update_parameters

@mistake("update_parameters", "gradient_ascent", "Your parameters climb the cost: gradient descent steps against the gradient. Check the sign of the update.")
def update_parameters(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] + learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] + learning_rate * grads["db" + str(l + 1)]
    return parameters


@mistake("update_parameters", "last_layer_not_updated", "The last layer's parameters are not updated: your loop stops one layer early. Check its bounds against L = len(parameters) // 2.")
def update_parameters(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2
    for l in range(L - 1):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
    return parameters


@mistake("update_parameters", "biases_not_updated", "The weights move but the biases stay where they were: update every b{l} too.")
def update_parameters(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
    return parameters


# ---------------------------------------------------------------- the reference names again

# Each `def` above rebinds its name in this module, and a variant looks up the functions it
# calls (sigmoid, propagate, linear_activation_forward ...) here when it runs on the trusted
# side: they must be the reference ones, not the last variant defined. The decorator has
# already registered every variant.
from deep_nn import (  # noqa: E402,F811
    compute_cost,
    initialize_parameters,
    initialize_parameters_deep,
    L_model_backward,
    L_model_forward,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
    update_parameters,
)
