"""Common mistakes in logistic_regression (Logistic regression with a neural network mindset).

Each variant is the reference function with exactly one realistic mistake, written as a
drop-in replacement (it uses only names the reference module defines or imports). When a
student's result fails a check, the grader runs these on the trusted side with the same
inputs; a variant that reproduces the student's result names the mistake, without
giving the answer away. `grade validate` checks that each is caught, in its own function
only, and named.
"""

import numpy as np

from grader.checks import mistake
from logistic_regression import initialize_with_zeros, optimize, predict, propagate, sigmoid  # the reference


# ---------------------------------------------------------------- sigmoid

@mistake("sigmoid", "exp_sign", "Check the sign inside the exponential: sigmoid(0) is 0.5 and sigmoid(z) should go to 1 as z grows, not to 0.")
def sigmoid(z):
    s = 1 / (1 + np.exp(z))
    return s


@mistake("sigmoid", "operator_precedence", "Your result is 1 + e^(-z): without parentheses around the denominator, 1 / 1 + np.exp(-z) divides only the 1.")
def sigmoid(z):
    s = 1 / 1 + np.exp(-z)
    return s


# ---------------------------------------------------------------- initialize_with_zeros

@mistake("initialize_with_zeros", "w_rank1", "np.zeros(dim) is a rank-1 array of shape (dim,): w must be a column vector, (dim, 1).")
def initialize_with_zeros(dim):
    w = np.zeros(dim)
    b = 0.0
    return w, b


@mistake("initialize_with_zeros", "w_row", "w is a row vector (1, dim): the course's w is a column vector with one weight per feature.")
def initialize_with_zeros(dim):
    w = np.zeros((1, dim))
    b = 0.0
    return w, b


# ---------------------------------------------------------------- propagate

@mistake("propagate", "gradients_not_averaged", "Your cost is averaged over the m examples but your gradients are not: did you divide dw and db by m?")
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T)
    db = float(np.sum(dZ))
    grads = {"dw": dw, "db": db}
    return grads, float(cost)


@mistake("propagate", "cost_sign", "Your cost is negative, but a cross-entropy cost never is (the log of a probability is at most 0): check the sign in front of the sum.")
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = float(np.sum(dZ) / m)
    grads = {"dw": dw, "db": db}
    return grads, float(cost)


@mistake("propagate", "dZ_sign", "Your gradients have the wrong sign: the error term is prediction minus label, in that order.")
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = Y - A
    dw = np.dot(X, dZ.T) / m
    db = float(np.sum(dZ) / m)
    grads = {"dw": dw, "db": db}
    return grads, float(cost)


@mistake("propagate", "no_bias", "The forward pass leaves out the bias: A is the sigmoid of w.T X plus something.")
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = float(np.sum(dZ) / m)
    grads = {"dw": dw, "db": db}
    return grads, float(cost)


@mistake("propagate", "m_from_rows", "m is the number of examples: X has one example per column, so which dimension of X.shape is it?")
def propagate(w, b, X, Y):
    m = X.shape[0]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = float(np.sum(dZ) / m)
    grads = {"dw": dw, "db": db}
    return grads, float(cost)


@mistake("propagate", "positive_term_only", "The cost only counts the examples labelled 1: the examples labelled 0 contribute through log(1 - A).")
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A)) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = float(np.sum(dZ) / m)
    grads = {"dw": dw, "db": db}
    return grads, float(cost)


@mistake("propagate", "dw_transposed", "dw must have the shape of w, (n_x, 1): yours is its transpose. Check the order of the product and which factor is transposed.")
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = A - Y
    dw = np.dot(dZ, X.T) / m
    db = float(np.sum(dZ) / m)
    grads = {"dw": dw, "db": db}
    return grads, float(cost)


@mistake("propagate", "cost_array", "Your cost is a (1, 1) array (np.dot of two vectors keeps the dimensions): return a plain number, e.g. with np.squeeze.")
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = float(np.sum(dZ) / m)
    grads = {"dw": dw, "db": db}
    return grads, cost


# ---------------------------------------------------------------- optimize

@mistake("optimize", "gradient_ascent", "Your parameters climb the cost: gradient descent steps against the gradient. Check the sign of the update.")
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w + learning_rate * dw
        b = b + learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


@mistake("optimize", "learning_rate_hard_coded", "The learning rate is fixed at the default 0.009: use the learning_rate argument you were given.")
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - 0.009 * dw
        b = b - 0.009 * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


