"""The lock format: number grids, variants, sealing, the real scrypt cost, and bank validation."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest

from grader.quiz.lock import (
    STANDARD,
    Kdf,
    abs_point,
    content_key,
    grid_for,
    number_forms,
    number_key_forms,
    seal,
    unseal,
    variant_index,
)


def _accepts(grid, key, tol, rel, x) -> bool:
    stored = set(number_key_forms(grid, key, tol, rel))
    return any(form in stored for form in number_forms(grid, x))


@pytest.mark.parametrize("tol, rel", [(1e-6, 1e-6), (0.01, 1e-6), (0.001, 0.0), (0.0, 1e-3), (0.05, 0.02), (2.0, 1e-6)])
def test_number_locks_never_miss_a_right_answer_and_stay_close(tol, rel):
    import math

    rng = random.Random(f"{tol}-{rel}")
    grid = grid_for(tol, rel)
    for _ in range(300):
        key = rng.choice([rng.randint(-50, 12288), round(rng.uniform(-5, 5), rng.randint(0, 6)), 0, 10, 1000, 0.1])
        t = max(tol, rel * abs(key))
        if t == 0:
            continue
        forms = number_key_forms(grid, key, tol, rel)
        assert len(forms) == len(set(forms)) and 1 <= len(forms) <= 130
        for _ in range(20):
            x = key + rng.uniform(-t, t)
            if math.isclose(x, key, rel_tol=rel, abs_tol=tol):
                assert _accepts(grid, key, tol, rel, x), (key, x, tol, rel)
        for factor in (2.2, -2.2, 5, -40):  # one grid step is at most the tolerance: beyond 2t is always wrong
            assert not _accepts(grid, key, tol, rel, key + factor * t), (key, factor, tol, rel)


@pytest.mark.parametrize("tol, rel", [(1e-6, 1e-6), (0.01, 1e-3), (0.05, 0.02), (2.0, 0.3)])
def test_one_hash_per_number_except_at_the_edge_between_the_grids(tol, rel):
    """A right answer near tolerance / rel_tolerance (where the deciding grid changes) is still accepted;
    away from that edge a number is hashed once."""
    import math

    rng = random.Random(f"edge-{tol}-{rel}")
    grid = grid_for(tol, rel)
    edge = tol / rel
    for _ in range(400):
        key = edge * rng.uniform(0.8, 1.25) * rng.choice([1, -1])
        t = max(tol, rel * abs(key))
        x = key + rng.uniform(-t, t) * 1.1
        if math.isclose(x, key, rel_tol=rel, abs_tol=tol):
            assert _accepts(grid, key, tol, rel, x), (key, x)
    for x in (0.0, edge * (1 - 2.5 * rel), -edge * (1 + 2.5 * rel), edge * 10, edge / 10, 12288, 0.6931):
        if not edge * (1 - 2 * rel) <= abs(x) <= edge * (1 + 2 * rel):
            assert len(number_forms(grid, x)) == 1, x
    assert len(number_forms(grid, edge)) == 2


def test_number_grids_come_from_the_tolerances_only():
    assert grid_for(0.01, 1e-6).model_dump() == {"abs": -2, "rel": 7, "tolerance": 0.01, "rel_tolerance": 1e-6}
    assert grid_for(1e-6, 0.0).model_dump() == {"abs": -6, "rel": None, "tolerance": None, "rel_tolerance": None}
    assert abs_point(0.694, -2) == abs_point(0.69, -2) != abs_point(0.70, -2)
    with pytest.raises(ValueError, match="cannot be locked"):
        grid_for(0.0, 0.0)
    with pytest.raises(ValueError, match="too wide"):
        grid_for(0.1, 0.5)


def test_variant_indexes_are_the_engines_draws(instructor_banks):
    from grader.quiz.variants import draw_params

    for bank in instructor_banks.values():
        for item in bank.items:
            if not item.params:
                continue
            for student in ("s001", "anonymous", "zoë", "x" * 40):
                index = variant_index(bank.id, item, student)
                drawn = draw_params(item, random.Random(__import__("grader.quiz.variants", fromlist=["seed_for"]).seed_for(student, bank.id, item.id)))
                assert drawn == {name: p.value_at(i) for (name, p), i in zip(item.params.items(), index)}


def test_sealed_texts_open_with_their_key_only():
    import base64

    key, salt = content_key(b"k" * 32), b"s" * 32
    sealed = seal("Explanation: (4, 1) — é", key, salt)
    assert unseal(sealed, key, salt) == "Explanation: (4, 1) — é"
    assert seal("Explanation: (4, 1) — é", key, salt) == sealed  # deterministic: releases are byte-identical
    assert unseal(sealed, content_key(b"x" * 32), salt) is None
    assert unseal(sealed, key, b"t" * 32) is None  # the salt is the associated data: another item's lock does not open it
    raw = bytearray(base64.b64decode(sealed))
    for at in (0, len(raw) // 2, len(raw) - 1):  # ciphertext or Poly1305 tag changed
        changed = bytearray(raw)
        changed[at] ^= 1
        assert unseal(base64.b64encode(bytes(changed)).decode(), key, salt) is None
    assert unseal("not base64!", key, salt) is None


def test_the_real_scrypt_cost(tmp_path, instructor_banks):
    """The standard parameters: one hash takes milliseconds, not microseconds or seconds; a locked item works with them."""
    from grader.quiz import Bank, grade_quiz, load_bank, render_key
    from grader.quiz.lock import lock_bank

    assert (STANDARD.n, STANDARD.r, STANDARD.p, STANDARD.lanes) == (2**15, 11, 1, 2)
    import resource

    def cpu() -> float:  # every thread of this process: both lanes
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    STANDARD.derive(b"warm-up" * 4, "x")
    started = cpu()
    for n in range(3):
        STANDARD.derive(b"timing salt " * 3, f"single\0answer {n}")
    per_lane = (cpu() - started) / 3 / STANDARD.lanes  # CPU, not wall: the shared machine may be loaded
    assert 0.002 < per_lane < 1.0, per_lane
    week4 = instructor_banks["week4"]
    small = Bank.model_validate({"id": "week4", "title": "t", "week": 4,
                                 "items": [i.model_dump(exclude_unset=True) for i in week4.items if i.id in ("count-course", "hyperparameters", "cache-name")]})
    text, stats = lock_bank(small, salt_hex="ab" * 16, kdf=STANDARD)
    assert 'n = 32768' in text and "\nr = 11\n" in text and "\nlanes = 2\n" in text and "format = 3" in text
    assert stats.hashes >= 3
    (tmp_path / "week4.toml").write_text(text, encoding="utf-8")
    locked = load_bank(tmp_path / "week4.toml")
    (tmp_path / "key.toml").write_text(render_key(small, "s001"), encoding="utf-8")
    results = grade_quiz(locked, tmp_path / "key.toml", "s001")
    assert [r.status for r in results] == ["passed"] * 3


def test_a_broken_locked_bank_is_reported_with_file_and_line(release, tmp_path):
    from grader.quiz import validate_quizzes

    out, _ = release
    quizzes = tmp_path / "quizzes"
    shutil.copytree(out / "quizzes", quizzes)
    path = quizzes / "week1.toml"
    text = path.read_text(encoding="utf-8")
    first_lock = text.index("[[items.locks]]")
    path.write_text(text[:first_lock] + text[first_lock:].replace("[[items.locks]]", "[[items.unknown]]", 1), encoding="utf-8")
    problems = validate_quizzes(quizzes)
    assert problems and all(p.path == str(path) for p in problems)
    assert any("unknown" in p.message and p.line for p in problems), [str(p) for p in problems]
    assert validate_quizzes(out / "quizzes") == []


# ---------------------------------------------------------------- building

FIXTURE_COURSE = Path(__file__).resolve().parents[1] / "engine" / "fixtures" / "course"


@pytest.fixture
def small_course(tmp_path):
    """A copy of the engine's fixture course with a quiz bank, so it can be changed."""
    from grader.course import load_course

    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(Path(__file__).resolve().parents[1] / "quiz" / "fixtures" / "course" / "quizzes" / "demo.toml", root / "quizzes" / "demo.toml")
    for stub in ("toy.py", "stack.py"):  # the engine fixture's stubs return None; a release ships the course's stub form
        path = root / "exercises" / stub
        path.write_text(path.read_text(encoding="utf-8").replace(
            "    return None", "    # YOUR CODE HERE\n    raise NotImplementedError"), encoding="utf-8")
    return load_course(root)


