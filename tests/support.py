"""Shared helpers for the project's tests: build submissions, grade them for real.

Every grading here goes through the real engine and the real worker process.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = Path(__file__).resolve().parent / "mutants"


def reference_source(module: str) -> str:
    return (ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")


def stub_source(module: str) -> str:
    return (ROOT / "exercises" / f"{module}.py").read_text(encoding="utf-8")


def write_submission(directory: Path, modules: dict[str, str], answers: dict[str, str] | None = None) -> Path:
    """A submission directory with `exercises/<module>.py` files and answer sheets."""
    (directory / "exercises").mkdir(parents=True, exist_ok=True)
    for name, source in modules.items():
        (directory / "exercises" / f"{name}.py").write_text(source, encoding="utf-8")
    if answers:
        (directory / "answers").mkdir(exist_ok=True)
        for quiz, text in answers.items():
            (directory / "answers" / f"{quiz}.toml").write_text(text, encoding="utf-8")
    return directory


def grade_modules(submission: Path, modules: list[str], *, student: str = "tester", hidden: bool = True, limits: dict | None = None):
    """Grade only the exercise modules named, through the real engine; {item id: ItemResult}."""
    from grader.course import load_course
    from grader.harness.runner import grade_exercises

    course = load_course(ROOT)
    results = grade_exercises(
        course,
        submission,
        student=student,
        hidden=hidden,
        modules=modules,
        limits=limits,
    )
    return {r.id: r for r in results}


# ---------------------------------------------------------------- mutants

class Mutant:
    """A realistic variant of one reference module, kept as a small file.

    The file holds only the function(s) that differ from the reference plus a
    module docstring (what the mistake is) and `TARGET`: the function that must
    lose points, or None for a correct variant that must keep full marks.
    The submission is the reference source with the mutant's definitions appended,
    so later definitions replace the reference ones.
    """

    def __init__(self, path: Path):
        self.path = path
        self.module = path.parent.name
        self.source = path.read_text(encoding="utf-8")
        tree = ast.parse(self.source)
        self.description = (ast.get_docstring(tree) or "").strip().splitlines()[0] if ast.get_docstring(tree) else ""
        target = None
        found = False
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "TARGET" for t in node.targets):
                target = ast.literal_eval(node.value)
                found = True
        if not found:
            raise ValueError(f"{path}: mutant without TARGET")
        self.target: str | None = target

    @property
    def name(self) -> str:
        return f"{self.module}/{self.path.stem}"

    def submission_source(self) -> str:
        return reference_source(self.module) + "\n\n# ---- mutant: " + self.path.stem + " ----\n" + self.source


def mutants(module: str) -> list[Mutant]:
    return [Mutant(p) for p in sorted((MUTANTS / module).glob("*.py")) if not p.name.startswith("_")]


# ---------------------------------------------------------------- the mutant-catalogue harness

def course_functions(module: str) -> list[str]:
    """The graded functions of `module`, in manifest order."""
    from grader.course import load_course

    return list(load_course(ROOT).module(module).functions)


def summary(items: dict) -> str:
    return "\n".join(f"  {fn}: {it.score:g}/{it.max_score:g} {it.status} {it.feedback[:300]!r}" for fn, it in items.items())


class MutantHarness:
    """What tests/test_mutants_*.py check about a group of modules graded together.

    A submission holds every module of the group: the reference unless replaced. A
    mutant with a TARGET must lose points in that function and keep full marks
    everywhere else (blame isolation); a correct variant (TARGET = None) must keep
    full marks in every function. The reference earns full marks, the stubs none.
    """

    def __init__(self, modules: tuple[str, ...]):
        self.modules = modules
        self.catalogue = [m for module in modules for m in mutants(module)]

    def submission(self, tmp_path: Path, replace: dict[str, str] | None = None) -> Path:
        """All modules of the group, the reference unless `replace` gives another source."""
        modules = {m: reference_source(m) for m in self.modules}
        modules.update(replace or {})
        return write_submission(tmp_path / "submission", modules)

    @staticmethod
    def items(results: dict, module: str) -> dict:
        """{function: ItemResult} for every graded function of `module` (all must be there)."""
        items = {fn: results.get(f"{module}.{fn}") for fn in course_functions(module)}
        missing = [fn for fn, item in items.items() if item is None]
        assert not missing, f"no result for {module}.{missing}"
        return items

    def check_catalogue(self, *, wrong_at_least: int, right_at_least: int) -> None:
        """Enough mistakes and correct variants, each described, every function a target."""
        wrong = [m for m in self.catalogue if m.target is not None]
        right = [m for m in self.catalogue if m.target is None]
        assert len(wrong) >= wrong_at_least, [m.name for m in wrong]
        assert len(right) >= right_at_least, [m.name for m in right]
        for mutant in self.catalogue:
            assert mutant.description, f"{mutant.name}: the docstring must say what the mistake is"
            if mutant.target is not None:
                assert mutant.target in course_functions(mutant.module), f"{mutant.name}: unknown TARGET {mutant.target!r}"
                assert f"def {mutant.target}(" in mutant.source, f"{mutant.name} does not redefine {mutant.target}"
        for module in self.modules:
            targets = {m.target for m in wrong if m.module == module}
            assert targets == set(course_functions(module)), \
                f"{module}: functions without a mutant: {set(course_functions(module)) - targets}"

    def check_reference_full_marks(self, tmp_path: Path) -> None:
        results = grade_modules(self.submission(tmp_path), list(self.modules))
        for module in self.modules:
            items = self.items(results, module)
            for fn, item in items.items():
                assert item.max_score > 0, f"{module}.{fn} has no checks\n{summary(items)}"
                assert item.score == pytest.approx(item.max_score) and item.status == "passed", \
                    f"reference loses points in {module}.{fn}\n{summary(items)}"

    def check_reference_public_checks_alone(self, tmp_path: Path) -> None:
        """What a student runs without solutions/: the public checks need no reference."""
        results = grade_modules(self.submission(tmp_path), list(self.modules), hidden=False)
        for module in self.modules:
            items = self.items(results, module)
            for fn, item in items.items():
                assert item.max_score > 0 and item.score == pytest.approx(item.max_score) and item.status == "passed", \
                    f"public checks: reference loses points in {module}.{fn}\n{summary(items)}"

    def check_stubs_score_zero(self, tmp_path: Path) -> None:
        stubs = {m: stub_source(m) for m in self.modules}
        results = grade_modules(self.submission(tmp_path, stubs), list(self.modules))
        for module in self.modules:
            items = self.items(results, module)
            for fn, item in items.items():
                assert item.score == 0, f"the stub earns points in {module}.{fn}\n{summary(items)}"
                assert item.max_score > 0, f"{module}.{fn}: the stub's checks did not count\n{summary(items)}"
                assert item.status != "passed", f"{module}.{fn}\n{summary(items)}"
                assert item.feedback, f"{module}.{fn}: a failing stub gets no feedback"

    def check_mutant(self, mutant: Mutant, tmp_path: Path) -> None:
        """The mutant loses points in its TARGET only (nowhere if it is a correct variant)."""
        submission = self.submission(tmp_path, {mutant.module: mutant.submission_source()})
        items = self.items(grade_modules(submission, [mutant.module]), mutant.module)
        for fn, item in items.items():
            if fn == mutant.target:
                assert item.score < item.max_score, f"{mutant.name} ({mutant.description}) is not caught\n{summary(items)}"
                assert item.status != "passed" and item.feedback, f"{mutant.name}\n{summary(items)}"
            else:
                assert item.max_score > 0 and item.score == pytest.approx(item.max_score) and item.status == "passed", (
                    f"{mutant.name} ({mutant.description}) costs points in {fn}"
                    + (" (a correct variant)" if mutant.target is None else f", not only in {mutant.target}")
                    + f"\n{summary(items)}")
