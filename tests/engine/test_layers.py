"""The layers import one way: the sandbox knows nothing of pytest, checks or courses.

grader/sandbox/ is the trust boundary (the worker, the protocol, the trusted side's
processes and sessions, isolation). The harness (grader/exercise/) builds on it; if the
sandbox imported the harness, pytest or the course model, a change there could change
what the boundary lets through. Each module is imported in a fresh interpreter, so
nothing an earlier test imported hides an import.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SANDBOX = Path(__file__).resolve().parents[2] / "grader" / "sandbox"
MODULES = sorted(p.stem for p in SANDBOX.glob("*.py") if p.stem != "__init__")
FORBIDDEN = ("pytest", "_pytest", "pluggy", "grader.exercise", "grader.course", "grader.quiz", "pydantic", "click")


@pytest.mark.parametrize("module", MODULES)
def test_importing_a_sandbox_module_imports_no_harness_pytest_or_course(module):
    code = (
        "import sys, importlib\n"
        f"importlib.import_module('grader.sandbox.{module}')\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} or any(m == f or m.startswith(f + '.') for f in {FORBIDDEN!r}))\n"
        "print(' '.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=SANDBOX.parents[1])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"grader.sandbox.{module} imports {out.stdout.strip()}"


def test_no_sandbox_module_names_the_harness_or_the_course_in_its_source():
    """Not even a lazy import inside a function: the source itself never names them."""
    for path in sorted(SANDBOX.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN), f"{path.name}:{node.lineno} imports {name}"


def test_the_grader_package_has_no_import_cycles_between_its_modules():
    """Every import of one grader module by another, at the top level or inside a function, forms no cycle."""
    root = SANDBOX.parent
    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = ".".join(parts[:-1])
        edges = graph.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                    targets = [target] + ([f"{target}.{a.name}" for a in node.names] if not node.module else [])
                else:
                    targets = [node.module or ""]
                    targets += [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            edges.update(t for t in targets if t.startswith("grader"))
    graph = {n: {e for e in edges if e in graph and e != n} for n, edges in graph.items()}
    # Only the sandbox's own cycles are this test's business; the rest of the grader is reported, not failed.
    cycles = _cycles({n: e for n, e in graph.items() if n.startswith("grader.sandbox")})
    assert cycles == [], cycles
    assert not any(e.startswith(("grader.exercise", "grader.course")) for n, es in graph.items()
                   if n.startswith("grader.sandbox") for e in es)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node, stack):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found
