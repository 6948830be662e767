"""Batch grading of a whole class: `grade batch SUBMISSIONS_DIR -o RESULTS_DIR`.

    coordinator.py    what to grade, who grades it, what is written (the only writer)
    journal.py        results.jsonl: append-only, fsynced rows; resume after any interruption
    task.py           one submission → one row (JSON text), run inside a grading process
    local.py          a pool of long-lived grading processes on this machine
    dask_backend.py   the same tasks on a Dask distributed cluster (optional extra)
    gradebook.py      gradebook.csv: a row per student, a column per item, subtotals per quiz and assignment
    analysis.py       item analysis and what needs attention: analysis.json and a short analysis.md
    monitor.py        what `grade batch` shows while it runs: progress, slow or ungraded submissions, a summary
    lms.py            Canvas and Moodle grade import CSVs (`grade export`)

Each grading process imports the grader and starts its worker fork server once,
then grades submission after submission with the same isolation as `grade check`.
"""

from __future__ import annotations

__all__ = ["run_batch", "find_submissions", "write_reports", "BatchResult"]


def __getattr__(name: str):
    if name in __all__:
        from grader.batch import coordinator

        return getattr(coordinator, name)
    raise AttributeError(f"module 'grader.batch' has no attribute {name!r}")
