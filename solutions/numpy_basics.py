"""Python basics with NumPy — reference solution.

Plain vectorised NumPy, written the way the course teaches it. None of these
functions modifies its arguments.
"""

import numpy as np


def sigmoid(x):
    """Sigmoid of every element of x.

    Arguments:
    x -- a scalar or a NumPy array of any shape

    Returns:
    s -- sigmoid(x), same shape as x
    """
    s = 1 / (1 + np.exp(-x))
    return s


def sigmoid_derivative(x):
    """Gradient of the sigmoid with respect to its input: s * (1 - s).

    Arguments:
    x -- a scalar or a NumPy array of any shape

    Returns:
    ds -- the derivative sigmoid'(x), same shape as x
    """
    s = sigmoid(x)
    ds = s * (1 - s)
    return ds


def image2vector(image):
    """Unroll an image into a column vector.

    Arguments:
    image -- a NumPy array of shape (length, height, depth)

    Returns:
    v -- a column vector of shape (length * height * depth, 1), in NumPy's
         default (row-major) element order
    """
    v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)
    return v


def normalize_rows(x):
    """Divide every row of x by its L2 norm, so that each row has unit length.

    Arguments:
    x -- a NumPy matrix of shape (n, m)

    Returns:
    x -- the row-normalised matrix, shape (n, m)
    """
    x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)  # (n, 1)
    x = x / x_norm  # broadcasting (n, m) / (n, 1); a new array, the input is untouched
    return x


def softmax(x):
    """Row-wise softmax: each row of the result is positive and sums to 1.

    Arguments:
    x -- a NumPy matrix of shape (n, m)

    Returns:
    s -- the softmax of each row of x, shape (n, m)
    """
    # Subtracting each row's maximum changes nothing mathematically
    # (it cancels in the ratio) and keeps np.exp from overflowing.
    x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))  # (n, m)
    x_sum = np.sum(x_exp, axis=1, keepdims=True)  # (n, 1)
    s = x_exp / x_sum
    return s


def L1(yhat, y):
    """L1 loss: the sum of absolute differences.

    Arguments:
    yhat -- vector of size m (predicted labels)
    y -- vector of size m (true labels)

    Returns:
    loss -- a float, sum(|y - yhat|)
    """
    loss = float(np.sum(np.abs(y - yhat)))
    return loss


def L2(yhat, y):
    """L2 loss: the sum of squared differences.

    Arguments:
    yhat -- vector of size m (predicted labels)
    y -- vector of size m (true labels)

    Returns:
    loss -- a float, sum((y - yhat) ** 2)
    """
    loss = float(np.sum((y - yhat) ** 2))
    return loss
