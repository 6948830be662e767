"""The student-side process: imports a student's module and runs calls on request.

It uses the standard library, NumPy and `protocol.py` (loaded from this file's
directory by path) and nothing else of the grader, because it is the process
student code runs in: everything it could reach, student code could too.

In CI mode it runs inside bubblewrap (see isolation.py) and, when the grader is
root, first drops to an unprivileged uid (`--drop UID:GID`). Once NumPy is
imported it says "ready" on the control socket, before any student code runs.

It runs as a fork server ("zygote"): the grader starts it once per grading run,
NumPy is imported once, and for each submission the grader asks it over a
SOCK_SEQPACKET control socket to fork a child. The zygote creates a socketpair
per child and hands the grader its end (SCM_RIGHTS) together with the child's
pid. Kill requests also go to the zygote, which only ever signals its own,
not yet reaped children (it is their parent, so their pids cannot have been
reused) and, as child subreaper, orphans of those children that it adopted.

A child (one submission's worker; a new one after a crash, a timeout or an exit):
  * gets its own process group, rlimits (address space, CPU seconds for all its
    modules' budgets together, file size, no core files) and its private copy
    directory as cwd;
  * sends stdout and stderr (fds 1 and 2) to a file there, read back per call;
  * imports a student module on each {"op": "import", "module", "student_modules"}
    and reports "hello" (its names) or why the import failed, in the order asked;
  * serves calls: {"op": "call", "id", "module", "fn", "args", "kwargs"? (none: no keyword arguments),
    "seed"?, "patches"?}
    and answers with the result, the arguments as the call left them (only when
    they changed: mutation detection), the output and the time taken (wall and CPU). While a call
    runs, patched globals are stand-ins that send {"op": "callback"} frames back
    and wait for the grader's {"op": "return"} or {"op": "raise"}; the grader may
    meanwhile send nested calls.
  * keeps each module's own state apart (WorkerChild, _Module) and says when a
    module changed the process for the others ("tainted": the others move out).
"""

from __future__ import annotations

import gc
import importlib.util
import json
import os
import signal
import socket
import _signal
import sys
import time
from pathlib import Path

_HERE = os.path.dirname(os.path.abspath(__file__))
PR_SET_NO_NEW_PRIVS = 38


def _drop_privileges(argv: list[str]) -> None:
    """`--drop UID:GID` (the grader is root): become that user before anything else runs.

    No new privileges first (a set-uid program cannot give them back), then no
    supplementary groups, the gid, the uid; all of root's capabilities go with it.
    If any step fails the worker stops: it never runs student code as root.
    """
    if "--drop" not in argv:
        return
    try:
        uid, gid = (int(x) for x in argv[argv.index("--drop") + 1].split(":"))
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
        if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid) or os.getgroups() not in ([], [gid]):
            raise OSError("the ids did not change")
        try:
            os.setuid(0)
        except PermissionError:
            pass
        else:
            raise OSError("root could be regained")
    except (OSError, ValueError, IndexError) as exc:
        print(f"worker: cannot drop privileges to {argv}: {exc}", file=sys.stderr)
        os._exit(71)


# ---------------------------------------------------------------- private file system (unshare, as root)

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
AT_RECURSIVE, MOUNT_ATTR_RDONLY = 0x8000, 1
SYS_MOUNT_SETATTR = 442  # the same number on x86_64 and aarch64 (kernel 5.12+)


def _private_fs(argv: list[str]) -> None:
    """`--private-fs JSON` (unshare as root, in the worker's own mount namespace, before --drop).

    The whole file system becomes read-only (every mount, recursively); /tmp,
    /var/tmp and /dev/shm become empty, read-only tmpfs (other users' files there
    are gone, and nothing written there could reach the next submission);
    the directories `hide` lists (the grader's source tree, with the course
    inside it in the usual layout) become empty; the Python installation, where
    it lies under a directory other users cannot enter (a 0700 home), is shown
    read-only through an otherwise empty tmpfs, so the unprivileged uid can load
    it and sees nothing else there; the zygote's directory `rw` stays writable.
    Any failure stops the worker: it never runs student code with less than this.
    """
    if "--private-fs" not in argv:
        return
    import ctypes

    try:
        spec = json.loads(argv[argv.index("--private-fs") + 1])
        libc = ctypes.CDLL(None, use_errno=True)

        def mount(source, target, fstype, flags, data=None):
            enc = lambda s: None if s is None else str(s).encode()  # noqa: E731
            if libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)) != 0:
                errno = ctypes.get_errno()
                raise OSError(errno, f"mount {source} on {target}: {os.strerror(errno)}")

        class MountAttr(ctypes.Structure):
            _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                        ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]

        def set_readonly(path: str, readonly: bool) -> bool:
            attr = MountAttr(MOUNT_ATTR_RDONLY if readonly else 0, 0 if readonly else MOUNT_ATTR_RDONLY, 0, 0)
            libc.syscall.restype = ctypes.c_long
            rc = libc.syscall(ctypes.c_long(SYS_MOUNT_SETATTR), ctypes.c_int(-100), path.encode(),
                              ctypes.c_uint(AT_RECURSIVE), ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)))
            return rc == 0  # before Linux 5.12: not read-only, but the unprivileged uid still writes
            # only where every user may, and those places (/tmp, /var/tmp, /dev/shm) are covered below

        def closed_ancestor(path: str) -> str | None:
            """The topmost directory above `path` that other users cannot enter."""
            for parent in reversed([str(p) for p in Path(path).parents] + [path]):
                if parent != "/" and not os.stat(parent).st_mode & 0o001:
                    return parent
            return None

        def makedirs(path: str, mode: int) -> None:
            if not os.path.isdir(path):
                makedirs(os.path.dirname(path), 0o755)
                os.mkdir(path, mode)

        keep = {p: os.open(p, os.O_PATH | os.O_DIRECTORY) for p in [*spec.get("ro", []), *spec.get("rw", [])]}
        # Looked up before anything is covered: a Python installation under /tmp (a venv) is gone
        # from view once /tmp is an empty tmpfs, and is then shown again through its kept descriptor.
        closed_of = {path: closed_ancestor(path) for path in spec.get("ro", [])}
        mount(None, "/", None, MS_REC | MS_PRIVATE)
        set_readonly("/", True)
        covered, readonly_later = [], []
        for path in ("/tmp", "/var/tmp", "/dev/shm"):
            if os.path.isdir(path) and not os.path.islink(path):
                # Read-only as well: one zygote grades many submissions (a batch), and a file one of
                # them left here must not reach the next. Each call's TMPDIR is its own directory.
                mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=1777")  # read-only below
                covered.append(path)
                readonly_later.append(path)
        for path in spec.get("hide", []):
            if os.path.isdir(path):
                mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "size=4k,mode=0755")
                covered.append(path)
        for path in spec.get("ro", []):
            closed = closed_of[path]
            if closed is not None and not any(closed == c or closed.startswith(c + "/") for c in covered):
                mount("tmpfs", closed, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755")
                covered.append(closed)
            if any(path.startswith(c + "/") or path == c for c in covered):
                makedirs(path, 0o755)
                mount(f"/proc/self/fd/{keep[path]}", path, None, MS_BIND | MS_REC)
        for path in spec.get("rw", []):
            makedirs(path, 0o711)
            mount(f"/proc/self/fd/{keep[path]}", path, None, MS_BIND | MS_REC)
            set_readonly(path, False) or mount(None, path, None, MS_REMOUNT | MS_BIND)
        for path in readonly_later:
            mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
        for fd in keep.values():
            os.close(fd)
        if spec.get("cwd"):
            os.chdir(spec["cwd"])
    except (OSError, ValueError, IndexError, KeyError, TypeError) as exc:
        print(f"worker: cannot make its private file system: {exc}", file=sys.stderr)
        os._exit(71)


# ---------------------------------------------------------------- seccomp: no ptrace and friends

# Denied with EPERM: ptrace and reading/writing other processes' memory, kernel
# interfaces student code has no use for, and new namespaces (unshare, setns, clone
# with CLONE_NEWUSER); clone3 says ENOSYS, so the C library falls back to clone,
# whose flags the filter can see. Any other architecture's calls (i386 through
# int 0x80, x32) are denied too.
_SECCOMP = {
    "x86_64": (0xC000003E, 56, {
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312, "pidfd_getfd": 438,
        "perf_event_open": 298, "bpf": 321, "userfaultfd": 323, "keyctl": 250, "add_key": 248, "request_key": 249,
        "mount": 165, "umount2": 166, "pivot_root": 155, "unshare": 272, "setns": 308, "open_by_handle_at": 304,
        "kexec_load": 246, "init_module": 175, "finit_module": 313, "delete_module": 176, "io_uring_setup": 425,
        "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsmount": 432, "mount_setattr": 442}),
    "aarch64": (0xC00000B7, 220, {
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272, "pidfd_getfd": 438,
        "perf_event_open": 241, "bpf": 280, "userfaultfd": 282, "keyctl": 219, "add_key": 217, "request_key": 218,
        "mount": 40, "umount2": 39, "pivot_root": 41, "unshare": 97, "setns": 268, "open_by_handle_at": 265,
        "kexec_load": 104, "init_module": 105, "finit_module": 273, "delete_module": 106, "io_uring_setup": 425,
        "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsmount": 432, "mount_setattr": 442}),
}
CLONE3, CLONE_NEWUSER, X32_BIT = 435, 0x10000000, 0x40000000
PR_SET_SECCOMP, SECCOMP_MODE_FILTER, PR_SET_DUMPABLE = 22, 2, 4


def _seccomp() -> str:
    """Install the filter (inherited by every child and across exec); '' or why not."""
    import ctypes
    import platform

    table = _SECCOMP.get(platform.machine())
    if table is None:
        return f"no seccomp filter for {platform.machine()}"
    arch, clone, denied = table
    EPERM, ENOSYS = 1, 38
    ALLOW, ERRNO = 0x7FFF0000, 0x00050000
    LD, JEQ, JGE, JSET, RET = 0x20, 0x15, 0x35, 0x45, 0x06
    prog = [(LD, 0, 0, 4), (JEQ, 1, 0, arch), (RET, 0, 0, ERRNO | EPERM), (LD, 0, 0, 0)]
    if arch == 0xC000003E:
        prog += [(JGE, 0, 1, X32_BIT), (RET, 0, 0, ERRNO | EPERM)]
    for nr in sorted(set(denied.values())):
        prog += [(JEQ, 0, 1, nr), (RET, 0, 0, ERRNO | EPERM)]
    prog += [(JEQ, 0, 1, CLONE3), (RET, 0, 0, ERRNO | ENOSYS)]
    prog += [(JEQ, 0, 3, clone), (LD, 0, 0, 16), (JSET, 0, 1, CLONE_NEWUSER), (RET, 0, 0, ERRNO | EPERM)]
    prog += [(RET, 0, 0, ALLOW)]

    class Insn(ctypes.Structure):
        _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]

    class Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Insn))]

    insns = (Insn * len(prog))(*[Insn(*i) for i in prog])
    fprog = Prog(len(prog), insns)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}"
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return f"seccomp filter refused: {os.strerror(ctypes.get_errno())}"
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # no core files, /proc/PID/mem and friends for nobody
    return ""


