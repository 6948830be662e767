"""Public checks for `numpy_basics`: the notebook's examples, expected values written out.

These are what you can run yourself with `grade`. When your submission is
graded, hidden checks also run your functions on fresh random inputs of random
shapes and compare them with the reference solution.
"""

import numpy as np

from example_checks import unless_callees_fail
from grader import checks
from grader.checks import expect_close


def _plain(value):
    """A 0-d array counts as the float it holds (what np.squeeze gives back)."""
    if isinstance(value, np.ndarray) and value.shape == ():
        return value[()]
    return value


X123 = np.array([1, 2, 3])
SIGMOID_X123 = np.array([0.7310585786300049, 0.8807970779778823, 0.9525741268224334])


@checks.function("sigmoid")
@checks.points(1)
def test_sigmoid_example(student):
    expect_close(student.sigmoid(X123), SIGMOID_X123, "sigmoid(np.array([1, 2, 3]))", reveal=True)


@checks.function("sigmoid_derivative")
@checks.points(1)
def test_sigmoid_derivative_example(student):
    expected = np.array([0.19661193324148185, 0.10499358540350662, 0.045176659730912])
    with unless_callees_fail(student, ("sigmoid", (X123,), SIGMOID_X123)):
        expect_close(student.sigmoid_derivative(X123), expected, "sigmoid_derivative(np.array([1, 2, 3]))", reveal=True)


IMAGE = np.array([
    [[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.4215251, 0.45017551]],
    [[0.92814219, 0.96677647], [0.85304703, 0.52351845], [0.19981397, 0.27417313]],
    [[0.60659855, 0.00533165], [0.10820313, 0.49978937], [0.34144279, 0.94630077]],
])


@checks.function("image2vector")
@checks.points(1)
def test_image2vector_example(student):
    expected = np.array([
        [0.67826139], [0.29380381], [0.90714982], [0.52835647], [0.4215251], [0.45017551],
        [0.92814219], [0.96677647], [0.85304703], [0.52351845], [0.19981397], [0.27417313],
        [0.60659855], [0.00533165], [0.10820313], [0.49978937], [0.34144279], [0.94630077],
    ])
    expect_close(student.image2vector(IMAGE), expected, "image2vector(image) for a (3, 3, 2) image", reveal=True)


@checks.function("normalize_rows")
@checks.points(1)
def test_normalize_rows_example(student):
    x = np.array([[0, 3, 4], [1, 6, 4]])
    expected = np.array([
        [0.0, 0.6, 0.8],
        [0.13736056394868904, 0.8241633836921342, 0.5494422557947561],
    ])
    expect_close(student.normalize_rows(x), expected, "normalize_rows([[0, 3, 4], [1, 6, 4]])", reveal=True)


@checks.function("softmax")
@checks.points(1)
def test_softmax_example(student):
    x = np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])
    expected = np.array([
        [9.8089766491461849e-01, 8.9446289069017759e-04, 1.7965767417378736e-02,
         1.2105238865619453e-04, 1.2105238865619453e-04],
        [8.7867985588699005e-01, 1.1891638717077183e-01, 8.0125231407938752e-04,
         8.0125231407938752e-04, 8.0125231407938752e-04],
    ])
    expect_close(student.softmax(x), expected, "softmax([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])", reveal=True)


YHAT = np.array([0.9, 0.2, 0.1, 0.4, 0.9])
Y = np.array([1, 0, 0, 1, 1])


@checks.function("L1")
@checks.points(1)
def test_L1_example(student):
    expect_close(_plain(student.L1(YHAT, Y)), 1.1, "L1(yhat, y)", reveal=True, m=5)


@checks.function("L2")
@checks.points(1)
def test_L2_example(student):
    expect_close(_plain(student.L2(YHAT, Y)), 0.43, "L2(yhat, y)", reveal=True, m=5)
