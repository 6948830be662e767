"""Hidden checks for `deep_nn`: random shapes and layer sizes compared with the reference,
gradient checks, initialisation statistics and blame isolation.

Blame isolation: `linear_activation_forward`, `L_model_forward`,
`linear_activation_backward` and `L_model_backward` call other graded functions. They
are first run as the student wrote them; only if that result is wrong are they run
again with the course's callees patched in (`student.patched(...)`), and only this
second verdict costs points. A mistake in `linear_forward` is charged to
`linear_forward` alone, not again to every layer built on it.

Gradient checks: the student's backward functions must agree (relative error below
1e-7, float64) with centred finite differences of the reference forward pass and cost,
computed here on the trusted side. ReLU has a kink at 0, so the inputs are drawn with
every ReLU pre-activation well away from 0.

Initialisation: draw for draw under np.random.seed as the course does it (W1 before
W2 ...), and by its statistics (shapes, zero biases, standard deviation 0.01 for
`initialize_parameters`, 1/sqrt(n[l-1]) for `initialize_parameters_deep`). Drawn
differently but with the right statistics keeps full marks.
"""

import contextlib

import numpy as np
import pytest

from grader.exercise.compare import (
    CheckFailed,
    expect_close,
    expect_equal,
    expect_keys,
    expect_stats,
    expect_type,
    expect_unchanged,
)
from grader.exercise.gradcheck import expect_gradients, gradient_dict, numerical_gradient
from grader.exercise.proxy import StudentProblem

MIN_Z = 0.01  # smallest |Z| of a ReLU unit in gradient checks (the kink at 0)
EPS = 1e-5  # finite-difference step: moves any Z by far less than MIN_Z


# ---------------------------------------------------------------- helpers

def _plain(value):
    """A 0-d array counts as the float it holds (what np.squeeze gives back)."""
    if isinstance(value, np.ndarray) and value.shape == ():
        return value[()]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return value


def _blamed(student, function, stand_ins, run, judge):
    """Judge `run(view)`: first with the student's own callees, then with the course's.

    If the student's module as it is passes, so does the check. Otherwise the function
    is run again with `stand_ins` (the course's versions of its callees) patched in: if
    that passes, the function is right and only inherited a callee's mistake, which the
    callee's own checks charge; if it fails, the mistake is the function's own.
    """
    try:
        judge(run(student))
        return
    except (AssertionError, StudentProblem) as exc:
        first = exc
    stand_ins = {name: fn for name, fn in stand_ins.items() if student.has(name)}
    if not stand_ins:
        raise first
    names = ", ".join(f"{name}()" for name in stand_ins)
    try:
        judge(run(student.patched(**stand_ins)))
    except CheckFailed as exc:
        raise CheckFailed(f"{function}() itself is wrong (checked with the course's {names} in place of yours): "
                          f"{exc.message}", kind=exc.kind, name=exc.name) from None


@contextlib.contextmanager
def _about(what):
    """Prefix a failure's message with the call it is about (names inside stay short: grads['db1'])."""
    try:
        yield
    except CheckFailed as exc:
        raise CheckFailed(f"{what}: {exc.message}", kind=exc.kind, name=exc.name) from None


def _known_mistake(actual, mistakes, name):
    """If `actual` is what a known mistake gives, fail naming that mistake (else return)."""
    for message, expected in mistakes:
        try:
            expect_close(actual, expected, name)
        except (CheckFailed, KeyError, TypeError, ValueError, IndexError):
            continue
        raise CheckFailed(f"{name}: {message}", kind="known_mistake", name=name)


def _callees(reference, *names):
    return {name: getattr(reference, name) for name in names}


def _layer_dims(rng, low=2, high=4, n_max=6):
    L = int(rng.integers(low, high + 1))
    return [int(rng.integers(2, n_max + 1)) for _ in range(L)] + [1]


def _parameters(rng, layer_dims):
    params = {}
    for l in range(1, len(layer_dims)):
        params["W" + str(l)] = rng.normal(0.0, 1.0, size=(layer_dims[l], layer_dims[l - 1])) / np.sqrt(layer_dims[l - 1])
        params["b" + str(l)] = rng.normal(0.0, 0.3, size=(layer_dims[l], 1))
    return params


def _labels(rng, m):
    Y = rng.integers(0, 2, size=(1, m)).astype(float)
    Y[0, 0], Y[0, -1] = 0.0, 1.0
    return Y


