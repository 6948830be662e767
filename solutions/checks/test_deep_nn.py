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
`initialize_parameters` and `initialize_parameters_deep`, as in the Step-by-Step notebook). Drawn
differently but with the right statistics keeps full marks.
"""

import numpy as np

from example_checks import older_dA_numbering, plain
from grader import checks
from grader.checks import (
    CheckFailed,
    expect_close,
    expect_equal,
    expect_gradients,
    expect_keys,
    expect_stats,
    expect_type,
    expect_unchanged,
    gradient_dict,
    numerical_gradient,
)
from network_checks import (
    about,
    blamed,
    check_compute_cost,
    check_initialize_parameters_course_seeds,
    check_initialize_parameters_statistics,
    expect_draws,
    known_mistake,
    labels,
)

MIN_Z = 0.01  # smallest |Z| of a ReLU unit in gradient checks (the kink at 0)
EPS = 1e-5  # finite-difference step: moves any Z by far less than MIN_Z


# ---------------------------------------------------------------- helpers

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


def _well_conditioned(reference, rng, layer_dims, m, tries=500):
    """(X, parameters, Y) for a numerical gradient check: every ReLU pre-activation at least
    MIN_Z away from the kink, every ReLU unit active for some example, and no gradient so small
    that rounding noise would dominate its relative error."""
    for _ in range(tries):
        X = rng.normal(size=(layer_dims[0], m))
        params = _parameters(rng, layer_dims)
        Y = labels(rng, m)
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
    return plain(tuple(result))


# ---------------------------------------------------------------- initialisation

def _check_deep_init(result, layer_dims, what):
    L = len(layer_dims) - 1
    with about(what):
        expect_keys(result, [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"], "the dictionary returned")
        for l in range(1, L + 1):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            expect_stats(result[f"W{l}"], f"W{l}", shape=(n, n_prev), mean=0.0, std=0.01, std_hint="0.01")
            expect_stats(result[f"b{l}"], f"b{l}", shape=(n, 1), mean=0.0, std=0.0)


@checks.function("initialize_parameters")
@checks.points(2)
def test_initialize_parameters_statistics(student, seed):
    check_initialize_parameters_statistics(student, seed)


@checks.function("initialize_parameters")
@checks.points(1)
def test_initialize_parameters_course_seeds(student, reference, rng):
    """Draw for draw as in the course; or, drawn differently, statistically right. Never reseeded inside."""
    check_initialize_parameters_course_seeds(student, reference, rng, 1)


# Large layers, so 0.01 is told apart from 1/sqrt(n[l-1]) or 1/sqrt(n[l]) (the application's scaling).
def _deep_dims(seed):
    return [150 + seed % 100, 12 + seed % 5, 60 + seed % 20, 4, 1]


@checks.function("initialize_parameters_deep")
@checks.points(2)
def test_initialize_parameters_deep_statistics(student, seed):
    dims = _deep_dims(seed)
    what = f"initialize_parameters_deep({dims})"
    _check_deep_init(student.seeded(seed % 10_000).initialize_parameters_deep(dims), dims, what)


@checks.function("initialize_parameters_deep")
@checks.points(1)
def test_initialize_parameters_deep_course_seeds(student, reference, rng, seed):
    """Draw for draw as in the course (its template's np.random.seed(3) inside the function kept
    or left out); or, drawn differently, statistically right."""
    for s, dims in ((3, [5, 4, 3]), (int(rng.integers(4, 10_000)), _layer_dims(rng, 1, 4))):
        try:
            expect_draws(student, reference.initialize_parameters_deep, (dims,), s, 3,
                         f"initialize_parameters_deep({dims})")
        except CheckFailed as exc:
            try:
                big = _deep_dims(seed + 1)
                _check_deep_init(student.seeded(s).initialize_parameters_deep(big), big,
                                 f"initialize_parameters_deep({big})")
                _check_deep_init(student.seeded(s).initialize_parameters_deep(dims), dims,
                                 f"initialize_parameters_deep({dims})")  # shapes and keys, loosely
            except CheckFailed:
                raise exc from None


# ---------------------------------------------------------------- forward

@checks.function("linear_forward")
@checks.points(2)
def test_linear_forward_random_shapes(student, reference, rng):
    n_prev, n, m = int(rng.integers(1, 12)), int(rng.integers(1, 8)), int(rng.integers(1, 20))
    A, W, b = rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1))
    result = student.linear_forward(A, W, b)
    expected = reference.linear_forward(A, W, b)
    with about(f"linear_forward(A, W, b) for A of shape {A.shape} and W of shape {W.shape}"):
        Z, cache = _unpack(result, 2)
        expect_close(Z, expected[0], "Z")
        expect_close(cache, expected[1], "the cache (A, W, b)")


def _activation_case(rng, activation):
    n_prev, n, m = int(rng.integers(2, 10)), int(rng.integers(2, 7)), int(rng.integers(2, 15))
    return rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1))


@checks.function("linear_activation_forward")
@checks.points(2)
@checks.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_forward(student, reference, rng, activation):
    A_prev, W, b = _activation_case(rng, activation)
    expected = reference.linear_activation_forward(A_prev, W, b, activation)
    what = f'linear_activation_forward(A_prev, W, b, "{activation}") for A_prev of shape {A_prev.shape}, W {W.shape}'

    def judge(result):
        with about(what):
            A, cache = _unpack(result, 2)
            expect_close(A, expected[0], "A")
            expect_close(cache, expected[1], "the cache (linear_cache, activation_cache)")

    blamed(student, "linear_activation_forward", _callees(reference, "linear_forward"),
            lambda view: view.linear_activation_forward(A_prev, W, b, activation), judge)


FORWARD_CALLEES = ("linear_activation_forward", "linear_forward")


def _check_L_model_forward(student, reference, X, params):
    L = len(params) // 2
    expected = reference.L_model_forward(X, params)
    what = f"L_model_forward(X, parameters) for X of shape {X.shape} and L = {L} layer{'s' if L != 1 else ''}"

    def judge(result):
        with about(what):
            AL, caches = _unpack(result, 2)
            try:
                expect_close(AL, expected[0], "AL")
            except CheckFailed:
                known_mistake(AL, [
                    ('the output layer uses "sigmoid", not "relu"', _forward_with(reference, X, params, "relu", "relu")),
                    ('the hidden layers use "relu", not "sigmoid"', _forward_with(reference, X, params, "sigmoid", "sigmoid")),
                ], "AL")
                raise
            expect_type(caches, (list, tuple), "caches")
            expect_equal(len(caches), L, "the number of caches (one per layer)", reveal=True)
            expect_close(caches, expected[1], "caches")

    blamed(student, "L_model_forward", _callees(reference, *FORWARD_CALLEES),
            lambda view: view.L_model_forward(X, params), judge)


def _forward_with(reference, X, params, hidden, output):
    """AL with other activations (known mistakes)."""
    A, L = X, len(params) // 2
    for l in range(1, L + 1):
        A, _ = reference.linear_activation_forward(A, params[f"W{l}"], params[f"b{l}"], hidden if l < L else output)
    return A


@checks.function("L_model_forward")
@checks.points(3)
def test_L_model_forward_random_layers(student, reference, rng):
    dims = _layer_dims(rng, 3, 4)  # two hidden layers at least: a mistake in the loop shows
    X = rng.normal(size=(dims[0], int(rng.integers(2, 12))))
    _check_L_model_forward(student, reference, X, _parameters(rng, dims))


@checks.function("L_model_forward")
@checks.points(1)
def test_L_model_forward_single_layer(student, reference, rng):
    dims = [int(rng.integers(2, 8)), 1]
    X = rng.normal(size=(dims[0], int(rng.integers(2, 12))))
    _check_L_model_forward(student, reference, X, _parameters(rng, dims))


# ---------------------------------------------------------------- compute_cost

@checks.function("compute_cost")
@checks.points(2)
def test_compute_cost_random(student, reference, rng):
    check_compute_cost(student, reference, rng, "AL", 3, 60)


@checks.function("compute_cost")
@checks.points(1)
def test_compute_cost_integer_labels(student, reference, rng):
    """Labels as the image data set gives them: integers."""
    check_compute_cost(student, reference, rng, "AL", 2, 20, np.int64)


# ---------------------------------------------------------------- linear_backward

def _linear_case(rng):
    n_prev, n, m = int(rng.integers(2, 6)), int(rng.integers(1, 5)), int(rng.integers(2, 7))
    cache = (rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1)))
    return rng.normal(size=(n, m)), cache


@checks.function("linear_backward")
@checks.points(2)
def test_linear_backward_random_shapes(student, reference, rng):
    dZ, cache = _linear_case(rng)
    result = student.linear_backward(dZ, cache)
    with about(f"linear_backward(dZ, cache) for dZ of shape {dZ.shape} and A_prev {cache[0].shape}"):
        expect_close(_unpack(result, 3), reference.linear_backward(dZ, cache), "(dA_prev, dW, db)", m=dZ.shape[1])


def _expect_layer_gradients(result, numeric, m, what):
    with about(what):
        _expect_layer_gradients_of(_unpack(result, 3), numeric, m)


def _expect_layer_gradients_of(grads, numeric, m):
    dA_prev, dW, db = grads
    expect_gradients({"dA_prev": dA_prev, "dW": dW, "db": db},
                     {"dA_prev": numeric["A_prev"], "dW": numeric["W"] / m, "db": numeric["b"] / m}, m=m)


@checks.function("linear_backward")
@checks.points(2)
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


@checks.function("linear_activation_backward")
@checks.points(2)
@checks.parametrize("activation", ["sigmoid", "relu"])
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
        with about(what):
            result = _unpack(result, 3)
            try:
                expect_close(result, expected, "(dA_prev, dW, db)", m=m)
            except CheckFailed:
                known_mistake(result, mistakes, "(dA_prev, dW, db)")
                raise

    blamed(student, "linear_activation_backward", _callees(reference, "linear_backward"),
            lambda view: view.linear_activation_backward(dA, cache, activation), judge)


@checks.function("linear_activation_backward")
@checks.points(2)
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
        blamed(student, "linear_activation_backward", _callees(reference, "linear_backward"),
                lambda view: view.linear_activation_backward(dA, cache, activation),
                lambda result: _expect_layer_gradients(result, numeric, m, what))


# ---------------------------------------------------------------- L_model_backward

def _grad_keys(L):
    return [f"dA{l}" for l in range(L)] + [f"d{p}{l}" for l in range(1, L + 1) for p in "Wb"]


def _required(grads, keys, what):
    """The entries `keys` of the dict `grads` (extra entries, such as dA{L}, are allowed; the 2017-2020
    edition's numbering dA1 .. dAL is read as dA0 .. dA{L-1})."""
    if not isinstance(grads, dict):
        expect_type(grads, dict, what)
    grads = older_dA_numbering(grads)
    missing = [k for k in keys if k not in grads]
    if missing:
        raise CheckFailed(f"{what} is missing {', '.join(repr(k) for k in missing)}", kind="keys", name=what)
    return {k: grads[k] for k in keys}


@checks.function("L_model_backward")
@checks.points(3)
def test_L_model_backward_random_layers(student, reference, rng):
    dims = _layer_dims(rng, 3, 4)  # two hidden layers at least: a mistake in the loop shows
    m = int(rng.integers(2, 12))
    X, params, Y = rng.normal(size=(dims[0], m)), _parameters(rng, dims), labels(rng, m)
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
        with about(what):
            grads = _required(grads, _grad_keys(L), "grads")
            try:
                expect_close(grads, expected, "grads", m=m)
            except CheckFailed:
                known_mistake(grads, mistakes, "grads")
                raise

    blamed(student, "L_model_backward", _callees(reference, *BACKWARD_CALLEES),
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


@checks.function("L_model_backward")
@checks.points(3)
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
        with about(what):
            expect_gradients(_required(grads, _grad_keys(L), "grads"), numeric, "grads", m=m)

    blamed(student, "L_model_backward", _callees(reference, *BACKWARD_CALLEES),
            lambda view: view.L_model_backward(AL, Y, caches), judge)


# ---------------------------------------------------------------- update_parameters

def _update_case(rng):
    dims = _layer_dims(rng, 1, 4)
    params = _parameters(rng, dims)
    grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
    for l in range(len(dims) - 1):
        grads[f"dA{l}"] = rng.normal(size=(dims[l], 3))  # L_model_backward's grads have these too
    return dims, params, grads


@checks.function("update_parameters")
@checks.points(2)
def test_update_parameters_random_layers(student, reference, rng):
    dims, params, grads = _update_case(rng)
    lr = float(rng.uniform(0.01, 2.0))
    with about(f"update_parameters(params, grads, {lr:.4g}) for layer sizes {dims}"):
        expect_close(student.update_parameters(params, grads, lr), reference.update_parameters(params, grads, lr),
                     "the new parameters")


@checks.function("update_parameters")
@checks.points(1)
def test_update_parameters_leaves_inputs_alone(student, reference, rng):
    """grads left alone, with the right result. The 2017-2020 template wrote the new W{l}, b{l} into the
    caller's dict (parameters[...] = parameters[...] - ...): params may come back updated, never otherwise changed."""
    dims, params, grads = _update_case(rng)
    expected = reference.update_parameters(params, grads, 0.1)
    result = student.update_parameters(params, grads, 0.1)
    call = student.last_call
    expect_unchanged(call.args[1], call.args_after[1], "grads")
    try:
        expect_unchanged(call.args[0], call.args_after[0], "params")
    except CheckFailed as exc:
        try:
            expect_close(call.args_after[0], expected, "params")
        except CheckFailed:
            raise exc from None
    # Leaving the inputs alone earns a point only together with the right result.
    with about(f"update_parameters(params, grads, 0.1) for layer sizes {dims}"):
        expect_close(result, expected, "the new parameters")


# ---------------------------------------------------------------- vectorisation
# "The linear forward module (vectorized over all the examples)": every step works on all
# m examples at once. These checks measure a loop over the examples
# (grader.checks.expect_vectorised); what a loop costs is the manifest's `vectorised`.
# L_model_forward and L_model_backward loop over the LAYERS, as the template does: that
# loop costs the same for any m and is never a note. Composites are measured with the
# course's callees (as blame isolation does), so a loop is charged where it is written.

VECTORISED_DIMS = [5, 4, 3, 1]


def _network(rng, m):
    """X, Y and fixed parameters of a small network, for m examples."""
    params = _parameters(np.random.default_rng(11), VECTORISED_DIMS)
    return rng.normal(size=(VECTORISED_DIMS[0], m)), labels(rng, m), params


@checks.vectorised("linear_forward")
def test_linear_forward_vectorised(student, reference, rng):
    W, b = rng.normal(size=(4, 5)), rng.normal(size=(4, 1))
    checks.expect_vectorised(student, "linear_forward", reference.linear_forward, lambda m: (rng.normal(size=(5, m)), W, b))


@checks.vectorised("linear_activation_forward")
def test_linear_activation_forward_vectorised(student, reference, rng):
    W, b = rng.normal(size=(4, 5)), rng.normal(size=(4, 1))
    checks.expect_vectorised(student.patched(**_callees(reference, "linear_forward")), "linear_activation_forward",
                             reference.linear_activation_forward, lambda m: (rng.normal(size=(5, m)), W, b, "relu"))


@checks.vectorised("L_model_forward")
def test_L_model_forward_vectorised(student, reference, rng):
    def make(m):
        X, _, params = _network(rng, m)
        return X, params
    checks.expect_vectorised(student.patched(**_callees(reference, *FORWARD_CALLEES)), "L_model_forward",
                             reference.L_model_forward, make)


@checks.vectorised("compute_cost")
def test_compute_cost_vectorised(student, reference, rng):
    checks.expect_vectorised(student, "compute_cost", reference.compute_cost,
                             lambda m: (rng.uniform(0.05, 0.95, size=(1, m)), labels(rng, m)))


@checks.vectorised("linear_backward")
def test_linear_backward_vectorised(student, reference, rng):
    W, b = rng.normal(size=(4, 5)), rng.normal(size=(4, 1))
    checks.expect_vectorised(student, "linear_backward", reference.linear_backward,
                             lambda m: (rng.normal(size=(4, m)), (rng.normal(size=(5, m)), W, b)))


@checks.vectorised("linear_activation_backward")
def test_linear_activation_backward_vectorised(student, reference, rng):
    W, b = rng.normal(size=(4, 5)), rng.normal(size=(4, 1))

    def make(m):
        _, cache = reference.linear_activation_forward(rng.normal(size=(5, m)), W, b, "relu")
        return rng.normal(size=(4, m)), cache, "relu"
    checks.expect_vectorised(student.patched(**_callees(reference, "linear_backward")), "linear_activation_backward",
                             reference.linear_activation_backward, make)


@checks.vectorised("L_model_backward")
def test_L_model_backward_vectorised(student, reference, rng):
    def make(m):
        X, Y, params = _network(rng, m)
        AL, caches = reference.L_model_forward(X, params)
        return AL, Y, caches
    checks.expect_vectorised(student.patched(**_callees(reference, *BACKWARD_CALLEES)), "L_model_backward",
                             reference.L_model_backward, make)
