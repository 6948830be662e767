"""The `student` fixture: the student's module, reached through the worker boundary.

`student.f(*args, **kwargs)` sends the call to the worker process and returns
the decoded result. Whatever goes wrong on the student's side comes back as a
`StudentProblem` whose message a student can act on; the runner turns it into a
status. A mistake of the check itself (it passed something that is not plain
data; a patched course function returned something that cannot be sent) is a
`CheckBug`, never charged to the student.

Views: `student.seeded(seed)` reseeds `np.random` and `random` in the worker right
before each call; `student.patched(name=callable)` replaces the module's global
`name` during each call by a stand-in that calls `callable` on the trusted side
(blame isolation). Views combine and share `last_call` with their parent.

Work the grader does on a student's behalf is charged to the student: a patched
course function runs on the trusted side under a deadline (deadline.py) made of
what is left of the call's time limit and of the module's budget, its time is
spent from both, and it is refused arguments far larger than any exercise needs
(see CALLBACK_MAX_ELEMENTS and the limits beside it), and so is its result. Either
way the student's call ends with a StudentProblem naming the course function and
the student's function that called it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from . import protocol
from .deadline import Overtime, call_with_deadline
from .processes import MAX_ZYGOTE_LOSSES, WorkerProcess, WorkerDied, WorkerTimeout, describe_status

__all__ = [
    "StudentProblem",
    "StudentError",
    "StudentTimeout",
    "StudentCrash",
    "NotPlainData",
    "TooLarge",
    "MissingFunction",
    "ImportFailed",
    "CheckBug",
    "CallRecord",
    "StudentModule",
    "StudentSession",
]


# ====================================================================== problems

class StudentProblem(Exception):
    """Something about the student's code that costs a check its points."""

    status = "error"

    def __init__(self, message: str, output: str = ""):
        super().__init__(message)
        self.message = message
        self.output = output

    def __str__(self) -> str:
        return self.message


class StudentError(StudentProblem):
    """The student's function raised an exception."""

    status = "error"

    def __init__(self, message: str, *, type_name: str = "", error_message: str = "", frames: list | None = None, output: str = "",
                 raised: tuple[str, str] | None = None):
        super().__init__(message, output)
        self.type_name = type_name
        self.error_message = error_message
        self.frames = frames or []
        # An ordinary error of the student's code, or of a course function it called, as
        # (type, message): what a listed mistake that raises the same error is matched on.
        self.raised = raised


class NotWritten(StudentError):
    """The function still raises NotImplementedError: unfinished work, not a crash."""

    status = "failed"


class StudentTimeout(StudentProblem):
    """The call did not finish in time (or the module's time budget is used up)."""

    status = "timeout"


class StudentCrash(StudentProblem):
    """The worker process died: segfault, os._exit, out of memory, broken protocol."""

    status = "error"


class NotPlainData(StudentProblem):
    """The result cannot cross the boundary (not an array, number, string, ...)."""

    status = "failed"

    def __init__(self, message: str, type_name: str = "", output: str = ""):
        super().__init__(message, output)
        self.type_name = type_name


class TooLarge(StudentProblem):
    """A value far larger than the exercise needs: a result, or what the student passed to a course function."""

    status = "failed"


class MissingFunction(StudentProblem):
    """The module does not define the function (or it is not callable)."""

    status = "missing"


class ImportFailed(StudentProblem):
    """The module could not be imported; every function of it scores 0."""

    status = "error"


class CheckBug(Exception):
    """The check (not the student) did something impossible; reported as a grader problem."""


class _ZygoteLost(Exception):
    """The worker died because its fork server did: retry the call once."""


# ====================================================================== limits

