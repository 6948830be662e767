"""The `grade` command: a click group (grader/cli/group.py) whose subcommands load lazily.

Each subcommand lives in its own module and is imported only when it runs, so
`grade --help` does not pay for NumPy, pydantic or pytest. `grade --help` itself is
answered from a copy of what click rendered the last time (grader/cli/helptext.py),
without importing click, while that copy's key still holds.
"""

from __future__ import annotations

import sys
from grader import lazy

TYPE_CHECKING = False  # not typing's: importing typing costs ~7 ms, a seventh of `grade --help`'s budget

if TYPE_CHECKING:  # for type checkers and editors; at run time names load on first use
    from grader.cli.group import COMMANDS, LazyGroup, cli

_EXPORTS = {"cli": "grader.cli.group", "COMMANDS": "grader.cli.group", "LazyGroup": "grader.cli.group"}
__getattr__, __dir__ = lazy.exports(__name__, _EXPORTS)


def main() -> None:
    """Entry point: usage errors exit 2 (click's convention, and our contract)."""
    # The grader's own modules and the checks are compiled on every run otherwise;
    # student code runs in the worker, which keeps bytecode writing off.
    sys.dont_write_bytecode = False
    if sys.argv[1:] in (["--help"], ["-h"]):
        from grader.cli import helptext

        if helptext.show_kept():
            return
        helptext.show_and_keep()
        return
    from grader.cli.group import cli

    try:
        cli(prog_name="grade")
    except SystemExit as done:
        if sys.argv[1:2] in ([], ["check"]):
            _leave(done.code)
        raise


def _leave(code: object) -> None:
    """End a `grade check` without tearing the interpreter down (returns only when it must not).

    Why: a fresh check has NumPy, the checks and the engine loaded, and freeing all of
    it module by module costs ~30-50 ms of CPU after the work is done. Everything the
    run leaves behind is settled first: the atexit handlers (the fork server's shutdown,
    temporary directories, weakref finalizers) run now, and stdout and stderr are
    flushed; report files and the progress database are closed by then (written with
    `with`). When that cannot be vouched for (a live non-daemon thread, an exit status
    that Python itself prints, a flush that fails), the normal exit goes ahead.
    """
    import atexit
    import os

    if code is None:
        status = 0
    elif isinstance(code, int) and not isinstance(code, bool):
        status = code
    else:
        return
    threading = sys.modules.get("threading")
    if threading is not None and any(not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:
        return
    os._exit(status & 0xFF if status >= 0 else 1)
