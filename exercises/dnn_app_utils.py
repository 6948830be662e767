"""Helper functions provided with the image-classification application (not graded).

This is our version of the course's `dnn_app_utils_v3.py`: the building blocks of an
L-layer network, ready to use, so that the application assignment needs only the two
models. Import them the way the course's notebook does::

    from dnn_app_utils import *

As in the course's file:
- `initialize_parameters` (two-layer network) draws randn * 0.01 and
  `initialize_parameters_deep` (L-layer network) randn / sqrt(n[l-1]); each seeds
  np.random with 1 itself first, so every call gives the same starting point.
- `compute_cost` returns np.squeeze(cost), a 0-d array (print it, append it to a list:
  it behaves like a float).
- `update_parameters` writes the new W and b into the dictionary it is given (and
  returns it), as the course's does.
- `predict(X, y, parameters)` prints the accuracy and returns 0/1 predictions (1, m).
- `load_data()` gives the (synthetic) pictures; nothing is downloaded.
"""

import numpy as np

from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward  # noqa: F401  (the same activations)
from image_data import load_data  # noqa: F401  (the data set, in the course's format)


def initialize_parameters(n_x, n_h, n_y):
    """Two-layer network: W1 (n_h, n_x) and W2 (n_y, n_h) drawn randn * 0.01 (after
    np.random.seed(1), W1 first), b1 (n_h, 1) and b2 (n_y, 1) zeros."""
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def initialize_parameters_deep(layer_dims):
    """L-layer network: for l = 1 .. L, W{l} (layer_dims[l], layer_dims[l-1]) drawn
    randn / sqrt(layer_dims[l-1]) (after np.random.seed(1), W1 first) and b{l} zeros."""
    np.random.seed(1)
    parameters = {}
    for l in range(1, len(layer_dims)):
        scale = np.sqrt(layer_dims[l - 1])
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / scale
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def linear_forward(A, W, b):
    """Z = W A + b, and the cache (A, W, b)."""
    Z = W.dot(A) + b
    return Z, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """One layer, LINEAR -> ACTIVATION ("relu" or "sigmoid"): A and (linear_cache, activation_cache)."""
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A, activation_cache = relu(Z)
    elif activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    else:
        raise ValueError(f"unknown activation {activation!r}: use \"relu\" or \"sigmoid\"")
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters):
    """[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID: AL (1, m) and the list of the L layers' caches."""
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    """Cross-entropy cost of the predictions AL (1, m) for the labels Y (1, m), np.squeeze'd."""
    m = Y.shape[1]
    logprobs = np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)
    return np.squeeze(-logprobs / m)


def linear_backward(dZ, cache):
    """From dZ of one layer and its cache (A_prev, W, b) to (dA_prev, dW, db)."""
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """Back through one layer's ACTIVATION ("relu" or "sigmoid") and LINEAR parts: (dA_prev, dW, db)."""
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        raise ValueError(f"unknown activation {activation!r}: use \"relu\" or \"sigmoid\"")
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches):
    """Gradients of the cost: grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)], l = 1 .. L."""
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        dA, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(dA, caches[l - 1], activation)
        grads["dA" + str(l - 1)] = dA
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent: the new W{l}, b{l} are written into `parameters`, which is returned."""
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def predict(X, y, parameters):
    """0/1 predictions (1, m) of a trained 2- or L-layer network on X; prints the accuracy against y."""
    probas, _ = L_model_forward(X, parameters)
    p = (probas > 0.5).astype(float)
    print("Accuracy: " + str(np.mean(p == y)))
    return p
