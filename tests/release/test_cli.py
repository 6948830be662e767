"""A release works as the command-line contract says, with its own copy of the engine.

Each command runs as `python -m grader` in a subprocess whose import path starts
with the release, so it is the release's `grader/` that runs (installing it in a
fresh venv is the same thing, only slower; docs/release.md gives the commands).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT


def run(out: Path, *args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "GRADE_"))}
    env["PYTHONPATH"] = str(out)
    env["CI"] = "1"  # no progress record in the release
    env["PYTHONPYCACHEPREFIX"] = str(out.parent / "pycache")  # nor bytecode: other tests read every file of it
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=cwd or out, env=env, text=True,
                          capture_output=True, timeout=timeout)


def test_the_release_runs_its_own_engine(release):
    out, _ = release
    env = {**os.environ, "PYTHONPATH": str(out), "PYTHONPYCACHEPREFIX": str(out.parent / "pycache")}
    found = subprocess.run([sys.executable, "-c", "import grader; print(grader.__file__)"], cwd=out, env=env,
                           text=True, capture_output=True, check=True).stdout.strip()
    assert Path(found).resolve() == (out / "grader" / "__init__.py").resolve()


def test_quiz_commands(release, tmp_path):
    out, _ = release
    listed = run(out, "quiz", "list")
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["week1", "week2", "week3", "week4"]
    sheet = run(out, "quiz", "sheet", "week2", "--student", "s001")
    assert sheet.returncode == 0 and 'student = "s001"' in sheet.stdout
    key = run(out, "quiz", "key", "week2", "--student", "s001")
    assert key.returncode == 2 and "not part of a student release" in key.stderr and "Traceback" not in key.stderr
    hint = run(out, "hint", "week4.hyperparameters", str(tmp_path), "--course", str(out))  # the ladder's place: the workspace's .grade/
    assert hint.returncode == 0 and "Hint 1" in hint.stdout


def test_check_runs_the_public_checks_and_says_the_hidden_ones_run_later(release, course):
    out, summary = release
    from grader.quiz import render_key
    from grader.quiz.loader import load_bank

    answers = out.parent / "submission" / "answers"
    answers.mkdir(parents=True)
    (answers / "week3.toml").write_text(render_key(load_bank(course.root / "quizzes" / "week3.toml"), "s007"), encoding="utf-8")
    graded = run(out, "check", str(out), "--student", "s007", "--json", str(out.parent / "report.json"))
    assert graded.returncode == 0, graded.stdout + graded.stderr
    hidden = sum(summary.hidden_checks.values())
    assert f"public checks only; {hidden} hidden checks run when your submission is graded" in " ".join(graded.stdout.split())
    own = run(out, "check", str(answers.parent), "--course", str(out), "--student", "s007", "--only", "week3")
    assert own.returncode == 0 and "Total: 18/18 (100%)" in own.stdout, own.stdout


def test_validate_passes_on_the_release(release):
    out, _ = release
    validated = run(out, "validate", str(out))
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.strip() == "Course is valid."


def test_a_release_cannot_release_itself(release, tmp_path):
    out, _ = release
    again = run(out, "release", str(tmp_path / "again"), "--scrypt-n", "16")
    assert again.returncode == 2 and "already a student release" in again.stderr


def test_the_release_command(tmp_path, course):
    roster = tmp_path / "roster.txt"
    roster.write_text("s001\ns002\n", encoding="utf-8")
    out = tmp_path / "student"
    built = subprocess.run([sys.executable, "-m", "grader", "release", str(out), "--course", str(course.root), "--roster", str(roster),
                            "--scrypt-n", "16"], cwd=tmp_path, text=True, capture_output=True, timeout=600)
    assert built.returncode == 0, built.stderr
    assert "Release written to" in built.stdout and "only for the 2 rostered students" in built.stdout
    assert (out / "quizzes" / "week1.toml").is_file()
    again = subprocess.run([sys.executable, "-m", "grader", "release", str(out), "--course", str(course.root), "--scrypt-n", "16"],
                           cwd=tmp_path, text=True, capture_output=True, timeout=600)
    assert again.returncode == 2 and "--force" in again.stderr


@pytest.mark.parametrize("args", [["--scrypt-n", "17"], ["--roster", "missing.txt"]])
def test_bad_release_options_exit_2(tmp_path, args):
    done = subprocess.run([sys.executable, "-m", "grader", "release", str(tmp_path / "o"), "--course", str(ROOT), *args],
                          cwd=tmp_path, text=True, capture_output=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr


@pytest.mark.parametrize("found", [1, 2])
def test_a_bank_locked_in_an_earlier_format_asks_for_a_new_release(release, tmp_path, found):
    """Format 1 (scrypt 2^13, hand-made keystream and HMAC, per-choice multiple select) and format 2 (one
    scrypt lane, no `lanes` field) are not read: one clear line asking for a re-release."""
    import shutil

    from grader.errors import InputError
    from grader.quiz.loader import load_bank

    out, _ = release
    old = tmp_path / "old-release"
    shutil.copytree(out, old, ignore=shutil.ignore_patterns("__pycache__"))
    bank = old / "quizzes" / "week2.toml"
    text = bank.read_text(encoding="utf-8")
    assert "\nformat = 3\n" in text and "\nlanes = 2\n" in text
    line = text.splitlines().index("format = 3") + 1
    bank.write_text(text.replace("\nformat = 3\n", f"\nformat = {found}\n").replace("\nlanes = 2\n", "\n"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_bank(bank)
    message = caught.value.message
    assert caught.value.line == line and f"lock format {found};" in message and "reads format 3" in message
    assert "re-release" in message and "\n" not in message
    done = run(old, "check", str(old), "--student", "s001")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stdout + done.stderr
    assert f"week2.toml:{line}: this quiz bank was locked by an earlier version of the grader" in done.stderr


def test_a_sheet_redirected_into_answers_works_in_a_fresh_release(release, tmp_path):
    """`grade quiz sheet week3 > answers/week3.toml`, as the README says, in a workspace as it arrives."""
    import shutil

    out, _ = release
    work = tmp_path / "workspace"
    shutil.copytree(out, work)
    assert (work / "answers").is_dir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "GRADE_"))}
    env.update(PYTHONPATH=str(work), CI="1", PYTHONPYCACHEPREFIX=str(tmp_path / "pycache"))
    made = subprocess.run(["sh", "-c", f"'{sys.executable}' -m grader quiz sheet week3 --student s001 > answers/week3.toml"],
                          cwd=work, env=env, text=True, capture_output=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert 'student = "s001"' in (work / "answers" / "week3.toml").read_text(encoding="utf-8")
    graded = run(work, "check", "--student", "s001", "--only", "week3")
    assert graded.returncode == 0, graded.stderr
    assert "not answered yet" in graded.stdout and "no sheet yet" not in graded.stdout, graded.stdout
