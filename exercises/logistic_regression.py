"""Logistic regression with a neural network mindset — week 2 assignment.

Fill in every function below where it says `# YOUR CODE HERE`, replacing the
`raise NotImplementedError(...)` line. Run `grade` to check your work.

Conventions used throughout:
- X has shape (n_x, m): one example per column; Y has shape (1, m), labels 0/1.
- w has shape (n_x, 1) — a column, never a rank-1 array (n_x,); b is a float.
- Costs and db are floats (a Python float or np.float64), not arrays.
- Functions must not modify their arguments: write `w = w - ...`, not `w -= ...`.
"""

import numpy as np


def sigmoid(z):
    """Compute the sigmoid of z.

    Arguments:
    z -- a scalar or a NumPy array of any size

    Returns:
    s -- sigmoid(z) = 1 / (1 + e^(-z)), same shape as z
    """
    # (≈ 1 line of code)
    # s = ...
    # YOUR CODE HERE
    raise NotImplementedError("sigmoid(z) is not implemented yet")


def initialize_with_zeros(dim):
    """Create a vector of zeros of shape (dim, 1) for w and initialise b to 0.

    Arguments:
    dim -- size of the w vector we want (or number of parameters in this case)

    Returns:
    w -- initialised vector of shape (dim, 1)
    b -- initialised scalar (corresponds to the bias), the float 0.0

    Hint: np.zeros takes a shape tuple; b must be a float (0.0), not the int 0.
    """
    # (≈ 2 lines of code)
    # w = ...
    # b = ...
    # YOUR CODE HERE
    raise NotImplementedError("initialize_with_zeros(dim) is not implemented yet")


