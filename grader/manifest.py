"""A course's manifest (`exercises/manifest.toml`) as plain records.

Validated by its pydantic schema (grader/manifest_schema.py) the first time its content
is read; after that built from the TOML without pydantic (grader/records.py says why and
how that stays exact). grader/course.py loads it.
"""

from __future__ import annotations

from typing import Literal

from grader.records import Record

IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"


class ModuleSpecMethods:
    """What an assignment's entry can do (shared by the record and the pydantic model)."""

    def hints_in(self, function: str, lang: str = "en") -> list[str]:
        """A function's hint ladder in `lang` (English where the manifest gives no translation)."""
        if lang == "zh" and function in self.hints_zh:
            return list(self.hints_zh[function])
        return list(self.hints.get(function, []))

    def limits(self, defaults: Limits) -> Limits:
        overrides = {k: v for k, v in (("call_timeout", self.call_timeout), ("module_timeout", self.module_timeout)) if v}
        return defaults.model_copy(update=overrides)


def _none() -> None:
    return None


def _required() -> None:
    """The default of a field the schema requires: validated data always gives it."""
    return None


_SCHEMA = "grader.manifest_schema"


class Limits(Record):
    """Resource limits for the worker that runs one student module."""

    SCHEMA = (_SCHEMA, "Limits")
    FIELDS = {"call_timeout": ("float", lambda: 10.0), "module_timeout": ("float", lambda: 120.0),
              "memory_mb": ("int", lambda: 2048), "output_kb": ("int", lambda: 64)}


class ModuleSpec(ModuleSpecMethods, Record):
    """One assignment: a stub module students fill in, with its graded functions."""

    SCHEMA = (_SCHEMA, "ModuleSpec")
    FIELDS = {
        "name": ("any", _required), "title": ("any", _required), "title_zh": ("any", _none), "week": ("int", _required),
        "functions": ("any", _required), "provided": ("any", list), "uses": ("any", list), "hints": ("any", dict),
        "hints_zh": ("any", dict), "aliases": ("any", dict), "vectorised": (("float", "dict"), dict),
        "call_timeout": ("float", _none), "module_timeout": ("float", _none), "hidden_checks": ("int", _none),
        "notebooks": ("any", list),
    }


Visibility = Literal["hidden", "after_due_date", "after_published", "visible"]


class GradescopeSettings(Record):
    """When Gradescope shows each test of results.json to students (`[gradescope]` in the manifest; see the schema)."""

    SCHEMA = (_SCHEMA, "GradescopeSettings")
    FIELDS = {"hidden_checks": ("any", lambda: "after_published"), "public": ("any", lambda: "visible"), "items": ("any", dict)}


class NotebookSettings(Record):
    """How a course notebook's imports are read (`[notebook]` in the manifest; see the schema)."""

    SCHEMA = (_SCHEMA, "NotebookSettings")
    FIELDS = {"drop_imports": ("any", list), "rename_imports": ("any", dict)}


class Manifest(Record):
    """The course's `exercises/manifest.toml`, validated."""

    SCHEMA = (_SCHEMA, "Manifest")
    FIELDS = {
        "defaults": ((Limits, "one"), Limits), "modules": ((ModuleSpec, "list"), list),
        "gradescope": ((GradescopeSettings, "one"), GradescopeSettings), "notebook": ((NotebookSettings, "one"), NotebookSettings),
    }
