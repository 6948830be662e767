"""Each assignment as a Jupyter notebook: `exercises/<module>.ipynb` in a student release.

Students of this course work in Jupyter, so a release ships every assignment twice:
the stub module `exercises/<module>.py` and a notebook built from it here, and a
student works in either. The notebook is made from the stub module's text (read
with `ast`, never imported) and the manifest:

    markdown   "# <title>", the week, how to work in it, the module's docstring
    code       the stub's imports (numpy, the provided helpers), as written
    for each top-level statement, in the module's order:
      markdown "### Exercise N - <name>" and the first paragraph of its docstring
      code     "# GRADED FUNCTION: <name>" (the course's marker, which the grader
               reads in a submitted notebook), then the stub's function, line for line
      or a plain code cell for what is not graded (helpers, constants; not an
      `if __name__ == "__main__":` block, which would run in the kernel)
    markdown   "## Check your work"
    code       from grader import check
               check("<module>")

The cells hold the stub's source exactly, so a notebook is a stub whenever the
module is (release/stubs.py refuses a release otherwise) and nothing reaches it
that the `.py` file does not hold. A notebook is deterministic: cell ids are the
module's name and the cell's index, there are no outputs, execution counts or
timestamps, and the JSON is written as nbformat writes it (sorted keys).
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from grader.course import Course, ModuleSpec
from grader.errors import InputError

GRADED_MARKER = "# GRADED FUNCTION: {name}"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}


def notebook_path(module: str) -> str:
    """Where a module's notebook goes in a release."""
    return f"exercises/{module}.ipynb"


def check_cell_source(module: str) -> str:
    """The last cell of a notebook: grade the workspace's work on this assignment, inline."""
    return f'from grader import check\ncheck("{module}")'


# ---------------------------------------------------------------- reading the stub module

def _segments(source: str, tree: ast.Module) -> list[tuple[ast.stmt, str]]:
    """Each top-level statement with its text: the comment lines right above it, then its own lines."""
    lines = source.splitlines()
    out: list[tuple[ast.stmt, str]] = []
    previous_end = 0
    for node in tree.body:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        start = first
        while start - 1 > previous_end and lines[start - 2].lstrip().startswith("#"):
            start -= 1  # a comment block directly above the statement belongs to it
        end = node.end_lineno or node.lineno
        out.append((node, "\n".join(lines[start - 1:end])))
        previous_end = end
    return out


def _docstring_markdown(docstring: str, title: str) -> str:
    """The module's docstring as markdown, without a first paragraph that only repeats the title."""
    text = inspect.cleandoc(docstring)
    paragraphs = text.split("\n\n")
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    if paragraphs and norm(paragraphs[0]).startswith(norm(title)):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs).strip()


def _is_main_block(node: ast.stmt) -> bool:
    """`if __name__ == "__main__":`, a module's script entry point."""
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and len(test.comparators) == 1 and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__")


def _summary(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """What a graded function does: the first paragraph of its docstring, on one line."""
    doc = ast.get_docstring(func)
    if not doc:
        return ""
    return " ".join(doc.strip().split("\n\n")[0].split())


def _signature(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    return f"{func.name}({ast.unparse(func.args)})"


# ---------------------------------------------------------------- building one notebook

def build_notebook(module: ModuleSpec, source: str, path: Path | None = None):
    """The notebook (an `nbformat.NotebookNode`, v4) of one assignment, from its stub module's text."""
    import nbformat
    from nbformat import v4

    try:
        tree = ast.parse(source, filename=str(path or f"{module.name}.py"))
    except SyntaxError as exc:
        raise InputError(f"cannot build the notebook: not valid Python ({exc.msg})", path, exc.lineno) from None
    graded = set(module.functions)
    docstring = ast.get_docstring(tree, clean=False)
    segments = _segments(source, tree)
    if docstring is not None:
        segments = segments[1:]

    cells = []
    intro = [f"# {module.title}", "",
             f"Week {module.week} · `exercises/{module.name}.py` as a notebook.", "",
             "Fill in each cell marked `# GRADED FUNCTION` where it says `# YOUR CODE HERE` (replace the "
             "`raise NotImplementedError(...)` line), keeping the marker line and the function's name and "
             "arguments as they are. Run the cells from the top, **save the notebook**, then run the last "
             f"cell to check your work (or run `grade check --only {module.name}` in a terminal). "
             f"Work either here or in `exercises/{module.name}.py`, not in both."]
    if docstring:
        instructions = _docstring_markdown(docstring, module.title)
        if instructions:
            intro += ["", instructions]
    cells.append(v4.new_markdown_cell("\n".join(intro)))

    imports = [text for node, text in segments if isinstance(node, (ast.Import, ast.ImportFrom))]
    if imports:
        cells.append(v4.new_code_cell("\n".join(imports)))

    exercise = 0
    plain: list[str] = []

    def flush_plain() -> None:
        if plain:
            cells.append(v4.new_code_cell("\n\n\n".join(plain)))
            plain.clear()

    for node, text in segments:
        if isinstance(node, (ast.Import, ast.ImportFrom)) or _is_main_block(node):
            continue  # imports are in their own cell; a script's entry point would run in the kernel (__name__ is "__main__")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in graded:
            flush_plain()
            exercise += 1
            summary = _summary(node)
            heading = f"### Exercise {exercise} - {node.name}\n\n`{_signature(node)}`"
            cells.append(v4.new_markdown_cell(heading + (f"\n\n{summary}" if summary else "")))
            cells.append(v4.new_code_cell(GRADED_MARKER.format(name=node.name) + "\n\n" + text))
        else:
            plain.append(text)
    flush_plain()
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    missing = [name for name in module.functions if name not in defined]
    if missing:
        raise InputError(f"cannot build the notebook: {missing[0]}() is not defined at the top level of the stub module",
                         path)

    cells.append(v4.new_markdown_cell(
        "## Check your work\n\n"
        "Save the notebook first: the check grades the files of your workspace (this notebook, as last saved), "
        "with the public checks. The hidden checks run when your work is graded."))
    cells.append(v4.new_code_cell(check_cell_source(module.name)))

    for index, cell in enumerate(cells):
        cell["id"] = f"{module.name[:48]}-{index:02d}"  # deterministic (nbformat's own ids are random); ids are at most 64 characters
    nb = v4.new_notebook(cells=cells, metadata={"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)})
    nbformat.validate(nb)
    return nb


def notebook_bytes(nb) -> bytes:
    """The notebook's file, byte for byte as Jupyter would save it (sorted keys, one-space indent, final newline)."""
    import nbformat

    text = nbformat.writes(nb, version=4)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def release_notebooks(course: Course) -> dict[str, bytes]:
    """{release path: bytes} of every assignment's notebook, built from the course's stub modules."""
    out: dict[str, bytes] = {}
    for module in course.manifest.modules:
        path = course.provided_file(module.name)
        source = path.read_text(encoding="utf-8-sig")
        out[notebook_path(module.name)] = notebook_bytes(build_notebook(module, source, path))
    return out
