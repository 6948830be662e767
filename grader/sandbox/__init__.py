"""The sandbox: running a student's module in an isolated worker process, and talking to it.

This package is the trust boundary and nothing else. It knows nothing of pytest, of
checks or of courses (tests/engine/test_layers.py holds it to that): the harness
(grader.exercise) builds on it, never the other way round.

    protocol.py   what may cross the boundary (plain data, never pickle); both sides
    worker.py     the STUDENT side: the fork server and the children that import and run student code
    processes.py  the TRUSTED side's processes: the fork server's handle (ForkServerProcess), one
                  forked child per submission (SubmissionWorker) and each module's use of it
                  (WorkerProcess), one grading run's worker processes and directories (Sandbox);
                  limits, restarts, clean-up
    session.py    the TRUSTED side's session with one student module (StudentSession): calls,
                  callbacks, deadlines, and the StudentProblems a check sees when student code fails
    isolation.py  how the fork server is wrapped (bubblewrap, unshare, dropped uid): an ordered list of backends
    cgroups.py    the per-submission control groups and the size-limited file system of its runs
    affinity.py   which CPU a grading run and its worker share (one CPU: calls are synchronous)
    deadline.py   a deadline for trusted code run on a student's behalf (a patched course function)

Names are imported lazily, so `import grader.sandbox` costs nothing.
"""

from __future__ import annotations

from grader import lazy

_EXPORTS = {
    "Sandbox": "processes",
    "SandboxError": "processes",
    "IsolationUnavailable": "processes",
    "acquire": "processes",
    "prestart": "processes",
    "shutdown": "processes",
    "descendants": "processes",
    "StudentSession": "session",
    "StudentProblem": "session",
    "StudentError": "session",
    "NotWritten": "session",
    "StudentTimeout": "session",
    "StudentCrash": "session",
    "NotPlainData": "session",
    "TooLarge": "session",
    "MissingFunction": "session",
    "ImportFailed": "session",
    "CheckBug": "session",
    "CallRecord": "session",
    "StudentModule": "session",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy.exports(__name__, _EXPORTS)
