"""forward_propagation leaves out b1: Z1 = W1 X."""

TARGET = "forward_propagation"

import numpy as np

from planar_utils import sigmoid


def forward_propagation(X, parameters):
    Z1 = np.dot(parameters["W1"], X)
    A1 = np.tanh(Z1)
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
