"""The floor under any engine: the course's own checks with no boundary at all.

Why: issue 15 asks for the engine's own cost per submission (CPU per submission minus
the checks' numeric work, as bench_batch.py prints it) to be at most 0.05 CPU s. Part
of what bench_batch.py counts as "engine" is not the sandbox's: the checks' own Python
(building inputs, comparing, numerical gradients, the harness that seeds and records
each check). This prototype removes the sandbox entirely — the student's modules are
imported into this process and called directly, with the arguments and results copied
as a crossing would copy them — and grades the same submissions through the same
harness and course checks. What it costs above the numeric work is what no faster
sandbox, protocol or worker scheme can remove: only lighter checks or a lighter harness.

Two more ways measure what the crossing itself is made of:
  * a bare process boundary: one child forked per submission from this process, every
    call and callback sent over a socket with pickle, nothing checked, no isolation;
  * the sandbox with calls sent ahead across checks (needs `greenlet`, not a dependency
    of the grader): each check runs as a coroutine that pauses at its call into student
    code; when every check waits, the calls waiting on one module's worker are written to
    it in one piece and their replies read in order, and the checks resumed in order,
    each with the global random generators as it left them. It changes the order in
    which a module's calls run (round by round instead of check by check), which only a
    student whose functions keep state between calls could notice.

They are measuring devices, never graders: with no boundary student code runs in this
process, with no limits and no isolation; only the benchmark's own generated submissions
go through them.

Prints, per submission (reference submissions and the class mix), CPU seconds side by
side in one run: the real engine (grader + workers), each prototype, and the numeric
work of its own gradings (bench_batch.numeric_timers); and what each leaves above it.

    python benchmarks/bench_floor.py [-n 10] [--cpu 6]
"""

from __future__ import annotations

import argparse
import copy
import functools
import importlib
import importlib.util
import io
import os
import pickle
import random
import resource
import shutil
import socket
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

import numpy as np  # noqa: E402

from bench_batch import bench_cost, generated, load, numeric_timers  # noqa: E402

_STUDENT_CPU: list = []  # [the numeric timers' dict] while bench_floor measures: the sessions add the student's CPU


class _InProcessWorker:
    """Stands where a WorkerProcess stands: holds the module's files and limits, starts nothing."""

    def __init__(self, name: str, files: dict, limits: dict, student_modules: list[str]):
        self.name, self.files, self.limits, self.student_modules = name, files, limits, student_modules
        self.call_timeout = float(limits.get("call_timeout", 10.0))
        self.budget = float(limits.get("module_timeout", 60.0))
        self.zygote_losses = 0
        self.hello = None

    def start(self) -> None:
        pass


class _InProcessBox:
    """Stands where the run's Sandbox stands."""

    def module(self, name: str, files: dict, *, limits: dict, student_modules: list[str]) -> _InProcessWorker:
        return _InProcessWorker(name, files, limits, student_modules)

    def close(self) -> None:
        pass


def _written(files: dict, prefix: str) -> Path:
    """A new temporary folder holding a module's files (bytes, or the path of a file to copy)."""
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    for target, source in files.items():
        if isinstance(source, bytes):
            (directory / target).write_bytes(source)
        else:
            shutil.copyfile(source, directory / target)
    return directory


