"""Earlier-edition names of graded functions (manifest `aliases`), through the real worker.

The 2017-2020 notebooks called `normalize_rows` `normalizeRows`; a student who
kept that name is graded as if it were the course's name, and loses nothing for it.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from grader.course import load_course
from grader.errors import InputError

from .conftest import COURSE
from .test_runner import POINTS, TOY_IDS

REFERENCE = (COURSE / "solutions" / "toy.py").read_text()
OLD_NAME = REFERENCE.replace("def normalize_rows(x):", "def normalizeRows(x):")


def test_a_function_under_its_older_name_gets_full_marks(make_submission, grade):
    results = grade(make_submission(toy=OLD_NAME), modules=["toy"])
    assert all(r.status == "passed" and r.score == r.max_score == POINTS[i] for i, r in results.items()), results
    assert "normalizeRows()" in results["toy.normalize_rows"].feedback  # a note, never a cost
    assert all(results[i].feedback == "" for i in TOY_IDS if i != "toy.normalize_rows")


def test_the_second_older_name_and_the_course_name_first(make_submission, grade):
    second = REFERENCE.replace("def normalize_rows(x):", "def normalise_rows(x):")
    assert grade(make_submission(toy=second), modules=["toy"])["toy.normalize_rows"].status == "passed"
    # Both defined: the course's name is graded, the older one ignored.
    both = REFERENCE + "\n\ndef normalizeRows(x):\n    return x * 0\n"
    item = grade(make_submission(toy=both), modules=["toy"])["toy.normalize_rows"]
    assert item.status == "passed" and item.feedback == ""


def test_a_wrong_function_under_its_older_name_is_graded_and_named(make_submission, grade):
    wrong = REFERENCE.replace("def normalize_rows(x):\n    return x / np.linalg.norm(x, axis=1, keepdims=True)",
                              "def normalizeRows(x):\n    return x / x.sum(axis=1, keepdims=True)")
    item = grade(make_submission(toy=wrong), modules=["toy"])["toy.normalize_rows"]
    assert item.score == 0 and item.mistake == "normalize_rows:sum_not_norm", item
    missing = REFERENCE.replace("def normalize_rows(x):", "def normalize_rowz(x):")
    item = grade(make_submission(toy=missing), modules=["toy"])["toy.normalize_rows"]
    assert item.status == "missing" and "has no function normalize_rows()" in item.feedback


def test_every_way_of_reaching_a_function_reaches_the_older_name(worker_session):
    source = """
    import numpy as np

    def normalizeRows(x):
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    def composite(x):
        return normalizeRows(x) * 2
    """
    student = worker_session(source, aliases={"normalize_rows": ["normalizeRows"]})
    x = np.array([[3.0, 4.0]])
    assert student.has("normalize_rows") and student.has("normalizeRows") and not student.has("softmax")
    assert np.allclose(student.normalize_rows(x), [[0.6, 0.8]])
    assert np.allclose(student.function("normalize_rows")(x), [[0.6, 0.8]])
    assert np.allclose(student.seeded(1).normalize_rows(x), [[0.6, 0.8]])
    # A patch of the course's name replaces the older name inside the student's composite.
    assert np.allclose(student.patched(normalize_rows=lambda v: v * 0 + 1).composite(x), [[2.0, 2.0]])
    assert student.last_call.function == "composite"


@pytest.mark.parametrize("aliases, words", [
    ('{ softmax = ["softMax"] }', "aliases for 'softmax', which is not a graded function"),
    ('{ normalize_rows = ["normalize-rows"] }', "is not a Python identifier"),
    ('{ normalize_rows = ["scale"] }', "alias 'scale' of 'normalize_rows' is itself a graded function"),
    ('{ normalize_rows = ["old"], scale = ["old"] }', "alias 'old' is given for both"),
])
def test_aliases_are_validated_with_file_and_line(tmp_path, aliases, words):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    manifest = root / "exercises" / "manifest.toml"
    text = manifest.read_text().replace('aliases = { normalize_rows = ["normalizeRows", "normalise_rows"] }', f"aliases = {aliases}")
    manifest.write_text(text)
    with pytest.raises(InputError) as info:
        load_course(root)
    line = text.splitlines().index(f"aliases = {aliases}  # older names accepted") + 1
    assert words in info.value.message and (info.value.path, info.value.line) == (str(manifest), line), str(info.value)
