"""A release in Chinese (`grade release --lang zh`): its quizzes and README in Chinese, its locks on what it shows.

A release holds one language. Its choices are the Chinese ones, so a choice is locked as the
Chinese text the student is shown; the explanation sealed in each lock is the Chinese one.
Built from the bilingual fixture course with cheap scrypt parameters (see conftest.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.course import load_course
from grader.quiz import grade_quiz, load_bank, prepare, render_sheet
from grader.quiz.lock import is_locked
from keyboard_support import chinese_answer

FIXTURE = Path(__file__).resolve().parent.parent / "quiz" / "fixtures" / "bilingual"


@pytest.fixture(scope="module")
def zh_release(tmp_path_factory, test_kdf, engine):
    from grader.release import build_release

    root = tmp_path_factory.mktemp("bilingual-course")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    out = tmp_path_factory.mktemp("release-zh") / "student"
    build_release(load_course(root), out, kdf=test_kdf, workers=1, engine=engine, lang="zh")
    return root, out


def test_the_release_shows_the_chinese_texts(zh_release) -> None:
    root, out = zh_release
    clear, locked = load_bank(root / "quizzes" / "bilingual.toml"), load_bank(out / "quizzes" / "bilingual.toml")
    assert is_locked(locked) and locked.title == "神经网络基础"
    for item in clear.items:
        shown = locked.item(item.id)
        assert shown.prompt == item.zh.prompt and shown.concept == item.zh.concept
        assert shown.choices == item.zh.choices and shown.hints == item.zh.hints
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# 你的课程工作区") and "- `bilingual`（第 2 周）：神经网络基础，7 题" in readme


def test_right_answers_typed_in_chinese_pass_and_open_the_chinese_explanation(zh_release, tmp_path) -> None:
    root, out = zh_release
    clear, locked = load_bank(root / "quizzes" / "bilingual.toml"), load_bank(out / "quizzes" / "bilingual.toml")
    answers = {}
    for item in clear.items:
        p = prepare(clear, item, "s1", "zh")
        answers[item.id] = chinese_answer(p, p.key)
    sheet = tmp_path / "bilingual.toml"
    sheet.write_text(render_sheet(locked, "s1", answers), encoding="utf-8")
    results = grade_quiz(locked, sheet, "s1")
    assert [r.status for r in results] == ["passed"] * len(clear.items), [(r.id, r.feedback) for r in results]
    # the Chinese explanation opens with the right answer, in `take`
    from grader.quiz.scoring import mark
    from grader.quiz.answers import parse_answer

    p = prepare(locked, locked.item("neuron-computes"), "s1")
    opened = mark(p, parse_answer(p, answers["neuron-computes"]))
    assert opened.status == "passed" and opened.explanation.startswith("神经元先计算")
    # a Chinese accepted answer opens the lock too
    t = prepare(locked, locked.item("activation-name"), "s1")
    assert mark(t, parse_answer(t, "修正线性单元")).status == "passed"
    assert mark(t, parse_answer(t, "sigmoid")).status == "failed"
