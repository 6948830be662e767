"""A course's checks, collected by pytest once per process and then run directly.

Why: `pytest.main` for every submission pays pytest's configuration, the import of
every check file and reference solution, and pytest's per-check hook machinery,
about 0.25 s of a 0.6 s grading run; in a batch or under `grade watch` that is paid
again for each submission although the checks have not changed. Here pytest
collects the checks once (markers, parametrize, classes: pytest's own rules), and
each grading run calls the check functions itself with the engine's fixtures.

Checks stay ordinary pytest functions. A check that needs anything beyond what
this runner gives (a fixture other than student, reference, rng and seed, an
xunit setup, the `request` fixture, a skip/skipif/xfail or other marker,
indirect parametrization) makes the whole course run through pytest instead,
exactly as before; `Suite.direct` says which way applies. Both ways share the
decisions (plugin.select), the fixture values (plugin.Fixtures) and the outcome
records (plugin.record), and the engine's tests grade the same submissions both
ways and compare the reports.

A collected suite is kept per course (and per public/hidden), and collected again
when any file it was collected from changes. Its modules (check files, helpers,
references) live outside sys.modules between runs, so other code in the process,
including another course, never sees them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator

from grader.stamps import stamps

ENGINE_MARKS = frozenset({"function", "points", "parametrize"})
MAX_SUITES = 4  # courses kept per process (the project's own tests grade many small courses)


@dataclass(frozen=True)
class CollectedCheck:
    """One check as pytest collected it: enough to call it without pytest."""

    check: Any  # plugin.Check as collected (never changed: `fresh()` is each run's record)
    path: Path
    func: Callable | None  # the function (None for a method: see `cls`)
    cls: type | None  # the test class, instantiated afresh for every call as pytest does
    method: str  # the method's name on `cls`
    argnames: tuple[str, ...]  # what the function asks for
    params: dict[str, Any]  # parametrize values
    direct: bool  # runnable without pytest

    def callable(self) -> Callable:
        return self.func if self.cls is None else getattr(self.cls(), self.method)

    def fresh(self):
        """A new record of this check for one grading run (plugin.Check)."""
        return dataclasses.replace(self.check)


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
        if d.is_dir():
            files += sorted(d.glob("*.py"))
    for spec in course.manifest.modules:
        files += [course.provided_file(h) for h in spec.provided]
        if include_hidden:
            files.append(course.mistakes_file(spec.name))
    return files


def _direct_param_func():
    try:
        from _pytest.python import get_direct_param_fixture_func
    except ImportError:  # another pytest: parametrized checks then run through pytest
        return None
    return get_direct_param_fixture_func


def why_not_direct(item, plugin) -> str:
    """Why `item` needs pytest to run ("" if it does not)."""
    extra = sorted({m.name for m in item.iter_markers()} - ENGINE_MARKS)
    if extra:
        return f"{item.nodeid} has the marker {extra[0]}"
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return f"{item.nodeid} is not a plain test function"
    if "request" in info.argnames:
        return f"{item.nodeid} uses the request fixture"
    params = getattr(getattr(item, "callspec", None), "params", {})
    direct_param = _direct_param_func()
    for name in item.fixturenames:
        if name == "request":
            continue  # asked for by the engine's own fixtures
        defs = info.name2fixturedefs.get(name)
        if not defs:
            return f"{item.nodeid} uses an unknown fixture {name}"
        fixture = defs[-1]
        if name in params:
            if direct_param is None or fixture.func is not direct_param:
                return f"{item.nodeid} parametrizes {name} indirectly"
        elif getattr(fixture.func, "__self__", None) is not plugin:
            return f"{item.nodeid} uses the fixture {name}"
    return ""


def collect(course, *, include_hidden: bool) -> Suite:
    """Collect every check of `course` (hidden ones too if asked) with pytest; nothing runs."""
    import pytest

    from . import runner
    from .plugin import CourseFinder, GradingPlugin, ModuleState

    sources = _sources(course, include_hidden)
    suite = Suite(key=(str(course.root), include_hidden), stamp=stamps(sources))
    files = [f for spec in course.manifest.modules for f in course.check_files(spec.name, include_hidden)]
    finder_files, references = runner._course_files(course, include_hidden)
    states = {s.name: ModuleState(s.name, list(s.functions), None, "", False, set()) for s in course.manifest.modules}

    class Collector(GradingPlugin):
        @pytest.hookimpl(trylast=True)
        def pytest_collection_modifyitems(self, session, config, items) -> None:
            for item in items:
                why = why_not_direct(item, self)
                if why and not suite.why_pytest:
                    suite.why_pytest = why
                cls = getattr(item, "cls", None)
                suite.checks.append(CollectedCheck(
                    check=self.check_of(item), path=Path(str(item.path)).resolve(),
                    func=None if cls is not None else getattr(item, "obj", None), cls=cls,
                    method=getattr(item, "originalname", item.name),
                    argnames=tuple(getattr(getattr(item, "_fixtureinfo", None), "argnames", ())),
                    params=dict(getattr(getattr(item, "callspec", None), "params", {})), direct=not why,
                ))
            items[:] = []

    finder = CourseFinder(finder_files)
    plugin = Collector(modules=states, hidden_dir=course.hidden_checks_dir, run_hidden=include_hidden, seed=0,
                       finder=finder, reference_names=references, only=None, collect_only=True)
    if files:
        with runner._isolated_pytest(course) as captured:
            finder.install()
            try:
                code = pytest.main(runner._pytest_args(course, files), plugins=[plugin])
                if include_hidden:
                    _load_mistakes(course, suite)
            finally:
                suite.modules = captured.keep()
                finder.restore()
        if code != pytest.ExitCode.NO_TESTS_COLLECTED:
            runner._raise_for(code, captured.errors)
    suite.collect_errors = dict(plugin.collect_errors)
    return suite


def _load_mistakes(course, suite: Suite) -> None:
    """Each module's mistakes file, loaded where the references and helpers import by plain name.

    A file that does not load is kept as that module's error (grade validate says it,
    with file and line); grading then names no mistake of that module, and goes on.
    """
    from . import mistakes

    for spec in course.manifest.modules:
        path = course.mistakes_file(spec.name)
        if not path.is_file():
            continue
        try:
            suite.mistakes[spec.name] = mistakes.load(path, spec.name)
        except mistakes.MistakesFileError as exc:
            suite.mistake_errors[spec.name] = exc


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
        suite = collect(course, include_hidden=include_hidden)
        _suites[key] = suite
        while len(_suites) > MAX_SUITES:
            _suites.popitem(last=False)
        return suite


def forget() -> None:
    """Drop every collected suite (the next run collects again)."""
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
    """Run the wanted checks of `suite` directly, recording outcomes on `plugin` (a GradingPlugin)."""
    from .plugin import record, select

    plugin.collect_errors.update(suite.collect_errors)
    chosen = []
    for collected in suite.checks:
        if wanted(collected):
            check = select(collected.fresh(), plugin.modules, run_hidden=plugin.run_hidden, collect_only=plugin.collect_only)
            plugin.checks[check.nodeid] = check
            chosen.append((collected, check))
    fixtures = plugin.fixtures
    for collected, check in chosen:
        if not check.run:
            continue
        fixtures.seed_globals(check.nodeid)
        try:
            kwargs = {name: collected.params[name] if name in collected.params
                      else fixtures.value(name, collected.path, check.nodeid) for name in collected.argnames}
            call = collected.callable()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - as pytest: a setup problem is this check's outcome
            record(check, _as_check_bug(exc), "setup")
            continue
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
    import pytest

    from .proxy import CheckBug

    if isinstance(exc, pytest.exit.Exception):
        return CheckBug(f"the check called pytest.exit() ({exc}); a check must not end the grading run")
    return exc
