"""Public checks for `deep_nn_application`: the two models on a tiny fixed data set.

These are what you can run yourself with `grade`. When your submission is graded,
hidden checks also train your models on other random data, with other learning
rates and iteration counts, and look at what print_cost=True prints.

The models are built, as in the course, on the provided building blocks
(dnn_app_utils.py). If your module uses its own (say, from your deep_nn.py) and the
example comes out wrong, it is run again with the provided ones in their place: a
model that is then right is right (a difference in deep_nn is charged there), so
one mistake in deep_nn is not charged again here.
"""

import numpy as np

import dnn_app_utils  # the provided building blocks
from example_checks import plain
from grader import checks
from grader.checks import StudentProblem, expect_close

BUILDING_BLOCKS = ("initialize_parameters", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
                   "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward",
                   "L_model_backward", "update_parameters")


def _judged(student, run):
    """run(view) as the module is; if that fails, once more with the provided building blocks in place of
    the module's own (if it has any), and that verdict counts."""
    try:
        run(student)
    except (AssertionError, StudentProblem, TypeError, ValueError):
        stand_ins = {name: getattr(dnn_app_utils, name) for name in BUILDING_BLOCKS if student.has(name)}
        if not stand_ins:
            raise
        run(student.patched(**stand_ins))


X = np.array([[0.05, 0.29, 0.72, 0.02, 0.21, 0.05, 0.3, 0.66], [0.31, 0.58, 0.07, 0.87, 0.13, 0.18, 0.5, 0.86], [0.76, 0.97, 0.76, 0.38, 0.41, 0.71, 0.27, 0.85], [0.91, 0.76, 0.52, 0.17, 0.3, 0.28, 0.33, 0.46]])
Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])

def _expect_example(result, costs_expected, parameters_expected, call):
    """(parameters, costs) as now; a model of the 2017-2020 edition returns the parameters alone."""
    result = plain(result)
    if isinstance(result, dict):
        parameters, costs = result, None
    else:
        parameters, costs = result
    if costs is not None:
        expect_close(list(costs), costs_expected, "costs from " + call, reveal=True)
    expect_close(parameters, parameters_expected, "parameters from " + call, reveal=True)


@checks.function("two_layer_model")
@checks.points(2)
def test_two_layer_model_example(student):
    # np.random.seed(1) right before the call, as in the course
    call = "two_layer_model(X, Y, (4, 3, 1), learning_rate=0.3, num_iterations=12) after np.random.seed(1)"
    _judged(student, lambda view: _expect_example(
        view.seeded(1).two_layer_model(X, Y, (4, 3, 1), learning_rate=0.3, num_iterations=12), [0.693149346695], {
            'W1': np.array([[0.01574127533, -0.006166387027, -0.005811794619, -0.01109237055], [0.008087406609, -0.02306955234, 0.01709298933, -0.008001704645], [0.007413866027, -0.001977900294, 0.01860054934, -0.01750922566]]),
            'b1': np.array([[-0.0006974698637], [-0.0006921975298], [0.003105159837]]),
            'W2': np.array([[-0.003020369631, -0.001543285012, 0.01381746203]]),
            'b2': np.array([[-3.260373038e-05]]),
        }, call))


@checks.function("L_layer_model")
@checks.points(2)
def test_L_layer_model_example(student):
    # np.random.seed(1) right before the call, as in the course
    call = "L_layer_model(X, Y, [4, 3, 2, 1], learning_rate=0.3, num_iterations=12) after np.random.seed(1)"
    _judged(student, lambda view: _expect_example(
        view.seeded(1).L_layer_model(X, Y, [4, 3, 2, 1], learning_rate=0.3, num_iterations=12), [0.693098112788], {
            'W1': np.array([[0.8121726818, -0.3058782068, -0.2640858761, -0.5364843111], [0.432785787, -1.150474248, 0.8735698898, -0.3801444052], [0.162439631, -0.121795797, 0.7315544526, -1.029282389]]),
            'b1': np.array([[0.0], [0.001639447448], [-0.0004417239729]]),
            'W2': np.array([[-0.1861476595, -0.2241510385, 0.6540744629], [-0.6350225193, -0.09955147205, -0.5068317939]]),
            'b2': np.array([[-0.0006752446443], [0.0]]),
            'W3': np.array([[0.03615649292, 0.4121125898]]),
            'b3': np.array([[-0.0004167812146]]),
        }, call))
