"""Public checks for `shallow_nn`: fixed examples, expected values written out.

These are what you can run yourself with `grade`. When your submission is graded,
hidden checks also run your functions on fresh random inputs of random shapes,
compare your gradients with numerical ones, and train your model.

A function that calls other graded functions (nn_model, predict) is only checked
here once those get their own examples right, so one mistake is not charged twice.
"""

import numpy as np

from example_checks import Examples, call_cost
from grader import checks
from grader.checks import CheckFailed, StudentProblem, expect_close, expect_equal, expect_predictions, expect_stats

X = np.array([[1.75, -0.29, -0.48], [-2.65, -0.01, -0.32]])
Y = np.array([[1.0, 0.0, 1.0]])
PARAMETERS = {
    'W1': np.array([[-0.27, 0.16], [0.21, -0.53], [-0.44, -0.24], [0.34, 0.28]]),
    'b1': np.array([[-0.13], [-0.11], [0.07], [0.16]]),
    'W2': np.array([[-0.02, -0.34, 0.55, -0.15]]),
    'b2': np.array([[0.07]]),
}
CACHE = {
    'Z1': np.array([[-1.0265, -0.0533, -0.0516], [1.662, -0.1656, -0.0412], [-0.064, 0.2, 0.358], [0.013, 0.0586, -0.0928]]),
    'A1': np.array([[-0.7725008025, -0.0532495841, -0.0515542527], [0.9304860743, -0.1641026533, -0.0411767043], [-0.0639127616, 0.1973753202, 0.3434511648], [0.0129992677, 0.0585330153, -0.0925345215]]),
    'Z2': np.array([[-0.2680171583, 0.2266363676, 0.2878094834]]),
    'A2': np.array([[0.4333939444, 0.5564178111, 0.5714597738]]),
}  # forward_propagation(X, PARAMETERS)[1]
GRADS = {
    'dW1': np.array([[0.15, 0.06], [0.01, 0.07], [-0.06, -0.02], [-0.06, -0.02]]),
    'db1': np.array([[-0.05], [-0.02], [-0.04], [0.01]]),
    'dW2': np.array([[0.01, 0.03, 0.14, -0.15]]),
    'db2': np.array([[0.13]]),
}

# example -> (function, seed or None, args, expected): each function's example, also used
# to decide whether a caller can be checked (initialisers must then match the course's draws).
EXAMPLES = {
    "layer_sizes": ("layer_sizes", None, (np.zeros((5, 3)), np.zeros((2, 3))), (5, 4, 2)),
    "initialize_parameters": ("initialize_parameters", 2, (2, 4, 1), {
        'W1': np.array([[-0.004167578474, -0.0005626682723], [-0.02136196096, 0.01640270808], [-0.01793435585, -0.008417473657], [0.005028814172, -0.01245288087]]),
        'b1': np.array([[0.0], [0.0], [0.0], [0.0]]),
        'W2': np.array([[-0.01057952219, -0.009090076149, 0.005514540445, 0.02292208013]]),
        'b2': np.array([[0.0]]),
    }),
    "initialize_parameters as nn_model calls it": ("initialize_parameters", 3, (2, 3, 1), {
        'W1': np.array([[0.01788628473, 0.004365098505], [0.0009649746807, -0.01863492703], [-0.002773882025, -0.003547589793]]),
        'b1': np.array([[0.0], [0.0], [0.0]]),
        'W2': np.array([[-0.0008274148148, -0.006270006768, -0.0004381816898]]),
        'b2': np.array([[0.0]]),
    }),
    "forward_propagation": ("forward_propagation", None, (X, PARAMETERS), (np.array([[0.433393944402, 0.556417811144, 0.571459773825]]), CACHE)),
    "compute_cost": ("compute_cost", None, (np.array([[0.51, 0.32, 0.77]]), Y), 0.440123932737),
    "backward_propagation": ("backward_propagation", None, (PARAMETERS, CACHE, X, Y), {
        'dW1': np.array([[0.002370602763, -0.004911273745], [0.009602546756, -0.03773791778], [-0.1762108261, 0.2953467139], [0.0474131693, -0.081583293]]),
        'db1': np.array([[0.0006736053619], [-0.00425951468], [-0.07471572241], [0.02184348206]]),
        'dW2': np.array([[0.1433892289, -0.2002942698, -0.0003820461562, 0.02161937108]]),
        'db2': np.array([[-0.1462428236]]),
    }),
    "update_parameters": ("update_parameters", None, (PARAMETERS, GRADS), {
        'W1': np.array([[-0.45, 0.088], [0.198, -0.614], [-0.368, -0.216], [0.412, 0.304]]),
        'b1': np.array([[-0.07], [-0.086], [0.118], [0.148]]),
        'W2': np.array([[-0.032, -0.376, 0.382, 0.03]]),
        'b2': np.array([[-0.086]]),
    }),
}

