"""Hidden checks for `logistic_regression`: fresh random inputs of random shapes, compared with the reference.

Blame isolation: a function that calls other graded functions is run with the
reference versions of those callees patched in (`student.patched(...)`), so a
mistake in `propagate` costs points in `propagate` only, not again in
`optimize` and `model`. The caller's own code (update rule, bookkeeping,
wiring) is still the student's and is what these checks judge. The checks of
optimize and model (loops of up to 140 propagate calls) first run the student's own
callees and patch the reference ones in only when that result is wrong: the same
verdict, without a round trip to the grader per iteration, or a second training run
here, for the many submissions whose callees are right.
"""

import contextlib
import inspect
import io

import numpy as np

from example_checks import older_signature, plain, zero_b
from grader import checks
from grader.checks import (
    StudentError,
    StudentProblem,
    expect_close,
    expect_equal,
    expect_gradient,
    expect_keys,
    expect_predictions,
    expect_type,
    expect_unchanged,
    numerical_gradient,
)


# ---------------------------------------------------------------- helpers

def _quiet(fn):
    """`fn` with its printing swallowed: the reference runs on the grader's side."""
    def call(*args, **kwargs):
        with contextlib.redirect_stdout(io.StringIO()):
            return fn(*args, **kwargs)
    return call


def _unpack(result, count, what):
    """`result` as a tuple of `count` values, or a failed check saying what came back."""
    expect_type(result, (tuple, list), f"the result of {what}")
    expect_equal(len(result), count, f"the number of values {what} returns", reveal=True)
    return plain(tuple(result))


def _expect_inputs_unchanged(student, names):
    """The student's last call left its first positional arguments, `names`, as they were."""
    call = student.last_call
    for i, name in enumerate(names):
        expect_unchanged(call.args[i], call.args_after[i], name)


def _data(rng, n=None, m=None):
    """Random (w, b, X, Y) in the course's shapes: w (n, 1), b float, X (n, m), Y (1, m) of 0/1."""
    n = int(rng.integers(1, 31)) if n is None else n
    m = int(rng.integers(1, 51)) if m is None else m
    w = rng.normal(0.0, 0.5, size=(n, 1))
    b = float(rng.normal(0.0, 1.0))
    X = rng.normal(0.0, 1.0, size=(n, m))
    Y = rng.integers(0, 2, size=(1, m)).astype(float)
    return w, b, X, Y


PRINTING = ("optimize", "model")  # reference functions that may print (print_cost=True)


def _uses_reference(student, reference, *names):
    """A view of the student's module in which the named graded callees are the reference ones."""
    stand_ins = {name: getattr(reference, name) for name in names}
    return student.patched(**{name: _quiet(fn) if name in PRINTING else fn for name, fn in stand_ins.items()})


# ---------------------------------------------------------------- sigmoid

@checks.function("sigmoid")
@checks.points(2)
def test_sigmoid_random_matrix(student, reference, rng):
    z = rng.normal(0.0, 3.0, size=(int(rng.integers(1, 31)), int(rng.integers(1, 51))))
    expect_close(student.sigmoid(z), reference.sigmoid(z), f"sigmoid(z) for z of shape {z.shape}")


@checks.function("sigmoid")
@checks.points(1)
def test_sigmoid_zero_and_large_inputs(student, reference, rng):
    z = rng.permutation(np.array([0.0, 1e-3, -1e-3, 5.0, -5.0, 40.0, -40.0, 800.0, -800.0])).reshape(1, -1)
    with np.errstate(over="ignore"):
        expected = reference.sigmoid(z)
    expect_close(student.sigmoid(z), expected, "sigmoid(z) at 0 and at large |z| (up to 800)")


# ---------------------------------------------------------------- initialize_with_zeros

def _check_initialize_with_zeros(student, reference, rng, part, name):
    """Part `part` (`name`) of initialize_with_zeros(dim)'s (w, b), for a random dim."""
    dim = int(rng.integers(2, 101))
    result = zero_b(_unpack(student.initialize_with_zeros(dim), 2, f"initialize_with_zeros({dim})"))
    expect_close(result[part], reference.initialize_with_zeros(dim)[part], f"{name} from initialize_with_zeros({dim})")


@checks.function("initialize_with_zeros")
@checks.points(2)
def test_initialize_with_zeros_w(student, reference, rng):
    _check_initialize_with_zeros(student, reference, rng, 0, "w")


