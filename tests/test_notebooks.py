"""Notebooks are first-class submissions (grader/notebook.py, grader/submission.py).

Course notebooks are built with nbformat from the course-faithful 2021 modules, laid out
as the course's are (markdown, a packages cell with `from public_tests import *` and
`%matplotlib inline`, graded cells marked `# GRADED FUNCTION:`, test-call cells, outputs),
and graded through the real engine: each must grade exactly as the same functions in a .py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest

import notebook_support as nbs
import support

ROOT = Path(__file__).resolve().parents[1]
FAITHFUL = ROOT / "tests" / "faithful" / "edition_2021"
MODULES = ("numpy_basics", "logistic_regression", "shallow_nn", "deep_nn", "deep_nn_application")


def course():
    from grader.course import load_course

    return load_course(ROOT)


def faithful(module: str) -> str:
    return (FAITHFUL / f"{module}.py").read_text(encoding="utf-8")


def course_name(module: str) -> str:
    return course().module(module).notebooks[0]


def summary(results: dict) -> dict:
    return {k: (r.score, r.max_score, r.status) for k, r in results.items()}


def edition_sources(edition: str) -> dict[str, str]:
    directory = ROOT / "tests" / "faithful" / f"edition_{edition}"
    files = {m: m for m in MODULES}
    if edition == "2017":
        files["deep_nn_application"] = "deep_nn_application_own_blocks"  # `from deep_nn import *`: the student's own blocks
    return {m: (directory / f"{f}.py").read_text(encoding="utf-8") for m, f in files.items()}


@pytest.mark.parametrize("edition", ["2021", "2017"])
def test_course_notebooks_grade_exactly_as_the_same_functions_in_py_files(tmp_path, edition):
    """2021: the 2021 notebook names in exercises/; 2017: that edition's names (`... v8.ipynb`) at the top level."""
    sources = edition_sources(edition)
    py = support.write_submission(tmp_path / "py", sources)
    nb = tmp_path / "nb"
    where = {}
    for m in MODULES:
        names = course().module(m).notebooks
        where[m] = f"exercises/{names[0]}" if edition == "2021" else names[-2]
        nbs.write(nb / where[m], nbs.course_notebook(m, sources[m]))
    from grader.submission import load

    loaded = load(course(), nb)
    assert {m: s.origin for m, s in loaded.modules.items()} == where
    assert not loaded.refused_modules
    for m, found in loaded.modules.items():  # only definitions and imports reach the worker
        top = [line for line in found.data.decode().splitlines() if line and not line[0].isspace() and not line.startswith("#")]
        assert all(line.startswith(("def ", "import ", "from ", "class ")) or " = " in line or line.startswith(('"""', ")", "]"))
                   for line in top), (m, [t for t in top if not t.startswith(("def ", "import ", "from "))])
        assert not any(word in found.data.decode() for word in ("public_tests", "_test(", "%matplotlib", "matplotlib", "load_data()"))
    by_py = support.grade_modules(py, list(MODULES), student="alice")
    by_nb = support.grade_modules(nb, list(MODULES), student="alice")
    assert summary(by_nb) == summary(by_py)
    assert all(r.status == "passed" and r.score == r.max_score > 0 for r in by_nb.values()), summary(by_nb)


def graded_cell(nb, function: str):
    """(execution count, cell) of the graded cell of `function`."""
    cell = next(c for c in nb.cells if c.cell_type == "code"
                and any(m == function for m in nbs.GRADED.findall(c.source)))  # the course writes `FUNCTION:name` too
    return cell.execution_count, cell