if __name__ == "__main__":
    _private_fs(sys.argv)
    _drop_privileges(sys.argv)
    _SECCOMP_PROBLEM = _seccomp()


def _load_protocol():
    """protocol.py from this directory, without putting the directory on sys.path (compiled,
    protocol.pyc, when the worker itself runs compiled: see processes._worker_copy)."""
    name = "protocol.pyc" if __file__.endswith(".pyc") else "protocol.py"
    spec = importlib.util.spec_from_file_location("_grader_protocol", os.path.join(_HERE, name))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _import_numpy_random() -> None:
    """numpy.random, imported once here (NumPy loads it lazily: 5-10 ms in every child otherwise),
    without bringing `threading` into the zygote.

    numpy.random takes two names from threading, Lock and RLock (its generators' locks),
    and importing threading registers an at-fork handler that then runs in every child
    the zygote forks: about 0.5 ms of CPU and 120 copied pages each, for a module the
    zygote never uses (it starts no thread). So threading is stood in for while
    numpy.random loads, by a module that gives the very objects the real one would
    (threading.Lock is _thread.allocate_lock; threading.RLock() makes _thread.RLock),
    and any other name from the real module, imported then. Once numpy.random is in,
    the stand-in is gone: student code that imports threading gets the real module,
    and with it the at-fork handler its own forks need.
    """
    if "threading" in sys.modules:  # (already there: nothing to spare)
        import numpy.random  # noqa: F401
        return
    import types

    stand_in = types.ModuleType("threading", "Lock and RLock for numpy.random (see _import_numpy_random)")
    stand_in.Lock = _thread.allocate_lock
    stand_in.RLock = _thread.RLock

    def real(name: str):
        """Any other name: from the real threading (a NumPy that needs more than the two)."""
        if sys.modules.get("threading") is stand_in:
            del sys.modules["threading"]
        import threading

        return getattr(threading, name)

    stand_in.__getattr__ = real
    sys.modules["threading"] = stand_in
    try:
        import numpy.random  # noqa: F401
    finally:
        if sys.modules.get("threading") is stand_in:
            del sys.modules["threading"]


protocol = _load_protocol()
import numpy as np  # noqa: E402  (imported once here; every child inherits it)
import _thread  # noqa: E402
_import_numpy_random()
import random  # noqa: E402
import copy  # noqa: E402,F401  (the course's notebooks import it: loaded once here, not in every child)
import traceback  # noqa: E402
import linecache  # noqa: E402
import tempfile  # noqa: E402  (once here: every child sets its tempdir, and importing it there cost each child ~5 ms)
import resource  # noqa: E402  (ditto: every child sets its rlimits)

