"""What the public checks share: running a function's fixed example and judging it.

Not a check file: the checks import it by its plain name (`from example_checks import
...`), and it ships with them. The expected values stay written out in the checks
(and, for deep_nn, in deep_nn_examples.py).

A function that calls other graded functions is only checked once those get their
own examples right (else the check is skipped), so one mistake is not charged twice.
"""

import contextlib

import numpy as np

from grader import checks
from grader.checks import CheckFailed, StudentError, StudentProblem, expect_close


def plain(value):
    """A 0-d array counts as the float it holds (what np.squeeze gives back)."""
    if isinstance(value, np.ndarray) and value.shape == ():
        return value[()]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    return value


def older_signature(error):
    """Whether a student's function raised TypeError for the arguments it was called with: a function
    written for another edition of the course (compute_cost(A2, Y, parameters), optimize without
    defaults) may take others."""
    return isinstance(error, StudentError) and error.type_name == "TypeError" and "argument" in error.error_message


def cost_parameters(A2):
    """A parameters dict for the 2017-2020 edition's compute_cost(A2, Y, parameters), which takes
    (and may read, never needs) the network's parameters: small ones that fit the output A2."""
    n_y, n_h, n_x = A2.shape[0], 4, 2
    return {"W1": np.full((n_h, n_x), 0.01), "b1": np.zeros((n_h, 1)),
            "W2": np.full((n_y, n_h), 0.01), "b2": np.zeros((n_y, 1))}


def call_cost(view, A2, Y):
    """view.compute_cost(A2, Y), or compute_cost(A2, Y, parameters) for the 2017-2020 edition's signature."""
    try:
        return view.compute_cost(A2, Y)
    except StudentError as exc:
        if not older_signature(exc):
            raise
        try:
            return view.compute_cost(A2, Y, cost_parameters(A2))
        except StudentError as again:
            if older_signature(again):
                raise exc from None
            raise


def zero_b(result):
    """initialize_with_zeros's (w, b) with b = 0, an int (the 2017-2020 template), read as b = 0.0."""
    if (isinstance(result, (tuple, list)) and len(result) == 2 and isinstance(result[1], (int, np.integer))
            and not isinstance(result[1], bool) and result[1] == 0):
        return type(result)((result[0], 0.0))
    return result


def older_dA_numbering(grads):
    """grads with the 2017-2020 edition's numbering of dA (dA1 .. dAL: dA{l+1} holds the gradient of
    A[l]) renumbered as now (dA0 .. dA{L-1}); any other grads as they are."""
    if not isinstance(grads, dict) or "dA0" in grads:
        return grads
    L = sum(1 for k in grads if isinstance(k, str) and k.startswith("dW"))
    if L == 0 or any(f"dA{l}" not in grads for l in range(1, L + 1)):
        return grads
    renumbered = {k: v for k, v in grads.items() if not (isinstance(k, str) and k.startswith("dA"))}
    renumbered.update({f"dA{l - 1}": grads[f"dA{l}"] for l in range(1, L + 1)})
    return renumbered


def needs(student, callee, args, expected, kwargs=None):
    """Skip this check unless the student's `callee` gets this example right.

    A function that calls other graded functions is only checked here once
    they work, so a single mistake is not charged twice.
    """
    try:
        expect_close(plain(getattr(student, callee)(*args, **(kwargs or {}))), expected, f"{callee}()")
    except Exception:
        checks.skip(f"checked once {callee}() passes its own check: fix {callee}() first")


@contextlib.contextmanager
def unless_callees_fail(student, *callees):
    """Judge a composite function in the `with` block; if that fails, skip instead when one
    of its callees misses its own example. `callees`: (callee, args, expected[, kwargs]),
    or a function of no arguments that skips the check itself.

    The callees are only run when the composite fails: a right answer costs no extra
    calls (the model's example trains for 201 iterations; its callee example as much).
    """
    try:
        yield
    except Exception:
        for callee in callees:
            callee() if callable(callee) else needs(student, *callee)
        raise


