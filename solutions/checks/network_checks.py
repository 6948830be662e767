"""What the hidden checks of the network assignments (shallow_nn, deep_nn,
deep_nn_application) share: blame isolation, failure messages, random labels, and
the checks of compute_cost and of the two-layer initialize_parameters that shallow_nn
and deep_nn both have.

Not a check file: the checks import it by its plain name (`from network_checks
import ...`); like every hidden check it stays in solutions/, out of a release.
"""

import contextlib

import numpy as np

from example_checks import call_cost, plain
from grader.checks import CheckFailed, StudentProblem, expect_close, expect_keys, expect_stats


def blamed(student, function, stand_ins, run, judge):
    """Judge `run(view)`: first with the student's own callees, then with the course's.

    `stand_ins` is a dict {name: callable}, or a function building one when needed.
    `run(view)` calls the student's `function` through `view` and returns its result;
    `judge(result)` raises CheckFailed when it is wrong. If the student's module as it is
    passes, so does the check. Otherwise the function is run again with `stand_ins` (the
    course's versions of its callees) patched in: if that passes, the function is right
    and only inherited a callee's mistake, which the callee's own checks charge; if it
    fails, the mistake is the function's own and the check fails.
    """
    try:
        judge(run(student))
        return
    except (AssertionError, StudentProblem) as exc:
        first = exc
    if callable(stand_ins):  # built only when needed (it may cost calls)
        stand_ins = stand_ins()
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
def about(what):
    """Prefix a failure's message with the call it is about (names inside stay short: grads['db1'])."""
    try:
        yield
    except CheckFailed as exc:
        raise CheckFailed(f"{what}: {exc.message}", kind=exc.kind, name=exc.name) from None


def known_mistake(actual, mistakes, name):
    """If `actual` is what a known mistake gives, fail naming that mistake (else return)."""
    for message, expected in mistakes:
        try:
            expect_close(actual, expected, name)
        except (CheckFailed, KeyError, TypeError, ValueError, IndexError):
            continue
        raise CheckFailed(f"{name}: {message}", kind="known_mistake", name=name)


def labels(rng, m, n_y=1):
    Y = rng.integers(0, 2, size=(n_y, m)).astype(float)
    Y[0, 0], Y[0, -1] = 0.0, 1.0  # both classes always present
    return Y


def output_lines(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def check_compute_cost(student, reference, rng, output, low, high, dtype=None):
    """compute_cost(`output`, Y) for low <= m < high random examples (labels of `dtype` if given)."""
    m = int(rng.integers(low, high))
    A = rng.uniform(0.05, 0.95, size=(1, m))
    Y = labels(rng, m)
    what = f"compute_cost({output}, Y) for m = {m} examples"
    if dtype is not None:
        Y = Y.astype(dtype)
        what += f" and Y of dtype {np.dtype(dtype)}"
    with about(what):
        expect_close(plain(call_cost(student, A, Y)), reference.compute_cost(A, Y), "the cost", m=m)


# ---------------------------------------------------------------- initialize_parameters(n_x, n_h, n_y)

def expect_two_layer_init(result, n_x, n_h, n_y, what):
    """Shapes, zero biases and randn * 0.01 statistics."""
    with about(what):
        expect_keys(result, ["W1", "b1", "W2", "b2"], "the dictionary returned")
        expect_stats(result["W1"], "W1", shape=(n_h, n_x), mean=0.0, std=0.01, std_hint="0.01")
        expect_stats(result["b1"], "b1", shape=(n_h, 1), mean=0.0, std=0.0)
        expect_stats(result["W2"], "W2", shape=(n_y, n_h), mean=0.0, std=0.01, std_hint="0.01")
        expect_stats(result["b2"], "b2", shape=(n_y, 1), mean=0.0, std=0.0)


def expect_draws(student_view, reference_fn, args, caller_seed, template_seed, what):
    """The student's initialiser, called right after np.random.seed(caller_seed), gives the
    reference's draws after np.random.seed(caller_seed) -- or after np.random.seed(template_seed),
    the seed line the course's template puts inside the function (kept or left out: both are right).
    Returns the student's result; raises the comparison under the caller's seed if neither matches."""
    result = student_view.seeded(caller_seed).function(reference_fn.__name__)(*args)
    failure = None
    for s in dict.fromkeys((caller_seed, template_seed)):
        np.random.seed(s)
        expected = reference_fn(*args)
        try:
            with about(f"{what} after np.random.seed({caller_seed})"):
                expect_close(result, expected, "the parameters")
            return result
        except CheckFailed as exc:
            failure = failure or exc
    raise failure


def check_initialize_parameters_statistics(student, seed):
    """Large layers under the submission's seed: shapes, zero biases, randn * 0.01."""
    n_x, n_h, n_y = 40 + seed % 20, 24 + seed % 7, 2
    what = f"initialize_parameters({n_x}, {n_h}, {n_y})"
    expect_two_layer_init(student.seeded(seed % 10_000).initialize_parameters(n_x, n_h, n_y), n_x, n_h, n_y, what)


def check_initialize_parameters_course_seeds(student, reference, rng, course_seed):
    """Draw for draw as in the course, after np.random.seed(course_seed) and after another seed
    (a seed line np.random.seed(course_seed) inside the function, as in the course's template, is
    right too); or, drawn differently, statistically right."""
    n_x, n_h, n_y = int(rng.integers(2, 8)), int(rng.integers(2, 8)), int(rng.integers(1, 3))
    for s in (course_seed, int(rng.integers(course_seed + 1, 10_000))):
        try:
            expect_draws(student, reference.initialize_parameters, (n_x, n_h, n_y), s, course_seed,
                         f"initialize_parameters({n_x}, {n_h}, {n_y})")
        except CheckFailed as exc:
            # Another drawing order or generator is fine if the statistics are right.
            try:
                big = student.seeded(s).initialize_parameters(60, 30, 3)
                expect_two_layer_init(big, 60, 30, 3, "initialize_parameters(60, 30, 3)")
            except CheckFailed:
                raise exc from None