_SIGINT = int(signal.SIGINT)
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _libc_prctl():
    """libc's prctl, looked up once in the zygote: every child calls it, and loading
    ctypes' view of libc there cost each child about half a millisecond."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except Exception:  # not Linux, or no libc: the grader still kills what it started
        return None


_PRCTL = _libc_prctl()


def _prctl(option: int, value: int) -> None:
    if _PRCTL is not None:
        _PRCTL(option, value, 0, 0, 0)


_perf_counter_ns = time.perf_counter_ns  # bound once, as the CPU clocks below


def _process_cpu_ns(thread_time=time.thread_time_ns, process_time=time.process_time_ns) -> int:
    """This process's CPU nanoseconds, up to date: what a call's "t" reports.

    With RLIMIT_CPU set (as here), Linux answers the process clock from a group timer
    that is brought up to date only at scheduler ticks, so process_time() alone moves in
    steps of a millisecond or more and a 1 ms call often reads 0. Reading this thread's
    clock first brings the group timer up to date. The clocks are bound when this module
    loads, so a student module that replaces time.process_time does not change them.
    Integer nanoseconds: a reply carries them as JSON integers, which cost a fraction of
    what writing and parsing a float's shortest decimal form does.
    """
    thread_time()
    return process_time()


# ====================================================================== zygote

class ForkServer:
    """The fork server loop (student side): forks one child per request, kills and reaps them."""

    def __init__(self, ctl: socket.socket):
        self.ctl = ctl
        self.children: set[int] = set()  # forked, not yet reaped
        self.statuses: dict[int, int] = {}  # reaped by a sweep, status not yet reported
        try:  # the CPUs it started with, and those it is kept to now (see _place)
            self.home_cpus = self.cpus = frozenset(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # not Linux: it runs wherever, and so do its children
            self.home_cpus = self.cpus = None

    def serve(self) -> None:
        while True:
            try:
                data = self.ctl.recv(1 << 16)
            except InterruptedError:  # pragma: no cover - PEP 475 retries
                continue
            except OSError:
                break
            if not data:
                break
            self._reap()  # orphans the grader killed since (a run's control group): no zombies left over
            try:
                msg = json.loads(data)
                op = msg["op"]
            except (ValueError, KeyError, TypeError):
                break
            if op == "spawn":
                self.spawn(msg)
            elif op == "kill":
                status = self.kill(int(msg["pid"]))
                self.ctl.send(json.dumps({"status": status}).encode())
                self.sweep()  # after answering: the grader goes on meanwhile
            elif op == "ping":
                self.ctl.send(b'{"pong": true}')
            else:  # "exit" or anything unknown
                break
        self.shutdown()

    def spawn(self, msg: dict) -> None:
        self._place(msg.get("cpu"))
        try:
            mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            # The zygote's objects out of the collector's sight (O(1)): a full collection
            # in the child would otherwise write to every one of them and copy their pages.
            gc.freeze()
            pid = os.fork()
        except OSError as exc:  # out of processes or memory: say so, stay alive
            self.ctl.send(json.dumps({"error": f"fork failed: {exc}"}).encode())
            return
        if pid == 0:  # the child
            code = 70
            try:
                self.ctl.close()
                mine.close()
                WorkerChild(theirs, msg).run()
                code = 0
            except BaseException:  # noqa: BLE001 - a child must never return into the zygote loop
                try:
                    traceback.print_exc()
                except BaseException:  # noqa: BLE001
                    pass
            finally:
                os._exit(code)
        try:
            os.setpgid(pid, pid)  # also done by the child; whoever is first wins the race
        except OSError:
            pass
        self.children.add(pid)
        theirs.close()
        try:
            socket.send_fds(self.ctl, [json.dumps({"pid": pid}).encode()], [mine.fileno()])
        finally:
            mine.close()

    def _place(self, cpu) -> None:
        """Keep to the grading run's CPU (`cpu`, None: none), so that the child forked next starts there.

        A run and its worker share one CPU (grader/sandbox/affinity.py says why). The child
        inherits the zygote's CPUs through the fork, before any code of the student's runs
        (student code may change its own later: that changes only its own speed); the child
        setting them itself cost a system call and a move to another CPU in every child.
        The zygote's own wake-ups (spawn, kill) then come on the grader's CPU as well. A run
        without a CPU (GRADER_PIN_CPU=0), or one it may not use: the CPUs it started with.
        Its NumPy import, before the first request, is not on the run's CPU (a fresh check
        starts it early: see processes.prestart).
        """
        if self.home_cpus is None:
            return
        wanted = frozenset([cpu]) if type(cpu) is int and cpu >= 0 else self.home_cpus
        for cpus in (wanted, self.home_cpus):
            if cpus == self.cpus:
                return
            try:
                os.sched_setaffinity(0, cpus)
            except (OSError, ValueError, OverflowError):  # a CPU this cpuset forbids, or none such
                continue
            self.cpus = cpus
            return

    def kill(self, pid: int) -> int | None:
        """SIGKILL a child's process group, reap the child; its wait status."""
        status = None
        if pid in self.children:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                status = self.statuses.pop(pid, None)
            self.children.discard(pid)
        elif pid in self.statuses:
            status = self.statuses.pop(pid)
        return status

    def sweep(self) -> None:
        """Kill and reap orphans we adopted (a child's children that outlived it).

        Those are children of this process (its subreaper), so when waitpid finds it has no
        child at all (the usual case after a kill) there is none, and /proc is not read.
        """
        me = os.getpid()
        for _ in range(20):
            reaped, childless = self._reap()
            if childless:
                return
            adopted = [p for p in _children_of(me) if p not in self.children]
            for p in adopted:
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
            if not adopted:
                if not reaped:
                    return
                continue
            time.sleep(0.001)

    def _reap(self) -> tuple[int, bool]:
        """Reap every child that has ended: how many, and whether none is left (ours or adopted)."""
        n = 0
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return n, True
            if pid == 0:
                return n, False
            n += 1
            if pid in self.children:
                self.children.discard(pid)
                self.statuses[pid] = status

    def shutdown(self) -> None:
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            for pid in list(self.children):
                self.kill(pid)
            self.sweep()
            try:
                if os.waitpid(-1, os.WNOHANG) == (0, 0):
                    time.sleep(0.005)  # someone is still dying
            except ChildProcessError:
                return  # no children left at all


def _children_of(ppid: int) -> list[int]:
    """The live children of process `ppid` (this process: orphans it adopted as subreaper).

    /proc/PID/task/TID/children when the kernel has it (a few small reads), else a scan
    of every process in /proc, which costs milliseconds on a busy machine and ran after
    every module of every submission.
    """
    try:
        tasks = os.listdir(f"/proc/{ppid}/task")
        out = []
        for tid in tasks:
            with open(f"/proc/{ppid}/task/{tid}/children", "rb") as f:
                out += [int(p) for p in f.read().split()]
        return out
    except (OSError, ValueError):
        pass
    out = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return out
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        rest = stat[stat.rfind(b")") + 2 :].split()
        if len(rest) > 1 and int(rest[1]) == ppid:
            out.append(int(name))
    return out


# ====================================================================== child

class CourseFunctionError(Exception):
    """Raised inside student code when a patched (course) function failed."""


class _Abort(BaseException):
    """The grader abandoned the call (a callback could not be served)."""


_MISSING = object()


class _Module:
    """One student module imported in this child, and the process state that is its own.

    The state every module changes in the ordinary course of things (the global random
    generators, NumPy's error handling and print options, its own and its sibling modules
    in sys.modules) is put aside when a call goes to another module and brought back when
    one comes to it again, so each module sees what it would in a process of its own.
    """

    def __init__(self, name: str, uses: list[str], output_cap: int):
        self.name = name
        self.uses = uses  # its student modules: itself first, then those it may import
        self.output_cap = output_cap
        self.module = None
        self.modules: dict[str, object] = {}  # the submission's modules it imported (sys.modules entries)
        self.seen = 0  # len(sys.modules) when it last had them: a change means a new import
        self.state: tuple | None = None  # _state() when it last ran


_ZYGOTE_STATE: tuple | None = None  # _state() of the zygote, which every child starts with (set in main)
_MT_BYTES = None  # _mt_state_reader() (set in main)
_MT_AT_START = b""  # what it read in the zygote: NumPy's random state when every child starts
_NP_STATE = None  # _np_state_access(): (read, write) of NumPy's whole global random state as bytes (set in main)


def _state() -> tuple:
    """The process-wide state a module may change as a matter of course (see _Module)."""
    return (_np_random_state(), random.getstate(), np.geterr(), _PRINT_OPTIONS.get() if _PRINT_OPTIONS else None)


def _set_state(state: tuple) -> None:
    np_state, py_state, errors, printing = state
    if not (_ZYGOTE_STATE is not None and np_state is _ZYGOTE_STATE[0] and _np_random_at_start()):
        # (not when it is already the one every child starts with)
        if type(np_state) is bytes:  # what _NP_STATE read
            _NP_STATE[1](np_state)
        else:
            np.random.set_state(np_state)
    random.setstate(py_state)
    np.seterr(**errors)
    if _PRINT_OPTIONS is not None:
        _PRINT_OPTIONS.set(printing)


