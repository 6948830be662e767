"""The Dask backend gives the same results files as the local pool, and resumes the same way.

Runs against a LocalCluster started here on loopback (two worker processes,
one thread each). Skipped when the optional `distributed` package is missing.
"""

from __future__ import annotations

import logging

import pytest

from grader.batch.coordinator import run_batch
from grader.course import load_course

from .conftest import make_class

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'nndl-grader[dask]')")

FILES = ("gradebook.csv", "analysis.json", "analysis.md")


def sorted_lines(path):
    return sorted(path.read_bytes().splitlines())


@pytest.mark.timeout(180)
def test_dask_backend_matches_the_local_pool_and_resumes(course_dir, tmp_path):
    from distributed import LocalCluster

    course = load_course(course_dir)
    subs = tmp_path / "subs"
    students = make_class(course_dir, subs, 5)
    local = tmp_path / "local"
    run_batch(course, subs, local, jobs=2)

    remote = tmp_path / "dask"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                      silence_logs=logging.ERROR, death_timeout=30) as cluster:
        result = run_batch(course, subs, remote, jobs=2, scheduler=cluster.scheduler_address, scheduler_timeout=30)
        assert result.graded == len(students) and result.errors == 0
        assert sorted_lines(remote / "results.jsonl") == sorted_lines(local / "results.jsonl")
        for name in FILES:
            assert (remote / name).read_bytes() == (local / name).read_bytes(), name

        # Interrupted after 3 rows, the next one torn: the rerun grades exactly the rest.
        lines = (remote / "results.jsonl").read_bytes().splitlines(keepends=True)
        (remote / "results.jsonl").write_bytes(b"".join(lines[:3]) + lines[3][:25])
        again = run_batch(course, subs, remote, jobs=2, scheduler=cluster.scheduler_address, scheduler_timeout=30)
        assert (again.already, again.graded) == (3, 2)
    # The cluster's processes are gone; so must be the resource tracker they started
    # (the engine's tests check that nothing outlives a run in this same session).
    from multiprocessing import resource_tracker

    resource_tracker._resource_tracker._stop()
    assert sorted_lines(remote / "results.jsonl") == sorted_lines(local / "results.jsonl")
    for name in FILES:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
