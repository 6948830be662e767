"""Hidden checks for `shallow_nn`: random shapes compared with the reference, gradient
checks, initialisation statistics, training runs and blame isolation.

Blame isolation: `nn_model` and `predict` call other graded functions. They are first
run as the student wrote them (with the student's own callees: fast, and the common
case); only if that result is wrong are they run again with the course's callees
patched in (`student.patched(...)`). Only this second verdict costs points, so a
mistake in `backward_propagation` is charged to `backward_propagation` alone.

Initialisation: a draw-for-draw comparison under np.random.seed (the course's
`randn * 0.01`, W1 drawn before W2) and a statistical check (shapes, zero biases, a
standard deviation of 0.01). An implementation that draws differently (another order,
`default_rng`) but with the right statistics keeps full marks.
"""

import numpy as np

from example_checks import cost_parameters, older_signature, plain
from grader import checks
from grader.checks import (
    CheckFailed,
    StudentProblem,
    expect_close,
    expect_equal,
    expect_gradients,
    expect_predictions,
    expect_type,
    expect_unchanged,
    gradient_dict,
)
from network_checks import (
    about,
    blamed,
    check_compute_cost,
    check_initialize_parameters_course_seeds,
    check_initialize_parameters_statistics,
    known_mistake,
    labels,
    output_lines,
)

GRAD_KEYS = ["dW1", "db1", "dW2", "db2"]
NN_MODEL_CALLEES = ("layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
                    "backward_propagation", "update_parameters")


# ---------------------------------------------------------------- helpers

def _seeded(fn, seed):
    """`fn` run right after np.random.seed(seed) on the trusted side (a stand-in for an initialiser)."""
    def call(*args, **kwargs):
        np.random.seed(seed)
        return fn(*args, **kwargs)
    return call


def _limited(fn, limit, what):
    """`fn`, but refusing to run more than `limit` times (stops a loop that ignores num_iterations)."""
    count = [0]

    def call(*args, **kwargs):
        count[0] += 1
        if count[0] > limit:
            raise RuntimeError(f"{what} was called more than {limit} times: is num_iterations ignored?")
        return fn(*args, **kwargs)
    return call


def _forward_variant(X, params, hidden, output):
    A1 = hidden(params["W1"] @ X + params["b1"])
    return output(params["W2"] @ A1 + params["b2"])


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _random_parameters(rng, n_x, n_h, n_y=1, scale=1.0):
    return {
        "W1": rng.normal(0.0, scale, size=(n_h, n_x)),
        "b1": rng.normal(0.0, 0.5, size=(n_h, 1)),
        "W2": rng.normal(0.0, scale, size=(n_y, n_h)),
        "b2": rng.normal(0.0, 0.5, size=(n_y, 1)),
    }


# ---------------------------------------------------------------- layer_sizes

@checks.function("layer_sizes")
@checks.points(2)
def test_layer_sizes_random_shapes(student, reference, rng):
    n_x, n_y, m = int(rng.integers(2, 40)), int(rng.integers(1, 6)), int(rng.integers(2, 30))
    X, Y = rng.normal(size=(n_x, m)), rng.normal(size=(n_y, m))
    result = student.layer_sizes(X, Y)
    with about(f"layer_sizes(X, Y) for X of shape {X.shape} and Y of shape {Y.shape}"):
        expect_equal(plain(result), reference.layer_sizes(X, Y), "the result")


# ---------------------------------------------------------------- initialize_parameters

@checks.function("initialize_parameters")
@checks.points(2)
def test_initialize_parameters_statistics(student, seed):
    check_initialize_parameters_statistics(student, seed)


@checks.function("initialize_parameters")
@checks.points(1)
def test_initialize_parameters_course_seeds(student, reference, rng):
    """Draw for draw as in the course; or, drawn differently, statistically right. Never reseeded inside."""
    check_initialize_parameters_course_seeds(student, reference, rng, 2)


# ---------------------------------------------------------------- forward_propagation

