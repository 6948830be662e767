"""One long-lived worker grades many submissions (watch mode, batch): none may leave
a file that a later submission reads (copying a classmate's answers through /tmp)."""

from __future__ import annotations

from grader.sandbox import processes as sandbox

WRITER = '''
import os, tempfile

def plant():
    places = []
    for directory in {os.environ.get("HOME"), os.environ.get("TMPDIR"), tempfile.gettempdir(), "/tmp",
                      os.path.expanduser("~"), os.path.dirname(os.getcwd())}:
        if not directory:
            continue
        try:
            with open(os.path.join(directory, "answers-of-alice.txt"), "w") as f:
                f.write("alice")
            places.append(directory)
        except OSError:
            pass
    return places
'''

READER = '''
import os, tempfile

def look(places):
    found = []
    for directory in set(places) | {os.environ.get("HOME"), tempfile.gettempdir(), "/tmp", os.path.expanduser("~")}:
        path = os.path.join(directory or "/", "answers-of-alice.txt")
        if os.path.exists(path):
            found.append(path)
    return found
'''


def test_a_later_submission_cannot_read_what_an_earlier_one_left(worker_session):
    alice = worker_session(WRITER, name="alice")
    places = alice.plant()
    own = [p for p in places if "/runs/" in p]  # alice's run directory: removed when her run ends
    assert own, "the writer could not even write its own directory"
    bob = worker_session(READER, name="bob")
    found = [p for p in bob.look([p for p in places if p not in own]) if not p.startswith("/tmp/answers")]
    assert found == [], f"files left by an earlier submission are readable: {found}"
    if sandbox.isolation().mechanism == "bubblewrap":  # a private, read-only /tmp as well
        assert bob.look(["/tmp"]) == [] and "/tmp" not in places
