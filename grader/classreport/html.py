"""The class report as one HTML page: sections, tables, inline SVG plots, a little script.

The page is self-contained so that it opens from disk, is mailed as one file and
works offline: styles and the script are inline, plots are inline SVG, each
student's own report is a section of the page shown when its row is opened
(`#student-K`, CSS `:target`, no script needed). Nothing is fetched.

Every string that came from a submission (student ids, answers, feedback, which
quotes students' output and file names) goes through `_e` (html.escape with
quotes) and nothing else reaches the page unescaped: the plots hold only the
course's names and numbers. As a second wall, the page's Content-Security-Policy
lets only its own script run (by its hash) and loads nothing: even markup that
slipped through could not run code or fetch anything.

The script only filters and sorts the student table (`?q=TEXT&sort=KEY` or
`sort=-KEY` in the address set both when the page opens); the page is complete
without it.
"""

from __future__ import annotations

import base64
import hashlib
import html

from grader.batch.analysis import LOW_DISCRIMINATION, MIN_STUDENTS_TO_FLAG
from grader.classreport.data import STATUSES, ClassData, ItemStats, Student

FEEDBACK_LIMIT = 4000  # characters of one feedback message in a student's report
CELL_LIMIT = 240  # characters of an answer or message in the class tables (the whole text is its tooltip)
LIST_LIMIT = 140  # characters of one entry of an item's most common answers or messages
ATTENTION_ROWS = 10  # flagged items listed at the top; all of them are marked in the item analysis

SECTIONS = (("attention", "Needs attention"), ("distributions", "Score distributions"), ("functions", "Graded functions"),
            ("items", "Item analysis"), ("mistakes", "Common mistakes"), ("students", "Students"))

CSS = """
:root { color-scheme: light; --line: #d0d7de; --muted: #57606a; --flag: #b35900; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0 auto;
       max-width: 1200px; padding: 0 1.2rem 4rem; color: #1f2328; background: #fff; }
h1 { margin: 1.2rem 0 0.3rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; margin-top: 2.2rem; }
nav a { margin-right: 1rem; } .muted { color: var(--muted); } .flag { color: var(--flag); font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; z-index: 1; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; } td.num { white-space: nowrap; }
td ol { margin: 0; padding-left: 1.2rem; } .text { overflow-wrap: anywhere; }
#item-table { table-layout: fixed; } #item-table td:first-child { overflow-wrap: anywhere; }
.plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 0.8rem; }
figure { margin: 0.4rem 0; } figcaption { color: var(--muted); font-size: 12px; }
figure svg { max-width: 100%; height: auto; display: block; }
.wide svg { max-width: 900px; }
.callout { border-left: 4px solid var(--flag); background: #fff8f0; padding: 0.4rem 0.9rem; margin: 0.6rem 0; }
.ok { border-left-color: #1a7f37; background: #f0fff4; }
#student-search { font: inherit; padding: 0.3rem 0.5rem; width: 18rem; }
th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; } th[aria-sort="descending"] button::after { content: " \\25BC"; }
.student-report { display: none; }
.student-report:target { display: block; position: fixed; inset: 3vh 3vw; overflow: auto; background: #fff; z-index: 10;
                         padding: 0 1.5rem 1.5rem; border: 1px solid var(--line); box-shadow: 0 8px 40px rgba(0,0,0,.35); }
.student-report .close { float: right; margin-top: 1.2rem; }
.status-passed { color: #1a7f37; } .status-partial { color: #9a6700; } .status-failed, .status-error, .status-timeout { color: #cf222e; }
.status-missing { color: var(--muted); }
.feedback { white-space: pre-wrap; overflow-wrap: anywhere; }
@media print { .student-report { display: block; position: static; box-shadow: none; break-before: page; } nav, #student-search { display: none; } }
"""

