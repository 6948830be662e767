"""Hostile code gets nothing, in every isolation mode this machine offers.

Each attack runs in a real worker under each mode (bubblewrap, unshare as root;
a mode that is not available here is skipped and says why), and every attack is
bounded whatever happens: a fixed number of forks, processes that end on their
own (SIGALRM) within a few seconds, allocations and files of a fixed size, and
signals only ever sent inside the worker's own pid namespace (the attack checks
that it is not in the host's, and refuses otherwise).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

import grader
from engine_support import leftover_processes
from grader.sandbox import cgroups, isolation
from grader.sandbox import processes as sandbox
from grader.sandbox.session import StudentModule, StudentSession

LIMITS = {"call_timeout": 20.0, "module_timeout": 60.0, "memory_mb": 600, "output_kb": 4}
REPO = Path(grader.__file__).resolve().parent.parent

HOSTILE = '''
import ctypes, os, signal, time

def _guard(host_pidns):
    """Signals and forks only inside the worker's own pid namespace, never as root."""
    if os.readlink("/proc/self/ns/pid") == host_pidns or os.getuid() == 0:
        raise RuntimeError("refused: not inside a pid namespace of its own, or root")

def _child(lifetime):
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(lifetime)  # ends by itself, whatever the grader does

def chain(host_pidns, depth=45, delay=1.0, lifetime=6):
    """A chain deeper than the orphan sweep (20 rounds, one level each), orphaned at its top,
    whose leaf then kills every process of its uid it can see (the next submission's
    worker, the zygote)."""
    _guard(host_pidns)
    if os.fork():
        return "started"
    try:
        _child(lifetime)
        for level in range(depth):
            if level % 2 == 0:
                os.setsid()
            if os.fork():
                if level == 0:
                    os._exit(0)  # the rest is an orphan for the sweep
                time.sleep(lifetime)
                os._exit(0)
            _child(lifetime)
        time.sleep(delay)  # the next submission is graded by now
        mine, deadline = os.getpid(), time.time() + lifetime
        while time.time() < deadline:
            for name in os.listdir("/proc"):
                if name.isdigit() and int(name) != mine:
                    try:
                        if os.stat("/proc/" + name).st_uid == os.getuid():
                            os.kill(int(name), signal.SIGKILL)
                    except OSError:
                        pass
            time.sleep(0.02)
    finally:
        os._exit(0)

def survive(seconds):
    """The next submission: a call that takes a while (killed, if anything of the last one lives)."""
    time.sleep(seconds)
    def alive(p):
        try:
            with open("/proc/%s/stat" % p) as f:
                return f.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    return sorted(int(p) for p in os.listdir("/proc") if p.isdigit() and alive(p))

def forks(host_pidns, n=150, lifetime=4):
    _guard(host_pidns)
    made = 0
    for _ in range(n):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            _child(lifetime)
            time.sleep(lifetime)
            os._exit(0)
        made += 1
    return made

def spread(host_pidns, n=8, mb=150):
    """Memory spread over children: each below the per-process limit, together far above."""
    _guard(host_pidns)
    pids = []
    for _ in range(n):
        pid = os.fork()
        if pid == 0:
            _child(10)
            try:
                block = b"\\x01" * (mb << 20)
                time.sleep(1.0)  # all of them alive at once
                os._exit(0 if len(block) else 1)
            except MemoryError:
                os._exit(3)
        pids.append(pid)
    codes = [os.waitpid(pid, 0)[1] for pid in pids]
    return sum(1 for c in codes if os.WIFEXITED(c) and os.WEXITSTATUS(c) == 0)

