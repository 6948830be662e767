"""Public checks for `logistic_regression`: fixed examples, expected values written out.

These are what you can run yourself with `grade`. When your submission is
graded, hidden checks also run your functions on fresh random inputs of random
shapes and compare them with the reference solution.
"""

import numpy as np

from example_checks import plain, unless_callees_fail, zero_b
from grader import checks
from grader.checks import expect_close, expect_equal, expect_keys, expect_predictions


@checks.function("sigmoid")
@checks.points(1)
def test_sigmoid_example(student):
    expect_close(student.sigmoid(np.array([0, 2])), np.array([0.5, 0.8807970779778823]),
                 "sigmoid(np.array([0, 2]))", reveal=True)


@checks.function("initialize_with_zeros")
@checks.points(1)
def test_initialize_with_zeros_example(student):
    # b = 0.0 as now, or b = 0 as the 2017-2020 template wrote it
    expect_close(zero_b(plain(student.initialize_with_zeros(2))), (np.zeros((2, 1)), 0.0),
                 "initialize_with_zeros(2)", reveal=True)


# The propagate example: w.T @ X + b is [[9, 12, -5.4]].
W = np.array([[1.0], [2.0]])
B = 2.0
X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
Y = np.array([[1, 0, 1]])
Z = np.array([[9.0, 12.0, -5.4]])
SIGMOID_Z = np.array([[0.9998766054240137, 0.9999938558253978, 0.00449627316094118]])
PROPAGATE = ({"dw": np.array([[0.9984560146379561], [2.395072388486207]]), "db": 0.001455578136784208},
             5.801545319394553)


@checks.function("propagate")
@checks.points(2)
def test_propagate_example(student):
    with unless_callees_fail(student, ("sigmoid", (Z,), SIGMOID_Z)):
        expect_close(plain(student.propagate(W, B, X, Y)), PROPAGATE, "propagate(w, b, X, Y)", reveal=True, m=3)


@checks.function("optimize")
@checks.points(2)
def test_optimize_example(student):
    expected = (
        {"w": np.array([[0.19033590888604332], [0.12259159246561413]]), "b": 1.9253598300845747},
        {"dw": np.array([[0.6775204222153582], [1.416254952638088]]), "db": 0.21919450454067657},
        [5.801545319394553],
    )
    with unless_callees_fail(student, ("propagate", (W, B, X, Y), PROPAGATE)):
        result = student.optimize(W, B, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False)
        expect_close(plain(result), expected, "optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009)",
                     reveal=True)


# The predict example: w.T @ X + b is about [[0.0897, 0.0384, -0.6368]].
W_PREDICT = np.array([[0.1124579], [0.23106775]])
B_PREDICT = -0.3
X_PREDICT = np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])
Z_PREDICT = np.array([[0.08973919999999996, 0.03843181000000001, -0.636758505]])
SIGMOID_Z_PREDICT = np.array([[0.5224197562625682, 0.5096067700926029, 0.34597965087838745]])


@checks.function("predict")
@checks.points(1)
def test_predict_example(student):
    with unless_callees_fail(student, ("sigmoid", (Z_PREDICT,), SIGMOID_Z_PREDICT)):
        expect_predictions(student.predict(W_PREDICT, B_PREDICT, X_PREDICT), np.array([[1.0, 1.0, 0.0]]),
                           "predict(w, b, X)", reveal=True)


# A tiny two-feature data set for the model.
X_TRAIN = np.array([[1.0, -2.0, 0.5, 3.0, -1.0, 2.0], [2.0, 0.5, -1.0, 1.0, -3.0, 0.0]])
Y_TRAIN = np.array([[1, 0, 0, 1, 0, 1]])
X_TEST = np.array([[0.5, -1.5, 2.5], [1.0, -0.5, -2.0]])
Y_TEST = np.array([[1, 0, 1]])
TRAINED = ({"w": np.array([[1.673814922483275], [1.640725411446447]]), "b": -0.7223356908423684},
           {"dw": np.array([[-0.02397884748103379], [-0.03231159585547234]]), "db": 0.02210892818165025},
           [0.6931471805599453, 0.0894529353757153, 0.053937537836549886])


@checks.function("model")
@checks.points(2)
def test_model_example(student):
    def zeros_right():
        try:
            expect_close(zero_b(plain(student.initialize_with_zeros(2))), (np.zeros((2, 1)), 0.0),
                         "initialize_with_zeros()")
        except Exception:
            checks.skip("checked once initialize_with_zeros() passes its own check: fix initialize_with_zeros() first")

    def predict_right():
        w, b = TRAINED[0]["w"], TRAINED[0]["b"]
        try:
            expect_predictions(student.predict(w, b, X_TEST), np.array([[1.0, 0.0, 1.0]]), "predict()")
        except Exception:
            checks.skip("checked once predict() passes its own check: fix predict() first")

    call = "model(X_train, Y_train, X_test, Y_test, num_iterations=201, learning_rate=0.1)"
    expected = {
        "costs": TRAINED[2],
        "Y_prediction_test": np.array([[1.0, 0.0, 1.0]]),
        "Y_prediction_train": np.array([[1.0, 0.0, 0.0, 1.0, 0.0, 1.0]]),
        "w": TRAINED[0]["w"],
        "b": TRAINED[0]["b"],
        "learning_rate": 0.1,
        "num_iterations": 201,
    }
    with unless_callees_fail(student, zeros_right,
                             ("optimize", (np.zeros((2, 1)), 0.0, X_TRAIN, Y_TRAIN), TRAINED,
                              {"num_iterations": 201, "learning_rate": 0.1}),
                             predict_right):
        d = student.model(X_TRAIN, Y_TRAIN, X_TEST, Y_TEST, num_iterations=201, learning_rate=0.1)
        expect_keys(d, list(expected), f"the dictionary returned by {call}")
        for key in ("Y_prediction_test", "Y_prediction_train"):
            expect_predictions(d[key], expected[key], f"{call}: d[{key!r}]", reveal=True)
        for key in ("costs", "w", "b", "learning_rate"):
            expect_close(plain(d[key]), expected[key], f"{call}: d[{key!r}]", reveal=True)
        expect_equal(d["num_iterations"], 201, f"{call}: d['num_iterations']", reveal=True)