# example -> [(what the mistake is, which part of the result it shows in (None: all), that part)]
KNOWN_MISTAKES = {
    'forward_propagation': [
        ('the hidden layer uses np.tanh, not ReLU', 0, np.array([[0.3782388833, 0.5426982503, 0.5663317018]])),
        ('the hidden layer uses np.tanh, not the sigmoid', 0, np.array([[0.4924176074, 0.5323353539, 0.5364210937]])),
        ('the output layer uses the sigmoid, not tanh', 0, np.array([[-0.2617788348, 0.2228341475, 0.2801174177]])),
    ],
    'backward_propagation': [
        ('the derivative of tanh is 1 - A1**2, not 1 - A1', None, {'dW1': np.array([[0.01140794368, -0.01866508574], [0.004827875569, -0.02727682384], [-0.192389044, 0.3085573198], [0.04529268248, -0.08132857377]]), 'db1': np.array([[0.00579264105], [-0.01837749171], [-0.08022342758], [0.0251793292]]), 'dW2': np.array([[0.1433892289, -0.2002942698, -0.0003820461562, 0.02161937108]]), 'db2': np.array([[-0.1462428236]])}),
        ('dZ1 needs the derivative of tanh: W2.T dZ2 * (1 - A1**2)', None, {'dW1': np.array([[0.00631481636, -0.01088716494], [0.1073518781, -0.185081804], [-0.1736574499, 0.299397036], [0.0473611227, -0.08165373708]]), 'db1': np.array([[0.002924856471], [0.04972256001], [-0.08043355296], [0.02193642353]]), 'dW2': np.array([[0.1433892289, -0.2002942698, -0.0003820461562, 0.02161937108]]), 'db2': np.array([[-0.1462428236]])}),
    ],
}

SHALLOW_NN = Examples(EXAMPLES, KNOWN_MISTAKES, skip_note=" (as the course draws them)",
                      calls={"compute_cost": call_cost})


@checks.function("layer_sizes")
@checks.points(1)
def test_layer_sizes_example(student):
    expect_equal(SHALLOW_NN.run(student, "layer_sizes"), (5, 4, 2), "layer_sizes(X (5, 3), Y (2, 3))", reveal=True)


@checks.function("initialize_parameters")
@checks.points(1)
def test_initialize_parameters_seed_2(student):
    # np.random.seed(2) right before the call, as in the course's test
    result = SHALLOW_NN.run(student, "initialize_parameters")
    try:
        expect_close(result, EXAMPLES["initialize_parameters"][3],
                     "initialize_parameters(2, 4, 1) after np.random.seed(2)", reveal=True)
    except CheckFailed as exc:
        # Drawn another way? Fine if the statistics are right: randn * 0.01, zero biases.
        big = student.initialize_parameters(50, 30, 2)
        try:
            expect_stats(big.get("W1") if isinstance(big, dict) else big, "W1 of initialize_parameters(50, 30, 2)",
                         shape=(30, 50), mean=0.0, std=0.01, std_hint="0.01")
            expect_stats(big["W2"], "W2 of initialize_parameters(50, 30, 2)", shape=(2, 30), mean=0.0, std=0.01,
                         std_hint="0.01")
            expect_stats(big["b1"], "b1 of initialize_parameters(50, 30, 2)", shape=(30, 1), mean=0.0, std=0.0)
            expect_stats(big["b2"], "b2 of initialize_parameters(50, 30, 2)", shape=(2, 1), mean=0.0, std=0.0)
        except (CheckFailed, KeyError, TypeError):
            raise exc from None


