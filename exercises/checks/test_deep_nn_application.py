"""Public checks for `deep_nn_application`: the two models on a tiny fixed data set.

These are what you can run yourself with `grade`. When your submission is graded,
hidden checks also train your models on other random data, with other learning
rates and iteration counts, and look at what print_cost=True prints.

The models are built from your deep_nn building blocks: a model is only checked here
once the building blocks it uses get their own examples (those of deep_nn's public
checks, in deep_nn_examples.py) right, so one mistake in deep_nn is not charged again
here.
"""

import numpy as np
import pytest

from deep_nn_examples import DEEP_NN
from example_checks import plain
from grader.exercise.compare import expect_close
from grader.exercise.proxy import StudentProblem

X = np.array([[0.05, 0.29, 0.72, 0.02, 0.21, 0.05, 0.3, 0.66], [0.31, 0.58, 0.07, 0.87, 0.13, 0.18, 0.5, 0.86], [0.76, 0.97, 0.76, 0.38, 0.41, 0.71, 0.27, 0.85], [0.91, 0.76, 0.52, 0.17, 0.3, 0.28, 0.33, 0.46]])
Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])

# deep_nn's examples, and the initialisers as the models call them (after np.random.seed(1)).
BUILDING_BLOCKS = DEEP_NN.extended({
    "initialize_parameters as two_layer_model calls it": ("initialize_parameters", 1, (4, 3, 1), {
        'W1': np.array([[0.01624345364, -0.006117564137, -0.005281717523, -0.01072968622], [0.008654076293, -0.02301538697, 0.01744811764, -0.007612069009], [0.003190390961, -0.002493703755, 0.01462107937, -0.02060140709]]),
        'b1': np.array([[0.0], [0.0], [0.0]]),
        'W2': np.array([[-0.00322417204, -0.003840543547, 0.01133769442]]),
        'b2': np.array([[0.0]]),
    }),
    "initialize_parameters_deep as L_layer_model calls it": ("initialize_parameters_deep", 1, ([4, 3, 2, 1],), {
        'W1': np.array([[0.8121726818, -0.3058782068, -0.2640858761, -0.5364843111], [0.4327038147, -1.150769348, 0.8724058821, -0.3806034504], [0.159519548, -0.1246851877, 0.7310539685, -1.030070355]]),
        'b1': np.array([[0.0], [0.0], [0.0]]),
        'W2': np.array([[-0.1861476595, -0.2217338851, 0.6545820927], [-0.6350225193, -0.09955147205, -0.5068317939]]),
        'b2': np.array([[0.0], [0.0]]),
        'W3': np.array([[0.02984962656, 0.4121125898]]),
        'b3': np.array([[0.0]]),
    }),
}, skip_note=" (in deep_nn)")


@pytest.mark.function("two_layer_model")
@pytest.mark.points(2)
def test_two_layer_model_example(student):
    # np.random.seed(1) right before the call, as in the course
    call = "two_layer_model(X, Y, (4, 3, 1), learning_rate=0.3, num_iterations=12) after np.random.seed(1)"
    try:
        parameters, costs = plain(student.seeded(1).two_layer_model(X, Y, (4, 3, 1), learning_rate=0.3, num_iterations=12))
        expect_close(list(costs), [0.693149346695], "costs from " + call, reveal=True)
        expect_close(parameters, {
            'W1': np.array([[0.01574127533, -0.006166387027, -0.005811794619, -0.01109237055], [0.008087406609, -0.02306955234, 0.01709298933, -0.008001704645], [0.007413866027, -0.001977900294, 0.01860054934, -0.01750922566]]),
            'b1': np.array([[-0.0006974698637], [-0.0006921975298], [0.003105159837]]),
            'W2': np.array([[-0.003020369631, -0.001543285012, 0.01381746203]]),
            'b2': np.array([[-3.260373038e-05]]),
        }, "parameters from " + call, reveal=True)
    except (AssertionError, StudentProblem, TypeError, ValueError):
        BUILDING_BLOCKS.needs(student, "initialize_parameters as two_layer_model calls it",
                              "linear_activation_forward sigmoid", "linear_activation_forward relu", "compute_cost",
                              "linear_activation_backward sigmoid", "linear_activation_backward relu",
                              "update_parameters")
        raise


@pytest.mark.function("L_layer_model")
@pytest.mark.points(2)
def test_L_layer_model_example(student):
    # np.random.seed(1) right before the call, as in the course
    call = "L_layer_model(X, Y, [4, 3, 2, 1], learning_rate=0.3, num_iterations=12) after np.random.seed(1)"
    try:
        parameters, costs = plain(student.seeded(1).L_layer_model(X, Y, [4, 3, 2, 1], learning_rate=0.3, num_iterations=12))
        expect_close(list(costs), [0.693098112788], "costs from " + call, reveal=True)
        expect_close(parameters, {
            'W1': np.array([[0.8121726818, -0.3058782068, -0.2640858761, -0.5364843111], [0.432785787, -1.150474248, 0.8735698898, -0.3801444052], [0.162439631, -0.121795797, 0.7315544526, -1.029282389]]),
            'b1': np.array([[0.0], [0.001639447448], [-0.0004417239729]]),
            'W2': np.array([[-0.1861476595, -0.2241510385, 0.6540744629], [-0.6350225193, -0.09955147205, -0.5068317939]]),
            'b2': np.array([[-0.0006752446443], [0.0]]),
            'W3': np.array([[0.03615649292, 0.4121125898]]),
            'b3': np.array([[-0.0004167812146]]),
        }, "parameters from " + call, reveal=True)
    except (AssertionError, StudentProblem, TypeError, ValueError):
        BUILDING_BLOCKS.needs(student, "initialize_parameters_deep as L_layer_model calls it", "L_model_forward",
                              "compute_cost", "L_model_backward", "update_parameters")
        raise
