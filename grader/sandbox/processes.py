"""The trusted side of the worker processes: start them, feed them, stop them.

One `Sandbox` per grading run (one submission) owns a temporary directory and
uses the process's fork server (the "zygote", see worker.py), started once with
a scrubbed environment. The run's student modules share one forked child, its
`SubmissionWorker`: a private copy directory holding the student's modules and
the course's provided helpers they need (the course's copy wins), in which the
child imports each module on request. Each module has a `WorkerProcess`, its
use of that child: its own time budget, call time limit and hellos. The clock
limits are kept per module — the wall timeout of one call and the wall budget of
the whole module — and a crash, a timeout or an exit in one module's import or
call ends the child for all of them: that module is charged, the others come
back in a fresh child (fresh copy, re-import) when next used, at no cost to
them. Everything started is stopped and every directory removed at the end,
also on KeyboardInterrupt.

`worker_command` is the one place that builds the worker's command line; it
wraps it in the CI-mode isolation of isolation.py (bubblewrap where available:
the worker sees no course, no reports, no network, and is not root). The
zygote's directory holds `home/` (its cwd) and `runs/` (one directory per
grading run, one below it per worker child): the only places the worker can write.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from grader.errors import InputError
from grader.stamps import PerFile

from . import affinity as _affinity
from . import cgroups as _cgroups
from . import isolation as _isolation

# protocol (and with it NumPy) is imported on first use, not here: a grading run
# starts the zygote first, so NumPy's import in both processes overlaps.

WORKER = Path(__file__).resolve().with_name("worker.py")
WORKER_FILES = ("worker.py", "protocol.py")  # all the worker runs of the grader's: never the grader's directory


def _worker_copy(directory: Path) -> Path:
    """The worker's files in `directory` (the zygote's own copy), compiled where they can be
    kept compiled: the path of its worker.pyc, else of its worker.py.

    Why compiled: Python keeps no .pyc of the script it runs, and the sandbox sees no
    __pycache__, so the zygote compiled worker.py and protocol.py on every start: 23 + 11 ms
    of CPU in every fresh `grade check` and every grading process of a batch. Where they
    cannot be kept (bytecode is not to be written, or cannot be), the sources are copied and
    the zygote compiles them, as before: in the grader, compiling would delay its start.
    """
    directory.mkdir(mode=0o755, exist_ok=True)
    compiled = [_compiled(name) for name in WORKER_FILES]
    whole = None not in compiled  # (both compiled, or both as sources)
    for name, data in zip(WORKER_FILES, compiled):
        for target in (directory / name, directory / (name + "c")):
            target.unlink(missing_ok=True)  # (a zygote started again in the same directory)
        if whole:
            _write_new(directory / (name + "c"), data)
        else:
            shutil.copyfile(WORKER.with_name(name), directory / name)
    return directory / ("worker.pyc" if whole else "worker.py")


_COMPILED: dict[tuple, bytes] = {}


def _compiled(name: str) -> bytes | None:
    """The .pyc of the worker file `name`, kept beside Python's own .pyc files (and per process);
    None where it cannot be kept.

    Kept as Python keeps a module's: where its own .pyc goes (the package's __pycache__, or
    under PYTHONPYCACHEPREFIX; a file of its own, as its code names the file where the
    sandbox shows it, isolation.WORKER_DIR, not the grader's), valid while the source's
    modification time and size are those in its header. Written unless bytecode is not to
    be written (-B, PYTHONDONTWRITEBYTECODE) or that folder cannot be.
    """
    import importlib.util
    import marshal

    source = WORKER.with_name(name)
    stat = os.stat(source)
    key = (name, stat.st_mtime_ns, stat.st_size)
    if key in _COMPILED:
        return _COMPILED[key]
    header = (importlib.util.MAGIC_NUMBER + bytes(4) + (int(stat.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little")
              + (stat.st_size & 0xFFFFFFFF).to_bytes(4, "little"))
    kept = Path(importlib.util.cache_from_source(str(source))).with_name(
        f"{source.stem}.sandboxed.{sys.implementation.cache_tag}.pyc")
    try:
        data = kept.read_bytes()
    except OSError:
        data = b""
    if not data.startswith(header) or len(data) == len(header):
        data = None
        folder = kept.parent
        while not folder.exists() and folder.parent != folder:
            folder = folder.parent
        # (compiled only to be kept: else the zygote compiles it, at the same time as the grader starts)
        if not sys.dont_write_bytecode and os.access(folder, os.W_OK):
            # As the worker's own `python worker.py` would compile it: no -O (asserts kept).
            code = compile(source.read_bytes(), f"{_isolation.WORKER_DIR}/{name}", "exec", dont_inherit=True, optimize=0)
            compiled = header + marshal.dumps(code)
            try:
                kept.parent.mkdir(parents=True, exist_ok=True)
                temporary = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
                temporary.write_bytes(compiled)
                os.replace(temporary, kept)
                data = compiled
            except OSError:
                pass
    _COMPILED[key] = data
    return data


def _protocol():
    """protocol.py, imported on first use (with NumPy) and then kept: a call costs no import statement."""
    global _protocol_module
    if _protocol_module is None:
        from . import protocol

        _protocol_module = protocol
    return _protocol_module


_protocol_module = None
SPAWN_TIMEOUT = 30.0  # seconds for the zygote to answer a control request
MAX_ZYGOTE_LOSSES = 2  # retries of one module's import or call after the zygote died under it


def worker_command(control_fd: int, iso: "_isolation.Isolation | None" = None, root: Path | None = None,
                   groups: "list[Path] | None" = None) -> list[str]:
    """The command line of the zygote, wrapped in the isolation `iso` (default: none).

    -S: no `site` at all, so no .pth file runs (an editable install's finder, which
    would put the grader's own packages in student code's reach, and whatever else
    the installation's .pth files import: 40-60 ms of every fresh check); the worker
    finds NumPy through the one directory worker_env puts on PYTHONPATH. -s: no user
    site-packages; -P: the script's directory is not put on sys.path (the worker
    loads protocol.py by path); -B: no .pyc files in the student's directory. Not
    -I/-E: the environment is scrubbed instead, so that PYTHONHASHSEED=0 applies and
    iteration over sets is reproducible. `root` is the zygote's directory: its home/
    and runs/ are what the worker may write.
    """
    if iso is None:
        return [sys.executable, "-S", "-s", "-P", "-B", str(WORKER), "--control-fd", str(control_fd)]
    worker = WORKER
    if root is not None and (iso.worker_dir or (iso.mechanism == "unshare" and iso.drops_privileges)):
        # Run from a copy in its own directory: the grader's checkout is hidden from it (and with
        # bubblewrap even the mount table then does not name the grader's, maybe the course's, directory).
        worker = _worker_copy(root / "worker")
    command = [sys.executable, "-S", "-s", "-P", "-B", iso.worker_path(worker), "--control-fd", str(control_fd),
               *iso.worker_args(root, groups or [])]
    writable = [root / "home", root / "runs", *(groups or [])] if root is not None else []
    return iso.wrap(command, worker=worker, writable=writable, cwd=root / "home" if root is not None else Path("/"))


_NUMPY_SITE: list[str] = []


def numpy_site() -> str:
    """The directory NumPy is installed in (found without importing NumPy): the worker's one extra path.

    The worker starts without `site` (worker_command's -S), so its sys.path is the
    standard library and this directory only: never the grader's checkout or an
    editable install's finder, whatever the installation's .pth files say.
    """
    if not _NUMPY_SITE:
        import importlib.util

        spec = importlib.util.find_spec("numpy")
        if spec is None or not spec.origin:
            raise RuntimeError("NumPy is not installed: the worker cannot run student code without it")
        _NUMPY_SITE.append(os.path.dirname(os.path.dirname(os.path.realpath(spec.origin))))
    return _NUMPY_SITE[0]


def worker_env(home: Path, iso: "_isolation.Isolation | None" = None) -> dict[str, str]:
    """A minimal environment: nothing of the grader's (tokens, paths) leaks in.

    PYTHONPATH is NumPy's site directory (see numpy_site), which isolation keeps visible; the
    worker takes it out of its environment once started, so student code sees the same environment as before.
    """
    isolated = iso is not None and iso.mechanism != "off"
    return {
        "PATH": _isolation.SAFE_PATH if isolated else os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": numpy_site(),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": str(home),
        "TMPDIR": str(home),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        # glibc gives freed memory at the heap's top back to the system and takes it again on
        # the next call: every NumPy temporary then pays page faults (costly in a VM), and
        # vectorised code grew 4-5 times faster per example here than on the grader's side.
        "MALLOC_TRIM_THRESHOLD_": str(32 << 20),
        "MALLOC_TOP_PAD_": str(8 << 20),
    }


def process_table() -> dict[int, tuple[str, int]]:
    """pid -> (state, parent pid) of every process, read from /proc."""
    table: dict[int, tuple[str, int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:
                continue
            rest = stat[stat.rfind(b")") + 2 :].split()
            if len(rest) > 1:
                table[int(name)] = (rest[0].decode(), int(rest[1]))
    return table


def descendants(pid: int | None = None, *, zombies: bool = False) -> set[int]:
    """Every process below `pid` (default: this process); zombies only if asked."""
    pid = os.getpid() if pid is None else pid
    parents = {p: parent for p, (state, parent) in process_table().items() if zombies or state != "Z"}
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the student's code)."""


class IsolationUnavailable(SandboxError, InputError):
    """GRADER_ISOLATION asks for a mechanism that is not available: nothing is graded."""

    def __init__(self, message: str):
        InputError.__init__(self, message)


class WorkerTimeout(Exception):
    """No answer within the call's time (or the module's budget is used up)."""

    def __init__(self, seconds: float, budget: bool):
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds
        self.budget = budget


class WorkerDied(Exception):
    """The worker process ended (or broke the protocol) while we waited for it."""

    def __init__(self, status: int | None, reason: str = ""):
        super().__init__(reason or describe_status(status))
        self.status = status
        self.reason = reason


def describe_status_code(code: int | None) -> str:
    """A Popen return code in words."""
    if code is None:
        return "still running"
    if code >= 0:
        return f"exit status {code}"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


def describe_status(status: int | None) -> str:
    if status is None:
        return "the worker process ended"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        return f"killed by {name}"
    if os.WIFEXITED(status):
        return f"exited with status {os.WEXITSTATUS(status)}"
    return f"ended (wait status {status})"


# ====================================================================== zygote

class ForkServerProcess:
    """The fork server process and its control socket."""

    def __init__(self, root: Path, iso: "_isolation.Isolation | None" = None):
        self.root = root
        self.isolation = iso = _isolation.current() if iso is None else iso
        if iso.error:
            raise IsolationUnavailable(f"the worker cannot be isolated as required: {iso.error}")
        home = root / "home"
        home.mkdir(exist_ok=True)
        self.runs = root / "runs"
        self.runs.mkdir(exist_ok=True)
        self.disk_problem = "isolation turned off" if iso.mechanism == "off" else \
            (_cgroups.mount_tmpfs(self.runs) if not os.path.ismount(self.runs) else "")
        if iso.drops_privileges:  # the worker's uid owns its home; runs/ it can only pass through
            os.chmod(root, 0o711)
            os.chown(home, iso.uid, iso.gid)
            os.chmod(home, 0o711)  # bubblewrap, root without capabilities, must get in
            os.chmod(self.runs, 0o711)
        self.closed = False
        # Control groups for its runs (before it starts: under bubblewrap and unshare it
        # needs them in its file system), and the strict settings' refusals.
        _refuse_weak(iso, "" if iso.mechanism == "off" else _cgroups.problem())
        self.slot, self.slot_problem = (None, "isolation turned off") if iso.mechanism == "off" else \
            _cgroups.Slot.create(iso.uid, iso.gid)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.log_path = root / "zygote.log"
        with open(self.log_path, "ab") as log:
            self._log_from = log.tell()
            try:
                self.proc = None
                self.proc = subprocess.Popen(
                    worker_command(theirs.fileno(), iso, root, self.slot.dirs if self.slot else None),
                    pass_fds=[theirs.fileno()],
                    env=worker_env(home, iso),
                    cwd=str(home),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    close_fds=True,
                )
            finally:
                theirs.close()
                if self.proc is None and self.slot is not None:  # not started: nothing will close it
                    self.slot.close()
        self.ctl = ours
        self.ctl.settimeout(SPAWN_TIMEOUT)
        self._tickets = 0
        self._pending: deque[int] = deque([0])  # ticket 0: the zygote's "ready", sent before any student code runs
        self._replies: dict[int, tuple[bytes, list[int]]] = {}
        self._broken = ""
        self.ready: dict | None = None
        self.guards_secrets = False  # a run with hidden checks uses it: CI then refuses weaker isolation

    @property
    def alive(self) -> bool:
        return not self.closed and self.proc.poll() is None

    _exit_fd: int | None = -1  # exit_fd's pidfd (-1: not made yet; None: none to be had)

    def exit_fd(self) -> int | None:
        """A descriptor that becomes readable when the zygote's process ends (a pidfd), or None.

        Made on first use, while the process is not yet reaped (its pid cannot have been
        reused). Readable exactly when `alive` would turn False, so a select on it (with
        the worker's socket, before each call) replaces asking the process every time.
        """
        if self._exit_fd == -1:
            fd = None
            if not self.closed and self.proc.returncode is None:
                try:
                    fd = os.pidfd_open(self.proc.pid)
                except (AttributeError, OSError):  # before Linux 5.3, or not Linux
                    fd = None
                if fd is not None and self.proc.returncode is not None:  # reaped meanwhile (another thread)
                    os.close(fd)
                    fd = None
            self._exit_fd = fd
        return self._exit_fd

    def server_pids(self) -> set[int]:
        """The zygote's own processes as the host sees them: the wrapper and the worker under it."""
        pids = {self.proc.pid}
        if self.isolation.prefix:
            pids |= {pid for pid, (_, parent) in process_table().items() if parent == self.proc.pid}
        return pids

    def request_spawn(self, request: dict) -> int:
        """Ask for a child; the answer is collected by `await_spawn` (requests pipeline)."""
        return self._request({"op": "spawn", **request})

    def await_spawn(self, ticket: int) -> tuple[int, socket.socket]:
        data, fds = self._await(ticket)
        if not data or not fds:
            for fd in fds:
                os.close(fd)
            reason = ""
            try:
                reason = str(json.loads(data).get("error", "")) if data else ""
            except (ValueError, AttributeError):
                pass
            raise SandboxError(reason or f"the worker process did not start; see {self.log_path}")
        try:
            pid = int(json.loads(data)["pid"])
        except (ValueError, KeyError, TypeError):
            for fd in fds:
                os.close(fd)
            raise SandboxError("the worker process answered nonsense") from None
        return pid, socket.socket(fileno=fds[0])

    def _request(self, message: dict) -> int:
        self._tickets += 1
        try:
            self.ctl.send(json.dumps(message).encode())
        except OSError as exc:
            self._replies[self._tickets] = (b"", [])
            self._broken = f"{exc}"
            return self._tickets
        self._pending.append(self._tickets)
        return self._tickets

    def _await(self, ticket: int) -> tuple[bytes, list[int]]:
        while ticket not in self._replies:
            if not self._pending:
                raise SandboxError("no answer pending from the worker process")
            first = self._pending[0]  # left pending until its answer is read: a Ctrl-C here keeps the channel in step
            try:
                data, fds, _, _ = socket.recv_fds(self.ctl, 1 << 16, 1)
            except (OSError, socket.timeout):
                data, fds = b"", []
            self._pending.popleft()
            if first == 0:
                self._greeted(data, fds)
                continue
            self._replies[first] = (data, fds)
        return self._replies.pop(ticket)

    def _greeted(self, data: bytes, fds: list[int]) -> None:
        """The zygote's first message: it runs (as the isolation meant), or why it does not."""
        for fd in fds:
            os.close(fd)
        try:
            ready = json.loads(data) if data else None
        except ValueError:
            ready = None
        if type(ready) is dict and ready.get("ready") is True:
            self.ready = ready
            if ready.get("seccomp") != "ok" and _strict(self.guards_secrets):
                self.close()
                raise IsolationUnavailable(f"the worker cannot be isolated as required: no seccomp filter "
                                           f"({ready.get('seccomp')}); {_STRICT_HINT}")
            if self.isolation.drops_privileges:
                # The zygote no longer needs to write its home; the student's uid must not
                # (a file left there would reach the next submission this worker grades).
                home = self.root / "home"
                os.chown(home, 0, 0)
                os.chmod(home, 0o711)
            return
        try:
            self.proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            raise SandboxError(f"the worker process did not start in time; see {self.log_path}") from None
        why = self._log_tail() or describe_status_code(self.proc.returncode)
        # It died before any student code ran: the isolation does not work here.
        if _isolation.give_up(self.isolation, why):
            raise SandboxError(f"the worker process did not start under {self.isolation.mechanism} ({why}); trying without")
        raise SandboxError(f"the worker process did not start ({why}); see {self.log_path}")

    def _log_tail(self) -> str:
        try:
            with open(self.log_path, "rb") as log:
                log.seek(self._log_from)
                lines = log.read(8192).decode("utf-8", "replace").strip().splitlines()
        except OSError:
            return ""
        return lines[-1].strip()[:300] if lines else ""

    def kill(self, pid: int) -> int | None:
        """Kill one child (its whole process group) and reap it: its wait status."""
        data, fds = self._await(self._request({"op": "kill", "pid": pid}))
        for fd in fds:
            os.close(fd)
        try:
            return json.loads(data)["status"] if data else None
        except (ValueError, KeyError, TypeError):
            return None

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._exit_fd not in (-1, None):
            os.close(self._exit_fd)
        self._exit_fd = None
        for data, fds in self._replies.values():
            for fd in fds:
                os.close(fd)
        self._replies.clear()
        try:
            self.ctl.send(b'{"op": "exit"}')
            self.ctl.settimeout(5.0)
            while self.ctl.recv(1 << 16):  # until the zygote has gone (end of stream)
                pass
        except OSError:
            pass
        try:
            self.ctl.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()  # our own child: its pid is ours until we reap it
            self.proc.wait()
        if self.slot is not None:
            self.slot.close()
            self.slot = None

    def effective(self) -> "_isolation.Isolation":
        """The isolation as it turned out: the plan, and what the control groups and seccomp add or lack."""
        import dataclasses

        iso, extra, complete = self.isolation, [], self.isolation.complete
        if iso.mechanism in ("off", "none"):
            return iso
        seccomp = (self.ready or {}).get("seccomp", "ok")
        if seccomp != "ok":
            extra.append(f"no seccomp filter ({seccomp}), so ptrace is stopped only by the uid and namespaces")
            complete = False
        if self.disk_problem:
            extra.append(f"no size limit on the files of a submission other than per file ({self.disk_problem})")
        else:
            extra.append(f"its files in a tmpfs of {_cgroups.RUN_DISK_MB} MB")
        if self.slot is not None:
            extra.append(f"each submission's processes in a control group (at most {_cgroups.MAX_PROCESSES} "
                         f"processes, memory capped for all of them, killed before the next submission)")
        else:
            extra.append(f"no per-submission control group ({self.slot_problem}): processes and memory are capped "
                         f"per process only, and what a submission starts is killed with its pid namespace")
        return dataclasses.replace(iso, description=f"{iso.description}; {'; '.join(extra)}", complete=complete)


# ====================================================================== sandbox

class Sandbox:
    """One grading run's worker processes and temporary directories.

    The zygote is shared by all runs of a process (it never runs student code,
    so nothing carries over from one run to the next) and stopped at exit, or
    by `shutdown()`; the children, their directories and the run's temporary
    directory belong to the run and are gone when it closes.
    """

    def __init__(self, secrets: bool = False):
        zygote = shared_zygote()  # the run's directory lies in the zygote's, which it can see
        if secrets:
            # The hidden checks and solutions are at stake: CI refuses what cannot protect them
            # (seccomp is known once the zygote has greeted; until then its greeting checks it).
            zygote.guards_secrets = True
            _refuse_weak(zygote.effective(), "", secrets=True)
        # (zygote.runs is a real path, so the new directory's is too: no resolve(), a stat per component)
        self.root = Path(tempfile.mkdtemp(prefix="grade-", dir=zygote.runs))
        self.isolation = zygote.isolation
        if self.isolation.drops_privileges:
            os.chmod(self.root, 0o711)
        self._workers: list[WorkerProcess] = []
        self._hosts: list[SubmissionWorker] = []  # the run's worker processes (one, unless one ended or was kept)
        self.current: SubmissionWorker | None = None  # the one a module joins
        self._seq = 0
        self.closed = False
        self._groups: list[tuple[ForkServerProcess, _cgroups.Group]] = []  # one per zygote used (a new one after a crash)
        self._emptied: list[tuple[ForkServerProcess, _cgroups.Group]] = []  # found empty at the end: to keep
        self.leftovers = ""  # what could not be killed when the run ended (should never happen)
        # The run and its worker on one CPU (affinity.py says why): after the zygote
        # started above, so a fresh check's fork server is not squeezed onto it.
        self.run_cpu = _affinity.claim()

    def group_for(self, zygote: ForkServerProcess, memory_mb: int) -> list[str]:
        """The run's control group under `zygote` (made on first use): its paths for the spawn request."""
        if zygote.slot is None:
            return []
        for z, group in self._groups:
            if z is zygote:
                group.raise_memory(memory_mb)
                return group.paths
        group = zygote.slot.group(memory_mb)
        self._groups.append((zygote, group))
        return group.paths

    def kill_groups(self) -> str:
        """Kill every process the run's code started, and check that none is left.

        A group already empty (nothing the run started outlived its worker) is closed to
        new processes and put aside for `_keep_groups`; any other is killed and removed.
        """
        problems = []
        for z, group in self._groups:
            if z.slot is not None and not group.removed and group.close_empty():
                self._emptied.append((z, group))
            else:
                problems.append(group.kill())
        self._groups = [(z, g) for z, g in self._groups if not g.removed and all(g is not e for _, e in self._emptied)]
        problems = [p for p in problems if p]
        if _shared is not None and _shared.alive and _shared.slot is None and self._workers and _LINUX:
            # No control groups here: everything below the zygote but the zygote itself
            # (every orphan, in whatever session, ends up there: it is the pid namespace's
            # init or its subreaper).
            left = _kill_below(_shared)
            if left:
                problems.append(f"{len(left)} process(es) of the submission could not be killed")
        return "; ".join(problems)

    def _keep_groups(self) -> None:
        """The run's empty groups back to their zygotes' slots for the next runs (after the run's
        files are gone: see cgroups.Slot.keep); one that cannot be kept is removed."""
        emptied, self._emptied = self._emptied, []
        for z, group in emptied:
            if z.slot is None or not z.slot.keep(group):
                problem = group.kill()
                if problem:
                    self.leftovers = "; ".join(p for p in (self.leftovers, problem) if p)

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def zygote(self) -> ForkServerProcess:
        zygote = shared_zygote()
        self.isolation = zygote.isolation  # a new zygote may have fallen back to another mechanism
        return zygote

    def new_dir(self, module: str) -> Path:
        self._seq += 1
        d = self.root / f"w{self._seq:03d}-{module}"
        d.mkdir(mode=0o700)
        if self.isolation.drops_privileges:
            os.chown(d, self.isolation.uid, self.isolation.gid)
        return d

    def module(self, name: str, files: dict[str, Path | bytes], *, limits: dict, student_modules: list[str]) -> "WorkerProcess":
        """Student module `name`'s use of the run's worker process (not started yet: call start()).

        Make every module of the run before starting any: the process's CPU backstop is
        the sum of the budgets of the modules made when it starts.
        """
        worker = WorkerProcess(self, name, files, limits, student_modules)
        self._workers.append(worker)
        return worker

    @property
    def workers(self) -> list["WorkerProcess"]:
        return list(self._workers)

    def limit(self, key: str, combine, default: int = 0) -> int:
        """One limit for the whole process from the modules' (`combine`: max, sum)."""
        return int(combine([int(w.limits.get(key, default)) for w in self._workers] or [default]))

    def host_for(self, worker: "WorkerProcess") -> "SubmissionWorker":
        """The worker process `worker`'s module joins: the run's current one, or a new one."""
        host = self.current
        if host is None or not host.accepts(worker) or not host.zygote.alive:
            host = SubmissionWorker(self)
            self._hosts.append(host)
            try:
                host.start()
            except BaseException:
                host.stop()
                raise
            self.current = host
        return host

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            for host in self._hosts:
                host.stop(remove=False)  # its directory goes with the run's, below: one rmtree
        finally:
            try:
                self.leftovers = self.kill_groups()
            finally:
                shutil.rmtree(self.root, ignore_errors=True)
                self._keep_groups()
                self.run_cpu.release()
            if self.leftovers:
                # Never graded next to something of this submission's: the next run gets a new zygote.
                print(f"grade: {self.leftovers}", file=sys.stderr)
                if _shared is not None:
                    discard_zygote(_shared)


_shared: ForkServerProcess | None = None
_shared_home: Path | None = None


def shared_zygote() -> ForkServerProcess:
    """The process's zygote, started on first use (and again if it died)."""
    global _shared, _shared_home
    iso = _isolation.current()
    if _shared is not None and _shared.alive and _shared.isolation is iso and _shared.runs.is_dir():
        return _shared
    if _shared is not None:
        _shared.close()
        _shared = None
    if _shared_home is None or not _shared_home.is_dir() or not _reachable(_shared_home, iso):
        old, _shared_home = _shared_home, Path(tempfile.mkdtemp(prefix="grade-zygote-", dir=_home_parent(iso))).resolve()
        if old is not None and old.is_dir():  # a run may still have its directory there
            atexit.register(_remove_home, old)
        atexit.register(shutdown)
        _cgroups.sweep_mounts()
    _not_dumpable()
    try:
        _shared = ForkServerProcess(_shared_home, iso)
    except OSError as exc:  # the wrapper itself cannot be run
        if not _isolation.give_up(iso, str(exc)):
            raise SandboxError(f"the worker process could not be started: {exc}") from None
        return shared_zygote()
    return _shared


def _tree(pid: int) -> set[int]:
    """Every live descendant of `pid`, read from /proc/PID/task/TID/children (a few small reads,
    no scan of all of /proc), falling back to the scan where the kernel lacks those files."""
    found, frontier = set(), [pid]
    try:
        while frontier:
            p = frontier.pop()
            for tid in os.listdir(f"/proc/{p}/task"):
                try:
                    with open(f"/proc/{p}/task/{tid}/children", "rb") as f:
                        kids = {int(k) for k in f.read().split()} - found
                except FileNotFoundError:  # the thread or process ended meanwhile
                    continue
                found |= kids
                frontier += kids
    except FileNotFoundError:
        return found
    except OSError:
        return descendants(pid)
    return found


def _zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return True  # gone
    return stat[stat.rfind(b")") + 2 :][:1] in (b"Z", b"X")


_LINUX = hasattr(os, "pidfd_open") and os.path.isdir("/proc")  # elsewhere the zygote's own sweep is all there is


def _kill_below(zygote: ForkServerProcess, timeout: float = 5.0) -> set[int]:
    """SIGKILL every descendant of the zygote's server processes until none is left; what is left."""
    deadline = time.monotonic() + timeout
    while True:
        servers = zygote.server_pids()
        left = {p for p in _tree(zygote.proc.pid) - servers if not _zombie(p)}  # the zygote reaps those
        if not left or time.monotonic() > deadline:
            return left
        for pid in left:
            try:
                fd = os.pidfd_open(pid)
            except OSError:
                continue
            try:
                if pid in _tree(zygote.proc.pid):  # still ours: never a reused pid
                    signal.pidfd_send_signal(fd, signal.SIGKILL)
            except OSError:
                pass
            finally:
                os.close(fd)
        time.sleep(0.005)


def _not_dumpable() -> None:
    """The grader's own memory and /proc entries closed to processes of its uid (a worker
    that runs as the grader's user, when isolation is off or missing), ptrace included."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE
    except (OSError, AttributeError):
        pass


def _remove_home(home: Path) -> None:
    """A zygote's directory, with the size-limited file system of its runs."""
    if os.path.ismount(home / "runs"):
        _cgroups.unmount(home / "runs")
    shutil.rmtree(home, ignore_errors=True)


def _reachable(path: Path, iso: "_isolation.Isolation") -> bool:
    """Whether the worker's uid can get to `path` (bubblewrap shows it at the same place anyway)."""
    if not iso.drops_privileges or iso.mechanism == "bubblewrap":
        return True
    return all(os.stat(p).st_mode & 0o001 for p in Path(path).parents)


def _home_parent(iso: "_isolation.Isolation") -> str | None:
    """Where the zygote's directory goes: the usual temporary directory, if the worker can get there."""
    default = tempfile.gettempdir()
    if _reachable(Path(default) / "x", iso):
        return default
    return next((d for d in ("/tmp", "/var/tmp") if os.path.isdir(d) and _reachable(Path(d) / "x", iso)), default)


def discard_zygote(zygote: ForkServerProcess) -> None:
    """Forget a zygote that stopped answering (the next use starts a new one)."""
    global _shared
    if _shared is zygote:
        _shared = None
    zygote.close()


def shutdown() -> None:
    """Stop the shared zygote (and with it any child still alive) and remove its home."""
    global _shared, _shared_home
    if _shared is not None:
        _shared.close()
        _shared = None
    if _shared_home is not None:
        _remove_home(_shared_home)
        _shared_home = None


def isolation() -> "_isolation.Isolation":
    """The isolation of the running zygote (else the one a new zygote would get)."""
    if _shared is not None and not _shared.closed:
        return _shared.effective()
    return _isolation.current()


_STRICT_HINT = ("grading with the hidden checks in CI (CI is set), or with GRADER_ISOLATION=bubblewrap/strict, "
                "needs bubblewrap working, an unprivileged worker and seccomp (GRADER_ISOLATION=strict: and "
                "control groups when root)")


def _strict(secrets: bool = False) -> bool:
    """Whether weaker isolation must be refused.

    The explicit settings always refuse it. In `auto` mode, CI refuses it only for a run
    whose course holds secrets (hidden checks, solutions): a student's own CI job runs
    the public checks of a release, which has nothing to hide, on runners where
    bubblewrap often cannot work, and must not fail for it.
    """
    setting = os.environ.get(_isolation.ENV, "auto").strip().lower() or "auto"
    return setting in ("bubblewrap", "bwrap", "strict") or (setting == "auto" and bool(os.environ.get("CI")) and secrets)


def _refuse_weak(iso: "_isolation.Isolation", slot_problem: str, secrets: bool = False) -> None:
    """CI (auto mode with CI set, grading hidden checks) and the strict settings grade only with the full guarantees."""
    setting = os.environ.get(_isolation.ENV, "auto").strip().lower() or "auto"
    if _strict(secrets) and not iso.complete:
        raise IsolationUnavailable(f"the worker cannot be isolated as required: {iso.description}; {_STRICT_HINT}")
    if setting == "strict" and slot_problem and os.geteuid() == 0:
        raise IsolationUnavailable(f"the worker cannot be isolated as required: {slot_problem}; {_STRICT_HINT}")


def prestart() -> None:
    """Ready this process to grade, before it imports NumPy: one BLAS thread (affinity.one_blas_thread),
    and the worker process started now, so its NumPy import overlaps the grader's own work."""
    _affinity.one_blas_thread()
    shared_zygote()


def acquire(secrets: bool = False) -> Sandbox:
    """A sandbox for one grading run (`secrets`: the run grades hidden checks)."""
    return Sandbox(secrets)


# ====================================================================== one module

@dataclass
class ImportReply:
    ok: bool
    names: frozenset[str] = frozenset()
    error: dict | None = None
    output: str = ""
    timed_out: bool = False
    crashed: str = ""


def _write_new(path: "Path | str", data: bytes) -> None:
    """Write `data` as a new regular file (O_EXCL|O_NOFOLLOW: never through something already there)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


_BYTECODE = PerFile()  # course file -> its checked-hash .pyc (None: it does not compile), while its stamp holds


def course_bytecode(source: Path) -> bytes | None:
    """A course file's code compiled, as checked-hash bytecode (a .pyc): compiled once per process
    and kept while the file is unchanged (grader/stamps.py); None if it cannot be read or compiled.

    Only the course's own files: student code is compiled in the worker, never here.
    """
    return _BYTECODE.get(source, lambda: _compiled_pyc(source))


def _compiled_pyc(source: Path) -> bytes | None:
    import importlib.util
    import marshal

    try:
        data = Path(source).read_bytes()
        code = compile(data, source.name, "exec", dont_inherit=True, optimize=0)
    except (OSError, SyntaxError, ValueError):
        return None
    return importlib.util.MAGIC_NUMBER + (0b11).to_bytes(4, "little") + importlib.util.source_hash(data) + marshal.dumps(code)


def _same_source(a: Path | bytes, b: Path | bytes) -> bool:
    return type(a) is type(b) and a == b


MAX_MOVES = 8  # times one module's import may be put off by other modules' ends before it counts as its own crash


class SubmissionWorker:
    """The one worker process of a grading run (a submission), shared by its student modules.

    It gets a fresh directory holding the files of the modules that join it (the student's
    modules and the course's helpers each needs: the course's copy wins) and imports a
    module when asked; the imports run in the order asked and their hellos come back in
    that order, so `imports` is the queue of those not yet read. Stopping it (a module's
    crash, timeout or exit; the end of the run) ends it for every module in it: the
    others come back in a fresh one when next used (WorkerProcess.ready), at no cost to
    them. A module whose code changed the process for the others (the child says so:
    "tainted") keeps it to itself: `owner`.
    """

    def __init__(self, sandbox: "Sandbox"):
        self.sandbox = sandbox
        self.zygote: ForkServerProcess | None = None
        self.pid: int | None = None
        self.sock: socket.socket | None = None
        self.dir: Path | None = None
        self._dir = ""  # str(self.dir)
        self.files: dict[str, Path | bytes] = {}
        self.members: list[WorkerProcess] = []  # imported here, or asked to be
        self.imports: deque[WorkerProcess] = deque()  # asked to import here, hello not yet read (in order)
        self._unsent: list[dict] = []  # import requests made before the child was connected
        self.owner: WorkerProcess | None = None
        self.closed = False
        self._ticket: int | None = None
        self._spawn_request: dict = {}
        self._pycache: int | None = None  # descriptor of the directory's __pycache__ (see _write_bytecode)

    def accepts(self, worker: "WorkerProcess") -> bool:
        """Whether `worker`'s module can join: not ended, not kept by another module, none of its files there
        with another content, or made there by student code (a module planted for it)."""
        if self.closed or (self.owner is not None and self.owner is not worker) or \
                any(m.name == worker.name and m is not worker for m in self.members):
            return False
        for target, source in worker.files.items():
            if target in self.files:
                if not _same_source(self.files[target], source):
                    return False
            elif self.dir is not None and os.path.lexists(os.path.join(self._dir, target)):  # written there by a module's code
                return False
        return True

    def start(self) -> None:
        """A fresh directory, and a child asked for (connecting comes later)."""
        sandbox = self.sandbox
        self.zygote = sandbox.zygote  # first: the directory is made for its isolation
        self.dir = sandbox.new_dir("worker")
        self._dir = str(self.dir)  # (joined as a string: a pathlib join costs ten times as much, several times a run)
        if sys.implementation.cache_tag:  # before any code of the student's runs there (see _write_bytecode)
            pycache = os.path.join(self._dir, "__pycache__")
            try:
                os.mkdir(pycache, 0o755)
                self._pycache = os.open(pycache, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
            except OSError:
                self._pycache = None
        memory_mb = sandbox.limit("memory_mb", max)
        self._spawn_request = {
            "dir": self._dir,
            "limits": {
                "memory_mb": memory_mb,
                # A backstop for the whole worker: each module's budget is kept by the grader's clock.
                "cpu_seconds": int(math.ceil(sum(max(w.remaining, 0.0) for w in sandbox.workers))) + 1,
                "file_mb": sandbox.limit("file_mb", max, 16),
            },
            "cgroups": sandbox.group_for(self.zygote, memory_mb),
            "cpu": sandbox.run_cpu.cpu,  # the grading process's CPU, or None: the child is forked there (affinity.py)
        }
        self._ticket = self.zygote.request_spawn(self._spawn_request)

    def join(self, worker: "WorkerProcess") -> None:
        """Write `worker`'s files (those not here yet) and ask the child to import its module."""
        for target, source in worker.files.items():
            if target in self.files:
                continue
            if isinstance(source, bytes):  # the student's code as the grader read it: a new file, no path followed
                _write_new(os.path.join(self._dir, target), source)
            else:  # a course file (provided helper)
                shutil.copyfile(source, os.path.join(self._dir, target))
                self._write_bytecode(target, source)
            self.files[target] = source
        self.members.append(worker)
        self.imports.append(worker)
        request = {"op": "import", "module": worker.name, "student_modules": worker.student_modules,
                   "output_kb": int(worker.limits["output_kb"])}
        if self.sock is None:
            self._unsent.append(request)
        else:
            self._send(request)

    def _write_bytecode(self, target: str, source: Path) -> None:
        """The course file's compiled code beside it (__pycache__), for the child's import to load
        instead of compiling it (a helper of 2-5 KB took 0.3-2 ms to compile, in every child,
        for every module that imports it; loading takes a few microseconds).

        Compiled once per grading process (course_bytecode). Checked-hash bytecode: the child
        uses it only if the file beside it is still the course's (else it compiles that
        file, as before). Written only into the __pycache__ made with the directory (through
        its descriptor, never through a path student code could have changed) and only as a
        new file.
        """
        if self._pycache is None or not target.endswith(".py") or not target[:-3].isidentifier():
            return
        data = course_bytecode(source)
        if data is None:
            return
        name = f"{target[:-3]}.{sys.implementation.cache_tag}.pyc"
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644, dir_fd=self._pycache)
        except OSError:
            return
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        except OSError:  # (the run's disk is full): no half-written file, which would fail the import
            try:
                os.unlink(name, dir_fd=self._pycache)
            except OSError:
                pass
        finally:
            os.close(fd)

    def connect(self) -> None:
        if self._ticket is not None:
            ticket, self._ticket = self._ticket, None
            try:
                self.pid, self.sock = self.zygote.await_spawn(ticket)
            except SandboxError:
                # One retry with a fresh zygote: student code may have killed the old one.
                discard_zygote(self.zygote)
                self.zygote = self.sandbox.zygote
                self._spawn_request["cgroups"] = self.sandbox.group_for(self.zygote, self._spawn_request["limits"]["memory_mb"])
                self.pid, self.sock = self.zygote.await_spawn(self.zygote.request_spawn(self._spawn_request))
            for request in self._unsent:
                self._send(request)
            self._unsent.clear()

    def _send(self, request: dict) -> None:
        try:
            self.sock.settimeout(SPAWN_TIMEOUT)
            _protocol().send(self.sock, request)
        except OSError:
            pass  # it ended: the hello read next says so

    def settle(self) -> None:
        """Read the hellos of every import asked for here, each within its own module's limits."""
        if self._ticket is not None:
            try:
                self.connect()
            except (SandboxError, OSError):
                self.stop()  # its modules start again, and say why if it happens again
                return
        while self.imports and not self.closed:
            self.imports[0]._read_hello(self)

    def drop(self, worker: "WorkerProcess") -> None:
        """`worker`'s module is not in this process (any more)."""
        worker._left(self)
        if worker in self.members:
            self.members.remove(worker)

    def claim(self, worker: "WorkerProcess") -> None:
        """`worker`'s module changed the process for the others: they leave (and come back elsewhere)."""
        if self.owner is not None:
            return
        self.owner = worker
        for other in self.members:
            if other is not worker and other not in self.imports:  # those asked to import here hear "declined"
                other._left(self)
        self.members = [m for m in self.members if m is worker or m in self.imports]
        if self.sandbox.current is self:
            self.sandbox.current = None

    def stop(self, remove: bool = True) -> int | None:
        """Kill the child (if any) and remove its directory (`remove`; else the caller removes the
        run's, which holds it): its wait status. Every module in it leaves."""
        status = None
        if self._ticket is not None:
            try:
                self.connect()
            except SandboxError:
                pass
        self.closed = True
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None
        if self.pid is not None:
            if self.zygote is not None and self.zygote.alive:
                status = self.zygote.kill(self.pid)
            self.pid = None
        if self._pycache is not None:
            os.close(self._pycache)
            self._pycache = None
        if self.dir is not None:
            if remove:
                shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        members, self.members = self.members, []
        self.imports.clear()
        for worker in members:
            worker._left(self)
        if self.sandbox.current is self:
            self.sandbox.current = None
        return status


