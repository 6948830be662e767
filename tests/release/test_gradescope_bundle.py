"""`grade gradescope-bundle`: the zip is built, unzipped into a directory laid out like
Gradescope's /autograder, and its run_autograder grades a real submission there.

results.json is checked against Gradescope's "Autograder Specifications"
(gradescope-autograders.readthedocs.io/en/latest/specs/, also docs/specs.md of
gradescope/autograder_samples): the fields, their types and the four visibilities.
setup.sh is not run (it needs apt and PyPI); a `grade` on PATH stands in for the
virtual environment it makes.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import ROOT, reference_source, write_submission

GRADE = [sys.executable, "-m", "grader"]
MODULES = ["numpy_basics", "logistic_regression", "shallow_nn", "deep_nn", "deep_nn_application"]
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
TOP_LEVEL = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
             "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard", "max_score"}
TEST_FIELDS = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
               "tags", "visibility", "extra_data"}


def grade(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*GRADE, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CI": "1"})


def check_results_shape(data: dict) -> None:
    """Gradescope's documented results.json: known keys, types, visibilities, scores."""
    assert isinstance(data, dict) and set(data) <= TOP_LEVEL, set(data) - TOP_LEVEL
    assert "score" in data or all("score" in t for t in data["tests"])
    assert isinstance(data.get("score", 0.0), (int, float)) and not isinstance(data.get("score"), bool)
    assert isinstance(data.get("output", ""), str)
    for key in ("visibility", "stdout_visibility"):
        assert data.get(key, "visible") in VISIBILITIES
    assert isinstance(data.get("extra_data", {}), dict)
    assert isinstance(data["tests"], list)
    for test in data["tests"]:
        assert set(test) <= TEST_FIELDS, set(test) - TEST_FIELDS
        assert isinstance(test["name"], str) and test["name"]
        assert isinstance(test["score"], (int, float)) and isinstance(test["max_score"], (int, float))
        assert 0 <= test["score"] <= test["max_score"] + 1e-9
        assert test["status"] in {"passed", "failed"}
        assert isinstance(test["output"], str)
        assert isinstance(test["tags"], list) and all(isinstance(t, str) for t in test["tags"])
        assert test["visibility"] in VISIBILITIES
    if data["tests"]:
        assert abs(data["score"] - sum(t["score"] for t in data["tests"])) < 1e-6


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    proc = grade("gradescope-bundle", str(ROOT), "-o", str(out), "--visibility", "deep_nn_application=after_due_date")
    assert proc.returncode == 0, proc.stderr
    assert "never share it" in proc.stdout
    return out


