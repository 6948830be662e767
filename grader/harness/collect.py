"""Collecting a course's checks: which files the trusted side resolves, pytest's arguments, and
importing checks without disturbing an enclosing session.

Below both the suite (which collects) and the runner (which grades): each needs these, and
neither may import the other's module for them.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import types
import warnings
from pathlib import Path

from grader.course import Course


def course_files(course: Course, hidden: bool) -> tuple[dict[str, Path], set[str]]:
    """Plain module names the trusted side resolves: helpers, references, check helpers."""
    files: dict[str, Path] = {}
    references: set[str] = set()
    for spec in course.manifest.modules:
        for helper in spec.provided:
            path = course.provided_file(helper)
            if path.is_file():
                files[helper] = path
    dirs = [course.public_checks_dir] + ([course.hidden_checks_dir] if hidden else [])
    for d in dirs:
        if d.is_dir():
            for path in sorted(d.glob("*.py")):
                if not path.name.startswith("test_") and path.name != "conftest.py":
                    files.setdefault(path.stem, path)
    if hidden:
        for spec in course.manifest.modules:
            path = course.reference_file(spec.name)
            if path.is_file():
                files[spec.name] = path
                references.add(spec.name)
    return files, references


def pytest_args(course: Course, files: list[Path]) -> list[str]:
    disabled = [
        "cacheprovider", "terminal", "faulthandler", "logging", "pastebin", "doctest", "junitxml",
        "stepwise", "unraisableexception", "threadexception", "warnings", "setuponly", "setupplan",
        "debugging", "nose", "legacypath", "tmpdir",
    ]
    args = [
        "--rootdir", str(course.root),
        "-c", os.devnull,  # the course's (or the project's) pytest configuration does not apply
        "--confcutdir", str(course.root),
        "--import-mode=importlib",
        "--capture=no",
        "--assert=plain",  # messages come from the checks, not from assertion rewriting
        "--disable-plugin-autoload",
        "--continue-on-collection-errors",  # a broken check file costs only its own module
        "-o", "python_files=test_*.py",
        "-o", "python_functions=test*",
        "-o", "python_classes=Test*",
    ]
    for name in disabled:
        args += ["-p", f"no:{name}"]
    return args + [str(f) for f in files]


@contextlib.contextmanager
def isolated_imports(course: Course):
    """Import and run a course's checks, keeping an enclosing pytest session (or process) as it was.

    The course's modules leave sys.modules afterwards (`keep()` hands them to the caller),
    sys.path, the import hooks and pytest's environment variables are restored, and what
    the checks print is captured. Used with and without pytest (suite.py, checkcache hits).
    """
    env_keys = ("PYTEST_CURRENT_TEST", "PYTEST_VERSION", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")
    saved_env = {k: os.environ.get(k) for k in env_keys}
    for key in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS"):
        os.environ.pop(key, None)
    before = set(sys.modules)
    roots = [str(course.exercises_dir.resolve()), str(course.solutions_dir.resolve())]
    saved_path = list(sys.path)
    saved_meta = list(sys.meta_path)
    # An enclosing session's assertion rewriting would rewrite the check files and
    # change their messages; they are imported with plain asserts, as in the CLI.
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "AssertionRewritingHook"]
    out, err = io.StringIO(), io.StringIO()

    def keep() -> dict:
        """The course's modules loaded so far (check files, helpers, references), to reuse later."""
        return {name: module for name, module in list(sys.modules.items()) if name not in before
                and any(p.startswith(r) for r in roots for p in _locations(module))}

    captured = types.SimpleNamespace(errors="", keep=keep)
    try:
        # Checks and reference code run here; whatever they print (a reference
        # with print_cost=True, pytest's own complaints) never reaches the terminal.
        with warnings.catch_warnings(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            warnings.simplefilter("ignore")
            yield captured
    finally:
        captured.errors = err.getvalue()
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        sys.path[:] = saved_path
        sys.meta_path[:] = saved_meta
        for name in sorted(set(sys.modules) - before, reverse=True):
            if any(p.startswith(r) for r in roots for p in _locations(sys.modules.get(name))):
                sys.modules.pop(name, None)


def _locations(module) -> list[str]:
    """Where a module's file or package directories are (empty if unknown)."""
    places = [getattr(module, "__file__", None) or ""]
    spec = getattr(module, "__spec__", None)
    try:
        places += [str(p) for p in (getattr(spec, "submodule_search_locations", None) or [])]
    except Exception:  # noqa: BLE001 - a namespace path whose parent is already gone
        places += [str(p) for p in getattr(getattr(spec, "submodule_search_locations", None), "_path", [])]
    return [p for p in places if p]


class RunnerError(RuntimeError):
    """pytest itself failed (a grader bug, not the student's or a check's problem)."""


def raise_for(code, errors: str = "") -> None:
    import pytest

    if code == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        tail = "\n".join(errors.strip().splitlines()[-5:])
        raise RunnerError(f"the checks could not be run (pytest exit code {int(code)})" + (f":\n{tail}" if tail else ""))
