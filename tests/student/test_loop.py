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


def test_hint_ladder_climbs_one_rung_at_a_time(tmp_path):
    from grader.course import load_course

    course = load_course(ROOT)
    spec = next(m for m in course.manifest.modules if m.hints)
    fn, ladder = next(iter(spec.hints.items()))
    runner = CliRunner()
    seen = []
    for _ in range(len(ladder) + 1):
        result = runner.invoke(cli, ["hint", f"{spec.name}.{fn}", str(tmp_path), "--course", str(ROOT)])
        assert result.exit_code == 0, result.output
        seen.append(result.output)
    assert ladder[0] in seen[0]
    assert ladder[-1] in seen[-1] and "last hint" in seen[-1]
    bad = runner.invoke(cli, ["hint", f"{spec.name}.no_such_function", str(tmp_path), "--course", str(ROOT)])
    assert bad.exit_code == 2


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
