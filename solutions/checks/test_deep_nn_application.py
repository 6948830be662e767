"""Hidden checks for `deep_nn_application`: short training runs on small random data,
compared with the reference run.

The course's models are built on the provided building blocks (dnn_app_utils, the
course's dnn_app_utils_v3), whose initialisers seed np.random with 1 themselves, and its
template starts each model with np.random.seed(1). A model is right when it gives the
reference's result, or (a model that seeds nothing, on building blocks that seed
nothing) the same training run from draws made under the caller's own seed.

Each model is first run as the student wrote it, with whatever building blocks the
module uses (the provided ones, or the student's own deep_nn). Only if that result is
wrong is it run again with the course's building blocks patched in
(`student.patched(...)`, served from the trusted side), and only this second verdict
costs points: a mistake (or another edition's initialisation) in deep_nn is charged
there, not again here. The patched stand-ins refuse to run more often than
`num_iterations` asks for (see _limit), so a loop that ignores it fails quickly
instead of timing out.

What is checked: the learned parameters after just over 100 iterations with an
unusual learning rate (the learning rate and the iteration count are honoured) and
the costs (one every 100 iterations, from iteration 0, as numbers; a model of the
2017-2020 edition returns the parameters alone, and then only they are checked); and
that print_cost=True prints a few lines, not one per iteration.
"""

import copy

import numpy as np

import dnn_app_utils as course  # the course's building blocks (exercises/dnn_app_utils.py, provided)
from example_checks import plain
from grader import checks
from grader.checks import CheckFailed, StudentProblem, expect_close, expect_equal, expect_type
from network_checks import about, output_lines

BUILDING_BLOCKS = ("initialize_parameters", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
                   "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward",
                   "L_model_backward", "update_parameters")


# ---------------------------------------------------------------- helpers

def _limit(name, iterations):
    """How often a model may call a building block for `iterations` iterations.

    A model updates its parameters once per iteration, so update_parameters gets no
    slack beyond the last one; the others get room for a model that, say, computes
    the cost twice. Every call is a round trip to the grader: a model that ignores
    num_iterations (3000 instead of ~100) is stopped after ~100 iterations, not 1000.
    """
    if name == "update_parameters":
        return iterations + 1
    return 4 * (iterations + 2)


def _stand_ins(iterations):
    """The course's building blocks, each counting its calls (its initialisers seed np.random with 1 themselves)."""

    def wrap(name):
        fn = getattr(course, name)
        count = [0]
        limit = _limit(name, iterations)

        def call(*args, **kwargs):
            count[0] += 1
            if count[0] > limit:
                raise RuntimeError(f"{name}() was called more than {limit} times for num_iterations={iterations}: "
                                   "is num_iterations ignored?")
            return fn(*args, **kwargs)
        return call

    return {name: wrap(name) for name in BUILDING_BLOCKS}


# What each model calls directly: the blocks that can be patched in for it.
CALLED = {
    "two_layer_model": ("initialize_parameters", "linear_activation_forward", "compute_cost",
                        "linear_activation_backward", "update_parameters"),
    "L_layer_model": ("initialize_parameters_deep", "L_model_forward", "compute_cost", "L_model_backward",
                      "update_parameters"),
}


def _agrees(call, expected, name):
    """Whether a student's block gives the course's result on one probe (any problem: no)."""
    try:
        expect_close(plain(call()), expected, name)
        return True
    except (AssertionError, StudentProblem):
        return False


