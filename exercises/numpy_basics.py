"""Python basics with NumPy — week 2 assignment.

Fill in every function below where it says `# YOUR CODE HERE`, replacing the
`raise NotImplementedError(...)` line. Use vectorised NumPy: no Python loops are
needed anywhere. Run `grade` to check your work.

Conventions: functions must not modify their arguments (write `x = x / n`,
never `x /= n`), and "a float" means a Python or NumPy scalar, not an array.
"""

import numpy as np


def sigmoid(x):
    """Compute the sigmoid of x, element-wise.

        sigmoid(x) = 1 / (1 + e^(-x))

    Arguments:
    x -- a scalar or a NumPy array of any shape

    Returns:
    s -- sigmoid(x), same shape as x

    Hint: use np.exp, not math.exp — math.exp only works on single numbers.
    """
    # (≈ 1 line of code)
    # s = ...
    # YOUR CODE HERE
    raise NotImplementedError("sigmoid(x) is not implemented yet")


def sigmoid_derivative(x):
    """Compute the gradient of the sigmoid function with respect to its input x.

        sigmoid_derivative(x) = sigmoid'(x) = s * (1 - s),  where s = sigmoid(x)

    Arguments:
    x -- a scalar or a NumPy array of any shape

    Returns:
    ds -- the computed gradient, same shape as x

    Hint: first set s to be the sigmoid of x (you may call your sigmoid()).
    """
    # (≈ 2 lines of code)
    # s = ...
    # ds = ...
    # YOUR CODE HERE
    raise NotImplementedError("sigmoid_derivative(x) is not implemented yet")


def image2vector(image):
    """Reshape an image into a column vector.

    Arguments:
    image -- a NumPy array of shape (length, height, depth)

    Returns:
    v -- a vector of shape (length * height * depth, 1)

    Hint: image.shape[0], image.shape[1] and image.shape[2] give the sizes;
    use image.reshape(...) with NumPy's default element order. The result must
    be a column, (k, 1) — not a rank-1 array (k,).
    """
    # (≈ 1 line of code)
    # v = ...
    # YOUR CODE HERE
    raise NotImplementedError("image2vector(image) is not implemented yet")


def normalize_rows(x):
    """Normalise each row of the matrix x to have unit length (L2 norm 1).

    Arguments:
    x -- a NumPy matrix of shape (n, m)

    Returns:
    x -- the normalised (by row) NumPy matrix, shape (n, m)

    Hint: x_norm = np.linalg.norm(x, ord=2, axis=..., keepdims=True) has shape
    (n, 1); then divide x by x_norm (broadcasting does the rest).
    """
    # (≈ 2 lines of code)
    # x_norm = ...
    # x = ...
    # YOUR CODE HERE
    raise NotImplementedError("normalize_rows(x) is not implemented yet")


def softmax(x):
    """Compute the softmax of each row of the input x.

        softmax(x)[i, j] = exp(x[i, j]) / sum over k of exp(x[i, k])

    Arguments:
    x -- a NumPy matrix of shape (n, m)

    Returns:
    s -- a NumPy matrix equal to the softmax of x, of shape (n, m)

    Hint: apply np.exp element-wise, sum each row with axis=1 and
    keepdims=True (shape (n, 1)), then divide; broadcasting does the rest.
    """
    # (≈ 3 lines of code)
    # x_exp = ...
    # x_sum = ...
    # s = ...
    # YOUR CODE HERE
    raise NotImplementedError("softmax(x) is not implemented yet")


def L1(yhat, y):
    """The L1 loss: the sum over all examples of |y - yhat|.

    Arguments:
    yhat -- vector of size m (predicted labels)
    y -- vector of size m (true labels)

    Returns:
    loss -- the value of the L1 loss defined above, a float
    """
    # (≈ 1 line of code)
    # loss = ...
    # YOUR CODE HERE
    raise NotImplementedError("L1(yhat, y) is not implemented yet")


def L2(yhat, y):
    """The L2 loss: the sum over all examples of (y - yhat)^2.

    Arguments:
    yhat -- vector of size m (predicted labels)
    y -- vector of size m (true labels)

    Returns:
    loss -- the value of the L2 loss defined above, a float

    Hint: for a vector x, np.dot(x, x) is the sum of its squares.
    """
    # (≈ 1 line of code)
    # loss = ...
    # YOUR CODE HERE
    raise NotImplementedError("L2(yhat, y) is not implemented yet")
