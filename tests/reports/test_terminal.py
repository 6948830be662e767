"""The terminal report fits the screen, in English and Chinese, and says what many items share once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader import guide
from grader.display import colour_wanted, pad, truncate, width, wrap
from grader.messages import MESSAGES, placeholders
from grader.reports import Outcome, terminal
from grader.results import ItemResult, Report
from support import ROOT, stub_source, write_submission

MODULES = ["numpy_basics", "logistic_regression", "shallow_nn", "deep_nn", "deep_nn_application"]


def item(id: str, status: str, score: float = 0.0, max_score: float = 1.0, feedback: str = "", kind: str = "exercise") -> ItemResult:
    return ItemResult(id=id, kind=kind, score=score, max_score=max_score, status=status, feedback=feedback)


def fits(text: str, columns: int) -> list[str]:
    """The lines of `text` wider than `columns` columns (none, when it fits)."""
    return [line for line in text.splitlines() if width(line) > columns]


# ---------------------------------------------------------------- widths and wrapping

def test_wide_characters_take_two_columns():
    assert width("abc") == 3 and width("答题卡") == 6 and width("（4，1）") == 8
    assert width("e\u0301") == 1  # a combining accent takes none
    assert width(pad("通过", 6)) == 6 and width(truncate("未通过的项目及原因", 9)) <= 9


def test_wrap_breaks_chinese_between_characters_and_english_at_spaces():
    english = wrap("no answer sheet: create answers/week1.toml and fill it in " * 3, 30, "  ")
    assert all(width(line) <= 30 for line in english)
    assert all(not line.endswith("answ") for line in english)  # words stay whole
    chinese = wrap("这是一个很长的中文句子，需要在任意两个汉字之间换行，而且不能超出终端的宽度。" * 2, 21, "  ")
    assert len(chinese) > 2 and all(width(line) <= 21 for line in chinese)
    assert not any(line.lstrip().startswith(("，", "。")) for line in chinese)  # no line starts with a comma
    assert all(width(line) <= 12 for line in wrap("x" * 50, 12, "  "))  # a word longer than a line is cut


def test_no_color_and_non_terminals_get_no_colour(monkeypatch):
    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colour_wanted(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour_wanted(Tty())
    monkeypatch.setenv("NO_COLOR", "")  # empty: not set, by no-color.org
    assert colour_wanted(Tty())
    assert not colour_wanted(open(os.devnull, "w"))


def test_every_message_exists_in_both_languages_with_the_same_placeholders():
    assert MESSAGES["en"].keys() == MESSAGES["zh"].keys()
    for key, english in MESSAGES["en"].items():
        assert placeholders(english) == placeholders(MESSAGES["zh"][key]), key


# ---------------------------------------------------------------- the report

@pytest.mark.parametrize("x, shown", [(0.666667, "0.67"), (137.667, "137.67"), (2.0, "2"), (0.5, "0.5"), (1e-9, "0")])
def test_scores_have_at_most_two_decimals(x, shown):
    assert terminal.points(x) == shown


def test_a_module_wide_error_is_said_once_and_every_item_keeps_it():
    syntax = "exercises/m.py could not be imported: SyntaxError: invalid syntax (m.py, line 3)"
    report = Report.from_items("anonymous", [item(f"m.f{i}", "error", feedback=syntax) for i in range(7)])
    text = terminal.render(Outcome(report))
    assert text.count("SyntaxError") == 1
    assert "Next: m: fix it, then `grade check --only m`" in text
    assert [i.feedback for i in report.items] == [syntax] * 7  # the JSON keeps it per item


def test_compact_shows_what_failed_and_verbose_shows_everything():
    report = Report.from_items("anonymous", [
        item("m.good", "passed", 2, 2),
        item("m.wrong", "partial", 2 / 3, 1, "db has shape (3,) — a rank-1 array"),
        item("m.stub", "failed", 0, 1, "stub() is not written yet: replace its `raise NotImplementedError` with your code"),
    ])
    compact = terminal.render(Outcome(report, titles={"m": "A module"}))
    assert "m.good" not in compact and "rank-1" in compact and "0.67/1" in compact
    assert "m: not written yet: stub" in compact and "0.666667" not in compact
    assert "Total: 2.67/4 (66.67%)" in compact
    assert "Next: m.wrong: fix it" in compact  # started work comes before what is not started
    verbose = terminal.render(Outcome(report, titles={"m": "A module"}, verbose=True))
    assert "m.good" in verbose and "m.stub" in verbose


def test_a_chinese_report_fits_narrow_terminals():
    feedback = "db 的形状是 (3,)：一维数组；求和时请使用 keepdims=True，让它保持 b 的列形状。" * 3
    report = Report.from_items("anonymous", [item("deep_nn.linear_backward", "failed", 0, 5, feedback)] +
                               [item(f"week2.q{i}", "missing", 0, 1, "no answer sheet: create answers/week2.toml", "quiz") for i in range(20)])
    for columns in (40, 60, 80):
        text = terminal.render(Outcome(report, titles={"deep_nn": "构建深层神经网络：一步一步来" * 3}, lang="zh", columns=columns))
        assert fits(text, columns) == [], columns
        assert "未通过的项目及原因" in text and "总分：0/25（0%）" in text


def test_stuck_names_only_worked_items_of_this_run():
    report = Report.from_items("anonymous", [
        item("m.worked", "failed", feedback="wrong"),
        item("m.stub", "failed", feedback="stub() is not written yet: replace it"),
        item("q.x", "missing", kind="quiz", feedback="not answered"),
    ])
    streaks = {"m.worked": 3, "m.stub": 5, "q.x": 4, "other.outside_only": 9}
    assert guide.stuck(report, streaks) == ["m.worked"]


def test_colour_only_when_asked():
    report = Report.from_items("anonymous", [item("m.f", "failed", feedback="wrong")])
    assert "\x1b[" not in terminal.render(Outcome(report)) and "\x1b[" in terminal.render(Outcome(report, colour=True))


# ---------------------------------------------------------------- the real command

@pytest.fixture(scope="module")
def fresh_workspace(tmp_path_factory) -> Path:
    """A student's workspace as it starts: every module the course's stub, no sheet yet."""
    root = write_submission(tmp_path_factory.mktemp("fresh"), {m: stub_source(m) for m in MODULES})
    (root / "answers").mkdir()
    return root


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_grade_on_a_fresh_workspace_fits_one_80_by_50_screen(fresh_workspace, lang):
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.run([sys.executable, "-m", "grader", "check", str(fresh_workspace), "--course", str(ROOT),
                           "--no-record", "--lang", lang], capture_output=True, text=True, timeout=300, env={**env, "CI": "1"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) <= 50, proc.stdout
    assert fits(proc.stdout, 80) == [], proc.stdout
    assert "\x1b[" not in proc.stdout  # not a terminal: no colour
    for module in MODULES:
        assert module in proc.stdout
    assert proc.stdout.count("grade quiz sheet") == 1  # what is missing: one line, not one per item
    assert ("Next: quiz week1" if lang == "en" else "下一步：测验 week1") in proc.stdout


def test_a_syntax_error_is_shown_once_per_module_and_kept_per_item_in_json(tmp_path):
    """A .py module and a notebook's graded cell with a syntax error: one message each on screen."""
    import json

    import notebook_support as nbs

    broken = stub_source("numpy_basics") + "\ndef broken(:\n    pass\n"
    sub = write_submission(tmp_path / "sub", {"numpy_basics": broken})
    source = (ROOT / "tests" / "faithful" / "edition_2021" / "shallow_nn.py").read_text(encoding="utf-8")
    nb = nbs.course_notebook("shallow_nn", source)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "forward_propagation" in nbs.GRADED.findall(c.source))
    cell.source = cell.source.replace("    Z1 = np.dot(W1, X) + b1", "    Z1 = np.dot(W1, X) + b1 +", 1)
    nbs.write(sub / "shallow_nn.ipynb", nb)
    out = tmp_path / "grade.json"
    proc = subprocess.run([sys.executable, "-m", "grader", "check", str(sub), "--course", str(ROOT), "--no-record",
                           "--only", "numpy_basics,shallow_nn", "--json", str(out)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "CI": "1"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("SyntaxError") == 2, proc.stdout  # once for the module, once for the notebook
    items = json.loads(out.read_text())["items"]
    for module, count in (("numpy_basics", 7), ("shallow_nn", 8)):
        mine = [i for i in items if i["id"].startswith(module + ".")]
        assert len(mine) == count and all("SyntaxError" in i["feedback"] and i["score"] == 0 for i in mine), mine


def test_wrapping_keeps_the_alignment_of_printed_arrays():
    lines = wrap("expected:\n  [[1. 2.]\n   [3. 4.]]", 40, "    ")
    assert lines == ["    expected:", "      [[1. 2.]", "       [3. 4.]]"]
