"""The example GitHub Actions workflows: their rules read from the YAML, their own steps run here.

Two workflows, so that students never hold the hidden checks or a token:
- examples/github/instructor/grade-class.yml lives in the instructor's private course
  repository, fetches the class's repositories and grades them with `grade batch`;
- examples/github/student/check.yml lives in a student's repository and runs the public
  checks of the release, with no secret at all.
GitHub's own actions (checkout, setup-python, upload-artifact) cannot run here; the
steps that are ours run in a layout like the job's, with local git repositories
standing in for github.com.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from support import ROOT, reference_source, stub_source, write_submission

yaml = pytest.importorskip("yaml")

EXAMPLES = ROOT / "examples" / "github"
INSTRUCTOR = EXAMPLES / "instructor" / "grade-class.yml"
STUDENT = EXAMPLES / "student" / "check.yml"
WORKFLOWS = [INSTRUCTOR, STUDENT]
# The pins, each confirmed against other public workflows that pin the same release (see the README).
PINS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("0b93645e9fea7318ecaed2b359559ac225c90a2b", "v5.3.0"),
    "actions/upload-artifact": ("ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
}
SECRET_STEPS = {"List the student repositories", "Fetch the submissions", "Post commit statuses"}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def all_steps(path: Path) -> list[dict]:
    return [step for job in load(path)["jobs"].values() for step in job["steps"]]


def step(path: Path, name: str) -> dict:
    found = [s for s in all_steps(path) if s.get("name") == name]
    assert len(found) == 1, f"step {name!r} not found once in {path.name}"
    return found[0]


# ---------------------------------------------------------------- rules read from the YAML

def test_the_student_held_workflow_with_the_course_token_is_gone():
    assert not (EXAMPLES / "grade.yml").exists()
    assert INSTRUCTOR.is_file() and STUDENT.is_file()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.parent.name)
def test_actions_are_pinned_to_full_commit_shas(path):
    uses = [s["uses"] for s in all_steps(path) if "uses" in s]
    assert uses
    for ref in uses:
        action, _, sha = ref.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", sha), f"{ref}: pin a full commit SHA, not a tag or branch"
        assert action in PINS and PINS[action][0] == sha, f"{ref}: not one of the confirmed pins"
    for line in path.read_text().splitlines():
        if "uses:" in line and not line.lstrip().startswith("#"):
            action = line.split("uses:")[1].split("@")[0].strip()
            assert line.rstrip().endswith(f"# {PINS[action][1]}"), f"say which release a SHA is: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.parent.name)
def test_least_permissions(path):
    data = load(path)
    assert data["permissions"] == {"contents": "read"}
    for name, job in data["jobs"].items():
        assert job.get("permissions", {}) in ({}, {"contents": "read"}), f"job {name} asks for more"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.parent.name)
def test_checkouts_leave_no_credentials(path):
    checkouts = [s for s in all_steps(path) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for s in checkouts:
        assert s.get("with", {}).get("persist-credentials") is False, f"{s.get('name', s['uses'])}: persist-credentials: false"
        assert "token" not in s.get("with", {})


def test_student_workflow_holds_no_secret():
    text = STUDENT.read_text()
    assert "secrets." not in text and "github.token" not in text and "GITHUB_TOKEN" not in text
    data = load(STUDENT)
    assert [s.get("with", {}).get("repository") for s in all_steps(STUDENT) if "checkout" in s.get("uses", "")] == [None]
    scripts = "\n".join(s.get("run", "") for s in all_steps(STUDENT))
    assert "solutions" not in scripts and "--course" not in scripts  # the release it runs in is the course
    assert set(data["on"]) >= {"push", "pull_request"}


def test_instructor_workflow_runs_away_from_students():
    data = load(INSTRUCTOR)
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}  # never on a student's push
    inputs = data["on"]["workflow_dispatch"]["inputs"]
    assert {"roster", "org", "prefix", "ref", "post-status"} <= set(inputs)
    text = INSTRUCTOR.read_text()
    assert "repository_owner" not in text, "the organisation is no student id"
    job = data["jobs"]["grade"]
    assert "secrets." not in json.dumps(job.get("env", {}))
    for s in job["steps"]:
        uses_secret = "secrets." in json.dumps(s)
        assert uses_secret == (s.get("name") in SECRET_STEPS), f"{s.get('name')}: a secret only where a student repository is read or written"
        if uses_secret:
            assert "secrets." not in s.get("run", "") and "secrets." in json.dumps(s.get("env", {}))
    assert "grade batch submissions -o results --course course" in step(INSTRUCTOR, "Grade the class")["run"]
    assert step(INSTRUCTOR, "Post commit statuses")["if"] == "inputs.post-status"


# ---------------------------------------------------------------- the instructor's steps, run here

def shell(script: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def job_env(job: Path, pythonpath: Path = ROOT, **extra: str) -> dict:
    bin_dir = job / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "grade").write_text(f"#!/bin/sh\nexec {sys.executable} -m grader \"$@\"\n")
    (bin_dir / "grade").chmod(0o755)
    (bin_dir / "python").write_text(f"#!/bin/sh\nexec {sys.executable} \"$@\"\n")
    (bin_dir / "python").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return {**env, "PATH": f"{bin_dir}:{os.environ['PATH']}", "CI": "true", "PYTHONPATH": str(pythonpath),
            "GITHUB_STEP_SUMMARY": str(job / "step_summary.md"), "ROSTER": "classroom/roster.txt",
            "ORG": "", "PREFIX": "", "REF": "", **extra}


@pytest.fixture
def job(tmp_path) -> Path:
    """The instructor's job directory: the course checkout (with a roster)."""
    course = tmp_path / "course"
    for part in ("exercises", "quizzes", "solutions"):
        shutil.copytree(ROOT / part, course / part, ignore=shutil.ignore_patterns("__pycache__"))
    (course / "classroom").mkdir()
    return tmp_path


