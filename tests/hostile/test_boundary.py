"""Attacks on the work the grader does on a student's behalf: each is bounded, and costs the student only.

Each grading runs in a subprocess with a capped address space (GRADER_MEMORY) and a
wall-clock limit, so a regression fails the test instead of hanging it or taking
the machine's memory: before these limits, a course function patched in for blame
isolation ran `num_iterations=10**9` with nobody's clock running, a patched
`linear_forward` on an N×N input took the grader to 4.6 GB, and a forged reply
frame to 2.4-4.8 GB. The subprocess grades a clean submission first, then the
attack, and reports its peak resident memory before and after the attack: the
growth is what the attack cost the grader.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine_support import STANDALONE_STACK

from .conftest import COURSE

ROOT = Path(__file__).resolve().parents[2]
GRADER_MEMORY = 3 << 30  # address space of the grading subprocess (its zygote and workers inherit it as a ceiling)
GROWTH_MB = 250  # what one attack may add to the grader's peak resident memory (see protocol.py and proxy.py)

GRADE = textwrap.dedent('''
    import json, resource, sys, time
    from pathlib import Path
    from grader.course import load_course
    from grader.harness.runner import grade_exercises

    spec = json.loads(sys.argv[1])
    course = load_course(Path(spec["course"]))

    def run(sub):
        start = time.monotonic()
        items = grade_exercises(course, Path(sub), student="hostile", hidden=True, modules=spec["modules"],
                                limits=spec["limits"])
        return time.monotonic() - start, {r.id: [r.status, r.score, r.max_score, r.feedback] for r in items}

    run(spec["clean"])  # imports, the worker, the checks: the grader as it is before any attack
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds, items = run(spec["attack"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "items": items, "growth_mb": (peak - base) / 1024, "peak_mb": peak / 1024}))
''')


def submission(path: Path, modules: dict[str, str]) -> Path:
    (path / "exercises").mkdir(parents=True)
    for name, source in modules.items():
        (path / "exercises" / f"{name}.py").write_text(source)
    return path


def grade_bounded(tmp_path: Path, course: Path, clean: dict, attack: dict, modules: list[str], limits: dict,
                  timeout: float = 90) -> dict:
    """Grade `clean`, then `attack`, in a subprocess of capped memory and time; what it reports."""
    spec = {"course": str(course), "modules": modules, "limits": limits,
            "clean": str(submission(tmp_path / "clean", clean)), "attack": str(submission(tmp_path / "attack", attack))}
    (tmp_path / "tmp").mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path / "tmp")}

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (GRADER_MEMORY, GRADER_MEMORY))

    proc = subprocess.Popen([sys.executable, "-c", GRADE, json.dumps(spec)], env=env, cwd=str(tmp_path), preexec_fn=cap,
                            start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own child's group (the zygote is in it; workers die with it)
        proc.communicate()
        pytest.fail(f"grading did not finish in {timeout} s: the grader hangs on the attack")
    assert proc.returncode == 0, f"the grader failed (exit {proc.returncode}): {err[-3000:]}"
    report = json.loads(out.strip().splitlines()[-1])
    print(f"grading took {report['seconds']:.1f} s; grader peak RSS {report['peak_mb']:.0f} MB, "
          f"{report['growth_mb']:.0f} MB more than after a clean grading")
    return report


def reference(course: Path, module: str) -> str:
    return (course / "solutions" / f"{module}.py").read_text()


# ---------------------------------------------------------------- a course function told to loop 10**9 times

def test_a_course_function_looping_for_the_student_is_stopped_and_charged(tmp_path):
    """The real course: model() with the course's optimize() patched in, passing num_iterations=10**9.

    The student's own optimize() ignores num_iterations (a bug), so model() runs fast on
    the student's side and the loop happens in the grader, in the course's optimize().
    """
    course = ROOT
    clean = reference(course, "logistic_regression")
    attack = clean.replace("for i in range(num_iterations):", "for i in range(min(num_iterations, 100)):").replace(
        "optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
        "optimize(w, b, X_train, Y_train, 10**9, learning_rate, print_cost)")
    assert attack.count("10**9") == 1 and "min(num_iterations, 100)" in attack
    limits = {"call_timeout": 2.0, "module_timeout": 60.0, "memory_mb": 1024, "output_kb": 16}
    report = grade_bounded(tmp_path, course, {"logistic_regression": clean}, {"logistic_regression": attack},
                           ["logistic_regression"], limits)
    items = report["items"]
    status, score, _, feedback = items["logistic_regression.model"]
    assert status == "timeout" and score == 0, items["logistic_regression.model"]
    assert "model() timed out after 2 s: the course's optimize() it called was still running" in feedback, feedback
    for item, (status, score, maximum, feedback) in items.items():
        if item not in ("logistic_regression.model", "logistic_regression.optimize"):
            assert status == "passed" and score == maximum > 0, (item, feedback)
    assert report["seconds"] < 30


# ---------------------------------------------------------------- huge arguments to a course function

FORWARD_ATTACKS = {
    # 400 MB in the worker: the worker cannot even send it; the grader sees 100 bytes
    "20000x20000": ("np.zeros((20000, 20000), dtype=bool)", "np.zeros((20000, 1), dtype=bool)",
                    "your forward() passed arguments to the course's affine() that are too large to grade"),
    # 2.5 MB in the worker, refused from its shape before it is decoded
    "1600x1600": ("np.ones((1600, 1600))", "np.ones((1600, 1))",
                  "your forward() passed a 1600×1600 array to the course's affine()"),
    # 160 KB that the course function would turn into 3.2 GB (an outer product)
    "outer": ("np.ones((20000, 1))", "np.ones((1, 20000))", "your forward() passed a 20000×1 array to the course's affine()"),
    # allowed arguments whose product is refused when the course function returns it (32 MB, freed)
    "result": ("np.ones((2000, 1))", "np.ones((1, 2000))", "the course's affine() returned a 2000×2000 array"),
}


@pytest.mark.parametrize("attack", sorted(FORWARD_ATTACKS))
def test_arguments_too_large_for_a_course_function_are_a_failed_check(tmp_path, attack):
    W, x, words = FORWARD_ATTACKS[attack]
    stack = STANDALONE_STACK + textwrap.dedent(f'''

        def forward(W, x, b):
            if affine.__code__.co_name == "standin":  # the course's affine, run by the grader
                return relu(affine({W}, {x}, 0.0))
            return relu(W @ x + b)
    ''')
    limits = {"call_timeout": 5.0, "module_timeout": 60.0, "memory_mb": 1536, "output_kb": 4}
    report = grade_bounded(tmp_path, COURSE, {"toy": reference(COURSE, "toy"), "stack": STANDALONE_STACK},
                           {"toy": reference(COURSE, "toy"), "stack": stack}, ["toy", "stack"], limits)
    items = report["items"]
    status, score, maximum, feedback = items["stack.forward"]
    assert status == "partial" and 0 < score < maximum, items["stack.forward"]  # the unpatched check passes
    assert words in feedback, feedback
    assert all(s == "passed" and p == m for i, (s, p, m, _) in items.items() if i != "stack.forward"), items
    assert report["growth_mb"] < GROWTH_MB


# ---------------------------------------------------------------- forged frames and answers too large

FORGED = textwrap.dedent('''

    import os as _os, struct as _struct

    def _forge(size, hlen, body):
        _os.write(3, _struct.pack("<QI", size, hlen) + body)

    def total(xs):  # a 200 MB header announced, 4 MB of it sent
        _forge(4 + 200_000_000, 200_000_000, b"[" + b"[]," * 1_400_000)
        return float(sum(xs))

    def describe(d):  # a header within the byte limit holding 1.3 million values
        _forge(4 + 4_000_000, 4_000_000, b"[" + b"{}," * 1_333_332 + b"{}]")
        return {"keys": sorted(d), "n": len(d), "shape": tuple(np.shape(d.get("x", 0)))}

    def normalize_rows(x):  # a frame announcing a terabyte
        _forge(1 << 40, 2, b"{}")
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    def scale(x, k):  # an answer of 72 MB
        return np.ones((3000, 3000))

    def add(a, b):  # an answer of 300000 numbers in a list
        return [0.5] * 300_000
''')


def test_forged_frames_and_answers_too_large_cost_their_functions_only(tmp_path):
    toy = reference(COURSE, "toy")
    limits = {"call_timeout": 5.0, "module_timeout": 60.0, "memory_mb": 1024, "output_kb": 4}
    report = grade_bounded(tmp_path, COURSE, {"toy": toy, "stack": STANDALONE_STACK},
                           {"toy": toy + FORGED, "stack": STANDALONE_STACK}, ["toy", "stack"], limits)
    items = report["items"]
    for function in ("total", "describe", "normalize_rows"):
        status, score, _, feedback = items[f"toy.{function}"]
        assert status == "error" and score == 0, items[f"toy.{function}"]
        assert f"{function}(): the worker process sent something that is not a valid reply" in feedback, feedback
    for function, words in (("scale", "scale() returned a result too large to grade (it is 69 MB (the limit is 64 MB))"),
                            ("add", "add() returned a result too large to grade (it holds more than")):
        status, score, _, feedback = items[f"toy.{function}"]
        assert status == "failed" and score == 0, items[f"toy.{function}"]
        assert words in feedback, feedback
    for item in ("toy.init", "stack.affine", "stack.forward", "stack.train"):
        status, score, maximum, _ = items[item]
        assert status == "passed" and score == maximum > 0, items[item]
    assert report["growth_mb"] < GROWTH_MB
