"""Public checks for `deep_nn`: fixed examples, expected values written out.

These are what you can run yourself with `grade`. When your submission is graded,
hidden checks also run your functions on fresh random inputs and layer sizes, and
compare your gradients with numerical ones.

A function that calls other graded functions (linear_activation_forward,
L_model_forward, linear_activation_backward, L_model_backward) is only checked here
once those get their own examples right, so one mistake is not charged twice. The
examples, with their expected values, are in deep_nn_examples.py.
"""

import numpy as np

from deep_nn_examples import DEEP_NN
from grader import checks
from grader.checks import CheckFailed, expect_stats


def _check_initialiser(student, example, big_args, expected_std):
    """Draw for draw as the course draws; or, after a mismatch, right shapes and statistics."""
    try:
        DEEP_NN.check(student, example)
    except CheckFailed as exc:
        function = DEEP_NN[example][0]
        try:
            result = getattr(student, function)(*big_args)
            for key, (shape, std) in expected_std.items():
                value = result[key] if isinstance(result, dict) and key in result else None
                expect_stats(value, f"{key} of {function}{big_args}", shape=shape, mean=0.0, std=std)
        except CheckFailed:
            raise exc from None


@checks.function("initialize_parameters")
@checks.points(1)
def test_initialize_parameters_seed_1(student):
    _check_initialiser(student, "initialize_parameters", (50, 30, 2), {
        "W1": ((30, 50), 0.01), "b1": ((30, 1), 0.0), "W2": ((2, 30), 0.01), "b2": ((2, 1), 0.0)})


@checks.function("initialize_parameters_deep")
@checks.points(1)
def test_initialize_parameters_deep_seed_3(student):
    _check_initialiser(student, "initialize_parameters_deep", ([200, 30, 60],), {
        "W1": ((30, 200), 0.01), "b1": ((30, 1), 0.0),
        "W2": ((60, 30), 0.01), "b2": ((60, 1), 0.0)})


@checks.function("linear_forward")
@checks.points(1)
def test_linear_forward_example(student):
    DEEP_NN.check(student, "linear_forward")


@checks.function("linear_activation_forward")
@checks.points(1)
@checks.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_forward_example(student, activation):
    DEEP_NN.composite(student, "linear_activation_forward " + activation, "linear_forward")


@checks.function("L_model_forward")
@checks.points(1)
def test_L_model_forward_example(student):
    DEEP_NN.composite(student, "L_model_forward", "linear_forward", "linear_activation_forward sigmoid",
                      "linear_activation_forward relu")


@checks.function("compute_cost")
@checks.points(1)
def test_compute_cost_example(student):
    DEEP_NN.check(student, "compute_cost", m=3)


@checks.function("linear_backward")
@checks.points(1)
def test_linear_backward_example(student):
    DEEP_NN.check(student, "linear_backward", m=4)


@checks.function("linear_activation_backward")
@checks.points(1)
@checks.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_backward_example(student, activation):
    DEEP_NN.composite(student, "linear_activation_backward " + activation, "linear_backward", m=2)


@checks.function("L_model_backward")
@checks.points(1)
def test_L_model_backward_example(student):
    DEEP_NN.composite(student, "L_model_backward", "linear_backward", "linear_activation_backward sigmoid",
                      "linear_activation_backward relu", m=2)


@checks.function("update_parameters")
@checks.points(1)
def test_update_parameters_example(student):
    DEEP_NN.check(student, "update_parameters")
