"""Lock format 3 (two scrypt lanes) and the workspace's cache of checked answers (.grade/locks.sqlite)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from grader.quiz.lock import Kdf, crypto

DEMO = Path(__file__).resolve().parents[1] / "quiz" / "fixtures" / "course" / "quizzes" / "demo.toml"
KDF = Kdf(n=16, r=1, p=1, lanes=2)
STUDENT = "s001"


def _lock(tmp_path: Path, salt_hex: str = "ab" * 16, kdf: Kdf = KDF):
    """(instructor bank, locked bank) of the quiz fixture, the locked one written to tmp_path/quizzes."""
    from grader.quiz import load_bank
    from grader.quiz.lock import lock_bank

    bank = load_bank(DEMO)
    text, _ = lock_bank(bank, salt_hex=salt_hex, kdf=kdf)
    path = tmp_path / "quizzes" / "demo.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return bank, load_bank(path)


def _key_sheet(tmp_path: Path, bank) -> Path:
    from grader.quiz import render_key

    sheet = tmp_path / "work" / "answers" / "demo.toml"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text(render_key(bank, STUDENT), encoding="utf-8")
    return sheet


@pytest.fixture
def lanes(monkeypatch):
    """Counts scrypt lanes hashed (the slow part), with the in-process cache emptied first."""
    calls: list[tuple[bytes, str, int]] = []
    real = Kdf.lane

    def counting(self, salt, password, lane):
        calls.append((salt, password, lane))
        return real(self, salt, password, lane)

    monkeypatch.setattr(Kdf, "lane", counting)
    crypto.clear_cache()
    yield calls
    crypto.clear_cache()


# ---------------------------------------------------------------- the format

def test_two_lanes_with_distinct_salts_both_needed():
    salt, form = b"s" * 32, "single\0tanh"
    lane0, lane1 = KDF.lane(salt, form, 0), KDF.lane(salt, form, 1)
    assert lane0 != lane1 and len(lane0) == len(lane1) == crypto.LANE_BYTES
    derived = KDF.derive(salt, form)
    assert derived == KDF.combine(salt, [lane0, lane1]) and len(derived) == crypto.DK_BYTES
    assert derived != KDF.combine(salt, [lane0, lane0]) and derived != KDF.combine(salt, [lane1, lane0])
    assert derived != Kdf(16, 1, 1, lanes=1).derive(salt, form)
    assert crypto.derive_all(KDF, [(salt, form), (b"t" * 32, form)], workers=2)[(salt, form)] == derived


def test_format3_round_trip_tamper_and_wrong_salt(tmp_path, lanes):
    from grader.quiz import grade_quiz, load_bank, prepare
    from grader.quiz.scoring import mark

    bank, locked = _lock(tmp_path)
    text = (tmp_path / "quizzes" / "demo.toml").read_text(encoding="utf-8")
    assert "\nformat = 3\n" in text and "\nlanes = 2\n" in text and "\nr = 1\n" in text
    for item, litem in zip(bank.items, locked.items):  # every right answer passes and opens its explanation
        right, lp = prepare(bank, item, STUDENT), prepare(locked, litem, STUDENT)
        got = mark(lp, right.key)
        assert got.status == "passed" and got.explanation == right.explanation, item.id
    assert {lane for _, _, lane in lanes} == {0, 1}
    sheet = _key_sheet(tmp_path, bank)
    assert {r.status for r in grade_quiz(locked, sheet, STUDENT)} == {"passed"}

    # tampered: a sealed explanation changed does not open; a tag changed rejects the right answer
    item = locked.items[0]
    lock = item.locks[0]
    sealed = lock.explanation
    flipped = sealed[:10] + ("A" if sealed[10] != "A" else "B") + sealed[11:]
    tampered = text.replace(sealed, flipped, 1)
    tag = lock.answers[0].tag
    tampered = tampered.replace(tag, ("0" if tag[0] != "0" else "1") + tag[1:], 1)
    path = tmp_path / "tampered" / "demo.toml"
    path.parent.mkdir()
    path.write_text(tampered, encoding="utf-8")
    bad = load_bank(path)
    right = prepare(bank, bank.items[0], STUDENT)
    assert mark(prepare(bad, bad.items[0], STUDENT), right.key).status == "failed"
    other = prepare(bad, bad.items[1], STUDENT)  # untouched items still work
    assert mark(other, prepare(bank, bank.items[1], STUDENT).key).status == "passed"

    # the release salt is part of every lane's salt: with another one nothing opens
    path = tmp_path / "resalted" / "demo.toml"
    path.parent.mkdir()
    path.write_text(text.replace('salt = "' + "ab" * 16 + '"', 'salt = "' + "cd" * 16 + '"'), encoding="utf-8")
    resalted = load_bank(path)
    assert {r.status for r in grade_quiz(resalted, sheet, STUDENT)} == {"failed"}


# ---------------------------------------------------------------- the workspace cache

def test_a_second_grade_hashes_nothing(tmp_path, lanes):
    from grader.quiz import grade_quiz

    bank, locked = _lock(tmp_path)
    sheet = _key_sheet(tmp_path, bank)
    cache_dir = tmp_path / "work" / ".grade"
    lanes.clear()
    crypto.clear_cache()
    first = grade_quiz(locked, sheet, STUDENT, cache_dir=cache_dir)
    assert lanes and {r.status for r in first} == {"passed"}
    assert (cache_dir / "locks.sqlite").is_file()
    lanes.clear()
    crypto.clear_cache()  # a fresh `grade`: nothing in the process
    second = grade_quiz(locked, sheet, STUDENT, cache_dir=cache_dir)
    assert lanes == [] and second == first

    # a wrong answer is cached as wrong, the right one as right with its explanation; only the new answer is hashed
    text = sheet.read_text(encoding="utf-8")
    flipped = text.replace("iterate = true", "iterate = FLIP").replace("iterate = false", "iterate = true")
    sheet.write_text(flipped.replace("iterate = FLIP", "iterate = false"), encoding="utf-8")
    assert sheet.read_text(encoding="utf-8") != text
    lanes.clear()
    crypto.clear_cache()
    third = {r.id: r.status for r in grade_quiz(locked, sheet, STUDENT, cache_dir=cache_dir)}
    assert third["demo.iterate"] == "failed" and len(lanes) == KDF.lanes
    lanes.clear()
    crypto.clear_cache()
    assert {r.id: r.status for r in grade_quiz(locked, sheet, STUDENT, cache_dir=cache_dir)} == third
    assert lanes == []
    with sqlite3.connect(cache_dir / "locks.sqlite") as conn:
        rows = conn.execute("SELECT answer, passed, explanation FROM verdicts").fetchall()
    assert all(len(a) == 64 for a, _, _ in rows) and any(p == 0 and e is None for _, p, e in rows)
    assert any("rectified linear unit" in (e or "") for _, _, e in rows)
    assert not any("relu" in a for a, _, _ in rows), "only digests of the answers are stored"


@pytest.mark.parametrize("damage", ["garbage", "wrong table", "a directory", ".grade is a file"])
def test_a_broken_cache_is_ignored(tmp_path, lanes, damage):
    from grader.quiz import grade_quiz

    bank, locked = _lock(tmp_path)
    sheet = _key_sheet(tmp_path, bank)
    cache_dir = tmp_path / "work" / ".grade"
    if damage == ".grade is a file":  # nothing can be written (chmod would not stop root)
        cache_dir.write_text("not a directory", encoding="utf-8")
    else:
        cache_dir.mkdir()
    path = cache_dir / "locks.sqlite"
    if damage == "garbage":
        path.write_bytes(b"SQLite format 3\0" + b"\xff" * 3000)
    elif damage == "wrong table":
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA user_version = 1")
            conn.execute("CREATE TABLE verdicts (x)")
            conn.execute("INSERT INTO verdicts VALUES (1)")
    elif damage == "a directory":
        path.mkdir()
    expected = grade_quiz(locked, sheet, STUDENT)
    for _ in range(2):
        crypto.clear_cache()
        lanes.clear()
        assert grade_quiz(locked, sheet, STUDENT, cache_dir=cache_dir) == expected
    assert {r.status for r in expected} == {"passed"}
    if damage in ("garbage", "wrong table"):  # replaced by a working cache: the second run hashed nothing
        assert lanes == []


def test_a_changed_bank_invalidates_the_cache(tmp_path, lanes):
    from grader.quiz import grade_quiz

    bank, locked = _lock(tmp_path)
    sheet = _key_sheet(tmp_path, bank)
    cache_dir = tmp_path / "work" / ".grade"
    grade_quiz(locked, sheet, STUDENT, cache_dir=cache_dir)
    _, relocked = _lock(tmp_path, salt_hex="cd" * 16)  # a new release: new salts
    lanes.clear()
    crypto.clear_cache()
    assert {r.status for r in grade_quiz(relocked, sheet, STUDENT, cache_dir=cache_dir)} == {"passed"}
    assert lanes, "a new release is checked with its own locks"
    with sqlite3.connect(cache_dir / "locks.sqlite") as conn:
        assert {s for (s,) in conn.execute("SELECT DISTINCT salt FROM verdicts")} == {"cd" * 16}

    # a forged entry cannot move to another lock: entries are found by the lock's own tags too
    _, same_salt_other_kdf = _lock(tmp_path, salt_hex="cd" * 16, kdf=Kdf(n=32, r=1, p=1, lanes=2))
    lanes.clear()
    crypto.clear_cache()
    grade_quiz(same_salt_other_kdf, sheet, STUDENT, cache_dir=cache_dir)
    assert lanes


def test_grade_check_in_a_release_keeps_its_cache_under_dot_grade(release, tmp_path, monkeypatch):
    """The whole path: `grade_submission` on a release workspace writes .grade/locks.sqlite and reuses it."""
    import shutil

    from grader.course import load_course
    from grader.grading import grade_submission
    from grader.quiz import render_key

    out, _ = release
    work = tmp_path / "ws"
    shutil.copytree(out, work, ignore=shutil.ignore_patterns("__pycache__"))
    from grader.quiz import load_banks

    from support import ROOT

    (work / "answers").mkdir(exist_ok=True)  # a release ships answers/README.md
    for bank in load_banks(ROOT / "quizzes"):
        if bank.id == "week1":
            (work / "answers" / "week1.toml").write_text(render_key(bank, STUDENT), encoding="utf-8")
    course = load_course(work)
    calls = []
    real = Kdf.lane
    monkeypatch.setattr(Kdf, "lane", lambda self, *a: calls.append(a) or real(self, *a))
    crypto.clear_cache()
    first = grade_submission(course, work, student=STUDENT, only=("week1",)).report
    assert calls and (work / ".grade" / "locks.sqlite").is_file()
    calls.clear()
    crypto.clear_cache()
    second = grade_submission(course, work, student=STUDENT, only=("week1",)).report
    assert calls == [] and [(i.id, i.status, i.score) for i in second.items] == [(i.id, i.status, i.score) for i in first.items]
    assert any(i.status == "passed" for i in first.items)