def _well_conditioned(reference, rng, layer_dims, m, tries=500):
    """(X, parameters, Y) for a numerical gradient check: every ReLU pre-activation at least
    MIN_Z away from the kink, every ReLU unit active for some example, and no gradient so small
    that rounding noise would dominate its relative error."""
    for _ in range(tries):
        X = rng.normal(size=(layer_dims[0], m))
        params = _parameters(rng, layer_dims)
        Y = _labels(rng, m)
        AL, caches = reference.L_model_forward(X, params)
        hidden = [cache[1] for cache in caches[:-1]]
        if all(np.min(np.abs(Z)) >= MIN_Z and (Z > 0).any(axis=1).all() for Z in hidden):
            grads = reference.L_model_backward(AL, Y, caches)
            if min(float(np.linalg.norm(g)) for g in grads.values()) > 1e-2:
                return X, params, Y
    raise RuntimeError("no well-conditioned inputs were found")  # pragma: no cover


def _unpack(result, count):
    expect_type(result, (tuple, list), "the result")
    expect_equal(len(result), count, "the number of values returned", reveal=True)
    return _plain(tuple(result))


# ---------------------------------------------------------------- initialisation

def _check_two_layer_init(result, n_x, n_h, n_y, what):
    with _about(what):
        expect_keys(result, ["W1", "b1", "W2", "b2"], "the dictionary returned")
        expect_stats(result["W1"], "W1", shape=(n_h, n_x), mean=0.0, std=0.01, std_hint="0.01")
        expect_stats(result["b1"], "b1", shape=(n_h, 1), mean=0.0, std=0.0)
        expect_stats(result["W2"], "W2", shape=(n_y, n_h), mean=0.0, std=0.01, std_hint="0.01")
        expect_stats(result["b2"], "b2", shape=(n_y, 1), mean=0.0, std=0.0)