# What a course function patched in for a student may be given, and give back. The
# course's largest arrays are far smaller (its image set: 432 x 209 numbers, under
# 1 MB). Beyond each array's size, the arguments' shapes bound what combining them
# can make: a matrix product or broadcast of arrays of these shapes has at most the
# product, over axes, of their largest sizes (an outer product of two 20000-vectors
# would be 3.2 GB from 320 KB of arguments), and no axis is longer than
# CALLBACK_MAX_AXIS (so even an outer product of two vectors stays at 32 MB). With
# the deadline this bounds a callback's memory to some 100-200 MB and its longest
# single NumPy operation (which no deadline interrupts) to a fraction of a second.
CALLBACK_MAX_ELEMENTS = 1 << 21  # numbers in one array (2M: 16 MB of float64)
CALLBACK_MAX_AXIS = 1 << 11  # length of any one axis (2048)
CALLBACK_MAX_COMBINED = 1 << 22  # numbers in an array combining the arguments' largest axes (4M: 32 MB)
CALLBACK_MAX_BYTES = 1 << 25  # bytes of all arrays of the arguments, or of the result (32 MB)


def _shape(shape: tuple) -> str:
    return "×".join(str(n) for n in shape) if len(shape) > 1 else f"{shape[0] if shape else 1}-element"


def _oversize(tree, *, arguments: bool = True) -> tuple[str, str] | None:
    """(what, why) if an encoded value holds an array, or arrays, over the callback limits."""
    sizes = protocol.array_sizes(tree)
    if not sizes:  # (the usual callback: numbers only)
        return None
    total = 0
    for shape, nbytes in sizes:
        if math.prod(shape) > CALLBACK_MAX_ELEMENTS:
            return f"a {_shape(shape)} array", f"the limit is {CALLBACK_MAX_ELEMENTS:,} numbers in one array"
        if arguments and shape and max(shape) > CALLBACK_MAX_AXIS:
            return f"a {_shape(shape)} array", f"the limit is {CALLBACK_MAX_AXIS:,} along any axis"
        total += nbytes
    if total > CALLBACK_MAX_BYTES:
        return f"arrays of {total >> 20} MB", f"the limit is {CALLBACK_MAX_BYTES >> 20} MB in all"
    if arguments and sizes:
        largest = [1] * max(len(shape) for shape, _ in sizes)  # axes aligned from the right, as NumPy broadcasts
        for shape, _ in sizes:
            for i, n in enumerate(reversed(shape)):
                largest[i] = max(largest[i], n)
        if math.prod(largest) > CALLBACK_MAX_COMBINED:
            combined = tuple(reversed(largest))
            shapes = []
            for shape, _ in sizes:
                if any(n == largest[i] and n > 1 for i, n in enumerate(reversed(shape))) and shape not in shapes:
                    shapes.append(shape)
            return (f"arrays of shapes {', '.join(_shape(x) for x in shapes[:3])}",
                    f"together they could make a {_shape(combined)} array; the limit is {CALLBACK_MAX_COMBINED:,} numbers")
    return None


# ====================================================================== records

_UNSET = object()


@dataclass(slots=True)
class CallRecord:
    """One call: what was sent, what the student's function left, what it printed."""

    function: str
    args: tuple
    kwargs: dict
    output: str = ""
    seconds: float = 0.0  # wall time of the call in the worker (its callbacks included)
    cpu_seconds: float = 0.0  # the worker's CPU time during the call (what benchmarks count as the student's work)
    own_cpu_seconds: float = 0.0  # cpu_seconds less the worker's time in patched course functions' stand-ins (the protocol)
    seed: int | None = None  # the seed of the view the call went through (student.seeded(s)), if any
    returned: bool = False  # the call returned normally; `result` is its decoded value
    result: Any = field(default=None, repr=False)
    raised: tuple[str, str] | None = None  # (exception type, message) of an error it raised, for mistakes.py
    _before: tuple | None = field(default=None, repr=False)  # (args tree, kwargs tree, blobs) as sent
    _after: tuple | None = field(default=None, repr=False)  # (args tree, kwargs tree, blobs) if changed
    _decoded: Any = field(default=_UNSET, repr=False)

    def sent(self) -> tuple[tuple, dict]:
        """Fresh copies of the arguments exactly as they were sent (later changes by the check do not show)."""
        if self._before is None:
            return tuple(self.args), dict(self.kwargs)
        args_tree, kwargs_tree, blobs = self._before
        return protocol.decode(args_tree, blobs), protocol.decode(kwargs_tree, blobs)

    @property
    def changed(self) -> bool:
        """Whether the call changed any argument in place."""
        return self._after is not None

    def _after_values(self) -> tuple[tuple, dict]:
        if self._decoded is _UNSET:
            source = self._after if self._after is not None else self._before
            if source is None:
                self._decoded = (None, None)
            else:
                args_tree, kwargs_tree, blobs = source
                self._decoded = (protocol.decode(args_tree, blobs), protocol.decode(kwargs_tree, blobs))
        return self._decoded

    @property
    def args_after(self) -> tuple:
        """The positional arguments as the student's function left them."""
        return self._after_values()[0]

    @property
    def kwargs_after(self) -> dict:
        """The keyword arguments as the student's function left them."""
        return self._after_values()[1]


