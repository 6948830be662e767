"""Helper functions provided with the deep network assignments (not graded).

They are the course's helpers: each activation returns its output *and* a cache
(the pre-activation `Z`), and each backward helper turns `dA` into `dZ` using
that cache.
"""

import numpy as np


def sigmoid(Z):
    """Sigmoid activation.

    Arguments:
    Z -- numpy array of any shape

    Returns:
    A -- sigmoid(Z), same shape as Z
    cache -- Z, kept for the backward pass
    """
    A = 1 / (1 + np.exp(-Z))
    cache = Z
    return A, cache


def relu(Z):
    """ReLU activation.

    Arguments:
    Z -- output of the linear layer, of any shape

    Returns:
    A -- max(0, Z), same shape as Z
    cache -- Z, kept for the backward pass
    """
    A = np.maximum(0, Z)
    cache = Z
    return A, cache


def relu_backward(dA, cache):
    """Backward pass through a single ReLU unit.

    Arguments:
    dA -- post-activation gradient, of any shape
    cache -- 'Z', stored by relu() during the forward pass

    Returns:
    dZ -- gradient of the cost with respect to Z
    """
    Z = cache
    dZ = np.array(dA, copy=True)  # just converting dz to a correct object.
    # When z <= 0, you should set dz to 0 as well.
    dZ[Z <= 0] = 0
    return dZ


def sigmoid_backward(dA, cache):
    """Backward pass through a single sigmoid unit.

    Arguments:
    dA -- post-activation gradient, of any shape
    cache -- 'Z', stored by sigmoid() during the forward pass

    Returns:
    dZ -- gradient of the cost with respect to Z
    """
    Z = cache
    s = 1 / (1 + np.exp(-Z))
    dZ = dA * s * (1 - s)
    return dZ
