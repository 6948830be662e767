"""Find and load a course: quiz banks, the exercise manifest, check locations.

A course is a directory with `quizzes/` and `exercises/manifest.toml`. Hidden
checks and reference solutions live under `solutions/`, so a student release
can leave every secret out by leaving out one directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from grader import records
from grader.errors import InputError, load_toml
from grader.manifest import (  # noqa: F401  (the course's names for them)
    IDENT, GradescopeSettings, Limits, Manifest, ModuleSpec, NotebookSettings, Visibility,
)

MANIFEST = Path("exercises") / "manifest.toml"


@dataclass(frozen=True)
class Course:
    """Where everything of one course lives on disk."""

    root: Path
    manifest: Manifest = field(repr=False)

    @property
    def quizzes_dir(self) -> Path:
        return self.root / "quizzes"

    @property
    def exercises_dir(self) -> Path:
        return self.root / "exercises"

    @property
    def solutions_dir(self) -> Path:
        return self.root / "solutions"

    @property
    def public_checks_dir(self) -> Path:
        return self.exercises_dir / "checks"

    @property
    def hidden_checks_dir(self) -> Path:
        return self.solutions_dir / "checks"

    @property
    def has_hidden_checks(self) -> bool:
        return self.hidden_checks_dir.is_dir()

    def module(self, name: str) -> ModuleSpec | None:
        return next((m for m in self.manifest.modules if m.name == name), None)

    def check_files(self, module: str, hidden: bool) -> list[Path]:
        """The pytest files that grade `module`: public ones, plus hidden ones if asked."""
        dirs = [self.public_checks_dir] + ([self.hidden_checks_dir] if hidden else [])
        return [d / f"test_{module}.py" for d in dirs if (d / f"test_{module}.py").is_file()]

    def provided_file(self, name: str) -> Path:
        return self.exercises_dir / f"{name}.py"

    def reference_file(self, module: str) -> Path:
        return self.solutions_dir / f"{module}.py"

    @property
    def mistakes_dir(self) -> Path:
        """Where the course lists known mistakes as variants of the references (hidden side)."""
        return self.solutions_dir / "mistakes"

    def mistakes_file(self, module: str) -> Path:
        return self.mistakes_dir / f"{module}.py"


def find_course(start: Path) -> Path | None:
    """The nearest directory at or above `start` that holds a course."""
    start = start.resolve()
    for d in [start, *start.parents]:
        if (d / MANIFEST).is_file() and (d / "quizzes").is_dir():
            return d
    return None


def _line_of(text: str, pattern: str) -> int | None:
    match = re.search(pattern, text, flags=re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


# The code that decides what a valid manifest is and how its record is built: part of the content key.
_SCHEMA_SOURCES = ("course.py", "manifest.py", "manifest_schema.py", "records.py")


def load_manifest(path: Path) -> Manifest:
    """Parse and validate the manifest; problems come back as InputError with a line.

    Validated with pydantic once per content (grader/records.py): when these very bytes
    were validated before, the record is built from the TOML without pydantic.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        raw = None
    content = None
    if raw is not None:
        content = records.content_key("manifest", (str(Path(__file__).with_name(s)) for s in _SCHEMA_SOURCES),
                                      [("manifest.toml", raw)])
        if records.was_validated(content):
            known = _known_manifest(raw)
            if known is not None:
                return known
    manifest = _validated_manifest(path, load_toml(path))  # InputError (file, line) when invalid
    if content is not None:
        known = _known_manifest(raw)  # type: ignore[arg-type]
        if known is not None and known.signature() == manifest.signature():
            records.remember_validated(content)
    return manifest


def _known_manifest(raw: bytes) -> Manifest | None:
    """The record built from the manifest's bytes alone, or None (the schema must say what is wrong)."""
    import tomllib

    try:
        return Manifest.from_data(tomllib.loads(raw.decode("utf-8-sig")))  # type: ignore[return-value]  # decoded as load_toml does
    except Exception:  # not content that was validated (a hand-made cache entry, or changed while read)
        return None


def _validated_manifest(path: Path, data: dict) -> Manifest:
    """The manifest validated by its pydantic schema (grader/manifest_schema.py)."""
    from pydantic import ValidationError

    from grader.manifest_schema import Manifest as Schema

    try:
        return Manifest.from_model(Schema.model_validate(data))  # type: ignore[return-value]
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        text = path.read_text(encoding="utf-8")
        line = None
        if len(loc) >= 2 and loc[0] == "modules" and isinstance(loc[1], int):
            names = data.get("modules", [])
            name = names[loc[1]].get("name") if loc[1] < len(names) and isinstance(names[loc[1]], dict) else None
            if name:
                line = _line_of(text, rf'^\s*name\s*=\s*"{re.escape(str(name))}"')
                if line is not None and len(loc) >= 3 and isinstance(loc[2], str):
                    # The field's own line within that module's table, if it is there.
                    rest = "\n".join(text.splitlines()[line:]).split("[[modules]]", 1)[0]
                    within = _line_of(rest, rf"^\s*{re.escape(loc[2])}\s*=")
                    if within is not None:
                        line += within
        if line is None and loc:
            line = _line_of(text, rf"^\s*{re.escape(str(loc[-1]))}\s*=")
        where = ".".join(str(p) for p in loc)
        raise InputError(f"{where}: {err['msg']}", path, line) from None


def load_course(root: Path) -> Course:
    """Load the course at `root`, or raise InputError saying what is missing."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("course directory not found; pass --course DIR", root)
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise InputError(f"not a course: {MANIFEST} is missing; pass --course DIR", root)
    return Course(root=root.resolve(), manifest=load_manifest(manifest_path))