def test_feedback_names_the_notebook_the_cell_and_the_line(tmp_path):
    source = faithful("numpy_basics").replace("    s = 1 / (1 + np.exp(-x))\n", "    s = 1 / (1 + np.exp(-x)) + undefined_name\n", 1)
    nb = nbs.course_notebook("numpy_basics", source)
    count, cell = graded_cell(nb, "sigmoid")
    line = cell.source.splitlines().index("    s = 1 / (1 + np.exp(-x)) + undefined_name") + 1
    nbs.write(tmp_path / "sub" / course_name("numpy_basics"), nb)  # at the top level, under the course's name
    results = support.grade_modules(tmp_path / "sub", ["numpy_basics"], hidden=False)
    sigmoid = results["numpy_basics.sigmoid"]
    assert sigmoid.score == 0
    assert f"{course_name('numpy_basics')}, cell In [{count}], line {line}, in sigmoid" in sigmoid.feedback, sigmoid.feedback
    assert "NameError" in sigmoid.feedback and "numpy_basics.py" not in sigmoid.feedback
    assert results["numpy_basics.L1"].status == "passed"


def test_broken_notebooks_get_a_clear_message_naming_file_and_cell_and_the_rest_is_graded(tmp_path):
    sub = tmp_path / "sub"
    (sub / "exercises").mkdir(parents=True)
    # numpy_basics: not JSON at all (a notebook cut off while it was saved)
    (sub / "exercises" / "numpy_basics.ipynb").write_text('{"cells": [{"cell_type": "code", "source": "import nu')
    # logistic_regression: a notebook, but not the assignment's (no graded cell, no graded function)
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# notes"), nbformat.v4.new_code_cell("print(1)")])
    nbs.write(sub / "exercises" / course_name("logistic_regression"), other)
    # shallow_nn: a syntax error in the graded cell of forward_propagation
    nb = nbs.course_notebook("shallow_nn", faithful("shallow_nn"))
    count, cell = graded_cell(nb, "forward_propagation")
    lines = cell.source.splitlines()
    bad = next(i for i, text in enumerate(lines) if text.strip().startswith("Z1 ="))
    lines[bad] = lines[bad] + " +"
    cell.source = "\n".join(lines)
    nbs.write(sub / "shallow_nn.ipynb", nb)
    # deep_nn: a good notebook
    nbs.write(sub / "exercises" / course_name("deep_nn"), nbs.course_notebook("deep_nn", faithful("deep_nn")))
    results = support.grade_modules(sub, ["numpy_basics", "logistic_regression", "shallow_nn", "deep_nn"], hidden=False)

    def module(name):
        return [r for k, r in results.items() if k.startswith(name + ".")]

    for r in module("numpy_basics"):
        assert r.score == 0 and r.status == "error"
        assert r.feedback.startswith("exercises/numpy_basics.ipynb is not a valid Jupyter notebook"), r.feedback
    for r in module("logistic_regression"):
        assert r.score == 0 and f"exercises/{course_name('logistic_regression')} has no graded cell" in r.feedback, r.feedback
    for r in module("shallow_nn"):
        assert r.score == 0
        assert r.feedback.startswith(f"shallow_nn.ipynb: cell In [{count}], line {bad + 1}: SyntaxError"), r.feedback
    assert module("deep_nn") and all(r.status == "passed" and r.score == r.max_score > 0 for r in module("deep_nn"))


def test_a_notebook_saved_under_a_py_name_gets_a_clear_message(tmp_path):
    sub = tmp_path / "sub"
    nbs.write(sub / "exercises" / "numpy_basics.py", nbs.course_notebook("numpy_basics", faithful("numpy_basics")))
    results = support.grade_modules(sub, ["numpy_basics"], hidden=False)
    for r in results.values():
        assert r.score == 0 and r.status == "error"
        assert "exercises/numpy_basics.py is a Jupyter notebook saved under a .py name: rename it exercises/numpy_basics.ipynb" in r.feedback


