"""Course files are validated with pydantic once per content hash, and read as plain records after that.

grader/records.py: the cache holds a marker per content hash, never the data; a record
built from the raw TOML must equal (value and type) the one built from the pydantic model
before content is marked. Here: the second read of the same content imports no pydantic
and gives the same records; edited content, a tampered or corrupt marker and another
cache directory all mean validating again, with pydantic's messages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

from grader.errors import InputError

READ = """
import json, sys
from grader.course import load_course
from grader.quiz import load_banks
course = load_course(sys.argv[1])
banks = load_banks(course.quizzes_dir)
print(json.dumps({"pydantic": "pydantic" in sys.modules,
                  "manifest": course.manifest.signature(),
                  "banks": [b.signature() for b in banks],
                  "lines": [b._lines for b in banks], "paths": [str(b.path) for b in banks]}))
"""


def read_in_fresh_process(course: Path, cache: Path) -> dict:
    env = {**os.environ, "GRADER_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", READ, str(course)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def course(tmp_path) -> Path:
    """A copy of the course's files that are validated (the manifest and the banks)."""
    copy = tmp_path / "course"
    shutil.copytree(ROOT / "quizzes", copy / "quizzes")
    (copy / "exercises").mkdir()
    shutil.copy(ROOT / "exercises" / "manifest.toml", copy / "exercises" / "manifest.toml")
    return copy


def test_the_second_read_of_the_same_content_needs_no_pydantic_and_gives_the_same_records(course, tmp_path):
    cache = tmp_path / "cache"
    first = read_in_fresh_process(course, cache)
    second = read_in_fresh_process(course, cache)
    assert first["pydantic"] and not second["pydantic"]
    assert {k: v for k, v in first.items() if k != "pydantic"} == {k: v for k, v in second.items() if k != "pydantic"}
    assert len(list((cache / "validated").iterdir())) == 2  # the manifest's content and the banks' content


def test_records_match_what_pydantic_validates(course, tmp_path, monkeypatch):
    """The records from the raw TOML (a cache hit) against the records of pydantic's models, field by field."""
    from grader.course import load_manifest
    from grader.quiz import loader, model
    from grader.quiz.schema import Bank as Schema

    monkeypatch.setenv("GRADER_CACHE_DIR", str(tmp_path / "cache"))
    for path in sorted((course / "quizzes").glob("*.toml")):
        data = path.read_bytes()
        raw = loader._known_bank(path, data)
        validated = model.Bank.from_model(Schema.model_validate(loader.load_toml(path)))
        assert raw is not None and raw.signature() == validated.signature()
        for item in raw.items:  # the behaviour every reader relies on
            assert isinstance(item.points, float) and isinstance(item.tolerance, float)
            assert item.model_dump(exclude_unset=True).keys() <= item.model_dump().keys()
    from grader.course import Manifest
    from grader.manifest_schema import Manifest as ManifestSchema

    path = course / "exercises" / "manifest.toml"
    validated = Manifest.from_model(ManifestSchema.model_validate(loader.load_toml(path)))
    assert Manifest.from_data(loader.load_toml(path)).signature() == validated.signature()
    assert load_manifest(path).signature() == validated.signature()
    limits = validated.defaults.model_dump()
    assert all(isinstance(limits[k], float) for k in ("call_timeout", "module_timeout"))


def test_edited_content_is_validated_again(course, tmp_path, monkeypatch):
    from grader.course import load_manifest
    from grader.quiz import load_banks

    monkeypatch.setenv("GRADER_CACHE_DIR", str(tmp_path / "cache"))
    read_in_fresh_process(course, tmp_path / "cache")  # marks the course's content as validated
    bank = sorted((course / "quizzes").glob("*.toml"))[0]
    bank.write_text(bank.read_text(encoding="utf-8").replace("[[items]]", "[[items]]\nunknown_field = 1", 1), encoding="utf-8")
    with pytest.raises(InputError, match="unknown field 'unknown_field'"):
        load_banks(course / "quizzes")
    manifest = course / "exercises" / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n[gradescope]\npublic = \"sometimes\"\n", encoding="utf-8")
    with pytest.raises(InputError, match="gradescope.public"):
        load_manifest(manifest)


