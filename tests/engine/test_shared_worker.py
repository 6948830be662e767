"""One worker process per submission: its modules share it, and stay out of each other's way.

A submission's student modules are imported on demand in one worker process. These
tests open several modules in one sandbox (one grading run), as the runner does, and
check what issue 15 asks: one process while nothing goes wrong; a crash, a hang or an
exit in one module's import or call charged to that module only, the others coming
back in a fresh process at no cost to them; each module seeing its own random state,
NumPy settings and copies of the modules it uses, as in a process of its own; and a
module that changes the process for the others (patching NumPy, leaving a thread
running) keeping that process to itself.
"""

from __future__ import annotations

import textwrap

import pytest

from .conftest import SMALL, leftover_processes

PLAIN = """
import os
import numpy as np

def pid():
    return os.getpid()

def close(a, b):
    return bool(np.allclose(a, b))

def draw():
    return float(np.random.rand())

def settings():
    return [str(np.geterr()["divide"]), int(np.get_printoptions()["precision"])]
"""


@pytest.fixture
def submission(tmp_path):
    """submission(name=source, ...) -> {name: `student` object}, all in one sandbox, started in order."""
    from grader.sandbox.processes import Sandbox
    from grader.sandbox.session import StudentModule, StudentSession

    boxes = []

    def open_modules(uses: dict[str, list[str]] | None = None, **sources: str) -> dict:
        box = Sandbox()
        boxes.append(box)
        directory = tmp_path / f"src{len(boxes)}"
        directory.mkdir()
        for name, source in sources.items():
            (directory / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        sessions = {}
        for name in sources:
            used = (uses or {}).get(name, [])
            files = {f"{m}.py": directory / f"{m}.py" for m in [name, *used]}
            worker = box.module(name, files, limits=dict(SMALL), student_modules=[name, *used])
            sessions[name] = StudentSession(name, worker, f"exercises/{name}.py", uses=used)
        for session in sessions.values():  # every module made first, as the runner does
            session.worker.start()
        return {name: StudentModule(session) for name, session in sessions.items()}

    yield open_modules
    for box in boxes:
        box.close()
    assert leftover_processes() == set()


def test_the_modules_of_a_submission_share_one_process(submission):
    mods = submission(a=PLAIN, b=PLAIN, c=PLAIN)
    pids = {name: m.pid() for name, m in mods.items()}
    assert len(set(pids.values())) == 1, pids
    assert mods["a"].pid() == pids["a"]  # and keep it


def test_each_submission_has_its_own_process(submission):
    first, second = submission(a=PLAIN), submission(a=PLAIN)
    assert first["a"].pid() != second["a"].pid()


def test_a_crash_in_one_module_costs_that_call_only(submission):
    from grader.sandbox.session import StudentCrash

    mods = submission(a=PLAIN + "\ndef crash():\n    os._exit(3)\n", b=PLAIN)
    before = mods["b"].pid()
    with pytest.raises(StudentCrash, match="exit status 3"):
        mods["a"].crash()
    after = mods["b"].pid()  # a fresh process, transparently
    assert after != before
    assert mods["b"].close([1.0], [1.0]) is True
    worker_b = mods["b"]._session.worker
    assert worker_b.restarts == 0 and worker_b.first_hello.ok
    assert mods["a"].pid() == after  # a comes back there too: one process again


def test_a_hang_in_one_module_is_charged_to_it_alone(submission):
    from grader.sandbox.session import StudentTimeout

    mods = submission(a=PLAIN + "\ndef spin():\n    while True:\n        pass\n", b=PLAIN)
    with pytest.raises(StudentTimeout):
        mods["a"].spin()
    session_b = mods["b"]._session
    spent = session_b.worker.spent
    assert mods["b"].draw() >= 0.0
    assert session_b.worker.spent - spent < SMALL["call_timeout"]  # b did not pay for a's hang
    assert not session_b.timed_out


def test_an_import_that_hangs_or_exits_leaves_the_next_module_alone(submission):
    from grader.sandbox.session import ImportFailed

    mods = submission(hangs="while True:\n    pass\n", exits="import os\nos._exit(4)\n", fine=PLAIN)
    hangs, exits, fine = (mods[n]._session for n in ("hangs", "exits", "fine"))
    assert fine.import_problem() is None  # waits for those asked before it: they fail, it is imported afresh
    assert fine.worker.first_hello.ok
    assert isinstance(hangs.import_problem(), ImportFailed) and hangs.worker.first_hello.timed_out
    assert "exit" in exits.import_problem().message or "crash" in exits.import_problem().message
    assert mods["fine"].close([2.0], [2.0]) is True


def test_a_failed_import_leaves_the_process_to_the_others(submission):
    mods = submission(broken="import os\nraise ValueError('no')\n", a=PLAIN)
    assert "ValueError" in mods["broken"]._session.import_problem().message
    first = mods["a"].pid()
    assert mods["a"].pid() == first


def test_each_module_keeps_its_own_random_state_and_numpy_settings(submission):
    noisy = PLAIN + textwrap.dedent("""
        np.random.seed(7)
        np.random.rand(5)
        np.seterr(divide="raise")
        np.set_printoptions(precision=3)
    """)
    mods = submission(noisy=noisy, quiet=PLAIN)
    alone = submission(quiet=PLAIN)["quiet"]
    assert mods["quiet"].draw() == alone.draw()  # as in a process of its own
    assert mods["quiet"].settings() == ["warn", 8]
    assert mods["noisy"].settings() == ["raise", 3]
    assert mods["noisy"].draw() == pytest.approx(_after_seed(7, 5))
    assert mods["quiet"].pid() == mods["noisy"].pid()  # none of that needs a second process


def test_each_module_keeps_its_own_cached_normal_draw(submission):
    """NumPy's legacy normal draws come in pairs, the second kept for the next call: part of a module's state."""
    gaussian = PLAIN + "\nfirst = float(np.random.randn())\n\ndef normal():\n    return float(np.random.randn())\n"
    alone = submission(gaussian=gaussian)["gaussian"]
    quiet_alone = submission(quiet=PLAIN)["quiet"]
    expected = [alone.normal() for _ in range(3)]
    mods = submission(gaussian=gaussian, quiet=PLAIN)
    got = []
    for _ in range(3):
        got.append(mods["gaussian"].normal())
        assert mods["quiet"].draw() == quiet_alone.draw()
    assert got == expected
    assert mods["quiet"].pid() == mods["gaussian"].pid()


def test_modules_drawing_normals_in_turn_each_keep_their_own_words_and_kept_variate(submission):
    """Both modules leave a normal variate kept (or not) at every switch: each still draws as alone."""
    normals = PLAIN + "\nnp.random.seed(SEED)\n\ndef normals(n):\n    return np.random.randn(n).tolist()\n"
    first, second = normals.replace("SEED", "3"), normals.replace("SEED", "4")
    alone = [submission(m=source)["m"] for source in (first, second)]
    sizes = [1, 2, 3, 1, 1, 4]
    expected = [[m.normals(n) for n in sizes] for m in alone]
    mods = submission(first=first, second=second)
    got = [[], []]
    for n in sizes:
        for i, name in enumerate(("first", "second")):
            got[i].append(mods[name].normals(n))
    assert got == expected
    assert mods["first"].pid() == mods["second"].pid()


def test_each_module_starts_from_the_same_python_random_state(submission):
    """Python's own generator (seeded afresh in each worker process) starts the same for every module in it."""
    drawing = PLAIN + "\nimport random\n\ndef pydraw():\n    return random.random()\n"
    mods = submission(first=drawing, second=drawing)
    assert mods["first"].pydraw() == mods["second"].pydraw()
    assert mods["first"].pid() == mods["second"].pid()


def _after_seed(seed: int, skip: int) -> float:
    import numpy as np

    rng = np.random.RandomState(seed)
    rng.rand(skip)
    return float(rng.rand())


def test_each_module_imports_its_own_copy_of_a_module_it_uses(submission):
    base = PLAIN + "\ncounter = [0]\n\ndef bump():\n    counter[0] += 1\n    return counter[0]\n"
    user = PLAIN + "\nimport base\n\ndef bump_base():\n    return base.bump()\n"
    mods = submission(uses={"user": ["base"]}, base=base, user=user)
    assert [mods["base"].bump() for _ in range(3)] == [1, 2, 3]
    assert mods["user"].bump_base() == 1  # its own base, not the one graded beside it
    assert mods["base"].bump() == 4
    assert mods["user"].pid() == mods["base"].pid()


def test_a_module_that_patches_numpy_keeps_its_process_to_itself(submission):
    patcher = PLAIN + "\nnp.allclose = lambda *a, **k: True\n"
    mods = submission(patcher=patcher, honest=PLAIN)
    assert mods["honest"].close([1.0], [2.0]) is False
    assert mods["patcher"].close([1.0], [2.0]) is True  # its own doing, in its own process
    assert mods["honest"].pid() != mods["patcher"].pid()


@pytest.mark.parametrize("patch", ["vars(np)['allclose'] = lambda *a, **k: True",
                                   "import builtins\nvars(builtins)['hex'] = lambda x: 'patched'"])
def test_a_module_that_patches_numpy_through_its_namespace_keeps_its_process_to_itself(submission, patch):
    """Written into the namespace's dict, not set as an attribute: the full look after its import sees it."""
    patcher = PLAIN + "\n" + patch + "\n"
    mods = submission(patcher=patcher, honest=PLAIN)
    assert mods["honest"].close([1.0], [2.0]) is False
    assert mods["honest"].pid() != mods["patcher"].pid()


def test_a_module_that_leaves_a_thread_running_keeps_its_process_to_itself(submission):
    chatty = PLAIN + textwrap.dedent("""
        import threading, time

        def start():
            def chatter():
                while True:
                    print("still here")
                    time.sleep(0.001)
            threading.Thread(target=chatter, daemon=True).start()
            return 1

        def quiet():
            return 2
    """)
    mods = submission(chatty=chatty, other=PLAIN + "\ndef quiet():\n    return 2\n")
    shared = mods["other"].pid()
    assert mods["chatty"].start() == 1
    assert mods["other"].quiet() == 2
    assert mods["other"].last_call.output == ""  # the thread prints elsewhere
    assert mods["other"].pid() != shared
    assert mods["chatty"].pid() == shared


def test_a_call_nested_in_another_modules_call_leaves_that_modules_state_alone(submission):
    outer = PLAIN + textwrap.dedent("""
        def course():
            raise AssertionError("patched by the check")

        def around():
            first = float(np.random.rand())
            inner = course()
            return [first, float(np.random.rand()), inner]
    """)
    mods = submission(outer=outer, inner=PLAIN)
    inner_alone = submission(inner=PLAIN)["inner"].draw()
    first, second, inner = mods["outer"].seeded(3).patched(course=lambda: mods["inner"].draw()).around()
    rng = __import__("numpy").random.RandomState(3)
    assert [first, second] == [float(rng.rand()), float(rng.rand())]  # the outer module's draws, uninterrupted
    assert inner == inner_alone  # the inner one's own state


def test_a_module_file_planted_by_another_module_never_reaches_it(submission):
    """After a crash the modules come back one by one: one that comes back first must not plant the other's code."""
    from grader.sandbox.session import StudentCrash

    planter = PLAIN + textwrap.dedent("""
        def plant():
            with open("victim.py", "w") as f:
                f.write("def pid():\\n    return -1\\n")
            return 1

        def crash():
            os._exit(1)
    """)
    mods = submission(planter=planter, victim=PLAIN)
    with pytest.raises(StudentCrash):
        mods["planter"].crash()
    assert mods["planter"].plant() == 1  # in a fresh process, which the victim has not joined yet
    assert mods["victim"].pid() > 0  # its own code, in a process of its own
    assert mods["victim"].pid() != mods["planter"].pid()


def test_what_a_failed_import_imported_never_reaches_the_next_module(submission):
    base = PLAIN + "\ncounter = [0]\n"
    broken = "import base\nbase.counter[0] = 99\nraise ValueError('no')\n"
    user = PLAIN + "\nimport base\n\ndef seen():\n    return base.counter[0]\n"
    mods = submission(uses={"broken": ["base"], "user": ["base"]}, base=base, broken=broken, user=user)
    assert "ValueError" in mods["broken"]._session.import_problem().message
    assert mods["user"].seen() == 0  # a fresh base, not the one the failed import changed


@pytest.mark.parametrize("shuffle", ["", "json = sys.modules.pop('json')\n", "sys.modules.update(list(sys.modules.items()))\n"])
def test_a_module_imported_after_sys_modules_was_rearranged_stays_its_own(submission, shuffle):
    """The modules a module imported are found among the entries sys.modules gained since the
    process started; when entries it started with were taken out (or put back), among all of them."""
    base = PLAIN + "\ncounter = [0]\n"
    mover = "import sys\n" + shuffle + "import base\nbase.counter[0] = 99\n" + PLAIN + \
        "\ndef seen():\n    return base.counter[0]\n"
    user = PLAIN + "\nimport base\n\ndef seen():\n    return base.counter[0]\n"
    mods = submission(uses={"mover": ["base"], "user": ["base"]}, base=base, mover=mover, user=user)
    assert mods["user"].seen() == 0  # its own base, not the one the mover changed
    assert mods["mover"].seen() == 99
    assert mods["user"].pid() == mods["mover"].pid()


def test_a_course_file_is_loaded_compiled_and_a_changed_one_from_its_source(submission):
    """The grader puts each course file's compiled code beside it; the child uses it only while
    the file is the course's: one rewritten in the directory is compiled from what it now says."""
    helper = "VALUE = 1\n"
    rewriter = PLAIN + textwrap.dedent("""
        import helper

        def value():
            return helper.VALUE

        def compiled():
            return sorted(os.listdir("__pycache__"))

        def rewrite():
            with open("new.txt", "w") as f:
                f.write("VALUE = 2\\n")
            os.replace("new.txt", "helper.py")  # (the course's copy is read-only; the directory is not)
            return 1
    """)
    reader = PLAIN + "\ndef value():\n    import helper\n    return helper.VALUE\n"  # imported only now
    mods = submission(uses={"rewriter": ["helper"], "reader": ["helper"]}, helper=helper, rewriter=rewriter, reader=reader)
    assert mods["rewriter"].value() == 1
    assert "helper." + __import__("sys").implementation.cache_tag + ".pyc" in mods["rewriter"].compiled()
    assert mods["rewriter"].rewrite() == 1
    assert mods["reader"].value() == 2  # as before: the file as it is (another module's doing, same submission)
