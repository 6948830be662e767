"""Helpers provided with the planar data classification assignment (not graded).

`load_planar_dataset()` builds the course's two-class "flower" data set from a fixed
seed: the same 400 points every time, and no download. It uses its own random
generator, so loading the data never changes the state of `np.random`.
"""

import numpy as np


def sigmoid(x):
    """Compute the sigmoid of x.

    Arguments:
    x -- a scalar or numpy array of any size

    Returns:
    s -- sigmoid(x)
    """
    s = 1 / (1 + np.exp(-x))
    return s


def load_planar_dataset(seed=1):
    """The "flower": two interleaved classes of 200 points each, in 2 dimensions.

    Returns:
    X -- numpy array of shape (2, 400): the coordinates (x1, x2) of each point, one column per example
    Y -- numpy array of shape (1, 400), dtype uint8: the labels (0 = red, 1 = blue)
    """
    rng = np.random.RandomState(seed)  # the course's np.random.seed(1), without touching np.random
    m = 400  # number of examples
    N = int(m / 2)  # number of points per class
    D = 2  # dimensionality
    X = np.zeros((m, D))  # data matrix where each row is a single example
    Y = np.zeros((m, 1), dtype="uint8")  # labels vector (0 for red, 1 for blue)
    a = 4  # maximum ray of the flower

    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.randn(N) * 0.2  # theta
        r = a * np.sin(4 * t) + rng.randn(N) * 0.2  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j

    X = X.T
    Y = Y.T
    return X, Y


def accuracy(predictions, Y):
    """Fraction of examples whose prediction (0/1 or bool, shape (1, m)) equals the label."""
    predictions = np.asarray(predictions).astype(float).reshape(1, -1)
    Y = np.asarray(Y).astype(float).reshape(1, -1)
    return float(np.mean(predictions == Y))


def plot_decision_boundary(model, X, y):  # pragma: no cover - needs matplotlib
    """Plot the decision boundary of `model` (a function of X of shape (2, k)) over the data.

    Optional: only works where matplotlib is installed; the grader never calls it.
    """
    import matplotlib.pyplot as plt

    x_min, x_max = X[0, :].min() - 1, X[0, :].max() + 1
    y_min, y_max = X[1, :].min() - 1, X[1, :].max() + 1
    h = 0.01
    xx, yy = np.meshgrid(np.arange(x_min, x_max, h), np.arange(y_min, y_max, h))
    Z = model(np.c_[xx.ravel(), yy.ravel()].T)
    Z = np.asarray(Z).reshape(xx.shape)
    plt.contourf(xx, yy, Z, cmap=plt.cm.Spectral)
    plt.ylabel("x2")
    plt.xlabel("x1")
    plt.scatter(X[0, :], X[1, :], c=np.ravel(y), cmap=plt.cm.Spectral)