@checks.function("forward_propagation")
@checks.points(3)
def test_forward_propagation_random_shapes(student, reference, rng):
    n_x, n_h, m = int(rng.integers(2, 12)), int(rng.integers(2, 9)), int(rng.integers(2, 25))
    X = rng.normal(size=(n_x, m))
    params = _random_parameters(rng, n_x, n_h)
    A2, cache = reference.forward_propagation(X, params)
    result = student.forward_propagation(X, params)
    with about(f"forward_propagation(X, parameters) for X of shape {X.shape} and n_h = {n_h}"):
        expect_type(result, (tuple, list), "the result")
        expect_equal(len(result), 2, "the number of values returned (A2, cache)", reveal=True)
        try:
            expect_close(result[0], A2, "A2")
        except CheckFailed:
            known_mistake(result[0], [
                ("the hidden layer uses np.tanh, not ReLU", _forward_variant(X, params, lambda z: np.maximum(0, z), _sigmoid)),
                ("the hidden layer uses np.tanh, not the sigmoid", _forward_variant(X, params, _sigmoid, _sigmoid)),
                ("the output layer uses the sigmoid, not tanh", _forward_variant(X, params, np.tanh, np.tanh)),
            ], "A2")
            raise
        expect_close(result[1], cache, "the cache")
    call = student.last_call
    expect_unchanged(call.args[1], call.args_after[1], "parameters")


@checks.function("forward_propagation")
@checks.points(1)
def test_forward_propagation_one_example(student, reference, rng):
    n_x, n_h = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    X = rng.normal(size=(n_x, 1))
    params = _random_parameters(rng, n_x, n_h)
    with about(f"forward_propagation(X, parameters) for one example, X of shape {X.shape}"):
        expect_close(plain(student.forward_propagation(X, params)), reference.forward_propagation(X, params),
                     "(A2, cache)")


# ---------------------------------------------------------------- compute_cost

@checks.function("compute_cost")
@checks.points(2)
def test_compute_cost_random(student, reference, rng):
    check_compute_cost(student, reference, rng, "A2", 3, 60)


@checks.function("compute_cost")
@checks.points(1)
def test_compute_cost_uint8_labels(student, reference, rng):
    """Labels as load_planar_dataset() gives them: uint8."""
    check_compute_cost(student, reference, rng, "A2", 2, 20, np.uint8)


# ---------------------------------------------------------------- backward_propagation

@checks.function("backward_propagation")
@checks.points(3)
def test_backward_propagation_random_shapes(student, reference, rng):
    n_x, n_h, m = int(rng.integers(2, 10)), int(rng.integers(2, 8)), int(rng.integers(2, 30))
    X, Y = rng.normal(size=(n_x, m)), labels(rng, m)
    params = _random_parameters(rng, n_x, n_h)
    _, cache = reference.forward_propagation(X, params)
    grads = student.backward_propagation(params, cache, X, Y)
    with about(f"backward_propagation(parameters, cache, X, Y) for X of shape {X.shape} and n_h = {n_h}"):
        try:
            expect_close(grads, reference.backward_propagation(params, cache, X, Y), "grads", m=m)
        except CheckFailed:
            known_mistake(grads, [
                ("the derivative of tanh is 1 - A1**2, not 1 - A1", _backward_with(params, cache, X, Y, 1 - cache["A1"])),
                ("dZ1 needs the derivative of tanh: W2.T dZ2 * (1 - A1**2)", _backward_with(params, cache, X, Y, 1.0)),
            ], "grads")
            raise


def _backward_with(params, cache, X, Y, derivative):
    """The gradients with `derivative` in place of tanh's 1 - A1**2 (a known mistake)."""
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = params["W2"].T @ dZ2 * derivative
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}


@checks.function("backward_propagation")
@checks.points(2)
def test_backward_propagation_numerical_gradient(student, reference, rng):
    """The gradients must be the derivatives of the cost of the forward pass."""
    n_x, n_h, m = int(rng.integers(2, 5)), int(rng.integers(2, 5)), int(rng.integers(3, 7))
    X, Y = rng.normal(size=(n_x, m)), labels(rng, m)
    params = _random_parameters(rng, n_x, n_h)
    _, cache = reference.forward_propagation(X, params)
    grads = student.backward_propagation(params, cache, X, Y)
    numeric = gradient_dict(lambda p: reference.compute_cost(reference.forward_propagation(X, p)[0], Y), params)
    with about(f"backward_propagation(parameters, cache, X, Y) for X of shape {X.shape} and n_h = {n_h}"):
        expect_gradients(grads, {"d" + k: v for k, v in numeric.items()}, "grads", m=m)


# ---------------------------------------------------------------- update_parameters