def _session_class():
    """A StudentSession whose calls run in this process (built lazily: it subclasses the real one)."""
    from grader.sandbox.session import CallRecord, ImportFailed, NotWritten, StudentError, StudentSession

    class InProcessSession(StudentSession):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._modules: dict[str, Any] | None = None
            self._problem = None
            self._dir: Path | None = None

        def import_problem(self):
            if self._modules is None and self._problem is None:
                self._import()
            return self._problem

        def _import(self) -> None:
            worker = self.worker
            self._dir = _written(worker.files, "floor-")
            names = [Path(t).stem for t in worker.files if t.endswith(".py")]
            saved = {n: sys.modules.pop(n) for n in names if n in sys.modules}
            sys.path.insert(0, str(self._dir))
            try:
                # By file, not by name: the grader's course finder would resolve the plain name
                # to the reference. The modules this one uses first, so its imports find them.
                modules = {}
                for n in reversed(worker.student_modules):
                    spec = importlib.util.spec_from_file_location(n, self._dir / f"{n}.py")
                    module = importlib.util.module_from_spec(spec)
                    sys.modules[n] = module
                    spec.loader.exec_module(module)
                    modules[n] = module
                self._modules = modules
            except Exception as exc:  # noqa: BLE001 - reported as the real session would
                self._problem = ImportFailed(f"{self.display} could not be imported: {type(exc).__name__}: {exc}")
            finally:
                sys.path.remove(str(self._dir))
                for n in names:
                    sys.modules.pop(n, None)
                sys.modules.update(saved)
            if self._modules is not None:
                names_defined = frozenset(k for k in vars(self._modules[self.module]) if not k.startswith("__"))
                worker.hello = type("Hello", (), {"names": names_defined, "ok": True})()

        def has(self, name: str) -> bool:
            problem = self.import_problem()
            if problem is not None:
                raise problem
            return self.resolve(name) in self.worker.hello.names

        def call(self, name, args, kwargs, *, seed, patches, recorder):
            problem = self.import_problem()
            if problem is not None:
                raise problem
            module = self._modules[self.module]
            fn = module.__dict__.get(self.resolve(name))
            record = CallRecord(function=name, args=tuple(args), kwargs=dict(kwargs), seed=seed)
            before = copy.deepcopy((tuple(args), dict(kwargs)))  # what a crossing copies
            sent_args, sent_kwargs = copy.deepcopy(before)
            if seed is not None:
                np.random.seed(seed)
                random.seed(seed)
            with _patched(self._modules.values(), {self.resolve(k): _crossing(v) for k, v in patches.items()}):
                self.calls += 1
                start = time.process_time()
                printed = io.StringIO()
                try:
                    with redirect_stdout(printed):  # what the worker captures from its stdout
                        value = fn(*sent_args, **sent_kwargs)
                except NotImplementedError as exc:
                    raise NotWritten(f"{name}() is not written yet: replace its `raise NotImplementedError` with your code at # YOUR CODE HERE", type_name="NotImplementedError", error_message=str(exc)) from None
                except Exception as exc:  # noqa: BLE001 - the student's error, as the worker would report it
                    kind, message = type(exc).__name__, str(exc)
                    record.raised = (kind, message)
                    recorder.raised[name] = record
                    raise StudentError(f"{name}() raised {kind}: {message}", type_name=kind, error_message=message,
                                       raised=(kind, message)) from None
                finally:
                    record.output = printed.getvalue()
                    record.cpu_seconds = record.own_cpu_seconds = time.process_time() - start
                    for spent in _STUDENT_CPU:
                        spent["student"] += record.cpu_seconds
                    recorder.last = record
            record.returned, record.result = True, copy.deepcopy(value)
            record._decoded = (sent_args, sent_kwargs)
            if not _same(before, (sent_args, sent_kwargs)):
                record._after = ()  # changed in place (CallRecord.changed); the values are _decoded
            recorder.returned[name] = record
            return record.result

    return InProcessSession


def _crossing(fn: Callable) -> Callable:
    """A course function patched into the student's module: arguments and result copied, as a callback copies them."""
    def standin(*args: Any, **kwargs: Any) -> Any:
        return copy.deepcopy(fn(*copy.deepcopy(args), **copy.deepcopy(kwargs)))
    return standin