@checks.function("initialize_with_zeros")
@checks.points(1)
def test_initialize_with_zeros_b_is_float(student, reference, rng):
    _check_initialize_with_zeros(student, reference, rng, 1, "b")


@checks.function("initialize_with_zeros")
@checks.points(1)
def test_initialize_with_zeros_one_feature(student, reference):
    expect_close(zero_b(plain(student.initialize_with_zeros(1))), reference.initialize_with_zeros(1),
                 "initialize_with_zeros(1)")


# ---------------------------------------------------------------- propagate

def _propagate(student, reference, w, b, X, Y):
    """The student's (grads, cost) with the reference sigmoid, checked for its structure."""
    view = _uses_reference(student, reference, "sigmoid")
    grads, cost = _unpack(view.propagate(w, b, X, Y), 2, "propagate(w, b, X, Y)")
    expect_keys(grads, ["dw", "db"], "grads returned by propagate")
    return grads, cost


def _propagate_case(student, reference, rng):
    """Fresh random data: X, the student's (grads, cost) and the reference's."""
    w, b, X, Y = _data(rng)
    return X, _propagate(student, reference, w, b, X, Y), reference.propagate(w, b, X, Y)


@checks.function("propagate")
@checks.points(2)
def test_propagate_dw(student, reference, rng):
    X, (grads, _), (expected, _) = _propagate_case(student, reference, rng)
    expect_close(grads["dw"], expected["dw"], f"grads['dw'] for X of shape {X.shape}", m=X.shape[1])


@checks.function("propagate")
@checks.points(2)
def test_propagate_db(student, reference, rng):
    X, (grads, _), (expected, _) = _propagate_case(student, reference, rng)
    expect_close(grads["db"], expected["db"], f"grads['db'] for X of shape {X.shape}", m=X.shape[1])


@checks.function("propagate")
@checks.points(2)
def test_propagate_cost(student, reference, rng):
    X, (_, cost), (_, expected) = _propagate_case(student, reference, rng)
    expect_close(cost, expected, f"cost for X of shape {X.shape}", m=X.shape[1])


@checks.function("propagate")
@checks.points(1)
def test_propagate_dw_is_the_gradient_of_the_cost(student, reference, rng):
    w, b, X, Y = _data(rng, m=int(rng.integers(2, 51)))
    grads, _ = _propagate(student, reference, w, b, X, Y)
    # eps and tol are looser than gradcheck's defaults: with saturated sigmoids, log(1 - A)
    # loses digits and a correct dw can differ from the centred difference by ~1e-7.
    numeric = numerical_gradient(lambda w_: reference.propagate(w_, b, X, Y)[1], w.copy(), eps=1e-5)
    expect_gradient(grads["dw"], numeric, f"grads['dw'] for X of shape {X.shape}", tol=1e-5, m=X.shape[1])


@checks.function("propagate")
@checks.points(1)
def test_propagate_single_example(student, reference, rng):
    w, b, X, Y = _data(rng, m=1)
    result = _propagate(student, reference, w, b, X, Y)
    expect_close(result, reference.propagate(w, b, X, Y), f"for one example (X of shape {X.shape}): propagate(w, b, X, Y)")


@checks.function("propagate")
@checks.points(1)
def test_propagate_leaves_inputs_alone(student, reference, rng):
    w, b, X, Y = _data(rng)
    view = _uses_reference(student, reference, "sigmoid")
    result = view.propagate(w, b, X, Y)
    _expect_inputs_unchanged(student, ["w", "b", "X", "Y"])
    # Leaving the inputs alone earns a point only together with the right result.
    expect_close(_unpack(result, 2, "propagate(w, b, X, Y)"), reference.propagate(w, b, X, Y),
                 f"propagate(w, b, X, Y) for X of shape {X.shape}", m=X.shape[1])


# ---------------------------------------------------------------- optimize

OPTIMIZE_CALLEES = ("propagate", "sigmoid")


def _optimize_case(rng, low, high):
    w, b, X, Y = _data(rng)
    num_iterations = int(rng.integers(low, high + 1))
    learning_rate = float(rng.uniform(0.01, 0.2))
    return (w, b, X, Y), {"num_iterations": num_iterations, "learning_rate": learning_rate}


