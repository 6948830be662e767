"""Fixtures for the isolation tests: a course with secrets, reports, a listener, a canary.

The course (fixtures/course) is copied per test with a made-up secret token in
every secret file (reference solution, hidden check, answer key and
explanation), so finding the token anywhere in what comes back means a leak.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
collect_ignore = ["fixtures"]  # the course's checks run inside the engine, not as project tests
# Generous per call (the walk reads a whole file system on a shared machine), bounded all the same.
LIMITS = {"call_timeout": 45.0, "module_timeout": 200.0, "memory_mb": 1024, "output_kb": 16}


def bubblewrap_problem() -> str | None:
    """Why bubblewrap cannot be used here (None: it can)."""
    bwrap = shutil.which("bwrap") or ("/usr/bin/bwrap" if os.access("/usr/bin/bwrap", os.X_OK) else None)
    if bwrap is None:
        return "bubblewrap is not installed (apt-get install bubblewrap): the CI-mode isolation cannot be tested"
    try:
        probe = subprocess.run([bwrap, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"],
                               capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap does not run here ({exc})"
    if probe.returncode != 0:
        return f"bubblewrap cannot create namespaces here ({probe.stderr.decode(errors='replace').strip()[:200]})"
    return None


def unshare_problem() -> str | None:
    if os.geteuid() != 0:
        return "the unshare fallback is for a grader running as root"
    unshare = shutil.which("unshare")
    if unshare is None:
        return "unshare is not installed"
    probe = subprocess.run([unshare, "--net", "--pid", "--fork", "--mount", "--mount-proc", "true"], capture_output=True, timeout=20)
    if probe.returncode != 0:
        return f"unshare does not work here ({probe.stderr.decode(errors='replace').strip()[:200]})"
    return None


def needs_bubblewrap():
    problem = bubblewrap_problem()
    if problem:
        pytest.skip(problem)


def tree_digest(root: Path) -> dict[str, str]:
    """Every file below root (and its mode) -> sha256: 'unchanged' means this dict is equal."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            out[str(path.relative_to(root))] = f"{path.stat().st_mode:o}:" + hashlib.sha256(path.read_bytes()).hexdigest()
    return out


class Listener:
    """A TCP server on 127.0.0.1 in the grader's process: did anyone connect?"""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@dataclass
class World:
    """What a test sets up around the grader: course, reports, secret, listener, canary."""

    root: Path
    course: Path
    submission: Path
    reports: list[Path]
    token: str
    listener: Listener
    canary: str
    before: dict[str, str] = field(default_factory=dict)

    def snapshot(self) -> dict[str, str]:
        """The course and the reports (everything of the grader's the worker must not change)."""
        digest = {f"course/{k}": v for k, v in tree_digest(self.course).items()}
        for report in self.reports:
            digest[str(report.relative_to(self.root))] = hashlib.sha256(report.read_bytes()).hexdigest()
        return digest


@pytest.fixture
def world(tmp_path, monkeypatch):
    token = secrets.token_hex(12)
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "course", course)
    for path in course.rglob("*"):
        if path.is_file():
            path.write_text(path.read_text(encoding="utf-8").replace("@@SECRET@@", token), encoding="utf-8")
    submission = tmp_path / "submission"
    shutil.copytree(FIXTURES / "submission", submission)
    reports = [tmp_path / "report.json", tmp_path / "reports" / "grade.md"]
    for report in reports:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text('{"score": 0}\n', encoding="utf-8")
    listener = Listener()
    canary = f"ISOLATION_CANARY_{token[:8].upper()}"
    monkeypatch.setenv(canary, token)  # the grader's environment: the worker must not see it
    monkeypatch.setenv("ISOLATION_TEST_SETUP", json.dumps({"port": listener.port, "reports": [str(r) for r in reports],
                                                           "canary_name": canary}))
    w = World(tmp_path, course, submission, reports, token, listener, canary)
    w.before = w.snapshot()
    yield w
    listener.close()


@pytest.fixture
def isolation_mode(monkeypatch):
    """isolation_mode("off" | "bubblewrap" | ...): the next zygote is started that way (and the session's after)."""
    from grader.sandbox import isolation

    monkeypatch.setattr(isolation, "_plans", {})
    monkeypatch.setattr(isolation, "_broken", {})
    monkeypatch.delenv("CI", raising=False)  # CI refuses a weaker fallback; these tests look at the fallbacks

    def set_mode(mode: str) -> None:
        monkeypatch.setenv(isolation.ENV, mode)

    yield set_mode
    # monkeypatch puts the environment and the plans back; the shared zygote notices
    # that its isolation is no longer current() and is replaced on next use.