SCRIPT = """"use strict";
(function () {
  var table = document.getElementById("student-table");
  var search = document.getElementById("student-search");
  var count = document.getElementById("student-count");
  if (!table || !search || !count) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = table.tHead.rows[0].cells;
  var sorted = { index: -1, descending: false };

  function filter() {
    var q = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (tr) {
      var hit = q === "" || tr.getAttribute("data-search").indexOf(q) !== -1;
      tr.hidden = !hit;
      if (hit) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " shown";
  }

  function sortBy(index, descending) {
    var numeric = headers[index].getAttribute("data-type") === "number";
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-value");
      var y = b.cells[index].getAttribute("data-value");
      var c = numeric ? parseFloat(x) - parseFloat(y) : (x < y ? -1 : (x > y ? 1 : 0));
      if (c !== 0) { return descending ? -c : c; }
      return parseInt(a.getAttribute("data-order"), 10) - parseInt(b.getAttribute("data-order"), 10);
    });
    rows.forEach(function (tr) { body.appendChild(tr); });
    for (var k = 0; k < headers.length; k += 1) {
      headers[k].setAttribute("aria-sort", k === index ? (descending ? "descending" : "ascending") : "none");
    }
    sorted = { index: index, descending: descending };
  }

  Array.prototype.forEach.call(headers, function (th, index) {
    var button = th.querySelector("button");
    if (button) {
      button.addEventListener("click", function () {
        sortBy(index, sorted.index === index ? !sorted.descending : th.getAttribute("data-type") === "number");
      });
    }
  });
  search.addEventListener("input", filter);

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { search.value = params.get("q"); }
  var key = params.get("sort");
  if (key) {
    var descending = key.charAt(0) === "-";
    var name = descending ? key.slice(1) : key;
    Array.prototype.forEach.call(headers, function (th, index) {
      if (th.getAttribute("data-key") === name) { sortBy(index, descending); }
    });
  }
  filter();
  table.setAttribute("data-ready", "true");
})();
"""


def _e(value: object) -> str:
    """Text for HTML content or a quoted attribute: <, >, &, " and ' escaped."""
    return html.escape(str(value), quote=True)


