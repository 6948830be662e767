"""What every report renders (`Outcome`) and the formats there are (`FORMATS`).

In a module of its own, below the formats: every format module reads `Outcome`, and the
package's `render` imports the format modules by name, so were `Outcome` defined in the
package each format would import the package that imports it (a cycle, if a lazy one).
The package re-exports both names: `from grader.reports import Outcome, FORMATS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.course import GradescopeSettings
    from grader.results import Report

# Format name -> help of `grade check --NAME FILE`; the module is grader.reports.NAME.
FORMATS: dict[str, str] = {
    "json": "Write the JSON report (schema 1) to FILE.",
    "junit": "Write JUnit XML to FILE.",
    "gradescope": "Write Gradescope results.json to FILE.",
    "markdown": "Write a Markdown summary to FILE.",
}


@dataclass(frozen=True)
class Outcome:
    """What every report renders: one graded submission and what its readers need."""

    report: "Report"
    receipt: Any = None  # grader.receipt.Receipt (a pydantic model), when known
    titles: dict[str, str] = field(default_factory=dict)  # quiz id or module name -> title
    notes: tuple[str, ...] = ()  # said under the report (isolation, progress nudges)
    hidden_checks: bool | None = None  # whether the hidden checks ran; None: as the receipt says
    gradescope: "GradescopeSettings | None" = None  # per-test visibility (None: the defaults)
    colour: bool = False  # terminal only: ANSI colour
    columns: int | None = None  # terminal only: the width to wrap to (None: 80)
    verbose: bool = False  # terminal only: every item, not just what failed
    lang: str = "en"  # terminal only: the language of labels and notes (grader.i18n)

    @classmethod
    def of(cls, graded: Any, *, gradescope: "GradescopeSettings | None" = None, notes: tuple[str, ...] | list[str] | None = None,
           colour: bool = False, columns: int | None = None, verbose: bool = False, lang: str = "en") -> "Outcome":
        """From grading's outcome (grader.grading.Outcome); `notes` replaces its notes when given."""
        return cls(report=graded.report, receipt=graded.receipt, titles=dict(graded.titles),
                   notes=tuple(graded.notes if notes is None else notes), hidden_checks=graded.hidden_checks,
                   gradescope=gradescope, colour=colour, columns=columns, verbose=verbose, lang=lang)

    @property
    def ran_hidden_checks(self) -> bool:
        if self.hidden_checks is not None:
            return self.hidden_checks
        return bool(getattr(self.receipt, "hidden_checks", False))