def _np_random_state():
    """NumPy's global random state: the zygote's own object when the state is still that one,
    else its bytes (_NP_STATE), else np.random.get_state().

    NumPy reads and writes the 624 words of its generator one by one (get_state 0.09 ms,
    set_state 0.06 ms), and a child did both around every import and every switch from
    one module to another; most modules draw nothing at import. The generator's words and
    position are compared as bytes instead: the same words and position as in the zygote,
    which had drawn no normal variate, mean the same state (a cached normal variate is
    drawn with new words). A state put aside is those bytes and the cached normal
    variate's (_np_state_access), read and written back in a microsecond.
    """
    if _ZYGOTE_STATE is not None and _np_random_at_start():
        return _ZYGOTE_STATE[0]
    if _NP_STATE is not None:
        return _NP_STATE[0]()
    return np.random.get_state()


def _np_random_at_start() -> bool:
    """Whether NumPy's global generator is still in the state every child starts with (its bytes)."""
    return _MT_BYTES is not None and _MT_BYTES() == _MT_AT_START


def _mt_state_reader():
    """A reader of the bytes of NumPy's global generator (MT19937: 624 words and a position), or None.

    Through the generator's documented ctypes address; used only if what it reads is
    what get_state says, before and after a draw (the zygote draws one and puts the
    state back).
    """
    try:
        import ctypes
        import functools

        state = np.random.get_state()
        if state[0] != "MT19937" or state[3] != 0:
            return None
        size = 624 * 4 + ctypes.sizeof(ctypes.c_int)
        generator = np.random.mtrand._rand._bit_generator
        # The generator is kept alive with the reader: a module may rebind that attribute, never free its memory.
        read = functools.partial(ctypes.string_at, generator.ctypes.state_address, size)
        read.generator = generator

        def expected(legacy) -> bytes:
            return np.asarray(legacy[1], dtype="=u4").tobytes() + int(legacy[2]).to_bytes(
                ctypes.sizeof(ctypes.c_int), sys.byteorder, signed=True)

        fits = read() == expected(state)
        np.random.random()
        fits = fits and read() == expected(np.random.get_state())
        np.random.set_state(state)
        return read if fits and read() == expected(state) else None
    except Exception:  # noqa: BLE001 - another generator or layout: get_state and set_state every time
        return None


def _np_state_access():
    """(read, write) of NumPy's whole global random state as bytes, or None: what get_state and
    set_state give and take, without their loops over the generator's 624 words.

    The legacy state is the generator's words and position (read by _MT_BYTES, through
    the generator's documented ctypes address) and the normal variate it may keep for
    the next draw: a flag (a C int) and a double inside the RandomState object, 8 bytes
    apart, found by the double's value in a marked state. Used only if writing back
    what was read gives, as get_state says, the very state read: once for a state
    without a kept variate and once for one with (the zygote draws a normal, and then
    puts its state back: about 0.5 ms of CPU, once per zygote).
    """
    if _MT_BYTES is None:
        return None
    saved = None
    try:
        import ctypes
        import struct

        rs = np.random.mtrand._rand
        generator = _MT_BYTES.generator
        if type(rs) is not np.random.RandomState or rs._bit_generator is not generator:
            return None
        saved = rs.get_state()
        if saved[3] != 0:
            return None
        mark = 0.7853981633974483
        rs.set_state(saved[:3] + (1, mark))
        raw = ctypes.string_at(id(rs), type(rs).__basicsize__)
        rs.set_state(saved)
        places = [i for i in range(8, len(raw) - 7, 8) if raw[i : i + 8] == struct.pack("d", mark)]
        if len(places) != 1 or int.from_bytes(raw[places[0] - 8 : places[0] - 4], sys.byteorder) != 1:
            return None
        kept = id(rs) + places[0] - 8  # the flag, 4 bytes of padding, the double: 16 bytes
        words, mt_size = generator.ctypes.state_address, len(_MT_BYTES())

        def read() -> bytes:
            return _MT_BYTES() + ctypes.string_at(kept, 16)

        def write(state: bytes) -> None:
            ctypes.memmove(words, state, mt_size)
            ctypes.memmove(kept, state[mt_size:], 16)

        def same(a, b) -> bool:
            return a[0] == b[0] and a[1].tobytes() == b[1].tobytes() and tuple(a[2:]) == tuple(b[2:])

        before = read()
        rs.standard_normal()  # new words, and a normal variate kept for the next draw
        drawn, after = rs.get_state(), read()
        write(before)
        fits = drawn[3] == 1 and same(rs.get_state(), saved)
        write(after)
        fits = fits and same(rs.get_state(), drawn)
        write(before)
        if not (fits and read() == before):
            rs.set_state(saved)
            return None
        read.rs = write.rs = rs  # (kept alive with them, as _MT_BYTES keeps the generator)
        return read, write
    except Exception:  # noqa: BLE001 - another NumPy or layout: get_state and set_state every time
        if saved is not None:
            np.random.mtrand._rand.set_state(saved)
        return None


try:
    from numpy._core.arrayprint import format_options as _PRINT_OPTIONS  # noqa: E402
except ImportError:  # pragma: no cover - another NumPy layout: print options are then shared
    _PRINT_OPTIONS = None


_WATCHED_HITS: list[str] = []  # modules of _watched() whose attributes were set or deleted


class _WatchedModule(type(np)):
    """A module that notes any attribute set or deleted on it (other than to a submodule,
    which the import system binds to its package): what patching NumPy or the builtins takes."""

    def __setattr__(self, name, value):
        if type(value) is not type(np):
            _WATCHED_HITS.append(name)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        _WATCHED_HITS.append(name)
        super().__delattr__(name)


def _dict_version_reader():
    """A reader of a dict's version tag (CPython's ma_version_tag, PEP 509), or None.

    The tag changes with every change of the dict, so an unchanged tag says that a
    watched namespace is as it was without reading every value in it (which costs a
    child a millisecond or more: their reference counts change, so their pages are
    copied). It is an interpreter detail (deprecated since 3.12), so it is used only if
    it behaves so here: tried on a dict of its own, every kind of change must give a
    new tag. An interpreter without it, or with another object layout, fails that, and
    the fingerprint then compares every value, as before.
    """
    try:
        import ctypes
        import struct

        if struct.calcsize("P") != 8 or sys.implementation.name != "cpython":
            return None

        def version(space: dict, _at=ctypes.c_uint64.from_address) -> int:
            return _at(id(space) + 24).value  # after the reference count, the type and the size

        probe = {"a": 1, "b": 2}
        seen = {version(probe)}
        changes = (lambda d: d.__setitem__("c", 3), lambda d: d.__setitem__("a", 4), lambda d: d.__delitem__("c"),
                   lambda d: d.update(b=5), lambda d: d.pop("b"), lambda d: d.setdefault("e", 6),
                   lambda d: d.popitem(), lambda d: d.clear())
        for change in changes:
            change(probe)
            tag = version(probe)
            if tag in seen:
                return None
            seen.add(tag)
        return version
    except Exception:  # noqa: BLE001 - no ctypes, or anything unexpected: compare every value
        return None


_DICT_VERSION = None  # _dict_version_reader(), set in the zygote (main)


def _watched() -> list:
    """The modules every student module uses, whose changes would reach its siblings' results."""
    import builtins
    import math

    return [np, np.linalg, np.random, builtins, math, random]


def _watch() -> None:
    """Done once in the zygote: its children inherit the watched modules."""
    for module in _watched():
        try:
            module.__class__ = _WatchedModule
        except TypeError:  # pragma: no cover - not a plain module: the full fingerprint still sees it
            pass