def _same(a: Any, b: Any) -> bool:
    """Equal as the protocol compares arguments after a call: exact types, arrays by dtype, shape and bytes."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b or (a != a and b != b)


@contextmanager
def _patched(modules, patches: dict[str, Callable]) -> Iterator[None]:
    saved = []
    for module in modules:
        for key, fn in patches.items():
            if key in module.__dict__:
                saved.append((module, key, module.__dict__[key]))
                module.__dict__[key] = fn
    try:
        yield
    finally:
        for module, key, original in reversed(saved):
            module.__dict__[key] = original


# ---------------------------------------------------------------- a bare process boundary

def _frame_send(sock, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(len(data).to_bytes(8, "little") + data)


def _frame_recv(sock) -> Any:
    def exactly(n: int) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            chunk = sock.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return bytes(buf)
    return pickle.loads(exactly(int.from_bytes(exactly(8), "little")))


def _thin_child(sock) -> None:
    """The bare worker: imports the student's modules and runs calls, nothing checked (trusted data only)."""
    modules: dict[str, dict[str, Any]] = {}
    while True:
        msg = _frame_recv(sock)
        if msg[0] == "bye":
            return
        if msg[0] == "import":
            _, name, directory, student_modules = msg
            names = [Path(f).stem for f in os.listdir(directory) if f.endswith(".py")]
            saved = {n: sys.modules.pop(n) for n in names if n in sys.modules}
            sys.path.insert(0, directory)
            try:
                loaded = {}
                for n in reversed(student_modules):
                    spec = importlib.util.spec_from_file_location(n, os.path.join(directory, f"{n}.py"))
                    module = importlib.util.module_from_spec(spec)
                    sys.modules[n] = module
                    spec.loader.exec_module(module)
                    loaded[n] = module
                modules[name] = loaded
                _frame_send(sock, ("ok", frozenset(k for k in vars(loaded[name]) if not k.startswith("__"))))
            except Exception as exc:  # noqa: BLE001
                _frame_send(sock, ("err", f"{type(exc).__name__}: {exc}"))
            finally:
                sys.path.remove(directory)
                for n in names:
                    sys.modules.pop(n, None)
                sys.modules.update(saved)
            continue
        _, name, fn_name, args, kwargs, seed, patch_names = msg
        loaded = modules[name]

        def standin(target):
            def call(*a, **k):
                _frame_send(sock, ("cb", target, a, k))
                reply = _frame_recv(sock)
                if reply[0] == "raise":
                    raise RuntimeError(reply[1])
                return reply[1]
            return call

        before = copy.deepcopy((args, kwargs))
        if seed is not None:
            np.random.seed(seed)
            random.seed(seed)
        printed = io.StringIO()
        cpu = time.process_time()
        with _patched(loaded.values(), {k: standin(k) for k in patch_names}), redirect_stdout(printed):
            try:
                value = loaded[name].__dict__[fn_name](*args, **kwargs)
                reply = ("ok", value, None if _same(before, (args, kwargs)) else (args, kwargs))
            except NotImplementedError as exc:
                reply = ("notwritten", str(exc))
            except Exception as exc:  # noqa: BLE001
                reply = ("raised", type(exc).__name__, str(exc))
        _frame_send(sock, (*reply, printed.getvalue(), time.process_time() - cpu))


class _ThinBox(_InProcessBox):
    """The run's sandbox for the bare boundary: one forked child per submission, as the real one."""

    def __init__(self):
        self.sock = None
        self.pid = None

    def module(self, name: str, files: dict, *, limits: dict, student_modules: list[str]) -> _InProcessWorker:
        worker = _InProcessWorker(name, files, limits, student_modules)
        worker.box = self
        return worker

    def channel(self):
        if self.sock is None:
            parent, child = socket.socketpair()
            pid = os.fork()
            if pid == 0:  # the child: serve, then leave at once (no atexit, no teardown)
                parent.close()
                try:
                    _thin_child(child)
                finally:
                    os._exit(0)
            child.close()
            self.sock, self.pid = parent, pid
        return self.sock

    def close(self) -> None:
        if self.sock is not None:
            _frame_send(self.sock, ("bye",))
            os.waitpid(self.pid, 0)
            self.sock.close()
            self.sock = None