def _wrong_blocks(student, model, dims, X, Y):
    """The blocks `model` calls that disagree with the course's on a probe built from X, Y and dims.

    One call each (two for the activations), on the model's own shapes, with the course's
    caches where a block takes one.
    """
    probe = np.random.default_rng(int(X.size * 7919 + Y.sum()))
    wrong = set()
    if model == "two_layer_model":
        n_x, n_h, n_y = dims
        W1, b1 = probe.normal(0, 0.5, (n_h, n_x)), probe.normal(0, 0.5, (n_h, 1))
        for activation, (A_prev, W, b) in (("relu", (X, W1, b1)),
                                           ("sigmoid", (np.abs(probe.normal(0, 1, (n_h, X.shape[1]))),
                                                        probe.normal(0, 0.5, (n_y, n_h)), probe.normal(0, 0.5, (n_y, 1))))):
            A, cache = course.linear_activation_forward(A_prev, W, b, activation)
            if not _agrees(lambda: student.linear_activation_forward(A_prev, W, b, activation), (A, cache),
                           "linear_activation_forward"):
                wrong.add("linear_activation_forward")
            dA = probe.normal(0, 1, A.shape)
            if not _agrees(lambda: student.linear_activation_backward(dA, cache, activation),
                           course.linear_activation_backward(dA, cache, activation), "linear_activation_backward"):
                wrong.add("linear_activation_backward")
        params = {"W1": W1, "b1": b1, "W2": probe.normal(0, 0.5, (n_y, n_h)), "b2": probe.normal(0, 0.5, (n_y, 1))}
    else:
        params = {}
        for l in range(1, len(dims)):
            params[f"W{l}"] = probe.normal(0, 0.5, (dims[l], dims[l - 1]))
            params[f"b{l}"] = probe.normal(0, 0.5, (dims[l], 1))
        AL, caches = course.L_model_forward(X, params)
        if not _agrees(lambda: student.L_model_forward(X, params), (AL, caches), "L_model_forward"):
            wrong.add("L_model_forward")
        if not _agrees(lambda: student.L_model_backward(AL, Y, caches), course.L_model_backward(AL, Y, caches),
                       "L_model_backward"):
            wrong.add("L_model_backward")
    AL = probe.uniform(0.05, 0.95, Y.shape)
    if not _agrees(lambda: student.compute_cost(AL, Y), course.compute_cost(AL, Y), "compute_cost"):
        wrong.add("compute_cost")
    grads = {f"d{k}": probe.normal(0, 1, v.shape) for k, v in params.items()}
    if not _agrees(lambda: student.update_parameters(params, grads, 0.1),
                   course.update_parameters(copy.deepcopy(params), grads, 0.1), "update_parameters"):
        wrong.add("update_parameters")
    return wrong


def _blamed(student, function, seed, iterations, run, judge, dims, X, Y):
    """Judge `run(view)`: first with the student's own building blocks, then with the course's.

    If the student's module as it is passes, so does the check. Otherwise the model is
    run again with the course's building blocks patched in: if that passes, the model is
    right and only inherited a mistake of deep_nn (charged there); if it fails, the
    mistake is the model's own.

    Every patched block costs a round trip to the grader per call (six per iteration
    for two_layer_model), so first only the blocks that disagree with the course's on a
    probe are patched in: if the model is then right, it is right. Only if not is every
    block patched in, and that run gives the verdict, as it would without the first.
    """
    view = student.seeded(seed)
    try:
        judge(run(view))
        return
    except (AssertionError, StudentProblem) as exc:
        first = exc
    stand_ins = {name: fn for name, fn in _stand_ins(iterations).items() if student.has(name)}
    if not stand_ins:
        raise first
    called = [name for name in CALLED[function] if name in stand_ins]
    wrong = _wrong_blocks(student, function, dims, X, Y) | {name for name in called if name.startswith("initialize")}
    narrow = {name: stand_ins[name] for name in called if name in wrong}
    if narrow and len(narrow) < len(called):
        try:
            judge(run(view.patched(**narrow)))
            return
        except (AssertionError, StudentProblem):
            # Fresh stand-ins for the full run (each counts its calls against num_iterations).
            fresh = _stand_ins(iterations)
            stand_ins = {name: fresh[name] for name in stand_ins}
    try:
        judge(run(view.patched(**stand_ins)))
    except CheckFailed as exc:
        raise CheckFailed(f"{function}() itself is wrong (checked with the course's deep_nn building blocks in place "
                          f"of yours): {exc.message}", kind=exc.kind, name=exc.name) from None


def _data(rng):
    n_x, m = int(rng.integers(3, 7)), int(rng.integers(8, 17))
    X = rng.uniform(0.0, 1.0, size=(n_x, m))  # like pixel values / 255
    Y = rng.integers(0, 2, size=(1, m)).astype(float)
    Y[0, 0], Y[0, -1] = 0.0, 1.0
    return X, Y


def _dims(rng, model, n_x):
    if model == "two_layer_model":
        return (n_x, int(rng.integers(2, 6)), 1)
    return [n_x] + [int(rng.integers(2, 6)) for _ in range(int(rng.integers(1, 4)))] + [1]


def _reference(reference, model, seed, *args, **kwargs):
    """The reference model run right after np.random.seed(seed), here on the trusted side."""
    np.random.seed(seed)
    return getattr(reference, model)(*args, **kwargs)


def _from_callers_seed(reference, model, seed, X, Y, dims, learning_rate, num_iterations):
    """What a model that seeds nothing gives on building blocks that seed nothing: the course's
    initialisation drawn right after the caller's np.random.seed(seed), then the same training."""
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(dims)):
        scale = 0.01 if model == "two_layer_model" else 1.0 / np.sqrt(dims[l - 1])
        parameters[f"W{l}"] = np.random.randn(dims[l], dims[l - 1]) * scale
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    descent = reference.two_layer_descent if model == "two_layer_model" else reference.L_layer_descent
    return descent(X, Y, parameters, learning_rate, num_iterations)


