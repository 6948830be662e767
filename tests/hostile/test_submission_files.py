"""A submission is data the grader reads, never a path it follows (grader/submission.py).

Each attack is a real submission graded through the real command (`grade check`, and
`grade batch` for a class), laid out as a CI job lays it out: the course (with its
solutions, hidden checks and quiz answers) in a directory beside the submission. A
link, FIFO, hard link or oversized file where a module or sheet belongs scores 0 with
one message naming it, everything else is still graded, nothing of what the link
points at reaches the report, and the grader never hangs. Every run is bounded by a
timeout; the large file is sparse (no disk is used).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine_support import ENGINE_COURSE, STANDALONE_STACK

ROOT = Path(__file__).resolve().parents[2]
SECRET = "SECRET_TOKEN_5f0c2b"  # put in files a link may point at; must never reach a report


@pytest.fixture()
def ci(tmp_path):
    """tmp/course (the engine tests' course plus the week-1 quiz, a hidden check carrying SECRET) and tmp/sub."""
    course = tmp_path / "course"
    shutil.copytree(ENGINE_COURSE, course, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    manifest = course / "exercises" / "manifest.toml"
    manifest.write_text(manifest.read_text().replace("call_timeout = 5.0", "call_timeout = 2.0"))
    shutil.copy(ROOT / "quizzes" / "week1.toml", course / "quizzes" / "week1.toml")
    hidden = course / "solutions" / "checks" / "test_toy.py"
    hidden.write_text(f"# {SECRET}: the hidden check\n" + hidden.read_text())
    (course / ".git").mkdir()
    (course / ".git" / "config").write_text(f"[credential]\n\t{SECRET} = = 1\n")
    sub = tmp_path / "sub"
    (sub / "exercises").mkdir(parents=True)
    (sub / "exercises" / "stack.py").write_text(STANDALONE_STACK)
    return course, sub


def grade(course: Path, sub: Path, *args: str, timeout: float = 90) -> tuple[subprocess.CompletedProcess, dict, float]:
    """`grade check SUB --course COURSE --json ...`: (process, JSON report or {}, seconds)."""
    out = sub.parent / "grade.json"
    out.unlink(missing_ok=True)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "check", str(sub), "--course", str(course), "--student", "mallory",
         "--json", str(out), "--no-record", *args],
        capture_output=True, text=True, timeout=timeout, env={**os.environ, "CI": "1"},
    )
    elapsed = time.monotonic() - start
    report = json.loads(out.read_text()) if out.exists() else {}
    return proc, report, elapsed


def items(report: dict, prefix: str) -> dict[str, dict]:
    return {i["id"]: i for i in report["items"] if i["id"].startswith(prefix)}


def assert_stack_graded(report: dict) -> None:
    stack = items(report, "stack.")
    assert stack and all(i["status"] == "passed" and i["score"] == i["max_score"] > 0 for i in stack.values()), stack


def assert_no_secret(proc, report) -> None:
    text = proc.stdout + proc.stderr + json.dumps(report)
    assert SECRET not in text
    assert "Traceback" not in proc.stdout + proc.stderr


def test_a_link_to_the_course_solution_does_not_score(ci):
    course, sub = ci
    (sub / "exercises" / "toy.py").symlink_to(Path("..") / ".." / "course" / "solutions" / "toy.py")
    proc, report, _ = grade(course, sub)
    assert proc.returncode == 0, proc.stderr
    toy = items(report, "toy.")
    assert toy and all(i["score"] == 0 and i["status"] == "error" for i in toy.values()), toy
    assert {i["feedback"] for i in toy.values()} == {"exercises/toy.py is a symbolic link; submit the file itself"}
    assert all(i["max_score"] > 0 for i in toy.values())  # the course's maximum, as for everyone
    assert_stack_graded(report)
    assert "exercises/toy.py" not in report["receipt"]["files"]


def test_a_linked_exercises_directory_is_not_followed(ci):
    course, sub = ci
    shutil.rmtree(sub / "exercises")
    (sub / "exercises").symlink_to(Path("..") / "course" / "solutions", target_is_directory=True)
    proc, report, _ = grade(course, sub)
    assert proc.returncode == 0, proc.stderr
    graded = items(report, "toy.") | items(report, "stack.")
    assert graded and all(i["score"] == 0 for i in graded.values())
    assert all("exercises/ is a symbolic link" in i["feedback"] for i in graded.values()), graded
    assert report["score"] == 0 and report["receipt"]["files"] == {}


