"""Grading on a Dask distributed cluster (`grade batch --dask-scheduler ADDRESS`).

The coordinator stays where it is: it decides what is left to grade, submits
one task per submission and writes every row to the journal as results arrive,
so results and resume behave exactly as with the local pool. Each Dask worker
process runs `grader.batch.task.grade_json`, which loads the course and starts
its worker process (the zygote) once per Dask worker process and keeps them
for the next tasks.

Requirements on the cluster (documented in the README):
* the Dask workers run the same grader version (the `nndl-grader[dask]` extra);
* the course directory and the submissions are at the same paths for them:
  the same machine or a shared file system. Only paths travel with a task; the
  row comes back as JSON text;
* a worker thread grades one submission at a time (the engine serialises runs
  inside one process), so use threads_per_worker=1 and scale with processes.

Optional dependency: `pip install 'nndl-grader[dask]'` (the `distributed` package).
"""

from __future__ import annotations

import uuid
from typing import Iterator

from grader.batch.task import dumps, error_row
from grader.errors import InputError

CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler


def available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


class DaskPool:
    """`with DaskPool(address, course_root) as pool: for student, text, seconds in pool.grade(tasks): ...`"""

    def __init__(self, address: str, course_root: str, *, timeout: float = CONNECT_TIMEOUT):
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--dask-scheduler needs the `distributed` package: pip install 'nndl-grader[dask]'") from None
        self.address = address
        self.course_root = str(course_root)
        try:
            # An unknown scheme fails here, before a half-made Client complains at exit.
            from distributed.comm.addressing import parse_address
            from distributed.comm.registry import get_backend

            get_backend(parse_address(address)[0])
        except (ValueError, TypeError) as exc:
            raise InputError(f"not a Dask scheduler address: {address!r} ({exc}); e.g. tcp://host:8786") from None
        try:
            self.client = Client(address, timeout=f"{timeout}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"cannot reach the Dask scheduler at {address!r} within {timeout:g} s ({reason})") from None
        self.futures: list = []

    def __enter__(self) -> "DaskPool":
        return self

    def __exit__(self, exc_type, *_) -> None:
        self.close()

    def close(self) -> None:
        try:
            if self.futures:
                self.client.cancel([f for f in self.futures if not f.done()])
        except Exception:  # noqa: BLE001 - the cluster may be gone already
            pass
        try:
            self.client.close(timeout=10)
        except Exception:  # noqa: BLE001
            pass

    def grade(self, tasks) -> Iterator[tuple[str, str, float]]:
        """(student, row JSON text, seconds) for each task, as they finish."""
        from distributed import as_completed

        from grader.batch.task import grade_json

        run = uuid.uuid4().hex[:8]
        by_key = {}
        for task in tasks:
            future = self.client.submit(grade_json, self.course_root, task.path, task.student,
                                        key=f"grade-{run}-{len(by_key)}", pure=False, retries=1)
            by_key[future.key] = task
            self.futures.append(future)
        for future in as_completed(self.futures, loop=self.client.loop):
            task = by_key[future.key]
            try:
                text, seconds = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker, a task that could not run
                text, seconds = dumps(error_row(task.student, f"the Dask task failed: {type(exc).__name__}: {exc}")), 0.0
            future.release()
            yield task.student, text, float(seconds)
