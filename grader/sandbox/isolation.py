"""CI-mode isolation of the worker: what student code can see, write and reach.

The zygote (see worker.py) is started once per process, so whatever wraps its
command costs a few milliseconds once, never per call. `current()` picks the
strongest mechanism available, as the environment variable GRADER_ISOLATION
says:

    auto (default)  bubblewrap, else unshare (when root), else none
    bubblewrap      bubblewrap or no worker at all (for CI that must not grade without it)
    unshare         unshare(1) or no worker at all (needs root)
    off             no isolation (for tests and debugging)

bubblewrap: a new mount namespace whose file system is the read-only system
  directories Python and NumPy need (/usr, the Python prefix, NumPy's
  site-packages directory, a few files of /etc), a private /tmp, a fresh /proc
  of its own pid namespace, a minimal /dev, the zygote's own directories
  read-write and worker.py + protocol.py read-only at a neutral path. The
  course, the reports, the grader's home and the grader's /proc are not there.
  New network (loopback only), pid, ipc, uts and cgroup namespaces, a new
  session, no new privileges, killed with its parent.
unshare (root only): new network, pid (with a fresh /proc), ipc, uts and mount
  namespaces. In its mount namespace the worker, still root, makes the host's
  file system read-only (recursively), /tmp, /var/tmp and /dev/shm empty and
  read-only, the grader's checkout (and the course, in the usual layout) empty,
  shows a Python installation that lies under a 0700 home through an otherwise
  empty tmpfs, and keeps only its own directory (and its control groups)
  writable (worker.py --private-fs); then it drops its privileges. Files all
  users may read outside the checkout stay readable (a course kept elsewhere,
  if world-readable).

Whenever the grader runs as root, the worker drops to an unprivileged uid and
gid (nobody/nogroup) before it imports anything (worker.py --drop), and the
grader hands it its directories; a mode in which that uid could not load Python
is refused, never run as root. In every mode the worker installs a seccomp
filter (no ptrace, process_vm_*, new namespaces, mount, bpf...) before anything
of the student's runs, and processes.py adds the per-submission control groups
(cgroups.py).

Nothing is tried in advance (bwrap is only asked, once, which options it
knows): the zygote says "ready" once it runs (before any student code can),
and if it dies before that, `give_up` marks the mechanism as not working here
and the next zygote gets the next one (in auto mode). Cost: the plan about
5 ms once per process, bubblewrap's namespaces 5-10 ms once per zygote,
nothing per module or call.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Isolation", "current", "give_up", "unprivileged_ids", "ENV", "SAFE_PATH"]

ENV = "GRADER_ISOLATION"
WORKER_DIR = "/grader-worker"  # where worker.py and protocol.py appear inside bubblewrap
TMP_SIZE = 64 << 20  # the private /tmp is memory: capped, so it is no way around RLIMIT_AS
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group", "nsswitch.conf")
SYSTEM_LINKS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"
_READS = "everything the grader's user can read (the course's solutions, hidden checks and answer keys included)"
_GRANTS = _READS + ", and use the network"
_OFF = ("off", "none", "0", "no", "false")


@dataclass(frozen=True)
class Isolation:
    """How the zygote is wrapped, and what that means for a report."""

    mechanism: str  # "bubblewrap", "unshare", "uid" (privileges dropped only), "none", "off"
    description: str  # one line for reports: "isolated: ...", "partly isolated: ..." or "NOT isolated: ..."
    complete: bool  # the course is hidden, there is no network, and the worker is not root
    prefix: tuple[str, ...] = ()  # the wrapper's command line before the worker's directories
    uid: int | None = None  # the worker drops to these ids (the grader is root)
    gid: int | None = None
    visible: tuple[str, ...] = ()  # host directories the worker sees (bubblewrap), all read-only
    error: str = ""  # a required mechanism is not available: no worker may start
    worker_dir: str = ""  # where worker.py is inside the sandbox ("" = where it is)
    made: frozenset[str] = frozenset()  # paths that exist in the sandbox after `prefix`
    required: bool = False  # GRADER_ISOLATION named it: no falling back

    @property
    def drops_privileges(self) -> bool:
        return self.uid is not None

    def worker_args(self, root: Path | None = None, writable: list[Path] = ()) -> list[str]:
        """The worker's own options: its private file system (unshare as root), the ids it drops to."""
        args = []
        if self.mechanism == "unshare" and self.uid is not None and root is not None:
            args += ["--private-fs", json.dumps(private_fs(root, writable))]
        if self.uid is not None:
            args += ["--drop", f"{self.uid}:{self.gid}"]
        return args

    def worker_path(self, worker: Path) -> str:
        return f"{self.worker_dir}/{worker.name}" if self.worker_dir else str(worker)

    def wrap(self, command: list[str], *, worker: Path, writable: list[Path], cwd: Path) -> list[str]:
        """The full command line: the wrapper, the worker's files and directories, the command."""
        if self.mechanism != "bubblewrap":
            return [*self.prefix, *command]
        args = list(self.prefix)
        made = set(self.made)
        for name in (worker.name, "protocol" + worker.suffix):  # just these two files, never the grader's (or course's) directory
            args += _mount("--ro-bind", str(worker.with_name(name)), f"{self.worker_dir}/{name}", made)
        for path in writable:
            args += _mount("--bind", str(path), str(path), made)
        # /tmp read-only too: a long-lived worker serves many submissions (a batch), and a
        # file one of them left there must not reach the next. Each call's TMPDIR is its own.
        return [*args, "--remount-ro", "/", "--remount-ro", "/tmp", "--chdir", str(cwd), "--", *command]

    def exposes(self, path: Path) -> bool:
        """Whether the worker could see `path` (a course directory) at all."""
        if self.mechanism != "bubblewrap":
            return True
        path = Path(os.path.realpath(path))
        return any(path == Path(v) or Path(v) in path.parents for v in self.visible)

    def for_course(self, root: Path) -> str:
        """The description, downgraded if the course lies in a directory the sandbox shows."""
        if self.complete and self.exposes(root):
            return (f"partly isolated: bubblewrap, but the course directory {root} lies inside a directory the worker "
                    f"can read (the Python installation or a system directory); keep the course elsewhere")
        return self.description

    def fully_for(self, root: Path) -> bool:
        return self.complete and not self.exposes(root)