_MAX_NS = 1 << 62  # a time in a reply (nanoseconds) beyond any real one (146 years) is not read: 0.0 stays


class _Recorder:
    """The calls made through one `student` fixture and its views (one check)."""

    def __init__(self):
        self.last: CallRecord | None = None
        self.returned: dict[str, CallRecord] = {}  # function -> its last call that returned (for mistakes.py)
        self.raised: dict[str, CallRecord] = {}  # function -> its last call that raised an ordinary error (ditto)


# ====================================================================== session

def _a_type(type_name: str) -> str:
    """'a MyObj object', 'an int object', 'a NumPy array of dtype object'."""
    if type_name == "object":
        return "a bare object()"
    if type_name.startswith("NumPy array"):
        return "a " + type_name
    article = "an" if type_name[:1].lower() in "aeiou" else "a"
    return f"{article} {type_name} object"


def _broken(name: str, detail: object) -> str:
    return (f"{name}(): the worker process sent something that is not a valid reply ({detail}), so it was stopped; "
            "does your code write to files or sockets it did not open?")


def _where(frames: list, locate: Callable[[str, int], str | None] | None = None) -> str:
    """`deep_nn.py, line 12, in f: code` for the innermost student frame.

    `locate` names a line of a module built from a notebook by where it is in the notebook
    (`Building_....ipynb, cell In [7], line 3`); a .py's line is named as it is.
    """
    if not frames:
        return ""
    try:
        file, line, func, code = frames[-1]
    except (TypeError, ValueError):
        return ""
    located = None
    if locate is not None:
        try:
            located = locate(str(file), int(line))
        except (TypeError, ValueError):
            located = None
    text = located or f"{file}, line {line}"
    if func and func != "<module>":
        text += f", in {func}"
    if code:
        text += f": {code}"
    return text


