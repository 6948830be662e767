"""The coordinator of a batch: what to grade, who grades it, what is written.

    submissions dir ──► what is not in the journal yet ──► backend (local pool | Dask)
                                                               │ rows as JSON text, as they finish
    gradebook.csv, junit.xml,
    analysis.json/.md ◄── whole journal ◄── journal.append (write, flush, fsync)

Only this process writes to the results directory. The reports are rebuilt
from the whole journal at the end of every run (also after Ctrl-C), so a
resumed batch ends with the same files as one that was never interrupted.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from grader.batch import analysis as _analysis
from grader.batch.gradebook import GRADEBOOK, course_columns, render, write_atomic
from grader.batch.journal import Journal
from grader.batch.local import LocalPool, Task
from grader.batch.task import dumps, error_row
from grader.errors import InputError

JUNIT = "junit.xml"  # the class as JUnit XML: a testsuite per student, for CI test viewers


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path


@dataclass
class BatchResult:
    total: int = 0  # submissions in the directory
    already: int = 0  # found in the journal (not graded again)
    graded: int = 0  # graded by this run
    errors: int = 0  # of those, rows with status "error"
    seconds: float = 0.0  # wall time of the grading phase
    latencies: list[float] = field(default_factory=list)  # per graded submission
    rows: dict[str, dict] = field(default_factory=dict)  # the whole journal, by student
    interrupted: bool = False


def find_submissions(directory: Path) -> list[Submission]:
    """Each subdirectory (not hidden) is one submission; its name is the student id."""
    directory = Path(directory)
    if not directory.exists():
        raise InputError("submissions directory not found", directory)
    if not directory.is_dir():
        raise InputError("not a directory; give the directory that holds one subdirectory per submission", directory)
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise InputError(f"cannot list the submissions directory: {exc.strerror}", directory) from None
    # Not resolved: a link among the submissions stays a link, and its row says so (task.grade_row).
    base = directory.resolve()
    subs = [Submission(p.name, base / p.name) for p in entries if not p.name.startswith(".") and p.is_dir()]
    if not subs:
        raise InputError("no submissions: the directory has no subdirectories (one per student, named by student id)", directory)
    return subs


def prepare_results_dir(results_dir: Path) -> Path:
    results_dir = Path(results_dir)
    if results_dir.exists() and not results_dir.is_dir():
        raise InputError("the results path is not a directory", results_dir)
    try:
        results_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the results directory: {exc.strerror}", results_dir) from None
    probe = results_dir / ".write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InputError(f"results directory is not writable: {exc.strerror}", results_dir) from None
    return results_dir


def write_reports(course, results_dir: Path, rows: list[dict]) -> None:
    """gradebook.csv, analysis.json, analysis.md and junit.xml from the whole journal."""
    from grader.reports import junit

    columns = course_columns(course)
    write_atomic(results_dir / GRADEBOOK, render(rows, columns))
    write_atomic(results_dir / JUNIT, junit.render_class(rows))
    data = _analysis.analyse(rows, columns)
    write_atomic(results_dir / _analysis.ANALYSIS_JSON, _analysis.to_json(data))
    write_atomic(results_dir / _analysis.ANALYSIS_MD, _analysis.to_markdown(data))


def _task_timeout(course) -> float:
    """A watchdog far beyond every limit the engine enforces itself (a grader bug, not a slow student)."""
    defaults = course.manifest.defaults
    budget = sum((m.module_timeout or defaults.module_timeout) for m in course.manifest.modules)
    return 3 * budget + 300.0


def _checked(student: str, text: str) -> str:
    """The worker's row if it is one for this student; else an error row saying so."""
    try:
        row = json.loads(text)
        if isinstance(row, dict) and row.get("student") == student and isinstance(row.get("items"), list) and "\n" not in text:
            return text
    except ValueError:
        pass
    return dumps(error_row(student, "the grading process returned a result that is not this submission's row"))


def run_batch(
    course,
    submissions_dir: Path,
    results_dir: Path,
    *,
    jobs: int,
    regrade: bool = False,
    scheduler: str | None = None,
    scheduler_timeout: float | None = None,
    on_plan: Callable[[int, int], None] | None = None,
    on_row: Callable[[dict, float], None] | None = None,
) -> BatchResult:
    """Grade every submission not yet in the journal; rebuild the reports; a summary.

    InputError for bad input (before anything is written); KeyboardInterrupt
    propagates after the finished rows are committed and the reports rebuilt.
    """
    subs = find_submissions(submissions_dir)
    results_dir = prepare_results_dir(results_dir)
    if scheduler is not None:
        from grader.batch.dask_backend import DaskPool

        from grader.batch.dask_backend import CONNECT_TIMEOUT

        # Connect before touching the journal: an unreachable cluster changes nothing.
        pool = DaskPool(scheduler, str(course.root), timeout=scheduler_timeout or CONNECT_TIMEOUT)
    else:
        pool = LocalPool(str(course.root), jobs, task_timeout=_task_timeout(course))
    result = BatchResult(total=len(subs))
    try:
        journal = Journal(results_dir, fresh=regrade)
    except BaseException:
        pool.close()
        raise
    try:
        todo = [s for s in subs if s.student not in journal]
        result.already = len(subs) - len(todo)
        if on_plan:
            on_plan(len(subs), len(todo))
        start = time.perf_counter()
        try:
            if todo:
                with pool:
                    for student, text, seconds in pool.grade([Task(s.student, str(s.path)) for s in todo]):
                        row = journal.append(_checked(student, text))
                        result.graded += 1
                        result.errors += row.get("status") != "graded"
                        result.latencies.append(seconds)
                        if on_row:
                            on_row(row, seconds)
            else:
                pool.close()
        except KeyboardInterrupt:
            result.interrupted = True
            raise
        finally:
            result.seconds = time.perf_counter() - start
            result.rows = dict(journal.rows)
            write_reports(course, results_dir, list(journal.rows.values()))
    finally:
        journal.close()
    return result
