"""Hidden checks for `numpy_basics`: fresh random inputs of random shapes, compared with the reference.

Every check draws its inputs from `rng` (seeded per submission and per check),
so hard-coding the public examples earns nothing here. `sigmoid_derivative`
runs with the reference `sigmoid` in place of the student's, so a mistake in
`sigmoid` is charged to `sigmoid` only.
"""

import numpy as np

from grader import checks
from grader.checks import expect_close, expect_unchanged


def _plain(value):
    """A 0-d array counts as the float it holds (what np.squeeze gives back)."""
    if isinstance(value, np.ndarray) and value.shape == ():
        return value[()]
    return value


def _quiet(fn):
    """`fn` without NumPy's overflow warning: exp(800) = inf is the intended result here."""
    def call(*args, **kwargs):
        with np.errstate(over="ignore"):
            return fn(*args, **kwargs)
    return call


def _matrix(rng, n_low=2, m_low=2, scale=3.0):
    n = int(rng.integers(n_low, 31))
    m = int(rng.integers(m_low, 51))
    return rng.normal(0.0, scale, size=(n, m))


def _expect_like_reference(student, reference, name, x, what):
    expect_close(getattr(student, name)(x), getattr(reference, name)(x), f"{name}(x) for {what}")


def _expect_random_matrix(student, reference, rng, name):
    x = _matrix(rng)
    _expect_like_reference(student, reference, name, x, f"x of shape {x.shape}")


def _expect_single_row_and_column(student, reference, rng, name):
    row = rng.normal(0.0, 3.0, size=(1, int(rng.integers(2, 51))))
    column = rng.normal(0.0, 3.0, size=(int(rng.integers(2, 31)), 1))
    for x in (row, column):
        _expect_like_reference(student, reference, name, x, f"x of shape {x.shape}")


def _expect_input_left_alone(student, reference, rng, name):
    """x as it was after the call -- and the right result: leaving x alone alone earns nothing."""
    x = _matrix(rng)
    result = getattr(student, name)(x)
    call = student.last_call
    expect_unchanged(call.args[0], call.args_after[0], "x")
    expect_close(result, getattr(reference, name)(x), f"{name}(x) for x of shape {x.shape}")


def _edge_values(rng):
    """Zero, tiny, moderate and huge inputs (e^800 overflows to inf: the result must still be 0 or 1)."""
    values = np.array([0.0, 1e-3, -1e-3, 5.0, -5.0, 40.0, -40.0, 800.0, -800.0])
    return rng.permutation(values).reshape(1, -1)


# ---------------------------------------------------------------- sigmoid

@checks.function("sigmoid")
@checks.points(2)
def test_sigmoid_random_matrix(student, reference, rng):
    _expect_random_matrix(student, reference, rng, "sigmoid")


@checks.function("sigmoid")
@checks.points(1)
def test_sigmoid_random_vector(student, reference, rng):
    x = rng.normal(0.0, 3.0, size=int(rng.integers(1, 51)))
    _expect_like_reference(student, reference, "sigmoid", x, f"a vector x of shape {x.shape}")


@checks.function("sigmoid")
@checks.points(1)
def test_sigmoid_zero_and_large_inputs(student, reference, rng):
    x = _edge_values(rng)
    expect_close(student.sigmoid(x), _quiet(reference.sigmoid)(x), "sigmoid(x) at 0 and at large |x| (up to 800)")


# ---------------------------------------------------------------- sigmoid_derivative

def _derivative_view(student, reference):
    return student.patched(sigmoid=_quiet(reference.sigmoid))


@checks.function("sigmoid_derivative")
@checks.points(2)
def test_sigmoid_derivative_random_matrix(student, reference, rng):
    x = _matrix(rng)
    expect_close(_derivative_view(student, reference).sigmoid_derivative(x), reference.sigmoid_derivative(x),
                 f"sigmoid_derivative(x) for x of shape {x.shape}")


@checks.function("sigmoid_derivative")
@checks.points(1)
def test_sigmoid_derivative_zero_and_large_inputs(student, reference, rng):
    x = _edge_values(rng)
    expect_close(_derivative_view(student, reference).sigmoid_derivative(x),
                 _quiet(reference.sigmoid_derivative)(x), "sigmoid_derivative(x) at 0 and at large |x| (up to 800)")


# ---------------------------------------------------------------- image2vector

@checks.function("image2vector")
@checks.points(2)
def test_image2vector_random_image(student, reference, rng):
    shape = (int(rng.integers(2, 21)), int(rng.integers(2, 21)), int(rng.integers(1, 5)))
    image = rng.random(shape)
    expect_close(student.image2vector(image), reference.image2vector(image),
                 f"image2vector(image) for an image of shape {shape}")


@checks.function("image2vector")
@checks.points(1)
def test_image2vector_rgb_image(student, reference, rng):
    length = int(rng.integers(2, 16))
    shape = (length, length + int(rng.integers(1, 6)), 3)  # length != height
    image = rng.random(shape)
    expect_close(student.image2vector(image), reference.image2vector(image),
                 f"image2vector(image) for an RGB image of shape {shape}")


