"""The command-line contract scripts and CI rely on, exercised through the real `grade`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree as ET


from support import ROOT, reference_source, stub_source, write_submission

GRADE = [sys.executable, "-m", "grader"]


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "CI": "1", **(env or {})}
    return subprocess.run([*GRADE, *args], cwd=cwd or ROOT, capture_output=True, text=True, timeout=120, env=full_env)


def one_clean_line(proc: subprocess.CompletedProcess) -> str:
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert lines, "expected a message on stderr"
    return lines[-1]


def test_help_is_fast_and_lists_commands():
    start = time.perf_counter()
    proc = run("--help")
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0
    for command in ("check", "quiz", "validate", "watch", "hint", "progress"):
        assert command in proc.stdout
    heavy = subprocess.run(
        [sys.executable, "-c", "import sys; from grader.cli import cli; cli.main(['--help'], standalone_mode=False); print(sorted(m for m in ('numpy','pydantic','_pytest') if m in sys.modules))"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert heavy.stdout.strip().endswith("[]"), heavy.stdout
    assert elapsed < 5


def test_bad_path_exits_2_with_one_line(tmp_path):
    proc = run("check", str(tmp_path / "nope"), "--course", str(ROOT))
    assert proc.returncode == 2
    assert "nope" in one_clean_line(proc)


def test_unknown_option_exits_2():
    proc = run("check", "--frobnicate")
    assert proc.returncode == 2
    assert "frobnicate" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_course_exits_2(tmp_path):
    proc = run("check", str(tmp_path), "--course", str(tmp_path / "no-course"))
    assert proc.returncode == 2
    assert "course" in one_clean_line(proc)


def test_no_course_found_exits_2(tmp_path):
    proc = run("check", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    assert "--course" in one_clean_line(proc)


def test_invalid_answer_sheet_toml_names_file_and_line(tmp_path):
    write_submission(tmp_path, {}, {"week1": 'ok = "a"\nbroken = = 3\n'})
    proc = run("check", str(tmp_path), "--course", str(ROOT), "--only", "week1")
    assert proc.returncode == 2
    line = one_clean_line(proc)
    assert "week1.toml:2" in line


def test_unknown_only_exits_2(tmp_path):
    proc = run("check", str(tmp_path), "--course", str(ROOT), "--only", "no_such_thing")
    assert proc.returncode == 2


def test_reports_min_score_and_receipt(tmp_path):
    sub = write_submission(tmp_path / "sub", {"numpy_basics": reference_source("numpy_basics"), "logistic_regression": stub_source("logistic_regression")})
    out = tmp_path / "out"
    out.mkdir()
    args = ["check", str(sub), "--course", str(ROOT), "--student", "s1", "--only", "numpy_basics,logistic_regression",
            "--json", str(out / "g.json"), "--junit", str(out / "j.xml"), "--gradescope", str(out / "r.json"), "--markdown", str(out / "s.md")]
    proc = run(*args, "--min-score", "40")
    assert proc.returncode == 0, proc.stderr
    data = json.loads((out / "g.json").read_text())
    by_id = {i["id"]: i for i in data["items"]}
    assert by_id["numpy_basics.sigmoid"]["status"] == "passed"
    assert by_id["logistic_regression.propagate"]["score"] == 0
    assert 40 <= 100 * data["score"] / data["max_score"] < 90
    assert data["receipt"]["student"] == "s1" and "exercises/numpy_basics.py" in data["receipt"]["files"]
    ET.parse(out / "j.xml")
    assert json.loads((out / "r.json").read_text())["tests"]
    assert "## Grade:" in (out / "s.md").read_text()
    first = (out / "g.json").read_bytes()
    assert run(*args).returncode == 0
    assert (out / "g.json").read_bytes() == first, "the same submission must give byte-identical JSON"
    assert run(*args, "--min-score", "95").returncode == 1


def test_an_empty_submission_is_said_and_exits_2(tmp_path):
    (tmp_path / "notes.txt").write_text("not a submission")
    proc = run("check", str(tmp_path), "--course", str(ROOT))
    assert proc.returncode == 2
    line = one_clean_line(proc)
    assert "nothing to grade" in line and "exercises/" in line and "answers/" in line and str(tmp_path) in line
    assert "Total" not in proc.stdout


def test_a_report_into_a_missing_directory_is_an_error_not_a_directory_made(tmp_path):
    sub = write_submission(tmp_path / "sub", {"numpy_basics": stub_source("numpy_basics")})
    for option in ("--json", "--junit", "--gradescope", "--markdown"):
        target = tmp_path / "no-such-dir" / "report.out"
        proc = run("check", str(sub), "--course", str(ROOT), option, str(target), "--only", "numpy_basics.sigmoid")
        assert proc.returncode == 2, (option, proc.stdout, proc.stderr)
        assert "does not exist" in one_clean_line(proc) and "Total" not in proc.stdout
        assert not target.parent.exists()
    sheet = run("quiz", "sheet", "week3", "-o", str(tmp_path / "no-such-dir" / "week3.toml"), "--course", str(ROOT))
    assert sheet.returncode == 2 and "does not exist" in one_clean_line(sheet)
    assert not (tmp_path / "no-such-dir").exists()


def test_unwritable_report_path_fails_before_grading(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    proc = run("check", str(tmp_path), "--course", str(ROOT), "--json", str(blocker / "out.json"), "--only", "numpy_basics")
    assert proc.returncode == 2
    assert "out.json" in one_clean_line(proc)
    assert "Total" not in proc.stdout
