"""Everything `grade validate` checks in a course, reported all at once.

Instructors fix a course in one pass when every problem comes with file and line,
so nothing here stops at the first mistake.
"""

from __future__ import annotations

import ast
import inspect
import re
import shutil
import tempfile
import textwrap
from pathlib import Path

from grader.course import MANIFEST, Course, load_course
from grader.errors import InputError


def _marker_calls(path: Path) -> tuple[dict[str, list[int]], list[InputError]]:
    """function name -> lines of checks declared @checks.function(name) (or pytest's marker), read without importing."""
    problems: list[InputError] = []
    found: dict[str, list[int]] = {}
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as exc:
        return found, [InputError(f"check file does not parse: {exc.msg}", path, exc.lineno)]
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            continue
        marks = {}
        for deco in node.decorator_list:
            if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute) and deco.func.attr in ("function", "points", "vectorised"):
                marks[deco.func.attr] = deco
        if "vectorised" in marks:  # a vectorisation check: scored by the manifest's `vectorised` table (_vectorisation_problems)
            if "points" in marks:
                problems.append(InputError(f"check {node.name} is a vectorisation check: its points are the manifest's "
                                           "(`vectorised = {{ name = points }}` in its module), so remove @checks.points", path, node.lineno))
            continue
        if "function" not in marks:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test") and "points" in marks:
                problems.append(InputError(f"check {node.name} has points but no @checks.function(name)", path, node.lineno))
            continue
        args = marks["function"].args
        if not args or not isinstance(args[0], ast.Constant) or not isinstance(args[0].value, str):
            problems.append(InputError("@checks.function needs the function's name as a string", path, node.lineno))
            continue
        found.setdefault(args[0].value, []).append(node.lineno)
        if isinstance(node, ast.FunctionDef) and "points" not in marks:
            problems.append(InputError(f"check {node.name} has no @checks.points(n)", path, node.lineno))
    return found, problems


def _collected_functions(course: Course) -> dict[Path, set[str]]:
    """Graded function of every check as pytest collects it, by check file.

    The marker scan above reads decorators only; pytest also sees markers given
    with `pytest.param(..., marks=...)` or on a class. Empty if the checks cannot
    be collected (the marker scan and the reference run say why).
    """
    from grader.harness.suite import suite_for

    try:
        suite = suite_for(course, include_hidden=course.has_hidden_checks)
    except Exception:  # noqa: BLE001 - reported elsewhere, with file and line
        return {}
    found: dict[Path, set[str]] = {}
    for collected in suite.checks:
        if collected.check.function:
            found.setdefault(collected.path, set()).add(collected.check.function)
    return found


def _check_coverage(course: Course) -> list[InputError]:
    problems: list[InputError] = []
    manifest_path = course.root / MANIFEST
    collected: dict[Path, set[str]] | None = None
    for spec in course.manifest.modules:
        for what, path in (("stub", course.exercises_dir / f"{spec.name}.py"), ("reference solution", course.reference_file(spec.name))):
            if not path.is_file() and (what == "stub" or course.solutions_dir.is_dir()):
                problems.append(InputError(f"{what} for module '{spec.name}' is missing: create it", path))
        for helper in spec.provided:
            if not course.provided_file(helper).is_file():
                problems.append(InputError(f"module '{spec.name}' lists provided helper '{helper}', but {helper}.py is not in exercises/", manifest_path))
        for fn in spec.hints:
            if fn not in spec.functions:
                problems.append(InputError(f"hints for '{spec.name}.{fn}', which is not a graded function of that module", manifest_path))
        sets = [("public", course.public_checks_dir)] + ([("hidden", course.hidden_checks_dir)] if course.has_hidden_checks else [])
        for label, directory in sets:
            path = directory / f"test_{spec.name}.py"
            if not path.is_file():
                problems.append(InputError(f"no {label} checks for module '{spec.name}': create {path.name}", directory))
                continue
            found, bad = _marker_calls(path)
            problems.extend(bad)
            if any(b.message.startswith("check file does not parse") for b in bad):
                continue  # that says it all: no "no check for ..." line per function
            if collected is None:
                collected = _collected_functions(course)
            also = collected.get(path.resolve(), set())  # markers the scan cannot see (pytest.param marks)
            for fn in sorted(also - set(found) - set(spec.functions)):
                problems.append(InputError(f"check marked for '{fn}' (in pytest.param marks), which is not a graded function of '{spec.name}' in the manifest", path))
            for fn in [fn for fn in spec.functions if fn not in found and fn not in also]:
                problems.append(InputError(f"{label} checks have no check for {spec.name}.{fn} (@checks.function(\"{fn}\"))", path))
            for fn, lines in found.items():
                if fn not in spec.functions:
                    problems.append(InputError(f"check marked for '{fn}', which is not a graded function of '{spec.name}' in the manifest", path, lines[0]))
    return problems + _vectorisation_problems(course)


