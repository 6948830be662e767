"""The runner: checks → points, statuses and feedback, through the real engine."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from engine_support import SKIPPING_CHECK, STANDALONE_STACK
from grader.course import load_course
from grader.harness.runner import count_checks, derive_seed, grade_exercises, run_exercises

from .conftest import COURSE, SMALL

TOY_IDS = ["toy.add", "toy.scale", "toy.normalize_rows", "toy.init", "toy.total", "toy.describe"]
STACK_IDS = ["stack.affine", "stack.forward", "stack.train"]
POINTS = {"toy.add": 3, "toy.scale": 4, "toy.normalize_rows": 3, "toy.init": 3, "toy.total": 2, "toy.describe": 2,
          "stack.affine": 2, "stack.forward": 3, "stack.train": 3}

def toy_with(**replacements: str) -> str:
    """The reference toy module with some functions redefined (later definitions win)."""
    source = (COURSE / "solutions" / "toy.py").read_text()
    return source + "\n\n" + "\n\n".join(replacements.values()) + "\n"


def test_the_reference_earns_full_marks_in_manifest_order(make_submission, grade):
    results = grade(make_submission(toy=None, stack=None))
    assert list(results) == TOY_IDS + STACK_IDS
    for item_id, result in results.items():
        assert result.kind == "exercise"
        assert (result.status, result.score, result.max_score) == ("passed", POINTS[item_id], POINTS[item_id]), result


def test_the_stubs_score_zero_without_crashing(make_submission, grade):
    sub = make_submission()
    for name in ("toy", "stack"):
        shutil.copyfile(COURSE / "exercises" / f"{name}.py", sub / "exercises" / f"{name}.py")
    results = grade(sub)
    assert all(r.score == 0 and r.status == "failed" for r in results.values()), results
    assert all(r.max_score == POINTS[i] for i, r in results.items())
    assert "could not be checked" in results["toy.scale"].feedback or "should be" in results["toy.scale"].feedback


def test_partial_credit_and_feedback_of_the_first_failing_check(make_submission, grade):
    mutating = "def scale(x, k):\n    x *= k\n    return x\n"
    results = grade(make_submission(toy=toy_with(scale=mutating), stack=None))
    scale = results["toy.scale"]
    assert (scale.status, scale.score, scale.max_score) == ("partial", 3, 4)
    # The course lists this mistake (solutions/mistakes/toy.py): it is named first.
    assert scale.feedback == ("scale() must leave its input alone: multiply into a new array. "
                              "(scale changed its input x in place; return a new array) (1 of 3 checks failed)")
    assert scale.mistake == "scale:in_place"
    assert all(results[i].status == "passed" for i in TOY_IDS if i != "toy.scale")


def test_blame_isolation_charges_a_bug_once(make_submission, grade):
    wrong_affine = STANDALONE_STACK.replace("return W @ x + b", "return W @ x - b")
    results = grade(make_submission(toy=None, stack=wrong_affine))
    assert results["stack.affine"].score == 0
    forward = results["stack.forward"]
    assert (forward.status, forward.score) == ("partial", 2)  # correct with the reference affine
    assert results["stack.train"].status == "passed"


def test_a_missing_module_is_missing_and_the_rest_is_graded(make_submission, grade):
    results = grade(make_submission(toy=None))
    for item_id in STACK_IDS:
        r = results[item_id]
        assert (r.status, r.score, r.max_score, r.feedback) == ("missing", 0, POINTS[item_id], "exercises/stack.py not found")
    assert all(results[i].status == "passed" for i in TOY_IDS)


def test_a_module_at_the_top_of_the_submission_is_found(tmp_path, grade):
    shutil.copyfile(COURSE / "solutions" / "toy.py", tmp_path / "toy.py")
    results = grade(tmp_path, modules=["toy"])
    assert list(results) == TOY_IDS and all(r.status == "passed" for r in results.values())


@pytest.mark.parametrize(
    "source",
    ["def add(a, b)\n    return a + b\n", "import tensorflow_not_here\n", b"x = '\xff'\n", "import sys\nsys.exit()\n"],
    ids=["syntax-error", "missing-package", "bad-encoding", "sys-exit"],
)
def test_a_module_that_does_not_import_scores_zero_and_others_are_graded(make_submission, grade, source):
    results = grade(make_submission(toy=source, stack=STANDALONE_STACK))
    for item_id in TOY_IDS:
        r = results[item_id]
        assert (r.status, r.score, r.max_score) == ("error", 0, POINTS[item_id])
        assert r.feedback.startswith("exercises/toy.py")
    assert all(results[i].status == "passed" for i in STACK_IDS)


def test_an_import_failure_of_a_used_module_shows_in_the_user(make_submission, grade):
    results = grade(make_submission(toy="def add(:\n", stack=None))
    assert results["stack.affine"].status == "error" and "SyntaxError" in results["stack.affine"].feedback


def test_statuses_of_problems(make_submission, grade):
    source = toy_with(
        add="def add(a, b):\n    while True:\n        pass\n",
        scale="def scale(x, k):\n    raise ValueError('no')\n",
        normalize_rows="del normalize_rows\n",
        total="class Total:\n    pass\n\ndef total(xs):\n    return Total()\n",
        describe="def describe(d):\n    import os\n    os._exit(1)\n",
    )
    results = grade(make_submission(toy=source), modules=["toy"], limits={**SMALL, "call_timeout": 0.5})
    assert results["toy.add"].status == "timeout" and "timed out after 0.5 s" in results["toy.add"].feedback
    assert results["toy.scale"].status == "error" and "scale() raised ValueError: no" in results["toy.scale"].feedback
    assert "toy.py, line" in results["toy.scale"].feedback
    assert results["toy.normalize_rows"].status == "missing"
    assert "has no function normalize_rows()" in results["toy.normalize_rows"].feedback
    assert results["toy.total"].status == "failed" and "Total object" in results["toy.total"].feedback
    assert results["toy.describe"].status == "error" and "exit status 1" in results["toy.describe"].feedback
    assert results["toy.init"].status == "passed"
    assert all(r.score == 0 for i, r in results.items() if i != "toy.init")
    assert results["toy.add"].feedback.endswith("(2 of 2 checks failed)")


def test_only_grades_the_functions_asked_for(make_submission, grade):
    results = grade(make_submission(toy=None, stack=None), only=lambda item: item in ("toy.add", "stack.train"))
    assert list(results) == ["toy.add", "stack.train"]
    assert all(r.status == "passed" for r in results.values())


def test_public_runs_use_public_checks_only(make_submission, grade, course):
    results = grade(make_submission(toy=None, stack=None), hidden=False)
    assert all(results[i].max_score == 1 and results[i].status == "passed" for i in TOY_IDS)
    assert all(results[i].status == "error" and results[i].feedback.startswith("no checks") for i in STACK_IDS)
    run = run_exercises(course, make_submission(toy=None), student="s", hidden=False, modules=["toy"], limits=SMALL, count_hidden=True)
    assert (run.checks["toy"].public, run.checks["toy"].hidden) == (6, 7)
    assert run.checks["toy"].hidden_points == 11


def test_count_checks(course):
    counts = count_checks(course)
    assert (counts["toy"].public, counts["toy"].hidden, counts["stack"].public, counts["stack"].hidden) == (6, 7, 0, 5)


@pytest.fixture
def course_copy(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    return root


def test_reference_is_unavailable_to_public_checks(course_copy, make_submission):
    public = course_copy / "exercises" / "checks" / "test_toy.py"
    public.write_text(public.read_text() + (
        "\n\n@pytest.mark.function('total')\n@pytest.mark.points(1)\n"
        "def test_total_uses_reference(student, reference):\n    assert student.total([1]) == reference.total([1])\n"
    ))
    course = load_course(course_copy)
    items = {r.id: r for r in grade_exercises(course, make_submission(toy=None), student="s", hidden=False, modules=["toy"], limits=SMALL)}
    assert items["toy.total"].status == "partial"
    assert "reference solution, which is not available" in items["toy.total"].feedback
    hidden = {r.id: r for r in grade_exercises(course, make_submission(toy=None), student="s", hidden=True, modules=["toy"], limits=SMALL)}
    assert hidden["toy.total"].status == "passed"


def test_a_function_without_checks_and_a_broken_check_file_are_reported(course_copy, make_submission):
    manifest = course_copy / "exercises" / "manifest.toml"
    manifest.write_text(manifest.read_text().replace('"describe"]', '"describe", "extra"]'))
    (course_copy / "solutions" / "checks" / "test_stack.py").write_text("def broken(:\n")
    course = load_course(course_copy)
    items = {r.id: r for r in grade_exercises(course, make_submission(toy=None, stack=None), student="s", hidden=True, limits=SMALL)}
    assert (items["toy.extra"].status, items["toy.extra"].max_score) == ("error", 0)
    assert items["toy.extra"].feedback.startswith("no checks for extra()")
    assert items["stack.affine"].status == "error" and "test_stack.py could not be loaded" in items["stack.affine"].feedback
    assert items["toy.add"].status == "passed"


def test_grading_is_reproducible_and_seeded_per_student(make_submission, course):
    sub = make_submission(toy=toy_with(normalize_rows="def normalize_rows(x):\n    return x / x.sum(axis=1, keepdims=True)\n"))
    first = grade_exercises(course, sub, student="ada", hidden=True, modules=["toy"], limits=SMALL)
    again = grade_exercises(course, sub, student="ada", hidden=True, modules=["toy"], limits=SMALL)
    assert first == again
    assert derive_seed("ada") == derive_seed("ada") != derive_seed("bob")


def test_rng_differs_per_check_and_per_submission_seed():
    from grader.harness.plugin import stable_seed

    assert stable_seed(1, "a::x") == stable_seed(1, "a::x")
    assert len({stable_seed(1, "a::x"), stable_seed(2, "a::x"), stable_seed(1, "a::y")}) == 3


# ---------------------------------------------------------------- inside a pytest session

def test_grading_inside_a_pytest_test_leaves_the_outer_session_alone(make_submission, grade, capsys):
    print("before")
    meta_path, path, modules = list(sys.meta_path), list(sys.path), set(sys.modules)
    current = os.environ.get("PYTEST_CURRENT_TEST")
    results = grade(make_submission(toy="def add(a, b):\n    print('student output')\n    return a - b\n"), modules=["toy"])
    print("after")
    assert results["toy.add"].status == "failed"  # failing inner checks...
    captured = capsys.readouterr()
    assert captured.out == "before\nafter\n" and captured.err == ""  # ...print nothing, and capture still works
    assert sys.meta_path == meta_path and sys.path == path
    assert os.environ.get("PYTEST_CURRENT_TEST") == current
    new = set(sys.modules) - modules
    assert not {m for m in new if m in ("toy", "stack", "acts") or "test_toy" in m or "test_stack" in m}, new


def test_the_engine_leaves_no_processes_or_directories(make_submission, grade, tmp_path, monkeypatch):
    import tempfile

    from .conftest import leftover_processes

    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    grade(make_submission(toy=None, stack=None))
    assert leftover_processes() == set()
    assert [d for d in os.listdir(private) if not d.startswith("grade-zygote-")] == []


def test_ctrl_c_stops_grading_and_cleans_up(tmp_path):
    """SIGINT in the middle of a hanging call: the grader stops, nothing is left behind."""
    import signal
    import subprocess
    import textwrap
    import time

    from .conftest import descendants

    sub = tmp_path / "sub"
    (sub / "exercises").mkdir(parents=True)
    # The call says when it has started (a file in its own directory), then hangs.
    (sub / "exercises" / "toy.py").write_text("def add(a, b):\n    open('started', 'w').close()\n    while True:\n        pass\n")
    private = tmp_path / "tmp"
    private.mkdir()
    script = textwrap.dedent(
        f"""
        import signal, sys, tempfile
        # As in a terminal, whatever the test runner was started with (a shell's
        # background job inherits SIGINT ignored, and so would this grader).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        tempfile.tempdir = {str(private)!r}
        from grader.course import load_course
        from grader.harness.runner import grade_exercises
        course = load_course({str(COURSE)!r})
        print("grading", flush=True)
        try:
            grade_exercises(course, {str(sub)!r}, student="s", hidden=True, modules=["toy"],
                            limits={{"call_timeout": 30.0, "module_timeout": 60.0, "memory_mb": 512, "output_kb": 4}})
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(130)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "grading"
        deadline = time.monotonic() + 30
        while not list(private.glob("grade-zygote-*/runs/*/*/started")) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert list(private.glob("grade-zygote-*/runs/*/*/started")), "the hanging call never started"
        started = descendants(proc.pid)  # the zygote and the worker, inside the hanging call
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "interrupted" in out
    assert os.listdir(private) == []
    assert len(started) >= 2
    deadline = time.monotonic() + 3
    while any(os.path.exists(f"/proc/{p}") for p in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in started if os.path.exists(f"/proc/{p}")], "the zygote or a worker outlived the grader"