def propagate(w, b, X, Y):
    """Implement the cost function and its gradient for the propagation.

    Forward:   A = sigmoid(w^T X + b)
               cost = -(1/m) * sum(Y * log(A) + (1 - Y) * log(1 - A))
    Backward:  dw = (1/m) * X (A - Y)^T
               db = (1/m) * sum(A - Y)

    Arguments:
    w -- weights, a NumPy array of size (n_x, 1)
    b -- bias, a scalar
    X -- data of size (n_x, number of examples m)
    Y -- true "label" vector (0 if non-cat, 1 if cat) of size (1, number of examples m)

    Returns:
    grads -- dictionary containing the gradients
             "dw" -- gradient of the loss with respect to w, thus same shape as w
             "db" -- gradient of the loss with respect to b, thus a float
    cost -- negative log-likelihood cost for logistic regression, a float

    Tips:
    - Write your code step by step for the propagation: np.log(), np.dot()
    - np.sum(...) of an array gives a single number; float(...) makes it a plain float.
    """
    # m = X.shape[1]
    #
    # FORWARD PROPAGATION (FROM X TO COST)
    # (≈ 2 lines of code)
    # compute activation
    # A = ...
    # compute cost by using np.dot to perform multiplication,
    # and np.sum for the summation
    # cost = ...
    #
    # BACKWARD PROPAGATION (TO FIND GRAD)
    # (≈ 2 lines of code)
    # dw = ...
    # db = ...
    #
    # grads = {"dw": dw, "db": db}
    # return grads, cost
    # YOUR CODE HERE
    raise NotImplementedError("propagate(w, b, X, Y) is not implemented yet")


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Optimise w and b by running a gradient descent algorithm.

    For each of num_iterations iterations:
        1) compute the cost and the gradients for the current parameters with propagate()
        2) update the parameters: w = w - learning_rate * dw, b = b - learning_rate * db
        3) every 100 iterations (i = 0, 100, 200, ...) append the cost to `costs`,
           and print it if print_cost is True

    Arguments:
    w -- weights, a NumPy array of size (n_x, 1)
    b -- bias, a scalar
    X -- data of shape (n_x, number of examples m)
    Y -- true "label" vector (containing 0 if non-cat, 1 if cat), of shape (1, m)
    num_iterations -- number of iterations of the optimisation loop
    learning_rate -- learning rate of the gradient descent update rule
    print_cost -- True to print the loss every 100 steps

    Returns:
    params -- dictionary containing the weights w and bias b
    grads -- dictionary containing the gradients "dw" and "db" of the last
             iteration (the ones used for the last update)
    costs -- list of all the costs computed during the optimisation; this will
             be used to plot the learning curve

    Hint: `w -= ...` would change the caller's array in place; write `w = w - ...`.
    """
    # costs = []
    #
    # for i in range(num_iterations):
    #     # Cost and gradient calculation (≈ 1 line of code)
    #     grads, cost = ...
    #
    #     # Retrieve derivatives from grads
    #     dw = grads["dw"]
    #     db = grads["db"]
    #
    #     # update rule (≈ 2 lines of code)
    #     w = ...
    #     b = ...
    #
    #     # Record the costs
    #     if i % 100 == 0:
    #         costs.append(cost)
    #         # Print the cost every 100 training iterations
    #         if print_cost:
    #             print("Cost after iteration %i: %f" % (i, cost))
    #
    # params = {"w": w, "b": b}
    # grads = {"dw": dw, "db": db}
    # return params, grads, costs
    # YOUR CODE HERE
    raise NotImplementedError("optimize(...) is not implemented yet")


def predict(w, b, X):
    """Predict whether the label is 0 or 1 using the learned logistic regression parameters (w, b).

    Arguments:
    w -- weights, a NumPy array of size (n_x, 1)
    b -- bias, a scalar
    X -- data of size (n_x, number of examples m)

    Returns:
    Y_prediction -- a NumPy array of shape (1, m) containing all predictions (0/1)
                    for the examples in X; 0/1 numbers or booleans are both fine

    Hint: an example is predicted 1 when its probability A = sigmoid(w^T x + b)
    is greater than 0.5, else 0.
    """
    # m = X.shape[1]
    # w = w.reshape(X.shape[0], 1)
    #
    # Compute vector "A" predicting the probabilities of a cat being present in the picture
    # (≈ 1 line of code)
    # A = ...
    #
    # Convert probabilities A[0, i] to actual predictions p[0, i]
    # (≈ 1 line of code, or a loop over the m examples)
    # Y_prediction = ...
    # YOUR CODE HERE
    raise NotImplementedError("predict(w, b, X) is not implemented yet")


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Build the logistic regression model by calling the functions you've implemented previously.

    Arguments:
    X_train -- training set represented by a NumPy array of shape (n_x, m_train)
    Y_train -- training labels represented by a NumPy array (vector) of shape (1, m_train)
    X_test -- test set represented by a NumPy array of shape (n_x, m_test)
    Y_test -- test labels represented by a NumPy array (vector) of shape (1, m_test)
    num_iterations -- hyperparameter representing the number of iterations to optimise the parameters
    learning_rate -- hyperparameter representing the learning rate used in the update rule of optimize()
    print_cost -- set to True to print the cost every 100 iterations

    Returns:
    d -- dictionary containing information about the model:
         "costs", "Y_prediction_test", "Y_prediction_train", "w", "b",
         "learning_rate", "num_iterations"

    Hint: initialise with initialize_with_zeros(X_train.shape[0]); pass
    num_iterations, learning_rate and print_cost on to optimize().
    """
    # (≈ 1 line of code)
    # initialize parameters with zeros
    # w, b = ...
    #
    # (≈ 1 line of code)
    # Gradient descent
    # params, grads, costs = ...
    #
    # Retrieve parameters w and b from dictionary "params"
    # (≈ 2 lines of code)
    # w = ...
    # b = ...
    #
    # Predict test/train set examples (≈ 2 lines of code)
    # Y_prediction_test = ...
    # Y_prediction_train = ...
    #
    # Print train/test errors
    # if print_cost:
    #     print("train accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100))
    #     print("test accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100))
    #
    # d = {"costs": costs,
    #      "Y_prediction_test": Y_prediction_test,
    #      "Y_prediction_train": Y_prediction_train,
    #      "w": w,
    #      "b": b,
    #      "learning_rate": learning_rate,
    #      "num_iterations": num_iterations}
    # return d
    # YOUR CODE HERE
    raise NotImplementedError("model(...) is not implemented yet")
