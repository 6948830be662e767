"""Grade a submission's exercise modules: run the checks, turn outcomes into scores.

    load course → load the submission (submission.py: the student's code as bytes
    read once) → start workers → the course's checks
    (collected once per course content, suite.py; run directly with a checkrun.GradingRun,
    or by pytest.main with plugin.GradingPlugin when a check needs more than the engine's fixtures) → per-check
    outcomes → one ItemResult per graded function

A function's score is the sum of the points of its passed checks, its maximum
the sum of the points of every check of it that applies in this mode (public
checks in a public run, public and hidden ones in a hidden run), whatever became
of them: a skipped, timed-out or not-run check, or one left out because the
module is missing or does not import, is lost points, never fewer points. So the
maximum is the course's, the same for every student. (A skipped check's points are
earned only when every other check of the function ran and passed: they judged it.)
Its status is `passed`, `partial`, or — with 0 points — the worst problem among
its checks (missing, error, timeout, failed).
Its feedback is the first failing check's message and how many checks failed;
expected values only appear there if a check put them in its message.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from grader.course import Course, Limits, ModuleSpec
from grader.results import ItemResult
from grader.submission import Submission
from grader.submission import load as load_submission

from . import vectorisation
from .collect import RunnerError, course_files, isolated_imports, pytest_args, raise_for
from .sandboxed import sandbox as _sandbox

__all__ = ["grade_exercises", "run_exercises", "count_checks", "derive_seed", "ExerciseRun", "CheckCount"]

MAX_FEEDBACK = 1500
_RANK = {"missing": 4, "error": 3, "timeout": 2, "failed": 1}
_ENGINE_LIMITS = ("file_mb",)  # limits the engine knows beyond course.Limits
_lock = threading.Lock()


@dataclass
class CheckCount:
    """How many checks (and points) a module has, public and hidden."""

    public: int = 0
    hidden: int = 0
    public_points: float = 0.0
    hidden_points: float = 0.0


@dataclass
class ExerciseRun:
    """Everything one grading run found out; `items` is what reports show."""

    items: list[ItemResult]
    checks: dict[str, CheckCount] = field(default_factory=dict)
    seconds: float = 0.0
    calls: int = 0
    outcomes: list = field(default_factory=list, repr=False)  # plugin.Check records, for tests and debugging


def derive_seed(student: str) -> int:
    """The submission seed for a student id: stable across runs and machines (the receipt's seed)."""
    from grader.receipt import submission_seed

    return submission_seed(student)


def _limits_for(course: Course, spec: ModuleSpec, overrides: dict | None) -> dict:
    limits = spec.limits(course.manifest.defaults).model_dump()
    extra = {}
    if overrides:
        overrides = dict(overrides)
        for key in _ENGINE_LIMITS:
            if key in overrides:
                extra[key] = overrides.pop(key)
        limits = Limits.model_validate({**limits, **overrides}).model_dump()
    return {**limits, **extra}


def _student_files(course: Course, spec: ModuleSpec, sub: Submission) -> tuple[dict[str, bytes | Path], list[str]]:
    """What goes into the module's private directory, and the student's module names.

    The student's modules are the bytes the grader read (submission.py), written there
    as new files: never a copy of a path the submission names. Helpers are the course's.
    """
    files: dict[str, bytes | Path] = {}
    student_modules = [spec.name]
    for used in spec.uses:
        found = sub.modules.get(used)
        if found is not None:
            files[f"{used}.py"] = found.data
            student_modules.append(used)
    found = sub.modules.get(spec.name)
    if found is not None:
        files[f"{spec.name}.py"] = found.data
    helpers = list(spec.provided)
    for used in spec.uses:
        used_spec = course.module(used)
        if used_spec is not None:
            helpers += used_spec.provided
    for helper in helpers:  # the course's copy wins over any the student has
        path = course.provided_file(helper)
        if path.is_file():
            files[f"{helper}.py"] = path
    return files, student_modules


def _locator(sub: Submission, names: list[str]):
    """file, line of a module built from a notebook -> where it is in the notebook; None for no notebook."""
    built = {f"{n}.py": sub.modules[n] for n in names if n in sub.modules and sub.modules[n].is_notebook}
    if not built:
        return None
    return lambda file, line: built[file].where(file, line) if file in built else None


# ====================================================================== grading

def grade_exercises(
    course: Course,
    submission: Path | Submission,
    *,
    student: str,
    hidden: bool,
    modules: list[str] | None = None,
    only: Callable[[str], bool] | None = None,
    limits: dict | None = None,
    seed: int | None = None,
) -> list[ItemResult]:
    """One ItemResult per graded function (kind "exercise", id "<module>.<function>"), in manifest order."""
    return run_exercises(course, submission, student=student, hidden=hidden, modules=modules, only=only, limits=limits, seed=seed).items


def run_exercises(
    course: Course,
    submission: Path | Submission,
    *,
    student: str,
    hidden: bool,
    modules: list[str] | None = None,
    only: Callable[[str], bool] | None = None,
    limits: dict | None = None,
    seed: int | None = None,
    count_hidden: bool = False,
    via_pytest: bool = False,
) -> ExerciseRun:
    """Grade the exercise modules of `submission`; see grade_exercises.

    `count_hidden`: in a public run, also collect (not run) the hidden checks so
    the report can say how many there are. `via_pytest`: run the checks through
    `pytest.main` even when the collected suite could run them directly (suite.py);
    the engine's tests use it to show both ways grade alike. `submission` is a loaded
    Submission, or a directory to load (submission.load).
    """
    started = time.perf_counter()
    if not isinstance(submission, Submission):
        submission = load_submission(course, Path(submission))
    run_hidden = bool(hidden) and course.has_hidden_checks
    seed = derive_seed(student) if seed is None else int(seed)
    specs = [m for m in course.manifest.modules if modules is None or m.name in modules]
    with _lock:
        box = _sandbox.acquire(secrets=run_hidden)  # the zygote starts importing NumPy while we set up
        try:
            return _run(course, submission, specs, box, student=student, run_hidden=run_hidden, only=only,
                        limits=limits, seed=seed, count_hidden=count_hidden, started=started, via_pytest=via_pytest)
        finally:
            box.close()


def _run(course, submission, specs, box, *, student, run_hidden, only, limits, seed, count_hidden, started, via_pytest) -> ExerciseRun:
    # The worker first: the zygote forks it (and it imports the student's modules)
    # while this process imports pytest and collects the checks.
    from .sandboxed import StudentSession

    modules: list[tuple] = []
    check_files: list[Path] = []
    checked: set[str] = set()  # modules whose check files this run reads
    for spec in specs:
        selected = {f for f in spec.functions if only is None or only(f"{spec.name}.{f}")}
        found = submission.modules.get(spec.name)
        display = submission.display(spec.name)
        session = None
        if selected and found is not None:
            files, student_modules = _student_files(course, spec, submission)
            worker = box.module(spec.name, files, limits=_limits_for(course, spec, limits), student_modules=student_modules)
            session = StudentSession(spec.name, worker, display, uses=spec.uses, aliases=spec.aliases,
                                    locate=_locator(submission, student_modules))
        modules.append((spec, session, display, found is not None, selected))
        if selected or count_hidden:
            check_files += course.check_files(spec.name, run_hidden or count_hidden)
            checked.add(spec.name)
    # Every module made before any starts: they share one worker process, whose CPU
    # backstop is the sum of their budgets. Each asks it to import its module, in order.
    for _, session, _, _, _ in modules:
        if session is not None:
            session.worker.start()

    from . import suite as _suite
    from .checkrun import CourseFinder, GradingRun, ModuleState

    states = {
        spec.name: ModuleState(spec.name, list(spec.functions), session, display, present, selected)
        for spec, session, display, present, selected in modules
    }
    include_hidden = run_hidden or count_hidden
    suite = _suite.suite_for(course, include_hidden=include_hidden) if check_files else None
    # The suite's own (unchanged while its files are): globbing the check folders again per submission is not needed.
    finder_files, references = (dict(suite.files[0]), set(suite.files[1])) if suite is not None else course_files(course, include_hidden)
    finder = CourseFinder(finder_files)
    direct = suite is not None and suite.direct and not via_pytest
    if direct or not check_files:
        run_class = GradingRun  # pytest is never imported
    else:
        from .plugin import GradingPlugin as run_class
    plugin = run_class(
        modules=states, hidden_dir=course.hidden_checks_dir, run_hidden=run_hidden, seed=seed,
        finder=finder, reference_names=references if run_hidden else set(), only=only,
        mistakes=suite.mistakes if suite is not None and run_hidden else None,
    )
    if direct:
        # The suite's checks come from the files test_<module>.py of every module (suite._sources):
        # those of the modules read here are the checks of `check_files`, told by their module's
        # name rather than by resolving every file's path again (a realpath per file per submission).
        with isolated_imports(course), _suite.loaded(suite, finder):
            _suite.run(suite, plugin, lambda c: c.check.module in checked)
    elif check_files:
        import pytest

        with isolated_imports(course) as captured:
            finder.install()
            try:
                code = pytest.main(pytest_args(course, check_files), plugins=[plugin])
            finally:
                finder.restore()
        raise_for(code, captured.errors)

    vectorisation.assign_points(plugin.checks.values(), specs)  # the manifest's points, before anything is counted
    by_function: dict[tuple, list] = {}  # (module, function) -> its checks, in run order (one pass, not one per function)
    for check in plugin.checks.values():
        by_function.setdefault((check.module, check.function), []).append(check)
    items = [item for spec in specs
             for item in _function_results(spec, states[spec.name], plugin, submission.refused_modules.get(spec.name),
                                           by_function)]
    counts = _counts(plugin.checks.values())
    calls = sum(s.session.calls for s in states.values() if s.session is not None)
    outcomes = list(plugin.checks.values())
    for check in outcomes:
        check.exception = None  # no tracebacks (and their frames) kept alive
    return ExerciseRun(items=items, checks=counts, seconds=time.perf_counter() - started, calls=calls, outcomes=outcomes)


def _counts(checks) -> dict[str, CheckCount]:
    """Checks and points per module, public and hidden (checks of unknown functions left out)."""
    counts: dict[str, CheckCount] = {}
    for check in checks:
        if check.reason == "unknown function" or vectorisation.is_note(check):
            continue
        c = counts.setdefault(check.module, CheckCount())
        if check.hidden:
            c.hidden += 1
            c.hidden_points += check.points
        else:
            c.public += 1
            c.public_points += check.points
    return counts


def _function_results(spec: ModuleSpec, state, plugin, refused: str | None, by_function: dict[tuple, list]) -> list[ItemResult]:
    """One item per selected function; a module whose file was refused scores 0 with the refusal.

    `by_function`: the run's checks grouped by (module, function), in run order.
    """
    results = []
    absent_status, absent_feedback = ("error", refused) if refused else ("missing", f"{state.display} not found")
    for function in spec.functions:
        if function not in state.selected:
            continue
        item_id = f"{spec.name}.{function}"
        checks = by_function.get((spec.name, function), [])
        # The maximum is fixed by the course: every check that applies in this mode
        # counts, whatever became of it (skipped, timed out, not run), so every
        # student's row has the same maximum.
        counted = [c for c in checks if c.run or c.reason in ("missing", "import")]
        counted, notes = vectorisation.split(counted)  # a vectorisation check worth 0 points is a note, never scored
        max_score = float(sum(c.points for c in counted))
        if not counted:
            problem = plugin.collect_errors.get(spec.name)
            feedback = f"grader problem: {problem}" if problem else f"no checks for {function}() (grader problem: add checks declared @checks.function(\"{function}\"))"
            if not state.present:
                results.append(ItemResult(id=item_id, kind="exercise", score=0.0, max_score=0.0, status=absent_status, feedback=_cap(absent_feedback)))
            else:
                results.append(ItemResult(id=item_id, kind="exercise", score=0.0, max_score=0.0, status="error", feedback=feedback))
            continue
        if not state.present:
            results.append(ItemResult(id=item_id, kind="exercise", score=0.0, max_score=max_score, status=absent_status, feedback=_cap(absent_feedback)))
            continue
        if state.problem is not None:
            results.append(ItemResult(id=item_id, kind="exercise", score=0.0, max_score=max_score, status=state.problem.status, feedback=_cap(state.problem.message)))
            continue
        result = _aggregate(item_id, counted, max_score)
        alias = state.session.aliased.get(function) if state.session is not None else None
        if alias:
            note = f"graded your {alias}(), the name an earlier edition of the course gave {function}()"
            result = result.model_copy(update={"feedback": _cap(f"{result.feedback}\n{note}" if result.feedback else note)})
        if notes:
            result = vectorisation.with_notes(result, notes, spec)
            result = result.model_copy(update={"feedback": _cap(result.feedback)})
        results.append(result)
    broken = plugin.collect_errors.get(spec.name)
    if broken:
        # Some checks of this module never ran: the grade is incomplete, and loudly so.
        results = [
            r if r.feedback.startswith("grader problem") else r.model_copy(update={
                "status": "error",
                "feedback": f"grader problem: {broken}; this grade is incomplete, tell your instructor" + (f"\n{r.feedback}" if r.feedback else ""),
            })
            for r in results
        ]
    return results


def _aggregate(item_id: str, checks: list, max_score: float) -> ItemResult:
    """Score, status and feedback of a function from its checks.

    A skipped check loses its points, unless every other check of the function ran and
    passed: those judged it, and the skip only said that a callee is wrong.

    The feedback leads with a named mistake if a check found one (mistakes.py), else
    with the worst problem, else with a skip reason ("fix sigmoid() first").
    """
    judged = [c for c in checks if c.outcome != "skipped"]
    if judged and len(judged) < len(checks) and all(c.outcome == "passed" for c in judged):
        # A skipped check could not judge the function ("fix sigmoid() first"); every check
        # that could judge it passed (in a graded run: the hidden ones, with the reference
        # callees), so the callee's bug is not charged here a second time.
        return ItemResult(id=item_id, kind="exercise", score=max_score, max_score=max_score, status="passed", feedback="")
    score = float(sum(c.points for c in checks if c.outcome == "passed"))
    failing = [c for c in checks if c.outcome != "passed"]
    if not failing:
        return ItemResult(id=item_id, kind="exercise", score=score, max_score=max_score, status="passed", feedback="")
    skipped = [c for c in failing if c.outcome == "skipped"]
    problems = [c for c in failing if c.outcome != "skipped"]
    if score > 1e-12:
        status = "partial"
        first = (problems or skipped)[0]
    elif problems:
        worst = max(_RANK.get(c.outcome, 3) for c in problems)
        status = next(s for s, r in _RANK.items() if r == worst)
        first = next(c for c in problems if _RANK.get(c.outcome, 3) == worst)
    else:
        status, first = "failed", skipped[0]
    named = _most_named(failing)
    if named is not None:
        first = named
    message = first.message or (f"check {first.name} failed" if first.outcome != "skipped"
                                else "its checks need the functions it calls to work first")
    if len(checks) > 1:
        if not skipped:
            message += f" ({len(failing)} of {len(checks)} checks failed)"
        elif not problems:
            message += f" ({len(skipped)} of {len(checks)} checks skipped)"
        else:
            reason = skipped[0].message
            message += f" ({len(problems)} of {len(checks)} checks failed, {len(skipped)} skipped" + (f": {reason})" if reason else ")")
    mistake = f"{named.function}:{named.mistake.id}" if named is not None else None
    return ItemResult(id=item_id, kind="exercise", score=score, max_score=max_score, status=status,
                      feedback=_cap(message), mistake=mistake)


def _most_named(failing: list):
    """The first failed check naming the mistake that most failed checks name, or None.

    One small example can fit two listed mistakes (ReLU and "no activation" agree where
    every Z is positive); the random inputs of the other checks tell them apart, so the
    mistake named most often is the one to lead with.
    """
    named = [c for c in failing if getattr(c, "mistake", None) is not None]
    if not named:
        return None
    counts: dict[str, int] = {}
    for c in named:
        counts[c.mistake.key] = counts.get(c.mistake.key, 0) + 1
    best = max(counts.values())
    return next(c for c in named if counts[c.mistake.key] == best)


def _cap(text: str) -> str:
    return text if len(text) <= MAX_FEEDBACK else text[: MAX_FEEDBACK - 5] + " ..."


# ====================================================================== counting

def count_checks(course: Course, modules: list[str] | None = None) -> dict[str, CheckCount]:
    """Public and hidden checks (and points) per module, found by collecting them (nothing runs)."""
    from . import suite as _suite
    from .checkrun import ModuleState, select

    specs = [m for m in course.manifest.modules if modules is None or m.name in modules]
    states = {s.name: ModuleState(s.name, list(s.functions), None, f"exercises/{s.name}.py", False, set(s.functions)) for s in specs}
    with _lock:  # a collection changes sys.modules for a moment: never during a grading run
        collected = _suite.suite_for(course, include_hidden=True) if any(course.check_files(s.name, True) for s in specs) else None
    checks = [select(c.fresh(), states, run_hidden=True, collect_only=True)
              for c in (collected.checks if collected is not None else []) if c.check.module in states]
    vectorisation.assign_points(checks, specs)
    counts = _counts(checks)
    return {s.name: counts.get(s.name, CheckCount()) for s in specs}
