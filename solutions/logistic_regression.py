"""Logistic regression with a neural network mindset — reference solution.

Conventions: X has shape (n_x, m) (one example per column), Y has shape (1, m),
w has shape (n_x, 1), b is a float. No function modifies its arguments.
"""

import numpy as np


def sigmoid(z):
    """Sigmoid of z.

    Arguments:
    z -- a scalar or a NumPy array of any size

    Returns:
    s -- sigmoid(z), same shape as z
    """
    s = 1 / (1 + np.exp(-z))
    return s


def initialize_with_zeros(dim):
    """A zero weight vector of shape (dim, 1) and a zero bias.

    Arguments:
    dim -- size of the w vector we want (the number of features n_x)

    Returns:
    w -- initialised vector of shape (dim, 1)
    b -- initialised scalar bias, the float 0.0
    """
    w = np.zeros((dim, 1))
    b = 0.0
    return w, b


def propagate(w, b, X, Y):
    """Cost function and its gradient for one forward and backward pass.

    Arguments:
    w -- weights, a NumPy array of shape (n_x, 1)
    b -- bias, a scalar
    X -- data of shape (n_x, m)
    Y -- true "label" vector (0 or 1) of shape (1, m)

    Returns:
    grads -- dictionary with
             "dw": gradient of the cost with respect to w, same shape as w
             "db": gradient of the cost with respect to b, a float
    cost -- negative log-likelihood cost for logistic regression, a float
    """
    m = X.shape[1]

    # Forward propagation: from X to the cost.
    A = sigmoid(np.dot(w.T, X) + b)  # (1, m)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m

    # Backward propagation: the gradients.
    dZ = A - Y  # (1, m)
    dw = np.dot(X, dZ.T) / m  # (n_x, 1)
    db = float(np.sum(dZ) / m)

    grads = {"dw": dw, "db": db}
    return grads, float(cost)


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Learn w and b by running gradient descent.

    Arguments:
    w -- weights, a NumPy array of shape (n_x, 1)
    b -- bias, a scalar
    X -- data of shape (n_x, m)
    Y -- true "label" vector (0 or 1) of shape (1, m)
    num_iterations -- number of iterations of the optimisation loop
    learning_rate -- learning rate of the gradient descent update rule
    print_cost -- True to print the cost every 100 iterations

    Returns:
    params -- dictionary with the learned weights "w" (n_x, 1) and bias "b" (float)
    grads -- dictionary with the gradients "dw" and "db" of the last iteration
             (computed at the parameters before the last update)
    costs -- list of the costs computed at iterations 0, 100, 200, ...
    """
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]

        # Update rule; `w = w - ...` makes a new array, so the caller's w is untouched.
        w = w - learning_rate * dw
        b = b - learning_rate * db

        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))

    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


def predict(w, b, X):
    """Predict whether each label is 0 or 1 with the learned (w, b).

    Arguments:
    w -- weights, a NumPy array of shape (n_x, 1)
    b -- bias, a scalar
    X -- data of shape (n_x, m)

    Returns:
    Y_prediction -- a NumPy array of shape (1, m) with the predictions (0/1)
    """
    w = w.reshape(X.shape[0], 1)
    A = sigmoid(np.dot(w.T, X) + b)  # (1, m): probability of a 1 for each example
    Y_prediction = (A > 0.5).astype(float)
    return Y_prediction


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Build the logistic regression model from the functions above.

    Arguments:
    X_train -- training set of shape (n_x, m_train)
    Y_train -- training labels of shape (1, m_train)
    X_test -- test set of shape (n_x, m_test)
    Y_test -- test labels of shape (1, m_test)
    num_iterations -- number of iterations of gradient descent
    learning_rate -- learning rate used in the update rule of optimize()
    print_cost -- True to print the cost every 100 iterations

    Returns:
    d -- dictionary with "costs", "Y_prediction_test", "Y_prediction_train",
         "w", "b", "learning_rate" and "num_iterations"
    """
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]

    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)

    if print_cost:
        print("train accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100))
        print("test accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100))

    d = {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }
    return d