class StudentSession:
    """One student module for one grading run: its worker and what its import said."""

    def __init__(self, module: str, worker: WorkerProcess | None, display: str, uses: list[str] | tuple = (),
                 aliases: dict[str, list[str]] | None = None, locate: Callable[[str, int], str | None] | None = None):
        self.module = module
        self.locate = locate  # file, line of a built module -> where in the student's notebook (None: as it is)
        self.worker = worker
        self.display = display  # e.g. "exercises/numpy_basics.py"
        self.uses = list(uses)  # the student's other modules this one may import
        # graded function -> older names it is accepted under (an earlier course edition's
        # normalizeRows for normalize_rows); `aliased` says which were used.
        self.aliases = {k: list(v) for k, v in (aliases or {}).items()}
        self.aliased: dict[str, str] = {}
        self.calls = 0
        # function -> its call time limit, for each function that ran out of it: such a
        # function is not called again in this grading (each call would cost the
        # whole limit again, and a module of them would cost minutes).
        self.timed_out: dict[str, float] = {}

    # -------------------------------------------------------------- import
    def import_problem(self) -> StudentProblem | None:
        """ImportFailed if the module cannot be imported (None when it imports)."""
        if self.worker is None:
            return ImportFailed(f"{self.display} not found")
        hello = self.worker.ready()
        first = self.worker.first_hello
        if first is not None and not first.ok:
            return ImportFailed(self._import_message(first), first.output)
        if not hello.ok:  # a restart failed to import: the budget, or a flaky import
            if hello.timed_out:
                return StudentTimeout(self._import_message(hello), hello.output)
            return StudentCrash(self._import_message(hello), hello.output)
        return None

    def _import_message(self, hello) -> str:
        err = hello.error or {}
        if hello.timed_out:
            if err.get("budget"):
                return f"the time budget for {self.display} ({self.worker.budget:g} s) is used up"
            return (
                f"importing {self.display} did not finish within {self.worker.call_timeout:g} s: "
                "is there a loop or a long computation at the top level of the module?"
            )
        if hello.crashed:
            return f"importing {self.display} crashed the worker process ({hello.crashed})"
        kind = err.get("type", "Error")
        message = err.get("message", "")
        frames = err.get("frames") or []
        where = _where(frames, self.locate)
        if kind == "SystemExit":
            text = (f"{self.display} calls sys.exit() (or exit()) while it is imported (code {err.get('code')!r}); "
                    "remove that call: the grader imports your module and calls its functions")
        elif kind == "KeyboardInterrupt":
            text = f"{self.display} raised KeyboardInterrupt while it was imported"
        elif kind == "ModuleNotFoundError" and any(f"'{u}'" in message for u in self.uses):
            used = next(u for u in self.uses if f"'{u}'" in message)
            text = (f"{self.display} imports {used}, but {used}.py is not in your submission "
                    f"(put it next to {self.display.rsplit('/', 1)[-1]})")
        elif kind in ("ModuleNotFoundError", "ImportError"):
            text = (f"{self.display} could not be imported: {kind}: {message} "
                    "(only NumPy, the standard library and the course's own modules are available)")
        else:
            text = f"{self.display} could not be imported: {kind}: {message}"
        if where:
            text += f" ({where})"
        return text

    def has(self, name: str) -> bool:
        problem = self.import_problem()
        if problem is not None:
            raise problem
        return self.resolve(name) in self.worker.hello.names

    def resolve(self, name: str) -> str:
        """The name the module defines `name` under: itself, or an older name the course accepts for it."""
        if not self.aliases:  # (the usual module: every call asks, so nothing else is read)
            return name
        hello = self.worker.hello if self.worker is not None else None
        names = hello.names if hello is not None else frozenset()
        if name in names or not self.aliases.get(name):
            return name
        for alias in self.aliases[name]:
            if alias in names:
                self.aliased[name] = alias
                return alias
        return name

    # -------------------------------------------------------------- calls
    def call(self, name: str, args: tuple, kwargs: dict, *, seed: int | None, patches: dict[str, Callable], recorder: _Recorder) -> Any:
        if name in self.timed_out:
            raise StudentTimeout(f"{name}() timed out earlier in this grading (after {self.timed_out[name]:g} s), "
                                 "so it was not called again")
        worker = self.worker
        if worker is None or not worker.idle_ready():  # (the usual call: imported, idle, nothing sent meanwhile)
            if worker is not None and worker.zygote_losses > MAX_ZYGOTE_LOSSES:
                raise StudentCrash(f"{name}() was not run: code in {self.display} kept killing the grader's worker processes")
            problem = self.import_problem()
            if problem is None and worker.idle_broken():
                worker.restart()
                problem = self.import_problem()
            if problem is not None:
                raise problem
        message, blobs, record, patches = self.request(name, args, kwargs, seed=seed, patches=patches)
        return self.settle(message, blobs, record, patches, recorder)

    def request(self, name: str, args: tuple, kwargs: dict, *, seed: int | None,
                patches: dict[str, Callable]) -> tuple[dict, list, CallRecord, dict[str, Callable]]:
        """A call's message to the worker, its arrays, its record and its patches (as the worker
        names them), ready to send: apart from settle() so that calls can be sent ahead of their replies."""
        args, kwargs = tuple(args), dict(kwargs)  # the record's own (the check may change what it passed)
        blobs: list = []
        try:
            args_tree = protocol.encode(args, blobs)
            kwargs_tree = protocol.encode(kwargs, blobs) if kwargs else protocol.NO_KWARGS
        except protocol.EncodeError as exc:
            raise CheckBug(f"the check passed {exc} to {name}(); only plain data can be sent to student code") from None
        cid = self.worker.next_id()
        if self.aliases:
            # A function defined under an older name is called, and patched, under that name.
            patches = {**patches, **{self.resolve(k): fn for k, fn in patches.items()}}
        message: dict = {"op": "call", "id": cid, "module": self.worker.name,
                         "fn": self.resolve(name) if self.aliases else name, "args": args_tree}
        if kwargs:  # (none: no keyword arguments)
            message["kwargs"] = kwargs_tree
        if seed is not None:
            message["seed"] = int(seed)
        if patches:
            message["patches"] = sorted(patches)
        return message, blobs, CallRecord(name, args, kwargs, seed=seed, _before=(args_tree, kwargs_tree, blobs)), patches

    def settle(self, message: dict, blobs: list, record: CallRecord, patches: dict[str, Callable],
               recorder: _Recorder, *, sent: bool = False) -> Any:
        """The call's result (or its problem, raised), recorded; `sent`: its message is already on its way."""
        name, cid = record.function, message["id"]
        self.calls += 1
        try:
            try:
                value = self._call(name, message, blobs, cid, record, patches, sent=sent)
                record.returned, record.result = True, value
                recorder.returned[name] = record
                return value
            except StudentError as exc:
                if exc.raised is not None:
                    record.raised = exc.raised
                    recorder.raised[name] = record
                raise
            except _ZygoteLost:
                # The fork server died (killed by some code, or by the system) and took
                # this worker with it: probably not this call's doing. Once more, on a new one.
                if not self.worker.forgive_zygote_loss():
                    raise StudentCrash(f"{name}() crashed the worker process (its parent process was killed)") from None
                problem = self.import_problem()
                if problem is not None:
                    raise problem from None
                try:
                    value = self._call(name, message, blobs, cid, record, patches)
                    record.returned, record.result = True, value
                    recorder.returned[name] = record
                    return value
                except _ZygoteLost:
                    raise StudentCrash(f"{name}() crashed the worker process (its parent process was killed)") from None
        finally:
            recorder.last = record  # set when the call ends: an outer call outlasts nested ones

    def _call(self, name: str, message: dict, blobs: list, cid: int, record: CallRecord, patches: dict,
              *, sent: bool = False) -> Any:
        worker = self.worker
        callback_errors: list[tuple[str, tuple[str, str]]] = []  # (what to say, (type, message))
        try:
            try:
                if not sent:
                    worker.send(message, blobs)
            except protocol.FrameTooLarge as exc:
                raise CheckBug(f"the check passed arguments to {name}() that are too large to send: {exc.reason}") from None
            remaining = worker.call_timeout
            while True:
                reply, rblobs = worker.recv(max(remaining, 0.0))
                remaining -= worker.waited
                op = reply.get("op")
                if op == "callback":
                    # The course function's time is the student's: spent from the call's time and the budget.
                    remaining -= self._serve_callback(name, reply, rblobs, patches, callback_errors, remaining)
                    continue
                if op == "result" and reply.get("id") == cid:
                    break
                worker.stop()
                raise StudentCrash(f"{name}() made the worker send an unexpected message; it was stopped")
        except WorkerTimeout as exc:
            if exc.budget:
                raise StudentTimeout(
                    f"{name}() was stopped: the time budget for all calls into {self.display} "
                    f"({worker.budget:g} s) is used up; is some function far too slow?"
                ) from None
            self.timed_out[name] = worker.call_timeout
            raise StudentTimeout(f"{name}() timed out after {worker.call_timeout:g} s: an infinite loop, or far too much work?") from None
        except WorkerDied as exc:
            if exc.status is None and not exc.reason and worker.zygote_lost():
                raise _ZygoteLost from None
            raise self._crash(name, exc) from None
        return self._result(name, reply, rblobs, record, callback_errors)

    def _crash(self, name: str, exc: WorkerDied) -> StudentProblem:
        import os
        import signal

        status = exc.status
        if exc.reason:
            return StudentCrash(f"{name}(): {exc.reason}")
        if status is not None and os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGXCPU:
                # The worker's CPU limit is a backstop, the sum of its modules' budgets: the wall
                # budget of each ends it first unless its threads burn several cores at once.
                return StudentTimeout(f"{name}() used up the CPU time allowed for the worker process "
                                      f"(the time budgets of the submission's modules together)")
            if sig == signal.SIGSEGV:
                return StudentCrash(f"{name}() crashed the worker process (SIGSEGV, a segmentation fault)")
            if sig == signal.SIGKILL:
                return StudentCrash(f"{name}() was killed (SIGKILL): out of memory? (limit {self.worker.limits['memory_mb']} MB)")
            if sig == signal.SIGXFSZ:
                return StudentCrash(f"{name}() wrote a file larger than allowed")
            return StudentCrash(f"{name}() crashed the worker process ({describe_status(status)})")
        if status is not None and os.WIFEXITED(status):
            return StudentCrash(
                f"{name}() ended the worker process (exit status {os.WEXITSTATUS(status)}): "
                "a graded function must return its result, never call os._exit() or exit the process"
            )
        return StudentCrash(f"{name}() crashed the worker process ({describe_status(status)})")

    def _serve_callback(self, name: str, reply: dict, rblobs: list, patches: dict, errors: list, remaining: float) -> float:
        """Run a patched course function for the student's code; the seconds it took (charged to the worker)."""
        worker = self.worker
        start = time.monotonic()
        try:
            self._run_callback(name, reply, rblobs, patches, errors, remaining)
        finally:
            spent = time.monotonic() - start
            worker.charge(spent)
        return spent

    def _run_callback(self, name: str, reply: dict, rblobs: list, patches: dict, errors: list, remaining: float) -> None:
        worker = self.worker
        target = reply.get("name")
        fn = patches.get(target) if type(target) is str else None
        if fn is None:
            worker.stop()
            raise StudentCrash(f"{name}() made the worker send an unexpected message; it was stopped")
        if "too_large" in reply:  # the worker could not even send the arguments
            worker.stop()
            raise TooLarge(f"your {name}() passed arguments to the course's {target}() that are too large to grade "
                           f"({reply.get('too_large')}); they are far larger than this exercise needs")
        kwargs_tree = reply.get("kwargs", protocol.NO_KWARGS)  # (none: no keyword arguments)
        # (a frame without blobs holds no array that decodes: nothing to size, and decoding refuses any it claims)
        oversize = _oversize([reply.get("args"), kwargs_tree]) if rblobs else None
        if oversize is not None:
            worker.stop()
            what, why = oversize
            raise TooLarge(f"your {name}() passed {what} to the course's {target}(), far larger than this exercise "
                           f"needs ({why}), so it was not run")
        try:
            args = protocol.decode(reply.get("args"), rblobs)
            kwargs = protocol.decode(kwargs_tree, rblobs)
            if type(args) is not tuple or type(kwargs) is not dict:
                raise protocol.ProtocolError("bad callback arguments")
        except protocol.ProtocolError as exc:
            worker.stop()
            raise StudentCrash(_broken(name, exc)) from None
        budget_bound = worker.remaining < remaining
        try:
            result = call_with_deadline(fn, args, kwargs, min(remaining, worker.remaining))
        except Overtime:
            worker.stop()  # it waits for an answer that will not come
            if budget_bound:
                raise StudentTimeout(
                    f"{name}() was stopped: the time budget for all calls into {self.display} ({worker.budget:g} s) ran out "
                    f"while the course's {target}() it called was running; check what you pass to it"
                ) from None
            self.timed_out[name] = worker.call_timeout
            raise StudentTimeout(
                f"{name}() timed out after {worker.call_timeout:g} s: the course's {target}() it called was still running "
                f"when the time ran out; check what you pass to it (a loop count such as num_iterations? the size of the arrays?)"
            ) from None
        except (StudentTimeout, StudentCrash, CheckBug, TooLarge):
            raise
        except MemoryError:
            worker.stop()
            raise TooLarge(f"the course's {target}() ran out of memory on what your {name}() passed to it") from None
        except Exception as exc:  # noqa: BLE001 - the course function failed on what the student passed
            text = f"{type(exc).__name__}: {exc}"
            errors.append((f"the course's {target}() raised {text}", (type(exc).__name__, str(exc))))
            worker.send({"op": "raise", "message": text[:2000]})
            return
        blobs: list = []
        try:
            tree = protocol.encode(result, blobs)
        except protocol.EncodeError as exc:
            worker.stop()
            raise CheckBug(f"the course function patched in for {target} returned {exc}, which cannot be sent to student code") from None
        oversize = _oversize(tree, arguments=False) if blobs else None  # (no blobs: no arrays)
        if oversize is not None:
            worker.stop()
            what, why = oversize
            raise TooLarge(f"the course's {target}() returned {what} for what your {name}() passed to it, far larger "
                           f"than this exercise needs ({why})")
        try:
            worker.send({"op": "return", "value": tree}, blobs)
        except protocol.FrameTooLarge as exc:
            worker.stop()
            raise TooLarge(f"the course's {target}() returned a value too large to grade for what your {name}() "
                           f"passed to it ({exc.reason})") from None

    def _result(self, name: str, reply: dict, rblobs: list, record: CallRecord, callback_errors: list) -> Any:
        output = reply.get("output")  # absent when the call printed nothing
        if type(output) is str:
            record.output = output
        times = reply.get("t")  # [wall, CPU, CPU less the stand-ins'] in integer nanoseconds
        if type(times) is list and len(times) == 3:
            wall, cpu, own = times
            if type(wall) is type(cpu) is type(own) is int and 0 <= min(times) and max(times) < _MAX_NS:
                record.seconds, record.cpu_seconds, record.own_cpu_seconds = wall / 1e9, cpu / 1e9, own / 1e9
        kind = reply.get("kind")
        if kind == "ok":
            try:
                value = protocol.decode(reply.get("value"), rblobs)
                if "args_after" in reply:
                    # Validate now; decoding for the check happens on demand.
                    record._after = (reply["args_after"], reply["kwargs_after"], list(rblobs))
                    protocol.decode(reply["args_after"], rblobs)
            except (protocol.ProtocolError, KeyError) as exc:
                self.worker.stop()
                raise StudentCrash(_broken(name, exc)) from None
            return value
        if kind == "raised":
            err = reply.get("error") if type(reply.get("error")) is dict else {}
            raise self._student_error(name, err, callback_errors, record.output)
        if kind == "notplain":
            type_name = str(reply.get("type", "object"))
            path = str(reply.get("path") or "")
            reason = str(reply.get("reason") or "")
            if reply.get("in_args"):
                text = f"{name}() put {_a_type(type_name)} into one of its arguments, which cannot be graded"
            elif reason:
                text = f"{name}() returned a value that cannot be graded: {reason}"
            elif path:
                text = (f"{name}() returned a value whose element {path} is {_a_type(type_name)}, which cannot be graded; "
                        "use NumPy arrays, numbers, strings, and lists/tuples/dicts of these")
            else:
                text = f"{name}() returned {_a_type(type_name)}, which cannot be graded; return a NumPy array or a number"
            raise NotPlainData(text, type_name, record.output)
        if kind == "too_large":
            reason = str(reply.get("reason") or "")
            if reply.get("in_args"):
                text = f"{name}() left its arguments too large to grade ({reason}): did it grow them in place?"
            else:
                text = f"{name}() returned a result too large to grade ({reason}): far larger than this exercise needs"
            raise TooLarge(text, record.output)
        if kind == "missing":
            what = reply.get("what")
            if type(what) is str:
                raise MissingFunction(f"{name} in {self.display} is {_a_type(what)}, not a function", record.output)
            raise MissingFunction(f"{self.display} has no function {name}()", record.output)
        if kind == "aborted":
            raise CheckBug(f"the call of {name}() was abandoned")
        if kind == "protocol":
            raise CheckBug(f"the worker could not read the call of {name}(): {reply.get('message')}")
        self.worker.stop()
        raise StudentCrash(f"{name}(): the worker sent an unexpected reply; it was stopped")

    def _student_error(self, name: str, err: dict, callback_errors: list, output: str) -> StudentError:
        kind = str(err.get("type", "Exception"))
        message = str(err.get("message", ""))
        frames = err.get("frames") if type(err.get("frames")) is list else []
        where = _where(frames, self.locate)
        at = f" (at {where})" if where else ""
        if kind == "SystemExit":
            text = f"{name}() called sys.exit() (code {err.get('code')!r}){at}; a graded function must return its result"
        elif kind == "KeyboardInterrupt":
            text = f"{name}() raised KeyboardInterrupt{at}"
        elif kind == "CourseFunctionError" and callback_errors:
            said, raised = callback_errors[-1]
            text = f"{said}, called by your {name}(){at}: check the arguments you pass to it"
            return StudentError(text, type_name=kind, error_message=message, frames=frames, output=output, raised=raised)
        elif kind == "OSError" and "File too large" in message:
            limit = self.worker.limits.get("file_mb", 16)
            text = (f"{name}() wrote more than {limit} MB (printed output or a file){at}; "
                    "print less (e.g. only every 100th cost)")
        elif kind == "NotImplementedError":
            error = NotWritten(f"{name}() is not written yet: replace its `raise NotImplementedError` with your code at # YOUR CODE HERE",
                               type_name=kind, error_message=message, frames=frames, output=output)
            return error
        elif kind == "MemoryError":
            text = f"{name}() ran out of memory (limit {self.worker.limits['memory_mb']} MB){at}"
        else:
            text = f"{name}() raised {kind}: {message}{at}" if message else f"{name}() raised {kind}{at}"
            return StudentError(text, type_name=kind, error_message=message, frames=frames, output=output, raised=(kind, message))
        return StudentError(text, type_name=kind, error_message=message, frames=frames, output=output)


