"""The zygote runs the worker compiled (processes._worker_copy), never a stale compilation.

Python keeps no .pyc of the script it runs and the sandbox sees no __pycache__, so the
grader hands the sandbox worker.pyc and protocol.pyc, kept beside Python's own .pyc files
while the sources are unchanged (and the sources where nothing can be kept). A kept file that does not match its source's modification
time and size must be compiled again, and the code must name the files where the sandbox
shows them, never the grader's directory.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import shutil
import sys
from pathlib import Path

import pytest

from grader.sandbox import isolation, processes


@pytest.fixture
def sources(tmp_path, monkeypatch):
    """A copy of the worker's sources that processes compiles from (the package's own stay untouched)."""
    for name in processes.WORKER_FILES:
        shutil.copyfile(processes.WORKER.with_name(name), tmp_path / name)
    monkeypatch.setattr(processes, "WORKER", tmp_path / "worker.py")
    monkeypatch.setattr(processes, "_COMPILED", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # (this machine's shell sets PYTHONDONTWRITEBYTECODE)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    return tmp_path


def _code(data: bytes):
    assert data[:4] == importlib.util.MAGIC_NUMBER
    return marshal.loads(data[16:])


def test_the_copy_holds_both_files_compiled_naming_the_sandboxs_paths(sources, tmp_path):
    worker = processes._worker_copy(tmp_path / "copy")
    assert worker == tmp_path / "copy" / "worker.pyc"
    assert sorted(os.listdir(tmp_path / "copy")) == ["protocol.pyc", "worker.pyc"]
    for name in processes.WORKER_FILES:
        code = _code((tmp_path / "copy" / (name + "c")).read_bytes())
        assert code.co_filename == f"{isolation.WORKER_DIR}/{name}"
        assert str(sources) not in repr(code.co_consts)
    # A zygote started again in the same directory gets a fresh copy.
    assert processes._worker_copy(tmp_path / "copy") == worker


def test_a_kept_compilation_is_used_only_while_its_source_is_unchanged(sources):
    first = processes._compiled("protocol.py")
    kept = Path(importlib.util.cache_from_source(str(sources / "protocol.py"))).with_name(
        f"protocol.sandboxed.{sys.implementation.cache_tag}.pyc")
    assert kept.read_bytes() == first
    # A source changed (new size and time): the kept file no longer fits and is replaced.
    source = sources / "protocol.py"
    source.write_text(source.read_text() + "\nCHANGED_FOR_THE_TEST = 1\n")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    processes._COMPILED.clear()
    second = processes._compiled("protocol.py")
    assert second != first and "CHANGED_FOR_THE_TEST" in _code(second).co_names
    assert kept.read_bytes() == second
    # A kept file whose header does not fit (another Python, a broken write) is compiled again.
    kept.write_bytes(b"\0" * 16 + marshal.dumps(compile("x = 1", "x", "exec")))
    processes._COMPILED.clear()
    assert processes._compiled("protocol.py") == second


def test_where_nothing_can_be_kept_the_copy_holds_the_sources(sources, tmp_path):
    """The zygote then compiles them itself, as before, at the same time as the grader starts."""
    (sources / "__pycache__").write_text("not a folder")
    assert processes._compiled("worker.py") is None
    worker = processes._worker_copy(tmp_path / "copy")
    assert worker == tmp_path / "copy" / "worker.py"
    assert sorted(os.listdir(tmp_path / "copy")) == ["protocol.py", "worker.py"]
    assert (tmp_path / "copy" / "protocol.py").read_bytes() == (sources / "protocol.py").read_bytes()


def test_nothing_is_written_where_bytecode_is_not_to_be(sources, monkeypatch, tmp_path):
    """python -B or PYTHONDONTWRITEBYTECODE: no kept file, as for Python's own; PYTHONPYCACHEPREFIX: kept there."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert processes._compiled("worker.py") is None
    assert not (sources / "__pycache__").exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    processes._COMPILED.clear()
    assert processes._compiled("worker.py") is not None
    assert not (sources / "__pycache__").exists()
    assert list((tmp_path / "prefix").rglob("worker.sandboxed.*.pyc"))
    # A kept file is read even where none may be written (as Python reads its own .pyc under -B).
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    processes._COMPILED.clear()
    assert processes._compiled("worker.py") is not None