def test_a_missing_used_module_is_named(make_submission, grade):
    results = grade(make_submission(stack=None), modules=["stack"])
    assert results["stack.affine"].status == "error"
    assert "imports toy, but toy.py is not in your submission" in results["stack.affine"].feedback


# ---------------------------------------------------------------- fixed maxima



def test_a_functions_maximum_is_the_same_whatever_its_checks_became(course_copy, tmp_path):
    """Two submissions, one whose composite's check is skipped: the same max_score per function;
    the skipped check is lost points and its reason is in the feedback."""
    hidden = course_copy / "solutions" / "checks" / "test_stack.py"
    hidden.write_text(hidden.read_text() + SKIPPING_CHECK)
    course = load_course(course_copy)
    maxima = []
    results = {}
    for name, stack in (("right", STANDALONE_STACK),
                        ("wrong", STANDALONE_STACK.replace("return W @ x + b", "return W @ x - b")),
                        ("hangs", STANDALONE_STACK.replace("def affine(W, x, b):\n", "def affine(W, x, b):\n    while True: pass\n"))):
        sub = tmp_path / name
        (sub / "exercises").mkdir(parents=True)
        shutil.copyfile(COURSE / "solutions" / "toy.py", sub / "exercises" / "toy.py")
        (sub / "exercises" / "stack.py").write_text(stack)
        results[name] = {r.id: r for r in grade_exercises(course, sub, student="s", hidden=True, modules=["stack"],
                                                          limits={**SMALL, "call_timeout": 0.5})}
        maxima.append({i: r.max_score for i, r in results[name].items()})
    assert maxima[0] == maxima[1] == maxima[2] == {"stack.affine": 2, "stack.forward": 4, "stack.train": 3}
    assert results["right"]["stack.forward"].status == "passed"
    forward = results["wrong"]["stack.forward"]
    assert (forward.score, forward.status) == (2, "partial")  # the skipped check's point is lost
    assert forward.feedback == "forward is wrong (1 of 3 checks failed, 1 skipped: fix affine() first)"


