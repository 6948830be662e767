"""Shared by the engine's tests (tests/engine) and the hostile-submission tests (tests/hostile).

Both grade submissions against the engine tests' small course and then make sure no
process is left behind.
"""

from __future__ import annotations

import time
from pathlib import Path

from grader.sandbox.processes import descendants  # noqa: F401  (tests import it from here)

ENGINE_COURSE = Path(__file__).resolve().parent / "engine" / "fixtures" / "course"

# The course's `stack` module written without `from toy import scale`: graded next to a
# broken or hostile `toy`, it keeps all its points.
STANDALONE_STACK = """
import numpy as np
from acts import relu

def affine(W, x, b):
    return W @ x + b

def forward(W, x, b):
    return relu(affine(W, x, b))

def train(W, x, b, steps=3, print_cost=False):
    costs = []
    for i in range(steps):
        A = forward(W, x, b)
        cost = float(np.mean(A ** 2))
        costs.append(cost)
        if print_cost:
            print(f"cost after step {i}: {cost}")
        W = W - W * 0.1
    return W, costs
"""


def leftover_processes() -> set[int]:
    """Descendants of this process other than the shared zygote (which lives for the session)."""
    from grader.sandbox import processes as sandbox

    zygote = sandbox._shared
    keep = zygote.server_pids() if zygote is not None and zygote.alive else set()
    deadline = time.monotonic() + 3
    while True:  # the zygote reaps adopted orphans just after it answered; give it a moment
        left = descendants() - keep
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


# A check of the engine course's `forward` that is skipped while the student's `affine` is
# wrong: the fixed-maxima tests (engine and batch) append it to the course's hidden checks.
SKIPPING_CHECK = '''

@pytest.mark.function("forward")
@pytest.mark.points(1)
def test_forward_with_own_affine(student, reference, rng):
    """Judged only when the student's affine is right: else skipped, with the reason."""
    W, x, b = _data(rng)
    if not np.allclose(student.affine(W, x, b), reference.affine(W, x, b)):
        pytest.skip("fix affine() first")
    assert np.allclose(student.forward(W, x, b), reference.forward(W, x, b)), "forward is wrong"
'''