@checks.function("forward_propagation")
@checks.points(1)
def test_forward_propagation_example(student):
    SHALLOW_NN.check(student, "forward_propagation")


@checks.function("compute_cost")
@checks.points(1)
def test_compute_cost_example(student):
    SHALLOW_NN.check(student, "compute_cost", m=3)


@checks.function("backward_propagation")
@checks.points(1)
def test_backward_propagation_example(student):
    SHALLOW_NN.check(student, "backward_propagation", m=3)


@checks.function("update_parameters")
@checks.points(1)
def test_update_parameters_example(student):
    SHALLOW_NN.check(student, "update_parameters")
    result = student.update_parameters(PARAMETERS, GRADS, learning_rate=0.5)
    expect_close(result, {
        'W1': np.array([[-0.345, 0.13], [0.205, -0.565], [-0.41, -0.23], [0.37, 0.29]]),
        'b1': np.array([[-0.105], [-0.1], [0.09], [0.155]]),
        'W2': np.array([[-0.025, -0.355, 0.48, -0.075]]),
        'b2': np.array([[0.005]]),
    }, "update_parameters(PARAMETERS, GRADS, learning_rate=0.5)", reveal=True)


@checks.function("nn_model")
@checks.points(1)
def test_nn_model_example(student):
    X = np.array([[-0.24, -1.23, -0.17, 0.09, 1.07], [-1.06, 0.22, 0.12, -1.68, -1.19]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    call = "nn_model(X, Y, n_h=3, num_iterations=40) after np.random.seed(3)"
    # np.random.seed(3) right before the call, as in the course (or as the template's first line)
    try:
        parameters = student.seeded(3).nn_model(X, Y, 3, num_iterations=40)
        try:
            expect_close(parameters, {
                'W1': np.array([[0.2446869234, 0.5869139827], [-1.133210875, -1.790110304], [-0.3087388799, -0.7419137833]]),
                'b1': np.array([[0.1980109578], [-1.513586001], [-0.3401336489]]),
                'W2': np.array([[0.726824081, -3.110894774, -0.9766227758]]),
                'b2': np.array([[0.8120389767]]),
            }, call, reveal=True)
        except AssertionError as exc:
            try:  # initialize_parameters with the 2017-2020 template's np.random.seed(2) line
                expect_close(parameters, {
                    'W1': np.array([[0.4295154705, 0.8434198154], [0.3979129101, 0.8443576532], [-1.062678697, -1.653491136]]),
                    'b1': np.array([[0.5014544438], [0.4883261747], [-1.379178154]]),
                    'W2': np.array([[1.190964971, 1.176711495, -2.793440939]]),
                    'b2': np.array([[0.8871487325]]),
                }, call)
            except AssertionError:
                raise exc from None
    except (AssertionError, StudentProblem):
        SHALLOW_NN.needs(student, "layer_sizes", "initialize_parameters as nn_model calls it", "forward_propagation",
                         "compute_cost", "backward_propagation", "update_parameters")
        raise


@checks.function("predict")
@checks.points(1)
def test_predict_example(student):
    X = np.array([[0.6, 0.7, 1.09, 0.53, 0.4, 0.12], [1.21, -0.84, -0.14, 0.39, -1.58, 1.31]])
    try:
        expect_predictions(student.predict(PARAMETERS, X), np.array([[0.0, 0.0, 0.0, 0.0, 1.0, 1.0]]), "predict(PARAMETERS, X)", reveal=True)
    except (AssertionError, StudentProblem):
        SHALLOW_NN.needs(student, "forward_propagation")
        raise