def test_a_function_whose_checks_are_all_skipped_scores_zero_of_its_maximum(course_copy, make_submission):
    public = course_copy / "exercises" / "checks" / "test_toy.py"
    public.write_text(public.read_text() + (
        "\n\n@pytest.mark.function('describe')\n@pytest.mark.points(2)\n"
        "def test_describe_needs_total(student):\n    if student.total([1.0]) != 1.0:\n        pytest.skip('fix total() first')\n"
    ))
    public.write_text(public.read_text().replace('def test_describe_example(student):', 'def test_describe_example(student):\n    if student.total([1.0]) != 1.0:\n        pytest.skip("fix total() first")'))
    course = load_course(course_copy)
    sub = make_submission(toy=toy_with(total="def total(xs):\n    return 0.0\n"))
    items = {r.id: r for r in grade_exercises(course, sub, student="s", hidden=False, modules=["toy"], limits=SMALL)}
    describe = items["toy.describe"]
    assert (describe.score, describe.max_score, describe.status) == (0, 3, "failed")
    assert describe.feedback == "fix total() first (2 of 2 checks skipped)"


def test_a_skipped_check_is_excused_when_the_functions_other_checks_judged_it(course_copy, tmp_path):
    """A wrong callee skips a caller's check; the caller's other checks (blame-isolated) all pass:
    the caller keeps full marks, so the callee's bug is charged once."""
    hidden = course_copy / "solutions" / "checks" / "test_stack.py"
    text = hidden.read_text().replace(
        '''def test_forward(student, reference, rng):
    W, x, b = _data(rng)''', '''def test_forward(student, reference, rng):
    W, x, b = _data(rng)
    if not np.allclose(student.affine(W, x, b), reference.affine(W, x, b)):
        pytest.skip("fix affine() first")''')
    hidden.write_text(text)
    course = load_course(course_copy)
    sub = tmp_path / "sub"
    (sub / "exercises").mkdir(parents=True)
    shutil.copyfile(COURSE / "solutions" / "toy.py", sub / "exercises" / "toy.py")
    (sub / "exercises" / "stack.py").write_text(STANDALONE_STACK.replace("return W @ x + b", "return W @ x - b"))
    items = {r.id: r for r in grade_exercises(course, sub, student="s", hidden=True, modules=["stack"], limits=SMALL)}
    assert (items["stack.affine"].score, items["stack.affine"].max_score) == (0, 2)
    assert (items["stack.forward"].score, items["stack.forward"].max_score, items["stack.forward"].status) == (3, 3, "passed")
