"""The grader's modules import one way: no cycles, and every layer only imports the layers below it.

Why statically, with `ast`, and not by importing: an import inside a function runs only when
that function does, so no import-time check sees it, yet it ties the two modules together just
as firmly (a cycle hidden in a function is still a cycle: neither module can move or be tested
without the other). So every import counts as an edge wherever it is written: at the top of a
module, inside a function, and the lazy tables that packages hand to `importlib.import_module`
(`_EXPORTS`, the CLI's `COMMANDS`, the report formats). Only imports under `if TYPE_CHECKING:`
are not edges: they never run, they exist for type checkers.

The layers, from the bottom (docs: /work/shared/design.md, "Layout"):

    sandbox     the trust boundary; knows nothing of pytest, checks or courses
    harness     collects and runs checks on top of the sandbox
    checks      the public API course checks import (re-exports only)
    reports     render one outcome
    cli, batch, quiz, release  the commands and what only they need

Course content (solutions/, exercises/checks/) imports nothing of the grader but
grader.checks, so the engine can move its modules without touching a course.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GRADER = ROOT / "grader"

# Imports left out of the cycle check, each with the reason. Keep this empty: a cycle is broken by
# moving the name both modules need down a layer, not by listing it here. The two below are in the
# harness, which another change was rewriting when the rest was untangled; each names its fix.
EXEMPT_EDGES: dict[tuple[str, str], str] = {}  # (importer, imported) -> why this edge may close a cycle; keep it empty


# ---------------------------------------------------------------------------------------
# The graph
# ---------------------------------------------------------------------------------------

def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def grader_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(GRADER.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of `tree` except those under `if TYPE_CHECKING:` (its `else:` still counts)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _package_of(name: str, is_package: bool) -> str:
    return name if is_package else name.rpartition(".")[0]


def imports_of(path: Path, name: str, known: set[str]) -> dict[str, int]:
    """The modules in `known` that the module `name` (file `path`) imports, each with a line that does.

    `from a import b` is an edge to a.b when a.b is a module, else to a. `import a.b` is an edge
    to a.b only: the parent packages' __init__ run too, but an edge to every parent would make
    every package that lazily dispatches to its submodules a cycle.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _package_of(name, path.name == "__init__.py")
    edges: dict[str, int] = {}

    def add(target: str, line: int) -> None:
        if target in known and target != name:
            edges.setdefault(target, line)

    dynamic = False
    prefixes = {name, package}
    for node in _nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                if f"{module}.{alias.name}" in known:
                    add(f"{module}.{alias.name}", node.lineno)
                else:
                    add(module, node.lineno)
        elif isinstance(node, ast.Call) and _calls_import_module(node.func) and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                add(arg.value, node.lineno)
            else:
                dynamic = True
                if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
                    # f"grader.reports.{fmt}": any module directly under that prefix
                    prefix = str(arg.values[0].value).rstrip(".")
                    prefixes.add(prefix)
                    for module in sorted(known):
                        if module.startswith(prefix + ".") and "." not in module[len(prefix) + 1:]:
                            add(module, node.lineno)
    if dynamic:
        # A lazy table: the module imports whatever its strings name (a module, or one relative to it).
        for node in _nodes(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for candidate in [node.value] + [f"{p}.{node.value}" for p in prefixes]:
                    add(candidate, node.lineno)
    return edges


def _calls_import_module(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id == "import_module")


def import_graph() -> dict[str, dict[str, int]]:
    modules = grader_modules()
    known = set(modules)
    return {name: imports_of(path, name, known) for name, path in modules.items()}


def cycles(graph: dict[str, dict[str, int]], limit: int = 200) -> list[list[str]]:
    """Every elementary cycle (at most `limit`), each starting at its smallest module, sorted.

    Tarjan's algorithm finds the strongly connected components; within each (they are small),
    a depth-first search from every module finds the cycles through it and larger modules only,
    so each cycle is found once.
    """
    found: list[list[str]] = []
    for component in components(graph):
        members = set(component)
        for start in component:
            stack = [(start, [start])]
            while stack and len(found) < limit:
                node, path = stack.pop()
                for child in sorted(graph[node], reverse=True):
                    if child == start:
                        found.append(path + [start])
                    elif child in members and child > start and child not in path:
                        stack.append((child, path + [child]))
    return sorted(found)


def components(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of two or more modules (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0

    def enter(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)

    for root in sorted(graph):
        if root in index:
            continue
        enter(root)
        work = [(root, iter(sorted(graph.get(root, ()))))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    enter(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def describe(graph: dict[str, dict[str, int]], cycle: list[str]) -> str:
    return " -> ".join(
        f"{a} (line {graph[a][b]})" for a, b in zip(cycle, cycle[1:])) + f" -> {cycle[-1]}"


# ---------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------

GRAPH = import_graph()


def within(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def test_the_graph_sees_imports_wherever_they_are_written(tmp_path):
    """The builder itself, on a small package: relative, in-function, `from pkg import submodule`, lazy tables."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "pkg/__init__.py": "def f():\n    from pkg.a import x\n",
        "pkg/a.py": "from . import b\nfrom .sub.c import y\nimport pkg.d as d\n",
        "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\nelse:\n    import pkg.e\n",
        "pkg/sub/__init__.py": "import importlib\n_EXPORTS = {'y': 'c'}\n"
                               "def __getattr__(n):\n    return importlib.import_module(f'{__name__}.{_EXPORTS[n]}')\n",
        "pkg/sub/c.py": "import importlib\ndef g():\n    return importlib.import_module('pkg.d')\n",
        "pkg/d.py": "from pkg import sub\nfrom pkg import __version__\n",
        "pkg/e.py": "import importlib\ndef h(n):\n    return importlib.import_module(f'pkg.sub.{n}')\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).write_text(text)
    names = {module_name(tmp_path / rel, tmp_path): tmp_path / rel for rel in files}
    graph = {n: imports_of(p, n, set(names)) for n, p in names.items()}
    assert set(graph["pkg"]) == {"pkg.a"}                      # inside a function
    assert set(graph["pkg.a"]) == {"pkg.b", "pkg.sub.c", "pkg.d"}  # relative, submodule, dotted
    assert set(graph["pkg.b"]) == {"pkg.e"}                    # TYPE_CHECKING is not an edge, its else is
    assert set(graph["pkg.sub"]) == {"pkg.sub.c"}              # a lazy table
    assert set(graph["pkg.sub.c"]) == {"pkg.d"}                # import_module("constant")
    assert set(graph["pkg.d"]) == {"pkg.sub", "pkg"}           # a submodule, and a name of the package
    assert set(graph["pkg.e"]) == {"pkg.sub.c"}                # every module an f-string prefix can name
    assert cycles(graph) == [["pkg", "pkg.a", "pkg.b", "pkg.e", "pkg.sub.c", "pkg.d", "pkg"],
                             ["pkg", "pkg.a", "pkg.d", "pkg"],
                             ["pkg", "pkg.a", "pkg.sub.c", "pkg.d", "pkg"],
                             ["pkg.d", "pkg.sub", "pkg.sub.c", "pkg.d"]]
    assert components(graph) == [["pkg", "pkg.a", "pkg.b", "pkg.d", "pkg.e", "pkg.sub", "pkg.sub.c"]]
    two = {"a": {"b": 1, "c": 1}, "b": {"a": 1}, "c": {"a": 1, "b": 1}}      # three cycles in one component
    assert cycles(two) == [["a", "b", "a"], ["a", "c", "a"], ["a", "c", "b", "a"]]
    assert describe(graph, ["pkg", "pkg.a", "pkg.d", "pkg"]).startswith("pkg (line 2) -> pkg.a (line 3)")


def test_no_import_cycles_between_grader_modules():
    graph = {name: {t: line for t, line in edges.items() if (name, t) not in EXEMPT_EDGES}
             for name, edges in GRAPH.items()}
    found = cycles(graph)
    assert found == [], "import cycles (each: module (line of the import) -> ...):\n" + "\n".join(
        describe(graph, c) for c in found)


def test_every_exempt_import_still_exists():
    """An exemption outlives its import only by mistake: once the import is gone, drop its line."""
    assert [edge for edge in EXEMPT_EDGES if edge[1] not in GRAPH.get(edge[0], {})] == []


# layer -> what it must never import, with the reason
FORBIDDEN: dict[str, tuple[tuple[str, ...], str]] = {
    "grader.sandbox": (
        ("grader.harness", "grader.checks", "grader.exercise", "grader.reports", "grader.cli", "grader.batch",
         "grader.quiz", "grader.course", "grader.release", "grader.classreport", "grader.grading"),
        "the trust boundary knows nothing of checks, reports or courses"),
    "grader.harness": (
        ("grader.reports", "grader.cli", "grader.batch", "grader.release", "grader.classreport"),
        "the harness runs checks; who shows or collects the results is above it"),
    "grader.checks": (
        ("grader.harness", "grader.reports", "grader.cli", "grader.batch", "grader.quiz", "grader.release",
         "grader.classreport", "grader.grading"),
        "the public check API re-exports helpers; it never reaches into the harness that runs it"),
    "grader.exercise": (
        ("grader.harness", "grader.checks", "grader.reports", "grader.cli", "grader.batch", "grader.release", "grader.classreport"),
        "the helpers checks use sit under the harness and the public API"),
    "grader.reports": (
        ("grader.cli", "grader.batch", "grader.release"),
        "reports render an outcome; the commands choose which"),
    "grader.quiz": (
        ("grader.cli", "grader.batch", "grader.release", "grader.harness", "grader.sandbox"),
        "quizzes are graded without the exercise machinery or the commands"),
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_the_layers_below_it(layer):
    forbidden, why = FORBIDDEN[layer]
    bad = [f"{name} imports {target} (line {line})"
           for name, edges in sorted(GRAPH.items()) if within(name, layer)
           for target, line in sorted(edges.items()) if within(target, *forbidden)]
    assert bad == [], f"{layer}: {why}:\n" + "\n".join(bad)


def course_files() -> list[Path]:
    return sorted((ROOT / "solutions").rglob("*.py")) + sorted((ROOT / "exercises" / "checks").rglob("*.py"))


@pytest.mark.parametrize("path", course_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_course_content_imports_only_the_public_check_api(path):
    known = set(grader_modules()) | {"grader"}
    edges = imports_of(path, module_name(path), known)
    bad = [f"{target} (line {line})" for target, line in sorted(edges.items()) if target not in ("grader.checks",)]
    assert bad == [], f"{path.relative_to(ROOT)} imports engine internals (only grader.checks is public): {', '.join(bad)}"