def list_repos(job: Path, roster: str, **env: str) -> subprocess.CompletedProcess:
    (job / "course" / "classroom" / "roster.txt").write_text(roster)
    return shell(step(INSTRUCTOR, "List the student repositories")["run"], job, job_env(job, **env))


def test_every_student_gets_an_id_of_their_own(job):
    ok = list_repos(job, "# week 2\nnndl-org/nndl-week2-alice\nnndl-org/nndl-week2-bob  bob-smith\n\nnndl-org/nndl-week2-carol # late\n",
                    PREFIX="nndl-week2-")
    assert ok.returncode == 0, ok.stderr
    rows = [line.split("\t") for line in (job / "repos.tsv").read_text().splitlines()]
    assert rows == [["alice", "nndl-org/nndl-week2-alice"], ["bob-smith", "nndl-org/nndl-week2-bob"],
                    ["carol", "nndl-org/nndl-week2-carol"]]
    same_name = list_repos(job, "alice/nndl\nbob/nndl\n")  # personal repositories with one name: ids needed
    assert same_name.returncode == 1 and "unique" in same_name.stdout and "nndl" in same_name.stdout
    odd = list_repos(job, "nndl-org/x ../escape\n")
    assert odd.returncode == 1 and "plain names" in odd.stdout


def test_an_organisations_repositories_by_prefix(job):
    fake_gh = job / "bin" / "gh"
    fake_gh.parent.mkdir(exist_ok=True)
    fake_gh.write_text("#!/bin/sh\nprintf 'nndl-week2-zoe\\nnndl-course-private\\nnndl-week2-al\\nnndl-week2-\\n'\n")
    fake_gh.chmod(0o755)
    ok = list_repos(job, "", ORG="nndl-org", PREFIX="nndl-week2-")
    assert ok.returncode == 0, ok.stderr
    assert (job / "repos.tsv").read_text() == "al\tnndl-org/nndl-week2-al\nzoe\tnndl-org/nndl-week2-zoe\n"
    no_prefix = list_repos(job, "", ORG="nndl-org")
    assert no_prefix.returncode == 1 and "prefix" in no_prefix.stdout


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "s", "GIT_AUTHOR_EMAIL": "s@x", "GIT_COMMITTER_NAME": "s", "GIT_COMMITTER_EMAIL": "s@x"})


def student_repo(server: Path, full_name: str, modules: dict[str, str]) -> None:
    work = server.parent / "work" / full_name
    write_submission(work, modules)
    git("init", "-q", "-b", "main", cwd=work)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "work", cwd=work)
    git("clone", "-q", "--bare", str(work), str(server / f"{full_name}.git"), cwd=server.parent)