def _thin_session_class():
    """A StudentSession whose calls cross to a bare forked child (pickle over a socket, nothing checked)."""
    from grader.sandbox.session import CallRecord, ImportFailed, NotWritten, StudentError

    base = _session_class()

    class ThinSession(base):
        def _import(self) -> None:
            worker = self.worker
            self._dir = _written(worker.files, "thin-")
            sock = worker.box.channel()
            _frame_send(sock, ("import", self.module, str(self._dir), list(worker.student_modules)))
            reply = _frame_recv(sock)
            if reply[0] == "ok":
                self._modules = {}
                worker.hello = type("Hello", (), {"names": reply[1], "ok": True})()
            else:
                self._problem = ImportFailed(f"{self.display} could not be imported: {reply[1]}")

        def call(self, name, args, kwargs, *, seed, patches, recorder):
            problem = self.import_problem()
            if problem is not None:
                raise problem
            record = CallRecord(function=name, args=tuple(args), kwargs=dict(kwargs), seed=seed)
            patches = {self.resolve(k): v for k, v in patches.items()}
            sock = self.worker.box.channel()
            _frame_send(sock, ("call", self.module, self.resolve(name), tuple(args), dict(kwargs), seed, sorted(patches)))
            self.calls += 1
            while True:
                reply = _frame_recv(sock)
                if reply[0] != "cb":
                    break
                try:
                    _frame_send(sock, ("ret", patches[reply[1]](*reply[2], **reply[3])))
                except Exception as exc:  # noqa: BLE001
                    _frame_send(sock, ("raise", f"{type(exc).__name__}: {exc}"))
            *reply, record.output, record.cpu_seconds = reply
            record.own_cpu_seconds = record.cpu_seconds
            for spent in _STUDENT_CPU:
                spent["student"] += record.cpu_seconds
            recorder.last = record
            if reply[0] == "notwritten":
                raise NotWritten(f"{name}() is not written yet: replace its `raise NotImplementedError` with your code at # YOUR CODE HERE", type_name="NotImplementedError", error_message=reply[1])
            if reply[0] == "raised":
                record.raised = (reply[1], reply[2])
                recorder.raised[name] = record
                raise StudentError(f"{name}() raised {reply[1]}: {reply[2]}", type_name=reply[1], error_message=reply[2],
                                   raised=(reply[1], reply[2]))
            record.returned, record.result = True, reply[1]
            record._decoded = reply[2] if reply[2] is not None else (tuple(args), dict(kwargs))
            if reply[2] is not None:
                record._after = ()  # changed in place (CallRecord.changed); the values are _decoded
            recorder.returned[name] = record
            return record.result

    return ThinSession


# ---------------------------------------------------------------- calls sent ahead, across checks

_IN_CALL = [0]  # calls into student code under way, not parked (a check's patched call, or one made inside it)
_SCHEDULER: list = []  # [the greenlet that runs the checks' greenlets] while pipelined() lasts


def _pipelined_session_class():
    """A StudentSession whose calls park their check (a greenlet) until the scheduler has sent
    the calls of every check waiting on the same module's worker together, and read their replies."""
    from grader.sandbox.session import StudentSession

    class PipelinedSession(StudentSession):
        def call(self, name, args, kwargs, *, seed, patches, recorder):
            import greenlet

            if _SCHEDULER and not patches and not _IN_CALL[0] and greenlet.getcurrent() is not _SCHEDULER[0]:
                ok, value = _SCHEDULER[0].switch((self, (name, args, kwargs, seed, recorder)))
                if ok:
                    return value
                raise value
            _IN_CALL[0] += 1
            try:
                return super().call(name, args, kwargs, seed=seed, patches=patches, recorder=recorder)
            finally:
                _IN_CALL[0] -= 1

    return PipelinedSession


