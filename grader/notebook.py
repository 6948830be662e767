"""Turn a course notebook into the module it grades: by parsing, never by running it.

Students of this course work in the course's Jupyter notebooks. A notebook is read
as data (submission.py reads its bytes; nbformat parses them) and the module the
grader imports is built from its code cells with `ast` only:

- kept: the course's graded cells (`# GRADED FUNCTION: name`) and, from every code
  cell, function and class definitions, imports, and assignments that call nothing and
  use only names kept before them (`n_x = 12288`, `layers_dims = (n_x, n_h, n_y)`);
- left out: test calls, prints, plots, assignments that call things (`X, Y =
  load_planar_dataset()`), IPython magics (`%matplotlib inline`), shell lines (`!pip`),
  help lines (`np.exp?`) and cells run by a cell magic other than %%time/%%capture;
- imports of the course's own test and data modules and of plotting/data libraries the
  exercises do not need are dropped, or renamed to the course's provided helper (the
  manifest's `[notebook]` table: `drop_imports`, `rename_imports`), so they never make a
  module unimportable.

A syntax error in a graded cell makes the notebook ungradable (one message naming the
notebook, the cell and the line); one in any other cell (a half-typed scratch cell) leaves
that cell out, and the report says so with the same words.

The built module keeps a line map back to the cells: feedback that names a line of the
built module names the notebook, the cell (as Jupyter shows it: `In [7]`, or `cell 12`
when it has not run) and the line in that cell.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from dataclasses import dataclass, field

GRADED = re.compile(r"^\s*#\s*GRADED\s+FUNCTION\s*:?\s*(\w+)", re.MULTILINE | re.IGNORECASE)
# Libraries no graded function needs: plotting, files, images, other ML toolkits, IPython.
DROP_ALWAYS = ("matplotlib", "matplotlib.*", "pylab", "seaborn", "h5py", "scipy", "scipy.*", "PIL", "PIL.*",
               "sklearn", "sklearn.*", "IPython", "IPython.*", "imageio", "skimage", "skimage.*", "pandas",
               "tqdm", "tqdm.*", "ipywidgets",
               "grader", "grader.*")  # the grader itself: a release notebook's `from grader import check` cell
_MAGIC = re.compile(r"^\s*(?:[%!]|[\w.,\s\[\]()*]+=\s*[%!])")  # %magic, !shell, x = !ls, x = %who_ls
_HELP = re.compile(r"^\s*[\w.]+\s*\?{1,2}\s*$|^\s*\?{1,2}[\w.]+\s*$")  # np.exp?  ??np.exp
_PLAIN_CELL_MAGICS = ("time", "capture", "prun")  # a cell magic whose body is ordinary Python


class NotebookError(Exception):
    """The notebook cannot be turned into a module; the message names the file (and the cell)."""


@dataclass(frozen=True)
class Built:
    """A module built from a notebook, with where each of its lines came from."""

    source: str
    notebook: str  # e.g. "Building_your_Deep_Neural_Network_Step_by_Step.ipynb" (as the submission names it)
    lines: tuple[tuple[str, int] | None, ...]  # built line n (1-based) -> (cell label, line in cell), or None
    graded_cells: tuple[str, ...] = field(default=())  # the functions the course marked graded
    skipped: tuple[str, ...] = field(default=())  # cells left out because they are not Python (said in the report)

    def where(self, line: int) -> str | None:
        """`cell In [7], line 3` for line `line` of the built module, or None if it is the grader's own."""
        if 1 <= line <= len(self.lines) and self.lines[line - 1] is not None:
            label, in_cell = self.lines[line - 1]
            return f"{label}, line {in_cell}"
        return None


def looks_like_notebook(data: bytes) -> bool:
    """A Jupyter notebook's JSON (whatever the file is called)."""
    head = data[:4096].lstrip()
    return head.startswith(b"{") and (b'"cells"' in data[:1 << 20] or b'"nbformat"' in data[:1 << 20]) and b'"nbformat"' in data