def unprivileged_ids() -> tuple[int, int]:
    """nobody/nogroup (65534 where the names are unknown)."""
    import grp
    import pwd

    try:
        uid = pwd.getpwnam("nobody").pw_uid
    except KeyError:
        uid = 65534
    gid = 65534
    for name in ("nogroup", "nobody"):
        try:
            gid = grp.getgrnam(name).gr_gid
            break
        except KeyError:
            continue
    return uid, gid


_plans: dict[tuple, Isolation] = {}
_broken: dict[str, str] = {}  # mechanism -> why it did not work here (this process)


def current() -> Isolation:
    """The isolation a new zygote gets (decided once per setting, user and failures)."""
    key = (os.environ.get(ENV, "auto").strip().lower() or "auto", os.geteuid(), tuple(sorted(_broken.items())))
    plan = _plans.get(key)
    if plan is None:
        plan = _plans[key] = _plan(*key[:2])
    return plan


def give_up(plan: Isolation, why: str) -> bool:
    """A zygote under `plan` died before it was ready: use the next mechanism from now on.

    False if there is nothing to fall back from (no wrapper, or it was required).
    """
    if plan.mechanism not in ("bubblewrap", "unshare") or plan.required:
        return False
    _broken[plan.mechanism] = f"{plan.mechanism} does not work here ({why})"
    return True


def _plan(setting: str, euid: int) -> Isolation:
    """The first backend of BACKENDS that the setting offers and that works here.

    A backend answers with a plan (or a refusal to grade), or with why it cannot be
    used, which the next one's description repeats; a required mechanism that cannot
    be used stops there.
    """
    root = euid == 0
    if setting in _OFF:
        return Isolation("off", f"NOT isolated: isolation turned off ({ENV}={setting}); the worker can read {_GRANTS}", False)
    setting = _ALIASES.get(setting, setting)
    if not any(setting in backend.settings for backend in BACKENDS):
        return Isolation("none", "", False, error=f"{ENV}={setting!r}: use auto, strict, bubblewrap, unshare or off")
    required = setting != "auto"
    ids = unprivileged_ids() if root else (None, None)
    reasons: list[str] = []
    for backend in BACKENDS:
        if setting not in backend.settings:
            continue
        answer = backend.plan(root, ids, required, reasons)
        if isinstance(answer, Isolation):
            return answer
        if answer:
            reasons.append(answer)
            if required:
                return Isolation("none", "", False, error=f"{ENV}={setting}: {answer}")
    raise AssertionError("the last backend always answers")  # pragma: no cover


class Backend:
    """One way of isolating the worker. `plan` answers with an Isolation (which may be a
    refusal: `error` set), with why it cannot be used here (a str), or with None when
    it does not apply (say, a mechanism that needs root)."""

    settings: frozenset[str] = frozenset()  # the GRADER_ISOLATION values that may use it

    def plan(self, root: bool, ids: tuple, required: bool, reasons: list[str]) -> "Isolation | str | None":
        raise NotImplementedError