def _check_deep_init(result, layer_dims, what):
    L = len(layer_dims) - 1
    with _about(what):
        expect_keys(result, [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"], "the dictionary returned")
        for l in range(1, L + 1):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            expect_stats(result[f"W{l}"], f"W{l}", shape=(n, n_prev), mean=0.0, std=1.0 / np.sqrt(n_prev),
                         std_hint=f"1/np.sqrt(layer_dims[{l - 1}])")
            expect_stats(result[f"b{l}"], f"b{l}", shape=(n, 1), mean=0.0, std=0.0)


@pytest.mark.function("initialize_parameters")
@pytest.mark.points(2)
def test_initialize_parameters_statistics(student, seed):
    n_x, n_h, n_y = 40 + seed % 20, 24 + seed % 7, 2
    what = f"initialize_parameters({n_x}, {n_h}, {n_y})"
    _check_two_layer_init(student.seeded(seed % 10_000).initialize_parameters(n_x, n_h, n_y), n_x, n_h, n_y, what)


@pytest.mark.function("initialize_parameters")
@pytest.mark.points(1)
def test_initialize_parameters_course_seeds(student, reference, rng):
    """Draw for draw as in the course; or, drawn differently, statistically right. Never reseeded inside."""
    n_x, n_h, n_y = int(rng.integers(2, 8)), int(rng.integers(2, 8)), int(rng.integers(1, 3))
    results = {}
    for s in (1, int(rng.integers(2, 10_000))):
        results[s] = result = student.seeded(s).initialize_parameters(n_x, n_h, n_y)
        np.random.seed(s)
        expected = reference.initialize_parameters(n_x, n_h, n_y)
        try:
            with _about(f"initialize_parameters({n_x}, {n_h}, {n_y}) after np.random.seed({s})"):
                expect_close(result, expected, "the parameters")
        except CheckFailed as exc:
            try:
                big = student.seeded(s).initialize_parameters(60, 30, 3)
                _check_two_layer_init(big, 60, 30, 3, "initialize_parameters(60, 30, 3)")
            except CheckFailed:
                raise exc from None
    _expect_seed_dependence(results, f"initialize_parameters({n_x}, {n_h}, {n_y})")


def _expect_seed_dependence(results, what):
    """The caller's np.random.seed must matter: the function may not seed np.random itself."""
    (s1, r1), (s2, r2) = results.items()
    try:
        expect_close(r1, r2, what, rtol=0.0, atol=0.0)
    except CheckFailed:
        return
    raise CheckFailed(f"{what} gives the same weights after np.random.seed({s1}) and np.random.seed({s2}): "
                      "do not seed np.random inside the function (the caller seeds it)", kind="reseeded")


# Consecutive sizes far apart, so 1/sqrt(n[l-1]), 1/sqrt(n[l]) and 0.01 are told apart.
def _deep_dims(seed):
    return [150 + seed % 100, 12 + seed % 5, 60 + seed % 20, 4, 1]


@pytest.mark.function("initialize_parameters_deep")
@pytest.mark.points(2)
def test_initialize_parameters_deep_statistics(student, seed):
    dims = _deep_dims(seed)
    what = f"initialize_parameters_deep({dims})"
    _check_deep_init(student.seeded(seed % 10_000).initialize_parameters_deep(dims), dims, what)


@pytest.mark.function("initialize_parameters_deep")
@pytest.mark.points(1)
def test_initialize_parameters_deep_course_seeds(student, reference, rng, seed):
    """Draw for draw as in the course; or, drawn differently, statistically right. Never reseeded inside."""
    results = {}
    for s, dims in ((3, [5, 4, 3]), (int(rng.integers(4, 10_000)), [5, 4, 3])):
        results[s] = result = student.seeded(s).initialize_parameters_deep(dims)
        np.random.seed(s)
        expected = reference.initialize_parameters_deep(dims)
        try:
            with _about(f"initialize_parameters_deep({dims}) after np.random.seed({s})"):
                expect_close(result, expected, "the parameters")
        except CheckFailed as exc:
            try:
                big = _deep_dims(seed + 1)
                _check_deep_init(student.seeded(s).initialize_parameters_deep(big), big,
                                 f"initialize_parameters_deep({big})")
            except CheckFailed:
                raise exc from None
    _expect_seed_dependence(results, "initialize_parameters_deep([5, 4, 3])")
    dims = _layer_dims(rng, 1, 4)
    s = int(rng.integers(0, 10_000))
    result = student.seeded(s).initialize_parameters_deep(dims)
    np.random.seed(s)
    try:
        with _about(f"initialize_parameters_deep({dims}) after np.random.seed({s})"):
            expect_close(result, reference.initialize_parameters_deep(dims), "the parameters")
    except CheckFailed as exc:
        try:
            _check_deep_init(result, dims, f"initialize_parameters_deep({dims})")  # shapes and keys, loosely
        except CheckFailed:
            raise exc from None


# ---------------------------------------------------------------- forward

@pytest.mark.function("linear_forward")
@pytest.mark.points(2)
def test_linear_forward_random_shapes(student, reference, rng):
    n_prev, n, m = int(rng.integers(1, 12)), int(rng.integers(1, 8)), int(rng.integers(1, 20))
    A, W, b = rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1))
    result = student.linear_forward(A, W, b)
    expected = reference.linear_forward(A, W, b)
    with _about(f"linear_forward(A, W, b) for A of shape {A.shape} and W of shape {W.shape}"):
        Z, cache = _unpack(result, 2)
        expect_close(Z, expected[0], "Z")
        expect_close(cache, expected[1], "the cache (A, W, b)")


def _activation_case(rng, activation):
    n_prev, n, m = int(rng.integers(2, 10)), int(rng.integers(2, 7)), int(rng.integers(2, 15))
    return rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1))


@pytest.mark.function("linear_activation_forward")
@pytest.mark.points(2)
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_forward(student, reference, rng, activation):
    A_prev, W, b = _activation_case(rng, activation)
    expected = reference.linear_activation_forward(A_prev, W, b, activation)
    what = f'linear_activation_forward(A_prev, W, b, "{activation}") for A_prev of shape {A_prev.shape}, W {W.shape}'

    def judge(result):
        with _about(what):
            A, cache = _unpack(result, 2)
            expect_close(A, expected[0], "A")
            expect_close(cache, expected[1], "the cache (linear_cache, activation_cache)")

    _blamed(student, "linear_activation_forward", _callees(reference, "linear_forward"),
            lambda view: view.linear_activation_forward(A_prev, W, b, activation), judge)


FORWARD_CALLEES = ("linear_activation_forward", "linear_forward")


