"""Correct course code always gets full marks: the course-faithful solution suites.

tests/faithful/edition_2021/ and tests/faithful/edition_2017/ hold, for each of the five
assignments, the graded functions written the way that edition's notebook template leads a
student to write them (template lines and all: seeds inside functions, prints, asserts,
np.squeeze(cost), copy.deepcopy, loops, default arguments, return forms). Each module's
docstring says which notebook it follows and where the template was confirmed.

Each edition is submitted as one directory holding all five modules and graded through the
real engine with the hidden checks, for two students (other random inputs); every graded
function must score full marks. The 2021 suite must also pass the public checks alone.

Application modules:
- 2021: deep_nn_application imports its blocks from the provided course utilities
  (`from dnn_app_utils import *`), as the notebook does.
- 2017: the suite submits deep_nn_application_own_blocks.py as exercises/deep_nn_application.py
  (`from deep_nn import *`: a student reusing their own 2017 Step-by-Step functions); the
  course-utilities variant (edition_2017/deep_nn_application.py) is graded on its own in
  test_2017_application_with_course_utilities, next to the 2017 deep_nn.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import support

FAITHFUL = Path(__file__).resolve().parent / "faithful"
MODULES = ("numpy_basics", "logistic_regression", "shallow_nn", "deep_nn", "deep_nn_application")
STUDENTS = ("tester", "alice")


def suite(edition: str) -> dict[str, str]:
    """{module: source} of one edition's submission."""
    directory = FAITHFUL / f"edition_{edition}"
    sources = {m: (directory / f"{m}.py").read_text(encoding="utf-8") for m in MODULES}
    if edition == "2017":
        sources["deep_nn_application"] = (directory / "deep_nn_application_own_blocks.py").read_text(encoding="utf-8")
    return sources


def below_full_marks(results: dict, modules=MODULES) -> list[str]:
    """One line per graded function that is not at full marks, with its feedback."""
    lines = []
    for module in modules:
        items = support.MutantHarness.items(results, module)
        for fn, item in items.items():
            if not (item.max_score > 0 and item.score == pytest.approx(item.max_score) and item.status == "passed"):
                feedback = " ".join(str(item.feedback).split())
                lines.append(f"{module}.{fn}: {item.score:g}/{item.max_score:g} {item.status}: {feedback[:600]}")
    return lines


def vectorisation_notes(results: dict) -> list[str]:
    """Items whose feedback carries a note that the function loops over the examples.

    The course's own code is vectorised where the course asks for it; its loops (over
    layers, iterations, predict's examples) must never be taken for one (grader/exercise/vectorised.py).
    """
    return [f"{item_id}: {item.feedback}" for item_id, item in results.items() if "loop over the examples" in item.feedback]


def grade_suite(tmp_path: Path, edition: str, student: str, hidden: bool = True) -> dict:
    submission = support.write_submission(tmp_path / f"faithful_{edition}_{student}", suite(edition))
    return support.grade_modules(submission, list(MODULES), student=student, hidden=hidden)


@pytest.mark.parametrize("student", STUDENTS)
@pytest.mark.parametrize("edition", ["2021", "2017"])
def test_course_faithful_suite_scores_full_marks(tmp_path, edition, student):
    results = grade_suite(tmp_path, edition, student)
    failures = below_full_marks(results)
    assert not failures, (
        f"{edition} edition, student {student!r}: correct course code marked down in "
        f"{len(failures)} function(s):\n  " + "\n  ".join(failures))
    noted = vectorisation_notes(results)
    assert not noted, f"{edition} edition, student {student!r}: the course's own code got a vectorisation note:\n  " + "\n  ".join(noted)


def test_2021_suite_passes_the_public_checks_alone(tmp_path):
    results = grade_suite(tmp_path, "2021", "tester", hidden=False)
    failures = below_full_marks(results)
    assert not failures, "public checks: correct 2021 course code marked down in:\n  " + "\n  ".join(failures)


def test_2017_application_with_course_utilities(tmp_path):
    """The 2017 application as the notebook imports it (`from dnn_app_utils import *`)."""
    directory = FAITHFUL / "edition_2017"
    sources = {m: (directory / f"{m}.py").read_text(encoding="utf-8") for m in ("deep_nn", "deep_nn_application")}
    submission = support.write_submission(tmp_path / "faithful_2017_app_utils", sources)
    results = support.grade_modules(submission, ["deep_nn_application"])
    failures = below_full_marks(results, ("deep_nn_application",))
    assert not failures, "2017 application (course utilities): marked down in:\n  " + "\n  ".join(failures)
