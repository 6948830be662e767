"""The journal: rows committed one by one, torn tails cut, corrupt lines named, one row per student."""

from __future__ import annotations

import json

import pytest

from grader.batch.journal import PREVIOUS, Journal, JournalError, read_rows
from grader.batch.task import dumps, error_row
from grader.errors import InputError


def row(student: str, score: float = 1.0) -> str:
    return dumps({"schema": 1, "student": student, "status": "graded", "score": score, "max_score": 2.0,
                  "items": [{"id": "q.a", "kind": "quiz", "score": score, "max_score": 2.0, "status": "partial", "feedback": "é\u2028x"}],
                  "receipt": None, "wrong_answers": {}})


def test_rows_are_appended_one_line_each_and_read_back(tmp_path):
    with Journal(tmp_path) as journal:
        journal.append(row("a"))
        journal.append(dumps(error_row("b", "boom")))
        assert "a" in journal and "b" in journal and "c" not in journal
    data = (tmp_path / "results.jsonl").read_bytes()
    assert data.count(b"\n") == 2 and data.endswith(b"\n")
    assert data.isascii()  # a U+2028 in feedback cannot split a line for any reader
    with Journal(tmp_path) as journal:
        assert list(journal.rows) == ["a", "b"]
        assert journal.rows["a"]["items"][0]["feedback"] == "é\u2028x"
        assert journal.rows["b"]["status"] == "error"


def test_a_student_is_never_written_twice(tmp_path):
    with Journal(tmp_path) as journal:
        journal.append(row("a"))
        with pytest.raises(ValueError):
            journal.append(row("a", 2.0))
    assert (tmp_path / "results.jsonl").read_bytes().count(b"\n") == 1


def test_a_torn_last_line_is_cut_off_and_its_row_is_not_done(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_bytes((row("a") + "\n" + row("b") + "\n").encode() + row("c").encode()[:40])
    with Journal(tmp_path) as journal:
        assert list(journal.rows) == ["a", "b"]
        assert path.read_bytes().endswith(b"\n")
        journal.append(row("c"))
    assert [r["student"] for r in read_rows(path)[0]] == ["a", "b", "c"]


def test_a_complete_last_line_without_its_newline_counts_as_torn(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_bytes((row("a") + "\n" + row("b")).encode())  # the newline never reached the disk
    with Journal(tmp_path) as journal:
        assert list(journal.rows) == ["a"]
    assert path.read_bytes() == (row("a") + "\n").encode()


def test_a_corrupt_line_in_the_middle_is_reported_with_file_and_line(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_bytes((row("a") + "\n" + '{"student": "b", "ite\n' + row("c") + "\n").encode())
    with pytest.raises(JournalError) as info:
        Journal(tmp_path)
    assert str(info.value).startswith(f"{path}:2: corrupt line")
    assert path.read_bytes().count(b"\n") == 3  # nothing was changed
    path.write_bytes((row("a") + "\n" + "[1, 2]\n").encode())
    with pytest.raises(JournalError, match=r"results.jsonl:2: not a result row"):
        Journal(tmp_path)
    path.write_bytes((row("a") + "\n" + row("a") + "\n").encode())
    with pytest.raises(JournalError, match=r"results.jsonl:2: a second row for student 'a' \(the first is on line 1\)"):
        Journal(tmp_path)


def test_regrade_starts_a_fresh_journal_and_keeps_the_previous_one(tmp_path):
    with Journal(tmp_path) as journal:
        journal.append(row("a"))
    old = (tmp_path / "results.jsonl").read_bytes()
    with Journal(tmp_path, fresh=True) as journal:
        assert journal.rows == {}
        assert (tmp_path / "results.jsonl").read_bytes() == b""
        journal.append(row("b"))
    assert (tmp_path / PREVIOUS).read_bytes() == old
    assert [json.loads(l)["student"] for l in (tmp_path / "results.jsonl").read_bytes().splitlines()] == ["b"]


def test_two_batches_cannot_write_to_the_same_results_directory(tmp_path):
    with Journal(tmp_path):
        with pytest.raises(InputError, match="another `grade batch` is writing"):
            Journal(tmp_path)
    with Journal(tmp_path):  # released on close
        pass