def autograder_dir(tmp_path: Path, bundle: Path, submission: dict[str, str], answers: dict[str, str] | None = None) -> Path:
    """/autograder as Gradescope lays it out: source/ (the zip), run_autograder, submission/, results/."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():  # zipfile drops the modes: put them back as Gradescope's unzip does
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                (root / "source" / info.filename).chmod(mode)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    write_submission(root / "submission", submission, answers)
    (root / "results").mkdir()
    (root / "submission_metadata.json").write_text(json.dumps(
        {"id": 123456, "users": [{"email": "ada@example.edu", "id": 1234, "name": "Ada"}], "previous_submissions": []}))
    return root


def run_autograder(root: Path) -> tuple[subprocess.CompletedProcess, dict]:
    bin_dir = root.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "grade").write_text(f"#!/bin/sh\nexec {sys.executable} -m grader \"$@\"\n")
    (bin_dir / "grade").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([str(root / "run_autograder")], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc, json.loads((root / "results" / "results.json").read_text())


def test_the_zip_is_what_gradescope_expects(bundle, tmp_path):
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in archive.infolist()}
        manifest = archive.read("course/exercises/manifest.toml").decode()
    assert {"setup.sh", "run_autograder"} <= names  # at the root, not in a folder
    assert modes["setup.sh"] & stat.S_IXUSR and modes["run_autograder"] & stat.S_IXUSR
    assert {"course/pyproject.toml", "course/grader/cli/__init__.py", "course/exercises/manifest.toml"} <= names
    assert {f"course/solutions/checks/test_{m}.py" for m in MODULES} <= names  # the hidden checks travel with it
    assert {f"course/solutions/{m}.py" for m in MODULES} <= names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert '[gradescope.items]\n"deep_nn_application" = "after_due_date"' in manifest
    for script in ("setup.sh", "run_autograder"):
        text = zipfile.ZipFile(bundle).read(script).decode()
        assert subprocess.run(["bash", "-n", "-c", text]).returncode == 0, f"{script} is not valid bash"
    again = tmp_path / "again.zip"
    assert grade("gradescope-bundle", str(ROOT), "-o", str(again), "--visibility", "deep_nn_application=after_due_date").returncode == 0
    assert again.read_bytes() == bundle.read_bytes(), "the same course and options give the same zip"


def test_run_autograder_grades_the_reference_with_hidden_checks(bundle, tmp_path):
    root = autograder_dir(tmp_path, bundle, {m: reference_source(m) for m in MODULES})
    proc, data = run_autograder(root)
    check_results_shape(data)
    tests = {t["name"]: t for t in data["tests"]}
    exercises = [t for t in data["tests"] if "exercise" in t["tags"]]
    quizzes = [t for t in data["tests"] if "quiz" in t["tags"]]
    assert len(exercises) == 33 and quizzes  # one test per graded function, one per quiz item
    assert all(t["score"] == t["max_score"] > 0 and t["status"] == "passed" for t in exercises), \
        [t for t in exercises if t["status"] != "passed"]
    assert data["extra_data"]["receipt"]["hidden_checks"] is True
    assert data["extra_data"]["receipt"]["student"] == "ada@example.edu"  # from submission_metadata.json
    # Visibility: graded functions after publication, the application after the due date (the option), quizzes at once.
    assert tests["deep_nn.L_model_backward"]["visibility"] == "after_published"
    assert tests["deep_nn_application.L_layer_model"]["visibility"] == "after_due_date"
    assert {t["visibility"] for t in quizzes} == {"visible"}
    assert data["visibility"] == "visible" and data["stdout_visibility"] == "hidden"
    # The top-level output adds up what is shown now: it gives nothing away about held-back tests.
    shown = sum(t["max_score"] for t in quizzes)
    assert data["output"].startswith(f"Shown now: 0 / {shown:g} points")
    assert f"{data['score']:g} / {data['max_score']:g}" not in data["output"]
    assert "once the grades are published" in data["output"] and "after the due date" in data["output"]
    assert not list((root / "submission").rglob("*.json")), "grading works on a copy of the submission"


def test_a_submission_that_cannot_be_graded_still_gets_results(bundle, tmp_path):
    root = autograder_dir(tmp_path, bundle, {"numpy_basics": reference_source("numpy_basics")},
                          answers={"week1": "this is = = not TOML\n"})
    proc, data = run_autograder(root)
    check_results_shape(data)
    assert data["score"] == 0.0 and data["tests"] == []
    assert "could not be graded" in data["output"] and "answers/week1.toml" in data["output"]
    assert str(root) not in data["output"] and "/tmp" not in data["output"]


def test_a_student_release_is_refused(tmp_path):
    course = tmp_path / "release"
    for part in ("exercises", "quizzes"):
        shutil.copytree(ROOT / part, course / part, ignore=shutil.ignore_patterns("__pycache__"))
    proc = grade("gradescope-bundle", str(course), "-o", str(tmp_path / "a.zip"))
    assert proc.returncode == 2 and "no hidden checks" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "a.zip").exists()


def test_visibility_options_are_checked(tmp_path):
    bad = grade("gradescope-bundle", str(ROOT), "-o", str(tmp_path / "a.zip"), "--visibility", "deep_nn=soon")
    assert bad.returncode == 2 and "ID=WHEN" in bad.stderr
    unknown = grade("gradescope-bundle", str(ROOT), "-o", str(tmp_path / "a.zip"), "--visibility", "no_such_module=hidden")
    assert unknown.returncode == 2 and "no_such_module" in unknown.stderr


def test_manifest_settings_decide_each_tests_visibility():
    from grader.course import GradescopeSettings
    from grader.reports import Outcome, gradescope
    from grader.results import ItemResult, Report

    items = [ItemResult(id="week3.q1", kind="quiz", score=1, max_score=1, status="passed"),
             ItemResult(id="deep_nn.linear_forward", kind="exercise", score=2, max_score=2, status="passed"),
             ItemResult(id="shallow_nn.layer_sizes", kind="exercise", score=0, max_score=1, status="failed", feedback="x")]
    report = Report.from_items("s", items)
    settings = GradescopeSettings(hidden_checks="after_due_date", items={"week3": "after_published", "shallow_nn.layer_sizes": "visible"})
    by_name = {t["name"]: t["visibility"] for t in json.loads(gradescope.render(Outcome(report, gradescope=settings, hidden_checks=True)))["tests"]}
    assert by_name == {"week3.q1": "after_published", "deep_nn.linear_forward": "after_due_date", "shallow_nn.layer_sizes": "visible"}
    public_run = json.loads(gradescope.render(Outcome(report, hidden_checks=False)))
    assert {t["visibility"] for t in public_run["tests"]} == {"visible"}  # only public checks ran: nothing to hold back
    assert public_run["output"] == "3 / 4"


def test_a_grader_crash_shows_students_nothing_of_it(tmp_path):
    """Only the grader's one-line message about the submission reaches results.json, never a traceback."""
    from grader.release.gradescope import HELPER

    helper = tmp_path / "nndl_autograder.py"
    helper.write_text(HELPER)
    stderr = tmp_path / "stderr"
    stderr.write_text("Traceback (most recent call last):\n  File \"/autograder/source/course/solutions/checks/x.py\"\nKeyError: 'W1'\n")
    results = tmp_path / "results.json"
    subprocess.run([sys.executable, str(helper), "finish", str(results), str(stderr), "/tmp/sub", "1"], check=True)
    data = json.loads(results.read_text())
    check_results_shape(data)
    assert "exit status 1" in data["output"] and "solutions" not in data["output"] and "W1" not in data["output"]
    metadata = tmp_path / "meta.json"
    metadata.write_text(json.dumps({"id": 9, "users": [{"email": "a b/../c@x.org", "id": 5}]}))
    ids = [subprocess.run([sys.executable, str(helper), "student", str(metadata), f], capture_output=True, text=True).stdout.strip()
           for f in ("email", "id", "name")]
    assert ids == ["a_b_.._c@x.org", "5", "gradescope-submission-9"]
