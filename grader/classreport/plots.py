"""The report's plots: matplotlib figures rendered to SVG text that can be inlined in HTML.

matplotlib is imported here only, and only when a report is rendered (the
`grade` command's other subcommands never load it). Figures are made with the
object-oriented API (`Figure`, no pyplot): no GUI backend, no global figure
state, the SVG canvas chosen by `savefig(format="svg")`.

Deterministic output, so the same journal gives a byte-identical report:
every figure is saved with `svg.hashsalt` set to its own key (matplotlib's
clip-path and marker ids are hashes salted with it) and no date or creator in
its metadata. Text stays text (`svg.fonttype = none`, which matplotlib escapes
as XML). Every id in a figure is prefixed with its key, since all figures
share one HTML document, where ids must be unique.

Labels are the course's names (quiz ids, functions, mistake ids), never a
student's string; they are still passed through `_label`, which keeps a `$`
from being read as mathtext.
"""

from __future__ import annotations

import io
import re

from grader.classreport.data import ClassData, ItemStats, Mistake

# Okabe–Ito colours: told apart with every common colour-vision deficiency.
STATUS_COLOURS = {"passed": "#009E73", "partial": "#F0E442", "failed": "#D55E00",
                  "error": "#CC79A7", "timeout": "#E69F00", "missing": "#BBBBBB"}
BAR = "#56B4E9"
MEAN, MEDIAN, MIN_SCORE = "#0072B2", "#000000", "#D55E00"
BINS = [5.0 * k for k in range(21)]  # 0, 5, ..., 100 percent; 100 falls in the last bin
MAX_MISTAKES = 15
LABELLED = 5  # flagged items numbered on the item map as Needs attention lists them (more would overlap)
_ID = re.compile(r'\b(id="|url\(#|href="#)')


def _label(text: str) -> str:
    return text.replace("$", r"\$")


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def to_svg(fig, key: str) -> str:
    """The figure as an <svg> element: deterministic, ids prefixed with `key` (a plain name)."""
    import matplotlib

    assert re.fullmatch(r"[a-z][a-z0-9-]*", key), key
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": key, "svg.fonttype": "none", "svg.image_inline": True}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]  # no XML declaration or DOCTYPE inside HTML
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    return _ID.sub(lambda m: f"{m.group(1)}{key}-", text).strip()