@mistake("optimize", "b_not_updated", "w learns but b stays where it started: update the bias too.")
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


@mistake("optimize", "costs_every_iteration", "You recorded the cost at every iteration: the course keeps one every 100 iterations (0, 100, 200, ...).")
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        costs.append(cost)
        if i % 100 == 0:
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


@mistake("optimize", "costs_recorded_late", "Your costs are those of iterations 99, 199, ...: the course records iterations 0, 100, 200, ... Check the condition on i.")
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if (i + 1) % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


@mistake("optimize", "one_iteration_short", "Your loop runs one iteration fewer than num_iterations (and misses the cost of iteration 0): where does range start?")
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(1, num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


@mistake("optimize", "returns_initial_parameters", "The updated parameters are lost: what you return is what you were given. Return the parameters after the last update.")
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    w_new, b_new = w, b
    for i in range(num_iterations):
        grads, cost = propagate(w_new, b_new, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w_new = w_new - learning_rate * dw
        b_new = b_new - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


@mistake("optimize", "in_place", "w -= ... changes the caller's array in place: write w = w - ... so that a new array is made.")
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w -= learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


# ---------------------------------------------------------------- predict

@mistake("predict", "threshold_on_z", "You thresholded w.T X + b: the 0.5 threshold applies to the probability, after the sigmoid.")
def predict(w, b, X):
    w = w.reshape(X.shape[0], 1)
    A = np.dot(w.T, X) + b
    Y_prediction = (A > 0.5).astype(float)
    return Y_prediction


@mistake("predict", "no_bias", "Your probabilities leave out the bias b.")
def predict(w, b, X):
    w = w.reshape(X.shape[0], 1)
    A = sigmoid(np.dot(w.T, X))
    Y_prediction = (A > 0.5).astype(float)
    return Y_prediction


@mistake("predict", "probabilities", "You returned the probabilities: predictions are 0 or 1, by comparing each probability with 0.5.")
def predict(w, b, X):
    w = w.reshape(X.shape[0], 1)
    A = sigmoid(np.dot(w.T, X) + b)
    return A


@mistake("predict", "rank1", "Your predictions are a rank-1 array (m,): keep the shape (1, m).")
def predict(w, b, X):
    w = w.reshape(X.shape[0], 1)
    A = sigmoid(np.dot(w.T, X) + b)
    Y_prediction = (A[0] > 0.5).astype(float)
    return Y_prediction


# ---------------------------------------------------------------- model

@mistake("model", "learning_rate_not_passed", "model trains with optimize's default learning rate: pass the learning_rate argument on to optimize.")
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations, print_cost=print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    d = {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
         "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}
    return d


@mistake("model", "num_iterations_not_passed", "model trains with optimize's default number of iterations: pass num_iterations on to optimize.")
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, learning_rate=learning_rate, print_cost=print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    d = {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
         "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}
    return d


@mistake("model", "arguments_swapped", "optimize's positional parameters are num_iterations, then learning_rate: yours arrive the other way round (passing them by keyword avoids this).")
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, learning_rate, num_iterations, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    d = {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
         "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}
    return d


@mistake("model", "predicts_with_initial_parameters", "Your predictions use the zero-initialised w and b: predict with the parameters optimize learned.")
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    w = params["w"]
    b = params["b"]
    d = {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
         "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}
    return d


@mistake("model", "predictions_swapped", "d['Y_prediction_test'] holds the predictions on the training set and the other way round: check which X each predict call gets.")
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_train)
    Y_prediction_train = predict(w, b, X_test)
    d = {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
         "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}
    return d


@mistake("model", "trains_on_test_set", "model learns from the test set: train on X_train and Y_train only.")
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_test.shape[0])
    params, grads, costs = optimize(w, b, X_test, Y_test, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    d = {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
         "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}
    return d


# ---------------------------------------------------------------- the reference names again

# Each `def` above rebinds its name in this module, and a variant looks up the functions it
# calls (sigmoid, propagate, linear_activation_forward ...) here when it runs on the trusted
# side: they must be the reference ones, not the last variant defined. The decorator has
# already registered every variant.
from logistic_regression import (  # noqa: E402,F811
    initialize_with_zeros,
    model,
    optimize,
    predict,
    propagate,
    sigmoid,
)