def build(data: bytes, origin: str, *, drop: tuple[str, ...] = (), rename: dict[str, str] | None = None,
          provided: tuple[str, ...] | list[str] = (), functions: tuple[str, ...] | list[str] = (),
          provided_names: dict[str, set[str]] | None = None) -> Built:
    """The module of the notebook `data` (read from `origin`); NotebookError says why there is none.

    `drop`: module names (fnmatch patterns) whose imports are left out, unless `provided`;
    `rename`: notebook module name -> provided module name; `functions`: the graded functions
    (a notebook with no graded cell that defines none of them is not this assignment's);
    `provided_names`: the names each provided module defines: a notebook's `from planar_utils
    import load_extra_datasets` keeps only the names the course's copy has (the others serve plots).
    """
    rename = dict(rename or {})
    nb = _read(data, origin)
    drop_patterns = tuple(DROP_ALWAYS) + tuple(drop)
    out: list[str] = []
    where: list[tuple[str, int] | None] = []
    kept_names: set[str] = set()
    graded: list[str] = []
    defined: set[str] = set()
    skipped: list[str] = []
    position = 0
    for cell in nb.get("cells", []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        position += 1
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if not isinstance(source, str):
            continue
        count = cell.get("execution_count")
        label = f"cell In [{count}]" if isinstance(count, int) else f"code cell {position}"
        text = source if _parses(source) else _blank_magics(source)  # a docstring line may start with % too
        if text is None:
            continue
        marks = GRADED.findall(source)
        try:
            tree = ast.parse(text)
        except SyntaxError as exc:
            line = exc.lineno or 0
            msg = exc.msg or "invalid syntax"
            lines = _lines(source)
            shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            said = f"{origin}: {label}, line {line}: SyntaxError: {msg}" + (f": {shown[:120]}" if shown else "")
            if marks:  # the graded code itself: nothing of it can be graded
                raise NotebookError(said + " (fix the cell, run it, and save the notebook)") from None
            # A scratch cell: left out, and said (a helper defined there is missing, which the note explains).
            skipped.append(said + " (not a graded cell: left out)")
            continue
        except (ValueError, RecursionError, MemoryError) as exc:
            said = f"{origin}: {label} cannot be read as Python ({type(exc).__name__})"
            if marks:
                raise NotebookError(said) from None
            skipped.append(said + " (not a graded cell: left out)")
            continue
        graded += marks
        cell_lines = _lines(text)
        for node in tree.body:
            keep = _keep(node, kept_names, drop_patterns, rename, set(provided), provided_names or {})
            if keep is None:
                continue
            if isinstance(keep, str):  # an import rewritten to the provided module
                out.append(keep)
                where.append((label, node.lineno))
            else:
                start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
                first_col = node.col_offset if start == node.lineno else 0
                end = node.end_lineno or node.lineno
                chunk = cell_lines[start - 1:end]
                if not chunk:
                    continue
                chunk = [line.encode("utf-8") for line in chunk]  # ast's columns count UTF-8 bytes
                last = chunk[-1]
                if node.end_col_offset is not None and last[node.end_col_offset:].lstrip().startswith(b";"):
                    chunk[-1] = last[: node.end_col_offset]  # `x = 1; print(x)`: the statement alone
                chunk[0] = chunk[0][first_col:]
                chunk = [line.decode("utf-8", errors="replace") for line in chunk]
                for i, line in enumerate(chunk):
                    out.append(line)
                    where.append((label, start + i))
            kept_names |= _bound(node)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.add(node.name)
    if not graded and not defined.intersection(functions):
        raise NotebookError(f"{origin} has no graded cell (a code cell starting `# GRADED FUNCTION: <name>`) and defines "
                            "none of the graded functions: is it the course's notebook for this assignment?")
    header = f"# Built by the grader from {origin}: the code cells' definitions and imports only."
    source = "\n".join([header] + out) + "\n"
    return Built(source=source, notebook=origin, lines=tuple([None] + where), graded_cells=tuple(graded),
                 skipped=tuple(skipped))


def _read(data: bytes, origin: str) -> dict:
    try:
        import nbformat
    except ImportError:  # pragma: no cover - a dependency of the package
        raise NotebookError(f"{origin}: notebooks cannot be read here (nbformat is not installed)") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotebookError(f"{origin} is not a Jupyter notebook (not UTF-8 text); save it again from Jupyter") from None
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat's warnings about missing cell ids and the like
            # A schema problem is captured, not logged: the cells are read as far as they can be.
            nb = nbformat.reads(text, as_version=4, capture_validation_error={})
    except Exception as exc:  # noqa: BLE001 - JSONDecodeError, NBFormatError, KeyError... all mean "not a notebook"
        detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise NotebookError(f"{origin} is not a valid Jupyter notebook ({detail}); save it again from Jupyter "
                            "(File > Save) and submit that file") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookError(f"{origin} is not a valid Jupyter notebook (it has no cells)")
    return nb


def _lines(text: str) -> list[str]:
    """Lines as Python numbers them (str.splitlines also splits at form feeds and U+2028, which Python does not)."""
    return re.split(r"\r\n|\r|\n", text)


def _parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _blank_magics(source: str) -> str | None:
    """The cell with magic, shell and help lines blanked (line numbers kept); None: not a Python cell."""
    lines = _lines(source)
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(None, 1)[0] if lines[0].lstrip()[2:].strip() else ""
        if magic not in _PLAIN_CELL_MAGICS:
            return None
        lines[0] = ""
    out = []
    continued = False
    for line in lines:
        if not continued and (_MAGIC.match(line) or _HELP.match(line)):
            out.append("")
            continued = line.rstrip().endswith("\\")
            continue
        continued = False
        out.append(line)
    return "\n".join(out)


def _module_matches(name: str, patterns: tuple[str, ...]) -> bool:
    top = name.split(".")[0]
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(top, p) for p in patterns)