def _outcome(fn: Callable, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    from grader.sandbox.session import CheckBug, StudentProblem

    try:
        return True, fn(*args, **kwargs)
    except (StudentProblem, CheckBug) as exc:
        return False, exc


class _Gathered:
    """Stands where a socket stands for protocol.send: keeps the frame's bytes."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.pieces.append(bytes(data))

    def sendmsg(self, parts: list) -> int:
        data = b"".join(bytes(p) for p in parts)
        self.pieces.append(data)
        return len(data)


def _calls_in_flight(session, requests: list) -> list[tuple[bool, Any]]:
    """The outcomes of `requests` ((name, args, kwargs, seed, recorder), in order) on `session`,
    sent up to 96 kB at a time before their replies are read; one at a time, as a check makes
    them, where the worker is not idle and imported, after a crash or a timeout, and for a call
    whose arguments cannot be sent."""
    from grader.sandbox import protocol
    from grader.sandbox.session import CheckBug, StudentProblem

    def one_by_one(request) -> tuple[bool, Any]:
        name, args, kwargs, seed, recorder = request
        return _outcome(session.call, name, args, kwargs, seed=seed, patches={}, recorder=recorder)

    out: list[tuple[bool, Any]] = []
    while len(out) < len(requests):
        rest = requests[len(out):]
        worker = session.worker
        if len(rest) == 1 or worker is None or rest[0][0] in session.timed_out or not worker.idle_ready():
            out.append(one_by_one(rest[0]))
            continue
        batch, size = [], 0
        for name, args, kwargs, seed, recorder in rest:
            if name in session.timed_out:
                break
            try:
                message, blobs, record, patches = session.request(name, args, kwargs, seed=seed, patches={})
            except CheckBug:
                break
            size += 512 + sum(getattr(b, "nbytes", None) or len(b) for b in blobs)
            if batch and size > 96 * 1024:
                break
            batch.append((message, blobs, record, patches, recorder))
        if len(batch) <= 1:
            out.append(one_by_one(rest[0]))
            continue
        sent = 0
        try:  # every frame in one write: the worker, woken once, reads and runs them one after another
            gather = _Gathered()
            for message, blobs, *_ in batch:
                protocol.send(gather, message, blobs)
            if worker.sock is not None:
                worker.sock.sendall(b"".join(gather.pieces))
                sent = len(batch)
        except (OSError, ValueError, protocol.FrameTooLarge):
            pass  # none sent: each goes out in settle() instead
        for k, (message, blobs, record, patches, recorder) in enumerate(batch):
            out.append(_outcome(session.settle, message, blobs, record, patches, recorder, sent=k < sent))
            if not out[-1][0] and isinstance(out[-1][1], StudentProblem) and session.worker.host is None:
                break  # the worker was stopped, and what was sent after this call with it: sent again
    return out


def _numpy_state_access() -> tuple[Callable, Callable]:
    """(read, write) of NumPy's global random state: the worker's raw-bytes access (1-6 us a swap,
    against ~0.13 ms for get_state and set_state; a real scheme would swap states at every pause
    as cheaply as it can), or get_state and set_state where its self-test fails."""
    from grader.sandbox import worker as child

    child._MT_BYTES = child._mt_state_reader()  # what _np_state_access reads, as the worker's main sets it
    access = child._np_state_access()
    return access if access is not None else (np.random.get_state, np.random.set_state)


def _interleaved_run(suite, plugin, wanted, *, numpy_state: tuple[Callable, Callable]) -> None:
    """suite.run with each check in a greenlet: whenever every check waits on student code, the
    calls are sent module by module in check order, and the checks resumed in order, each with
    the global random generators as it left them (NumPy's through `numpy_state`)."""
    import greenlet

    from grader.harness import suite as suites

    read_np, write_np = numpy_state

    def paused(g: Any, request: Any) -> tuple:
        return g, request, read_np(), random.getstate()

    _SCHEDULER[:] = [greenlet.getcurrent()]
    try:
        waiting = []
        for collected, check in suites.chosen(suite, plugin, wanted):
            g = greenlet.greenlet(suites.run_check)
            request = g.switch(collected, check, plugin)
            if not g.dead:
                waiting.append(paused(g, request))
        while waiting:
            outcomes: list = []
            start = 0
            while start < len(waiting):  # the runs of checks waiting on one module's session
                session, end = waiting[start][1][0], start
                while end < len(waiting) and waiting[end][1][0] is session:
                    end += 1
                outcomes += _calls_in_flight(session, [w[1][1] for w in waiting[start:end]])
                start = end
            resumed = []
            for (g, _, np_state, py_state), outcome in zip(waiting, outcomes):
                write_np(np_state)
                random.setstate(py_state)
                request = g.switch(outcome)
                if not g.dead:
                    resumed.append(paused(g, request))
            waiting = resumed
    finally:
        _SCHEDULER[:] = []


@contextmanager
def pipelined() -> Iterator[None]:
    """Grade through the sandbox with the checks run as coroutines and their calls sent ahead
    (for this benchmark only: it changes the order in which a module's calls run)."""
    from grader.harness import sandboxed
    from grader.harness import suite as suites

    run = functools.partial(_interleaved_run, numpy_state=_numpy_state_access())
    with _replaced((sandboxed, "StudentSession", _pipelined_session_class()), (suites, "run", run)):
        yield


@contextmanager
def _replaced(*swaps: tuple[Any, str, Any]) -> Iterator[None]:
    """Each (owner, name, value): owner.name is value while it lasts, and what it was after."""
    undo = [(owner, name, getattr(owner, name)) for owner, name, _ in swaps]
    for owner, name, value in swaps:
        setattr(owner, name, value)
    try:
        yield
    finally:
        for owner, name, value in undo:
            setattr(owner, name, value)


@contextmanager
def no_boundary(thin: bool = False) -> Iterator[None]:
    """Grade with the in-process sessions in place of the sandbox's (for this benchmark only);
    `thin`: with sessions whose calls cross to a bare forked child instead."""
    from grader.harness import sandboxed
    from grader.sandbox import processes

    with _replaced((sandboxed, "StudentSession", _thin_session_class() if thin else _session_class()),
                   (processes, "acquire", (lambda secrets=False: _ThinBox()) if thin else (lambda secrets=False: _InProcessBox()))):
        yield


def bench_floor(subs: Path, students: list[str], thin: bool = False) -> dict[str, tuple[float, float]]:
    """CPU seconds per submission graded with no boundary (`thin`: with the bare process boundary),
    one after another in this process, kept to one CPU as a grading run is, and the numeric work in
    the same gradings: student -> (CPU s, numeric work CPU s)."""
    from grader.course import load_course
    from grader.grading import grade_submission

    from grader.exercise import mistakes

    course = load_course(ROOT)
    out: dict[str, tuple[float, float]] = {}
    # As bench_cost does: no replay outcomes kept from an earlier pass, so this
    # pass replays the course's listed mistakes as they did (else it finds them kept, and
    # costs less than the numeric work it is compared with).
    mistakes.forget_replays()
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {os.sched_getcpu() if hasattr(os, "sched_getcpu") else min(cpus)})
    try:
        with no_boundary(thin), numeric_timers() as spent:
            _STUDENT_CPU[:] = [spent]
            grade_submission(course, subs / students[0], student=students[0])  # warm: imports, collected checks
            for student in students[1:]:
                before = sum(spent.values())
                r0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
                grade_submission(course, subs / student, student=student)
                r1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = sum((b.ru_utime + b.ru_stime) - (a.ru_utime + a.ru_stime) for a, b in zip(r0, r1))
                out[student] = (cpu, sum(spent.values()) - before)
    finally:
        _STUDENT_CPU[:] = []
        os.sched_setaffinity(0, cpus)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="submissions generated (default 10; every fifth is a reference)")
    parser.add_argument("--cpu", type=int, default=6, help="submissions measured each way (default 6)")
    args = parser.parse_args()
    with generated(args.n, "bench-floor-") as (_, subs, kinds):
        students = sorted(kinds)[: args.cpu + 1]
        def engine(cost: dict) -> dict[str, tuple[float, float]]:
            """bench_cost's figures as student -> (grader + worker processes, numeric work)."""
            return {s: (c[0] + c[1], sum(c[3:])) for s, c in cost.items()}

        real = engine(bench_cost(subs, args.cpu))
        ways = [("the sandbox", real)]
        try:
            import greenlet  # noqa: F401 - not a dependency of the grader: only this row needs it
        except ImportError:
            print("(no row for calls sent ahead across checks: pip install greenlet)")
        else:
            with pipelined():
                ways.append(("sandbox, calls sent ahead", engine(bench_cost(subs, args.cpu))))
        thin = bench_floor(subs, students, thin=True)
        floor = bench_floor(subs, students)
        print(f"CPU s per submission, one after another in one process; each way with the numeric work of its own "
              f"gradings (load {load()}):")
        for label, chosen in (("class mix", list(real)), ("references", [s for s in real if kinds[s] == "reference"])):
            chosen = [s for s in chosen if s in floor and s in thin]
            if not chosen:
                continue
            print(f"  {label} (x{len(chosen)}):")
            for way, figures in (*ways, ("a bare process boundary", thin), ("no boundary", floor)):
                cpu = statistics.mean(figures[s][0] for s in chosen)
                numeric = statistics.mean(figures[s][1] for s in chosen)
                print(f"    {way:26s} {cpu:.3f} CPU s, numeric work {numeric:.3f}: {cpu - numeric:.3f} above it")
        print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
