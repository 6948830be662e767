"""Common mistakes in numpy_basics (Python basics with NumPy).

Each variant is the reference function with exactly one realistic mistake. When a
student's result fails a check, the grader runs these on the trusted side with the same
inputs; a variant that reproduces the student's result names the mistake. The messages
point at the mistake without writing out the right answer. `grade validate` checks that
every variant here is caught, by its own function's checks only, and named.
"""

import numpy as np

from grader.checks import mistake
from numpy_basics import sigmoid  # the reference, by plain name


# ---------------------------------------------------------------- sigmoid

@mistake("sigmoid", "exp_sign", "Check the sign inside the exponential: sigmoid(0) is 0.5 and sigmoid(x) should go to 1 as x grows, not to 0.")
def sigmoid(x):
    s = 1 / (1 + np.exp(x))
    return s


@mistake("sigmoid", "operator_precedence", "Your result is 1 + e^(-x): without parentheses around the denominator, 1 / 1 + np.exp(-x) divides only the 1.")
def sigmoid(x):
    s = 1 / 1 + np.exp(-x)
    return s


# ---------------------------------------------------------------- sigmoid_derivative

@mistake("sigmoid_derivative", "returns_s", "You returned the sigmoid itself: the derivative is written with s = sigmoid(x), but it is not s.")
def sigmoid_derivative(x):
    s = sigmoid(x)
    ds = s
    return ds


@mistake("sigmoid_derivative", "formula_on_x", "The derivative formula is in terms of s = sigmoid(x), not of x itself: did you apply it to x?")
def sigmoid_derivative(x):
    s = sigmoid(x)
    ds = x * (1 - x)
    return ds


@mistake("sigmoid_derivative", "one_plus_s", "Check the sign in the second factor: the derivative is largest (1/4) at x = 0 and goes to 0 at both ends.")
def sigmoid_derivative(x):
    s = sigmoid(x)
    ds = s * (1 + s)
    return ds


# ---------------------------------------------------------------- image2vector

@mistake("image2vector", "fortran_order", "The right numbers in the wrong order: unroll the image in NumPy's default (row-major) order; no order='F' and no transpose.")
def image2vector(image):
    v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1, order="F")
    return v


@mistake("image2vector", "rank1", "reshape(-1) gives a rank-1 array of shape (n,): the result must be a column vector with two dimensions.")
def image2vector(image):
    v = image.reshape(-1)
    return v


@mistake("image2vector", "row_vector", "Your vector is a row (1, n): the course wants a column vector.")
def image2vector(image):
    v = image.reshape(1, image.shape[0] * image.shape[1] * image.shape[2])
    return v


# ---------------------------------------------------------------- normalize_rows

@mistake("normalize_rows", "column_norm", "You divided by the norm of each column: every row must be divided by its own length. Which axis runs along a row?")
def normalize_rows(x):
    x_norm = np.linalg.norm(x, ord=2, axis=0, keepdims=True)
    x = x / x_norm
    return x


@mistake("normalize_rows", "l1_norm", "You divided by the sum of absolute values (the L1 norm): each row's length is its L2 (Euclidean) norm.")
def normalize_rows(x):
    x_norm = np.linalg.norm(x, ord=1, axis=1, keepdims=True)
    x = x / x_norm
    return x


@mistake("normalize_rows", "matrix_norm", "You divided the whole matrix by one number, its overall norm: each row needs its own norm.")
def normalize_rows(x):
    x_norm = np.linalg.norm(x)
    x = x / x_norm
    return x


@mistake("normalize_rows", "squared_norm", "You divided by the sum of squares of each row: the length of a row is the square root of that.")
def normalize_rows(x):
    x_norm = np.sum(x ** 2, axis=1, keepdims=True)
    x = x / x_norm
    return x


@mistake("normalize_rows", "no_keepdims", "Without keepdims=True the row norms form a rank-1 array (n,), which does not broadcast row by row against (n, m).")
def normalize_rows(x):
    x_norm = np.linalg.norm(x, ord=2, axis=1)
    x = x / x_norm
    return x


@mistake("normalize_rows", "in_place", "x /= ... divides the caller's array in place: compute a new array instead.")
def normalize_rows(x):
    x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)
    x /= x_norm
    return x


# ---------------------------------------------------------------- softmax

@mistake("softmax", "column_sum", "You normalised each column: softmax works row by row here, so every row must sum to 1. Which axis runs along a row?")
def softmax(x):
    x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))
    x_sum = np.sum(x_exp, axis=0, keepdims=True)
    s = x_exp / x_sum
    return s


@mistake("softmax", "global_sum", "You divided by the sum over the whole matrix: each row is divided by the sum of its own row.")
def softmax(x):
    x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))
    x_sum = np.sum(x_exp)
    s = x_exp / x_sum
    return s


@mistake("softmax", "not_normalised", "You returned the exponentials: each one still has to be divided by the sum of its row.")
def softmax(x):
    x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))
    return x_exp


@mistake("softmax", "no_keepdims", "Without keepdims=True the row sums form a rank-1 array (n,), which does not broadcast row by row against (n, m).")
def softmax(x):
    x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))
    x_sum = np.sum(x_exp, axis=1)
    s = x_exp / x_sum
    return s


@mistake("softmax", "shift_in_place", "x -= ... changes the caller's array: compute a new array instead.")
def softmax(x):
    x -= np.max(x, axis=1, keepdims=True)
    x_exp = np.exp(x)
    x_sum = np.sum(x_exp, axis=1, keepdims=True)
    s = x_exp / x_sum
    return s


# ---------------------------------------------------------------- L1 and L2

@mistake("L1", "mean", "You averaged: the L1 loss is a sum over the examples, not a mean.")
def L1(yhat, y):
    loss = float(np.mean(np.abs(y - yhat)))
    return loss


@mistake("L1", "no_abs", "Positive and negative differences cancel out: the L1 loss adds up their absolute values.")
def L1(yhat, y):
    loss = float(np.sum(y - yhat))
    return loss


@mistake("L2", "mean", "You averaged: the L2 loss is a sum over the examples, not a mean.")
def L2(yhat, y):
    loss = float(np.mean((y - yhat) ** 2))
    return loss


@mistake("L2", "sqrt", "You took a square root: the course's L2 loss is not the Euclidean norm (the length) of y - yhat.")
def L2(yhat, y):
    loss = float(np.sqrt(np.sum((y - yhat) ** 2)))
    return loss


@mistake("L2", "square_of_sum", "You squared the sum of the differences: square each difference, then add them up.")
def L2(yhat, y):
    loss = float(np.sum(y - yhat) ** 2)
    return loss


# ---------------------------------------------------------------- the reference names again

# Each `def` above rebinds its name in this module, and a variant looks up the functions it
# calls (sigmoid, propagate, linear_activation_forward ...) here when it runs on the trusted
# side: they must be the reference ones, not the last variant defined. The decorator has
# already registered every variant.
from numpy_basics import (  # noqa: E402,F811
    image2vector,
    L1,
    L2,
    normalize_rows,
    sigmoid,
    sigmoid_derivative,
    softmax,
)
