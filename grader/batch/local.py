"""A pool of long-lived grading processes on this machine.

Why not one `grade check` per submission: interpreter, NumPy, pydantic and
pytest start-up and the worker's fork server would be paid every time. Here
each grading process is forked once from a clean fork server (multiprocessing's
"forkserver" context, so nothing of the coordinator — threads, an open
journal, a test session's own worker process — is inherited), imports the
grader once, starts its worker process (the zygote) once, and then grades one
submission after another, each with fresh worker children as in `grade check`.

Each grading process keeps to one CPU, and its workers with it (see `serve` and
grader/sandbox/affinity.py), the processes spread evenly over the CPUs (not with
GRADER_PIN_CPU=0).

Tasks are handed out one submission at a time (a slow or hostile submission
holds up one process, not a chunk of others); results come back as JSON text
over a pipe. A grading process that dies mid-task is replaced and the task
retried once; if it dies again the submission gets an error row. A task that
outlives every limit the engine enforces (a grader bug) is stopped by a
watchdog and gets an error row too.

Ctrl-C goes to the coordinator only (grading processes ignore SIGINT): it
stops them with SIGTERM, which they turn into the engine's own KeyboardInterrupt
clean-up (workers killed, temporary directories removed).
"""

from __future__ import annotations

import atexit
import json
import multiprocessing
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Iterator

from grader.batch.task import dumps, error_row
from grader.sandbox import affinity

CONTEXT = "forkserver"
MAX_TASKS_PER_PROCESS = 400  # then a fresh process: bounds slow growth of memory
STOP_GRACE = 10.0  # seconds a grading process gets to clean up after SIGTERM


def _stop_forkserver() -> None:
    """A finished batch leaves no process behind: multiprocessing keeps its fork server
    (and the resource tracker it started) alive until the interpreter exits otherwise."""
    from multiprocessing import forkserver, resource_tracker

    for helper in (getattr(forkserver, "_forkserver", None), getattr(resource_tracker, "_resource_tracker", None)):
        stop = getattr(helper, "_stop", None)
        if stop is not None:
            try:
                stop()
            except (OSError, ChildProcessError):
                pass


def _terminate(*_):
    raise KeyboardInterrupt