class WorkerProcess:
    """One student module's use of the submission's worker process: import, talk, time, restart.

    The process (SubmissionWorker) is shared; what is the module's own stays here: its
    time budget and what it spent, its call time limit, its first hello and the current
    one, its restarts and zygote losses. `sock`, `pid` and `dir` are those of the process
    it is in (None when it is in none).
    """

    def __init__(self, sandbox: Sandbox, name: str, files: dict[str, Path | bytes], limits: dict, student_modules: list[str]):
        self.sandbox = sandbox
        self.name = name
        self.files = files  # file name in the copy directory -> the student's bytes, or a course file's path
        self.limits = limits
        self.student_modules = student_modules
        self.call_timeout = float(limits["call_timeout"])
        self.budget = float(limits["module_timeout"])
        self.spent = 0.0
        self.host: SubmissionWorker | None = None
        self.hello: ImportReply | None = None
        self.first_hello: ImportReply | None = None
        self._reply: ImportReply | None = None  # the hello read for the import asked last (by whoever read it)
        self.restarts = 0
        self._next_id = 0
        self._zygote: ForkServerProcess | None = None  # that of the process it was last in
        self.zygote_losses = 0

    # -------------------------------------------------------------- lifecycle
    @property
    def remaining(self) -> float:
        return self.budget - self.spent

    @property
    def sock(self) -> socket.socket | None:
        host = self.host
        return host.sock if host is not None and not host.closed else None

    @property
    def pid(self) -> int | None:
        return self.host.pid if self.host is not None else None

    @property
    def dir(self) -> Path | None:
        return self.host.dir if self.host is not None else None

    @property
    def running(self) -> bool:
        return self.sock is not None

    def start(self) -> None:
        """Join the submission's worker process (asking for one if needed) and ask it to import the module."""
        if self.host is not None:
            return
        host = self.sandbox.host_for(self)
        self.host, self._zygote, self._reply = host, host.zygote, None
        host.join(self)
        self.hello = None

    def _left(self, host: SubmissionWorker) -> None:
        """The process ended, or another module keeps it: this module is in none now."""
        if self.host is host:
            self.host = None
            if self._reply is not None and self._reply.ok:  # an import there, not yet taken: gone with it
                self._reply = None

    def _read_hello(self, host: SubmissionWorker) -> None:
        """Read this module's hello, first in its process's queue (the process may end meanwhile)."""
        if self.host is not host:  # never (a module waiting for its hello stays in the process): end it all
            host.stop()
            return
        try:
            msg, _ = self.recv(self.call_timeout)
            if msg.get("op") != "hello" or msg.get("module") != self.name:
                raise WorkerDied(None, "the worker sent an unexpected message")
        except WorkerTimeout as exc:  # recv stopped the process
            self._reply = ImportReply(False, timed_out=True,
                                      error={"type": "Timeout", "message": str(exc), "frames": [], "budget": exc.budget})
            return
        except WorkerDied as exc:
            status = self.stop() if exc.status is None else exc.status
            self._reply = ImportReply(False, crashed=describe_status(status) if status is not None else str(exc),
                                      error={"type": "Crash", "message": str(exc), "frames": []})
            return
        host.imports.popleft()  # (a "tainted" hello: recv gave it the process)
        if msg.get("declined"):  # the process is kept by another module: elsewhere
            host.drop(self)
            return
        if msg.get("ok"):
            names = msg.get("names")
            self._reply = ImportReply(True, frozenset(n for n in names if type(n) is str) if type(names) is list else frozenset(),
                                      output=str(msg.get("output", "")))
            return
        err = msg.get("error")
        self._reply = ImportReply(False, error=err if type(err) is dict else {}, output=str(msg.get("output", "")))
        host.drop(self)  # nothing of it to call there
        if host.owner is self:  # it changed the process, then failed: no use to anyone
            host.stop()

    def ready(self) -> ImportReply:
        """The module's hello (waiting for the imports asked before it, and its own, within each one's limits)."""
        if self.first_hello is not None and not self.first_hello.ok:
            return self.first_hello  # it does not import: never again
        if self.host is not None:
            self.host.settle()  # nothing of another module's left in the stream before a call's reply
        if self.hello is not None and self.sock is not None:
            return self.hello
        hello = self._start_and_greet()
        if hello.crashed and self.zygote_lost() and self.forgive_zygote_loss():
            # The fork server died under it (killed by other code?): once more.
            hello = self._start_and_greet()
        self.hello = hello
        if self.first_hello is None:
            self.first_hello = hello
        return hello

    def _start_and_greet(self) -> ImportReply:
        for _ in range(MAX_MOVES):
            if self._reply is None:  # (else another module's wait read it)
                try:
                    self.start()
                    host = self.host
                    host.connect()
                except (SandboxError, OSError) as exc:
                    self.stop()
                    return ImportReply(False, crashed=f"the worker process could not be started: {exc}",
                                       error={"type": "Crash", "message": str(exc), "frames": []})
                host.settle()
            if self._reply is not None:
                reply, self._reply = self._reply, None
                return reply
            # Its import was never read: the process ended for another module's import
            # before it, or another module keeps it. Not this module's doing: elsewhere.
        return ImportReply(False, crashed="the worker process kept ending before it imported the module",
                           error={"type": "Crash", "message": "the worker process kept ending", "frames": []})

    def stop(self) -> int | None:
        """End the process this module is in (for every module in it); its wait status."""
        host = self.host
        self.host = None
        return host.stop() if host is not None else None

    def restart(self) -> None:
        self.stop()
        self.restarts += 1
        self.hello = None

    def idle_broken(self) -> bool:
        """Whether the child, while no call was running, died or sent something.

        Either way it was not the next call's doing (another module's code may
        have killed the zygote, and with it this child): restart it first.
        """
        if self.host is not None:
            self.host.settle()
        sock = self.sock
        if sock is None or self.hello is None:
            return False
        try:
            ready = self._stirred(sock)
            if ready is None:  # no pidfd: the zygote's process is asked, and the socket watched alone
                if self.zygote_lost():
                    return True
                return bool(select.select([sock], [], [], 0)[0])
        except (OSError, ValueError):
            return True
        if not ready:
            return False
        return sock.fileno() in ready or self.zygote_lost()

    def idle_ready(self) -> bool:
        """Whether a call can go out now as it is: what `ready()` and `idle_broken()` find for
        the usual call, asked at once (True only where they would say "imported" and "not broken").

        Imported (its first hello and the current one ok), in a process with no import or
        start pending and still open, not past its zygote losses, and nothing readable on the
        child's socket or the zygote's pidfd (`_stirred`, as idle_broken asks it). False sends
        the caller the long way, which says what is wrong. A change to what `ready()` or
        `idle_broken()` ask must be made here too: this reads their conditions, it does not
        call them (they settle and select: twice the cost of the call's own Python).
        """
        first, hello, host = self.first_hello, self.hello, self.host
        if (first is None or not first.ok or hello is None or not hello.ok or host is None or host.closed
                or host._ticket is not None or host.imports or self.zygote_losses > MAX_ZYGOTE_LOSSES):
            return False
        sock = host.sock
        if sock is None:
            return False
        try:
            return self._stirred(sock) == []  # (None, no pidfd: the zygote is asked the long way)
        except (OSError, ValueError):
            return False

    def _stirred(self, sock: socket.socket) -> list[int] | None:
        """The descriptors readable now of the child's socket and the zygote's pidfd (readable once
        it has ended): [] if neither; None where the zygote has no pidfd (ask its process instead).

        One poll object per socket and pidfd, made once: this runs before every call, and
        select() built and scanned three lists each time.
        """
        zygote = self._zygote
        fd = zygote.exit_fd() if zygote is not None else None
        if fd is None:
            return None
        watch = self._watch
        if watch is None or watch[0] is not sock or watch[1] != fd:
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            poller.register(fd, select.POLLIN)
            watch = self._watch = (sock, fd, poller)
        return [ready for ready, _ in watch[2].poll(0)]

    _watch: tuple | None = None  # (the socket, the zygote's pidfd, a poll object on both): see _stirred

    def forgive_zygote_loss(self) -> bool:
        """Whether to retry after the zygote died during this module's import or call.

        Usually someone else's doing; but code that kills it every time is stopped
        after MAX_ZYGOTE_LOSSES (each loss costs starting a new zygote).
        """
        self.zygote_losses += 1
        return self.zygote_losses <= MAX_ZYGOTE_LOSSES

    def zygote_lost(self) -> bool:
        """Whether the zygote this child was forked from has died (taking the child with it)."""
        return self._zygote is not None and not self._zygote.alive

    # -------------------------------------------------------------- talking
    def next_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def send(self, message: dict, blobs: list = ()) -> None:
        protocol = _protocol_module or _protocol()
        sock = self.sock
        if sock is None:
            raise WorkerDied(None, "the worker is not running")
        try:
            protocol.send(sock, message, blobs, time.monotonic() + max(self.call_timeout, 1.0))
        except (OSError, socket.timeout):
            raise self._died() from None

    def recv(self, timeout: float) -> tuple[dict, list]:
        """One frame from the child within `timeout` wall seconds (and the budget).

        Raises WorkerTimeout (the child is killed) or WorkerDied (it is reaped).
        """
        protocol = _protocol_module or _protocol()
        sock = self.sock
        if sock is None:
            raise WorkerDied(None, "the worker is not running")
        remaining = self.budget - self.spent
        if remaining <= 0:
            self.stop()
            raise WorkerTimeout(self.budget, budget=True)
        if timeout <= 0:
            self.stop()
            raise WorkerTimeout(self.call_timeout, budget=False)
        budget_bound = remaining < timeout
        start = time.monotonic()
        try:
            reply = protocol.recv(sock, start + (remaining if budget_bound else timeout))
            if "tainted" in reply[0] and self.host is not None:  # the module changed the process for the others
                self.host.claim(self)
            return reply
        except TimeoutError:
            self.stop()
            raise WorkerTimeout(self.budget if budget_bound else timeout, budget=budget_bound) from None
        except (protocol.Closed, OSError):
            raise self._died() from None
        except protocol.ProtocolError as exc:
            self.stop()
            raise WorkerDied(None, f"the worker process sent something that is not a valid reply ({exc}), so it was stopped; "
                                   "does the code write to files or sockets it did not open?") from None
        finally:
            # (kept for the caller, which counts the call's own time from it instead of asking the clock twice more)
            self.waited = waited = time.monotonic() - start
            self.spent += waited

    waited = 0.0  # seconds the last recv took (its wait for the frame, and reading it)

    def charge(self, seconds: float) -> None:
        """Spend `seconds` of the module's budget on work done outside the worker on its behalf (a callback)."""
        self.spent += max(seconds, 0.0)

    def _died(self) -> WorkerDied:
        status = self.stop()
        return WorkerDied(status)