def _own_callees_first(student, reference, run, judge, callees=OPTIMIZE_CALLEES):
    """Judge `run(view)` with the student's own callees; only if that fails, again with the
    reference ones patched in, and that second verdict is the one that counts.

    A correct optimize (or model) over correct callees then costs no round trip per
    iteration and no second training run here (the common case, and the one that
    matters for grading a class quickly), while a mistake in propagate still costs
    points in propagate only.
    """
    try:
        judge(run(student))
        return
    except (AssertionError, StudentProblem):
        pass
    judge(run(_uses_reference(student, reference, *callees)))


def _optimize_parts(result):
    params, grads, costs = _unpack(result, 3, "optimize(...)")
    expect_keys(params, ["w", "b"], "params returned by optimize")
    expect_keys(grads, ["dw", "db"], "grads returned by optimize")
    return params, grads, costs


def _describe(args, kwargs):
    return (f"optimize(w, b, X, Y, num_iterations={kwargs['num_iterations']}, "
            f"learning_rate={kwargs['learning_rate']:.4g}) with X of shape {args[2].shape}")


def _check_optimize(student, reference, rng, low, high, part, what):
    """Part `part` of optimize's (params, grads, costs), after low to high iterations."""
    args, kwargs = _optimize_case(rng, low, high)
    expected = reference.optimize(*args, **dict(kwargs, print_cost=False))

    def judge(result):
        expect_close(_optimize_parts(result)[part], expected[part], f"{_describe(args, kwargs)}: {what}")

    _own_callees_first(student, reference, lambda view: view.optimize(*args, **kwargs), judge)


@checks.function("optimize")
@checks.points(3)
def test_optimize_learned_parameters(student, reference, rng):
    _check_optimize(student, reference, rng, 5, 40, 0, "params")


@checks.function("optimize")
@checks.points(1)
def test_optimize_last_gradients(student, reference, rng):
    _check_optimize(student, reference, rng, 5, 40, 1, "the last grads")


@checks.function("optimize")
@checks.points(2)
def test_optimize_costs_every_100_iterations(student, reference, rng):
    _check_optimize(student, reference, rng, 101, 130, 2, "costs (one every 100 iterations)")


@checks.function("optimize")
@checks.points(2)
def test_optimize_default_arguments(student, reference, rng):
    w, b, X, Y = _data(rng)
    expected = reference.optimize(w, b, X, Y)

    def judge(result):
        expect_close(_unpack(result, 3, "optimize(w, b, X, Y)"), expected,
                     "with the default num_iterations=100 and learning_rate=0.009: optimize(w, b, X, Y)")

    def run(view):
        try:
            return view.optimize(w, b, X, Y)
        except StudentError as exc:
            # The 2017-2020 edition's optimize has no defaults: it is called with the course's values.
            if not older_signature(exc):
                raise
            return view.optimize(w, b, X, Y, 100, 0.009)

    _own_callees_first(student, reference, run, judge)


@checks.function("optimize")
@checks.points(1)
def test_optimize_with_print_cost(student, reference, rng):
    args, kwargs = _optimize_case(rng, 2, 20)  # prints once, at iteration 0
    kwargs["print_cost"] = True
    expected = reference.optimize(*args, **dict(kwargs, print_cost=False))
    what = _describe(args, kwargs).replace(")", ", print_cost=True)", 1)

    def judge(result):
        params, _, costs = _optimize_parts(result)
        expect_close(params, expected[0], f"{what}: params")
        expect_close(costs, expected[2], f"{what}: costs")

    _own_callees_first(student, reference, lambda view: view.optimize(*args, **kwargs), judge)


@checks.function("optimize")
@checks.points(1)
def test_optimize_leaves_inputs_alone(student, reference, rng):
    args, kwargs = _optimize_case(rng, 2, 10)
    expected = reference.optimize(*args, **dict(kwargs, print_cost=False))

    def judge(result):
        _expect_inputs_unchanged(student, ["w", "b", "X", "Y"])
        # Leaving the inputs alone earns a point only together with the right result.
        expect_close(_optimize_parts(result), expected, _describe(args, kwargs))

    _own_callees_first(student, reference, lambda view: view.optimize(*args, **kwargs), judge)


# ---------------------------------------------------------------- predict

def _predict_view(student, reference):
    return _uses_reference(student, reference, "sigmoid")