def test_a_top_level_link_is_refused_too(ci):
    course, sub = ci
    shutil.rmtree(sub / "exercises")
    (sub / "toy.py").symlink_to(course / "solutions" / "toy.py")
    (sub / "stack.py").write_text(STANDALONE_STACK)
    proc, report, _ = grade(course, sub)
    assert proc.returncode == 0, proc.stderr
    assert {i["feedback"] for i in items(report, "toy.").values()} == {"toy.py is a symbolic link; submit the file itself"}
    assert_stack_graded(report)


@pytest.mark.parametrize("target", ["hidden check", ".git/config", "/etc/shadow"])
def test_what_a_link_points_at_never_reaches_feedback(ci, target):
    course, sub = ci
    where = {"hidden check": course / "solutions" / "checks" / "test_toy.py",
             ".git/config": course / ".git" / "config", "/etc/shadow": Path("/etc/shadow")}[target]
    (sub / "exercises" / "toy.py").symlink_to(where)
    proc, report, _ = grade(course, sub)
    assert proc.returncode == 0, proc.stderr
    assert_no_secret(proc, report)
    if where.exists():
        shadow_head = where.read_bytes()[:12].decode(errors="replace") if os.access(where, os.R_OK) else ""
        if shadow_head.strip():
            assert shadow_head not in json.dumps(report)
    assert all(i["score"] == 0 for i in items(report, "toy.").values())
    assert_stack_graded(report)


def test_a_link_elsewhere_is_reported_not_followed(ci):
    course, sub = ci
    shutil.copy(course / "solutions" / "toy.py", sub / "exercises" / "toy.py")
    (sub / "data").symlink_to(course / "solutions", target_is_directory=True)
    (sub / "exercises" / "notes.txt").symlink_to(course / ".git" / "config")
    proc, report, _ = grade(course, sub)
    assert proc.returncode == 0, proc.stderr
    assert report["score"] > 0 and all(i["status"] == "passed" for i in items(report, "toy.").values())
    assert "not followed: 2 symbolic links in the submission (data, exercises/notes.txt)" in " ".join(proc.stdout.split())
    assert_no_secret(proc, report)