def _keep(node: ast.stmt, kept: set[str], drop: tuple[str, ...], rename: dict[str, str], provided: set[str],
          provided_names: dict[str, set[str]]):
    """True: keep the statement as written; a str: keep this line instead; None: leave it out."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, ast.Import):
        names = []
        for alias in node.names:
            target = rename.get(alias.name)
            if target is not None:
                names.append(f"{target} as {alias.asname or alias.name}")
            elif alias.name not in provided and _module_matches(alias.name, drop):
                continue
            else:
                names.append(alias.name + (f" as {alias.asname}" if alias.asname else ""))
        if len(names) == len(node.names) and not any(a.name in rename for a in node.names):
            return True
        return f"import {', '.join(names)}" if names else None
    if isinstance(node, ast.ImportFrom):
        if node.level or not node.module:
            return True  # a relative import: the student's own business
        target = rename.get(node.module)
        if target is None and node.module not in provided and _module_matches(node.module, drop):
            return None
        module = target or node.module
        known = provided_names.get(module)
        aliases = [a for a in node.names if known is None or a.name == "*" or a.name in known]
        if target is None and len(aliases) == len(node.names):
            return True
        if not aliases:
            return None
        names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in aliases)
        return f"from {module} import {names}"
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        value = node.value
        if value is None:
            return True  # `x: int`
        if any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr)) for n in ast.walk(value)):
            return None
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(not isinstance(t, (ast.Name, ast.Tuple, ast.List)) for t in targets):
            return None  # x[0] = ..., obj.attr = ...: changing something, not defining
        loaded = {n.id for n in ast.walk(value) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        if isinstance(node, ast.AugAssign):
            loaded |= {t.id for t in targets if isinstance(t, ast.Name)}
        import builtins

        if all(name in kept or hasattr(builtins, name) for name in loaded):
            return True
        return None
    return None


def _bound(node: ast.stmt) -> set[str]:
    """Names a kept top-level statement binds (a `*` import binds '*': anything may come from it)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, ast.Import):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, ast.ImportFrom):
        return {a.asname or a.name for a in node.names}
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    return {n.id for t in targets if t is not None for n in ast.walk(t) if isinstance(n, ast.Name)}
