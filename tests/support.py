"""Shared helpers for the project's tests: build submissions, grade them for real.

Every grading here goes through the real engine and the real worker process.
"""

from __future__ import annotations

import ast
from pathlib import Path

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
    from grader.exercise.runner import grade_exercises

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