@checks.function("update_parameters")
@checks.points(2)
def test_update_parameters_learning_rate(student, reference, rng):
    n_x, n_h = int(rng.integers(2, 10)), int(rng.integers(2, 8))
    params = _random_parameters(rng, n_x, n_h)
    grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
    lr = float(rng.uniform(0.01, 3.0))
    result = student.update_parameters(params, grads, learning_rate=lr)
    with about(f"update_parameters(parameters, grads, learning_rate={lr:.4g})"):
        expect_close(result, reference.update_parameters(params, grads, learning_rate=lr), "the new parameters")
    call = student.last_call
    expect_unchanged(call.args[0], call.args_after[0], "parameters")
    expect_unchanged(call.args[1], call.args_after[1], "grads")


@checks.function("update_parameters")
@checks.points(1)
def test_update_parameters_default_learning_rate(student, reference, rng):
    n_x, n_h = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    params = _random_parameters(rng, n_x, n_h)
    grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
    with about("update_parameters(parameters, grads) with its default learning_rate=1.2"):
        expect_close(student.update_parameters(params, grads), reference.update_parameters(params, grads),
                     "the new parameters")


@checks.function("update_parameters")
@checks.points(1)
def test_update_parameters_leaves_inputs_alone(student, reference, rng):
    n_x, n_h = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    params = _random_parameters(rng, n_x, n_h)
    grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
    result = student.update_parameters(params, grads, 0.5)
    call = student.last_call
    expect_unchanged(call.args[0], call.args_after[0], "parameters")
    expect_unchanged(call.args[1], call.args_after[1], "grads")
    # Leaving the inputs alone earns a point only together with the right result.
    with about("update_parameters(parameters, grads, 0.5)"):
        expect_close(result, reference.update_parameters(params, grads, 0.5), "the new parameters")


# ---------------------------------------------------------------- nn_model

def _nn_model_case(rng):
    n_x, m = int(rng.integers(2, 4)), int(rng.integers(8, 20))
    X, Y = rng.normal(size=(n_x, m)), labels(rng, m)
    n_h = int(rng.choice([2, 3, 5, 6]))  # never the 4 of layer_sizes
    return X, Y, n_h


# The seed lines of the course's templates: np.random.seed(3) first in nn_model, np.random.seed(2)
# first in initialize_parameters. Kept or left out, both are right.
NN_MODEL_SEED, INIT_SEED = 3, 2


def _nn_model_stand_ins(student, reference, seed, limit, sizes):
    """The course's callees for nn_model; the initialiser seeded as the worker was.

    The student's own initialize_parameters stays in place when it draws exactly what the
    course's draws under this seed (or under its template's seed 2): then a nn_model that
    draws before initialising still shows.
    """
    stand_ins = {name: getattr(reference, name) for name in NN_MODEL_CALLEES}
    stand_ins["initialize_parameters"] = _seeded(reference.initialize_parameters, seed)
    stand_ins["forward_propagation"] = _limited(reference.forward_propagation, limit, "forward_propagation()")
    try:
        actual = student.seeded(seed).initialize_parameters(*sizes)
    except StudentProblem:
        return stand_ins
    for s in (seed, INIT_SEED):
        np.random.seed(s)
        try:
            expect_close(actual, reference.initialize_parameters(*sizes), "initialize_parameters", rtol=0.0, atol=0.0)
        except AssertionError:
            continue
        del stand_ins["initialize_parameters"]
        break
    return stand_ins


def _expect_nn_model(reference, X, Y, n_h, iterations, s):
    """A judge of nn_model's parameters: those learned from the draws after the caller's
    np.random.seed(s) -- or after the template's own seed lines (np.random.seed(3) in nn_model,
    np.random.seed(2) in initialize_parameters)."""
    expected = {}

    def after(seed):
        if seed not in expected:
            np.random.seed(seed)
            expected[seed] = reference.nn_model(X, Y, n_h, num_iterations=iterations)
        return expected[seed]

    def judge(result):
        try:
            expect_close(result, after(s), "the parameters")
        except CheckFailed:
            for seed in (NN_MODEL_SEED, INIT_SEED):
                try:
                    expect_close(result, after(seed), "the parameters")
                    return
                except CheckFailed:
                    pass
            raise
    return judge


