"""The instructor's class report: one self-contained HTML file from a batch's journal.

    grade report RESULTS_DIR -o report.html      (and `grade batch` writes RESULTS_DIR/report.html)

    data.py    the journal's rows → the numbers every section shows (distributions,
               outcomes per function, item analysis, mistakes, the student table)
    plots.py   those numbers → matplotlib figures rendered to deterministic inline SVG
    html.py    numbers and plots → one HTML page: no network, no server, every
               student-provided string escaped, a Content-Security-Policy that only
               lets the page's own script run

The journal (results.jsonl) is the only input, so the report can be rebuilt at any
time, on any machine, from a copied results directory without the course. matplotlib
is imported only when a report is rendered, never by `grade --help`.
"""

from __future__ import annotations

from pathlib import Path

REPORT = "report.html"

__all__ = ["REPORT", "render_report", "write_class_report"]


def render_report(results_dir: Path, *, min_score: float | None = None) -> str:
    """The HTML text of the class report of RESULTS_DIR's journal (InputError if there is none)."""
    from grader.classreport import data

    return _render(data.load(Path(results_dir), min_score=min_score))


def _render(klass) -> str:
    from grader.classreport import html, plots

    return html.render(klass, plots.render_all(klass))


def write_class_report(results_dir: Path, output: Path | None = None, *, min_score: float | None = None) -> Path:
    """Render the report and write it (atomically, never through a planted link); the path written.

    The journal is read first, so a mistyped results directory is reported as such
    (and not created as the report's directory); a bad output path is refused
    before the plots are drawn.
    """
    from grader.classreport import data
    from grader.reports.output import check_target, write_report

    klass = data.load(Path(results_dir), min_score=min_score)
    target = Path(output) if output is not None else Path(results_dir) / REPORT
    check_target(target)
    write_report(target, _render(klass))
    return target