def test_public_checks_that_use_the_reference_refuse_the_release(small_course, tmp_path):
    from grader.errors import InputError
    from grader.release import build_release
    from grader.release.public_checks import public_check_problems

    checks = small_course.public_checks_dir
    (checks / "test_stack.py").write_text(
        "import pytest\nimport toy\nimport secret_helpers\nfrom solutions.stack import affine\n\n"
        "@pytest.mark.function('affine')\n@pytest.mark.points(1)\n"
        "def test_affine(student, reference):\n    data = open('solutions/stack.py').read()\n", encoding="utf-8")
    (small_course.hidden_checks_dir / "secret_helpers.py").write_text("RANDOM_SHAPES = 5\n", encoding="utf-8")
    messages = [p.message for p in public_check_problems(small_course)]
    assert any("'secret_helpers', a helper of the hidden checks" in m for m in messages)
    assert any("imports 'toy'" in m for m in messages)
    assert any("imports solutions.stack" in m for m in messages)
    assert any("`reference` fixture" in m for m in messages)
    assert any("path under solutions/" in m for m in messages)
    with pytest.raises(InputError, match="test_stack.py:2: release refused: a public check imports"):
        build_release(small_course, tmp_path / "out", kdf=Kdf(16, 1, 1))
    assert not (tmp_path / "out").exists()


