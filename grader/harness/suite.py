"""A course's checks, collected once and then run directly, without pytest.

Why: `pytest.main` for every submission pays pytest's configuration, the import of
every check file and reference solution, and pytest's per-check hook machinery,
about 0.25 s of a 0.6 s grading run; in a batch or under `grade watch` that is paid
again for each submission although the checks have not changed. Here pytest
collects the checks (markers, parametrize, classes: pytest's own rules), and each
grading run calls the check functions itself with the engine's fixtures.

Even once per process, pytest's import and collection were a third of a fresh
`grade check`. So what pytest collected is also kept on disk as plain data (order,
node ids, where each check lives, its parametrize cases, function and points),
under a hash of every file the collection read (checks, helpers, references,
mistakes, the manifest) and of the engine code that decides it (checkcache.py). A
fresh process whose course hashes the same imports the check modules itself and
never imports pytest. pytest stays the authority: only a suite that pytest found
runnable directly, whose checks declare themselves through `grader.checks` (no pytest
markers), with no collection error and no conftest.py, is kept; a cache that is
missing, unreadable, of another hash, or that does not match what the modules
declare is ignored and pytest collects again.

Checks stay ordinary pytest functions. A check that needs anything beyond what
this runner gives (a fixture other than student, reference, rng and seed, an
xunit setup, the `request` fixture, a skip/skipif/xfail or other marker,
indirect parametrization, a conftest.py) makes the whole course run through pytest
instead, exactly as before; `Suite.direct` says which way applies. Both ways share
the decisions (checkrun.select), the fixture values (checkrun.Fixtures) and the
outcome records (checkrun.record), and the engine's tests grade the same
submissions both ways and compare the reports.

A collected suite is kept per course (and per public/hidden) in the process, and
collected again when any file it was collected from changes. Its modules (check
files, helpers, references) live outside sys.modules between runs, so other code in
the process, including another course, never sees them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator

from grader.checks import spec_of
from grader.stamps import stamps

from . import checkcache
from .checkrun import CollectedCheck, argnames_of

ENGINE_MARKS = frozenset({"function", "points", "parametrize"})
ENGINE_FIXTURES = frozenset({"student", "reference", "rng", "seed"})
MAX_SUITES = 4  # courses kept per process (the project's own tests grade many small courses)


@dataclass
class Suite:
    """Every check of a course, collected once."""

    key: tuple
    stamp: tuple
    checks: list[CollectedCheck] = field(default_factory=list)
    collect_errors: dict[str, str] = field(default_factory=dict)  # module -> message
    modules: dict[str, ModuleType] = field(default_factory=dict)  # loaded by the collection
    why_pytest: str = ""  # the first reason this suite must run through pytest
    mistakes: dict[str, list] = field(default_factory=dict)  # module -> [mistakes.Mistake], in file order
    mistake_errors: dict[str, Any] = field(default_factory=dict)  # module -> mistakes.MistakesFileError
    source: str = "pytest"  # "pytest" (collected here) or "cache" (read from checkcache, pytest not imported)
    why_not_cached: str = ""  # why pytest's collection was not kept on disk ("" if it was)
    # collect.course_files of the course as collected: the modules the trusted side resolves by plain
    # name, and which are references. They are made of the files `stamp` covers, so they hold while it does.
    files: tuple[dict[str, Path], set[str]] = field(default_factory=lambda: ({}, set()))

    @property
    def direct(self) -> bool:
        return not self.why_pytest


# ====================================================================== collection

def _sources(course, include_hidden: bool) -> list[Path]:
    """Every file a collection reads: check files and helpers, references, provided modules."""
    dirs = [course.public_checks_dir] + ([course.hidden_checks_dir, course.solutions_dir] if include_hidden else [])
    from grader.course import MANIFEST

    files = [course.root / MANIFEST]
    for d in dirs:
        files += _python_files(d)
    for spec in course.manifest.modules:
        files += [course.provided_file(h) for h in spec.provided]
        if include_hidden:
            files.append(course.mistakes_file(spec.name))
    return files


def _python_files(directory: Path) -> list[Path]:
    """`sorted(directory.glob("*.py"))` ([] if it is no directory), from one listing.

    Asked on every grading run (suite_for's check that the suite still holds): pathlib's
    glob built a selector, a pattern and a Path per entry to give the same list. The same
    entries are kept (every name ending in .py, dot files too, as glob's `*` matches them)
    in the same order (Paths of one directory sort by name).
    """
    try:
        names = os.listdir(directory)
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return []
    return [directory / name for name in sorted(names) if name.endswith(".py")]


def _conftests(course) -> list[Path]:
    """conftest.py files pytest would load for the course's checks (the engine cannot honour them)."""
    dirs = {course.root, course.exercises_dir, course.solutions_dir, course.public_checks_dir, course.hidden_checks_dir}
    return [d / "conftest.py" for d in sorted(dirs) if (d / "conftest.py").is_file()]


def why_not_direct(item, conftests: list[Path]) -> str:
    """Why `item` needs pytest to run ("" if it does not); only pytest's public interface is read."""
    extra = sorted({m.name for m in item.iter_markers()} - ENGINE_MARKS)
    if extra:
        return f"{item.nodeid} has the marker {extra[0]}"
    if conftests:
        return f"{item.nodeid} is collected with {conftests[0]}"
    if not callable(getattr(item, "obj", None)) or not hasattr(item, "fixturenames"):
        return f"{item.nodeid} is not a plain test function"
    if "request" in argnames_of(item):
        return f"{item.nodeid} uses the request fixture"
    for mark in item.iter_markers("parametrize"):
        if mark.kwargs.get("indirect"):
            return f"{item.nodeid} parametrizes {mark.args[0] if mark.args else ''} indirectly"
    params = getattr(getattr(item, "callspec", None), "params", {})
    for name in item.fixturenames:
        if name == "request" or name in params:
            continue  # request: asked for by the engine's own fixtures
        if name not in ENGINE_FIXTURES:
            return f"{item.nodeid} uses the fixture {name}"
        for owner in (getattr(item, "module", None), getattr(item, "cls", None)):
            if owner is not None and name in vars(owner):  # a fixture of the course's own under an engine name
                return f"{item.nodeid} uses the fixture {name} defined in {getattr(owner, '__name__', owner)}"
    return ""


def collect(course, *, include_hidden: bool) -> Suite:
    """Collect every check of `course` (hidden ones too if asked) with pytest; nothing runs."""
    import pytest

    from . import collect as runner
    from .checkrun import CourseFinder, ModuleState
    from .plugin import GradingPlugin

    sources = _sources(course, include_hidden)
    suite = Suite(key=(str(course.root), include_hidden), stamp=stamps(sources))
    files = [f for spec in course.manifest.modules for f in course.check_files(spec.name, include_hidden)]
    finder_files, references = runner.course_files(course, include_hidden)
    suite.files = (finder_files, references)
    states = {s.name: ModuleState(s.name, list(s.functions), None, "", False, set()) for s in course.manifest.modules}
    conftests = _conftests(course)

    class Collector(GradingPlugin):
        @pytest.hookimpl(trylast=True)
        def pytest_collection_modifyitems(self, session, config, items) -> None:
            for item in items:
                why = why_not_direct(item, conftests)
                if why and not suite.why_pytest:
                    suite.why_pytest = why
                cls = getattr(item, "cls", None)
                check = self.check_of(item)
                params = dict(getattr(getattr(item, "callspec", None), "params", {}))
                where, why_not = checkcache.where_of(item, course, check, params)
                if why_not and not suite.why_not_cached:
                    suite.why_not_cached = why_not
                suite.checks.append(CollectedCheck(
                    check=check, path=Path(str(item.path)).resolve(),
                    func=None if cls is not None else getattr(item, "obj", None), cls=cls,
                    method=getattr(item, "originalname", item.name),
                    argnames=argnames_of(item), params=params, direct=not why, where=where,
                ))
            items[:] = []

    finder = CourseFinder(finder_files)
    plugin = Collector(modules=states, hidden_dir=course.hidden_checks_dir, run_hidden=include_hidden, seed=0,
                       finder=finder, reference_names=references, only=None, collect_only=True)
    if files:
        with runner.isolated_imports(course) as captured:
            finder.install()
            try:
                code = pytest.main(runner.pytest_args(course, files), plugins=[plugin])
                if include_hidden:
                    _load_mistakes(course, suite)
            finally:
                suite.modules = captured.keep()
                finder.restore()
        if code != pytest.ExitCode.NO_TESTS_COLLECTED:
            runner.raise_for(code, captured.errors)
    suite.collect_errors = dict(plugin.collect_errors)
    return suite


def _load_mistakes(course, suite: Suite) -> None:
    """Each module's mistakes file, loaded where the references and helpers import by plain name.

    A file that does not load is kept as that module's error (grade validate says it,
    with file and line); grading then names no mistake of that module, and goes on.
    """
    from .sandboxed import mistakes

    for spec in course.manifest.modules:
        path = course.mistakes_file(spec.name)
        if not path.is_file():
            continue
        try:
            suite.mistakes[spec.name] = mistakes.load(path, spec.name)
        except mistakes.MistakesFileError as exc:
            suite.mistake_errors[spec.name] = exc


# ====================================================================== from the disk cache

def _from_cache(course, include_hidden: bool, key: str, entry: dict) -> Suite | None:
    """The suite pytest collected earlier, rebuilt by importing the check modules here; None if it does not fit."""
    from . import collect as runner
    from .checkrun import CourseFinder

    sources = _sources(course, include_hidden)
    suite = Suite(key=(str(course.root), include_hidden), stamp=stamps(sources), source="cache")
    finder_files, references = runner.course_files(course, include_hidden)
    suite.files = (finder_files, references)
    finder = CourseFinder(finder_files)
    try:
        with runner.isolated_imports(course) as captured:
            finder.install()
            try:
                loaded = {}
                for name, relative in entry["files"]:
                    path = course.root / relative
                    spec = importlib.util.spec_from_file_location(name, path)
                    module = importlib.util.module_from_spec(spec)
                    sys.modules[name] = module
                    spec.loader.exec_module(module)
                    loaded[name] = module
                if not checkcache.counts_agree(entry["checks"], loaded):
                    return None  # a check dropped or added: not what pytest collected from these files
                suite.checks = [checkcache.rebuild(course, where, loaded) for where in entry["checks"]]
                if include_hidden:
                    _load_mistakes(course, suite)
            finally:
                suite.modules = captured.keep()
                finder.restore()
    except Exception:  # noqa: BLE001 - a cache that does not fit is no cache: pytest collects
        return None
    return suite


def _collected(course, include_hidden: bool) -> Suite:
    """From the disk cache when it fits this course's files; else collected by pytest (and kept if it may be)."""
    if _conftests(course):
        return collect(course, include_hidden=include_hidden)
    key = checkcache.key(course.root, _sources(course, include_hidden), include_hidden)
    entry = checkcache.read(key)
    if entry is not None:
        suite = _from_cache(course, include_hidden, key, entry)
        if suite is not None:
            return suite
    suite = collect(course, include_hidden=include_hidden)
    if suite.direct and not suite.collect_errors and not suite.why_not_cached and suite.checks:
        files = [checkcache.module_name(course.root, f)
                 for spec in course.manifest.modules for f in course.check_files(spec.name, include_hidden)]
        entries = [c.where for c in suite.checks]
        modules = {name: suite.modules[name] for name, _ in files if name in suite.modules}
        if len(modules) != len(files) or not checkcache.counts_agree(entries, modules):
            suite.why_not_cached = "the checks pytest collected are not the ones the engine finds by pytest's rules"
        elif checkcache.key(course.root, _sources(course, include_hidden), include_hidden) == key:  # unchanged meanwhile
            checkcache.write(key, {"files": [list(f) for f in files], "checks": entries})
    return suite


# ====================================================================== the cache

_suites: "OrderedDict[tuple, Suite]" = OrderedDict()
_lock = threading.Lock()


def suite_for(course, *, include_hidden: bool) -> Suite:
    """The course's collected checks: from this process's cache while none of its files changed."""
    key = (str(course.root), include_hidden)
    with _lock:
        cached = _suites.get(key)
        if cached is not None and cached.stamp == stamps(_sources(course, include_hidden)):
            _suites.move_to_end(key)
            return cached
        suite = _collected(course, include_hidden)
        _suites[key] = suite
        while len(_suites) > MAX_SUITES:
            _suites.popitem(last=False)
        return suite


def forget() -> None:
    """Drop every collected suite of this process (the next run reads the disk cache or collects again)."""
    with _lock:
        _suites.clear()


# ====================================================================== running

@contextlib.contextmanager
def loaded(suite: Suite, finder) -> Iterator[None]:
    """The suite's modules in sys.modules (and the course's finder installed) for one run."""
    shadowed = {name: sys.modules[name] for name in suite.modules if name in sys.modules}
    sys.modules.update(suite.modules)
    finder.install()
    try:
        yield
    finally:
        finder.restore()
        for name in suite.modules:
            sys.modules.pop(name, None)
        sys.modules.update(shadowed)


def run(suite: Suite, plugin, wanted: Callable[[CollectedCheck], bool]) -> None:
    """Run the wanted checks of `suite` directly, recording outcomes on `plugin` (a checkrun.GradingRun)."""
    for collected, check in chosen(suite, plugin, wanted):
        run_check(collected, check, plugin)


def chosen(suite: Suite, plugin, wanted: Callable[[CollectedCheck], bool]) -> list[tuple[CollectedCheck, Any]]:
    """The wanted checks of `suite` that are to run, in order, each with its outcome's record on `plugin`
    and its fixtures prepared (apart from run() for benchmarks that run checks another way)."""
    from .checkrun import select

    plugin.collect_errors.update(suite.collect_errors)
    picked = []
    for collected in suite.checks:
        if wanted(collected):
            check = select(collected.fresh(), plugin.modules, run_hidden=plugin.run_hidden, collect_only=plugin.collect_only)
            plugin.checks[check.nodeid] = check
            picked.append((collected, check))
    picked = [(collected, check) for collected, check in picked if check.run]
    plugin.fixtures.prepare([check.nodeid for _, check in picked],
                            [check.nodeid for collected, check in picked
                             if "rng" in collected.argnames and "rng" not in collected.params])
    return picked


def run_check(collected: CollectedCheck, check, plugin) -> None:
    """Run one chosen check with its fixtures, recording its outcome on `plugin`."""
    from .checkrun import record

    fixtures = plugin.fixtures
    fixtures.seed_globals(check.nodeid)
    try:
        kwargs = {name: collected.params[name] if name in collected.params
                  else fixtures.value(name, collected.path, check.nodeid, check.module) for name in collected.argnames}
        call = collected.callable()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - as pytest: a setup problem is this check's outcome
        record(check, _as_check_bug(exc), "setup")
        return
    try:
        call(**kwargs)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - SystemExit from a check is its failure, as in pytest
        record(check, _as_check_bug(exc), "call")
    else:
        record(check, None, "call")
    plugin.finish(check)


def _as_check_bug(exc: BaseException) -> BaseException:
    """pytest.exit() in a check ends a pytest session; here it is that check's grader problem."""
    from .sandboxed import CheckBug

    pytest = sys.modules.get("pytest")  # only a check that imported pytest can call pytest.exit()
    if pytest is not None and isinstance(exc, pytest.exit.Exception):
        return CheckBug(f"the check called pytest.exit() ({exc}); a check must not end the grading run")
    return exc
