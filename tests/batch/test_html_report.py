"""The class report (`grade report`, written by `grade batch`), opened in a real browser.

A real batch of a dozen small submissions, one of them hostile (a student id, a
quiz answer and an exception message holding markup) and one that cannot be
graded, goes through the real `grade batch`; the report it writes is opened in
headless Chromium (Debian's package, installed by .ci/run). The rendered DOM
must hold every section, the plots and the tables, with no console message, no
element made from a student's markup, and numbers that agree with gradebook.csv.

Without Chromium the browser test skips and says why, except under CI (CI set),
where it fails: .ci/run installs it, so its absence there is a broken setup.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from grader.classreport import data as report_data
from grader.classreport import render_report

from .conftest import ROOT, make_class, sheet, stack_reference, toy_reference, write

HOSTILE_ID = "<script>alert(1)<img src=x onerror=alert(2)>"  # a directory name: no "/"
HOSTILE_ANSWER = "<script>alert(3)</script><img src=x onerror=alert(4)>"
HOSTILE_ERROR = "<script>alert(5)</script><img src=x onerror=alert(6)>"
SECTIONS = ("attention", "distributions", "functions", "items", "mistakes", "students")
BROWSER_TIMEOUT = 120  # seconds per Chromium run: a hung browser fails the test, never the suite
N_CLASS = 11


# ---------------------------------------------------------------- a DOM from Chromium's --dump-dom

class Node:
    """An element of the rendered DOM: its attributes, children, own text and the text after it."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: "Node | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.parts: list[str] = []  # text before the first child
        self.tail: list[str] = []  # text after this element, inside its parent

    def iter(self, tag: str | None = None):
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            yield from child.iter(tag)

    def find(self, tag: str | None = None, **attrs) -> "Node | None":
        return next(self.find_all(tag, **attrs), None)

    def find_all(self, tag: str | None = None, **attrs):
        for node in self.iter(tag):
            if all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                yield node


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TreeBuilder(HTMLParser):
    """Chromium's serialised DOM back into a tree (every element it created, with its text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, text):
        if self.current.children:
            self.current.children[-1].tail.append(text)
        else:
            self.current.parts.append(text)


def text_of(node: Node) -> str:
    out = list(node.parts)
    for child in node.children:
        out.append(text_of(child))
        out.extend(child.tail)
    return "".join(out)


def parse(dom: str) -> Node:
    builder = TreeBuilder()
    builder.feed(dom)
    builder.close()
    return builder.root


# ---------------------------------------------------------------- Chromium

def chromium_problem() -> str | None:
    """Why headless Chromium cannot be used here (None: it can)."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        return "chromium is not installed (apt-get install chromium; .ci/run does): the report cannot be opened in a browser"
    try:
        probe = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"chromium does not run here ({exc})"
    if probe.returncode != 0:
        return f"chromium does not run here ({probe.stderr.strip()[:200]})"
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    problem = chromium_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"under CI the class report must be opened in a browser: {problem}")
        pytest.skip(problem)
    return shutil.which("chromium") or shutil.which("chromium-browser")  # type: ignore[return-value]


