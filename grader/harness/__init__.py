"""The check harness: a course's checks collected, run against a submission, scored.

    checkcache.py  what pytest collected, kept as plain JSON by the course's content hash
    suite.py       the checks collected once (pytest, or the cache) and run without pytest
    checkrun.py    one run's records, fixtures and decisions (no pytest)
    plugin.py      the same through pytest's hooks, for checks that need pytest
    runner.py      grade_exercises(): checks -> points, statuses, feedback
    sandboxed.py   the one place that imports the sandbox (grader.exercise)

It sits on the sandbox (grader.exercise: workers, protocol, proxies), which never
imports it; course checks import neither, only grader.checks. Names are imported
lazily, so `import grader.harness` costs nothing.
"""

from __future__ import annotations

from grader import lazy

_EXPORTS = {
    "grade_exercises": "runner",
    "run_exercises": "runner",
    "count_checks": "runner",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy.exports(__name__, _EXPORTS)