def fill(total_mb=600, chunk_mb=8):
    """Disk: many files, each below the per-file limit."""
    chunk, written = b"\\x02" * (chunk_mb << 20), 0
    try:
        for i in range(total_mb // chunk_mb):
            with open("fill-%d.bin" % i, "wb") as f:
                f.write(chunk)
            written += chunk_mb
    except OSError:
        pass
    return written

def write(paths):
    done = []
    for path in paths:
        try:
            with open(path, "a") as f:
                f.write("\\ndef score(): return 249\\n")
            done.append(path)
        except OSError:
            pass
    return done

def read(paths):
    done = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                f.read(1)
            done.append(path)
        except OSError:
            pass
    return done

def trace(targets):
    """ptrace, process_vm_readv and /proc/PID/mem against each pid: what worked."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    libc.ptrace.restype = ctypes.c_long
    worked = []
    child = os.fork()
    if child == 0:
        _child(5)
        time.sleep(5)
        os._exit(0)
    try:
        for pid in [*targets, os.getppid(), 1, child]:
            if libc.ptrace(16, pid, None, None) == 0:  # PTRACE_ATTACH
                worked.append(("attach", pid))
                libc.ptrace(17, pid, None, None)  # PTRACE_DETACH
            if libc.ptrace(0x4206, pid, None, None) == 0:  # PTRACE_SEIZE
                worked.append(("seize", pid))
                libc.ptrace(17, pid, None, None)
            buf = ctypes.create_string_buffer(8)
            class IoVec(ctypes.Structure):
                _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
            local, remote = IoVec(ctypes.addressof(buf), 8), IoVec(0x400000, 8)
            libc.process_vm_readv.restype = ctypes.c_ssize_t
            if libc.process_vm_readv(pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0) >= 0 or ctypes.get_errno() == 14:
                worked.append(("process_vm_readv", pid))  # EFAULT: allowed, only the address was wrong
            try:
                with open("/proc/%d/mem" % pid, "rb") as f:
                    worked.append(("mem", pid))
            except OSError:
                pass
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    return worked
'''


def bubblewrap_problem() -> str | None:
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap is not installed"
    probe = subprocess.run([bwrap, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"], capture_output=True, timeout=20)
    return None if probe.returncode == 0 else f"bubblewrap does not run here ({probe.stderr[:200]!r})"


def unshare_problem() -> str | None:
    if os.geteuid() != 0:
        return "the unshare mode is for a grader running as root"
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    probe = subprocess.run(["unshare", "--net", "--pid", "--fork", "--mount", "--mount-proc", "true"], capture_output=True, timeout=20)
    return None if probe.returncode == 0 else f"unshare does not work here ({probe.stderr[:200]!r})"


PROBLEMS = {"bubblewrap": bubblewrap_problem, "unshare": unshare_problem}


@pytest.fixture(params=sorted(PROBLEMS))
def mode(request, monkeypatch, tmp_path):
    problem = PROBLEMS[request.param]()
    if problem:
        pytest.skip(problem)
    monkeypatch.setattr(isolation, "_plans", {})
    monkeypatch.setattr(isolation, "_broken", {})
    monkeypatch.setenv(isolation.ENV, request.param)
    monkeypatch.delenv("CI", raising=False)  # unshare is taken as asked, CI or not; keep it simple
    sandbox.shutdown()  # a zygote of this mode, of its own
    (tmp_path / "student.py").write_text(textwrap.dedent(HOSTILE), encoding="utf-8")
    yield request.param
    sandbox.shutdown()


HOST_PIDNS = os.readlink("/proc/self/ns/pid")


@contextmanager
def submission(tmp_path, limits=LIMITS):
    """One submission's run: a sandbox with the hostile module; closed (and killed) on exit."""
    box = sandbox.Sandbox()
    try:
        worker = box.module("student", {"student.py": tmp_path / "student.py"}, limits=limits, student_modules=["student"])
        worker.start()
        yield StudentModule(StudentSession("student", worker, "exercises/student.py")), box
    finally:
        box.close()


def needs_groups():
    why = cgroups.problem()
    if why:
        pytest.skip(why)


def test_a_deep_process_chain_dies_with_its_submission_and_never_touches_the_next(mode, tmp_path):
    """Without control groups (cgroups.problem() says why) the zygote's descendants are killed instead."""
    with submission(tmp_path) as (student, box):
        assert student.chain(HOST_PIDNS) == "started"
        group = box._groups[0][1] if box._groups else None
        # The leaf's delay starts only once all 45 levels exist, so more than 40 members
        # are always seen before it kills anything; the bound is for a slow machine (a
        # chain of forks under load took over 0.8 s), never reached on a healthy one.
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline and group is not None and len(group.members()) <= 40:
            time.sleep(0.02)  # the chain is being built
        if group is not None:
            assert len(group.members()) > 40  # the chain is in the submission's group
    assert group is None or (group.removed and not any(d.exists() for d in group.dirs))
    assert leftover_processes() == set(), "a process of the last submission outlived its grading"
    # The next submission, on the same zygote: its call outlives the chain's delay, untouched.
    with submission(tmp_path) as (student, _):
        pids = student.survive(2.0)
    assert len(pids) <= 3, pids  # the zygote (and its pid 1) and this worker: nothing of the last one


def test_a_submission_cannot_start_more_processes_than_its_cap(mode, tmp_path):
    needs_groups()
    with submission(tmp_path) as (student, _):
        made = student.forks(HOST_PIDNS)
    assert made < cgroups.MAX_PROCESSES
    assert leftover_processes() == set()


def test_an_empty_group_is_kept_for_the_next_submission_closed_meanwhile_and_capped_again(mode, tmp_path):
    """A submission's group found empty when its run ends serves the next run (a group in which
    something still ran is removed: the deep chain's test)."""
    needs_groups()
    with submission(tmp_path) as (student, box):
        assert student.survive(0.0)
        first = box._groups[0][1]
    assert not first.removed and first.members() == set()
    assert first._file("pids.max").read_text().strip() == "0"  # nothing can start in it between runs
    with submission(tmp_path, limits={**LIMITS, "memory_mb": 500}) as (student, box):
        assert student.survive(0.0)
        again = box._groups[0][1]
        assert again is first
        assert again._file("pids.max").read_text().strip() == str(cgroups.MAX_PROCESSES)
        assert int(again._file("memory.limit_in_bytes").read_text()) == 500 << 20  # lowered too: set, not raised
        made = student.forks(HOST_PIDNS)
    assert made < cgroups.MAX_PROCESSES
    assert leftover_processes() == set()


def test_memory_spread_over_children_is_capped_for_the_whole_submission(mode, tmp_path):
    needs_groups()
    with submission(tmp_path) as (student, box):
        group = box._groups[0][1]
        try:
            survivors = student.spread(HOST_PIDNS)
        except Exception:  # noqa: BLE001 - the worker itself may be the one the OOM killer picks
            survivors = 0
        peak = group.peak_memory()
    assert survivors * 150 <= LIMITS["memory_mb"], survivors  # 8 x 150 MB asked, at most the cap granted
    assert peak <= LIMITS["memory_mb"] << 20


def test_filling_the_disk_stops_at_the_submissions_quota(mode, tmp_path):
    with submission(tmp_path) as (student, _):
        written = student.fill()
    if sandbox._shared.disk_problem:
        pytest.skip(sandbox._shared.disk_problem)
    assert written <= cgroups.RUN_DISK_MB
    assert [p for p in (sandbox._shared.runs).iterdir()] == []  # and it is all gone


def test_nothing_of_the_grader_the_course_or_other_users_tmp_can_be_written_or_read(mode, tmp_path):
    reports = sorted((REPO / "grader" / "reports").glob("*.py"))[:3]
    solutions = sorted((REPO / "tests" / "engine" / "fixtures").rglob("solutions/*.py"))[:2]
    other = Path("/tmp") / f"containment-other-user-{os.getpid()}.txt"  # someone else's file in the shared /tmp
    other.write_text("theirs\n")
    os.chmod(other, 0o666)
    targets = [*reports, *solutions, other, Path(grader.__file__)]
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in targets}
    try:
        with submission(tmp_path) as (student, _):
            written = student.write([str(p) for p in targets])
            read = student.read([str(p) for p in [*solutions, other]])
        assert written == []
        assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in targets} == before
        assert read == [], "the course's solutions (or another user's /tmp) are readable"
    finally:
        other.unlink()