class Bubblewrap(Backend):
    """A new mount namespace showing only what Python and NumPy need (see the module docstring)."""

    settings = frozenset({"auto", "bubblewrap"})

    def plan(self, root, ids, required, reasons):
        plan, why = _bubblewrap(root, ids, required)
        return plan if plan is not None else why


class Unshare(Backend):
    """Root only: new namespaces, and the worker's own read-only view of the file system."""

    settings = frozenset({"auto", "unshare"})

    def plan(self, root, ids, required, reasons):
        if not root:
            return Isolation("none", "", False, error=f"{ENV}=unshare needs the grader to run as root") if required else None
        # The worker's own mount namespace shows it the Python installation even where that
        # lies under a directory other users cannot enter (see worker.py --private-fs).
        plan, why = _unshare(ids, reasons, required)
        return plan if plan is not None else why


class DroppedUid(Backend):
    """Root, no namespaces: the worker only drops to an unprivileged uid (never runs as root)."""

    settings = frozenset({"auto"})

    def plan(self, root, ids, required, reasons):
        if not root or ids[0] is None:
            return None
        if not _reachable_by_all(_visible_paths()):
            # Without a mount namespace the dropped uid could not load Python, and a root worker is never run.
            return Isolation("none", "", False, error=f"{'; '.join(reasons)}; and the Python installation ({sys.prefix}) is "
                                                      f"not readable by other users, so the worker would have to run as root: "
                                                      f"install bubblewrap (or unshare), or use a Python all users can read")
        return Isolation("uid", f"NOT isolated: {'; '.join(reasons)}; the worker runs as an unprivileged uid but can read "
                                f"every file all users may read (the course's, if world-readable) and use the network",
                         False, uid=ids[0], gid=ids[1])


class Unisolated(Backend):
    """Not root and nothing else works: the worker runs as the grader's user, and the report says so."""

    settings = frozenset({"auto"})

    def plan(self, root, ids, required, reasons):
        return Isolation("none", f"NOT isolated: {'; '.join(reasons)}; the worker can read {_GRANTS}", False)


# Strongest first; in auto mode the first that works is used.
BACKENDS: tuple[Backend, ...] = (Bubblewrap(), Unshare(), DroppedUid(), Unisolated())
_ALIASES = {"bwrap": "bubblewrap", "strict": "bubblewrap"}  # strict: bubblewrap, and processes.py also requires control groups and seccomp


def _which(name: str) -> str | None:
    return shutil.which(name) or next((p for p in (f"/usr/bin/{name}", f"/bin/{name}") if os.access(p, os.X_OK)), None)


# ====================================================================== bubblewrap

def _bubblewrap(root: bool, ids, required: bool) -> tuple[Isolation | None, str]:
    if "bubblewrap" in _broken:
        return None, _broken["bubblewrap"]
    bwrap = _which("bwrap")
    if bwrap is None:
        return None, "bubblewrap (bwrap) is not installed"
    visible = _visible_paths()
    if "/" in visible:
        return None, "bubblewrap not used: the Python installation is at / (all of the file system would be visible)"
    args = [bwrap]
    if root:
        # No user namespace: the worker then drops to a real unprivileged uid of the
        # host (a uid mapped in a user namespace would still be root outside it). Of
        # root's capabilities it keeps only the two it needs to drop its ids.
        args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                 "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-all"]  # with a user namespace: the grader's own uid, no privileges
    args += ["--die-with-parent", "--new-session", "--as-pid-1", "--hostname", "sandbox", "--proc", "/proc", "--dev", "/dev"]
    made = {"/", "/proc", "/dev", "/tmp"}
    # The private /tmp first: a Python installation under /tmp (a venv, say) is then
    # bound on top of it instead of being hidden by it.
    if _bwrap_knows(bwrap, "--size"):  # 0.8 and later: a world-writable /tmp of bounded size
        args += ["--perms", "1777", "--size", str(TMP_SIZE), "--tmpfs", "/tmp"]
    else:
        args += ["--tmpfs", "/tmp"]
    for path in visible:
        args += _mount("--ro-bind", path, path, made)
    for name in SYSTEM_LINKS:
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir() and str(host) not in visible:
            args += _mount("--ro-bind", str(host), str(host), made)
    for name in ETC_FILES:
        host = Path("/etc") / name
        if host.exists():
            args += _mount("--ro-bind", str(host), str(host), made)
    what = "no network, course hidden, " + ("unprivileged uid" if root else "the grader's own non-root uid")
    return Isolation("bubblewrap", f"isolated: bubblewrap ({what})", True, prefix=tuple(args), uid=ids[0], gid=ids[1],
                     visible=tuple(visible), worker_dir=WORKER_DIR, made=frozenset(made), required=required), ""


