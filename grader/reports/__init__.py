"""Reports: one small module per format, each `render(outcome: Outcome) -> str`.

Every format renders the same `Outcome` (the graded `Report` and what its readers
need beside it: the receipt, titles, notes, the Gradescope visibility settings), so
a caller never special-cases a format: `render("junit", outcome)`. Options that
only one format uses (colour for the terminal, visibility settings for Gradescope)
are fields of the outcome that the other formats ignore.

A new format is one new module here with a `render(outcome)` function, plus its
line in `FORMATS` (which gives `grade check` its `--NAME FILE` option and help).
Modules are imported only when their format is asked for.
"""

from __future__ import annotations

import importlib

from grader.reports.outcome import FORMATS, Outcome

__all__ = ["FORMATS", "Outcome", "render"]


def render(fmt: str, outcome: Outcome) -> str:
    """`outcome` in format `fmt` (a name in FORMATS, or "terminal")."""
    if fmt not in FORMATS and fmt != "terminal":
        raise ValueError(f"unknown report format {fmt!r}")
    return importlib.import_module(f"grader.reports.{fmt}").render(outcome)