def serve(conn, course_root: str, cpu: int | None = None) -> None:
    """A grading process: warm up once, then grade tasks until told to stop (None) or the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate)
    # This process and its workers on one CPU (grader/sandbox/affinity.py says why): before
    # warm_up starts the fork server, which inherits it; each run then finds it kept there.
    affinity.pin(cpu)
    from grader.sandbox import processes as sandbox

    try:
        from grader.batch.task import grade_json, warm_up

        try:
            warm_up(course_root)
        except Exception as exc:  # noqa: BLE001 - said in one line by the coordinator
            conn.send_bytes(json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode())
            return
        conn.send_bytes(b'{"ready": true}')
        while True:
            message = conn.recv_bytes()
            if message == b"stop":
                break
            task = json.loads(message)
            text, seconds = grade_json(course_root, task["path"], task["student"])
            conn.send_bytes(json.dumps({"row": text, "seconds": seconds}).encode())
    except (KeyboardInterrupt, EOFError, BrokenPipeError, ConnectionError):
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # clean-up is not interrupted again
        sandbox.shutdown()
        # multiprocessing ends its processes with os._exit, which skips atexit; the
        # engine registers clean-up there (temporary directories), so run it now.
        atexit._run_exitfuncs()


@dataclass
class Task:
    student: str
    path: str
    attempts: int = 0


@dataclass
class _Proc:
    process: multiprocessing.Process
    conn: object
    cpu: int | None = None
    ready: bool = False
    task: Task | None = None
    started: float = 0.0
    done: int = 0
    died: list = field(default_factory=list)


def describe_exit(code: int | None) -> str:
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with status {code}"


class LocalPool:
    """`with LocalPool(course_root, jobs) as pool: for student, text, seconds in pool.grade(tasks): ...`"""

    def __init__(self, course_root: str, jobs: int, *, task_timeout: float = 3600.0, pin_cpus: bool = True):
        self.course_root = str(course_root)
        self.jobs = max(1, int(jobs))
        self.task_timeout = task_timeout
        self.ctx = multiprocessing.get_context(CONTEXT)
        if CONTEXT == "forkserver":
            self.ctx.set_forkserver_preload(["grader.batch.task"])
        self.procs: list[_Proc] = []
        self.cpus = affinity.allowed() if pin_cpus and affinity.enabled() else []  # GRADER_PIN_CPU=0: none

    # -------------------------------------------------------------- processes
    def _next_cpu(self) -> int | None:
        """The CPU with the fewest grading processes (a replacement takes the place of the one it replaces)."""
        if not self.cpus:
            return None
        load = {cpu: 0 for cpu in self.cpus}
        for proc in self.procs:
            if proc.cpu in load:
                load[proc.cpu] += 1
        return min(self.cpus, key=lambda cpu: load[cpu])

    def _spawn(self) -> _Proc:
        ours, theirs = self.ctx.Pipe(duplex=True)
        cpu = self._next_cpu()
        process = self.ctx.Process(target=serve, args=(theirs, self.course_root, cpu), name="grade-batch", daemon=True)
        process.start()
        theirs.close()
        proc = _Proc(process, ours, cpu)
        self.procs.append(proc)
        return proc

    def _retire(self, proc: _Proc, *, kill: bool = False) -> None:
        if proc in self.procs:
            self.procs.remove(proc)
        if kill and proc.process.is_alive():
            proc.process.kill()
        try:
            proc.conn.close()
        except OSError:
            pass
        proc.process.join(timeout=STOP_GRACE)

    def __enter__(self) -> "LocalPool":
        return self

    def __exit__(self, exc_type, *_) -> None:
        self.close(graceful=exc_type is None)

    def close(self, graceful: bool = True) -> None:
        procs, self.procs = list(self.procs), []
        for proc in procs:
            if not proc.process.is_alive():
                continue
            try:
                if graceful and proc.task is None and proc.ready:
                    proc.conn.send_bytes(b"stop")
                else:
                    proc.process.terminate()  # SIGTERM: the engine's KeyboardInterrupt clean-up
            except (OSError, ValueError):
                proc.process.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for proc in procs:
            proc.process.join(timeout=max(0.1, deadline - time.monotonic()))
            if proc.process.is_alive():
                proc.process.kill()
                proc.process.join(timeout=5)
            try:
                proc.conn.close()
            except OSError:
                pass
        _stop_forkserver()

    # -------------------------------------------------------------- grading
    def grade(self, tasks: list[Task]) -> Iterator[tuple[str, str, float]]:
        """(student, row JSON text, seconds) for each task, as they finish."""
        queue = deque(tasks)
        for _ in range(min(self.jobs, len(queue))):
            self._spawn()
        while queue or any(p.task is not None for p in self.procs):
            for proc in list(self.procs):
                if proc.ready and proc.task is None:
                    if not queue:
                        continue
                    if proc.done >= MAX_TASKS_PER_PROCESS:
                        self._stop(proc)
                        self._spawn()
                        continue
                    task = queue.popleft()
                    task.attempts += 1
                    try:
                        proc.conn.send_bytes(json.dumps({"student": task.student, "path": task.path}).encode())
                        proc.task, proc.started = task, time.monotonic()
                    except (OSError, ValueError):
                        queue.appendleft(task)
                        task.attempts -= 1
                        self._replace(proc)
            # Too few processes (one was replaced or retired) while work is waiting.
            while queue and len(self.procs) < min(self.jobs, len(queue) + sum(p.task is not None for p in self.procs)):
                self._spawn()
            waitables = [p.conn for p in self.procs] + [p.process.sentinel for p in self.procs]
            ready = set(wait(waitables, timeout=1.0))
            now = time.monotonic()
            for proc in list(self.procs):
                message = None
                if proc.conn in ready or proc.process.sentinel in ready:
                    try:
                        if proc.conn.poll():
                            message = proc.conn.recv_bytes()
                    except (EOFError, OSError):
                        message = None
                if message is not None:
                    if not proc.ready:
                        error = json.loads(message).get("error")
                        if error:
                            raise RuntimeError(f"a grading process could not start: {error}")
                        proc.ready = True
                        continue
                    task, proc.task = proc.task, None
                    proc.done += 1
                    if task is None:
                        continue
                    try:
                        reply = json.loads(message)
                        yield task.student, reply["row"], float(reply["seconds"])
                    except (ValueError, KeyError, TypeError):
                        yield task.student, dumps(error_row(task.student, "the grading process sent an unreadable result")), now - proc.started
                    continue
                if not proc.process.is_alive():
                    result = self._died(proc, queue, now)
                    if result is not None:
                        yield result
                    continue
                if proc.task is not None and now - proc.started > self.task_timeout:
                    task, proc.task = proc.task, None
                    self._retire(proc, kill=True)
                    yield task.student, dumps(error_row(task.student, f"grading did not finish within {self.task_timeout:g} s; the grading process was stopped")), now - proc.started

    def _died(self, proc: _Proc, queue: deque, now: float):
        why = describe_exit(proc.process.exitcode)
        task = proc.task
        self._retire(proc)
        if task is None:
            if not proc.ready:
                raise RuntimeError(f"a grading process could not start ({why})")
            return None
        if task.attempts < 2:
            queue.appendleft(task)  # once more, in a fresh process
            return None
        return task.student, dumps(error_row(task.student, f"the grading process died twice while grading this submission ({why})")), now - proc.started

    def _replace(self, proc: _Proc) -> None:
        self._retire(proc, kill=True)
        self._spawn()

    def _stop(self, proc: _Proc) -> None:
        try:
            proc.conn.send_bytes(b"stop")
        except (OSError, ValueError):
            pass
        self._retire(proc)