def test_ptrace_of_the_grader_siblings_or_its_own_children_fails_in_every_mode(mode, tmp_path):
    with submission(tmp_path) as (student, _):
        worked = student.trace([os.getpid(), sandbox._shared.proc.pid])
    assert worked == []
    assert sandbox._shared.ready["seccomp"] == "ok"


def test_ptrace_fails_with_isolation_turned_off_too(tmp_path, monkeypatch):
    """Even where nothing else is confined (GRADER_ISOLATION=off), the seccomp filter stands."""
    monkeypatch.setattr(isolation, "_plans", {})
    monkeypatch.setattr(isolation, "_broken", {})
    monkeypatch.setenv(isolation.ENV, "off")
    monkeypatch.delenv("CI", raising=False)
    sandbox.shutdown()
    (tmp_path / "student.py").write_text(textwrap.dedent(HOSTILE), encoding="utf-8")
    try:
        with submission(tmp_path) as (student, _):
            worked = student.trace([os.getpid()])
        # The ptrace family is refused; a worker that runs as root (off mode, grader root)
        # still opens /proc/PID/mem with root's capabilities: off is "NOT isolated".
        assert [w for w in worked if w[0] != "mem" or os.geteuid() != 0] == []
    finally:
        sandbox.shutdown()


@pytest.fixture
def ci_without_bubblewrap(monkeypatch):
    """CI is set, GRADER_ISOLATION is auto, and bubblewrap is not there: only weaker fallbacks are."""
    real_which = isolation._which
    monkeypatch.setattr(isolation, "_which", lambda name: None if name == "bwrap" else real_which(name))
    monkeypatch.setattr(isolation, "_plans", {})
    monkeypatch.setattr(isolation, "_broken", {})
    monkeypatch.setenv(isolation.ENV, "auto")
    monkeypatch.setenv("CI", "true")
    sandbox.shutdown()
    try:
        yield
    finally:
        sandbox.shutdown()


def test_ci_refuses_a_weaker_fallback_with_one_clear_error(ci_without_bubblewrap):
    from grader.errors import InputError

    with pytest.raises(InputError, match="cannot be isolated as required"):
        sandbox.Sandbox(secrets=True)


def test_ci_grades_public_checks_with_a_weaker_fallback(ci_without_bubblewrap):
    """A student's own CI job (a release: public checks, nothing to hide) still runs where bubblewrap cannot."""
    sandbox.Sandbox(secrets=False).close()


def test_the_receipt_says_what_the_mode_guarantees(mode):
    sandbox.prestart()
    description = sandbox.isolation().description
    if cgroups.problem():
        assert "no per-submission control group" in description
    else:
        assert "control group" in description and "killed before the next submission" in description