def _decision_data(rng, n, m):
    """(w, b, X) whose scores z = w.T X + b are spread evenly over [-2, 2], with 1 <= |b| <= 2.

    Plain random data may leave no example near the decision boundary; here a
    quarter or more of the predictions change if b is left out, and about one
    in eight if the threshold is put on z instead of on sigmoid(z).
    """
    w = rng.normal(0.0, 1.0, size=(n, 1))
    b = float(rng.choice([-1.0, 1.0]) * rng.uniform(1.0, 2.0))
    z = rng.uniform(-2.0, 2.0, size=(1, m))
    X = rng.normal(0.0, 1.0, size=(n, m))
    X = X + w @ ((z - b) - w.T @ X) / float(np.sum(w * w))
    return w, b, X


@checks.function("predict")
@checks.points(3)
def test_predict_random_inputs(student, reference, rng):
    w, b, X = _decision_data(rng, int(rng.integers(1, 31)), int(rng.integers(60, 101)))
    expect_predictions(_predict_view(student, reference).predict(w, b, X), reference.predict(w, b, X),
                       f"predict(w, b, X) for X of shape {X.shape}")


@checks.function("predict")
@checks.points(1)
def test_predict_one_example_and_one_feature(student, reference, rng):
    view = _predict_view(student, reference)
    for n, m in ((int(rng.integers(2, 31)), 1), (1, int(rng.integers(2, 51)))):
        w, b, X, _ = _data(rng, n=n, m=m)
        expect_predictions(view.predict(w, b, X), reference.predict(w, b, X), f"predict(w, b, X) for X of shape {X.shape}")


@checks.function("predict")
@checks.points(1)
def test_predict_leaves_inputs_alone(student, reference, rng):
    w, b, X, _ = _data(rng)
    view = _predict_view(student, reference)
    result = view.predict(w, b, X)
    _expect_inputs_unchanged(student, ["w", "b", "X"])
    # Leaving the inputs alone earns a point only together with the right result.
    expect_predictions(result, reference.predict(w, b, X), f"predict(w, b, X) for X of shape {X.shape}")


# ---------------------------------------------------------------- model

MODEL_CALLEES = ("initialize_with_zeros", "optimize", "predict", "propagate", "sigmoid")
MODEL_KEYS = ["costs", "Y_prediction_test", "Y_prediction_train", "w", "b", "learning_rate", "num_iterations"]


def _model_case(rng, low=5, high=60):
    n = int(rng.integers(1, 21))
    m_train = int(rng.integers(10, 51))
    m_test = int(rng.integers(3, 10))  # never m_train: swapped predictions show in the shapes too
    X_train = rng.normal(0.0, 1.0, size=(n, m_train))
    X_test = rng.normal(0.0, 1.0, size=(n, m_test))
    Y_train = rng.integers(0, 2, size=(1, m_train))
    Y_test = rng.integers(0, 2, size=(1, m_test))
    kwargs = {"num_iterations": int(rng.integers(low, high + 1)), "learning_rate": float(rng.uniform(0.05, 0.5))}
    return (X_train, Y_train, X_test, Y_test), kwargs


def _check_model(student, reference, rng, judge, *iterations, **options):
    """judge(d, expected, what): the student's d against the reference's, on a fresh case
    (`iterations`: low, high); `options` are passed on to the student's model. Run with the
    student's own callees first, with the reference ones if that fails (_own_callees_first)."""
    args, kwargs = _model_case(rng, *iterations)
    kwargs.update(options)
    expected = _quiet(reference.model)(*args, **dict(kwargs, print_cost=False))
    what = (f"model(X_train, Y_train, X_test, Y_test, num_iterations={kwargs['num_iterations']}, "
            f"learning_rate={kwargs['learning_rate']:.4g}) with X_train of shape {args[0].shape}")

    def run(view):
        d = view.model(*args, **kwargs)
        expect_keys(d, MODEL_KEYS, "the dictionary returned by model")
        return plain(d)

    _own_callees_first(student, reference, run, lambda d: judge(d, expected, what), MODEL_CALLEES)


@checks.function("model")
@checks.points(2)
def test_model_learned_parameters(student, reference, rng):
    def judge(d, expected, what):
        expect_close(d["w"], expected["w"], f"d['w'] from {what}")
        expect_close(d["b"], expected["b"], f"d['b'] from {what}")

    _check_model(student, reference, rng, judge)