def _bwrap_knows(bwrap: str, option: str) -> bool:
    try:
        out = subprocess.run([bwrap, "--help"], stdin=subprocess.DEVNULL, capture_output=True, timeout=10, env={"PATH": SAFE_PATH})
    except (OSError, subprocess.TimeoutExpired):
        return False
    return option.encode() in out.stdout + out.stderr


def _mount(option: str, source: str, target: str, made: set[str]) -> list[str]:
    """A bind mount, after the directories above it (as root, bubblewrap would make them 0700)."""
    out = []
    for parent in reversed(Path(target).parents):
        p = str(parent)
        if p in made or any(p.startswith(m) for m in made if m.endswith("/") and m != "/"):  # made, or in a bind mount
            continue
        out += ["--perms", "0755", "--dir", p]
        made.add(p)
    made.update((target, target.rstrip("/") + "/"))
    return out + [option, source, target]


def _visible_paths() -> list[str]:
    """Read-only directories the worker needs: /usr, the Python prefix, NumPy's site directory."""
    import importlib.util

    candidates = ["/usr", sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                  os.path.dirname(os.path.realpath(sys.executable))]
    try:
        spec = importlib.util.find_spec("numpy")  # found without importing it
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        candidates.append(os.path.dirname(os.path.dirname(os.path.realpath(spec.origin))))  # numpy.libs is there too
    out: list[str] = []
    for path in sorted({os.path.realpath(p) for p in candidates if p}, key=len):
        if not os.path.isdir(path) or path in ("/bin", "/lib", "/lib64", "/sbin"):  # reached through a merged-/usr link
            continue
        if not any(path == p or path.startswith(p.rstrip("/") + "/") for p in out):
            out.append(path)
    return out


# ====================================================================== unshare

def _unshare(ids, reasons: list[str], required: bool) -> tuple[Isolation | None, str]:
    if "unshare" in _broken:
        return None, _broken["unshare"]
    unshare = _which("unshare")
    if unshare is None:
        return None, "unshare is not installed either"
    args = (unshare, "--net", "--ipc", "--uts", "--pid", "--fork", "--kill-child", "--mount", "--mount-proc",
            "--propagation", "private")
    because = "; ".join(reasons) or "bubblewrap not used"
    if ids[0] is None:  # not reached: unshare needs root, and as root the worker always drops
        return None, "unshare needs the grader to run as root"
    description = (f"partly isolated: unshare (no network, own pid namespace, unprivileged uid, read-only file system "
                   f"but its own directory, private /tmp, no ptrace), but {because}, so the worker can read every file "
                   f"all users may read outside the grader's directory (the course's solutions and checks, if "
                   f"world-readable and kept elsewhere)")
    return Isolation("unshare", description, False, prefix=args, uid=ids[0], gid=ids[1], required=required), ""


def private_fs(root: Path, writable: list[Path] = ()) -> dict:
    """What worker.py --private-fs makes of the host's file system (unshare as root)."""
    visible = _visible_paths()
    rw = [str(Path(os.path.realpath(root))), *(str(p) for p in writable)]
    hide = []
    source = str(Path(__file__).resolve().parents[2])  # the directory holding the grader package (its checkout)
    keep = [*visible, *rw]
    if source not in ("/", "/usr") and not any(k == source or source.startswith(k.rstrip("/") + "/") for k in keep):
        hide = _hidden_around(source, [k for k in keep if k.startswith(source + "/")])
    return {"ro": [v for v in visible if v != "/usr"], "rw": rw, "hide": hide, "cwd": str(Path(rw[0]) / "home")}


def _hidden_around(directory: str, inside: list[str]) -> list[str]:
    """`directory`, or where a kept path lies inside it (the README's `.venv` in the checkout),
    every directory of it beside the way to that path: the course stays out of sight."""
    if not inside:
        return [directory]
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return []
    out: list[str] = []
    for entry in entries:
        if entry.path not in inside and entry.is_dir(follow_symlinks=False):
            out += _hidden_around(entry.path, [k for k in inside if k.startswith(entry.path + "/")])
    return out


def _reachable_by_all(paths: list[str]) -> bool:
    """Whether every user may enter and read these directories, and enter all above them."""
    try:
        for path in paths:
            if os.stat(path).st_mode & 0o005 != 0o005:
                return False
            if not all(os.stat(p).st_mode & 0o001 for p in Path(path).parents):
                return False
    except OSError:
        return False
    return True
