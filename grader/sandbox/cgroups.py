"""Control groups for the students' processes: caps for a whole submission, and one kill.

Each zygote (a grading process's worker server) gets a directory of its own in
the `pids` and `memory` hierarchies of cgroup v1 (`Slot`), below the grader's own
group (so limits set around the grader still apply); each grading run (one
submission) a group below that (`Group`), with a random name, holding every
process the submission's code starts: a child joins it first thing after the
fork, before any student code runs (worker.py), and nothing it forks can leave
it (moving a process needs write access to another group's `cgroup.procs`, which
only root has; the slot directory is 0711, so other slots' groups cannot even
be listed). A group has a process cap (`pids.max`, threads included) and a
memory cap (`memory.limit_in_bytes`, files in tmpfs included) for all of its
processes together.

When the run ends, `Group.kill` forbids new processes in the group, SIGKILLs
every process in it (through a pidfd, after checking that the pid is still in
the group, so a reused pid is never signalled), waits until the group is empty
and removes it: nothing a student started outlives their grading. If the
group does not empty within a few seconds, `kill` says so (the run's report
then says it, and the slot is not reused).

Only for a grader running as root with cgroup v1's `pids` and `memory`
controllers mounted (the machines this project runs on); elsewhere `Slot.create`
returns None and a reason, and isolation relies on the pid namespace, which is
killed with its zygote. cgroup v2 (unified) is not implemented yet.

Cost: 2 mkdir, 4 small writes and 2 chown per run; kill: a read of
cgroup.procs and 2 rmdir when the group is already empty (measured ~1 ms).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

CONTROLLERS = ("pids", "memory")
MAX_PROCESSES = int(os.environ.get("GRADER_MAX_PROCESSES", "64") or 64)  # per submission, threads included
KILL_TIMEOUT = 5.0


def _mounts() -> dict[str, Path]:
    """controller -> where its cgroup v1 hierarchy is mounted."""
    found: dict[str, Path] = {}
    try:
        lines = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        parts = line.split()
        if len(parts) >= 4 and parts[2] == "cgroup":
            for option in parts[3].split(","):
                if option in CONTROLLERS and option not in found:
                    found[option] = Path(parts[1].replace("\\040", " "))
    return found


def _own_group(controller: str) -> str:
    """This process's group in a v1 hierarchy ('/' when at the root)."""
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, names, path = line.split(":", 2)
            if controller in names.split(","):
                return path
    except (OSError, ValueError):
        pass
    return "/"


def problem() -> str:
    """Why per-submission groups are not available here ('' if they are)."""
    if os.geteuid() != 0:
        return "per-submission control groups need a grader running as root"
    mounts = _mounts()
    missing = [c for c in CONTROLLERS if c not in mounts]
    if missing:
        return f"cgroup v1 controllers {', '.join(missing)} are not mounted (cgroup v2 is not supported yet)"
    for c in CONTROLLERS:
        if not os.access(mounts[c] / _own_group(c).lstrip("/"), os.W_OK):
            return f"the {c} control group hierarchy is not writable"
    return ""


class Slot:
    """One zygote's directory in each hierarchy; its runs' groups are made below it."""

    def __init__(self, dirs: list[Path], uid: int | None, gid: int | None):
        self.dirs = dirs
        self.uid = uid
        self.gid = gid

    @classmethod
    def create(cls, uid: int | None, gid: int | None) -> tuple["Slot | None", str]:
        why = problem()
        if why:
            return None, why
        mounts = _mounts()
        for c in CONTROLLERS:
            _sweep(mounts[c] / _own_group(c).lstrip("/"))
        name = f"grader-{os.getpid()}-{os.urandom(4).hex()}"
        dirs = []
        try:
            for c in CONTROLLERS:
                d = mounts[c] / _own_group(c).lstrip("/") / name
                d.mkdir(mode=0o711)
                os.chmod(d, 0o711)
                dirs.append(d)
        except OSError as exc:
            for d in dirs:
                _rmdir(d)
            return None, f"control groups could not be made ({exc})"
        return cls(dirs, uid, gid), ""

    def group(self, memory_mb: int, processes: int = MAX_PROCESSES) -> "Group":
        name = f"run-{os.urandom(8).hex()}"
        dirs = []
        try:
            for parent in self.dirs:
                d = parent / name
                d.mkdir()
                dirs.append(d)
            group = Group(dirs)
            group.cap(memory_mb, processes)
            if self.uid is not None:  # the worker's uid may put itself in (and nothing else)
                for d in dirs:
                    for f in ("cgroup.procs", "tasks"):
                        os.chown(d / f, self.uid, self.gid)
        except OSError:
            for d in dirs:
                _rmdir(d)
            raise
        return group

    def close(self) -> None:
        for d in self.dirs:
            for sub in _subdirs(d):
                Group([sub]).kill()
            _rmdir(d)