class _Fingerprint:
    """What a module may change for every module in the process, as it was when the child started.

    A change (NumPy or the builtins patched, a thread or a child process left running,
    the streams, the import system, the working directory, the limits) cannot be put
    aside per module: the module that made it keeps the process, and its sibling modules
    go to a fresh one. After a call the quick look is taken (a few microseconds: the
    watched modules' attribute assignments, threads, children, streams); after an
    import, also the full one (every value of those modules' namespaces, however set,
    the path and the limits). It is best effort against mistakes, not a guard against
    the student (code in this process can change anything in it, this check included);
    what it misses can affect only the same submission's other modules.
    """

    spaces: list = []  # (namespace, its getter, its values): taken once in the zygote (see snapshot)

    def __init__(self, directory: str):
        self.directory = directory
        if not self.spaces:  # (not started by the zygote's main: take them here)
            self.snapshot()
        self.quick = self._quick()
        self.full = self._full()
        del _WATCHED_HITS[:]

    @classmethod
    def snapshot(cls) -> None:
        """The watched modules' namespaces as they are: done once in the zygote, which runs no
        student code, so every child starts from them. Taking them in each child cost it about
        2 ms of CPU (a tuple of every value, some 1500, and 300 copied pages)."""
        import operator

        cls.spaces = []
        for module in _watched():
            space = vars(module)
            keys = sorted(k for k in space if type(k) is str)
            getter = operator.itemgetter(*keys)
            cls.spaces.append((space, getter, getter(space), _DICT_VERSION(space) if _DICT_VERSION else None))

    @staticmethod
    def _quick() -> tuple:
        return (sys.stdin, sys.stdout, sys.stderr, tuple(sys.meta_path), tuple(sys.path_hooks), sys.getrecursionlimit(),
                sys.gettrace(), sys.getprofile(), gc.isenabled(), os.getcwd())

    @staticmethod
    def _full() -> tuple:
        limits = tuple(resource.getrlimit(r) for r in (resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_FSIZE,
                                                        resource.RLIMIT_NOFILE))
        return tuple(sys.path), limits

    def changed(self, full: bool = False) -> str:
        """Why the process is no longer fit for other modules ('' if it is)."""
        try:
            if _WATCHED_HITS:
                return f"NumPy or the standard library was changed ({str(_WATCHED_HITS[0])[:60]} was set)"
            if _thread._count():
                return "a thread was left running"
            try:
                os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pass
            else:
                return "a process was started"
            if self._quick() != self.quick:
                return "the interpreter's streams, import system or working directory were changed"
            if full:
                for space, getter, values, version in self.spaces:
                    if version is not None and _DICT_VERSION(space) == version:
                        continue  # not changed at all: no need to read its 1500 values (and copy their pages)
                    if getter(space) != values:
                        return "NumPy or the standard library was changed"
                if self._full() != self.full:
                    return "the interpreter's path or limits were changed"
        except BaseException:  # noqa: BLE001 - whatever makes the check fail is a change too
            return "the process was changed"
        return ""


