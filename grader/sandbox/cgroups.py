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

A group found already empty when its run ends (the usual case: the worker was
stopped and had started nothing that outlived it) is kept for the slot's next
run instead (`Slot.keep`): no new process can enter it (pids.max 0), its memory
is reclaimed (memory.force_empty, beyond 1 MB) and its peak reset, and the next run sets its
caps again before its worker joins. A group in which anything was still running
is always killed and removed. Only root can change a group's caps or make groups,
so nothing a student did to it can reach the next run: its only writable files
are cgroup.procs and tasks, which let a process of the worker's uid move itself in.

Only for a grader running as root with cgroup v1's `pids` and `memory`
controllers mounted (the machines this project runs on); elsewhere `Slot.create`
returns None and a reason, and isolation relies on the pid namespace, which is
killed with its zygote. cgroup v2 (unified) is not implemented yet.

Cost: a new group 2 mkdir, 4 small writes and 4 chown, and 3 writes, 2 reads
and 2 rmdir to kill and remove it (~1 ms of the grader's CPU per run, and the
kernel's work of taking a memory group down); a kept group 6 writes and 2 reads.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

CONTROLLERS = ("pids", "memory")
MAX_PROCESSES = int(os.environ.get("GRADER_MAX_PROCESSES", "64") or 64)  # per submission, threads included
KILL_TIMEOUT = 5.0
KEEP_RECLAIM = 1 << 20  # bytes a kept group may still hold without reclaiming them (see Slot.keep)


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

    KEEP = 2  # empty groups kept for the next runs (one at a time, unless runs overlap)

    def __init__(self, dirs: list[Path], uid: int | None, gid: int | None):
        self.dirs = dirs
        self.uid = uid
        self.gid = gid
        self.spare: list[Group] = []  # empty groups kept for the next runs (see keep)

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
        while self.spare:
            group = self.spare.pop()
            try:
                group.reopen(memory_mb, processes)
                return group
            except OSError:  # (its memory cap could not be set): a new one
                group.kill()
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

    def keep(self, group: "Group") -> bool:
        """Keep `group`, closed and found empty (Group.close_empty), for a next run (True); else it is
        the caller's to kill. Its memory is reclaimed: do it once the run's files are gone (they
        are memory of the group, and cannot be reclaimed while they exist)."""
        if len(self.spare) >= self.KEEP or group.removed:
            return False
        try:
            usage = group._file("memory.usage_in_bytes")
            if usage is not None and int(_read(usage)) > KEEP_RECLAIM:
                # What the run left charged (pages of files it read): reclaimed, not the next run's.
                # Not every time: it drains every CPU's page lists (0.5 ms), and a run
                # usually leaves only ~0.2 MB of the kernel's own objects.
                force_empty = group._file("memory.force_empty")
                if force_empty is None:  # (a memory group without it: not kept)
                    return False
                _write(force_empty, "0")
            peak = group._file("memory.max_usage_in_bytes")
            if peak is not None:
                _write(peak, "0")
        except (OSError, ValueError):
            return False
        self.spare.append(group)
        return True

    def close(self) -> None:
        self.spare.clear()
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
        self._files: dict[str, Path | None] = {}  # a controller file -> where it is (None: no such controller)

    @property
    def paths(self) -> list[str]:
        return [str(d) for d in self.dirs]

    def _file(self, controller_file: str) -> Path | None:
        found = self._files.get(controller_file, False)
        if found is False:
            found = self._files[controller_file] = next(
                (d / controller_file for d in self.dirs if (d / controller_file).exists()), None)
        return found

    def close_empty(self) -> bool:
        """Closed to new processes (pids.max 0); whether no process is in it (then it may be kept: Slot.keep)."""
        pids = self._file("pids.max")
        try:
            if pids is not None:
                _write(pids, "0")
        except OSError:
            return False
        return not self.members()

    def reopen(self, memory_mb: int, processes: int = MAX_PROCESSES) -> None:
        """A kept group made ready for a new run: its caps set again (OSError if they cannot be)."""
        self.memory_mb = 0  # (whatever the last run's was: set again, first, while it is still closed)
        self.raise_memory(memory_mb)
        pids = self._file("pids.max")
        if pids is not None:
            _write(pids, str(processes))

    def cap(self, memory_mb: int, processes: int = MAX_PROCESSES) -> None:
        pids = self._file("pids.max")
        if pids is not None:
            _write(pids, str(processes))
        self.raise_memory(memory_mb)

    def raise_memory(self, memory_mb: int) -> None:
        """The memory cap of the whole group: the largest memory limit of its modules."""
        memory = self._file("memory.limit_in_bytes")
        if memory is not None and memory_mb > self.memory_mb:
            _write(memory, str(int(memory_mb) << 20))
            self.memory_mb = memory_mb

    def members(self) -> set[int]:
        pids: set[int] = set()
        for d in self.dirs:
            try:
                pids |= {int(p) for p in _read(d / "cgroup.procs").split()}
            except (OSError, ValueError):
                pass
        return pids

    def peak_memory(self) -> int:
        f = self._file("memory.max_usage_in_bytes")
        try:
            return int(_read(f)) if f is not None else 0
        except (OSError, ValueError):
            return 0

    def kill(self, timeout: float = KILL_TIMEOUT) -> str:
        """Kill everything in the group and remove it: '' or what is left."""
        if self.removed:
            return ""
        pids = self._file("pids.max")
        try:
            if pids is not None:
                _write(pids, "0")  # no new processes from here on: the set only shrinks
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


def _write(path: Path, text: str) -> None:
    """Write a control file (OSError if refused): one open and one write, which is all the kernel's
    files take; pathlib's write_text went through a text stream, several times the CPU, for each
    of the few files every grading run reads and writes."""
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _read(path: Path) -> str:
    """A control file's text (OSError if it cannot be read), as _write writes them."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks).decode()


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