def test_where_a_release_may_be_written(small_course, tmp_path):
    from grader.errors import InputError
    from grader.release import build_release

    kdf = Kdf(16, 1, 1)
    for bad in (small_course.root, small_course.root.parent, small_course.exercises_dir / "out"):
        with pytest.raises(InputError, match="must not be"):
            build_release(small_course, bad, kdf=kdf, check_course=False)
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="--force"):
        build_release(small_course, other, kdf=kdf, check_course=False)
    with pytest.raises(InputError, match="does not look like a student release"):
        build_release(small_course, other, kdf=kdf, check_course=False, force=True)
    assert (other / "todo.txt").read_text(encoding="utf-8") == "mine"
    out = tmp_path / "out"
    build_release(small_course, out, kdf=kdf, check_course=False)
    (out / "answers" / "stale.toml").write_text("x = 1\n", encoding="utf-8")  # answers/ ships with a README.md
    build_release(small_course, out, kdf=kdf, check_course=False, force=True)
    assert sorted(p.name for p in (out / "answers").iterdir()) == ["README.md"]  # replaced whole, nothing stale kept
    assert (out / "quizzes" / "demo.toml").is_file()
    assert not list(tmp_path.glob(".out.*")), "no staging directory is left behind"
    from grader.course import load_course

    with pytest.raises(InputError, match="already a student release"):
        build_release(load_course(out), tmp_path / "again", kdf=kdf)


def test_rosters(tmp_path):
    from grader.errors import InputError
    from grader.release import read_roster

    path = tmp_path / "roster.txt"
    path.write_text("\ufeff# students of 2026\ns001\n\n  s002  \ns001\nMüller, Anna\n", encoding="utf-8")
    assert read_roster(path) == ["s001", "s002", "Müller, Anna"]
    path.write_text("# nobody\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no student ids"):
        read_roster(path)


def test_the_release_manifest_counts_hidden_checks(release, course):
    from grader.course import load_course
    from grader.harness.runner import count_checks

    out, summary = release
    expected = {name: c.hidden for name, c in count_checks(course).items()}
    assert summary.hidden_checks == expected and all(n > 0 for n in expected.values())
    assert {m.name: m.hidden_checks for m in load_course(out).manifest.modules} == expected
    assert all(m.hidden_checks is None for m in course.manifest.modules)
