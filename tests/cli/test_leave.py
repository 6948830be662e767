"""`grade check` ends with os._exit only once everything the run leaves behind is settled (grader/cli/__init__.py).

The atexit handlers (the fork server's shutdown, temporary directories) run first, buffered
output is flushed, and the exit status is the one `sys.exit` would give; when a live
non-daemon thread or a message status is there, the normal exit goes ahead.
"""

from __future__ import annotations

import os
import subprocess
import sys

from support import ROOT


def run(body: str) -> subprocess.CompletedProcess:
    code = "import atexit, sys\nfrom grader.cli import _leave\n" + body
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def test_handlers_run_output_is_flushed_and_the_status_is_kept():
    done = run("atexit.register(lambda: print('handler ran'))\nsys.stdout.write('buffered ')\n_leave(3)\nprint('not reached')")
    assert (done.returncode, done.stdout) == (3, "buffered handler ran\n")
    assert run("_leave(None)").returncode == 0


def test_the_normal_exit_goes_ahead_when_it_cannot_be_vouched_for():
    message = run("_leave('a message')\nprint('returned')\nsys.exit('a message')")
    assert message.stdout == "returned\n" and message.returncode == 1 and "a message" in message.stderr
    threaded = run("import threading, time\nt = threading.Thread(target=time.sleep, args=(0.5,))\nt.start()\n"
                   "_leave(0)\nprint('returned')\nsys.exit(4)")
    assert threaded.stdout == "returned\n" and threaded.returncode == 4
