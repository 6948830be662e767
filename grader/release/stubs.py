"""A release ships stubs, never solutions: every graded function of `exercises/<module>.py` must be a stub.

The course repository is where instructors work the exercises (the README invites
it), so the file a release would copy may hold a solved function. `grade release`
reads each assignment's module with `ast` (never imports it) and refuses, naming
the file, line and function, unless every graded function (the manifest's
`functions`) is defined once, at the top level, as a stub.

A stub is what the course's templates look like:

    def linear_forward(A, W, b):
        \"\"\"docstring\"\"\"                       # optional
        parameters = {}                         # the template's own set-up lines, optional
        # YOUR CODE HERE (2 lines)              # at least one marker
        # comments, further markers             # nothing but comments and blank lines...
        raise NotImplementedError("...")        # ...down to this, the last statement

that is: the function's last statement is `raise NotImplementedError(...)`, and
no statement stands between its first `# YOUR CODE HERE` comment and that raise.
Lines above the first marker are the template's (course-given set-up such as
`caches = []`); whatever a student (or an instructor working the exercise) writes
goes where the marker is, which is exactly what this rule rejects. A function
bound again later in the module (a second `def`, an assignment, an import of the
same name, or a `*` import after the stubs) is refused too: the last binding is
the one students would get.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from grader.course import Course

MARKER = re.compile(r"#\s*YOUR CODE HERE\b", re.IGNORECASE)


@dataclass(frozen=True)
class StubProblem:
    path: Path
    line: int | None
    function: str
    message: str


def _marker_lines(source: str) -> list[int]:
    """Line numbers of `# YOUR CODE HERE` comments (real comments, not text inside strings)."""
    lines = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT and MARKER.match(tok.string):
                lines.append(tok.start[0])
    except (tokenize.TokenError, SyntaxError):
        pass
    return lines


def _is_not_implemented_raise(node: ast.stmt) -> bool:
    if not isinstance(node, ast.Raise) or node.exc is None or node.cause is not None:
        return False
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _bound_names(node: ast.stmt) -> set[str]:
    """Names a top-level statement binds (def, class, assignment, import)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {"*" if a.name == "*" else (a.asname or a.name).split(".")[0] for a in node.names}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    names = set()
    for target in targets:
        names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def why_not_a_stub(func: ast.FunctionDef | ast.AsyncFunctionDef, markers: list[int]) -> str | None:
    """None if `func` is a stub (see the module docstring), else what gives it away."""
    if isinstance(func, ast.AsyncFunctionDef):
        return "is an async function, not the course's stub"
    if func.decorator_list:
        return "is decorated; a stub is a plain function"
    body = func.body
    last = body[-1]
    if not _is_not_implemented_raise(last):
        return "is not a stub (it does not end with `raise NotImplementedError(...)`): it looks solved"
    end = func.end_lineno or last.lineno
    inside = [n for n in markers if func.lineno <= n <= end]
    if not inside:
        return "has no `# YOUR CODE HERE` comment before its `raise NotImplementedError(...)`"
    first_marker = inside[0]
    if last.lineno < first_marker:
        return "raises NotImplementedError before its `# YOUR CODE HERE` comment"
    written = [stmt for stmt in body[:-1] if (stmt.end_lineno or stmt.lineno) >= first_marker]
    if written:
        return (f"has code at its `# YOUR CODE HERE` place (line {written[0].lineno}): it looks solved; "
                "the stub raises NotImplementedError there")
    return None


def all_stubs(source: str, functions) -> bool:
    """Whether every one of `functions` that `source` defines is still the course's stub.

    A student's file that is all stubs holds none of their work: a submission grades
    their notebook instead (submission.py). Source that does not parse is not all stubs.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    markers = _marker_lines(source)
    graded = set(functions)
    return all(why_not_a_stub(node, markers) is None for node in tree.body
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in graded)


def stub_problems(course: Course) -> list[StubProblem]:
    """Every graded function of the course's exercise modules that is not a stub (in file order)."""
    out: list[StubProblem] = []
    for module in course.manifest.modules:
        path = course.provided_file(module.name)
        if not path.is_file():
            continue  # build_release says it is missing
        source = path.read_text(encoding="utf-8-sig")
        try:
            tree = ast.parse(source, filename=str(path))
        except SyntaxError as exc:
            out.append(StubProblem(path, exc.lineno, "", f"is not valid Python: {exc.msg}"))
            continue
        markers = _marker_lines(source)
        graded = set(module.functions)
        seen: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        for node in tree.body:
            for name in _bound_names(node) & (graded | {"*"}):
                if name == "*":
                    if seen:  # before the stubs it is the course's own (`from dnn_app_utils import *`); the defs win
                        out.append(StubProblem(path, node.lineno, "", "imports * after a graded function's stub, which "
                                                                      "may rebind it: import names explicitly"))
                elif name in seen or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out.append(StubProblem(path, node.lineno, name, "is bound again after its stub: "
                                                                    "a release ships the stub alone"))
                else:
                    seen[name] = node  # type: ignore[assignment]
        for name in module.functions:
            func = seen.get(name)
            if func is None:
                out.append(StubProblem(path, None, name, "is not defined at the top level of the stub module"))
                continue
            why = why_not_a_stub(func, markers)
            if why:
                out.append(StubProblem(path, func.lineno, name, why))
    return sorted(out, key=lambda p: (str(p.path), p.line or 0))