def _short(text: str, limit: int = CELL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cell_text(text: str, limit: int = CELL_LIMIT) -> str:
    """A long student-provided text in a table cell: shortened, the whole of it as the tooltip."""
    shown = _short(text, limit)
    return f'<span class="text" title="{_e(text)}">{_e(shown)}</span>' if shown != text else f'<span class="text">{_e(text)}</span>'


def number(x: float) -> str:
    """Points as the gradebook writes them (6 decimals at most, no trailing zeros)."""
    return f"{round(float(x), 6):g}"


def _pct(x: float | None, digits: int = 0) -> str:
    return "–" if x is None else f"{100 * x:.{digits}f}%"


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _script_hash() -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")


def _figure(plots: dict[str, str], key: str, caption: str, wide: bool = False) -> str:
    svg = plots.get(key)
    if svg is None:
        return ""
    return f'<figure class="{"wide" if wide else ""}" id="plot-{key}">{svg}<figcaption>{_e(caption)}</figcaption></figure>'


# ---------------------------------------------------------------- sections

def _header(klass: ClassData) -> str:
    graded, errors = klass.graded, klass.not_graded
    parts = [f"{len(graded)} submission(s) graded"]
    if errors:
        parts.append(f"{len(errors)} could not be graded")
    line = ", ".join(parts) + "."
    if klass.total:
        from statistics import median

        line += (f" Total: mean {sum(klass.total) / len(klass.total):.2f}%, median {median(klass.total):.2f}%, "
                 f"range {min(klass.total):.2f}%–{max(klass.total):.2f}%.")
    if klass.min_score is not None:
        line += f" {len(klass.below_min)} below --min-score {klass.min_score:g}%."
    provenance = f"From {_e(klass.source.name or str(klass.source))}/results.jsonl"
    if klass.grader_versions:
        provenance += f"; grader {_e(', '.join(klass.grader_versions))}"
    if klass.course_hashes:
        provenance += f"; course {_e(', '.join(h[:12] for h in klass.course_hashes))}"
    nav = "".join(f'<a href="#{key}">{_e(title)}</a>' for key, title in SECTIONS)
    return (f'<header><h1>Class report</h1><p id="summary">{_e(line)}</p><p class="muted">{provenance}.</p>'
            f"<nav>{nav}</nav></header>")


def _attention(klass: ClassData) -> str:
    out = ['<section id="attention"><h2>Needs attention</h2>']
    flagged = klass.flagged
    if not klass.can_flag:
        out.append(f'<p class="callout">Only {len(klass.graded)} graded submission(s): items are flagged from '
                   f"{MIN_STUDENTS_TO_FLAG} on (too few to tell a misleading item from chance). "
                   "The item analysis below still shows every item's discrimination.</p>")
    elif flagged:
        out.append(f"<p>Items most likely to be misleading: students who do well overall do no better on them "
                   f"(discrimination below {LOW_DISCRIMINATION}, the most negative first). Check the question, its key, or the check.</p>")
        out.append('<table id="flagged"><thead><tr><th class="num">#</th><th>Item</th><th>Flag</th><th class="num">Discrimination</th>'
                   '<th class="num">Full marks</th><th class="num">Mean</th><th>Most common wrong answer or message</th></tr></thead><tbody>')
        for rank, item in enumerate(flagged[:ATTENTION_ROWS], 1):
            common = item.wrong_answers[0][0] if item.wrong_answers else (item.feedback[0][2] if item.feedback else "")
            out.append(f'<tr data-item="{_e(item.id)}"><td class="num">{rank}</td><td><a href="#item-{_e(item.id)}">{_e(item.id)}</a></td>'
                       f'<td class="flag">{_e(item.flag)}</td><td class="num">{_num(item.discrimination)}</td>'
                       f'<td class="num">{_pct(item.full)}</td><td class="num">{_pct(item.mean)}</td><td>{_cell_text(common)}</td></tr>')
        out.append("</tbody></table>")
        if len(flagged) > ATTENTION_ROWS:
            out.append(f"<p>{len(flagged) - ATTENTION_ROWS} more item(s) are flagged: see the Flag column of the "
                       '<a href="#items">item analysis</a>. Many low values at once often mean answers that vary by chance '
                       "rather than by what students know (or a small class).</p>")
    else:
        out.append(f'<p class="callout ok">No item has a discrimination below {LOW_DISCRIMINATION}.</p>')
    if klass.not_graded:
        names = ", ".join(_e(s.student) for s in klass.not_graded[:20]) + (" …" if len(klass.not_graded) > 20 else "")
        out.append(f'<p class="callout">{len(klass.not_graded)} submission(s) could not be graded: {names}. '
                   "Their rows in the table below say why.</p>")
    if len(klass.course_hashes) > 1:
        out.append(f'<p class="callout">The rows were graded with {len(klass.course_hashes)} different versions of the course '
                   "(see each receipt): regrade with <code>grade batch --regrade</code> to compare like with like.</p>")
    out.append("</section>")
    return "".join(out)


def _distributions(klass: ClassData, plots: dict[str, str]) -> str:
    out = ['<section id="distributions"><h2>Score distributions</h2>',
           "<p>Submissions per band of 5% of the points; the solid line is the mean, the dashed one the median"
           + (f", the dotted one --min-score ({klass.min_score:g}%, which applies to the total)" if klass.min_score is not None else "")
           + ". Submissions that could not be graded are not counted.</p>"]
    if not klass.total:
        out.append("<p>No submission was graded.</p></section>")
        return "".join(out)
    out.append('<div class="plots">')
    out.append(_figure(plots, "total", f"Total: {len(klass.total)} submissions"))
    for kind in ("quiz", "assignment"):
        for k, group in enumerate(klass.groups):
            if group.kind == kind:
                caption = (f"{group.kind} {group.name}: {len(group.percents)} submissions, mean {group.mean:.2f}%, "
                           f"median {group.median:.2f}%") if group.percents else f"{group.kind} {group.name}"
                out.append(_figure(plots, f"group-{k}", caption))
    out.append("</div></section>")
    return "".join(out)


def _functions(klass: ClassData, plots: dict[str, str]) -> str:
    functions = [i for i in klass.items if i.kind == "exercise"]
    out = ['<section id="functions"><h2>Graded functions</h2>']
    if not functions:
        out.append("<p>No graded function in these results.</p></section>")
        return "".join(out)
    out.append("<p>Share of the graded submissions per outcome: full marks (passed), partial, failed, error "
               "(an exception), timeout, missing (no such function or module).</p>")
    out.append(_figure(plots, "outcomes", "Outcome per graded function", wide=True))
    head = "".join(f'<th class="num">{s}</th>' for s in STATUSES)
    out.append(f'<table id="outcomes"><thead><tr><th>Function</th><th class="num">n</th>{head}</tr></thead><tbody>')
    for item in functions:
        cells = "".join(f'<td class="num" data-status="{s}" data-count="{item.statuses[s]}">'
                        f'{_pct(item.statuses[s] / item.n if item.n else None)} <span class="muted">({item.statuses[s]})</span></td>'
                        for s in STATUSES)
        out.append(f'<tr data-item="{_e(item.id)}"><td>{_e(item.id)}</td><td class="num">{item.n}</td>{cells}</tr>')
    out.append("</tbody></table></section>")
    return "".join(out)


def _counted(entries: list[tuple[str, int]]) -> str:
    if not entries:
        return ""
    return "<ol>" + "".join(f"<li>{count} × {_cell_text(text, LIST_LIMIT)}</li>" for text, count in entries) + "</ol>"


def _item_row(item: ItemStats) -> str:
    answers = _counted(item.wrong_answers)
    if item.kind == "quiz" and item.not_answered:
        answers += f'<div class="muted">{item.not_answered} × not answered</div>'
    messages = _counted([(example, count) for _, count, example in item.feedback])
    flag = f'<span class="flag">{_e(item.flag)}</span>' if item.flag else ""
    d = "" if item.discrimination is None else f"{item.discrimination:.6f}"
    return (f'<tr id="item-{_e(item.id)}" data-item="{_e(item.id)}" data-discrimination="{d}" data-flag="{_e(item.flag or "")}">'
            f"<td>{_e(item.id)}</td><td>{'quiz' if item.kind == 'quiz' else 'function'}</td>"
            f'<td class="num">{item.n}</td><td class="num">{number(item.max_score)}</td>'
            f'<td class="num">{_pct(item.full)}</td><td class="num">{_pct(item.mean)}</td>'
            f'<td class="num">{_num(item.discrimination)}</td><td>{flag}</td><td>{answers}</td><td>{messages}</td></tr>')


def _items(klass: ClassData, plots: dict[str, str]) -> str:
    out = ['<section id="items"><h2>Item analysis</h2>',
           "<p><b>Full marks</b>: share of the graded submissions with all of the item's points (the difficulty index: "
           "low means hard). <b>Mean</b>: mean fraction of the points, partial credit included. <b>Discrimination</b>: "
           "correlation of the item's points with the rest of the total; near 0 or negative means that students who do well "
           f"overall do no better here (flagged below {LOW_DISCRIMINATION} from {MIN_STUDENTS_TO_FLAG} submissions on). "
           "Wrong answers are the choices' texts, the same for every student whatever their letters; numbers in messages are "
           "masked (#) so that one mistake counts once.</p>"]
    out.append(_figure(plots, "items", "Difficulty and discrimination of every item (circled: flagged; numbered: "
                       "the first five items of Needs attention)", wide=True))
    widths = (14, 5, 4, 5, 6, 6, 8, 10, 21, 21)  # percent: the answers and messages get the room
    out.append('<table id="item-table"><colgroup>' + "".join(f'<col style="width: {w}%">' for w in widths) + "</colgroup><thead>"
               '<tr><th>Item</th><th>Kind</th><th class="num">n</th><th class="num">Points</th>'
               '<th class="num">Full marks</th><th class="num">Mean</th><th class="num">Discrimi&shy;nation</th><th>Flag</th>'
               "<th>Most common wrong answers</th><th>Most common feedback</th></tr></thead><tbody>")
    out += [_item_row(item) for item in klass.items]
    out.append("</tbody></table></section>")
    return "".join(out)


def _mistakes(klass: ClassData, plots: dict[str, str]) -> str:
    out = ['<section id="mistakes"><h2>Common mistakes</h2>']
    if not klass.mistakes:
        out.append("<p>No known mistake (the course's mistake signatures) was named in these results.</p></section>")
        return "".join(out)
    out.append("<p>The course's known mistakes that the grader recognised in the submissions, the most frequent first.</p>")
    out.append(_figure(plots, "mistakes", "Submissions per named mistake", wide=True))
    out.append('<table id="mistake-table"><thead><tr><th>Function</th><th>Mistake</th><th class="num">Submissions</th>'
               '<th class="num">Share</th><th>Feedback (its hint)</th></tr></thead><tbody>')
    for m in klass.mistakes:
        out.append(f'<tr data-item="{_e(m.item)}" data-mistake="{_e(m.mistake)}"><td>{_e(m.item)}</td><td>{_e(m.mistake)}</td>'
                   f'<td class="num">{m.count}</td><td class="num">{_pct(m.share)}</td><td>{_cell_text(m.example)}</td></tr>')
    out.append("</tbody></table></section>")
    return "".join(out)


def _students(klass: ClassData) -> str:
    groups = list(enumerate(klass.groups))
    heads = [("student", "Student", "text"), ("status", "Status", "text"), ("score", "Score", "number"),
             ("max", "Max", "number"), ("percent", "%", "number")]
    heads += [(f"group-{k}", g.name, "number") for k, g in groups]
    th = "".join(f'<th data-key="{key}" data-type="{kind}" aria-sort="none"{" class=num" if kind == "number" else ""}>'
                 f'<button type="button">{_e(title)}</button></th>' for key, title, kind in heads)
    out = ['<section id="students"><h2>Students</h2>',
           '<p><label>Search <input id="student-search" type="search" placeholder="student id" autocomplete="off"></label> '
           f'<span id="student-count" class="muted">{len(klass.students)} students</span></p>',
           "<p class=muted>Click a column to sort, a student to open their report. Group columns are the percent of that "
           "quiz's or assignment's points.</p>",
           f'<table id="student-table"><thead><tr>{th}</tr></thead><tbody>']
    for k, s in enumerate(klass.students):
        graded = s.status == "graded"
        status = "graded" if graded else "not graded"
        if s.below_min:
            status += " · below --min-score"
        cells = [f'<td data-value="{_e(s.student)}"><a href="#student-{k}">{_e(s.student)}</a></td>',
                 f'<td data-value="{_e(status)}">{_e(status)}</td>']
        if graded:
            cells += [f'<td class="num" data-value="{s.score:.6f}">{number(s.score)}</td>',
                      f'<td class="num" data-value="{s.max_score:.6f}">{number(s.max_score)}</td>',
                      f'<td class="num" data-value="{s.percent:.6f}">{s.percent:.2f}</td>']
            for _, g in groups:
                p = s.group_percent(g.name)
                points, maximum = s.groups.get(g.name, (0.0, 0.0))
                cells.append(f'<td class="num" data-value="{-1 if p is None else round(p, 6)}" '
                             f'title="{number(points)} / {number(maximum)}">{"–" if p is None else f"{p:.0f}"}</td>')
        else:
            cells += ['<td class="num" data-value="-1">–</td>'] * (3 + len(groups))
        out.append(f'<tr data-order="{k}" data-student="{_e(s.student)}" data-search="{_e(s.student.lower())} {_e(status)}">'
                   + "".join(cells) + "</tr>")
    out.append("</tbody></table></section>")
    return "".join(out)


def _student_report(k: int, s: Student) -> str:
    out = [f'<section class="student-report" id="student-{k}" data-student="{_e(s.student)}">',
           '<a class="close" href="#students">close ✕</a>', f"<h2>{_e(s.student)}</h2>"]
    if s.status != "graded":
        out.append(f'<p class="callout">Not graded: <span class="feedback">{_e(_short(s.error, FEEDBACK_LIMIT))}</span></p></section>')
        return "".join(out)
    out.append(f"<p>{number(s.score)} / {number(s.max_score)} points ({s.percent:.2f}%)"
               + (" — below --min-score" if s.below_min else "") + "</p>")
    out.append('<table><thead><tr><th>Item</th><th>Status</th><th class="num">Points</th><th>Feedback</th></tr></thead><tbody>')
    for item in s.items:
        status = str(item.get("status"))
        feedback = str(item.get("feedback") or "")
        extra = ""
        answer = s.wrong_answers.get(item["id"])
        if answer is not None:
            extra += f'<div class="muted">answered: {_e(answer)}</div>'
        if item.get("mistake"):
            extra += f'<div class="muted">mistake: {_e(item["mistake"])}</div>'
        score = item.get("score", 0)
        maximum = item.get("max_score", 0)
        points = f"{number(score)} / {number(maximum)}" if isinstance(score, (int, float)) and isinstance(maximum, (int, float)) else ""
        out.append(f'<tr data-item="{_e(item["id"])}"><td>{_e(item["id"])}</td>'
                   f'<td class="status-{_e(status)}">{_e(status)}</td><td class="num">{points}</td>'
                   f'<td><div class="feedback">{_e(_short(feedback, FEEDBACK_LIMIT))}</div>{extra}</td></tr>')
    out.append("</tbody></table></section>")
    return "".join(out)


def render(klass: ClassData, plots: dict[str, str]) -> str:
    """The whole page."""
    csp = (f"default-src 'none'; script-src '{_script_hash()}'; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    title = f"Class report: {len(klass.students)} submissions"
    body = [_header(klass), "<main>", _attention(klass), _distributions(klass, plots), _functions(klass, plots),
            _items(klass, plots), _mistakes(klass, plots), _students(klass), "</main>",
            '<div id="student-reports">', *(_student_report(k, s) for k, s in enumerate(klass.students)), "</div>"]
    return ("<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body>\n"
            + "\n".join(body)
            + f"\n<script>{SCRIPT}</script>\n</body></html>\n")
