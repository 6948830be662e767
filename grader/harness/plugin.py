"""The pytest plugin that turns a run of exercise checks into per-check outcomes.

It provides the fixtures of docs/checks.md (`student`, `reference`, `rng`,
`seed`), registers the `function` and `points` markers, leaves out checks that
cannot or must not run (a module that is missing or does not import, functions
not asked for, hidden checks in a public run), and records for every check its
points and how it ended, with the exception that ended it. The runner turns
those records into scores.

The plugin is passed to an in-process `pytest.main` (to collect a course's checks,
and to run them when they need more than the engine gives: see suite.py); it keeps
all its state on itself, so a grading run inside another pytest session (the
project's tests) does not touch that session. Its decisions (`select`), fixture
values (`Fixtures`) and outcome records (`record`) are also what the direct runner
in suite.py uses, so both ways grade alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.checks import spec_of

# Re-exported: the records and decisions pytest-free code shares (checkrun.py).
from .checkrun import (  # noqa: F401
    CHECK_PREFIX,
    Check,
    CourseFinder,
    Fixtures,
    GradingRun,
    ModuleState,
    classify,
    module_of_check,
    record,
    select,
    stable_seed,
)
from .sandboxed import StudentModule
from .vectorisation import kind_of


def declared(item) -> tuple[Any, Any]:
    """What the check's function and its class declare through grader.checks (None where nothing)."""
    obj = getattr(item, "obj", None)
    func = getattr(obj, "__func__", obj)
    return spec_of(func), spec_of(getattr(item, "cls", None))


def marks_of(item) -> tuple[str | None, float]:
    """(function, points) of a collected item.

    From grader.checks' declarations and pytest's `function`/`points` markers alike,
    the nearest first: the function's own declaration, then pytest's closest marker,
    then the class's declaration.
    """
    own, cls = declared(item)
    function = own.function if own is not None else None
    if function is None:
        marker = item.get_closest_marker("function")
        if marker and marker.args:
            function = str(marker.args[0])
        elif cls is not None:
            function = cls.function
    points = own.points if own is not None else None
    if points is None:
        pmarker = item.get_closest_marker("points")
        if pmarker and pmarker.args:
            try:
                points = float(pmarker.args[0])
            except (TypeError, ValueError):
                points = 0.0
        elif cls is not None:
            points = cls.points
    return function, 1.0 if points is None else points


# ====================================================================== the plugin

class GradingPlugin(GradingRun):
    """GradingRun's records, kept by pytest's hooks: fixtures, markers, parametrize, outcomes."""

    # -------------------------------------------------------------- configuration
    def pytest_configure(self, config) -> None:
        config.addinivalue_line("markers", "function(name): the graded function this check scores")
        config.addinivalue_line("markers", "points(n): points earned when this check passes")
        # Long tracebacks of failing checks cost 0.1-0.25 s each and nobody reads them:
        # the feedback is the check's own message.
        config.option.tbstyle = "native"

    # -------------------------------------------------------------- fixtures
    @pytest.fixture
    def student(self, request) -> StudentModule:
        """The student's module, running in the worker."""
        return self.fixtures.student(self.fixtures.module(request.path), request.node.nodeid)

    @pytest.fixture
    def reference(self, request) -> Any:
        """The reference solution (solutions/<module>.py), on the trusted side."""
        return self.fixtures.reference(self.fixtures.module(request.path))

    @pytest.fixture
    def rng(self, request) -> np.random.Generator:
        """A generator seeded from the submission seed and the check's id."""
        return self.fixtures.rng(request.node.nodeid)

    @pytest.fixture
    def seed(self) -> int:
        """The submission seed."""
        return self.fixtures.seed

    # -------------------------------------------------------------- collection
    def pytest_generate_tests(self, metafunc) -> None:
        """`grader.checks.parametrize` on a check (or its class), as pytest's own parametrize."""
        for owner in (metafunc.function, getattr(metafunc, "cls", None)):  # nearest first, as pytest's markers
            spec = spec_of(owner)
            for entry in spec.parametrize if spec is not None else ():
                values = [case[0] for case in entry.cases] if len(entry.argnames) == 1 else list(entry.cases)
                metafunc.parametrize(list(entry.argnames) if len(entry.argnames) > 1 else entry.argnames[0], values,
                                     ids=list(entry.ids) if entry.ids is not None else None)

    def pytest_collectreport(self, report) -> None:
        if report.failed:
            module = module_of_check(Path(str(report.fspath))) if report.fspath else None
            text = str(report.longrepr).strip().splitlines()
            last = text[-1].removeprefix("E").strip() if text else "collection failed"
            if module:
                self.collect_errors.setdefault(module, f"{Path(str(report.fspath)).name} could not be loaded: {last}")

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, session, config, items) -> None:
        keep, drop = [], []
        for item in items:
            check = self._describe(item)
            self.checks[item.nodeid] = check
            if check.run:
                keep.append(item)
            else:
                drop.append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
        items[:] = keep

    def check_of(self, item) -> Check:
        """The check a collected item is (module, function, points, public or hidden), not yet decided on."""
        path = Path(str(item.path)).resolve()
        function, points = marks_of(item)
        return Check(nodeid=item.nodeid, name=item.name, module=module_of_check(path) or "", function=function,
                     points=points, hidden=path.parent == self.hidden_dir, kind=kind_of(*declared(item)))

    def _describe(self, item) -> Check:
        return select(self.check_of(item), self.modules, run_hidden=self.run_hidden, collect_only=self.collect_only)

    # -------------------------------------------------------------- outcomes
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item) -> None:
        self.fixtures.seed_globals(item.nodeid)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        check = self.checks.get(item.nodeid)
        if check is not None:
            record(check, call.excinfo.value if call.excinfo is not None else None, call.when)
            if call.when == "call":
                self.finish(check)
        return report