def _check_L_model_forward(student, reference, X, params):
    L = len(params) // 2
    expected = reference.L_model_forward(X, params)
    what = f"L_model_forward(X, parameters) for X of shape {X.shape} and L = {L} layer{'s' if L != 1 else ''}"

    def judge(result):
        with _about(what):
            AL, caches = _unpack(result, 2)
            try:
                expect_close(AL, expected[0], "AL")
            except CheckFailed:
                _known_mistake(AL, [
                    ('the output layer uses "sigmoid", not "relu"', _forward_with(reference, X, params, "relu", "relu")),
                    ('the hidden layers use "relu", not "sigmoid"', _forward_with(reference, X, params, "sigmoid", "sigmoid")),
                ], "AL")
                raise
            expect_type(caches, (list, tuple), "caches")
            expect_equal(len(caches), L, "the number of caches (one per layer)", reveal=True)
            expect_close(caches, expected[1], "caches")

    _blamed(student, "L_model_forward", _callees(reference, *FORWARD_CALLEES),
            lambda view: view.L_model_forward(X, params), judge)


def _forward_with(reference, X, params, hidden, output):
    """AL with other activations (known mistakes)."""
    A, L = X, len(params) // 2
    for l in range(1, L + 1):
        A, _ = reference.linear_activation_forward(A, params[f"W{l}"], params[f"b{l}"], hidden if l < L else output)
    return A


@pytest.mark.function("L_model_forward")
@pytest.mark.points(3)
def test_L_model_forward_random_layers(student, reference, rng):
    dims = _layer_dims(rng, 2, 4)
    X = rng.normal(size=(dims[0], int(rng.integers(2, 12))))
    _check_L_model_forward(student, reference, X, _parameters(rng, dims))


@pytest.mark.function("L_model_forward")
@pytest.mark.points(1)
def test_L_model_forward_single_layer(student, reference, rng):
    dims = [int(rng.integers(2, 8)), 1]
    X = rng.normal(size=(dims[0], int(rng.integers(2, 12))))
    _check_L_model_forward(student, reference, X, _parameters(rng, dims))


# ---------------------------------------------------------------- compute_cost

@pytest.mark.function("compute_cost")
@pytest.mark.points(2)
def test_compute_cost_random(student, reference, rng):
    m = int(rng.integers(3, 60))
    AL = rng.uniform(0.05, 0.95, size=(1, m))
    Y = _labels(rng, m)
    with _about(f"compute_cost(AL, Y) for m = {m} examples"):
        expect_close(_plain(student.compute_cost(AL, Y)), reference.compute_cost(AL, Y), "the cost", m=m)


@pytest.mark.function("compute_cost")
@pytest.mark.points(1)
def test_compute_cost_integer_labels(student, reference, rng):
    """Labels as the image data set gives them: integers."""
    m = int(rng.integers(2, 20))
    AL = rng.uniform(0.05, 0.95, size=(1, m))
    Y = _labels(rng, m).astype(np.int64)
    with _about(f"compute_cost(AL, Y) for m = {m} examples and Y of dtype int64"):
        expect_close(_plain(student.compute_cost(AL, Y)), reference.compute_cost(AL, Y), "the cost", m=m)


# ---------------------------------------------------------------- linear_backward

def _linear_case(rng):
    n_prev, n, m = int(rng.integers(2, 6)), int(rng.integers(1, 5)), int(rng.integers(2, 7))
    cache = (rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1)))
    return rng.normal(size=(n, m)), cache


@pytest.mark.function("linear_backward")
@pytest.mark.points(2)
def test_linear_backward_random_shapes(student, reference, rng):
    dZ, cache = _linear_case(rng)
    result = student.linear_backward(dZ, cache)
    with _about(f"linear_backward(dZ, cache) for dZ of shape {dZ.shape} and A_prev {cache[0].shape}"):
        expect_close(_unpack(result, 3), reference.linear_backward(dZ, cache), "(dA_prev, dW, db)", m=dZ.shape[1])


def _expect_layer_gradients(result, numeric, m, what):
    with _about(what):
        _expect_layer_gradients_of(_unpack(result, 3), numeric, m)


def _expect_layer_gradients_of(grads, numeric, m):
    dA_prev, dW, db = grads
    expect_gradients({"dA_prev": dA_prev, "dW": dW, "db": db},
                     {"dA_prev": numeric["A_prev"], "dW": numeric["W"] / m, "db": numeric["b"] / m}, m=m)


@pytest.mark.function("linear_backward")
@pytest.mark.points(2)
def test_linear_backward_numerical_gradient(student, rng):
    """dW, db: (1/m) d/dW, d/db of sum(dZ * Z); dA_prev: d/dA_prev of it (the course's convention)."""
    dZ, (A_prev, W, b) = _linear_case(rng)
    m = dZ.shape[1]
    numeric = gradient_dict(lambda p: np.sum(dZ * (p["W"] @ p["A_prev"] + p["b"])), {"A_prev": A_prev, "W": W, "b": b})
    what = f"linear_backward(dZ, cache) for dZ of shape {dZ.shape} and A_prev {A_prev.shape}"
    _expect_layer_gradients(student.linear_backward(dZ, (A_prev, W, b)), numeric, m, what)


