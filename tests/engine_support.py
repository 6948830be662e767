"""Shared by the engine's tests (tests/engine) and the hostile-submission tests (tests/hostile).

Both grade submissions against the engine tests' small course and then make sure no
process is left behind.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

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


def descendants(pid: int | None = None) -> set[int]:
    """Every live (not zombie) process below `pid` (default: this process), from /proc."""
    pid = os.getpid() if pid is None else pid
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:
                continue
            rest = stat[stat.rfind(b")") + 2 :].split()
            if rest[0] != b"Z":
                parents[int(name)] = int(rest[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def leftover_processes() -> set[int]:
    """Descendants of this process other than the shared zygote (which lives for the session)."""
    from grader.exercise import sandbox

    zygote = sandbox._shared
    keep = zygote.server_pids() if zygote is not None and zygote.alive else set()
    deadline = time.monotonic() + 3
    while True:  # the zygote reaps adopted orphans just after it answered; give it a moment
        left = descendants() - keep
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)
