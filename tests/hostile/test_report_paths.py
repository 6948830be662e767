"""Any report path: nothing planted at --json/--junit/--gradescope/--markdown is followed.

A CI job may write its reports into the student's checkout, as root. A link committed
at the report's path must not be written through (it could overwrite any file), and a
FIFO or directory there must not hang or break the run: each is refused with one line
and exit 2 before grading. A regular file there is replaced by a new file (renamed
over it), so its old inode, and any hard link to it, keeps its content.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine_support import ENGINE_COURSE

FORMATS = ["--json", "--junit", "--gradescope", "--markdown"]


def grade(sub: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", "check", str(sub), "--course", str(ENGINE_COURSE), "--no-record",
                           "--only", "stack", *args], capture_output=True, text=True, timeout=120, env={**os.environ, "CI": "1"})


@pytest.fixture()
def sub(tmp_path):
    s = tmp_path / "sub"
    (s / "exercises").mkdir(parents=True)
    (s / "exercises" / "stack.py").write_text((ENGINE_COURSE / "solutions" / "stack.py").read_text())
    (s / "exercises" / "toy.py").write_text((ENGINE_COURSE / "solutions" / "toy.py").read_text())
    return s


@pytest.mark.parametrize("option", FORMATS)
def test_a_link_at_the_report_path_is_refused_and_its_target_untouched(sub, tmp_path, option):
    victim = tmp_path / "victim.txt"  # stands for a root-owned file such as /etc/passwd
    victim.write_text("precious\n")
    planted = sub / "report.out"
    planted.symlink_to(victim)
    proc = grade(sub, option, str(planted))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.strip() == f"grade: error: {planted}: is a symbolic link; refusing to write a report through it (remove it or choose another path)"
    assert victim.read_text() == "precious\n" and planted.is_symlink()


def test_a_dangling_link_is_refused_too(sub, tmp_path):
    planted = sub / "grade.json"
    planted.symlink_to(tmp_path / "would-be-created.json")
    proc = grade(sub, "--json", str(planted))
    assert proc.returncode == 2 and "symbolic link" in proc.stderr
    assert not (tmp_path / "would-be-created.json").exists()


def test_a_fifo_or_directory_at_the_report_path_is_refused_without_hanging(sub):
    os.mkfifo(sub / "fifo.xml")
    (sub / "dir.md").mkdir()
    proc = grade(sub, "--junit", str(sub / "fifo.xml"))
    assert proc.returncode == 2 and proc.stderr.strip().endswith("is not a regular file; refusing to write a report there (choose another path)")
    proc = grade(sub, "--markdown", str(sub / "dir.md"))
    assert proc.returncode == 2 and proc.stderr.strip().endswith("is a directory; choose a file path for the report")
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_a_regular_file_is_replaced_not_written_through(sub, tmp_path):
    out = tmp_path / "reports" / "grade.json"
    out.parent.mkdir()
    out.write_text("old\n")
    twin = tmp_path / "twin.json"
    os.link(out, twin)  # another name for the old file: it must keep the old content
    proc = grade(sub, *[arg for fmt in FORMATS for arg in (fmt, str(tmp_path / "reports" / f"r{fmt[2:]}"))], "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().startswith("{") and twin.read_text() == "old\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["grade.json", "rgradescope", "rjunit", "rmarkdown"]  # no temporary left
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_quiz_sheet_output_is_not_written_through_a_dangling_link(tmp_path):
    """`grade quiz key -o FILE` (an instructor's key): a dangling link at FILE is refused, its target never created."""
    target = tmp_path / "elsewhere" / "key.toml"
    target.parent.mkdir()
    planted = tmp_path / "key.toml"
    planted.symlink_to(target)
    proc = subprocess.run([sys.executable, "-m", "grader", "quiz", "key", "week1", "--student", "s1", "--course",
                           str(Path(__file__).resolve().parents[2]), "-o", str(planted), "--force"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "symbolic link" in proc.stderr, proc.stderr
    assert not target.exists()