def _unpack(result):
    """(parameters, costs); costs is None for a model of the 2017-2020 edition, which returns the parameters alone."""
    if isinstance(result, dict):
        return plain(result), None
    expect_type(result, (tuple, list), "the result")
    expect_equal(len(result), 2, "the number of values returned (parameters, costs)", reveal=True)
    parameters, costs = plain(tuple(result))
    expect_type(costs, (list, tuple), "costs")
    return parameters, costs


def _expect_run(parameters, costs, expected):
    expect_close(parameters, expected[0], "the parameters")
    if costs is None:
        return
    if len(costs) != len(expected[1]):
        raise CheckFailed(f"costs has {len(costs)} entries, expected {len(expected[1])}: record the cost of "
                          "iterations 0, 100, 200, ... (every 100 iterations)", kind="length", name="costs")
    expect_close(list(costs), expected[1], "costs")


# ---------------------------------------------------------------- what is checked, for either model

def _expect_right(reference, model, seed, X, Y, dims, learning_rate, num_iterations):
    """A judge of a model's (parameters, costs): the reference's run, or the same training from the
    draws after the caller's np.random.seed(seed) (computed only when needed)."""
    expected = _reference(reference, model, seed, X, Y, dims, learning_rate=learning_rate,
                          num_iterations=num_iterations)
    alternative = []

    def judge(result):
        parameters, costs = _unpack(result)
        try:
            _expect_run(parameters, costs, expected)
        except CheckFailed:
            if not alternative:
                alternative.append(_from_callers_seed(reference, model, seed, X, Y, dims, learning_rate,
                                                      num_iterations))
            try:
                _expect_run(parameters, costs, alternative[0])
                return
            except CheckFailed:
                pass
            raise
    return judge


def _training_run(student, reference, rng, model):
    """Just over 100 iterations with an unusual learning rate: the learned parameters, and
    the costs of iterations 0 and 100."""
    X, Y = _data(rng)
    dims = _dims(rng, model, X.shape[0])
    seed = int(rng.integers(2, 10_000))  # not the course's 1: the two accepted starting points differ
    iterations, lr = int(rng.integers(101, 106)), float(rng.uniform(0.05, 0.5))
    expect_right = _expect_right(reference, model, seed, X, Y, dims, lr, iterations)
    what = (f"{model}(X, Y, {dims}, learning_rate={lr:.4g}, num_iterations={iterations}) "
            f"after np.random.seed({seed})")

    def judge(result):
        with about(what):
            expect_right(result)

    _blamed(student, model, seed, iterations,
            lambda view: getattr(view, model)(X, Y, dims, learning_rate=lr, num_iterations=iterations), judge, dims, X, Y)


def _print_cost(student, reference, rng, model):
    """print_cost=True prints a few lines, not one per iteration -- and the model is right (printing
    alone earns nothing)."""
    X, Y = _data(rng)
    dims = _dims(rng, model, X.shape[0])
    seed, iterations = int(rng.integers(2, 10_000)), int(rng.integers(8, 40))
    expect_right = _expect_right(reference, model, seed, X, Y, dims, 0.0075, iterations)
    what = f"{model}(X, Y, {dims}, num_iterations={iterations}, print_cost=True)"
    most = 3  # iteration 0, perhaps the last one, perhaps a header

    def run(view):
        result = getattr(view, model)(X, Y, dims, num_iterations=iterations, print_cost=True)
        return result, view.last_call.output

    def judge(outcome):
        result, output = outcome
        lines = output_lines(output)
        if not lines:
            raise CheckFailed(f"{what} printed nothing: print the cost every 100 iterations")
        if len(lines) > most:
            raise CheckFailed(f"{what} printed {len(lines)} lines: print the cost only every 100 iterations")
        with about(f"{what} after np.random.seed({seed})"):
            expect_right(result)

    _blamed(student, model, seed, iterations, run, judge, dims, X, Y)


# ---------------------------------------------------------------- the checks

@checks.function("two_layer_model")
@checks.points(4)
def test_two_layer_model_training_run(student, reference, rng):
    _training_run(student, reference, rng, "two_layer_model")


@checks.function("two_layer_model")
@checks.points(1)
def test_two_layer_model_print_cost(student, reference, rng):
    _print_cost(student, reference, rng, "two_layer_model")


@checks.function("L_layer_model")
@checks.points(4)
def test_L_layer_model_training_run(student, reference, rng):
    _training_run(student, reference, rng, "L_layer_model")


@checks.function("L_layer_model")
@checks.points(1)
def test_L_layer_model_print_cost(student, reference, rng):
    _print_cost(student, reference, rng, "L_layer_model")