# ---------------------------------------------------------------- linear_activation_backward

def _activation_backward_case(reference, rng, activation):
    n_prev, n, m = int(rng.integers(2, 6)), int(rng.integers(1, 5)), int(rng.integers(2, 7))
    for _ in range(200):
        A_prev, W, b = rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1))
        _, cache = reference.linear_activation_forward(A_prev, W, b, activation)
        if activation != "relu" or (np.min(np.abs(cache[1])) >= MIN_Z and (cache[1] > 0).any()):
            return rng.normal(size=(n, m)), cache
    raise RuntimeError("no inputs away from the ReLU kink were found")  # pragma: no cover


BACKWARD_CALLEES = ("linear_activation_backward", "linear_backward")


@pytest.mark.function("linear_activation_backward")
@pytest.mark.points(2)
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_backward(student, reference, rng, activation):
    dA, cache = _activation_backward_case(reference, rng, activation)
    m = dA.shape[1]
    expected = reference.linear_activation_backward(dA, cache, activation)
    what = f'linear_activation_backward(dA, cache, "{activation}") for dA of shape {dA.shape}'

    other = "sigmoid" if activation == "relu" else "relu"
    helper = {"relu": "relu_backward", "sigmoid": "sigmoid_backward"}
    linear_cache, Z = cache
    mistakes = [
        (f'for "{activation}" use {helper[activation]}(dA, activation_cache), not {helper[other]}',
         reference.linear_activation_backward(dA, cache, other)),
        (f"dZ = {helper[activation]}(dA, activation_cache) first: the derivative of the activation is missing",
         reference.linear_backward(dA, linear_cache)),
    ]

    def judge(result):
        with _about(what):
            result = _unpack(result, 3)
            try:
                expect_close(result, expected, "(dA_prev, dW, db)", m=m)
            except CheckFailed:
                _known_mistake(result, mistakes, "(dA_prev, dW, db)")
                raise

    _blamed(student, "linear_activation_backward", _callees(reference, "linear_backward"),
            lambda view: view.linear_activation_backward(dA, cache, activation), judge)


@pytest.mark.function("linear_activation_backward")
@pytest.mark.points(2)
def test_linear_activation_backward_numerical_gradient(student, reference, rng):
    """Both activations, against finite differences of sum(dA * g(W A_prev + b))."""
    for activation in ("relu", "sigmoid"):
        dA, cache = _activation_backward_case(reference, rng, activation)
        (A_prev, W, b), _ = cache
        m = dA.shape[1]

        def f(p, activation=activation, dA=dA):
            A, _ = reference.linear_activation_forward(p["A_prev"], p["W"], p["b"], activation)
            return np.sum(dA * A)

        numeric = gradient_dict(f, {"A_prev": A_prev, "W": W, "b": b}, eps=EPS)
        what = f'linear_activation_backward(dA, cache, "{activation}") for dA of shape {dA.shape}'
        _blamed(student, "linear_activation_backward", _callees(reference, "linear_backward"),
                lambda view: view.linear_activation_backward(dA, cache, activation),
                lambda result: _expect_layer_gradients(result, numeric, m, what))


# ---------------------------------------------------------------- L_model_backward

def _grad_keys(L):
    return [f"dA{l}" for l in range(L)] + [f"d{p}{l}" for l in range(1, L + 1) for p in "Wb"]


def _required(grads, keys, what):
    """The entries `keys` of the dict `grads` (extra entries, such as dA{L}, are allowed)."""
    if not isinstance(grads, dict):
        expect_type(grads, dict, what)
    missing = [k for k in keys if k not in grads]
    if missing:
        raise CheckFailed(f"{what} is missing {', '.join(repr(k) for k in missing)}", kind="keys", name=what)
    return {k: grads[k] for k in keys}


