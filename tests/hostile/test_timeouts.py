"""A function that timed out is not called again in the same grading: time-outs cost seconds, not minutes.

A submission whose function loops forever, ignoring every catchable signal, used to
cost the call time limit once per call of it (every check, every view: seeded,
patched), up to the module's whole budget. Now the first time-out is the only one;
later calls raise StudentTimeout at once and the module's other functions keep their marks.
"""

from __future__ import annotations

import shutil
import time

import pytest

from engine_support import STANDALONE_STACK, leftover_processes
from grader.course import load_course
from grader.harness.runner import grade_exercises

from .conftest import COURSE, SUBMISSIONS

# Eight more checks of `add`, through every kind of view.
MANY_CALLS = '''

@pytest.mark.function("add")
@pytest.mark.points(1)
@pytest.mark.parametrize("view", ["plain", "seeded", "patched", "function"] * 2)
def test_add_again(student, reference, rng, view):
    a, b = rng.standard_normal(3), rng.standard_normal(3)
    if view == "seeded":
        result = student.seeded(5).add(a, b)
    elif view == "patched":
        result = student.patched(scale=reference.scale).add(a, b)
    elif view == "function":
        result = student.function("add")(a, b)
    else:
        result = student.add(a, b)
    assert np.allclose(result, a + b), "add is wrong"
'''

LIMIT = 1.0


@pytest.fixture
def course_with_many_calls(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    hidden = root / "solutions" / "checks" / "test_toy.py"
    hidden.write_text(hidden.read_text() + MANY_CALLS)
    return load_course(root)


def test_a_function_that_timed_out_is_not_called_again(course_with_many_calls, tmp_path):
    sub = tmp_path / "sub"
    (sub / "exercises").mkdir(parents=True)
    toy = (COURSE / "solutions" / "toy.py").read_text() + "\n\n" + (SUBMISSIONS / "ignores_signals.py").read_text()
    (sub / "exercises" / "toy.py").write_text(toy)
    (sub / "exercises" / "stack.py").write_text(STANDALONE_STACK)
    limits = {"call_timeout": LIMIT, "module_timeout": 60.0, "memory_mb": 512, "output_kb": 4}

    start = time.monotonic()
    run = grade_exercises(course_with_many_calls, sub, student="s", hidden=True, limits=limits)
    elapsed = time.monotonic() - start

    results = {r.id: r for r in run}
    add = results["toy.add"]
    assert (add.status, add.score, add.max_score) == ("timeout", 0, 11)  # 1 public + 2 hidden + 8 more
    assert add.feedback.startswith(f"add() timed out after {LIMIT:g} s")
    assert all(r.status == "passed" and r.score == r.max_score > 0 for i, r in results.items() if i != "toy.add"), results
    # Ten calls of add() at a time-out each would take 10 s or more; one time-out and the rest of the grading, a few.
    assert elapsed < 4 * LIMIT + 3, f"grading took {elapsed:.1f} s"
    assert leftover_processes() == set()

