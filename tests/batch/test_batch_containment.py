"""`grade batch -j 1`: what one submission starts never touches the next ones' grades.

The first submission's `add` starts a process chain deeper than the zygote's
orphan sweep; a second later its leaf SIGKILLs every process of its uid it can
see, for six seconds (the next submissions' workers and the zygote, if it still
lived). Bounded: at most 46 processes, each ending by itself (SIGALRM) within
seven seconds, signals only inside the worker's own pid namespace (the code
refuses to run in the host's). Every later (reference) submission must get full
marks, in every isolation mode this machine offers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import sheet, stack_reference, toy_reference, write

CHAIN = '''

import os as _os, signal as _signal, time as _time
_STARTED = []

def add(a, b):
    if not _STARTED and _os.readlink("/proc/self/ns/pid") != HOST_PIDNS and _os.getuid() != 0:
        _STARTED.append(1)
        if _os.fork() == 0:
            try:
                _signal.alarm(7)
                for level in range(45):
                    if level % 2 == 0:
                        _os.setsid()
                    if _os.fork():
                        if level == 0:
                            _os._exit(0)
                        _time.sleep(7)
                        _os._exit(0)
                    _signal.alarm(7)
                _time.sleep(1.0)
                mine, deadline = _os.getpid(), _time.time() + 6
                while _time.time() < deadline:
                    for name in _os.listdir("/proc"):
                        if name.isdigit() and int(name) != mine:
                            try:
                                if _os.stat("/proc/" + name).st_uid == _os.getuid():
                                    _os.kill(int(name), _signal.SIGKILL)
                            except OSError:
                                pass
                    _time.sleep(0.02)
            finally:
                _os._exit(0)
    return a + b
'''


def available(mode: str) -> str | None:
    if mode == "bubblewrap":
        return None if shutil.which("bwrap") else "bubblewrap is not installed"
    if os.geteuid() != 0:
        return "the unshare mode is for a grader running as root"
    return None if shutil.which("unshare") else "unshare is not installed"


@pytest.mark.parametrize("mode", ["bubblewrap", "unshare"])
def test_a_process_chain_of_one_submission_never_touches_the_next_ones(course_dir, tmp_path, mode):
    problem = available(mode)
    if problem:
        pytest.skip(problem)
    subs = tmp_path / "subs"
    toy, stack = toy_reference(), stack_reference()
    host = os.readlink("/proc/self/ns/pid")
    write(subs / "a-chain", toy + f"\n\nHOST_PIDNS = {host!r}\n" + CHAIN, stack, sheet(course_dir, "a-chain"))
    for i in range(1, 5):
        write(subs / f"b{i}", toy, stack, sheet(course_dir, f"b{i}"))
    results = tmp_path / "results"
    env = {**os.environ, "GRADER_ISOLATION": mode, "TMPDIR": str(tmp_path)}
    env.pop("CI", None)
    proc = subprocess.run([sys.executable, "-m", "grader", "batch", str(subs), "-o", str(results), "--course", str(course_dir),
                           "-j", "1"], capture_output=True, text=True, env=env, timeout=180)
    assert proc.returncode == 0, proc.stderr
    rows = {r["student"]: r for r in map(json.loads, (results / "results.jsonl").read_text().splitlines())}
    assert sorted(rows) == ["a-chain", "b1", "b2", "b3", "b4"]
    for student in ("b1", "b2", "b3", "b4"):
        row = rows[student]
        lost = [(i["id"], i["status"], i["feedback"][:120]) for i in row["items"] if i["score"] != i["max_score"]]
        assert row["score"] == row["max_score"] and lost == [], (student, lost)
    assert rows["a-chain"]["receipt"]["isolation"]  # the chain's own grade is its business; the mode is named
