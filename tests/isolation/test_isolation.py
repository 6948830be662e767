"""CI-mode isolation: a hostile submission, graded for real, finds nothing and changes nothing.

The submission (fixtures/submission/exercises/probe.py) walks the file system,
opens the course's files by the path the check hands it (as if guessed), tries
every path it can learn from its own file, cwd, environment and /proc, reads
other processes through /proc, imports the grader through the editable
install's finder, connects to a port the test listens on and writes the
reports. Under bubblewrap every probe comes back empty; with isolation turned
off the same probes do find things (so they are not empty by construction),
and the report says the grading was not isolated.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from grader.course import load_course
from grader.sandbox import isolation
from grader.sandbox import processes as sandbox
from grader.grading import grade_submission

from .conftest import LIMITS, needs_bubblewrap, unshare_problem

PROBES = ["walk", "known_paths", "guess_paths", "proc", "import_grader", "network", "write_reports", "identity"]


def grade(world, only=()):
    """grade_submission under the isolation course's limits (its manifest); (exercise items by id, outcome)."""
    outcome = grade_submission(load_course(world.course), world.submission, student="hostile", only=tuple(only))
    return {i.id: i for i in outcome.report.items if i.kind == "exercise"}, outcome


def leaked(world, items) -> list[str]:
    return [f"{i.id}: {i.feedback}" for i in items.values() if world.token in i.feedback or str(world.course) in i.feedback]


def test_under_bubblewrap_a_hostile_submission_finds_nothing_and_changes_nothing(world, isolation_mode):
    needs_bubblewrap()
    isolation_mode("bubblewrap")  # required: no silent fallback to something weaker
    start = time.monotonic()
    items, outcome = grade(world)
    elapsed = time.monotonic() - start

    assert sandbox.isolation().mechanism == "bubblewrap"
    assert set(items) == {f"probe.{f}" for f in ["add", *PROBES]}
    failed = {i.id: i.feedback for i in items.values() if i.status != "passed" or i.score != i.max_score}
    assert failed == {}, failed
    assert leaked(world, items) == []
    assert world.listener.connections == 0
    assert world.snapshot() == world.before, "the worker changed the course or a report"
    assert not (world.root / "planted.txt").exists() and not (world.course / "planted.txt").exists()
    # The report says how the code was confined, and needs no warning.
    assert outcome.receipt.isolation.startswith("isolated: bubblewrap (no network, course hidden")
    assert not any("isolated" in note for note in outcome.notes), outcome.notes
    assert elapsed < 200


def test_without_isolation_the_same_probes_do_find_things(world, isolation_mode):
    """The control: the probes are not empty by construction, and the report warns."""
    isolation_mode("off")
    only = ["probe.add", "probe.known_paths", "probe.proc", "probe.network", "probe.write_reports", "probe.import_grader"]
    items, outcome = grade(world, only=only)

    assert sandbox.isolation().mechanism == "off"
    assert items["probe.add"].status == "passed"  # grading works as before
    for probe in ("known_paths", "network", "write_reports", "proc"):
        assert items[f"probe.{probe}"].status == "failed", items[f"probe.{probe}"]
    assert "with the secret" in items["probe.known_paths"].feedback
    assert world.listener.connections >= 1 or "connected to 127.0.0.1" in items["probe.network"].feedback
    assert "another environment is readable" in items["probe.proc"].feedback
    assert world.snapshot() != world.before
    assert any(note.startswith("NOT isolated: isolation turned off") for note in outcome.notes), outcome.notes
    assert outcome.receipt.isolation.startswith("NOT isolated")


def test_the_unshare_fallback_has_no_network_and_its_own_proc(world, isolation_mode):
    problem = unshare_problem()
    if problem:
        pytest.skip(problem)
    isolation_mode("unshare")
    items, outcome = grade(world, only=["probe.add", "probe.network", "probe.proc"])

    assert sandbox.isolation().mechanism == "unshare"
    assert items["probe.add"].status == "passed"
    assert items["probe.network"].status == "passed", items["probe.network"].feedback
    assert items["probe.proc"].status == "passed", items["probe.proc"].feedback
    assert world.listener.connections == 0
    note = [n for n in outcome.notes if "isolated" in n]
    assert len(note) == 1 and note[0].startswith("partly isolated: unshare"), outcome.notes


def test_when_bubblewrap_fails_to_start_the_grader_falls_back_and_says_why(world, isolation_mode, monkeypatch):
    needs_bubblewrap()
    isolation_mode("auto")
    real = isolation._bubblewrap

    def broken(root, ids, required):
        plan, why = real(root, ids, required)
        if plan is None:  # given up on, after the failure below
            return plan, why
        return plan.__class__(**{**plan.__dict__, "prefix": (*plan.prefix, "--no-such-option")}), why

    monkeypatch.setattr(isolation, "_bubblewrap", broken)
    items, outcome = grade(world, only=["probe.add"])

    assert items["probe.add"].status == "passed"
    used = sandbox.isolation()
    assert used.mechanism != "bubblewrap"
    note = [n for n in outcome.notes if "isolated" in n]
    assert len(note) == 1 and "bubblewrap does not work here" in note[0] and "--no-such-option" in note[0], outcome.notes


