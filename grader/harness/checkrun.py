"""One grading run's records, fixtures and decisions, without pytest.

Why apart from the pytest plugin: most runs never need pytest (suite.py runs the
checks itself), and importing it cost a fifth of a fresh `grade check`. This module
holds what both ways share: which checks run (`select`), the values of the engine's
fixtures (`Fixtures`), how a check ended (`record`, `classify`) and the run that
collects those records (`GradingRun`). plugin.py adds pytest's hooks on top.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from grader.checks import Skipped
from grader.stamps import PerFile

from .sandboxed import CheckBug, ImportFailed, StudentSession, StudentError, StudentModule, StudentProblem, _Recorder
from .sandboxed import mistakes as _mistakes

CHECK_PREFIX = "test_"


def module_of_check(path: Path | str) -> str | None:
    """The graded module a check file belongs to: `test_<module>.py` → `<module>`.

    Called for every fixture a check asks for (about 200 times per submission):
    the file name is read without building a new Path (1.6 µs instead of 6.6 µs).
    """
    name = os.path.basename(os.fspath(path))
    if name.startswith(CHECK_PREFIX) and name.endswith(".py"):
        return name[len(CHECK_PREFIX) : -3]
    return None


def stable_seed(*parts: Any) -> int:
    """A 64-bit seed from the parts (hashlib, not hash(): stable across processes)."""
    text = "\x1f".join(map(str, parts))  # (for every check of every submission: map, not a generator)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")


def _seed_prefix(*parts: Any) -> Any:
    """The SHA-256 state after `parts` and a separator: `_seed_from(_seed_prefix(*p), x) == stable_seed(*p, x)`.

    A run's seeds share their leading parts (the submission seed); hashing them once
    and copying the state is what SHA-256's streaming allows, for the same digest.
    """
    return hashlib.sha256(("\x1f".join(map(str, parts)) + "\x1f").encode("utf-8"))


def _seed_from(prefix: Any, last: str) -> int:
    digest = prefix.copy()
    digest.update(last.encode("utf-8"))
    return int.from_bytes(digest.digest()[:8], "little")


# ====================================================================== course modules on the trusted side

_code = PerFile()  # course file -> its code object, while the file's stamp holds


class CourseLoader(importlib.machinery.SourceFileLoader):
    """Loads a course module (a reference, a helper) from code compiled once per process.

    Why: a grading run imports the references afresh (the previous run's modules left
    sys.modules with it, so no state carries over from one submission to the next), and
    where no .pyc is written (PYTHONDONTWRITEBYTECODE, a read-only course) compiling their
    source was about 9% of the grading process's instructions per submission. Executing
    the module is still done every time; only the compiled code is reused, while the
    file's stamp (mtime_ns, size, inode, device: grader/stamps.py) is the one it was
    compiled from: Python's own .pyc check, stricter (it compares whole seconds and the
    size), and without writing into the course. The first import goes through
    SourceFileLoader as before, so a .pyc next to the file is still used.
    """

    def get_code(self, fullname):
        return _code.get(self.get_filename(fullname), lambda: super(CourseLoader, self).get_code(fullname))


class CourseFinder(importlib.abc.MetaPathFinder):
    """Resolves the course's helper and reference modules by plain name.

    `from deep_nn import ...` inside solutions/deep_nn_application.py, or
    `import planar_utils` inside a check, finds the course's file without the
    course's directories being put on sys.path. `restore()` takes every module
    it loaded out of sys.modules again (and puts back any it had shadowed), so
    another course, or the next run, starts clean.
    """

    def __init__(self, files: dict[str, Path]):
        self.files = files
        self._shadowed: dict[str, Any] = {}
        self._installed = False

    def find_spec(self, fullname, path=None, target=None):
        if path is None and fullname in self.files:
            location = str(self.files[fullname])
            return importlib.util.spec_from_file_location(fullname, location,
                                                          loader=CourseLoader(fullname, location))
        return None

    def install(self) -> None:
        for name in self.files:
            if name in sys.modules:
                self._shadowed[name] = sys.modules.pop(name)
        sys.meta_path.insert(0, self)
        self._installed = True

    def restore(self) -> None:
        if not self._installed:
            return
        self._installed = False
        try:
            sys.meta_path.remove(self)
        except ValueError:
            pass
        for name in self.files:
            sys.modules.pop(name, None)
        sys.modules.update(self._shadowed)
        self._shadowed.clear()
        importlib.invalidate_caches()


# ====================================================================== records

@dataclass
class Check:
    """One collected check and how it ended."""

    nodeid: str
    name: str
    module: str
    function: str | None
    points: float
    hidden: bool
    run: bool = True  # False: left out; see `reason`
    reason: str = ""  # why it was left out ("import", "missing", "hidden", "only", "unknown function")
    outcome: str = ""  # passed, failed, error, timeout, missing, skipped
    message: str = ""
    exception: BaseException | None = field(default=None, repr=False)
    phase: str = ""
    mistake: Any = None  # mistakes.Mistake that reproduces the student's failing result, if one does
    kind: str = ""  # "" an ordinary check; "vectorised": worth what the manifest says (vectorisation.py)


@dataclass
class ModuleState:
    """What the runner knows about one graded module before its checks run."""

    name: str
    functions: list[str]
    session: StudentSession | None
    display: str
    present: bool
    selected: set[str] = field(default_factory=set)
    problem: StudentProblem | None = None
    checked: bool = False


def classify(exc: BaseException | None, check_name: str, phase: str) -> tuple[str, str]:
    """(outcome, message) for how a check ended."""
    if exc is None:
        return "passed", ""
    if isinstance(exc, Skipped) or _is_pytest_skip(exc):
        return "skipped", str(exc)
    if isinstance(exc, StudentProblem):
        return exc.status, exc.message
    if isinstance(exc, CheckBug):
        return "error", f"grader problem in check {check_name}: {exc}"
    if phase != "call":
        return "error", f"check {check_name} could not run: {type(exc).__name__}: {exc}"
    if isinstance(exc, AssertionError):
        text = str(exc).strip()
        return "failed", text or f"check {check_name} failed"
    return "failed", f"your result could not be checked ({check_name}): {type(exc).__name__}: {exc}"



def _is_pytest_skip(exc: BaseException) -> bool:
    """pytest.skip() in a check written against pytest (only possible once pytest is imported)."""
    pytest = sys.modules.get("pytest")
    return pytest is not None and isinstance(exc, pytest.skip.Exception)


def select(check: Check, modules: dict[str, "ModuleState"], *, run_hidden: bool, collect_only: bool = False) -> Check:
    """Decide whether `check` runs in this grading run, and if not, why (its `reason`).

    The one place that decides it, for checks run by pytest and for checks run
    directly from a collected suite, so both ways leave out the same checks.
    """
    state = modules.get(check.module)
    if state is None or check.function is None or check.function not in state.functions:
        check.run, check.reason = False, "unknown function"
    elif check.function not in state.selected:
        check.run, check.reason = False, "only"
    elif check.hidden and not run_hidden:
        check.run, check.reason = False, "hidden"
    elif collect_only:
        check.run, check.reason = False, "collect"
    elif not state.present:
        check.run, check.reason = False, "missing"
    else:
        if not state.checked:
            state.checked = True
            state.problem = state.session.import_problem()
        if state.problem is not None:
            check.run, check.reason = False, "import"
    return check


def record(check: Check, exc: BaseException | None, phase: str) -> None:
    """How a phase of `check` ended; the first problem is the one that counts."""
    if exc is not None and check.exception is None and not check.outcome:
        check.exception, check.phase = exc, phase
        check.outcome, check.message = classify(exc, check.name, phase)
    elif phase == "call" and exc is None and not check.outcome:
        check.outcome = "passed"


class Fixtures:
    """The values of the engine's fixtures (student, reference, rng, seed) in one grading run.

    Shared by the pytest fixtures below and by the direct runner (suite.py), so a check
    gets the same values, and the same errors, whichever way it runs.
    """

    def __init__(self, modules: dict[str, "ModuleState"], *, run_hidden: bool, reference_names: set[str], seed: int):
        self.modules = modules
        self.run_hidden = run_hidden
        self.reference_names = reference_names
        self.seed = seed
        self.recorders: dict[str, _Recorder] = {}  # check nodeid -> the calls its `student` made
        self._module_of: dict[Any, str] = {}  # check file -> its graded module (this run's `modules` only)
        self._global_seeds: dict[str, int] = {}  # check nodeid -> its seed of the global generators (`prepare`)
        self._rngs: dict[str, np.random.Generator] = {}  # check nodeid -> its `rng`, made ahead (`prepare`)
        self._imported: dict[str, Any] = {}  # reference name -> the module object `reference` last found whole

    def prepare(self, nodeids: list[str], with_rng: list[str]) -> None:
        """Work out ahead, in one loop, the seeds of the checks `nodeids` and the `rng` of those in `with_rng`.

        Why: made one by one between the calls into the worker (which shares this process's
        CPU and evicts its caches), a check's seeds and generator cost two to three times what
        they cost in a row (about 0.08 ms against 0.03 ms per check here). The values are
        the same either way (each is a pure function of the submission seed and the check's
        id, and a generator made from an explicit seed touches no global state), and a value
        made here is taken by its check once (`seed_globals`, `rng`); one not made here is made
        when asked, as the pytest plugin's fixtures always do.
        """
        globals_prefix = _seed_prefix("globals", self.seed)
        self._global_seeds.update((nodeid, _seed_from(globals_prefix, nodeid)) for nodeid in nodeids)
        prefix = _seed_prefix(self.seed)
        generator, bits = np.random.Generator, np.random.PCG64
        self._rngs.update((nodeid, generator(bits(_seed_from(prefix, nodeid)))) for nodeid in with_rng)

    def module(self, path: Path) -> str:
        module = self._module_of.get(path)  # a run asks for it for every fixture of every check
        if module is not None:
            return module
        module = module_of_check(path)
        if module is None or module not in self.modules:
            raise CheckBug(f"{os.path.basename(os.fspath(path))} is not a check file of a graded module (test_<module>.py)")
        self._module_of[path] = module
        return module

    def student(self, module: str, nodeid: str | None = None) -> StudentModule:
        state = self.modules[module]
        if state.session is None:
            raise ImportFailed(f"{state.display} not found")
        recorder = _Recorder()
        if nodeid is not None:
            self.recorders[nodeid] = recorder
        return StudentModule(state.session, recorder=recorder)

    def reference(self, module: str) -> Any:
        if not self.run_hidden or module not in self.reference_names:
            raise CheckBug(
                "this check uses the reference solution, which is not available here "
                "(public checks run without solutions/; checks that need it belong in solutions/checks/)"
            )
        loaded = sys.modules.get(module)  # what import_module returns for a module already imported (every check after the first)
        if loaded is not None and loaded is self._imported.get(module):
            return loaded  # seen whole before: a module never goes back to initializing
        if loaded is not None and not getattr(getattr(loaded, "__spec__", None), "_initializing", False):
            self._imported[module] = loaded
            return loaded
        try:
            return importlib.import_module(module)
        except Exception as exc:  # noqa: BLE001
            raise CheckBug(f"the reference solutions/{module}.py could not be imported: {type(exc).__name__}: {exc}") from None

    def rng(self, nodeid: str) -> np.random.Generator:
        made = self._rngs.pop(nodeid, None)
        return made if made is not None else np.random.default_rng(stable_seed(self.seed, nodeid))

    def value(self, name: str, path: Path, nodeid: str, module: str | None = None) -> Any:
        """The fixture `name` of the check `nodeid` in `path`; `module`: its graded module when the
        caller knows it (a check `select` let run: the module its file is named after), else read from `path`."""
        if name == "seed":
            return self.seed
        if name == "rng":
            return self.rng(nodeid)
        if module is None:
            module = self.module(path)
        return self.student(module, nodeid) if name == "student" else self.reference(module)

    def seed_globals(self, nodeid: str) -> None:
        """Seed NumPy's and Python's global generators for one check.

        A check (or a reference it calls) that draws from np.random without seeding
        it then gets the same numbers in a fresh `grade check` and in a warm batch
        process, whatever ran before it.
        """
        value = self._global_seeds.pop(nodeid, None)
        if value is None:
            value = stable_seed("globals", self.seed, nodeid)
        np.random.seed(value & 0xFFFFFFFF)
        random.seed(value)


# ====================================================================== one run

class GradingRun:
    """Selection and outcome records of one grading run (checks run directly; plugin.py for pytest)."""

    def __init__(
        self,
        *,
        modules: dict[str, ModuleState],
        hidden_dir: Path,
        run_hidden: bool,
        seed: int,
        finder: CourseFinder,
        reference_names: set[str],
        only: Callable[[str], bool] | None,
        collect_only: bool = False,
        mistakes: dict[str, list] | None = None,
    ):
        self.modules = modules
        self.hidden_dir = hidden_dir.resolve()
        self.run_hidden = run_hidden
        self.finder = finder
        self.only = only
        self.collect_only = collect_only
        self.fixtures = Fixtures(modules, run_hidden=run_hidden, reference_names=reference_names, seed=seed)
        self.checks: dict[str, Check] = {}
        self.collect_errors: dict[str, str] = {}  # module -> message
        self.mistakes = mistakes or {}  # module -> [mistakes.Mistake] (hidden runs only)

    def finish(self, check: Check) -> None:
        """After a check: name its mistake if it failed and a listed one reproduces it; forget its calls.

        A failed comparison (an AssertionError such as CheckFailed) and an ordinary error
        the function raised are diagnosed; a time-out, crash, missing function or skip never is.
        """
        recorder = self.fixtures.recorders.pop(check.nodeid, None)
        if recorder is None or check.phase != "call":
            return
        exc = check.exception
        if check.outcome == "failed" and isinstance(exc, AssertionError):
            record = recorder.returned.get(check.function or "")
        elif isinstance(exc, StudentError) and exc.raised is not None:
            # The function raised: named only by a variant raising the same error on the same call.
            record = recorder.raised.get(check.function or "")
            if record is None or record.raised != exc.raised:
                return
        else:
            return
        listed = [m for m in self.mistakes.get(check.module, ()) if m.function == check.function]
        if not listed or record is None:
            return
        found = _mistakes.diagnose(record, listed)
        if found is not None:
            check.mistake = found
            check.message = _mistakes.named(check.message, found)


@dataclass(frozen=True)
class CollectedCheck:
    """One check as pytest collected it: enough to call it without pytest."""

    check: Any  # checkrun.Check as collected (never changed: `fresh()` is each run's record)
    path: Path
    func: Callable | None  # the function (None for a method: see `cls`)
    cls: type | None  # the test class, instantiated afresh for every call as pytest does
    method: str  # the method's name on `cls`
    argnames: tuple[str, ...]  # what the function asks for
    params: dict[str, Any]  # parametrize values
    direct: bool  # runnable without pytest
    where: dict = field(default_factory=dict, compare=False)  # how to find it again (checkcache's entry); {} if not

    def callable(self) -> Callable:
        return self.func if self.cls is None else getattr(self.cls(), self.method)

    def fresh(self):
        """A new record of this check for one grading run (checkrun.Check).

        The field-for-field copy `dataclasses.replace` made (Check has no
        __post_init__, no init=False field, and a run replaces its fields, never
        changes one in place), without re-running __init__: one per check per run.
        """
        record = object.__new__(type(self.check))
        record.__dict__.update(self.check.__dict__)
        return record



def argnames_of(item) -> tuple[str, ...]:
    """The names a check function asks for, by pytest's rule, read from its signature.

    Required parameters (no default), positional or keyword-only; a method's first
    (self) left out unless it is a staticmethod.
    """
    obj = getattr(item, "obj", None)
    func = getattr(obj, "__func__", obj)
    try:
        parameters = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return ()
    names = [p.name for p in parameters
             if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.default is p.empty]
    cls = getattr(item, "cls", None)
    name = getattr(item, "originalname", None) or getattr(func, "__name__", "")
    if cls is not None and not isinstance(cls.__dict__.get(name), staticmethod):
        names = names[1:]
    return tuple(names)
