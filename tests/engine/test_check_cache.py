"""Collected checks kept on disk by content hash (grader/harness/checkcache.py), and grader.checks.

A fresh process whose course hashes the same never imports pytest; a changed check
file, a corrupt or tampered cache, or a cache directory that cannot be written all
fall back to pytest's collection, which stays the authority.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import support
from grader.course import load_course
from grader.harness import checkcache
from grader.harness import suite as suite_mod
from grader.harness.runner import run_exercises

from .conftest import COURSE, SMALL

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from pathlib import Path
from grader.course import load_course
from grader.harness import suite
from grader.harness.runner import run_exercises
course = load_course(Path(sys.argv[1]))
run = run_exercises(course, Path(sys.argv[2]), student="s", hidden=True, modules=["numpy_basics"])
collected = suite.suite_for(course, include_hidden=True)
print(json.dumps({"source": collected.source,
                  "pytest": sorted(m for m in sys.modules if m == "pytest" or m.startswith("_pytest")),
                  "items": [[i.id, i.score, i.max_score, i.status, i.feedback] for i in run.items]}))
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("GRADER_CACHE_DIR", str(folder))
    suite_mod.forget()
    yield folder / "checks"
    suite_mod.forget()


@pytest.fixture
def real_course(tmp_path):
    """A copy of the real course (its checks use grader.checks), to change files in."""
    root = tmp_path / "course"
    for part in ("exercises", "solutions", "quizzes"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _probe(course_root: Path, submission: Path, cache: Path) -> dict:
    env = {**os.environ, "GRADER_CACHE_DIR": str(cache.parent), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(course_root), str(submission)], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_cache_hit_never_imports_pytest_and_grades_the_same(tmp_path, cache_dir):
    sub = support.write_submission(tmp_path / "sub", {"numpy_basics": support.reference_source("numpy_basics")})
    first = _probe(ROOT, sub, cache_dir)
    second = _probe(ROOT, sub, cache_dir)
    assert first["source"] == "pytest" and first["pytest"]
    assert second["source"] == "cache" and second["pytest"] == []
    assert second["items"] == first["items"] and all(i[3] == "passed" for i in first["items"])


def test_a_changed_check_file_invalidates_the_cache(real_course, cache_dir, tmp_path):
    course = load_course(real_course)
    first = suite_mod.suite_for(course, include_hidden=True)
    suite_mod.forget()
    again = suite_mod.suite_for(course, include_hidden=True)
    assert (first.source, again.source) == ("pytest", "cache")
    assert [c.check for c in again.checks] == [c.check for c in first.checks]
    check_file = real_course / "solutions" / "checks" / "test_numpy_basics.py"
    check_file.write_text(check_file.read_text(encoding="utf-8") + (
        "\n\n@checks.function('sigmoid')\n@checks.points(5)\n"
        "def test_sigmoid_added_later(student):\n    assert False, 'a check added after the cache was written'\n"
    ), encoding="utf-8")
    suite_mod.forget()
    changed = suite_mod.suite_for(course, include_hidden=True)
    assert changed.source == "pytest" and len(changed.checks) == len(first.checks) + 1
    suite_mod.forget()
    cached = suite_mod.suite_for(course, include_hidden=True)
    assert cached.source == "cache" and [c.check for c in cached.checks] == [c.check for c in changed.checks]
    assert len(list(cache_dir.glob("*.json"))) == 2
    sub = support.write_submission(tmp_path / "sub", {"numpy_basics": support.reference_source("numpy_basics")})
    sigmoid = next(i for i in run_exercises(course, sub, student="s", hidden=True, modules=["numpy_basics"]).items
                   if i.id == "numpy_basics.sigmoid")
    assert sigmoid.status == "partial" and "added after the cache was written" in sigmoid.feedback


def _corrupt(entry: dict) -> list:
    """Ways a cache file can be wrong: not JSON, another key, a tampered, missing, extra or unknown check."""
    tampered = json.loads(json.dumps(entry))
    tampered["checks"][0]["points"] = 100.0
    moved = json.loads(json.dumps(entry))
    moved["checks"][0]["qualname"] = "test_not_there"
    dropped = dict(entry, checks=entry["checks"][1:])  # a check left out: its points would vanish from the maximum
    doubled = dict(entry, checks=entry["checks"] + entry["checks"][:1])
    other_key = dict(entry, key="0" * 64)
    truncated = json.dumps(entry)[:200]
    return [b"\x00\xffnot json", truncated.encode(), json.dumps(other_key).encode(), json.dumps(tampered).encode(),
            json.dumps(moved).encode(), json.dumps(dropped).encode(), json.dumps(doubled).encode(),
            json.dumps({"format": entry["format"], "key": entry["key"]}).encode()]


def test_a_corrupt_or_tampered_cache_is_ignored(real_course, cache_dir):
    course = load_course(real_course)
    truth = suite_mod.suite_for(course, include_hidden=True)
    [path] = list(cache_dir.glob("*.json"))
    entry = json.loads(path.read_text(encoding="utf-8"))
    for bad in _corrupt(entry):
        path.write_bytes(bad)
        suite_mod.forget()
        again = suite_mod.suite_for(course, include_hidden=True)
        assert again.source == "pytest", bad[:60]
        assert [c.check for c in again.checks] == [c.check for c in truth.checks]
        assert json.loads(path.read_text(encoding="utf-8")) == entry  # collected again and kept again


def test_a_cache_directory_that_cannot_be_written_means_no_cache(real_course, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("GRADER_CACHE_DIR", str(blocker))
    suite_mod.forget()
    course = load_course(real_course)
    try:
        assert suite_mod.suite_for(course, include_hidden=True).source == "pytest"
        suite_mod.forget()
        assert suite_mod.suite_for(course, include_hidden=True).source == "pytest"
    finally:
        suite_mod.forget()


def test_pytest_marked_checks_are_not_cached(cache_dir, course):
    collected = suite_mod.suite_for(course, include_hidden=True)
    assert collected.direct and "pytest markers" in collected.why_not_cached
    assert not cache_dir.exists() or not list(cache_dir.glob("*.json"))


def test_grader_checks_declarations_grade_alike_directly_and_through_pytest(tmp_path, cache_dir, make_submission):
    root = tmp_path / "toy-course"
    shutil.copytree(COURSE, root)
    check_file = root / "solutions" / "checks" / "test_toy.py"
    check_file.write_text(check_file.read_text(encoding="utf-8") + (
        "\n\nfrom grader import checks\n\n"
        "@checks.function('add')\n@checks.points(3)\n@checks.parametrize('a, b', [(1, 2), (5, -3)], ids=['small', 'mixed'])\n"
        "def test_add_declared(student, a, b):\n    assert student.add(a, b) == a + b\n\n\n"
        "@checks.function('add')\nclass TestDeclared:\n    @checks.points(2)\n    @checks.parametrize('x', [0, 7])\n"
        "    def test_twice(self, student, x):\n        if x == 7:\n            checks.skip('seven is skipped')\n"
        "        assert student.add(x, x) == 2 * x\n"
    ), encoding="utf-8")
    course = load_course(root)
    collected = suite_mod.suite_for(course, include_hidden=True)
    assert collected.direct, collected.why_pytest
    declared = {c.check.name: (c.check.function, c.check.points, c.params) for c in collected.checks
                if "declared" in c.check.nodeid.lower()}
    assert declared == {"test_add_declared[small]": ("add", 3.0, {"a": 1, "b": 2}),
                        "test_add_declared[mixed]": ("add", 3.0, {"a": 5, "b": -3}),
                        "test_twice[0]": ("add", 2.0, {"x": 0}), "test_twice[7]": ("add", 2.0, {"x": 7})}
    for source in (None, "def add(a, b):\n    return a - b\n"):
        sub = make_submission(toy=source)
        direct = run_exercises(course, sub, student="s", hidden=True, modules=["toy"], limits=SMALL)
        through_pytest = run_exercises(course, sub, student="s", hidden=True, modules=["toy"], limits=SMALL, via_pytest=True)
        assert direct.items == through_pytest.items
        outcomes = {c.name: c.outcome for c in direct.outcomes}
        assert outcomes["test_twice[7]"] == "skipped"
        assert outcomes["test_add_declared[mixed]"] == ("passed" if source is None else "failed")