def browse(chromium: str, url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    """One headless Chromium run (its own profile, logging to stderr), bounded in time."""
    args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
            "--disable-background-networking", "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
            "--enable-logging=stderr", "--v=0", *extra, url]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=BROWSER_TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def console_messages(stderr: str) -> list[str]:
    """What the page said on the console: every message, uncaught error and CSP refusal."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


# ---------------------------------------------------------------- the class

def hostile_submission(course_dir: Path, subs: Path) -> None:
    """A student id, a quiz answer and an exception message that are markup."""
    answers = sheet(course_dir, HOSTILE_ID)
    lines = answers.splitlines()
    at = next(k for k, line in enumerate(lines) if line.startswith("new-electricity ="))
    lines[at] = "new-electricity = " + json.dumps(HOSTILE_ANSWER)
    toy = toy_reference() + f"\n\ndef add(a, b):\n    raise ValueError({HOSTILE_ERROR!r})\n"
    write(subs / HOSTILE_ID, toy, stack_reference(), "\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def batch_results(course_dir, tmp_path_factory):
    """A real `grade batch --min-score 60`: N_CLASS generated submissions, the hostile one, and a link (not graded)."""
    base = tmp_path_factory.mktemp("html-report")
    subs = base / "subs"
    make_class(course_dir, subs, N_CLASS)
    hostile_submission(course_dir, subs)
    (subs / "zz-linked").symlink_to(subs / "s00", target_is_directory=True)
    results = base / "results"
    proc = subprocess.run([sys.executable, "-m", "grader", "batch", str(subs), "-o", str(results), "--course", str(course_dir),
                           "-j", "2", "--min-score", "60"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr  # the link cannot be graded: below --min-score
    assert f"class report: {results / 'report.html'}" in proc.stdout
    return results


def gradebook(results: Path) -> dict[str, dict[str, str]]:
    with open(results / "gradebook.csv", newline="", encoding="utf-8") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


# ---------------------------------------------------------------- the tests

def test_report_opens_in_chromium_with_every_section_and_numbers_of_the_gradebook(chromium, batch_results, tmp_path):
    report = batch_results / "report.html"
    screenshot = tmp_path / "report.png"
    shot = browse(chromium, report.as_uri(), tmp_path / "profile-shot", "--window-size=1280,2400", f"--screenshot={screenshot}")
    assert screenshot.stat().st_size > 20_000 and screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dumped = browse(chromium, report.as_uri() + "?q=s0&sort=-percent", tmp_path / "profile-dom", "--dump-dom")
    (tmp_path / "dom.html").write_text(dumped.stdout, encoding="utf-8")
    assert console_messages(shot.stderr) == [] and console_messages(dumped.stderr) == []
    dom = parse(dumped.stdout)

    # Every section, with its plots drawn by matplotlib as inline SVG.
    for section in SECTIONS:
        assert dom.find("section", id=section) is not None, section
    plots = {f.attrs["id"]: f for f in dom.find_all("figure") if f.attrs.get("id", "").startswith("plot-")}
    assert {"plot-total", "plot-group-0", "plot-group-1", "plot-group-2", "plot-outcomes", "plot-items", "plot-mistakes"} <= set(plots)
    for key, figure in plots.items():
        svg = figure.find("svg")
        assert svg is not None and len(list(svg.iter("path"))) > 5, key
    ids = [n.attrs["id"] for n in dom.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "ids must be unique across the inline SVGs"

    # Nothing a student wrote became an element: one script (the page's own), no image, no handler.
    assert len(list(dom.iter("script"))) == 1
    assert list(dom.iter("img")) == []
    assert not [n for n in dom.iter() if any(a.startswith("on") for a in n.attrs)]
    book = gradebook(batch_results)
    assert HOSTILE_ID in book
    row = dom.find("tr", data_student=HOSTILE_ID)
    assert row is not None and text_of(row.find("a")) == HOSTILE_ID
    k = row.find("a").attrs["href"].removeprefix("#")
    own = dom.find("section", id=k)
    assert own.attrs["data-student"] == HOSTILE_ID and text_of(own.find("h2")) == HOSTILE_ID
    assert f'unreadable: "{HOSTILE_ANSWER}"' in text_of(own) and HOSTILE_ERROR in text_of(own)
    assert f'unreadable: "{HOSTILE_ANSWER}"' in text_of(dom.find("tr", id="item-week1.new-electricity"))

    # The script ran: filtered by ?q=s0, sorted by percent descending.
    table = dom.find("table", id="student-table")
    assert table.attrs.get("data-ready") == "true"
    rows = list(table.find("tbody").iter("tr"))
    assert sorted(r.attrs["data-student"] for r in rows) == sorted(book)
    shown = [r for r in rows if "hidden" not in r.attrs]
    assert [r.attrs["data-student"] for r in shown] == sorted((s for s in book if "s0" in s),
                                                              key=lambda s: (-float(book[s]["percent"]), s))
    assert text_of(dom.find("span", id="student-count")) == f"{len(shown)} of {len(book)} shown"

    # The table's and each student's numbers are the gradebook's.
    columns = [c for c in next(iter(book.values()))
               if c not in ("student", "status", "score", "max_score", "percent") and not c.endswith(" subtotal")]
    subtotal_columns = [c for c in next(iter(book.values())) if c.endswith(" subtotal")]
    assert subtotal_columns, "the gradebook has a subtotal per quiz and assignment"
    for student, line in book.items():
        tr = dom.find("tr", data_student=student)
        cells = [text_of(td) for td in tr.iter("td")]
        if line["status"] != "graded":
            assert cells[1].startswith("not graded")
            continue
        assert cells[2:5] == [line["score"], line["max_score"], line["percent"]], student
        own = dom.find("section", id=tr.find("a").attrs["href"].removeprefix("#"))
        points = {r.attrs["data-item"]: text_of(list(r.iter("td"))[2]) for r in own.find("tbody").iter("tr")}
        for column in columns:
            assert points[column].split(" / ")[0] == line[column], (student, column)
        for column in subtotal_columns:  # the report's items add up to the gradebook's subtotals
            part = column.removesuffix(" subtotal")
            mine = sum(float(p.split(" / ")[0]) for item, p in points.items() if item.startswith(part + "."))
            assert abs(mine - float(line[column])) < 1e-3, (student, column)  # both rounded for display
    graded = [s for s, line in book.items() if line["status"] == "graded"]
    percents = np.array([float(book[s]["percent"]) for s in graded])
    summary = text_of(dom.find("p", id="summary"))
    assert f"{len(graded)} submission(s) graded, 1 could not be graded." in summary
    assert f"mean {percents.mean():.2f}%" in summary or abs(float(summary.split("mean ")[1].split("%")[0]) - percents.mean()) < 0.01
    below = sum(1 for line in book.values() if line["status"] != "graded" or float(line["percent"]) < 60)
    assert f"{below} below --min-score 60%" in summary

    # Item analysis: discrimination from the gradebook's columns, computed here with NumPy; the flagged items.
    totals = np.array([float(book[s]["score"]) for s in graded])
    expected_flags = set()
    for column in columns:
        x = np.array([float(book[s][column]) for s in graded])
        tr = dom.find("tr", id=f"item-{column}")
        assert tr is not None, column
        if x.std() < 1e-9 or (totals - x).std() < 1e-9:
            assert tr.attrs["data-discrimination"] == "", column
            continue
        d = np.corrcoef(x, totals - x)[0, 1]
        assert float(tr.attrs["data-discrimination"]) == pytest.approx(d, abs=1e-4), column
        if d < 0.2:
            expected_flags.add(column)
    got = {r.attrs["data-item"] for r in dom.find("table", id="item-table").find("tbody").iter("tr") if r.attrs["data-flag"]}
    assert got == expected_flags and expected_flags, "the class has items that do not discriminate"
    flagged = dom.find("table", id="flagged")
    at_top = [r.attrs["data-item"] for r in flagged.find("tbody").iter("tr")]
    most_negative = sorted(expected_flags, key=lambda c: (float(dom.find("tr", id=f"item-{c}").attrs["data-discrimination"]), c))
    assert at_top == most_negative[:10]

    # Outcomes per function: full marks as often as the gradebook has the function's maximum.
    for tr in dom.find("table", id="outcomes").find("tbody").iter("tr"):
        column = tr.attrs["data-item"]
        maximum = float(text_of(list(dom.find("tr", id=f"item-{column}").iter("td"))[3]))
        passed = sum(1 for s in graded if abs(float(book[s][column]) - maximum) < 1e-9)
        assert int(tr.find("td", data_status="passed").attrs["data-count"]) == passed, column

    # The mistakes: every subtracting add() of the class is named, and nothing else claims it.
    mistakes = {(r.attrs["data-item"], r.attrs["data-mistake"]): int(text_of(list(r.iter("td"))[2]))
                for r in dom.find("table", id="mistake-table").find("tbody").iter("tr")}
    assert mistakes[("toy.add", "add:subtracts")] == sum(1 for i in range(N_CLASS) if i % 3 == 1)


def test_same_journal_same_report_and_no_markup_from_students(batch_results):
    first = render_report(batch_results, min_score=60)
    assert first == (batch_results / "report.html").read_text(encoding="utf-8")  # another process, byte for byte
    assert first.count("<script") == 1 and "<img" not in first and "onerror=" not in first.replace("onerror=alert", "")
    assert "&lt;img src=x onerror=alert(2)&gt;" in first and "&lt;script&gt;alert(3)&lt;/script&gt;" in first
    assert "Content-Security-Policy" in first and "http://" not in first.split("<svg", 1)[0]


def test_items_are_flagged_from_ten_submissions_on_the_most_negative_first():
    items = [{"id": f"q.{name}", "kind": "quiz", "score": s, "max_score": 1.0, "status": "passed" if s else "failed",
              "feedback": "" if s else "Not right."} for name, s in (("a", 0), ("b", 0), ("c", 0))]

    def row(student, a, b, c, rest):
        its = [dict(items[0], score=float(a), status="passed" if a else "failed"),
               dict(items[1], score=float(b), status="passed" if b else "failed"),
               dict(items[2], score=float(c), status="passed" if c else "failed"),
               {"id": "m.f", "kind": "exercise", "score": float(rest), "max_score": 5.0, "status": "passed" if rest == 5 else "partial",
                "feedback": "" if rest == 5 else "off by #1", "mistake": None if rest == 5 else "f:off"}]
        return {"schema": 1, "student": student, "status": "graded", "score": float(a + b + c + rest), "max_score": 8.0,
                "items": its, "receipt": None, "wrong_answers": {}}

    # q.a and m.f follow the rest of the test (r 0.71, 0.29), q.b goes against it (-0.62), q.c is noise (0.02).
    rows = [row(f"s{k}", k >= 4, k < 2, k % 3 == 0, min(k // 2 + (k > 5), 5)) for k in range(10)]
    klass = report_data.build(rows, min_score=50)
    assert [i.id for i in klass.flagged] == ["q.b", "q.c"]
    assert klass.flagged[0].flag == "negative discrimination"
    assert not report_data.build(rows[:9]).flagged  # nine: too few to flag
    assert [(m.item, m.mistake, m.count) for m in klass.mistakes] == [("m.f", "f:off", 8)]  # k = 8, 9 have full marks
    assert klass.below_min == [s for s in klass.students if s.percent < 50]


def test_report_command_refuses_bad_input_with_one_line(tmp_path, batch_results):
    def grade(*args):
        return subprocess.run([sys.executable, "-m", "grader", "report", *args], capture_output=True, text=True, timeout=120, cwd=ROOT)

    for args, words in (([str(tmp_path / "nope")], "results directory not found"),
                        ([str(tmp_path)], "no results.jsonl here")):
        proc = grade(*args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.strip().splitlines()[-1].startswith("grade: error:") and words in proc.stderr
    (tmp_path / "target.html").write_text("mine\n", encoding="utf-8")
    (tmp_path / "planted.html").symlink_to(tmp_path / "target.html")
    proc = grade(str(batch_results), "-o", str(tmp_path / "planted.html"))
    assert proc.returncode == 2 and "symbolic link" in proc.stderr
    assert (tmp_path / "target.html").read_text(encoding="utf-8") == "mine\n"
    proc = grade(str(batch_results), "-o", str(tmp_path / "out" / "class.html"))  # as every report: no directory made
    assert proc.returncode == 2 and "does not exist" in proc.stderr and not (tmp_path / "out").exists()
    (tmp_path / "out").mkdir()
    proc = grade(str(batch_results), "-o", str(tmp_path / "out" / "class.html"))
    assert proc.returncode == 0 and (tmp_path / "out" / "class.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_help_does_not_import_matplotlib():
    code = ("import sys; from grader.cli import cli\n"
            "for args in (['--help'], ['report', '--help']):\n"
            "    try:\n        cli.main(args, standalone_mode=False)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip().endswith("[]"), proc.stdout + proc.stderr


def test_plots_are_deterministic_svg_with_their_own_ids_and_text_kept_as_text():
    import re

    from grader.classreport import plots
    from grader.classreport.data import Mistake

    found = [Mistake("m.f", "f:<img src=x onerror=alert(1)> costs $5$ & more", 3, 0.5, ""), Mistake("m.g", "g:plain", 1, 0.2, "")]
    svg = plots.mistakes("mistakes", found)
    assert svg == plots.mistakes("mistakes", found)
    assert svg.startswith("<svg") and "<img" not in svg and "<script" not in svg
    assert "f:&lt;img src=x onerror=alert(1)&gt; costs $5$ &amp; more" in svg  # text, not markup or mathtext
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids and all(i.startswith("mistakes-") for i in ids)
    assert all(ref.startswith("mistakes-") for ref in re.findall(r"url\(#([^)]+)\)", svg))
    histogram = plots.histogram("total", "Total", [10.0, 55.5, 100.0, 100.0], mean=66.4, median=77.7, min_score=60)
    assert "--min-score 60%" in histogram and "mean 66.4%" in histogram and "median 77.7%" in histogram
    assert "Date" not in histogram and "<metadata" not in histogram


def test_a_class_with_nothing_graded_still_has_every_section_and_says_why():
    from grader.batch.task import error_row
    from grader.classreport import html, plots

    klass = report_data.build([error_row("a<b>", "grading failed: <i>boom</i>"), error_row("c", "a link")], min_score=50)
    page = html.render(klass, plots.render_all(klass))
    dom = parse(page)
    assert all(dom.find("section", id=s) is not None for s in SECTIONS)
    assert "No submission was graded." in page and list(dom.iter("svg")) == [] and list(dom.iter("i")) == []
    assert [r.attrs["data-student"] for r in dom.find("table", id="student-table").find("tbody").iter("tr")] == ["a<b>", "c"]
    assert "Not graded: grading failed: <i>boom</i>" in text_of(dom.find("section", id="student-0"))
