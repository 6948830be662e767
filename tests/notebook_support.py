"""Course notebooks for tests, built with nbformat from .py modules, laid out as the course's are.

A course notebook (2021+ edition) is: a title (markdown), a packages cell (`import numpy as
np`, the course's helper and test modules, `%matplotlib inline`, `%load_ext autoreload`),
then for each exercise a markdown cell, a graded code cell starting `# GRADED FUNCTION:
name`, and a test cell (`print(...)` of a call, `name_test(name)`), every cell run
(execution counts) with its outputs saved.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

GRADED = re.compile(r"^# GRADED FUNCTION:\s*(\w+)", re.MULTILINE)

# The packages cell of each notebook, as the course writes it (beyond the module's own imports).
COURSE_IMPORTS = {
    "numpy_basics": ["import math", "from public_tests import *", "", "%load_ext autoreload", "%autoreload 2"],
    "logistic_regression": ["import matplotlib.pyplot as plt", "import h5py", "import scipy", "from PIL import Image",
                            "from scipy import ndimage", "from lr_utils import load_dataset", "from public_tests import *",
                            "", "%matplotlib inline", "%load_ext autoreload", "%autoreload 2"],
    "shallow_nn": ["import matplotlib.pyplot as plt", "from testCases_v2 import *", "from public_tests import *",
                   "import sklearn", "import sklearn.datasets", "import sklearn.linear_model",
                   "from planar_utils import plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets",
                   "", "%matplotlib inline", "%load_ext autoreload", "%autoreload 2",
                   "np.random.seed(2)  # set a seed so that the results are consistent"],
    "deep_nn": ["import h5py", "import matplotlib.pyplot as plt", "from testCases import *", "from public_tests import *",
                "", "%matplotlib inline", "plt.rcParams['figure.figsize'] = (5.0, 4.0)", "%load_ext autoreload",
                "%autoreload 2", "np.random.seed(1)"],
    "deep_nn_application": ["import time", "import h5py", "import matplotlib.pyplot as plt", "import scipy",
                            "from PIL import Image", "from scipy import ndimage", "from public_tests import *", "",
                            "%matplotlib inline", "plt.rcParams['figure.figsize'] = (5.0, 4.0)",
                            "%load_ext autoreload", "%autoreload 2", "np.random.seed(1)"],
}
# Cells of the notebook that are not graded: data loading, constants, plots (after the packages cell).
COURSE_EXTRA = {
    "shallow_nn": ["X, Y = load_planar_dataset()\nplt.scatter(X[0, :], X[1, :], c=Y, s=40, cmap=plt.cm.Spectral);",
                   "shape_X = X.shape\nm = X.shape[1]  # training set size\nprint ('The shape of X is: ' + str(shape_X))",
                   "!pip list | grep numpy"],
    "deep_nn_application": ["train_x_orig, train_y, test_x_orig, test_y, classes = load_data()",
                            "train_x_flatten = train_x_orig.reshape(train_x_orig.shape[0], -1).T\n"
                            "train_x = train_x_flatten/255.\ntest_x = test_x_flatten/255.",
                            "### CONSTANTS DEFINING THE MODEL ####\nn_x = 12288     # num_px * num_px * 3\n"
                            "n_h = 7\nn_y = 1\nlayers_dims = (n_x, n_h, n_y)\nlearning_rate = 0.0075"],
    "logistic_regression": ["train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes = load_dataset()",
                            "index = 25\nplt.imshow(train_set_x_orig[index])"],
}


# Test-call cells as the course writes them (for the others: print the function, run its public test).
TEST_CALLS = {
    "sigmoid": 't_x = np.array([1, 2, 3])\nprint("sigmoid(t_x) = " + str(sigmoid(t_x)))\nprint(sigmoid(np.array([1,2,3])))\nsigmoid_test(sigmoid)',
    "image2vector": 't_image = np.array([[[0.67826139, 0.29380381], [0.90714982, 0.52835647]]])\n'
                    'print ("image2vector(image) = " + str(image2vector(t_image)))\nimage2vector_test(image2vector)',
    "initialize_parameters_deep": 'parameters = initialize_parameters_deep([5,4,3])\nprint("W1 = " + str(parameters["W1"]))\n'
                                  'initialize_parameters_deep_test(initialize_parameters_deep)',
    "two_layer_model": 'parameters, costs = two_layer_model(train_x, train_y, layers_dims = (n_x, n_h, n_y), num_iterations = 2, '
                       'print_cost=False)\nprint("Cost after first iteration: " + str(costs[0]))\ntwo_layer_model_test(two_layer_model)',
    "L_layer_model": 'parameters, costs = L_layer_model(train_x, train_y, layers_dims, num_iterations = 1, print_cost = False)\n'
                     'pred_train = predict(train_x, train_y, parameters)\nplot_costs(costs, learning_rate)',
}


def split(source: str) -> tuple[str, list[tuple[str, str]]]:
    """(the packages: the module's imports without its docstring, [(function, graded cell source)])."""
    tree = ast.parse(source)
    lines = source.splitlines()
    first = tree.body[1].lineno if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(
        getattr(tree.body[0], "value", None), ast.Constant) else 1
    marks = [(m.group(1), source.count("\n", 0, m.start()) + 1) for m in GRADED.finditer(source)]
    head = "\n".join(lines[first - 1: marks[0][1] - 1]).strip()
    cells = []
    for i, (name, line) in enumerate(marks):
        end = marks[i + 1][1] - 1 if i + 1 < len(marks) else len(lines)
        cells.append((name, "\n".join(lines[line - 1:end]).strip() + "\n"))
    return head, cells


def course_notebook(module: str, source: str, *, graded_marks: bool = True) -> nbformat.NotebookNode:
    """The course notebook of `module` with the graded functions of `source` filled in, run and saved."""
    head, graded = split(source)
    head = head.replace("from dnn_app_utils import", "from dnn_app_utils_v3 import")
    count = 0
    cells = [new_markdown_cell(f"# {module.replace('_', ' ').title()}\n\nWelcome to your assignment.")]

    def run(text: str, output: str = "") -> nbformat.NotebookNode:
        nonlocal count
        count += 1
        outputs = [new_output("stream", name="stdout", text=output)] if output else []
        return new_code_cell(text, execution_count=count, outputs=outputs)

    cells.append(new_markdown_cell("## 1 - Packages"))
    cells.append(run("\n".join([head, *COURSE_IMPORTS.get(module, [])])))
    for extra in COURSE_EXTRA.get(module, []):
        cells.append(run(extra, "(output)\n"))
    for name, text in graded:
        if not graded_marks:
            text = GRADED.sub("# exercise", text)
        cells.append(new_markdown_cell(f"### Exercise - {name}\n\nImplement `{name}`."))
        cells.append(run(text))
        test = TEST_CALLS.get(name, f"print(\"{name} = \" + str({name}))\n{name}_test({name})")
        cells.append(run(test, "\033[92m All tests passed.\n"))
    cells.append(new_markdown_cell("**Congratulations!**"))
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    return nb


def write(path: Path, nb: nbformat.NotebookNode) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path