class WorkerChild:
    """One forked child (student side): the submission's worker.

    It imports the student's modules on request ("import", one "hello" each) and serves
    calls into them; a call names its module. One process serves all the modules of a
    submission: each module's own state is swapped in for its calls (see _Module), and a
    module that changes the process for the others keeps it to itself ("tainted" in its
    reply; the grader gives the others a fresh process, and this one declines them).
    """

    def __init__(self, sock: socket.socket, msg: dict):
        self.sock = sock
        self.dir = str(msg["dir"])  # (its real path once the child is in it: see run)
        self.limits = msg.get("limits", {})
        self.cgroups = [str(g) for g in msg.get("cgroups") or []]
        self.output_cap = int(self.limits.get("output_kb", 64)) * 1024
        self.pid = os.getpid()
        self.module = None  # the module being imported or called (its _Module: self.current)
        self.module_name = ""
        self.student_modules: list[str] = []
        self.modules: dict[str, _Module] = {}  # imported, by name
        self.current: _Module | None = None
        self.owner = ""  # the module that changed the process for the others: the only one served then
        self.initial: tuple | None = None
        self.fingerprint: _Fingerprint | None = None
        self.depth = 0  # calls running (more than one: nested in a callback)
        self.ran = False  # whether student code has run here (an import tried)
        self.inherited = (len(sys.modules), *next(reversed(sys.modules.items())))  # see _submission_modules

    # -------------------------------------------------------------- setup
    def run(self) -> None:
        # First of all, the submission's control groups (a process and a memory cap for
        # everything it starts, killed as one when its grading ends). Not in them: no
        # student code runs.
        for group in self.cgroups:
            fd = os.open(os.path.join(group, "cgroup.procs"), os.O_WRONLY)
            try:
                os.write(fd, b"0")
            finally:
                os.close(fd)
        try:
            os.setpgid(0, 0)
        except OSError:
            pass
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        # Ctrl-C raises KeyboardInterrupt in student code, as in a plain `python`. (SIGTERM and
        # SIGXFSZ the zygote set for every child: see main.) Through _signal, not signal.signal,
        # whose conversions to and from enums ran some 40 functions of `enum` in every child.
        _signal.signal(_SIGINT, _signal.default_int_handler)
        # Only the socket to the grader stays open (as fd 3).
        if self.sock.fileno() != 3:
            os.dup2(self.sock.fileno(), 3)
            fd = self.sock.detach()
            os.close(fd)
            # Its kind given: else the socket asks the kernel (three system calls).
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, 0, fileno=3)
        os.closerange(4, 1 << 16)
        self.sock.setblocking(True)
        self._rlimits()
        # The directory by its real path (the one student code's files and frames are under):
        # the kernel's after the chdir, instead of os.path.realpath's lstat of every component.
        os.chdir(self.dir)
        self.dir = os.getcwd()
        # Files the student writes stay in this run's directory (removed after the run),
        # never in a place the next submission graded by this worker could read.
        os.environ["HOME"] = os.environ["TMPDIR"] = self.dir
        tempfile.tempdir = self.dir
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        out = os.open(os.path.join(self.dir, ".output"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(out)
        self.out_fd = os.open(os.path.join(self.dir, ".output"), os.O_RDWR)
        sys.argv = [os.path.join(self.dir, "__main__.py")]
        sys.path.insert(0, self.dir)
        os.umask(0o077)
        # The zygote's state, but for Python's own generator, which `random` seeds afresh in every
        # child (after fork): its state here, as before (cheap to read, unlike NumPy's).
        self.initial = (_ZYGOTE_STATE[0], random.getstate(), *_ZYGOTE_STATE[2:]) if _ZYGOTE_STATE else _state()
        self.fingerprint = _Fingerprint(self.dir)
        self.serve()

    def _rlimits(self) -> None:
        def setlimit(which, soft, hard=None):
            try:
                resource.setrlimit(which, (soft, soft if hard is None else hard))
            except (ValueError, OSError):
                pass

        mb = int(self.limits.get("memory_mb", 2048))
        setlimit(resource.RLIMIT_AS, mb * 1024 * 1024)
        cpu = int(self.limits.get("cpu_seconds", 0))  # a backstop for the whole worker: the sum of its modules' budgets
        if cpu > 0:
            setlimit(resource.RLIMIT_CPU, cpu, cpu + 1)
        setlimit(resource.RLIMIT_FSIZE, int(self.limits.get("file_mb", 16)) * 1024 * 1024)
        setlimit(resource.RLIMIT_CORE, 0)

    def _import(self, msg: dict) -> None:
        name, uses = msg.get("module"), msg.get("student_modules")
        if type(name) is not str or not name.isidentifier() or type(uses) is not list or \
                not all(type(u) is str and u.isidentifier() for u in uses):
            return self._send({"op": "hello", "module": str(name), "ok": False,
                               "error": {"type": "ProtocolError", "message": "bad import request", "frames": []}})
        if (self.owner and self.owner != name) or name in self.modules:
            return self._send({"op": "hello", "module": name, "declined": True})
        entry = _Module(name, [name, *(u for u in uses if u != name)],
                        int(msg.get("output_kb", self.limits.get("output_kb", 64))) * 1024)
        self._leave()
        if self.ran:  # (until student code runs, the state is the one the child started with)
            _set_state(self.initial)  # as in a process of its own: the state the child started with
        self._enter(entry)
        finder = sys.path_importer_cache.get(self.dir)
        if finder is not None:
            finder.invalidate_caches()  # the directory may have gained this module's files since
        self._clear_output()
        self.ran = True
        try:
            module = importlib.import_module(name)
        except BaseException as exc:  # noqa: BLE001 - SystemExit, KeyboardInterrupt, SyntaxError...
            self._check_pid()
            error = self._describe(exc, importing=True)
            entry.seen = -1  # whatever it left in sys.modules is found and put aside
            self._leave()
            reply = {"op": "hello", "module": name, "ok": False, "error": error, "output": self._read_output()}
            self._send(self._taint(reply, name, full=True))
            return
        self._check_pid()
        entry.module = self.module = module
        self.modules[name] = entry
        names = sorted(n for n in vars(module) if not n.startswith("__"))
        reply = {"op": "hello", "module": name, "ok": True, "names": names, "output": self._read_output()}
        self._send(self._taint(reply, name, full=True))

    # -------------------------------------------------------------- one module's state
    def _submission_modules(self) -> dict[str, object]:
        """The modules in sys.modules loaded from the submission's directory.

        Only the entries added since the child started are read: sys.modules keeps its
        insertion order (an entry removed and put back goes to the end), so they are
        those after the last entry it started with, found walking back from the newest,
        if that entry is still where it was (none before it was removed); else every
        entry is read. Reading the 200-odd modules inherited from the zygote cost 0.4 ms
        of CPU a time and copied their pages (their reference counts change). An inherited
        entry changed in place (importlib.reload of a standard module from a file written
        in the directory) is not seen: best effort, as the fingerprint.
        """
        prefix = self.dir + os.sep
        found = {}
        count, last_key, last_module = self.inherited
        added = len(sys.modules) - count  # entries after the last inherited one, if it is where it was
        newest: list = []
        for item in reversed(sys.modules.items()):  # nothing here can run code or change sys.modules
            if len(newest) == added and item[1] is last_module and type(item[0]) is str and item[0] == last_key:
                break
            newest.append(item)
        for key, module in reversed(newest):
            try:
                file = vars(module).get("__file__")
            except BaseException:  # noqa: BLE001 - not a module: anything can be put there
                continue
            if type(file) is str and file.startswith(prefix):
                found[key] = module
        return found

    @staticmethod
    def _set_aside(modules: dict) -> None:
        for key, module in modules.items():
            if sys.modules.get(key) is module:
                del sys.modules[key]

    def _leave(self) -> None:
        """Put the current module's state aside (its modules out of sys.modules)."""
        entry = self.current
        if entry is None:
            return
        if len(sys.modules) != entry.seen:  # it imported something since: see what
            entry.modules = self._submission_modules()
        entry.state = _state()
        self._set_aside(entry.modules)
        self.current = None

    def _enter(self, entry: _Module) -> None:
        """Bring a module's state back (or, for one being imported, start it)."""
        self.current = entry
        self.module, self.module_name, self.student_modules = entry.module, entry.name, entry.uses
        self.output_cap = entry.output_cap
        sys.argv = [os.path.join(self.dir, entry.name + ".py")]
        if entry.state is not None:
            _set_state(entry.state)
        sys.modules.update(entry.modules)
        entry.seen = len(sys.modules)

    def _switch(self, name: object) -> "_Module | None":
        """Make module `name` current for a call (None: not imported here); the one it replaced."""
        entry = self.modules.get(name) if type(name) is str else None
        if entry is None or (self.owner and self.owner != entry.name):
            return None
        if entry is not self.current:
            self._leave()
            self._enter(entry)
        return entry

    def _taint(self, reply: dict, name: str, full: bool = False) -> dict:
        """Say so in `reply` if the process is no longer fit for other modules (first time only)."""
        if not self.owner and self.fingerprint is not None:
            why = self.fingerprint.changed(full)
            if why:
                self.owner = name
                reply["tainted"] = why
        return reply

    # -------------------------------------------------------------- serving
    def serve(self) -> None:
        while True:
            try:
                msg, blobs = protocol.recv(self.sock)
            except (protocol.Closed, OSError):
                return
            op = msg.get("op")
            if op == "call":
                self.dispatch(msg, blobs)
            elif op == "import":
                self._import(msg)
            elif op == "bye":
                return
            else:
                self._send({"op": "error", "message": f"unexpected op {op!r}"})

    standin_cpu = 0  # CPU nanoseconds the running call spent in course-function stand-ins (the protocol's, not the student's)
    _standins: dict | None = None  # (module, name) -> its stand-in, made once

    def dispatch(self, msg: dict, blobs: list) -> None:
        """A call into the module it names (the current one if it names none)."""
        outer = self.current if self.depth else None  # a call nested in a call: that call's module
        entry = self._switch(msg.get("module", self.module_name))
        if entry is None:
            return self._send({"op": "result", "id": msg.get("id"), "kind": "protocol",
                               "message": f"module {str(msg.get('module'))[:100]!r} is not imported in this worker"})
        self.depth += 1
        try:
            self.call(msg, blobs)
        finally:
            self.depth -= 1
        if outer is not None and outer is not entry and outer.name in self.modules:
            self._leave()  # back to the outer call's module, its state as it was
            self._enter(outer)

    def call(self, msg: dict, blobs: list) -> None:
        cid = msg.get("id")
        name = msg.get("fn")
        try:
            args = protocol.decode(msg["args"], blobs)
            kwargs = protocol.decode(msg["kwargs"], blobs) if "kwargs" in msg else {}
            if type(args) is not tuple or type(kwargs) is not dict:
                raise protocol.ProtocolError("bad arguments")
        except (protocol.ProtocolError, KeyError) as exc:
            return self._send({"op": "result", "id": cid, "kind": "protocol", "message": str(exc)})
        fn = self.module.__dict__.get(name, _MISSING) if type(name) is str else _MISSING
        if fn is _MISSING:
            return self._send({"op": "result", "id": cid, "kind": "missing"})
        if not callable(fn):
            return self._send({"op": "result", "id": cid, "kind": "missing", "what": protocol.describe_type(fn)})
        seed = msg.get("seed")
        if seed is not None:
            try:
                np.random.seed(seed)
                random.seed(seed)
            except (TypeError, ValueError) as exc:
                return self._send({"op": "result", "id": cid, "kind": "protocol", "message": f"bad seed: {exc}"})
        patches = msg.get("patches")
        restore = self._patch(patches) if patches else None
        error = None
        outer, self.standin_cpu = self.standin_cpu, 0  # CPU in course-function stand-ins, not the student's
        start, cpu_start = _perf_counter_ns(), _process_cpu_ns()
        try:
            result = fn(*args, **kwargs)
        except _Abort:
            self._check_pid()
            if restore is not None:
                restore()
            return self._send({"op": "result", "id": cid, "kind": "aborted"})
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are the student's too
            result = None
            error = exc
        wall, cpu = _perf_counter_ns() - start, _process_cpu_ns() - cpu_start
        # (wall, CPU, CPU less the stand-ins') in nanoseconds
        times, self.standin_cpu = [wall, cpu, max(cpu - self.standin_cpu, 0)], outer
        self._check_pid()
        if restore is not None:
            restore()
        reply = self._taint({"op": "result", "id": cid, "t": times}, self.module_name)
        out_blobs: list = []
        if error is not None:
            reply.update(kind="raised", error=self._describe(error))
        else:
            try:
                reply["value"] = protocol.encode(result, out_blobs, copy=False)
                reply["kind"] = "ok"
            except protocol.EncodeError as exc:
                out_blobs = []
                reply.pop("value", None)
                reply.update(kind="notplain", type=exc.type_name, path=exc.path, reason=exc.reason)
            except (RecursionError, MemoryError) as exc:
                out_blobs = []
                reply.pop("value", None)
                reason = "a value nested too deeply cannot be graded" if isinstance(exc, RecursionError) else "the result is too large to send"
                reply.update(kind="notplain", type=protocol.describe_type(result), path="", reason=reason)
            if reply["kind"] == "ok" and not _unchanged_call(args, kwargs, msg, blobs):
                self._after(msg, blobs, args, kwargs, reply, out_blobs)
        output = self._read_output()
        if output:  # (none: the grader reads it as "")
            reply["output"] = output
        try:
            protocol.send(self.sock, reply, out_blobs)
        except protocol.FrameTooLarge as exc:  # nothing was written: say so instead
            if len(output) > 1 << 16:  # the output may be what made the frame too large
                output = output[: 1 << 16] + f"\n[... {len(output) - (1 << 16)} more characters of output not shown]\n"
            reply = {"op": "result", "id": cid, "t": times, "kind": "too_large", "output": output,
                     "type": protocol.describe_type(result), "reason": exc.reason, "in_args": "args_after" in reply}
            self._send(reply)
        except OSError:
            os._exit(0)

    def _after(self, msg: dict, blobs: list, args: tuple, kwargs: dict, reply: dict, out_blobs: list) -> None:
        """Send the arguments back only if the call changed them (in place)."""
        new_blobs: list = []
        try:
            new_args = protocol.encode(args, new_blobs, copy=False)
            new_kwargs = protocol.encode(kwargs, new_blobs, copy=False)
        except (protocol.EncodeError, RecursionError, MemoryError) as exc:
            reply["kind"] = "notplain"
            reply.pop("value", None)
            out_blobs.clear()
            reply.update(type=getattr(exc, "type_name", "object"), path="", reason="", in_args=True)
            return
        # Trees compare by value (a NaN argument is the very same float object, so
        # it compares equal too); array contents compare as bytes.
        same = (
            len(new_blobs) == len(blobs)
            and new_args == msg["args"]
            and new_kwargs == msg.get("kwargs", protocol.NO_KWARGS)
            and all(_same_bytes(a, b) for a, b in zip(new_blobs, blobs))
        )
        if not same:
            # Re-encode into the reply's blob list so indices refer to it.
            reply["args_after"] = protocol.encode(args, out_blobs, copy=False)
            reply["kwargs_after"] = protocol.encode(kwargs, out_blobs, copy=False)

    # -------------------------------------------------------------- patches
    def _patch(self, names: list):
        saved = []
        modules = [sys.modules.get(m) for m in self.student_modules]
        standins = self._standins
        if standins is None:
            standins = self._standins = {}
        for name in names:
            name = str(name)
            key = (self.module_name, name)  # a stand-in names the module it stands in (one process serves several)
            standin = standins.get(key)
            if standin is None:
                standin = standins[key] = self._standin(name)
            for i, module in enumerate(modules):
                if module is None:
                    continue
                if i == 0 or name in module.__dict__:
                    saved.append((module, name, module.__dict__.get(name, _MISSING)))
                    module.__dict__[name] = standin

        def restore():
            for module, name, old in reversed(saved):
                if old is _MISSING:
                    module.__dict__.pop(name, None)
                else:
                    module.__dict__[name] = old

        return restore

    def _standin(self, name: str):
        child = self

        def standin(*args, **kwargs):
            started = _process_cpu_ns()
            try:
                return exchange(*args, **kwargs)
            finally:  # sending the arguments and reading the result is the protocol's work, not the student's
                child.standin_cpu += _process_cpu_ns() - started

        def exchange(*args, **kwargs):
            child._check_pid()
            blobs: list = []
            try:
                tree_args = protocol.encode(args, blobs)
                tree_kwargs = protocol.encode(kwargs, blobs) if kwargs else None
            except protocol.EncodeError as exc:
                raise TypeError(
                    f"{name}() was given a {exc.type_name}{' at ' + exc.path if exc.path else ''}; "
                    f"it takes NumPy arrays, numbers, strings and lists/tuples/dicts of these"
                ) from None
            try:
                message = {"op": "callback", "name": name, "args": tree_args}
                if tree_kwargs is not None:  # (none: no keyword arguments)
                    message["kwargs"] = tree_kwargs
                protocol.send(child.sock, message, blobs)
            except protocol.FrameTooLarge as exc:  # nothing was written: the grader ends the call
                child._send({"op": "callback", "name": name, "too_large": exc.reason})
            except OSError:
                os._exit(0)
            while True:
                try:
                    msg, rblobs = protocol.recv(child.sock)
                except (protocol.Closed, OSError):
                    os._exit(0)
                op = msg.get("op")
                if op == "call":
                    child.dispatch(msg, rblobs)
                elif op == "return":
                    return protocol.decode(msg["value"], rblobs)
                elif op == "raise":
                    raise CourseFunctionError(msg.get("message", ""))
                else:
                    raise _Abort()

        standin.__name__ = standin.__qualname__ = name
        standin.__module__ = self.module_name
        return standin

    # -------------------------------------------------------------- helpers
    def _check_pid(self) -> None:
        """A process forked by student code must never speak for the worker."""
        if os.getpid() != self.pid:
            os._exit(0)

    def _send(self, message: dict, blobs: list = ()) -> None:
        try:
            protocol.send(self.sock, message, blobs)
        except (OSError, protocol.ProtocolError):
            os._exit(0)

    @staticmethod
    def _flush() -> None:
        """Push what the student's code printed into the output file (its streams may be anything)."""
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001
                pass

    def _clear_output(self) -> None:
        self._flush()
        try:
            os.ftruncate(self.out_fd, 0)
        except OSError:
            pass

    def _read_output(self) -> str:
        self._flush()
        try:
            size = os.lseek(self.out_fd, 0, os.SEEK_END)  # the file's size: one cheap call when nothing was printed
            if not size:
                return ""
            data = os.pread(self.out_fd, min(size, self.output_cap), 0)
            os.ftruncate(self.out_fd, 0)
        except OSError:
            return ""
        text = data.decode("utf-8", errors="replace")
        if size > len(data):
            text += f"\n[... {size - len(data)} more bytes of output not shown]\n"
        return text

    def _describe(self, exc: BaseException, importing: bool = False) -> dict:
        """Type, message and the student's own frames of an exception, as plain data."""
        try:
            message = str(exc)
        except BaseException:  # noqa: BLE001
            message = "<the exception's message could not be shown>"
        if len(message) > 2000:
            message = message[:2000] + " ..."
        info = {"type": type(exc).__name__, "message": message, "frames": []}
        if isinstance(exc, SystemExit):
            info["code"] = exc.code if type(exc.code) in (int, str, type(None)) else repr(exc.code)
        if isinstance(exc, SyntaxError) and exc.filename and _inside(exc.filename, self.dir):
            info["frames"].append([os.path.basename(exc.filename), exc.lineno or 0, "", (exc.text or "").strip()[:200]])
            info["message"] = exc.msg or message
        try:
            tb = traceback.extract_tb(exc.__traceback__)
        except BaseException:  # noqa: BLE001
            tb = []
        for frame in tb:
            if _inside(frame.filename, self.dir):
                line = frame.line or linecache.getline(frame.filename, frame.lineno or 0).strip()
                info["frames"].append([os.path.basename(frame.filename), frame.lineno or 0, frame.name, (line or "")[:200]])
        return info


def _hide_grader() -> None:
    """Student code has no use for the grader's own packages on the path.

    Done once in the zygote, before any child is forked (they inherit it): clearing
    the path finders' cache in every child freed and rebuilt them there, about 1 ms
    of CPU and 200 copied pages per child.
    """
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__module__ + repr(f)]
    sys.path_hooks[:] = [h for h in sys.path_hooks if "editable" not in repr(h)]
    sys.path[:] = [p for p in sys.path if "__editable__" not in p]
    sys.path_importer_cache.clear()


def _inside(path: str, directory: str) -> bool:
    if not path or not os.path.isabs(path):  # "<frozen ...>", "<string>"
        return False
    try:
        return os.path.commonpath([os.path.abspath(path), directory]) == directory
    except ValueError:
        return False


def _unchanged(value, tree, blobs: list, fixed: bool = True) -> bool:
    """Whether an argument is certainly as the frame brought it (`tree`, `blobs`); False when unsure.

    True only where encoding it again would give the same tree and the same
    bytes (what `_after` compares), found without encoding it: arrays are
    compared by type, dtype, shape and bytes, lists, tuples and dicts item by
    item, in step with the tree (so never deeper than it). `fixed`: the value sits
    where the call could not have put another one (not inside a list or dict), so
    a number, a string or a NumPy scalar there is unchanged as it is.
    """
    t = type(value)
    if t is np.ndarray:
        if type(tree) is not dict or "a" not in tree:
            return False
        dtype = _DTYPES.get(tree.get("dt"))
        if dtype is None or value.dtype is not dtype or list(value.shape) != tree.get("sh") or not value.flags.c_contiguous:
            return False
        if not value.size:
            return True
        try:
            return _same_array_bytes(value, blobs[tree["a"]])
        except (ValueError, TypeError, IndexError):
            return False
    # (Loops, not all() over a generator: a call's arguments are walked after every call.)
    if t is tuple or t is list:
        if t is tuple:
            items = tree.get("t") if type(tree) is dict else None
        else:  # a list's items may be replaced in place: none of them is fixed
            items, fixed = tree, False
        if type(items) is not list or len(items) != len(value):
            return False
        for v, i in zip(value, items):
            if not _unchanged(v, i, blobs, fixed):
                return False
        return True
    if t is dict:
        pairs = tree.get("d") if type(tree) is dict else None
        if type(pairs) is not list or len(pairs) != len(value):
            return False
        for (k, v), pair in zip(value.items(), pairs):
            if type(pair) is not list or len(pair) != 2 or type(k) is not type(pair[0]) or k != pair[0]:
                return False
            if not _unchanged(v, pair[1], blobs, False):
                return False
        return True
    if fixed:  # a number, string, NumPy scalar, complex or bytes where nothing could replace it
        return True
    # In a list or a dict: the very value that arrived, or an equal one of the same type.
    return (t is type(tree) and (value is tree or value == tree)) if t in _LEAVES else False


_LEAVES = protocol.LEAVES  # (bound here: _unchanged looks it up for every value)
_DTYPES = protocol._DTYPES  # (ditto; the protocol's own cache of allowed dtypes, filled in place)
_CONTAINERS = frozenset([tuple, list, dict, np.ndarray])  # the values _unchanged looks into


def _same_bytes(a, b) -> bool:
    """Whether two byte buffers (bytes, or memoryviews of bytes) hold the same bytes.

    memoryview's == compares item by item through the struct machinery, about 4 ns a
    byte here even for bytes ('B'); copying both into bytes objects and comparing those
    (memcmp) costs a fraction of that: 0.9 against 15 us for 4 kB, 4 against 115 for
    40 kB. Beyond some 64 kB the copies' own memory is the larger cost, and NumPy
    compares the buffers in place as uint8 (a fixed cost of a few microseconds).
    """
    if len(a) != len(b):
        return False
    if len(a) <= 1 << 16:
        return bytes(a) == bytes(b)
    return bool(np.array_equal(np.frombuffer(a, dtype=np.uint8), np.frombuffer(b, dtype=np.uint8)))


def _same_array_bytes(array: np.ndarray, blob) -> bool:
    """Whether a C-contiguous, non-empty array holds the bytes of `blob` (a buffer of bytes), as _same_bytes.

    The array's bytes are taken with tobytes() (one copy, some 50 ns for a small array),
    not through memoryview(array), which builds NumPy's buffer description every time
    (some 400 ns with its cast to bytes: more than the comparison of a small array).
    """
    small = array.nbytes <= 1 << 16  # (_same_bytes' own threshold: beyond it, compared in place)
    return _same_bytes(array.tobytes() if small else array.reshape(-1).view(np.uint8), blob)


def _unchanged_call(args: tuple, kwargs: dict, msg: dict, blobs: list) -> bool:
    """`_unchanged` for a call's arguments (its keyword arguments' dict is the call's own: only its values count)."""
    if not kwargs:
        for value in args:
            if type(value) in _CONTAINERS:
                break
        else:  # (the usual call) numbers, strings and the like only: as _unchanged finds them, in place
            return True
    try:
        if not _unchanged(args, msg["args"], blobs):
            return False
        tree = msg.get("kwargs", protocol.NO_KWARGS)
        pairs = tree.get("d") if type(tree) is dict else None
        if type(pairs) is not list or len(pairs) != len(kwargs):
            return False
        for pair in pairs:
            if type(pair) is not list or len(pair) != 2 or pair[0] not in kwargs or not _unchanged(kwargs[pair[0]], pair[1], blobs):
                return False
        return True
    except Exception:  # noqa: BLE001 - whatever the student left there (an == that raises): let _after judge
        return False


# ====================================================================== main

def _site_builtins() -> None:
    """exit(), quit(), help(), copyright... as `site` defines them: the worker starts without `site` (-S).

    A notebook-style `exit()` in student code then ends the module as it would under a
    plain `python`, instead of failing with a NameError the student never wrote.
    """
    import builtins
    import _sitebuiltins

    builtins.exit = _sitebuiltins.Quitter("exit", "Ctrl-D (i.e. EOF)")
    builtins.quit = _sitebuiltins.Quitter("quit", "Ctrl-D (i.e. EOF)")
    builtins.help = _sitebuiltins._Helper()
    builtins.copyright = _sitebuiltins._Printer("copyright", sys.copyright)
    builtins.credits = _sitebuiltins._Printer("credits", "See https://www.python.org for more information.")


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--control-fd" or any(a.startswith("--") and a not in ("--drop", "--private-fs")
                                                         for a in argv[3::2]):
        print("usage: worker.py --control-fd N [--private-fs JSON] [--drop UID:GID]", file=sys.stderr)
        return 2
    ctl = socket.socket(fileno=int(argv[2]))
    _site_builtins()
    os.environ.pop("PWD", None)  # bubblewrap's --chdir sets it; the environment stays the grader's scrubbed one
    os.environ.pop("PYTHONPATH", None)  # NumPy's directory, for this interpreter's start only (processes.worker_env)
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle
    # For every child (inherited through the fork): a student's SIGTERM ends its process, as
    # by default; a huge file gives EFBIG, not a dead worker.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    np.zeros(1) @ np.zeros(1)  # touch BLAS once so children inherit it initialised
    _hide_grader()
    _watch()
    global _DICT_VERSION
    _DICT_VERSION = _dict_version_reader()
    _Fingerprint.snapshot()
    # The state every child starts with (the zygote never changes it): its first import starts
    # from it, and each later one goes back to it; taken here instead of in every child.
    global _ZYGOTE_STATE, _MT_BYTES, _MT_AT_START, _NP_STATE
    _MT_BYTES = _mt_state_reader()
    _NP_STATE = _np_state_access()
    _ZYGOTE_STATE = _state()
    _MT_AT_START = _MT_BYTES() if _MT_BYTES is not None else b""
    gc.freeze()  # start-up's objects: see ForkServer.spawn
    # Ready: the grader now knows the isolation it asked for works (nothing of the student's has run).
    ctl.send(json.dumps({"ready": True, "uid": os.getuid(), "gid": os.getgid(), "pid": os.getpid(),
                         "seccomp": globals().get("_SECCOMP_PROBLEM", "not installed") or "ok"}).encode())
    ForkServer(ctl).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