def test_a_tampered_or_corrupt_marker_means_validating_again(course, tmp_path):
    cache = tmp_path / "cache"
    read_in_fresh_process(course, cache)
    markers = sorted((cache / "validated").iterdir())
    for marker in markers:
        marker.write_text("1 " + "0" * 64 + "\n", encoding="ascii")  # a marker of other content
    assert read_in_fresh_process(course, cache)["pydantic"]
    for marker in markers:
        marker.write_bytes(b"\xff\xfe garbage")
    assert read_in_fresh_process(course, cache)["pydantic"]
    assert not read_in_fresh_process(course, cache)["pydantic"]  # marked again by the run before


def test_a_marker_never_changes_what_a_file_says(course, tmp_path, monkeypatch):
    """The data always comes from the course's files: a marker written by hand for invalid content
    can at most skip the validation, and a bank that does not fit its record is validated anyway."""
    from grader import records
    from grader.quiz import load_banks, loader

    monkeypatch.setenv("GRADER_CACHE_DIR", str(tmp_path / "cache"))
    bank = sorted((course / "quizzes").glob("*.toml"))[0]
    bank.write_text("id = \"broken\"\nitems = 3\n", encoding="utf-8")
    files = sorted((course / "quizzes").glob("*.toml"))
    here = Path(loader.__file__).resolve().parent
    key = records.content_key("quiz-banks", (str(here / s) for s in loader._SCHEMA_SOURCES), ((p.name, p.read_bytes()) for p in files))
    (tmp_path / "cache" / "validated").mkdir(parents=True)
    (tmp_path / "cache" / "validated" / key).write_text(f"{records.FORMAT} {key}\n", encoding="ascii")
    with pytest.raises(InputError):
        load_banks(course / "quizzes")


def test_an_unwritable_cache_is_no_cache(course, tmp_path):
    cache = tmp_path / "cache"
    cache.write_text("a file where the directory would be")
    assert read_in_fresh_process(course, cache)["pydantic"]
    assert read_in_fresh_process(course, cache)["pydantic"]


def test_results_and_receipts_are_plain_and_write_what_pydantic_wrote():
    from grader.receipt import Receipt
    from grader.results import ItemResult, Report

    item = ItemResult(id="m.f\x1b[31m", kind="exercise", score=1, max_score=2, status="partial", feedback="a\r\nb\x07")
    assert (item.id, item.score, item.feedback) == ("m.f", 1.0, "a\nb")
    assert list(item.model_dump()) == ["id", "kind", "score", "max_score", "status", "feedback"]
    assert item.model_copy(update={"mistake": "f:x"}).model_dump()["mistake"] == "f:x"
    for bad in ({"status": "fine"}, {"kind": "essay"}, {"score": "1"}, {"score": True}, {"feedback": None}):
        with pytest.raises(ValueError):
            ItemResult(**{"id": "m.f", "kind": "exercise", "score": 1.0, "max_score": 1.0, "status": "passed", **bad})
    with pytest.raises(TypeError):
        ItemResult(id="m.f", kind="exercise", score=1.0, max_score=1.0, status="passed", extra=1)
    report = Report.from_items("s", [item])
    dumped = report.model_dump(by_alias=True)
    assert list(dumped) == ["schema", "student", "score", "max_score", "items"]
    assert Report.model_validate(json.loads(json.dumps(dumped))) == report
    receipt = Receipt(grader_version="0.1.0", course_hash="ab" * 32, student="s", seed=3, hidden_checks=False, files={"a": "b"})
    assert Receipt.model_validate(receipt.model_dump()) == receipt
