"""A release ships each assignment as a notebook too (grader/release/notebooks.py).

The notebooks are built from the stub modules, so: they validate, their graded cells
are the stub's functions line for line (and define exactly the graded functions, with
the stub's signatures), they run in a real Jupyter kernel up to the check cell, a
student's correct code fits in them, and the same release gives the same bytes.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import os
import re
import sys
import types
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

from support import ROOT  # noqa: E402

MARKER = re.compile(r"# GRADED FUNCTION: ([A-Za-z_][A-Za-z0-9_]*)\n")
FAITHFUL = ROOT / "tests" / "faithful" / "edition_2021"


def _notebook(out: Path, module: str):
    return nbformat.read(out / "exercises" / f"{module}.ipynb", as_version=4)


def _graded_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and MARKER.match(c.source)]


def _imports_cell(nb):
    return next(c for c in nb.cells if c.cell_type == "code")


def _functions(source: str) -> dict[str, str]:
    """{name: source lines} of the top-level functions of a module's text."""
    lines = source.splitlines()
    return {node.name: "\n".join(lines[node.lineno - 1:node.end_lineno])
            for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}


@pytest.fixture
def isolated_imports():
    """Put nothing of the release on sys.path or in sys.modules for longer than one test."""
    path, modules = list(sys.path), set(sys.modules)
    yield
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        del sys.modules[name]


def _define(nb, exercises: Path, tag: str) -> dict[str, types.FunctionType]:
    """Exec the imports cell, then the graded cells, in a fresh namespace: the functions the graded cells define."""
    sys.path.insert(0, str(exercises))
    namespace: dict = {"__name__": f"notebook_{tag}"}
    exec(compile(_imports_cell(nb).source, f"<{tag} imports>", "exec"), namespace)
    for index, cell in enumerate(_graded_cells(nb)):
        exec(compile(cell.source, f"<{tag} graded cell {index}>", "exec"), namespace)
    return {name: value for name, value in namespace.items()
            if isinstance(value, types.FunctionType) and value.__code__.co_filename.startswith(f"<{tag} graded cell")}


# ---------------------------------------------------------------- what the notebooks hold

def test_every_assignment_has_a_valid_notebook_beside_its_stub(release):
    out, summary = release
    for module in summary.modules:
        assert f"exercises/{module}.py" in summary.files and f"exercises/{module}.ipynb" in summary.files
        nb = _notebook(out, module)
        nbformat.validate(nb)
        assert (nb.nbformat, nb.nbformat_minor) >= (4, 5)
        assert [c.id for c in nb.cells] == [f"{module}-{i:02d}" for i in range(len(nb.cells))]
        assert nb.metadata.kernelspec.name == "python3"
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


def test_the_cells_follow_the_course(release, course):
    out, _ = release
    for module in course.manifest.modules:
        nb = _notebook(out, module.name)
        stub = course.provided_file(module.name).read_text(encoding="utf-8")
        intro = nb.cells[0]
        assert intro.cell_type == "markdown" and intro.source.startswith(f"# {module.title}\n")
        body = ast.get_docstring(ast.parse(stub))
        assert body.split("\n\n")[-1].strip() in intro.source  # the instructions are the module's docstring
        imports = _imports_cell(nb)
        assert nb.cells.index(imports) == 1
        for node in ast.parse(stub).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                assert ast.get_source_segment(stub, node) in imports.source
        graded = _graded_cells(nb)
        assert [MARKER.match(c.source).group(1) for c in graded] == [n for n in _functions(stub) if n in module.functions]
        assert sorted(MARKER.match(c.source).group(1) for c in graded) == sorted(module.functions)
        stub_functions = _functions(stub)
        for cell in graded:
            name = MARKER.match(cell.source).group(1)
            assert cell.source == f"# GRADED FUNCTION: {name}\n\n{stub_functions[name]}"  # the stub, exactly
            assert "# YOUR CODE HERE" in cell.source and "raise NotImplementedError" in cell.source
            explain = nb.cells[nb.cells.index(cell) - 1]
            assert explain.cell_type == "markdown" and name in explain.source.splitlines()[0]
        assert nb.cells[-1].cell_type == "code"
        assert nb.cells[-1].source == f'from grader import check\ncheck("{module.name}")'


