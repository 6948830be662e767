"""`grade quiz take --lang zh` in a real terminal (tmux, 80 columns): read off the screen as a student sees it.

tmux draws what a terminal draws: a line that is too wide wraps at the edge (mid-word, or
between the two columns of nothing when a Chinese character does not fit), and a wide
character the terminal cannot show becomes "_" or "?". So the test types a whole quiz
on a Chinese keyboard, one answer at a time as the prompts come, and reads the screen:
every question in Chinese, every answer read and right, no line past the edge, nothing
broken. Outside CI it is skipped when tmux is not installed (CI installs it: .ci/run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from grader.display import width
from grader.quiz import load_bank, prepare
from keyboard_support import typed_line
from support import ROOT

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "bilingual"
COURSE, QUIZ = ROOT, "week2"  # the course's own quiz (tests/quiz/fixtures/bilingual is the small bank it was built on)
STUDENT = "tmux-student"
COLUMNS, ROWS = 80, 50
TIMEOUT = 30.0


def _tmux() -> str:
    found = shutil.which("tmux")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed; .ci/run installs it with apt-get (is apt-get reachable?)")
        pytest.skip("tmux is not installed here (apt-get install tmux); CI installs it and runs this test")
    return found


class Pane:
    """One detached tmux session on a private server (its own socket, in the test's directory), ended with the test."""

    def __init__(self, tmux: str, command: str, cwd: Path):
        self.tmux, self.socket = tmux, str(cwd / f"tmux-{uuid.uuid4().hex[:8]}.sock")
        env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"}
        env.pop("TMUX", None)
        env.pop("COLUMNS", None)
        self._run("-f", "/dev/null", "new-session", "-d", "-x", str(COLUMNS), "-y", str(ROWS), "-c", str(cwd),
                  command, env=env)
        self._run("set-option", "-g", "history-limit", "5000")

    def _run(self, *args: str, env: dict | None = None) -> str:
        done = subprocess.run([self.tmux, "-u", "-S", self.socket, *args], capture_output=True, text=True,
                              timeout=10, env=env, encoding="utf-8")
        assert done.returncode == 0, f"tmux {' '.join(args)}: {done.stderr}"
        return done.stdout

    def screen(self) -> list[str]:
        """Every line drawn so far (scrollback included), as the terminal shows them."""
        return self._run("capture-pane", "-p", "-S", "-", "-E", "-").split("\n")

    def send(self, text: str) -> None:
        self._run("send-keys", "-l", text)
        self._run("send-keys", "Enter")

    def wait_for(self, predicate, what: str) -> list[str]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            lines = self.screen()
            if predicate(lines):
                return lines
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen:\n" + "\n".join(lines))
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run([self.tmux, "-S", self.socket, "kill-server"], capture_output=True, timeout=10)
        Path(self.socket).unlink(missing_ok=True)


def _prompts(lines: list[str]) -> int:
    return sum(1 for line in lines if line == ">" or line.startswith("> "))  # tmux drops trailing spaces


def test_take_runs_in_chinese_at_80_columns(tmp_path: Path) -> None:
    tmux = _tmux()
    bank = load_bank(COURSE / "quizzes" / f"{QUIZ}.toml")
    prepared = [prepare(bank, item, STUDENT, "zh") for item in bank.items]
    script = tmp_path / "take.sh"
    script.write_text(
        f"export PYTHONPATH={ROOT}\n"
        f"{sys.executable} -m grader quiz take {QUIZ} --lang zh --student {STUDENT} --course {COURSE}\n"
        "echo \"[exit $?]\"\n"
        "sleep 120\n", encoding="utf-8")
    pane = Pane(tmux, f"sh {script}", tmp_path)
    try:
        for n, p in enumerate(prepared, 1):
            pane.wait_for(lambda lines: _prompts(lines) >= n, f"question {n}'s prompt")
            pane.send(typed_line(p, p.key))  # the right answer, typed on a Chinese keyboard
        lines = pane.wait_for(lambda lines: any(line.startswith("[exit ") for line in lines), "the end of the quiz")
    finally:
        pane.close()
    shown = [line.rstrip() for line in lines]
    if os.environ.get("GRADE_SHOW_SCREEN"):
        print("\n".join(shown))
    text = "\n".join(shown)
    assert "[exit 0]" in text
    for line in shown:
        assert width(line) <= COLUMNS, f"past the edge: {line!r}"
        assert "\ufffd" not in line, f"broken characters: {line!r}"  # (a wide character tmux cannot draw: below)
    squeezed = "".join(shown).replace(" ", "")
    assert bank.title_in("zh").replace(" ", "") in squeezed
    for p in prepared:  # every question and every choice in Chinese, whole: no character lost, cut or replaced
        assert p.prompt.replace(" ", "") in squeezed, p.prompt
        for _, label in p.lettered():
            assert label.replace(" ", "") in squeezed, label
    verdicts = [line for line in shown if line.startswith(("正确", "不正确", "部分正确", "无法识别"))]
    assert verdicts == ["正确！"] * len(prepared), verdicts
    frame = ("Right!", "Not right", "Partly right", "Explanation:", "Skipped", "Done:", "Press Enter", "(write", "Cannot read")
    assert not [line for line in shown if line.startswith(frame) or " point" in line and line[:1].isdigit()], \
        "English on the Chinese screen"
    assert all(p.lang == "zh" for p in prepared), "an item of the quiz has no Chinese translation"
    assert f"得{bank.points:g}分（满分{bank.points:g}分）" in squeezed  # every answer read, every one right
    saved = (tmp_path / "answers" / f"{QUIZ}.toml").read_text(encoding="utf-8")
    assert f'student = "{STUDENT}"' in saved
