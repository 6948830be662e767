"""The example GitHub Actions workflow, run here: the same grading commands it runs.

The checkout and upload steps are GitHub's; the steps that are ours (grade, then
publish the summary) run in a layout like the job's: `submission/` beside `course/`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from support import ROOT, reference_source, stub_source, write_submission

WORKFLOW = ROOT / "examples" / "github" / "grade.yml"


def step_script(name: str) -> str:
    """The `run:` block of the step called `name` (a plain reading of the YAML we wrote)."""
    text = WORKFLOW.read_text()
    match = re.search(rf"- name: {re.escape(name)}\n(?:.*\n)*?\s+run: \|\n((?:\s{{10}}.*\n)+)", text)
    assert match, f"step {name!r} not found in {WORKFLOW}"
    return "\n".join(line[10:] for line in match.group(1).splitlines())


@pytest.fixture
def job(tmp_path) -> Path:
    """A job directory: the course checkout and a student's submission."""
    course = tmp_path / "course"
    for part in ("exercises", "quizzes", "solutions"):
        shutil.copytree(ROOT / part, course / part, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def run_steps(job: Path, min_score: str) -> subprocess.CompletedProcess:
    script = step_script("Grade").replace("${{ github.repository_owner }}", "student-42")
    summary = job / "step_summary.md"
    bin_dir = job / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "grade").write_text(f"#!/bin/sh\nexec {sys.executable} -m grader \"$@\"\n")
    (bin_dir / "grade").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "MIN_SCORE": min_score, "GITHUB_STEP_SUMMARY": str(summary), "CI": "true",
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(["bash", "-e", "-c", script], cwd=job, env=env, capture_output=True, text=True, timeout=300)
    publish = subprocess.run(["bash", "-e", "-c", step_script("Publish the summary")], cwd=job, env=env, capture_output=True, text=True, timeout=30)
    assert publish.returncode == 0, publish.stderr
    return proc


def test_workflow_grades_publishes_and_gates(job):
    write_submission(job / "submission", {"numpy_basics": reference_source("numpy_basics"), "logistic_regression": stub_source("logistic_regression")})
    passing = run_steps(job, "10")
    assert passing.returncode == 0, passing.stderr
    reports = job / "reports"
    root = ET.parse(reports / "junit.xml").getroot()
    assert int(root.get("tests")) > 60  # every quiz item and function is a testcase
    summary = (job / "step_summary.md").read_text()
    assert summary.startswith("## Grade:") and "student-42" in summary and "numpy_basics" in summary
    assert "hidden checks ran" in summary
    failing = run_steps(job, "60")
    assert failing.returncode == 1, "below the threshold the job must fail"
    assert "below --min-score" in failing.stderr