def test_graded_cells_define_exactly_the_stub_functions(release, course, isolated_imports):
    out, _ = release
    exercises = out / "exercises"
    for module in course.manifest.modules:
        defined = _define(_notebook(out, module.name), exercises, module.name)
        assert sorted(defined) == sorted(module.functions)
        spec = importlib.util.spec_from_file_location(f"stub_{module.name}", exercises / f"{module.name}.py")
        stub = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(stub)
        for name, function in defined.items():
            assert inspect.signature(function) == inspect.signature(getattr(stub, name)), f"{module.name}.{name}"
            assert inspect.getdoc(function) == inspect.getdoc(getattr(stub, name))


def test_helpers_that_are_not_graded_become_plain_cells():
    from grader.course import ModuleSpec
    from grader.release.notebooks import build_notebook

    source = '''"""A tiny assignment.

Do it.
"""

import numpy as np

SCALE = 2


# a helper, given
def helper(x):
    return x * SCALE


def graded(x):
    """Double x."""
    # YOUR CODE HERE
    raise NotImplementedError("graded")


if __name__ == "__main__":
    print(graded(2))
'''
    nb = build_notebook(ModuleSpec(name="tiny", title="A tiny assignment", week=1, functions=["graded"]), source)
    nbformat.validate(nb)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code[0] == "import numpy as np"
    assert code[1] == "SCALE = 2\n\n\n# a helper, given\ndef helper(x):\n    return x * SCALE"
    assert code[2].startswith("# GRADED FUNCTION: graded\n\ndef graded(x):")
    assert code[-1] == 'from grader import check\ncheck("tiny")'
    assert len(code) == 4 and "__main__" not in "".join(code)  # a script's entry point would run in the kernel
    assert nb.cells[0].source.endswith("\n\nDo it.")  # the docstring's first paragraph repeats the title


def test_a_notebook_is_deterministic(course):
    from grader.release.notebooks import release_notebooks

    first, again = release_notebooks(course), release_notebooks(course)
    assert first == again
    assert all(b.endswith(b"}\n") for b in first.values())


# ---------------------------------------------------------------- in a real kernel

def _run(nb, cwd: Path, env: dict, timeout: int = 120):
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    return client.execute(env=env)


def _kernel_env(out: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(out)  # the release's own engine, as a student's kernel would have it after `pip install -e .`
    return env


def test_a_notebook_runs_in_a_kernel_up_to_its_check(release, course):
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    out, _ = release
    for module in course.manifest.modules:
        nb = _notebook(out, module.name)
        assert nb.cells[-1].source.startswith("from grader import check")
        nb.cells = nb.cells[:-1]
        _run(nb, out / "exercises", _kernel_env(out))  # raises CellExecutionError if a cell fails
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not [o for o in cell.outputs if o.output_type == "error"], (module.name, cell.source[:60])


def test_the_check_cell_runs_in_a_kernel(release):
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    try:
        from grader import check  # noqa: F401  (the notebook API: `from grader import check; check("deep_nn")`)
    except ImportError:
        pytest.skip("grader.check (the notebook API) is not in this tree: the check cell runs once it is merged")
    out, _ = release
    nb = _notebook(out, "numpy_basics")
    _run(nb, out / "exercises", _kernel_env(out), timeout=300)
    last = nb.cells[-1]
    assert not [o for o in last.outputs if o.output_type == "error"]
    assert last.outputs, "check() shows the report inline"


# ---------------------------------------------------------------- a student's work fits

def test_correct_code_fills_the_graded_cells(release, course, isolated_imports, tmp_path):
    from grader.release.notebooks import notebook_bytes
    from grader.release.stubs import _marker_lines, why_not_a_stub

    out, _ = release
    for module in course.manifest.modules:
        faithful = _functions((FAITHFUL / f"{module.name}.py").read_text(encoding="utf-8"))
        nb = _notebook(out, module.name)
        for cell in _graded_cells(nb):
            name = MARKER.match(cell.source).group(1)
            cell.source = f"# GRADED FUNCTION: {name}\n\n{faithful[name]}"
        nbformat.validate(nb)
        saved = tmp_path / f"{module.name}.ipynb"
        saved.write_bytes(notebook_bytes(nb))
        again = nbformat.read(saved, as_version=4)
        nbformat.validate(again)
        for index, cell in enumerate(again.cells):
            if cell.cell_type == "code":
                compile(cell.source, f"<{module.name} cell {index}>", "exec")
        for cell in _graded_cells(again):
            func = ast.parse(cell.source).body[0]
            assert why_not_a_stub(func, _marker_lines(cell.source)) is not None  # really filled in
        defined = _define(again, out / "exercises", f"filled_{module.name}")
        assert sorted(defined) == sorted(module.functions)
        if module.name == "numpy_basics":
            assert defined["sigmoid"](0) == 0.5
