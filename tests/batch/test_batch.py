"""`grade batch` end to end: same rows as `grade check`, -j independence, hostile input, resume, bad input."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from grader.batch.coordinator import run_batch
from grader.course import load_course

from .conftest import HOSTILE, make_class, sheet, stack_reference, toy_reference, write

FILES = ("gradebook.csv", "analysis.json", "analysis.md", "junit.xml")


def lines(path):
    return path.read_bytes().splitlines()


def rows_by_student(path):
    return {json.loads(l)["student"]: json.loads(l) for l in lines(path)}


def test_rows_are_what_grade_check_gives_and_do_not_depend_on_jobs(course_dir, tmp_path):
    from grader.grading import grade_submission
    from grader.reports import Outcome
    from grader.reports import json as json_report

    course = load_course(course_dir)
    subs = tmp_path / "subs"
    students = make_class(course_dir, subs, 8)
    results = tmp_path / "results"
    result = run_batch(course, subs, results, jobs=2)
    assert (result.total, result.graded, result.errors, result.already) == (8, 8, 0, 0)
    with_two = {name: (results / name).read_bytes() for name in ("results.jsonl", *FILES)}

    # Each row holds exactly the contract's report and receipt of `grade check --student <dir name>`.
    rows = rows_by_student(results / "results.jsonl")
    assert sorted(rows) == students
    for student in ("s01", "s02"):
        outcome = grade_submission(course, subs / student, student=student)
        expected = json.loads(json_report.render(Outcome.of(outcome)))
        row = rows[student]
        assert row["items"] == expected["items"] and row["receipt"] == expected["receipt"]
        assert (row["score"], row["max_score"], row["status"]) == (expected["score"], expected["max_score"], "graded")
    assert rows["s01"]["items"][13]["id"] == "toy.add" and rows["s01"]["items"][13]["status"] == "failed"
    assert {i["status"] for i in rows["s02"]["items"] if i["id"].startswith("stack.")} == {"missing"}
    # Wrong answers are recorded as choice texts, the same for every student who chose them.
    wrong = [r["wrong_answers"].get("week1.new-electricity") for r in rows.values()]
    assert wrong.count("AI systems consume as much electrical power as the whole grid did a century ago.") == 2

    # Nothing left to do: a rerun grades nothing and rewrites the same files.
    again = run_batch(course, subs, results, jobs=2)
    assert (again.graded, again.already) == (0, 8)
    assert {name: (results / name).read_bytes() for name in with_two} == with_two

    # --regrade with one process: everything graded again, the same rows and files; the old journal kept.
    again = run_batch(course, subs, results, jobs=1, regrade=True)
    assert (again.graded, again.already) == (8, 0)
    assert sorted(lines(results / "results.jsonl")) == sorted(with_two["results.jsonl"].splitlines())
    assert (results / "results.previous.jsonl").read_bytes() == with_two["results.jsonl"]
    for name in FILES:
        assert (results / name).read_bytes() == with_two[name], name


def test_hostile_and_broken_submissions_do_not_stop_the_batch(course_dir, tmp_path, run_grade):
    subs = tmp_path / "subs"
    toy, stack = toy_reference(), stack_reference()
    write(subs / "good", toy, stack, sheet(course_dir, "good"))
    write(subs / "loop", toy + "\n" + (HOSTILE / "infinite_loop.py").read_text(), stack, sheet(course_dir, "loop"))
    write(subs / "badtoml", toy, stack, 'new-electricity = "a"\nwhy-took-off = = 3\nbrand-new-field = true\n')
    write(subs / "raises", toy, stack, sheet(course_dir, "raises"))
    (subs / "raises" / "answers" / "notes.toml").mkdir()  # a directory where a sheet should be: an error item, graded
    write(subs / "fifo", toy, stack)
    (subs / "fifo" / "answers").mkdir()
    os.mkfifo(subs / "fifo" / "answers" / "week1.toml")  # reading it would block forever
    (subs / ".hidden").mkdir()  # not a submission
    (subs / "README.txt").write_text("not a submission either")
    results = tmp_path / "results"

    start = time.monotonic()
    proc = run_grade("batch", str(subs), "-o", str(results), "--course", str(course_dir), "-j", "2", timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - start < 60
    assert "5 submissions: 5 to grade" in proc.stderr
    assert "graded 5 submission(s)" in proc.stdout and "could not be graded" not in proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout
    rows = rows_by_student(results / "results.jsonl")
    assert sorted(rows) == ["badtoml", "fifo", "good", "loop", "raises"]

    assert rows["good"]["score"] == rows["good"]["max_score"]
    loop = {i["id"]: i for i in rows["loop"]["items"]}
    assert loop["toy.add"]["status"] == "timeout"
    assert all(i["status"] == "passed" for k, i in loop.items() if k != "toy.add")

    bad = {i["id"]: i for i in rows["badtoml"]["items"]}
    quiz = [i for k, i in bad.items() if k.startswith("week1.")]
    assert len(quiz) == 13 and {i["status"] for i in quiz} == {"error"}
    assert quiz[0]["feedback"].startswith("answers/week1.toml:2: invalid TOML")
    assert all(i["status"] == "passed" for k, i in bad.items() if not k.startswith("week1."))
    assert rows["badtoml"]["receipt"]["files"]["answers/week1.toml"]

    notes = {i["id"]: i for i in rows["raises"]["items"]}["notes"]
    assert rows["raises"]["status"] == "graded" and notes["status"] == "error" and "no quiz 'notes'" in notes["feedback"]
    # A FIFO where a sheet belongs costs that quiz only (grader/submission.py): never read, never a hang.
    fifo = {i["id"]: i for i in rows["fifo"]["items"]}
    assert rows["fifo"]["status"] == "graded"
    assert {i["feedback"] for k, i in fifo.items() if k.startswith("week1.")} == {
        "answers/week1.toml is a named pipe (FIFO); submit the file itself"}
    assert all(i["status"] == "passed" for k, i in fifo.items() if not k.startswith("week1."))
    table = (results / "gradebook.csv").read_text().splitlines()
    assert len(table) == 6 and table[1].startswith("badtoml,graded,") and table[2].startswith("fifo,graded,")
    assert table[5].startswith("raises,graded,")

    # --min-score: below it (or not graded) is exit 1; nothing is graded again.
    proc = run_grade("batch", str(subs), "-o", str(results), "--course", str(course_dir), "--min-score", "90", timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "2 submission(s) below --min-score 90%: badtoml, fifo" in proc.stderr
    assert "5 submissions: 0 to grade, 5 already in the journal" in proc.stderr


def _committed(path):
    if not path.exists():
        return []
    data = path.read_bytes()
    return data[: data.rfind(b"\n") + 1].splitlines()


@pytest.mark.timeout(180)
def test_kill_9_mid_batch_then_resume_without_losing_duplicating_or_regrading(course_dir, tmp_path, run_grade):
    subs = tmp_path / "subs"
    students = make_class(course_dir, subs, 12, slow=True)  # about half a second each
    results = tmp_path / "results"
    journal = results / "results.jsonl"
    cmd = [sys.executable, "-m", "grader", "batch", str(subs), "-o", str(results), "--course", str(course_dir), "-j", "2"]
    scratch = tmp_path / "tmp"  # what the killed batch cannot remove stays in tmp_path
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + 90
        while len(_committed(journal)) < 3:
            assert proc.poll() is None, "the batch ended before it could be interrupted"
            assert time.monotonic() < deadline, "no rows appeared"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    first = _committed(journal)
    done = [json.loads(l)["student"] for l in first]
    assert 3 <= len(done) < 12
    # Power loss in the middle of a write: a torn last line.
    pending = [s for s in students if s not in done]
    with open(journal, "ab") as f:
        f.write(b'{"schema":1,"student":"' + pending[0].encode() + b'","status":"gra')
    # Were a finished submission graded again, its row would change: it has no exercises any more.
    for student in done:
        shutil.rmtree(subs / student / "exercises")

    again = run_grade(*cmd[3:], timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"12 submissions: {12 - len(done)} to grade, {len(done)} already in the journal" in again.stderr
    final = lines(journal)
    assert final[: len(first)] == first  # finished rows untouched, byte for byte
    students_in = [json.loads(l)["student"] for l in final]
    assert sorted(students_in) == students and len(set(students_in)) == 12
    rows = rows_by_student(journal)
    assert all(r["status"] == "graded" for r in rows.values())
    assert all(any(i["kind"] == "exercise" and i["status"] == "passed" for i in rows[s]["items"]) for s in pending)
    try:  # leftovers of the killed run (its grading processes exit when they see the coordinator gone)
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_bad_input_is_one_line_and_exit_2(course_dir, tmp_path):
    from click.testing import CliRunner

    from grader.cli import cli

    subs = tmp_path / "subs"
    base = ["--course", str(course_dir)]

    def fails(*args):
        result = CliRunner().invoke(cli, ["batch", *args, *base])
        assert result.exit_code == 2, (result.output, result.exception)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
        return result.stderr.strip()

    assert fails(str(subs), "-o", str(tmp_path / "r")).endswith("subs: submissions directory not found")
    subs.mkdir()
    assert "no submissions" in fails(str(subs), "-o", str(tmp_path / "r"))
    write(subs / "s1", toy_reference(), stack_reference())
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert "cannot create the results directory" in fails(str(subs), "-o", str(blocker / "r"))
    assert "the results path is not a directory" in fails(str(subs), "-o", str(blocker))

    results = tmp_path / "r"
    results.mkdir()
    good = json.dumps({"student": "s0", "items": []})
    (results / "results.jsonl").write_text(good + "\n{oops\n" + good.replace("s0", "s2") + "\n")
    message = fails(str(subs), "-o", str(results))
    assert message.startswith(f"grade: error: {results / 'results.jsonl'}:2: corrupt line")

    start = time.monotonic()
    message = fails(str(subs), "-o", str(tmp_path / "r2"), "--dask-scheduler", "tcp://127.0.0.1:9", "--dask-timeout", "1")
    assert time.monotonic() - start < 30
    if "distributed" in message:
        assert "pip install" in message  # the extra is not installed
    else:
        assert message.startswith("grade: error: cannot reach the Dask scheduler at 'tcp://127.0.0.1:9' within 1 s")
        assert not (tmp_path / "r2" / "results.jsonl").exists()
    assert "not a Dask scheduler address" in fails(str(subs), "-o", str(tmp_path / "r2"), "--dask-scheduler", "nonsense://x")


def test_a_grading_process_killed_mid_task_is_replaced_and_the_task_retried(course_dir, tmp_path, monkeypatch):
    from grader.batch.local import LocalPool, Task

    subs = tmp_path / "subs"
    students = make_class(course_dir, subs, 3, slow=True)
    got = {}
    # The killed process cannot remove its worker's temporary directory: keep it in tmp_path.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # read by the pool's fresh fork server and its processes
    with LocalPool(str(course_dir), 2) as pool:
        killed = None
        for student, text, _ in pool.grade([Task(s, str(subs / s)) for s in students]):
            got[student] = json.loads(text)
            if killed is None:
                busy = next(p for p in pool.procs if p.task is not None)
                killed = busy.task.student
                os.kill(busy.process.pid, signal.SIGKILL)
    assert sorted(got) == students
    assert all(row["status"] == "graded" for row in got.values()), got[killed]


def test_grading_that_raises_becomes_an_error_row(course_dir, tmp_path, monkeypatch):
    """Whatever goes wrong inside the grader for one submission is that row's status, not the batch's end."""
    from grader.batch import task

    def boom(*_args, **_kwargs):
        raise IsADirectoryError("simulated failure inside the grader")

    monkeypatch.setattr(task, "grade_row", boom)
    text, _seconds = task.grade_json(str(course_dir), str(tmp_path), "someone")
    row = json.loads(text)
    assert row["status"] == "error" and row["student"] == "someone"
    assert row["error"].startswith("grading failed: IsADirectoryError: simulated failure inside the grader")


def _allowed_cpus(pid: int) -> frozenset | None:
    """The CPUs `pid` may run on (None if it is gone already)."""
    try:
        return frozenset(os.sched_getaffinity(pid))
    except OSError:
        return None


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs")
def test_grading_processes_and_their_workers_are_spread_over_the_cpus(course_dir, tmp_path):
    """Each grading process keeps to one CPU (its worker processes too): no CPU shared while another idles."""
    from grader.batch.local import LocalPool, Task
    from grader.sandbox.processes import descendants

    subs = tmp_path / "subs"
    students = make_class(course_dir, subs, 4)
    mine = os.sched_getaffinity(0)
    with LocalPool(str(course_dir), 2) as pool:
        seen = []
        for _ in pool.grade([Task(s, str(subs / s)) for s in students]):
            for proc in pool.procs:
                if proc.process.is_alive():
                    tree = {proc.process.pid} | descendants(proc.process.pid)
                    seen.append((proc.cpu, {_allowed_cpus(p) for p in tree} - {None}))
    cpus = {cpu for cpu, _ in seen}
    assert len(cpus) == 2 and cpus <= mine
    for cpu, sets in seen:
        assert sets == {frozenset({cpu})}, (cpu, sets)
    assert os.sched_getaffinity(0) == mine  # the coordinator itself is not pinned


def test_grader_pin_cpu_0_leaves_the_grading_processes_and_their_workers_unpinned(course_dir, tmp_path, monkeypatch):
    """The opt-out for a busy shared host: every process of the batch may run on every CPU the coordinator may."""
    from grader.batch.local import LocalPool, Task
    from grader.sandbox.processes import descendants

    monkeypatch.setenv("GRADER_PIN_CPU", "0")
    subs = tmp_path / "subs"
    students = make_class(course_dir, subs, 2)
    mine = frozenset(os.sched_getaffinity(0))
    with LocalPool(str(course_dir), 2) as pool:
        assert pool.cpus == []
        seen = set()
        rows = []
        for _, text, _ in pool.grade([Task(s, str(subs / s)) for s in students]):
            rows.append(json.loads(text))
            for proc in pool.procs:
                if proc.process.is_alive():
                    seen |= {_allowed_cpus(p) for p in {proc.process.pid} | descendants(proc.process.pid)} - {None}
    assert seen == {mine}
    assert [row["status"] for row in rows] == ["graded", "graded"]
