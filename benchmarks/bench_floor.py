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

It is a measuring device, never a grader: student code runs in this process, with no
limits and no isolation. Only the benchmark's own generated submissions go through it.

Prints, per submission (reference submissions and the class mix), CPU seconds side by
side in one run: the real engine (grader + workers), this floor, and the numeric work
(bench_batch.bench_work); and what each leaves above the numeric work.

    python benchmarks/bench_floor.py [-n 10] [--cpu 6]
"""

from __future__ import annotations

import argparse
import copy
import importlib
import importlib.util
import io
import random
import resource
import shutil
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

from bench_batch import bench_cost, generated, load  # noqa: E402


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
            self._dir = Path(tempfile.mkdtemp(prefix="floor-"))
            for target, source in worker.files.items():
                if isinstance(source, bytes):
                    (self._dir / target).write_bytes(source)
                else:
                    shutil.copyfile(source, self._dir / target)
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


@contextmanager
def no_boundary() -> Iterator[None]:
    """Grade with the in-process sessions in place of the sandbox's (for this benchmark only)."""
    from grader.harness import sandboxed
    from grader.sandbox import processes

    undo = [(sandboxed, "StudentSession", sandboxed.StudentSession), (processes, "acquire", processes.acquire)]
    sandboxed.StudentSession = _session_class()
    processes.acquire = lambda secrets=False: _InProcessBox()
    try:
        yield
    finally:
        for owner, name, value in undo:
            setattr(owner, name, value)


def bench_floor(subs: Path, students: list[str]) -> dict[str, float]:
    """CPU seconds per submission graded with no boundary, one after another in this process."""
    from grader.course import load_course
    from grader.grading import grade_submission

    from grader.exercise import mistakes

    course = load_course(ROOT)
    out: dict[str, float] = {}
    # As bench_cost does: no replay outcomes kept from an earlier pass, so this
    # pass replays the course's listed mistakes as they did (else it finds them kept, and
    # costs less than the numeric work it is compared with).
    mistakes.forget_replays()
    with no_boundary():
        grade_submission(course, subs / students[0], student=students[0])  # warm: imports, collected checks
        for student in students[1:]:
            r0 = resource.getrusage(resource.RUSAGE_SELF)
            grade_submission(course, subs / student, student=student)
            r1 = resource.getrusage(resource.RUSAGE_SELF)
            out[student] = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="submissions generated (default 10; every fifth is a reference)")
    parser.add_argument("--cpu", type=int, default=6, help="submissions measured each way (default 6)")
    args = parser.parse_args()
    with generated(args.n, "bench-floor-") as (_, subs, kinds):
        students = sorted(kinds)[: args.cpu + 1]
        cost = bench_cost(subs, args.cpu)
        real = {s: c[:2] for s, c in cost.items()}  # (grader, worker processes)
        work = {s: c[3:] for s, c in cost.items()}  # (reference solutions, student code, mistake replays)
        floor = bench_floor(subs, students)
        print(f"CPU s per submission, measured one after another in one process (load {load()}):")
        for label, chosen in (("class mix", list(real)), ("references", [s for s in real if kinds[s] == "reference"])):
            chosen = [s for s in chosen if s in floor and s in work]
            if not chosen:
                continue
            numeric = statistics.mean(sum(work[s]) for s in chosen)
            engine = statistics.mean(real[s][0] + real[s][1] for s in chosen)
            nobound = statistics.mean(floor[s] for s in chosen)
            print(f"  {label} (x{len(chosen)}): with the sandbox {engine:.3f}; with no boundary {nobound:.3f}; "
                  f"numeric work {numeric:.3f}")
            print(f"    above the numeric work: the engine {engine - numeric:.3f}; the checks and harness alone "
                  f"(no boundary) {nobound - numeric:.3f}; so the sandbox's part is {engine - nobound:.3f}")
        print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