def test_instructor_workflow_fetches_grades_and_publishes_a_class(job):
    server = job / "server"
    server.mkdir()
    student_repo(server, "nndl-org/nndl-week2-alice", {"numpy_basics": reference_source("numpy_basics")})
    student_repo(server, "nndl-org/nndl-week2-bob", {"numpy_basics": stub_source("numpy_basics")})
    assert list_repos(job, "nndl-org/nndl-week2-alice\nnndl-org/nndl-week2-bob\nnndl-org/nndl-week2-gone\n",
                      PREFIX="nndl-week2-").returncode == 0
    env = job_env(job, SERVER=f"file://{server}", STUDENT_REPOS_TOKEN="s3cret-t0ken")
    fetch = shell(step(INSTRUCTOR, "Fetch the submissions")["run"], job, env)
    assert fetch.returncode == 0, fetch.stderr
    assert "nndl-week2-gone could not be fetched" in fetch.stdout
    assert sorted(p.name for p in (job / "submissions").iterdir()) == ["alice", "bob"]
    assert not list((job / "submissions").rglob(".git")), "no .git (and no credentials) is left to grade"
    assert re.fullmatch(r"[0-9a-f]{40}\n", (job / "commits" / "alice").read_text())

    grade_env = {k: v for k, v in env.items() if k != "STUDENT_REPOS_TOKEN"}
    graded = shell(step(INSTRUCTOR, "Grade the class")["run"], job, grade_env)
    assert graded.returncode == 0, graded.stderr
    publish = shell(step(INSTRUCTOR, "Publish the class summary")["run"], job, grade_env)
    assert publish.returncode == 0, publish.stderr

    alice = json.loads((job / "reports" / "alice" / "grade.json").read_text())
    bob = json.loads((job / "reports" / "bob" / "grade.json").read_text())
    assert alice["student"] == "alice" and alice["receipt"]["hidden_checks"] is True
    numpy_items = lambda report: [i for i in report["items"] if i["id"].startswith("numpy_basics.")]
    assert all(i["status"] == "passed" for i in numpy_items(alice))
    assert all(i["score"] == 0 for i in numpy_items(bob))
    assert alice["receipt"]["seed"] != bob["receipt"]["seed"], "each student's hidden inputs are their own"
    summary = (job / "step_summary.md").read_text()
    assert summary.startswith("## Class grades") and "`alice`" in summary and "`bob`" in summary
    assert "## Grade:" in (job / "reports" / "bob" / "summary.md").read_text()
    assert (job / "reports" / "gradebook.csv").is_file()
    leaked = [p for p in job.rglob("*") if p.is_file() and not p.is_relative_to(job / "server")
              and b"s3cret-t0ken" in p.read_bytes()]
    assert not leaked, f"the token was written to {leaked}"


# ---------------------------------------------------------------- the student's steps, run here

def test_student_workflow_runs_the_public_checks_of_the_release(tmp_path):
    from grader.course import load_course
    from grader.quiz.lock import Kdf
    from grader.release import build_release

    repo = tmp_path / "student-repo"  # the student's copy of the release
    build_release(load_course(ROOT), repo, kdf=Kdf(n=16, r=1, p=1))
    (repo / "exercises" / "numpy_basics.py").write_text(reference_source("numpy_basics"))
    env = job_env(tmp_path, pythonpath=repo)  # `pip install .` installs the release's own grader
    proc = shell(step(STUDENT, "Run the public checks")["run"], repo, env)
    assert proc.returncode == 0, proc.stderr
    assert shell(step(STUDENT, "Publish the summary")["run"], repo, env).returncode == 0
    report = json.loads((repo / "reports" / "grade.json").read_text())
    assert report["receipt"]["hidden_checks"] is False
    assert all(i["status"] == "passed" for i in report["items"] if i["id"].startswith("numpy_basics."))
    assert int(ET.parse(repo / "reports" / "junit.xml").getroot().get("tests")) > 60
    summary = (tmp_path / "step_summary.md").read_text()
    assert summary.startswith("## Grade:") and "public checks only" in summary