def test_a_fifo_module_does_not_hang_the_grader(ci):
    course, sub = ci
    os.mkfifo(sub / "exercises" / "toy.py")
    proc, report, elapsed = grade(course, sub, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 30
    assert {i["feedback"] for i in items(report, "toy.").values()} == {"exercises/toy.py is a named pipe (FIFO); submit the file itself"}
    assert_stack_graded(report)


def test_a_fifo_sheet_costs_that_quiz_only(ci):
    course, sub = ci
    shutil.copy(course / "solutions" / "toy.py", sub / "exercises" / "toy.py")
    (sub / "answers").mkdir()
    os.mkfifo(sub / "answers" / "week1.toml")
    proc, report, elapsed = grade(course, sub, timeout=60)
    assert proc.returncode == 0, proc.stderr
    week1 = items(report, "week1.")
    assert len(week1) == 13 and {i["feedback"] for i in week1.values()} == {"answers/week1.toml is a named pipe (FIFO); submit the file itself"}
    assert all(i["status"] == "passed" for i in items(report, "toy.").values())


def test_a_huge_module_is_refused_quickly(ci):
    course, sub = ci
    big = sub / "exercises" / "toy.py"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB by its size, no disk used
    proc, report, elapsed = grade(course, sub)
    assert proc.returncode == 0, proc.stderr
    assert {i["feedback"] for i in items(report, "toy.").values()} == {"exercises/toy.py is 50 MiB; a module may be at most 1 MiB"}
    assert_stack_graded(report)
    assert elapsed < 20


def test_a_hard_link_to_the_solution_is_refused(ci):
    course, sub = ci
    try:
        os.link(course / "solutions" / "toy.py", sub / "exercises" / "toy.py")
    except OSError as exc:  # pragma: no cover - a file system without hard links
        pytest.skip(f"no hard links here: {exc}")
    proc, report, _ = grade(course, sub)
    toy = items(report, "toy.")
    assert all(i["score"] == 0 and "is a hard link" in i["feedback"] for i in toy.values()), toy
    assert_stack_graded(report)


def test_linked_sheets_are_refused(ci):
    course, sub = ci
    (sub / "answers").mkdir()
    (sub / "answers" / "week1.toml").symlink_to(course / "quizzes" / "week1.toml")
    proc, report, _ = grade(course, sub)
    assert proc.returncode == 0, proc.stderr
    assert {i["feedback"] for i in items(report, "week1.").values()} == {"answers/week1.toml is a symbolic link; submit the file itself"}
    shutil.rmtree(sub / "answers")
    (sub / "answers").symlink_to(course / "quizzes", target_is_directory=True)
    proc, report, _ = grade(course, sub)
    assert proc.returncode == 0, proc.stderr
    feedback = {i["feedback"] for i in items(report, "week1.").values()}
    assert feedback == {"answers/week1.toml: answers/ is a symbolic link (not followed); submit the directory itself"}
    assert_stack_graded(report)


def test_the_worker_gets_the_bytes_read_not_the_path(ci, monkeypatch):
    """A module replaced by a link after it was read is graded as read: the worker's copy is a new file."""
    from grader.course import load_course
    from grader.harness.runner import grade_exercises
    from grader.submission import load

    course_dir, sub = ci
    course = load_course(course_dir)
    shutil.copy(course_dir / "solutions" / "toy.py", sub / "exercises" / "toy.py")
    loaded = load(course, sub)
    (sub / "exercises" / "toy.py").unlink()
    (sub / "exercises" / "toy.py").symlink_to("/dev/zero")
    results = {r.id: r for r in grade_exercises(course, loaded, student="s", hidden=True)}
    assert all(r.status == "passed" for r in results.values()), results
    assert loaded.graded_files()["exercises/toy.py"] == loaded.modules["toy"].sha256


def test_batch_refuses_links_and_fifos_per_part(ci, tmp_path):
    course, sub = ci
    subs = tmp_path / "subs"
    alice = subs / "alice" / "exercises"
    alice.mkdir(parents=True)
    (alice / "toy.py").symlink_to(course / "solutions" / "toy.py")
    (alice / "stack.py").write_text(STANDALONE_STACK)
    carol = subs / "carol"
    (carol / "answers").mkdir(parents=True)
    os.mkfifo(carol / "answers" / "week1.toml")
    (carol / "exercises").mkdir()
    shutil.copy(course / "solutions" / "toy.py", carol / "exercises" / "toy.py")
    (subs / "mallory").symlink_to(course / "solutions", target_is_directory=True)  # a "submission" that is the course
    results = tmp_path / "results"
    proc = subprocess.run([sys.executable, "-m", "grader", "batch", str(subs), "-o", str(results), "--course", str(course), "-j", "1"],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    rows = {r["student"]: r for r in map(json.loads, (results / "results.jsonl").read_text().splitlines())}
    assert rows["mallory"]["status"] == "error" and "symbolic link" in rows["mallory"]["error"] and rows["mallory"]["score"] == 0
    a = {i["id"]: i for i in rows["alice"]["items"]}
    assert all(a[k]["score"] == 0 and a[k]["feedback"] == "exercises/toy.py is a symbolic link; submit the file itself"
               for k in a if k.startswith("toy."))
    assert all(a[k]["status"] == "passed" for k in a if k.startswith("stack."))
    c = {i["id"]: i for i in rows["carol"]["items"]}
    assert rows["carol"]["status"] == "graded"
    assert all(c[k]["feedback"] == "answers/week1.toml is a named pipe (FIFO); submit the file itself" for k in c if k.startswith("week1."))
    assert all(c[k]["status"] == "passed" for k in c if k.startswith("toy."))


def test_the_scan_for_links_is_bounded(ci, monkeypatch):
    from grader import submission
    from grader.course import load_course

    course_dir, sub = ci
    deep = sub / "many"
    deep.mkdir()
    for n in range(60):
        (deep / f"f{n}").write_text("")
    (deep / "zz-link").symlink_to("/etc")
    monkeypatch.setattr(submission, "MAX_SCAN_ENTRIES", 20)
    start = time.monotonic()
    loaded = submission.load(load_course(course_dir), sub)
    assert time.monotonic() - start < 5
    assert loaded.scan_truncated and any("only the first were looked at" in n for n in loaded.notes())