@checks.function("model")
@checks.points(1)
def test_model_costs(student, reference, rng):
    def judge(d, expected, what):
        expect_close(d["costs"], expected["costs"], f"d['costs'] from {what}")

    _check_model(student, reference, rng, judge, 101, 140)


@checks.function("model")
@checks.points(1)
def test_model_test_predictions(student, reference, rng):
    def judge(d, expected, what):
        expect_predictions(d["Y_prediction_test"], expected["Y_prediction_test"], f"d['Y_prediction_test'] from {what}")

    _check_model(student, reference, rng, judge)


@checks.function("model")
@checks.points(1)
def test_model_train_predictions(student, reference, rng):
    def judge(d, expected, what):
        expect_predictions(d["Y_prediction_train"], expected["Y_prediction_train"], f"d['Y_prediction_train'] from {what}")

    _check_model(student, reference, rng, judge)


@checks.function("model")
@checks.points(1)
def test_model_records_hyperparameters(student, reference, rng):
    def judge(d, expected, what):
        expect_close(d["learning_rate"], expected["learning_rate"], f"d['learning_rate'] from {what}", reveal=True)
        expect_equal(d["num_iterations"], expected["num_iterations"], f"d['num_iterations'] from {what}", reveal=True)

    _check_model(student, reference, rng, judge)


@checks.function("model")
@checks.points(1)
def test_model_with_print_cost(student, reference, rng):
    def judge(d, expected, what):
        for key in ("w", "b", "costs"):
            expect_close(d[key], expected[key], f"d[{key!r}] from {what} with print_cost=True")

    _check_model(student, reference, rng, judge, print_cost=True)


@checks.function("model")
@checks.points(1)
def test_model_default_arguments(student, reference, rng):
    """model(...) without hyperparameters trains with num_iterations=2000 and learning_rate=0.5.

    Running 2000 iterations twice would be slow, so `optimize` is replaced by a
    recorder that notes what it was asked for and then runs only a few steps.
    """
    args, _ = _model_case(rng)
    signature = inspect.signature(reference.optimize)
    asked = []

    def recording_optimize(*a, **k):
        bound = signature.bind(*a, **k)
        bound.apply_defaults()
        asked.append(dict(bound.arguments))
        return reference.optimize(**dict(bound.arguments, num_iterations=3, print_cost=False))

    names = {name: getattr(reference, name) for name in MODEL_CALLEES if name != "optimize"}
    d = student.patched(optimize=recording_optimize, **names).model(*args)
    expect_keys(d, MODEL_KEYS, "the dictionary returned by model")
    what = "model(X_train, Y_train, X_test, Y_test) with default hyperparameters"
    if asked:
        expect_equal(asked[-1]["num_iterations"], 2000, f"num_iterations passed to optimize by {what}", reveal=True)
        expect_close(asked[-1]["learning_rate"], 0.5, f"learning_rate passed to optimize by {what}", reveal=True)
    else:  # the student trains without calling optimize(): compare the whole run
        expected = _quiet(reference.model)(*args)
        expect_close(d["w"], expected["w"], f"d['w'] from {what}")
        expect_close(d["b"], expected["b"], f"d['b'] from {what}")
    expect_equal(d["num_iterations"], 2000, f"d['num_iterations'] from {what}", reveal=True)
    expect_close(d["learning_rate"], 0.5, f"d['learning_rate'] from {what}", reveal=True)


# ---------------------------------------------------------------- vectorisation
# "Do not use loops (for/while) in your code, unless the instructions explicitly ask you
# to do so": sigmoid and propagate are measured for a loop over the examples
# (grader.checks.expect_vectorised; what a loop costs is the manifest's `vectorised`).
# Not predict: its template converts A[0, i] to a prediction in a loop over the examples
# (2017 and 2021 editions). Not optimize or model: their loop is over iterations.

@checks.vectorised("sigmoid")
def test_sigmoid_vectorised(student, reference, rng):
    checks.expect_vectorised(student, "sigmoid", reference.sigmoid, lambda m: rng.normal(0.0, 3.0, size=(1, m)))


@checks.vectorised("propagate")
def test_propagate_vectorised(student, reference, rng):
    n = 4
    w, b = rng.normal(0.0, 0.5, size=(n, 1)), float(rng.normal())
    checks.expect_vectorised(_uses_reference(student, reference, "sigmoid"), "propagate", reference.propagate,
                             lambda m: (w, b, *_data(rng, n=n, m=m)[2:]))
