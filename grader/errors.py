"""Errors that mean "this input cannot be graded" (exit status 2).

They carry a file and line so the command line can print one actionable line
instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input from a user: a path, a TOML file, an option.

    The message says what to do; `path` and `line` say where.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


def toml_error(path: str | Path, exc: Exception) -> InputError:
    """Turn a tomllib.TOMLDecodeError into an InputError with the line it names."""
    import re

    text = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", text)
    line = int(match.group(1)) if match else None
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", text)
    return InputError(f"invalid TOML: {reason}; fix the file and try again", path, line)


def load_toml(path: str | Path) -> dict:
    """Read a TOML file, raising InputError (never a traceback) when it is unreadable."""
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", p) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", p) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("not valid UTF-8; save the file as UTF-8", p, line) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(p, exc) from None