@checks.function("nn_model")
@checks.points(3)
def test_nn_model_training(student, reference, rng):
    X, Y, n_h = _nn_model_case(rng)
    s, iterations = int(rng.integers(4, 10_000)), int(rng.integers(7, 30))  # never the course's 2 or 3
    expect_right = _expect_nn_model(reference, X, Y, n_h, iterations, s)
    what = f"nn_model(X, Y, n_h={n_h}, num_iterations={iterations}) after np.random.seed({s}), X of shape {X.shape}"

    def judge(result):
        with about(what):
            expect_right(result)

    blamed(student.seeded(s), "nn_model",
            lambda: _nn_model_stand_ins(student, reference, s, iterations + 2, (X.shape[0], n_h, Y.shape[0])),
            lambda view: view.nn_model(X, Y, n_h, num_iterations=iterations), judge)


@checks.function("nn_model")
@checks.points(1)
def test_nn_model_print_cost(student, reference, rng):
    """A few lines for print_cost=True -- and the right parameters (printing alone earns nothing)."""
    X, Y, n_h = _nn_model_case(rng)
    s, iterations = int(rng.integers(4, 10_000)), int(rng.integers(8, 20))
    expect_right = _expect_nn_model(reference, X, Y, n_h, iterations, s)
    what = f"nn_model(X, Y, n_h={n_h}, num_iterations={iterations}, print_cost=True)"

    def run(view):
        result = view.nn_model(X, Y, n_h, num_iterations=iterations, print_cost=True)
        return result, view.last_call.output

    def judge(outcome):
        result, output = outcome
        lines = output_lines(output)
        if not lines:
            raise CheckFailed(f"{what} printed nothing: print the cost (every 1000 iterations, from iteration 0)")
        if len(lines) > 3:
            raise CheckFailed(f"{what} printed {len(lines)} lines: print the cost only every 1000 iterations")
        with about(f"{what} after np.random.seed({s})"):
            expect_right(result)

    blamed(student.seeded(s), "nn_model",
            lambda: _nn_model_stand_ins(student, reference, s, iterations + 2, (X.shape[0], n_h, Y.shape[0])), run, judge)


# ---------------------------------------------------------------- predict

@checks.function("predict")
@checks.points(2)
def test_predict_random_inputs(student, reference, rng):
    n_x, n_h, m = int(rng.integers(2, 8)), int(rng.integers(2, 6)), int(rng.integers(40, 80))
    X = rng.normal(size=(n_x, m))
    params = _random_parameters(rng, n_x, n_h, scale=1.5)
    expected = reference.predict(params, X)
    what = f"predict(parameters, X) for X of shape {X.shape}"

    def judge(result):
        with about(what):
            expect_predictions(result, expected, "the predictions")

    blamed(student, "predict", {"forward_propagation": reference.forward_propagation},
            lambda view: view.predict(params, X), judge)


# ---------------------------------------------------------------- vectorisation
# Week 3 vectorises across the examples: Z1 = W1 X + b1 for all m examples at once, the
# cost "without for loops". These checks measure a loop over the examples
# (grader.checks.expect_vectorised); what a loop costs is the manifest's `vectorised`.
# nn_model's loop runs over iterations and is not measured.

def _network_case(rng, m, n_x=3, n_h=4):
    params = _random_parameters(np.random.default_rng(7), n_x, n_h)  # the same network at both sizes
    return rng.normal(size=(n_x, m)), labels(rng, m), params


@checks.vectorised("forward_propagation")
def test_forward_propagation_vectorised(student, reference, rng):
    def make(m):
        X, _, params = _network_case(rng, m)
        return X, params
    checks.expect_vectorised(student, "forward_propagation", reference.forward_propagation, make)


@checks.vectorised("compute_cost")
def test_compute_cost_vectorised(student, reference, rng):
    # The 2017-2020 edition's compute_cost(A2, Y, parameters) takes the parameters too.
    older = not _takes_two_arguments(student, rng)

    def make(m):
        A2, Y = rng.uniform(0.05, 0.95, size=(1, m)), labels(rng, m)
        return (A2, Y, cost_parameters(A2)) if older else (A2, Y)
    checks.expect_vectorised(student, "compute_cost", reference.compute_cost, make)


def _takes_two_arguments(student, rng):
    try:
        student.compute_cost(rng.uniform(0.05, 0.95, size=(1, 3)), labels(rng, 3))
    except StudentProblem as exc:
        if older_signature(exc):
            return False
        raise
    return True


@checks.vectorised("backward_propagation")
def test_backward_propagation_vectorised(student, reference, rng):
    def make(m):
        X, Y, params = _network_case(rng, m)
        _, cache = reference.forward_propagation(X, params)
        return params, cache, X, Y
    checks.expect_vectorised(student, "backward_propagation", reference.backward_propagation, make)
