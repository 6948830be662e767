"""Public checks ship to students, so they must stand on their own.

A public check holds its expected values written out. One that imports a
reference solution, asks for the `reference` fixture or opens a file under
`solutions/` would either fail in a student's copy or carry a secret into it;
`grade release` refuses such a course and `grade validate` reports it. The
files are read, never imported.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from grader.course import Course
from grader.errors import InputError

_SOLUTIONS_PATH = re.compile(r"(?:^|[/\\])solutions(?:[/\\]|$)")


def public_check_files(course: Course) -> list[Path]:
    """Every Python file under the public checks directory (check modules and their helpers)."""
    directory = course.public_checks_dir
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*.py") if "__pycache__" not in p.parts)


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings or bare string statements (documentation)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            found.add(id(node.value))
    return found


def public_check_problems(course: Course) -> list[InputError]:
    """Each way a public check depends on the instructor's side, with file and line."""
    references = {spec.name for spec in course.manifest.modules}
    files = public_check_files(course)
    public_helpers = {p.stem for p in files}
    hidden_helpers = {p.stem for p in course.hidden_checks_dir.glob("*.py")
                      if not p.name.startswith("test_") and p.stem not in public_helpers} if course.has_hidden_checks else set()
    problems: list[InputError] = []
    for path in files:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as exc:
            problems.append(InputError(f"public check file does not parse: {exc.msg}", path, exc.lineno))
            continue
        docs = _docstring_nodes(tree)
        for node in ast.walk(tree):
            line = getattr(node, "lineno", None)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for name in names:
                    root = name.split(".")[0]
                    if root == "solutions":
                        problems.append(InputError(f"a public check imports {name}: public checks ship to students "
                                                   "and must not use solutions/ (write the expected values out)", path, line))
                    elif root in references and getattr(node, "level", 0) == 0:
                        problems.append(InputError(f"a public check imports {root!r}, which on the grader's side is the "
                                                   "reference solution; write the expected values out instead", path, line))
                    elif root in hidden_helpers and getattr(node, "level", 0) == 0:
                        problems.append(InputError(f"a public check imports {root!r}, a helper of the hidden checks "
                                                   "(solutions/checks/), which a student release does not have", path, line))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
                if "reference" in names:
                    problems.append(InputError(f"public check {node.name} uses the `reference` fixture: public checks ship "
                                               "to students without solutions/; move it to solutions/checks/ or write the "
                                               "expected values out", path, node.lineno))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "getfixturevalue":
                if node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == "reference":
                    problems.append(InputError("a public check asks for the `reference` fixture (getfixturevalue)", path, line))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                if _SOLUTIONS_PATH.search(node.value) or node.value == "solutions":
                    problems.append(InputError("a public check names a path under solutions/, which a student "
                                               "release does not have", path, line))
    return problems