class Group:
    """One submission's processes."""

    def __init__(self, dirs: list[Path]):
        self.dirs = dirs
        self.memory_mb = 0
        self.removed = False

    @property
    def paths(self) -> list[str]:
        return [str(d) for d in self.dirs]

    def _file(self, controller_file: str) -> Path | None:
        return next((d / controller_file for d in self.dirs if (d / controller_file).exists()), None)

    def cap(self, memory_mb: int, processes: int = MAX_PROCESSES) -> None:
        pids = self._file("pids.max")
        if pids is not None:
            pids.write_text(str(processes))
        self.raise_memory(memory_mb)

    def raise_memory(self, memory_mb: int) -> None:
        """The memory cap of the whole group: the largest memory limit of its modules."""
        memory = self._file("memory.limit_in_bytes")
        if memory is not None and memory_mb > self.memory_mb:
            memory.write_text(str(int(memory_mb) << 20))
            self.memory_mb = memory_mb

    def members(self) -> set[int]:
        pids: set[int] = set()
        for d in self.dirs:
            try:
                pids |= {int(p) for p in (d / "cgroup.procs").read_text().split()}
            except (OSError, ValueError):
                pass
        return pids

    def peak_memory(self) -> int:
        f = self._file("memory.max_usage_in_bytes")
        try:
            return int(f.read_text()) if f is not None else 0
        except (OSError, ValueError):
            return 0

    def kill(self, timeout: float = KILL_TIMEOUT) -> str:
        """Kill everything in the group and remove it: '' or what is left."""
        if self.removed:
            return ""
        pids = self._file("pids.max")
        try:
            if pids is not None:
                pids.write_text("0")  # no new processes from here on: the set only shrinks
        except OSError:
            pass
        deadline = time.monotonic() + timeout
        left: set[int] = set()
        while True:
            left = self.members()
            if not left:
                break
            for pid in left:
                self._signal(pid)
            if time.monotonic() > deadline:
                return f"{len(left)} process(es) of the submission could not be killed: {sorted(left)[:5]}"
            time.sleep(0.002)
        for d in self.dirs:
            _rmdir(d)
        self.removed = True
        return ""

    def _signal(self, pid: int) -> None:
        """SIGKILL `pid` only if it is still in this group (never a reused pid)."""
        try:
            fd = os.pidfd_open(pid)
        except OSError:
            return
        try:
            if not self._holds(pid):
                return
            signal.pidfd_send_signal(fd, signal.SIGKILL)
        except OSError:
            pass
        finally:
            os.close(fd)

    def _holds(self, pid: int) -> bool:
        try:
            text = Path(f"/proc/{pid}/cgroup").read_text()
        except OSError:
            return False
        name = self.dirs[0].name
        return any(line.endswith("/" + name) for line in text.splitlines())


def _sweep(parent: Path) -> None:
    """The slots of graders that died without removing them (killed with SIGKILL): kill, remove."""
    for d in _subdirs(parent):
        parts = d.name.split("-")
        if len(parts) == 3 and parts[0] == "grader" and parts[1].isdigit() and not Path(f"/proc/{parts[1]}").exists():
            Slot([d], None, None).close()


def _subdirs(d: Path) -> list[Path]:
    try:
        return [p for p in d.iterdir() if p.is_dir()]
    except OSError:
        return []


def _rmdir(d: Path) -> None:
    try:
        os.rmdir(d)
    except OSError:
        pass


# ====================================================================== disk: a tmpfs for the runs

RUN_DISK_MB = int(os.environ.get("GRADER_RUN_DISK_MB", "256") or 256)  # all files of one submission at a time
MNT_DETACH = 2


def _libc():
    import ctypes

    return ctypes, ctypes.CDLL(None, use_errno=True)


def mount_tmpfs(path: Path, size_mb: int = RUN_DISK_MB) -> str:
    """A size-limited tmpfs on `path` (the zygote's runs/): '' or why not.

    The zygote serves one run at a time and the run's directory is removed when it
    ends, so this caps what one submission can write (its files are memory of its
    control group as well). `path/../owner` names the grader's pid, so that a grader
    killed before it could unmount is cleaned up by the next one (`sweep_mounts`).
    """
    if os.geteuid() != 0:
        return "a size-limited file system for the submission's files needs a grader running as root"
    ctypes, libc = _libc()
    (path.parent / "owner").write_text(str(os.getpid()))
    flags = 2 | 4  # MS_NOSUID | MS_NODEV
    if libc.mount(b"tmpfs", str(path).encode(), b"tmpfs", ctypes.c_ulong(flags), f"size={size_mb}m,mode=0711".encode()) != 0:
        return f"tmpfs could not be mounted ({os.strerror(ctypes.get_errno())})"
    return ""


def unmount(path: Path) -> None:
    ctypes, libc = _libc()
    libc.umount2(str(path).encode(), MNT_DETACH)


def sweep_mounts() -> None:
    """Unmount the runs/ tmpfs of graders that died without doing it (root only)."""
    if os.geteuid() != 0:
        return
    try:
        lines = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return
    for line in lines:
        parts = line.split()
        if len(parts) < 3 or parts[2] != "tmpfs" or not parts[1].endswith("/runs"):
            continue
        runs = Path(parts[1].replace("\\040", " "))
        if not runs.parent.name.startswith("grade-zygote-"):
            continue
        try:
            owner = int((runs.parent / "owner").read_text())
        except (OSError, ValueError):
            continue
        if owner != os.getpid() and not Path(f"/proc/{owner}").exists():
            unmount(runs)