def test_a_notebook_symlink_is_refused_like_a_py_one(tmp_path):
    outside = nbs.write(tmp_path / "elsewhere" / "solution.ipynb", nbs.course_notebook("numpy_basics", faithful("numpy_basics")))
    sub = tmp_path / "sub"
    (sub / "exercises").mkdir(parents=True)
    (sub / "exercises" / course_name("numpy_basics")).symlink_to(outside)
    (sub / "exercises" / "deep_nn.ipynb").write_bytes(b"")
    (sub / "exercises" / "deep_nn.ipynb").unlink()
    os.link(outside, sub / "exercises" / "deep_nn.ipynb")  # a hard link: one file, two names
    results = support.grade_modules(sub, ["numpy_basics", "deep_nn"], hidden=False)
    for key, r in results.items():
        assert r.score == 0 and r.status == "error", (key, r)
        if key.startswith("numpy_basics."):
            assert r.feedback == f"exercises/{course_name('numpy_basics')} is a symbolic link; submit the file itself"
        else:
            assert r.feedback.startswith("exercises/deep_nn.ipynb is a hard link")


def test_a_py_and_a_notebook_for_one_module_the_report_says_which_was_graded(tmp_path):
    from grader.submission import load

    nb = nbs.course_notebook("numpy_basics", faithful("numpy_basics"))
    # The workspace's untouched stub next to the notebook the student worked in: the notebook is graded.
    stub_ws = tmp_path / "stub"
    (stub_ws / "exercises").mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "numpy_basics.py", stub_ws / "exercises" / "numpy_basics.py")
    nbs.write(stub_ws / "exercises" / course_name("numpy_basics"), nb)
    loaded = load(course(), stub_ws)
    assert loaded.modules["numpy_basics"].origin == f"exercises/{course_name('numpy_basics')}"
    assert (f"numpy_basics: graded exercises/{course_name('numpy_basics')}; exercises/numpy_basics.py is still "
            "the course's stub, not graded") in loaded.notes()
    results = support.grade_modules(stub_ws, ["numpy_basics"], hidden=False)
    assert all(r.status == "passed" for r in results.values()), summary(results)
    # Code in the .py: the .py is graded, whatever the notebook holds.
    py_ws = support.write_submission(tmp_path / "py", {"numpy_basics": faithful("numpy_basics")})
    (py_ws / "numpy_basics.ipynb").write_text("not a notebook")
    loaded = load(course(), py_ws)
    assert loaded.modules["numpy_basics"].origin == "exercises/numpy_basics.py"
    assert any(n.startswith("numpy_basics: graded exercises/numpy_basics.py; numpy_basics.ipynb is there too")
               for n in loaded.notes()), loaded.notes()


def test_building_leaves_out_magics_shell_lines_test_calls_and_course_only_imports():
    from grader.notebook import build

    cells = [
        nbformat.v4.new_code_cell("import numpy as np\nfrom public_tests import *\nimport matplotlib.pyplot as plt\n"
                                  "%matplotlib inline\n!pip install h5py\nfiles = !ls\nnp.exp?\n"
                                  "from dnn_app_utils_v3 import sigmoid, load_data", execution_count=3),
        nbformat.v4.new_code_cell("%%bash\necho hi", execution_count=4),
        nbformat.v4.new_code_cell("# GRADED FUNCTION: f\n%time 1\ndef f(x):\n    return helper(x) + K\n", execution_count=None),
        nbformat.v4.new_code_cell("K = 2\nJ = K * 3\nX = np.array([1])\nY = X + 1\nprint(f(X))\nf_test(f)\nd = {}\nd['a'] = 1"),
        nbformat.v4.new_code_cell("def helper(x):\n    return x  # mine\n\nassert helper(1) == 1"),
        nbformat.v4.new_code_cell('from grader import check\ncheck("numpy_basics")'),  # a release notebook's last cell
    ]
    built = build(nbformat.writes(nbformat.v4.new_notebook(cells=cells)).encode(), "work.ipynb",
                  drop=("public_tests",), rename={"dnn_app_utils_v3": "dnn_app_utils"},
                  provided_names={"dnn_app_utils": {"sigmoid"}})
    body = built.source.splitlines()[1:]
    assert body == ["import numpy as np", "from dnn_app_utils import sigmoid", "def f(x):", "    return helper(x) + K",
                    "K = 2", "J = K * 3", "d = {}", "def helper(x):", "    return x  # mine"]
    assert built.where(4) == "code cell 3, line 3"  # def f: line 3 of the third code cell (never run)
    assert built.where(2) == "cell In [3], line 1"
    assert built.where(1) is None  # the grader's header
    compile(built.source, "m.py", "exec")


