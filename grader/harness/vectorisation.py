"""The scoring rule of vectorisation checks: what a measured loop over the examples is worth.

A vectorisation check (`@checks.vectorised("f")`, grader/exercise/vectorised.py)
measures whether a function loops over the examples in Python. What that is worth
belongs to the course, in one place: the manifest's `vectorised` table of each
module (`vectorised = { sigmoid = 0, propagate = 1 }`). So the check's own points
are never read; here they become the manifest's, before anything is counted:

- points > 0: an ordinary check worth those points. It counts in the function's
  maximum for every student (the maximum never depends on the submission) and is
  lost like any other check when the function loops, or fails to run.
- points = 0: a note. The check is left out of the function's score, maximum, status
  and "N of M checks failed"; when it found a loop, its message is added to the
  function's feedback as a note. Nothing else it ran into (an error, a stub, a
  time-out) is said: the function's other checks say that.
- a function the table does not list: the course does not ask for it there, so the
  check is a note that is never shown (`grade validate` names such a check).

The report's contract is unchanged: a note lives in the item's feedback.
"""

from __future__ import annotations

from typing import Any, Iterable

VECTORISED = "vectorised"
NOTE = "note: "


def kind_of(own: Any, cls: Any = None) -> str:
    """The kind a check's declarations (grader.checks CheckSpec of the function, then of its class) give it."""
    for spec in (own, cls):
        kind = getattr(spec, "kind", None)
        if kind:
            return str(kind)
    return ""


def assign_points(checks: Iterable, specs: Iterable) -> None:
    """Each vectorisation check's points from its module's `vectorised` table (0 where the function is not listed)."""
    tables = {spec.name: spec.vectorised for spec in specs}
    for check in checks:
        if check.kind == VECTORISED:
            check.points = float(tables.get(check.module, {}).get(check.function or "", 0.0))


def is_note(check) -> bool:
    """A vectorisation check worth nothing: shown as a note, never scored."""
    return check.kind == VECTORISED and not check.points


def split(checks: list) -> tuple[list, list]:
    """(the checks that score the function, its note-only vectorisation checks)."""
    scored = [c for c in checks if not is_note(c)]
    return scored, [c for c in checks if is_note(c)]


def with_notes(result, notes: list, spec) -> Any:
    """`result` (an ItemResult) with the loops its note-only checks measured added to its feedback."""
    from grader.exercise.vectorised import NotVectorised

    function = result.id.split(".", 1)[-1]
    if function not in spec.vectorised:
        return result
    said = [c.message for c in notes if c.outcome == "failed" and isinstance(c.exception, NotVectorised) and c.message]
    if not said:
        return result
    note = f"{NOTE}{said[0]}. A note only: no points are taken off."
    return result.model_copy(update={"feedback": f"{result.feedback}\n{note}" if result.feedback else note})
