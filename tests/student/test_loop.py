"""The student loop: progress store, hint ladder, watch mode (with a real re-grade)."""

from __future__ import annotations

import threading

from click.testing import CliRunner

from grader.cli import cli
from grader.progress import Progress
from grader.results import ItemResult, Report
from grader.watch import changes, snapshot, watch
from support import ROOT, reference_source, stub_source, write_submission


def report(**statuses: str) -> Report:
    items = [
        ItemResult(id=f"m.{name}", kind="exercise", score=1.0 if s == "passed" else 0.0, max_score=1.0, status=s)
        for name, s in statuses.items()
    ]
    return Report.from_items("s", items)


def test_progress_keeps_best_score_and_failure_streaks(tmp_path):
    store = Progress(tmp_path)
    assert store.items() == []
    store.record(report(f="passed", g="failed"))
    store.record(report(f="failed", g="failed"))
    items = {p.item: p for p in store.items()}
    assert items["m.f"].best == 1.0 and items["m.f"].done and items["m.f"].failures_in_a_row == 1
    assert items["m.g"].best == 0.0 and not items["m.g"].done and items["m.g"].failures_in_a_row == 2
    assert items["m.g"].attempts == 2


def test_changes_name_newly_passing_and_failing():
    before, after = report(f="failed", g="passed"), report(f="passed", g="error")
    lines = changes(before, after)
    assert "newly passing: m.f" in lines and "newly failing: m.g (error)" in lines
    assert changes(None, after) == []
    assert changes(after, after) == ["no change in any result"]


def test_hint_ladder_climbs_one_rung_at_a_time_and_says_when_it_is_at_the_end(tmp_path):
    from grader.course import load_course

    course = load_course(ROOT)
    spec = next(m for m in course.manifest.modules if m.hints)
    fn, ladder = next(iter(spec.hints.items()))
    item = f"{spec.name}.{fn}"
    runner = CliRunner()

    def hint(*args: str) -> str:
        result = runner.invoke(cli, ["hint", item, str(tmp_path), "--course", str(ROOT), *args])
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())  # wrapped to the terminal: compare words

    assert "No hint" in hint("--list")
    seen = [hint() for _ in range(len(ladder) + 2)]
    for index, text in enumerate(ladder):
        assert f"Hint {index + 1} of {len(ladder)}" in seen[index] and " ".join(text.split()) in seen[index]
    assert "last hint" in seen[len(ladder) - 1]
    for end in seen[len(ladder):]:  # at the top: said, not the last hint again
        assert "No more hints" in end and "--list" in end and "--reset" in end
        assert " ".join(ladder[-1].split()) not in end
    listed = hint("--list")
    assert all(" ".join(text.split()) in listed for text in ladder)
    assert "start over" in hint("--reset")
    assert "Hint 1 of" in hint() and " ".join(ladder[0].split()) in hint("--list")
    assert "提示 1/" in hint("--list", "--lang", "zh")
    bad = runner.invoke(cli, ["hint", f"{spec.name}.no_such_function", str(tmp_path), "--course", str(ROOT)])
    assert bad.exit_code == 2


def test_progress_shows_a_bar_per_assignment_that_fits(tmp_path):
    from grader.display import width

    store = Progress(tmp_path)
    store.record(Report.from_items("s", [
        ItemResult(id="week2.a", kind="quiz", score=1.0, max_score=1.0, status="passed"),
        ItemResult(id="week2.b", kind="quiz", score=0.0, max_score=1.0, status="failed"),
        ItemResult(id="numpy_basics.sigmoid", kind="exercise", score=2 / 3, max_score=2.0, status="partial"),
    ]))
    runner = CliRunner()
    for lang, done in (("en", "1/2 done"), ("zh", "完成 1/2")):
        result = runner.invoke(cli, ["progress", str(tmp_path), "--lang", lang])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert all(width(line) <= 80 for line in lines), result.output
        assert lines[0].split()[0] == "week2" and done in lines[0] and "[" in lines[0]  # the order graded
        assert "0.67/2" in lines[1] and "0.666" not in result.output


def test_watch_regrades_after_a_save(tmp_path):
    """Edit a file while watch runs and see the new result (real grading each time)."""
    from grader.course import load_course
    from grader.grading import grade_submission

    course = load_course(ROOT)
    sub = write_submission(tmp_path, {"numpy_basics": stub_source("numpy_basics")})
    shown: list[tuple[Report, list[str]]] = []
    first_done = threading.Event()

    def grade():
        return grade_submission(course, sub, student="w", only=("numpy_basics.sigmoid",)).report

    def show(rep, lines):
        shown.append((rep, lines))
        first_done.set()

    def save_after_first_run(_interval):
        if first_done.is_set() and len(shown) == 1 and not saved:
            (sub / "exercises" / "numpy_basics.py").write_text(reference_source("numpy_basics") + "\n# saved\n")
            saved.append(True)

    saved: list[bool] = []
    before = snapshot(sub)
    watch(sub, grade, show, interval=0.0, max_runs=2, sleep=save_after_first_run)
    assert snapshot(sub) != before
    assert [r.items[0].status for r, _ in shown] == ["failed", "passed"] or shown[0][0].items[0].status != "passed"
    assert shown[1][0].items[0].status == "passed"
    assert "newly passing: numpy_basics.sigmoid" in shown[1][1]


def test_changes_in_chinese_with_short_scores():
    before = Report.from_items("s", [ItemResult(id="m.f", kind="exercise", score=0.0, max_score=3.0, status="failed")])
    after = Report.from_items("s", [ItemResult(id="m.f", kind="exercise", score=2 / 3, max_score=3.0, status="partial")])
    assert changes(before, after) == ["changed: m.f 0 → 0.67 (partial)", "total: 0 → 0.67/3"]
    assert changes(before, after, "zh")[0] == "有变化：m.f 0 → 0.67（部分正确）"