def test_statements_sharing_a_line_and_non_ascii_text():
    from grader.notebook import build

    cells = [nbformat.v4.new_code_cell("import numpy as np; print('≈ déjà')\nK = 'é'; f(K)\ndef g(x):  # ≈ 1 line\n    return x  # é\n",
                                       execution_count=1)]
    built = build(nbformat.writes(nbformat.v4.new_notebook(cells=cells)).encode(), "w.ipynb", functions=("g",))
    assert built.source.splitlines()[1:] == ["import numpy as np", "K = 'é'", "def g(x):  # ≈ 1 line", "    return x  # é"]


def test_check_inside_a_real_jupyter_kernel_shows_the_marks_of_grade_check(tmp_path):
    """`from grader import check; check("numpy_basics")` in a notebook run by a real kernel (nbclient + ipykernel)."""
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    workspace = tmp_path / "workspace"
    notebook_dir = workspace / "exercises"
    nb = nbs.course_notebook("numpy_basics", faithful("numpy_basics"))
    nbs.write(notebook_dir / course_name("numpy_basics"), nb)
    runner = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nimport grader\n"
                                  "print('light:', 'grader.grading' not in sys.modules)"),
        nbformat.v4.new_code_cell(f"from grader import check\ncheck('numpy_basics', course={str(ROOT)!r}, record=False)"),
        nbformat.v4.new_code_cell(f"r = check('numpy_basics.sigmoid', course={str(ROOT)!r}, record=False)\n"
                                  "print('again:', [i.id for i in r.items], r.score == r.max_score > 0)"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    client = nbclient.NotebookClient(runner, timeout=240, startup_timeout=60, kernel_name="python3",
                                     resources={"metadata": {"path": str(notebook_dir)}})
    client.execute()
    assert "light: True" in "".join(o.get("text", "") for o in runner.cells[0].outputs)
    shown = runner.cells[1].outputs
    assert shown and shown[0]["output_type"] == "execute_result", shown
    text, page = shown[0]["data"]["text/plain"], shown[0]["data"]["text/html"]

    from grader.grading import grade_submission

    expected = grade_submission(course(), workspace, only=("numpy_basics",)).report
    assert expected.max_score > 0 and expected.score == expected.max_score
    total = f"Total: {expected.score:g}/{expected.max_score:g} (100%)"
    assert total in text and total in page, text
    assert "sigmoid" in page and "<table>" in page
    again = "".join(o.get("text", "") for o in runner.cells[2].outputs)
    assert "again: ['numpy_basics.sigmoid'] True" in again, again  # a second call in the same kernel, one function


def test_the_workspace_is_found_from_the_notebook_directory(tmp_path):
    from grader.inline import workspace_root

    (tmp_path / "ws" / "exercises" / "sub").mkdir(parents=True)
    assert workspace_root(tmp_path / "ws" / "exercises" / "sub") == (tmp_path / "ws").resolve()
    assert workspace_root(tmp_path / "ws") == (tmp_path / "ws").resolve()
    (tmp_path / "lone").mkdir()
    assert workspace_root(tmp_path / "lone") == (tmp_path / "lone").resolve()


def test_a_notebook_over_the_size_limit_is_refused_with_what_to_do(tmp_path):
    from grader.submission import MAX_NOTEBOOK_BYTES, load

    sub = tmp_path / "sub"
    (sub / "exercises").mkdir(parents=True)
    with open(sub / "exercises" / "numpy_basics.ipynb", "wb") as f:
        f.truncate(MAX_NOTEBOOK_BYTES + 1)  # sparse: no disk used
    loaded = load(course(), sub)
    message = loaded.refused_modules["numpy_basics"]
    assert message.startswith("exercises/numpy_basics.ipynb is 1 MiB; a notebook may be at most 1 MiB") or \
        message.startswith("exercises/numpy_basics.ipynb is 1.0 MiB"), message
    assert "clear them" in message


def test_a_docstring_line_starting_with_percent_is_kept_when_the_cell_has_no_magic():
    from grader.notebook import build

    code = 'def f(x):\n    """Format:\n    %d items\n    !important\n    """\n    return x\n'
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# GRADED FUNCTION: f\n" + code)])
    built = build(nbformat.writes(nb).encode(), "w.ipynb", functions=("f",))
    assert built.source.split("\n", 1)[1] == code


def test_a_linked_py_beside_a_notebook_is_not_read_and_the_notebook_is_graded(tmp_path):
    from grader.submission import load

    (tmp_path / "solution.py").write_text(faithful("numpy_basics"))
    sub = tmp_path / "sub"
    (sub / "exercises").mkdir(parents=True)
    (sub / "exercises" / "numpy_basics.py").symlink_to(tmp_path / "solution.py")
    nbs.write(sub / "numpy_basics.ipynb", nbs.course_notebook("numpy_basics", faithful("numpy_basics")))
    loaded = load(course(), sub)
    assert loaded.modules["numpy_basics"].origin == "numpy_basics.ipynb"
    assert "numpy_basics: graded numpy_basics.ipynb; exercises/numpy_basics.py is a symbolic link; submit the file itself" in loaded.notes()


def test_line_numbers_stay_right_past_form_feeds_and_line_separators():
    from grader.notebook import build

    code = "def f(x):\n    s = 'a\u2028b\x0cc'\n    return s\n"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# GRADED FUNCTION: f\n%matplotlib inline\n" + code, execution_count=7)])
    built = build(nbformat.writes(nb).encode(), "w.ipynb", functions=("f",))
    assert built.source.split("\n", 1)[1] == code
    assert built.where(4) == "cell In [7], line 5"  # `return s`


@pytest.mark.parametrize("change, says", [
    ({"notebooks": ["../course/solutions/x.ipynb"]}, "not a plain file name"),
    ({"notebooks": ["x.py"]}, "not a plain file name"),
    ({"notebooks": ["a.ipynb", "a.ipynb"]}, "given twice"),
])
def test_the_manifest_checks_notebook_names(change, says):
    from pydantic import ValidationError

    from grader.course import Manifest

    module = {"name": "m", "title": "M", "week": 1, "functions": ["f"], **change}
    with pytest.raises(ValidationError, match=says):
        Manifest.model_validate({"modules": [module]})


def test_the_manifest_checks_notebook_owners_and_renames():
    from pydantic import ValidationError

    from grader.course import Manifest

    a = {"name": "a", "title": "A", "week": 1, "functions": ["f"], "notebooks": ["n.ipynb"], "provided": ["helpers"]}
    b = {"name": "b", "title": "B", "week": 1, "functions": ["g"], "notebooks": ["n.ipynb"]}
    with pytest.raises(ValidationError, match="given for both a and b"):
        Manifest.model_validate({"modules": [a, b]})
    with pytest.raises(ValidationError, match="no module's provided helper"):
        Manifest.model_validate({"modules": [a], "notebook": {"rename_imports": {"helpers_v3": "other"}}})
    assert Manifest.model_validate({"modules": [a], "notebook": {"rename_imports": {"helpers_v3": "helpers"}}})


def test_an_import_time_error_names_the_notebook_cell(tmp_path):
    nb = nbs.course_notebook("numpy_basics", faithful("numpy_basics"))
    nb.cells.insert(3, nbformat.v4.new_code_cell("# my settings\nSCALE = 2\nRATE = SCALE / 0", execution_count=42))
    nbs.write(tmp_path / "sub" / "exercises" / "numpy_basics.ipynb", nb)
    results = support.grade_modules(tmp_path / "sub", ["numpy_basics"], hidden=False)
    for r in results.values():
        assert r.score == 0
        assert r.feedback.startswith("exercises/numpy_basics.ipynb could not be imported: ZeroDivisionError"), r.feedback
        assert "(exercises/numpy_basics.ipynb, cell In [42], line 3: RATE = SCALE / 0)" in r.feedback, r.feedback


def stub_notebook(module: str) -> nbformat.NotebookNode:
    """A release-style notebook: the course's stub functions in graded cells, a check cell last."""
    import ast

    source = (ROOT / "exercises" / f"{module}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    cells = [nbformat.v4.new_code_cell("\n".join(lines[n.lineno - 1:n.end_lineno]))
             for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    cells += [nbformat.v4.new_code_cell(f"# GRADED FUNCTION: {n.name}\n\n" + "\n".join(lines[n.lineno - 1:n.end_lineno]))
              for n in tree.body if isinstance(n, ast.FunctionDef)]
    cells.append(nbformat.v4.new_code_cell(f'from grader import check\ncheck("{module}")'))
    return nbformat.v4.new_notebook(cells=cells)


def test_a_release_workspace_grades_the_file_holding_the_work_quietly(tmp_path):
    """A release ships exercises/<module>.py and exercises/<module>.ipynb, both stubs; the student works in one."""
    from grader.submission import load

    ws = tmp_path / "ws"
    (ws / "exercises").mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "deep_nn.py", ws / "exercises" / "deep_nn.py")  # both untouched
    nbs.write(ws / "exercises" / "deep_nn.ipynb", stub_notebook("deep_nn"))
    (ws / "exercises" / "numpy_basics.py").write_text(faithful("numpy_basics"))  # worked in the .py
    nbs.write(ws / "exercises" / "numpy_basics.ipynb", stub_notebook("numpy_basics"))
    loaded = load(course(), ws)
    assert loaded.modules["deep_nn"].origin == "exercises/deep_nn.py"
    assert loaded.modules["numpy_basics"].origin == "exercises/numpy_basics.py"
    assert loaded.notes() == []
    built = stub_notebook("numpy_basics")
    from grader.notebook import build

    module = build(nbformat.writes(built).encode(), "numpy_basics.ipynb", functions=("sigmoid",))
    assert "grader" not in module.source.split("\n", 1)[1] and "check(" not in module.source


def test_the_inline_result_escapes_what_student_code_said():
    from types import SimpleNamespace

    from grader.inline import CheckResult
    from grader.results import ItemResult, Report

    item = ItemResult(id="numpy_basics.sigmoid", kind="exercise", score=0.0, max_score=5.0, status="failed",
                      feedback="sigmoid() raised ValueError: <script>alert(1)</script>")
    outcome = SimpleNamespace(report=Report.from_items("s", [item]), notes=["a <b>note</b>"], titles={"numpy_basics": "Basics & more"})
    shown = CheckResult(outcome, Path("."), ())
    page = shown._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page and "Basics &amp; more" in page and "<b>note" not in page
    assert "Total: 0/5 (0%)" in repr(shown) and "<script>alert(1)</script>" in repr(shown)


def test_a_syntax_error_in_a_scratch_cell_leaves_that_cell_out_and_says_so(tmp_path):
    from grader.submission import load

    nb = nbs.course_notebook("numpy_basics", faithful("numpy_basics"))
    nb.cells.append(nbformat.v4.new_code_cell("x = np.array([1, 2])\nprint(sigmoid(x)))", execution_count=99))
    nbs.write(tmp_path / "sub" / "numpy_basics.ipynb", nb)
    loaded = load(course(), tmp_path / "sub")
    assert ("numpy_basics: numpy_basics.ipynb: cell In [99], line 2: SyntaxError: unmatched ')': print(sigmoid(x))) "
            "(not a graded cell: left out)") in loaded.notes(), loaded.notes()
    results = support.grade_modules(tmp_path / "sub", ["numpy_basics"], hidden=False)
    assert all(r.status == "passed" for r in results.values()), summary(results)