def _vectorisation_problems(course: Course) -> list[InputError]:
    """The manifest's `vectorised` tables and the vectorisation checks must name the same functions.

    A listed function that no check measures would never get its note (or points); a
    check for a function the table does not list measures where the course did not ask
    for vectorised code, and is never shown.
    """
    from grader.harness.suite import suite_for

    try:
        suite = suite_for(course, include_hidden=course.has_hidden_checks)
    except Exception:  # noqa: BLE001 - the coverage scan and the reference run say why
        return []
    manifest_path = course.root / MANIFEST
    text = manifest_path.read_text(encoding="utf-8")
    problems: list[InputError] = []
    for spec in course.manifest.modules:
        measured: dict[str, object] = {}
        for collected in suite.checks:
            check = collected.check
            if check.kind == "vectorised" and check.module == spec.name and check.function:
                measured.setdefault(check.function, collected)
        for function in spec.vectorised if course.has_hidden_checks else ():  # a release has no hidden checks to measure
            if function not in measured:
                problems.append(InputError(
                    f"the manifest lists {spec.name}.{function} as vectorised, but no check measures it: add a check "
                    f"declared @checks.vectorised(\"{function}\") that calls checks.expect_vectorised (docs/checks.md)",
                    manifest_path, _vectorised_line(text, spec.name)))
        for function, collected in measured.items():
            if function in spec.functions and function not in spec.vectorised:
                problems.append(InputError(
                    f"check {collected.check.name} measures the vectorisation of {spec.name}.{function}, which the manifest's "
                    f"`vectorised` of '{spec.name}' does not list: add {function} = 0 (a note) or its points there, "
                    "or remove the check", collected.path))
    return problems


def _vectorised_line(text: str, module: str) -> int | None:
    """The line of a module's `vectorised = ...` in the manifest (else of its name)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(rf'^\s*name\s*=\s*"{re.escape(module)}"', line)), None)
    if start is None:
        return None
    for i in range(start + 1, len(lines)):
        if lines[i].strip().startswith("[[modules]]"):
            break
        if re.match(r"^\s*vectorised\s*=", lines[i]):
            return i + 1
    return start + 1


def _grade_as_submission(course: Course, file_of) -> list:
    """Grade, as one submission, the file `file_of(spec)` of every module that has one.

    The reference run and the stub run are the same grading of different files.
    """
    from grader.harness.runner import grade_exercises
    from grader.submission import write_modules

    sources = {spec.name: file_of(spec).read_text(encoding="utf-8") for spec in course.manifest.modules if file_of(spec).is_file()}
    if not sources:
        return []
    with tempfile.TemporaryDirectory(prefix="grade-validate-") as tmp:
        write_modules(Path(tmp), sources)
        return grade_exercises(course, Path(tmp), student="validate", hidden=course.has_hidden_checks, modules=list(sources))


def _reference_run(course: Course) -> list[InputError]:
    """The reference solutions must earn full marks on every check, public and hidden."""
    problems: list[InputError] = []
    for result in _grade_as_submission(course, lambda spec: course.reference_file(spec.name)):
        if result.status != "passed":
            module = result.id.split(".", 1)[0]
            problems.append(
                InputError(f"the reference {result.id} does not pass its own checks ({result.status}): {result.feedback.splitlines()[0] if result.feedback else ''}", course.reference_file(module))
            )
    return problems


def _stub_run(course: Course) -> list[InputError]:
    """The stubs must earn nothing: a check that passes without the student's code proves nothing."""
    problems: list[InputError] = []
    for result in _grade_as_submission(course, lambda spec: course.exercises_dir / f"{spec.name}.py"):
        if result.score > 1e-12:
            module = result.id.split(".", 1)[0]
            problems.append(InputError(
                f"the stub earns {result.score:g} of {result.max_score:g} points in {result.id}: "
                "some check passes without the student's code", course.exercises_dir / f"{module}.py"))
    return problems


def _variant_source(variant) -> str:
    """The variant's own source without its decorators: what a student who made the mistake would have written."""
    source = textwrap.dedent(inspect.getsource(variant))
    node = ast.parse(source).body[0]
    return "\n".join(source.splitlines()[node.lineno - 1:]) + "\n"