def histogram(key: str, title: str, percents: list[float], *, mean: float | None, median: float | None,
              min_score: float | None = None) -> str:
    """Counts of submissions per 5% band, with the mean, the median and the --min-score line."""
    from matplotlib.ticker import MaxNLocator

    fig = _figure(4.6, 2.7)
    ax = fig.add_subplot()
    ax.hist(percents, bins=BINS, color=BAR, edgecolor="white", linewidth=0.6)
    if mean is not None:
        ax.axvline(mean, color=MEAN, linewidth=1.6, label=f"mean {mean:.1f}%")
    if median is not None:
        ax.axvline(median, color=MEDIAN, linewidth=1.4, linestyle="--", label=f"median {median:.1f}%")
    if min_score is not None:
        ax.axvline(min_score, color=MIN_SCORE, linewidth=1.6, linestyle=":", label=f"--min-score {min_score:g}%")
    ax.set_xlim(0, 100)
    ax.set_xlabel("percent of the points")
    ax.set_ylabel("submissions")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(_label(title), fontsize=10)
    if mean is not None or min_score is not None:
        ax.legend(fontsize=7, loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return to_svg(fig, key)


def outcomes(key: str, items: list[ItemStats]) -> str:
    """Per graded function, the share of submissions in each status, as one stacked bar."""
    fig = _figure(7.2, 0.9 + 0.26 * len(items))
    ax = fig.add_subplot()
    names = [_label(i.id) for i in items]
    positions = list(range(len(items)))
    left = [0.0] * len(items)
    for status, colour in STATUS_COLOURS.items():
        shares = [100.0 * i.statuses[status] / i.n if i.n else 0.0 for i in items]
        ax.barh(positions, shares, left=left, color=colour, edgecolor="white", linewidth=0.4, label=status, height=0.75)
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(positions, names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("percent of the graded submissions")
    ax.legend(ncols=6, fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return to_svg(fig, key)


def item_map(key: str, items: list[ItemStats], threshold: float) -> str:
    """Every item by difficulty (mean fraction of the points) and discrimination; the worst flagged items numbered."""
    fig = _figure(7.2, 3.6)
    ax = fig.add_subplot()
    for kind, marker, colour in (("quiz", "o", "#0072B2"), ("exercise", "s", "#009E73")):
        chosen = [i for i in items if i.kind == kind and i.discrimination is not None and i.mean is not None]
        ax.scatter([i.mean for i in chosen], [i.discrimination for i in chosen], marker=marker, s=22, color=colour, alpha=0.8,
                   label="quiz item" if kind == "quiz" else "function")
    flagged = [i for i in items if i.flag and i.mean is not None and i.discrimination is not None]
    ax.scatter([i.mean for i in flagged], [i.discrimination for i in flagged], s=90, facecolors="none",
               edgecolors=MIN_SCORE, linewidths=1.4, label="flagged")
    for rank, i in enumerate(sorted(flagged, key=lambda i: (i.discrimination, i.id))[:LABELLED], 1):
        ax.annotate(str(rank), (i.mean, i.discrimination), xytext=(-4 - 5 * rank, -12), textcoords="offset points", fontsize=8,
                    color=MIN_SCORE, fontweight="bold", arrowprops={"arrowstyle": "-", "color": MIN_SCORE, "linewidth": 0.6})
    ax.axhline(threshold, color=MIN_SCORE, linewidth=1, linestyle=":")
    ax.axhline(0, color="#888888", linewidth=0.8)
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("mean fraction of the points (1 = everyone right)")
    ax.set_ylabel("discrimination")
    ax.legend(fontsize=7, loc="lower left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return to_svg(fig, key)


def mistakes(key: str, found: list[Mistake]) -> str:
    """The mistakes made most, by the number of submissions that made them."""
    shown = found[:MAX_MISTAKES]
    fig = _figure(7.2, 0.9 + 0.28 * len(shown))
    ax = fig.add_subplot()
    positions = list(range(len(shown)))
    ax.barh(positions, [m.count for m in shown], color=STATUS_COLOURS["failed"], height=0.7)
    ax.set_yticks(positions, [_label(f"{m.item.split('.', 1)[0]}.{m.mistake}") for m in shown], fontsize=8)
    ax.invert_yaxis()
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("submissions")
    ax.spines[["top", "right"]].set_visible(False)
    return to_svg(fig, key)


def render_all(klass: ClassData) -> dict[str, str]:
    """Every plot the report shows, by key: total, group-<k>, outcomes, items, mistakes."""
    from grader.batch.analysis import LOW_DISCRIMINATION

    plots: dict[str, str] = {}
    if not klass.total:
        return plots
    from statistics import median

    plots["total"] = histogram("total", "Total", klass.total, mean=sum(klass.total) / len(klass.total),
                               median=median(klass.total), min_score=klass.min_score)
    for k, group in enumerate(klass.groups):
        if group.percents:
            plots[f"group-{k}"] = histogram(f"group-{k}", f"{group.kind} {group.name}", group.percents,
                                            mean=group.mean, median=group.median)
    functions = [i for i in klass.items if i.kind == "exercise"]
    if functions:
        plots["outcomes"] = outcomes("outcomes", functions)
    if any(i.discrimination is not None for i in klass.items):
        plots["items"] = item_map("items", klass.items, LOW_DISCRIMINATION)
    if klass.mistakes:
        plots["mistakes"] = mistakes("mistakes", klass.mistakes)
    return plots