# ---------------------------------------------------------------- normalize_rows

@checks.function("normalize_rows")
@checks.points(2)
def test_normalize_rows_random_matrix(student, reference, rng):
    _expect_random_matrix(student, reference, rng, "normalize_rows")


@checks.function("normalize_rows")
@checks.points(1)
def test_normalize_rows_single_row_and_column(student, reference, rng):
    _expect_single_row_and_column(student, reference, rng, "normalize_rows")


@checks.function("normalize_rows")
@checks.points(1)
def test_normalize_rows_leaves_input_alone(student, reference, rng):
    _expect_input_left_alone(student, reference, rng, "normalize_rows")


# ---------------------------------------------------------------- softmax

@checks.function("softmax")
@checks.points(2)
def test_softmax_random_matrix(student, reference, rng):
    _expect_random_matrix(student, reference, rng, "softmax")


@checks.function("softmax")
@checks.points(1)
def test_softmax_large_values(student, reference, rng):
    # Large enough that a global instead of a row-wise operation shows, small
    # enough that exp() does not overflow: the course's plain formula passes.
    x = rng.uniform(300.0, 650.0, size=(int(rng.integers(2, 11)), int(rng.integers(2, 31))))
    _expect_like_reference(student, reference, "softmax", x, f"x of shape {x.shape} with values up to 650")


@checks.function("softmax")
@checks.points(1)
def test_softmax_single_row_and_column(student, reference, rng):
    _expect_single_row_and_column(student, reference, rng, "softmax")


@checks.function("softmax")
@checks.points(1)
def test_softmax_leaves_input_alone(student, reference, rng):
    _expect_input_left_alone(student, reference, rng, "softmax")


# ---------------------------------------------------------------- L1 and L2

def _labels(rng, m):
    """Predictions in (0, 1) and 0/1 labels; with m >= 2 both labels occur (so y - yhat changes sign)."""
    yhat = rng.random(m)
    y = rng.integers(0, 2, size=m).astype(float)
    if m >= 2:
        y[:2] = [0.0, 1.0]
        y = rng.permutation(y)
    return yhat, y


def _expect_loss(student, reference, rng, name, size, **kwargs):
    yhat, y = _labels(rng, size)
    expect_close(_plain(getattr(student, name)(yhat, y)), getattr(reference, name)(yhat, y),
                 f"{name}(yhat, y) for vectors of size {size}", **kwargs)


@checks.function("L1")
@checks.points(2)
def test_L1_random_vectors(student, reference, rng):
    m = int(rng.integers(2, 51))
    _expect_loss(student, reference, rng, "L1", m, m=m)


@checks.function("L1")
@checks.points(1)
def test_L1_single_example(student, reference, rng):
    _expect_loss(student, reference, rng, "L1", 1)


@checks.function("L2")
@checks.points(2)
def test_L2_random_vectors(student, reference, rng):
    m = int(rng.integers(2, 51))
    _expect_loss(student, reference, rng, "L2", m, m=m)


@checks.function("L2")
@checks.points(1)
def test_L2_single_example(student, reference, rng):
    _expect_loss(student, reference, rng, "L2", 1)


# ---------------------------------------------------------------- vectorisation
# The notebook asks for no for/while loops; a loop over the examples shows as time that
# grows by a microsecond or more per example (grader.checks.expect_vectorised). What a
# loop costs is the manifest's `vectorised` table; these checks only measure. Composites
# are measured with the course's callees, so a loop is charged where it is written.

@checks.vectorised("sigmoid")
def test_sigmoid_vectorised(student, reference, rng):
    checks.expect_vectorised(student, "sigmoid", reference.sigmoid, lambda m: rng.normal(0.0, 3.0, size=(4, m)))


@checks.vectorised("sigmoid_derivative")
def test_sigmoid_derivative_vectorised(student, reference, rng):
    checks.expect_vectorised(_derivative_view(student, reference), "sigmoid_derivative", reference.sigmoid_derivative,
                             lambda m: rng.normal(0.0, 3.0, size=(4, m)))


@checks.vectorised("normalize_rows")
def test_normalize_rows_vectorised(student, reference, rng):
    # One row per example: normalising row by row in a Python loop is the mistake.
    checks.expect_vectorised(student, "normalize_rows", reference.normalize_rows, lambda m: rng.normal(0.0, 3.0, size=(m, 4)))


@checks.vectorised("softmax")
def test_softmax_vectorised(student, reference, rng):
    checks.expect_vectorised(student, "softmax", reference.softmax, lambda m: rng.normal(0.0, 3.0, size=(m, 5)))


@checks.vectorised("L1")
def test_L1_vectorised(student, reference, rng):
    checks.expect_vectorised(student, "L1", reference.L1, lambda m: _labels(rng, m))


@checks.vectorised("L2")
def test_L2_vectorised(student, reference, rng):
    checks.expect_vectorised(student, "L2", reference.L2, lambda m: _labels(rng, m))