# ====================================================================== the fixture

class StudentModule:
    """The `student` fixture: attribute access gives a callable that runs in the worker."""

    def __init__(self, session: StudentSession, *, seed: int | None = None, patches: dict[str, Callable] | None = None,
                 recorder: _Recorder | None = None):
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "_seed", seed)
        object.__setattr__(self, "_patches", dict(patches or {}))
        object.__setattr__(self, "_recorder", recorder or _Recorder())

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        call = self.function(name)
        object.__setattr__(self, name, call)  # made once: the next `student.name` is a plain attribute
        return call

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the student module cannot be changed from a check; use student.patched(...)")

    def function(self, name: str) -> Callable[..., Any]:
        """The student's function `name` (for names that clash with this object's own)."""

        # The view's fields never change after __init__; the function holds them, not the view
        # (which keeps the function: see __getattr__), so no reference cycle is made.
        session, seed, patches, recorder = self._session, self._seed, self._patches, self._recorder

        def call(*args: Any, **kwargs: Any) -> Any:
            return session.call(name, args, kwargs, seed=seed, patches=patches, recorder=recorder)

        call.__name__ = call.__qualname__ = name
        return call

    def seeded(self, seed: int) -> "StudentModule":
        """A view that seeds np.random and random in the worker right before each call."""
        if not 0 <= int(seed) < 2**32:
            raise CheckBug(f"student.seeded({seed}): np.random.seed takes 0 <= seed < 2**32")
        return StudentModule(self._session, seed=int(seed), patches=self._patches, recorder=self._recorder)

    def patched(self, **callables: Callable) -> "StudentModule":
        """A view in which the module's globals named here call these trusted callables."""
        for key, fn in callables.items():
            if not callable(fn):
                raise CheckBug(f"student.patched({key}=...) needs a callable, got {type(fn).__name__}")
        return StudentModule(self._session, seed=self._seed, patches={**self._patches, **callables}, recorder=self._recorder)

    @property
    def last_call(self) -> CallRecord | None:
        """The most recent call made through this fixture (or any of its views)."""
        return self._recorder.last

    def has(self, name: str) -> bool:
        """Whether the student's module defines `name`."""
        return self._session.has(name)

    @property
    def module_name(self) -> str:
        return self._session.module

    def __repr__(self) -> str:
        extras = []
        if self._seed is not None:
            extras.append(f"seeded({self._seed})")
        if self._patches:
            extras.append(f"patched({', '.join(sorted(self._patches))})")
        return f"<student module {self._session.module}{' ' + ' '.join(extras) if extras else ''}>"