@pytest.mark.function("L_model_backward")
@pytest.mark.points(3)
def test_L_model_backward_random_layers(student, reference, rng):
    dims = _layer_dims(rng, 2, 4)
    m = int(rng.integers(2, 12))
    X, params, Y = rng.normal(size=(dims[0], m)), _parameters(rng, dims), _labels(rng, m)
    AL, caches = reference.L_model_forward(X, params)
    expected = reference.L_model_backward(AL, Y, caches)
    what = f"L_model_backward(AL, Y, caches) for layer sizes {dims} and m = {m} examples"

    L = len(dims) - 1
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    mistakes = [
        ('the output layer is a sigmoid: go back through it with "sigmoid", not "relu"',
         _backward_with(reference, dAL, caches, "relu")),
        ("dAL has the wrong sign: dAL = -(Y / AL - (1 - Y) / (1 - AL))", _backward_with(reference, -dAL, caches, "sigmoid")),
    ]

    def judge(grads):
        with _about(what):
            grads = _required(grads, _grad_keys(L), "grads")
            try:
                expect_close(grads, expected, "grads", m=m)
            except CheckFailed:
                _known_mistake(grads, mistakes, "grads")
                raise

    _blamed(student, "L_model_backward", _callees(reference, *BACKWARD_CALLEES),
            lambda view: view.L_model_backward(AL, Y, caches), judge)


def _backward_with(reference, dAL, caches, output):
    """L_model_backward's grads from another dAL or output activation (known mistakes)."""
    grads, L, dA = {}, len(caches), dAL
    for l in range(L, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = reference.linear_activation_backward(
            dA, caches[l - 1], output if l == L else "relu")
        grads[f"dA{l - 1}"] = dA
    return grads


def _forward_from(reference, l, A, params, L):
    """AL of the network from layer l+1 on, given A[l] (the course's architecture)."""
    for k in range(l + 1, L + 1):
        A, _ = reference.linear_activation_forward(A, params[f"W{k}"], params[f"b{k}"], "relu" if k < L else "sigmoid")
    return A


@pytest.mark.function("L_model_backward")
@pytest.mark.points(3)
def test_L_model_backward_numerical_gradient(student, reference, rng):
    """dW[l], db[l] = dJ/dW[l], dJ/db[l]; dA[l] = m * dJ/dA[l] (the course's convention)."""
    dims = _layer_dims(rng, 2, 3, n_max=4)
    m = int(rng.integers(3, 6))
    L = len(dims) - 1
    X, params, Y = _well_conditioned(reference, rng, dims, m)
    AL, caches = reference.L_model_forward(X, params)
    numeric = {f"d{k}": v for k, v in gradient_dict(
        lambda p: reference.compute_cost(reference.L_model_forward(X, p)[0], Y), params, eps=EPS).items()}
    activations = [X] + [caches[l][0][0] for l in range(1, L)]  # A[l] is the A_prev of layer l+1
    for l in range(L):
        A = np.array(activations[l], dtype=np.float64)
        numeric[f"dA{l}"] = m * numerical_gradient(
            lambda a, l=l: reference.compute_cost(_forward_from(reference, l, a, params, L), Y), A, eps=EPS)
    what = f"L_model_backward(AL, Y, caches) for layer sizes {dims} and m = {m} examples"

    def judge(grads):
        with _about(what):
            expect_gradients(_required(grads, _grad_keys(L), "grads"), numeric, "grads", m=m)

    _blamed(student, "L_model_backward", _callees(reference, *BACKWARD_CALLEES),
            lambda view: view.L_model_backward(AL, Y, caches), judge)


# ---------------------------------------------------------------- update_parameters

def _update_case(rng):
    dims = _layer_dims(rng, 1, 4)
    params = _parameters(rng, dims)
    grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
    for l in range(len(dims) - 1):
        grads[f"dA{l}"] = rng.normal(size=(dims[l], 3))  # L_model_backward's grads have these too
    return dims, params, grads


@pytest.mark.function("update_parameters")
@pytest.mark.points(2)
def test_update_parameters_random_layers(student, reference, rng):
    dims, params, grads = _update_case(rng)
    lr = float(rng.uniform(0.01, 2.0))
    with _about(f"update_parameters(params, grads, {lr:.4g}) for layer sizes {dims}"):
        expect_close(student.update_parameters(params, grads, lr), reference.update_parameters(params, grads, lr),
                     "the new parameters")


@pytest.mark.function("update_parameters")
@pytest.mark.points(1)
def test_update_parameters_leaves_inputs_alone(student, rng):
    dims, params, grads = _update_case(rng)
    student.update_parameters(params, grads, 0.1)
    call = student.last_call
    expect_unchanged(call.args[0], call.args_after[0], "params")
    expect_unchanged(call.args[1], call.args_after[1], "grads")
