"""`grade --help` prints click's own text, from a kept copy when its key holds (grader/cli/helptext.py).

The copy must be exactly what click prints at that width, must not need click to print,
and must be rendered again when what it depends on changes (the width, the group's module)
or when the copy is damaged.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from support import ROOT

SHOW = ("import sys; sys.argv = ['grade'] + sys.argv[1:]; from grader.cli import main; main(); "
        "print('click' in sys.modules, file=sys.stderr)")


def grade_help(cache, *args: str, columns: str = "80") -> tuple[str, bool]:
    """(stdout, whether click was imported) of `grade --help` in a fresh process."""
    env = {**os.environ, "GRADER_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT), "COLUMNS": columns}
    done = subprocess.run([sys.executable, "-c", SHOW, *(args or ("--help",))], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr.strip().endswith("True")


def clicks_own(columns: str) -> str:
    """What click's --help option prints at this width, through click's runner."""
    code = "import sys; from grader.cli import cli; cli.main(['--help'], prog_name='grade')"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": columns}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("columns", ["40", "80", "120"])
def test_the_kept_help_is_clicks_text_and_needs_no_click(tmp_path, columns):
    first, clicked = grade_help(tmp_path, columns=columns)
    assert clicked and first == clicks_own(columns)
    again, clicked = grade_help(tmp_path, columns=columns)
    assert again == first and not clicked
    short, clicked = grade_help(tmp_path, "-h", columns=columns)
    assert short == first and not clicked


def test_another_width_or_a_damaged_copy_is_rendered_again(tmp_path):
    wide, _ = grade_help(tmp_path, columns="120")
    narrow, clicked = grade_help(tmp_path, columns="50")
    assert clicked and narrow != wide and narrow == clicks_own("50")
    [kept] = tmp_path.glob("help-*.txt")
    key, text = kept.read_text(encoding="utf-8").split("\n", 1)
    kept.write_text(key + "\n" + text.replace("Commands:", "Commands (forged):"), encoding="utf-8")
    assert "forged" in grade_help(tmp_path, columns="50")[0]  # (the copy is the user's own file: it is trusted while its key holds)
    kept.write_text(key.replace("grade-help", "grade-help-other") + "\n" + text, encoding="utf-8")
    assert grade_help(tmp_path, columns="50") == (narrow, True)
    kept.write_text(key + "\n" + text[:40], encoding="utf-8")  # cut short
    assert grade_help(tmp_path, columns="50") == (narrow, True)


def test_each_python_environment_keeps_its_own_copy(tmp_path, monkeypatch):
    """A venv and the system's Python (each with its own click) must not overwrite each other's copy."""
    from grader.cli import helptext

    monkeypatch.setenv("GRADER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "prefix", "/opt/one-venv")
    one = helptext._path()
    monkeypatch.setattr(sys, "prefix", "/opt/another-venv")
    assert helptext._path() != one and os.path.dirname(helptext._path()) == os.path.dirname(one) == str(tmp_path)


def test_an_unwritable_cache_still_shows_the_help(tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    text, clicked = grade_help(blocked)
    assert clicked and text == clicks_own("80")


def test_the_kept_help_imports_only_what_printing_it_needs(tmp_path):
    """What `grade --help` imports beyond the interpreter's own start must stay small: typing, re
    and enum cost ~7, ~12 and ~8 ms, a large share of the 0.05 s target. (A machine whose `site`
    imports some of them itself, as this VM's certifi hook does, cannot catch them here; a fresh
    venv, as in CI, does. Not with `python -S`: in a venv that also drops the venv's sys.prefix,
    and with it the environment's kept copy.)"""
    grade_help(tmp_path)  # render and keep it, with this interpreter and its `site`
    code = ("import sys; before = set(sys.modules); sys.argv = ['grade', '--help']\n"
            "from grader.cli import main; main(); print(' '.join(sorted(set(sys.modules) - before)), file=sys.stderr)")
    env = {**os.environ, "GRADER_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    added = set(done.stderr.split())
    assert "Commands:" in done.stdout and "grader.cli.helptext" in added, sorted(added)
    assert not added & {"typing", "re", "enum", "click", "numpy", "pydantic", "inspect", "collections", "functools"}, sorted(added)
    assert {m for m in added if not m.startswith("grader")} <= {
        "__future__", "_collections_abc", "_stat", "genericpath", "importlib", "importlib._bootstrap",
        "importlib._bootstrap_external", "importlib.machinery", "os", "os.path", "posixpath", "stat", "warnings",
        "_weakrefset", "abc", "codecs", "io", "_io", "_abc", "_sitebuiltins", "zlib",
    }, sorted(added)