def test_a_required_mechanism_that_is_missing_stops_grading_with_one_clear_error(world, isolation_mode, monkeypatch):
    from grader.errors import InputError

    real_which = isolation._which
    monkeypatch.setattr(isolation, "_which", lambda name: None if name == "bwrap" else real_which(name))
    isolation_mode("bubblewrap")
    with pytest.raises(InputError, match="bubblewrap .bwrap. is not installed"):
        grade(world, only=["probe.add"])


def test_without_bubblewrap_auto_mode_grades_and_the_note_says_so(world, isolation_mode, monkeypatch):
    real_which = isolation._which
    monkeypatch.setattr(isolation, "_which", lambda name: None if name == "bwrap" else real_which(name))
    isolation_mode("auto")
    items, outcome = grade(world, only=["probe.add"])

    assert items["probe.add"].status == "passed"
    note = [n for n in outcome.notes if "isolated" in n]
    assert len(note) == 1 and "bubblewrap (bwrap) is not installed" in note[0], outcome.notes
    assert note[0].startswith(("partly isolated", "NOT isolated"))


def test_a_course_inside_a_directory_the_sandbox_shows_is_reported(tmp_path):
    needs_bubblewrap()
    plan = isolation.Isolation("bubblewrap", "isolated: bubblewrap (...)", True, visible=("/usr", str(tmp_path)))
    assert plan.fully_for(tmp_path.parent / "elsewhere")
    assert not plan.fully_for(tmp_path / "course")
    assert plan.for_course(tmp_path / "course").startswith("partly isolated")


def test_the_worker_under_bubblewrap_sees_only_what_it_needs(isolation_mode, worker_session_factory):
    needs_bubblewrap()
    isolation_mode("bubblewrap")
    student = worker_session_factory(
        """
        import os, sys
        def look():
            return sorted(os.listdir("/")), sorted(os.listdir("/tmp")), os.getuid(), sorted(p for p in os.listdir("/proc") if p.isdigit())
        def write_system():
            out = []
            for path in ("/usr/x", "/etc/x", "/x", sys.prefix + "/x", "/grader-worker/x"):
                try:
                    open(path, "w").close()
                    out.append(path)
                except OSError:
                    pass
            return out
        """
    )
    top, tmp, uid, pids = student.look()
    # sys: only its own control groups' directories (sys/fs/cgroup/<controller>/<slot>), to join them
    assert set(top) <= {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "proc", "dev", "tmp", "grader-worker", "sys",
                        *{p.strip("/").split("/")[0] for p in isolation.current().visible}}
    if sandbox._shared_home.parent == Path("/tmp"):
        # A private /tmp: only the zygote's own directory is bound there (and the Python
        # installation, when it lives under /tmp, e.g. a virtual environment).
        python_under_tmp = {Path(p).relative_to("/tmp").parts[0] for p in isolation._visible_paths() if p.startswith("/tmp/")}
        assert set(tmp) - python_under_tmp == {sandbox._shared_home.name}
    assert uid != 0
    assert pids == ["1", "2"] or len(pids) <= 3  # the zygote and this child: none of the grader's processes
    assert student.write_system() == []


@pytest.fixture
def worker_session_factory(tmp_path):
    """One student module in a worker, as the engine tests do it (tests/engine/conftest.py)."""
    import textwrap

    from grader.sandbox.session import StudentModule, StudentSession
    from grader.sandbox.processes import Sandbox

    boxes = []

    def open_session(source: str, name: str = "mod"):
        path = tmp_path / f"{name}.py"
        path.write_text(textwrap.dedent(source), encoding="utf-8")
        box = Sandbox()
        boxes.append(box)
        worker = box.module(name, {f"{name}.py": path}, limits={**LIMITS, "call_timeout": 10.0}, student_modules=[name])
        worker.start()
        return StudentModule(StudentSession(name, worker, f"exercises/{name}.py"))

    yield open_session
    for box in boxes:
        box.close()


def test_isolation_costs_little_at_zygote_start(isolation_mode):
    """Not a benchmark: starting the zygote under bubblewrap is not much slower than without."""
    needs_bubblewrap()

    def start(mode):
        isolation_mode(mode)
        isolation.current()  # the plan is made once per process; this measures the start
        sandbox.shutdown()
        t = time.perf_counter()
        zygote = sandbox.shared_zygote()
        zygote._await(zygote._request({"op": "ping"}))  # after "ready" (NumPy imported): one answer
        return time.perf_counter() - t

    plain = min(start("off") for _ in range(2))
    wrapped = min(start("bubblewrap") for _ in range(2))
    sandbox.shutdown()  # the session's zygote starts again on next use
    print(f"zygote start: {plain * 1000:.0f} ms plain, {wrapped * 1000:.0f} ms under bubblewrap")
    assert wrapped < plain + 0.25, (plain, wrapped)


def test_the_mount_table_names_neither_the_course_nor_the_grader(isolation_mode, worker_session_factory, tmp_path):
    needs_bubblewrap()
    isolation_mode("bubblewrap")
    student = worker_session_factory(
        """
        def mounts():
            with open("/proc/self/mountinfo") as f:
                return f.read()
        """
    )
    table = student.mounts()
    grader_dir = str(Path(sandbox.__file__).resolve().parent)
    assert grader_dir not in table and str(tmp_path) not in table, table