def _once(wrong):
    """The reason a check is skipped while the functions `wrong` ("f()") miss their examples."""
    if len(wrong) == 1:
        return f"checked once {wrong[0]} gets its own example right"
    return f"checked once {', '.join(wrong[:-1])} and {wrong[-1]} get their own examples right"


class Examples:
    """A module's fixed examples, run on the student's code.

    `examples`: {example: (function, seed or None, args, expected)}; with a seed the
    call runs right after np.random.seed(seed) (initialisers must then match the
    course's draws exactly). `known_mistakes`: {example: [(what the mistake is, which
    part of the result it shows in (None: all), that part)]}. `extra_keys`: a prefix
    of dict keys a result may hold beyond the expected ones (deep_nn's grads may keep
    dAL as "dA" + str(L)). `skip_note` ends the reason a caller's check is skipped.
    `calls`: {function: call(view, *args)} for a function another edition of the course
    calls otherwise (compute_cost(A2, Y, parameters)); `readings`: {function: read(result)}
    for one whose result another edition writes otherwise (grads numbered dA1 .. dAL).
    """

    def __init__(self, examples, known_mistakes=None, *, extra_keys=None, skip_note="", calls=None, readings=None):
        self.examples = examples
        self.known_mistakes = known_mistakes or {}
        self.extra_keys = extra_keys
        self.skip_note = skip_note
        self.calls = calls or {}
        self.readings = readings or {}

    def __getitem__(self, example):
        return self.examples[example]

    def extended(self, examples, *, skip_note):
        """These examples and more (callees as another module's checks call them)."""
        return Examples({**self.examples, **examples}, self.known_mistakes, extra_keys=self.extra_keys,
                        skip_note=skip_note, calls=self.calls, readings=self.readings)

    def run(self, student, example):
        """The student's result on the example (0-d arrays as floats)."""
        function, seed, args, expected = self.examples[example]
        view = student if seed is None else student.seeded(seed)
        if function in self.calls:
            result = plain(self.calls[function](view, *args))
        else:
            result = plain(getattr(view, function)(*args))
        if function in self.readings:
            result = self.readings[function](result)
        if self.extra_keys and isinstance(result, dict) and isinstance(expected, dict):
            result = {k: v for k, v in result.items() if k in expected or not k.startswith(self.extra_keys)}
        return result

    def check(self, student, example, **kwargs):
        """Fail (showing the expected values, naming a known mistake) unless the example comes out right."""
        function, seed, args, expected = self.examples[example]
        what = f"{function}() on its example" + (f" after np.random.seed({seed})" if seed is not None else "")
        result = self.run(student, example)
        try:
            expect_close(result, expected, what, reveal=True, **kwargs)
        except CheckFailed:
            self.known_mistake(result, example)
            raise

    def known_mistake(self, result, example):
        """Fail naming the mistake if the result is what a known mistake gives on this example."""
        for message, part, value in self.known_mistakes.get(example, []):
            try:
                expect_close(result if part is None else result[part], value, "it")
            except (AssertionError, LookupError, TypeError):
                continue
            raise CheckFailed(f"{self.examples[example][0]}() on its example: {message}")

    def needs(self, student, *examples):
        """Skip the calling check unless every callee gets its own example exactly right."""
        wrong = []
        for example in examples:
            try:
                expect_close(self.run(student, example), self.examples[example][3], example)
            except (AssertionError, StudentProblem):
                if self.examples[example][0] + "()" not in wrong:
                    wrong.append(self.examples[example][0] + "()")
        if wrong:
            checks.skip(_once(wrong) + self.skip_note)

    def composite(self, student, example, *callee_examples, **kwargs):
        """check() a function that calls others: when it fails, skip unless its callees are right."""
        try:
            self.check(student, example, **kwargs)
        except (AssertionError, StudentProblem):
            self.needs(student, *callee_examples)
            raise