def _mistake_run(course: Course) -> tuple[list[InputError], str | None]:
    """Every listed mistake must be caught, named, and charged to its own function only.

    Each one is graded as a student would submit it: the reference module with the
    variant's source appended (so it replaces the reference function), the course's
    other modules as their references, with the hidden checks. The collected suite
    (and its loaded catalogue) is reused, so each mistake costs one module's grading.
    """
    from grader.harness.runner import grade_exercises
    from grader.harness.suite import suite_for
    from grader.submission import write_modules

    suite = suite_for(course, include_hidden=True)
    problems = [InputError(exc.message, exc.path, exc.line) for exc in suite.mistake_errors.values()]
    listed = caught = named = 0
    with tempfile.TemporaryDirectory(prefix="grade-validate-") as tmp:
        for spec in course.manifest.modules:
            seen: set[str] = set()
            for entry in suite.mistakes.get(spec.name, []):
                listed += 1
                where = (entry.file or course.mistakes_file(spec.name), entry.line or None)
                if entry.function not in spec.functions:
                    problems.append(InputError(f"mistake '{entry.key}' is for {entry.function}(), which is not a graded function of '{spec.name}'", *where))
                    continue
                if entry.key in seen:
                    problems.append(InputError(f"mistake '{entry.key}' is listed twice: give each mistake of {entry.function}() its own id", *where))
                    continue
                seen.add(entry.key)
                if getattr(entry.variant, "__name__", "") != entry.function:
                    problems.append(InputError(f"the variant of mistake '{entry.key}' is named {getattr(entry.variant, '__name__', '?')}: "
                                               f"name it {entry.function} so that it replaces the reference's", *where))
                    continue
                try:
                    variant = _variant_source(entry.variant)
                except (OSError, TypeError, SyntaxError, IndexError) as exc:
                    problems.append(InputError(f"the source of mistake '{entry.key}' cannot be read: {exc}", *where))
                    continue
                sub = write_modules(Path(tmp) / f"{spec.name}-{listed}", {
                    other.name: course.reference_file(other.name).read_text(encoding="utf-8")
                    + ("\n\n" + variant if other.name == spec.name else "")
                    for other in course.manifest.modules if course.reference_file(other.name).is_file()})
                items = {r.id: r for r in grade_exercises(course, sub, student="validate", hidden=True, modules=[spec.name])}
                shutil.rmtree(sub, ignore_errors=True)
                item = items.get(f"{spec.name}.{entry.function}")
                if item is None or item.score >= item.max_score - 1e-9:
                    problems.append(InputError(f"mistake '{entry.key}' is not caught: {entry.function}() keeps full marks", *where))
                else:
                    caught += 1
                    if entry.message in item.feedback:
                        named += 1
                    else:
                        said = item.feedback.splitlines()[0] if item.feedback else ""
                        problems.append(InputError(f"mistake '{entry.key}' is caught but not named: the feedback of {entry.function}() is {said!r}", *where))
                for other_id, other in items.items():
                    if other_id != f"{spec.name}.{entry.function}" and other.score < other.max_score - 1e-9:
                        function = other_id.split(".", 1)[1]
                        said = other.feedback.splitlines()[0] if other.feedback else ""
                        problems.append(InputError(f"mistake '{entry.key}' is also charged to {function}(): {said}", *where))
    if not listed and not suite.mistake_errors:
        return problems, None
    percent = 100.0 * named / listed if listed else 0.0
    return problems, f"mistakes: {listed} listed, {caught} caught, {named} named ({percent:.0f}%)"


def validate_course(root: Path, *, run_reference: bool = True, prove_mistakes: bool = True,
                    notes: list[str] | None = None) -> list[InputError]:
    """All problems in the course at `root`; an empty list means it is ready.

    `prove_mistakes` grades every listed mistake (about a third of a second each on the
    real course); `notes` collects lines worth printing either way (the catalogue's summary).
    """
    from grader.quiz import validate_quizzes

    try:
        course = load_course(root)
    except InputError as exc:
        return [exc]
    from grader.release.public_checks import public_check_problems

    problems = list(validate_quizzes(course.quizzes_dir))
    problems += _check_coverage(course)
    unparsable = {(p.path, p.line) for p in problems if p.message.startswith("check file does not parse")}
    # Public checks ship to students: no reference, no solutions/ (a file that does not parse is said once).
    problems += [p for p in public_check_problems(course)
                 if not (p.message.startswith("public check file does not parse") and (p.path, p.line) in unparsable)]
    if run_reference and not problems and course.solutions_dir.is_dir():
        problems += _reference_run(course)
        problems += _stub_run(course)
        # A mistake is proved against the reference's full marks: with a wrong reference
        # or stub the proof means nothing (and would cost a grading per mistake).
        if prove_mistakes and not problems and course.mistakes_dir.is_dir():
            found, summary = _mistake_run(course)
            problems += found
            if summary and notes is not None:
                notes.append(summary)
    return problems


def slow_checks_note(root: Path) -> str | None:
    """Why the course's checks cannot run directly (suite.py) and go through pytest each time, if so.

    Not a problem, so not an error: such checks grade correctly, only more slowly
    (about 0.25 s more per submission), which matters for `grade batch` and `grade watch`.
    """
    from grader.harness.suite import suite_for

    try:
        course = load_course(root)
        suite = suite_for(course, include_hidden=course.has_hidden_checks)
    except Exception:  # noqa: BLE001 - validate_course has already said what is wrong
        return None
    if suite.direct:
        return None
    return (f"note: the checks run through pytest for every submission, which is slower: {suite.why_pytest} "
            "(the engine runs checks directly when they use only the student, reference, rng and seed "
            "fixtures and the function, points and parametrize markers; see docs/checks.md)")
