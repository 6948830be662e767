"""README's quick start works where students are, and CI runs what it says.

A Debian or Ubuntu system Python refuses `pip install` outside a virtual environment
(PEP 668), so each of the README's two commands makes (or reuses) `.venv` and installs
into it; `.ci/run` takes the same steps and runs the README's test command. The commands
themselves were run in a fresh clone with Debian's Python (see the branch's report);
here their text and one consequence are checked: a `.venv` inside the checkout must not
make the worker see the course (the unshare mode hides the checkout around it).
"""

from __future__ import annotations

import re
from pathlib import Path

from support import ROOT


def quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\n.*?```sh\n(.*?)```", readme, re.S)
    assert block, "README.md has a Quick start with a sh block"
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_quick_start_is_two_commands_each_in_its_own_venv():
    commands = quick_start()
    assert len(commands) == 2
    for command in commands:
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -e ")
        assert "python3 -m pip" not in command and "--break-system-packages" not in command
    assert commands[0].endswith("&& .venv/bin/grade")
    assert commands[1].endswith("&& .venv/bin/python -m pytest -q")
    assert ".venv/" in (ROOT / ".gitignore").read_text().splitlines()


def test_ci_takes_the_readmes_steps_and_runs_its_test_command():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = [line.strip() for line in run.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    test_command = quick_start()[1].rsplit("&& ", 1)[1]
    assert "python3 -m venv .venv" in steps
    assert any(s.startswith(".venv/bin/pip install") and "-e '.[test]'" in s for s in steps)
    assert steps[-1] == test_command


def test_a_venv_inside_the_checkout_leaves_the_rest_of_it_hidden(tmp_path):
    from grader.sandbox.isolation import _hidden_around

    for name in ("solutions", "quizzes", "exercises", ".git", ".venv/lib/python3.11/site-packages", "deep/a/b", "deep/c"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "README.md").write_text("top-level files are not directories to cover")
    venv = str(tmp_path / ".venv")
    assert _hidden_around(str(tmp_path), [venv]) == [str(tmp_path / n) for n in (".git", "deep", "exercises", "quizzes", "solutions")]
    nested = str(tmp_path / "deep" / "a")
    assert _hidden_around(str(tmp_path), [nested]) == [str(tmp_path / n) for n in (".git", ".venv", "deep/c", "exercises", "quizzes", "solutions")]
    assert _hidden_around(str(tmp_path), []) == [str(tmp_path)]
