"""The pydantic schema of a course's manifest (`exercises/manifest.toml`).

What `grade validate`, a release and the first read of a manifest's content check;
after that, grader/course.py builds its plain records (grader/manifest.py) from the TOML without
importing pydantic (grader/records.py says why and how that stays exact).
"""

from __future__ import annotations

import difflib
import math
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from grader.manifest import IDENT, ModuleSpecMethods


class Limits(BaseModel):
    """Resource limits for the worker that runs one student module."""

    model_config = ConfigDict(extra="forbid")

    call_timeout: float = Field(10.0, gt=0, description="wall seconds per call")
    module_timeout: float = Field(120.0, gt=0, description="wall seconds for all calls into one module")
    memory_mb: int = Field(2048, ge=64)
    output_kb: int = Field(64, ge=1)


class ModuleSpec(ModuleSpecMethods, BaseModel):
    """One assignment: a stub module students fill in, with its graded functions."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=IDENT)
    title: str
    title_zh: str | None = Field(default=None, description="the title in Simplified Chinese (--lang zh); English when absent")
    week: int = Field(ge=1)
    functions: list[str] = Field(min_length=1)
    provided: list[str] = Field(default_factory=list, description="helper modules shipped with the course")
    uses: list[str] = Field(default_factory=list, description="other assignments this one imports")
    hints: dict[str, list[str]] = Field(default_factory=dict, description="function -> hint ladder")
    hints_zh: dict[str, list[str]] = Field(default_factory=dict, description="function -> the ladder in Chinese, rung for rung")
    aliases: dict[str, list[str]] = Field(default_factory=dict, description="graded function -> older names accepted for it")
    vectorised: dict[str, float] = Field(default_factory=dict, description="graded function the course asks to vectorise -> "
                                         "points its vectorisation check is worth (0: a note only)")
    call_timeout: float | None = Field(None, gt=0)
    module_timeout: float | None = Field(None, gt=0)
    hidden_checks: int | None = Field(None, ge=0, description="how many hidden checks grade it (a student release says so)")
    notebooks: list[str] = Field(default_factory=list, description="the course notebook's own file names (every edition) this module may come as")

    @field_validator("notebooks")
    @classmethod
    def _notebook_names(cls, names: list[str]) -> list[str]:
        """Plain file names of notebooks: no directory, no link to follow, each once."""
        for name in names:
            if not name.endswith(".ipynb") or "/" in name or "\\" in name or name.startswith(".") or name.strip() != name or any(ord(c) < 32 for c in name):
                raise ValueError(f"notebook {name!r} is not a plain file name ending in .ipynb")
        if len(set(names)) != len(names):
            raise ValueError("a notebook name is given twice")
        return names

    @field_validator("hints_zh")
    @classmethod
    def _translated_hints_fit(cls, hints_zh: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        """A translated ladder has the English ladder's rungs, one for one, for a function that has one."""
        hints = info.data.get("hints") or {}
        for function, ladder in hints_zh.items():
            if function not in hints:
                raise ValueError(f"hints_zh for '{function}', which has no English hints (add hints.{function} first)")
            if len(ladder) != len(hints[function]):
                raise ValueError(f"hints_zh.{function} has {len(ladder)} hint(s) but hints.{function} has "
                                 f"{len(hints[function])}: translate each rung of the ladder, in order")
            if any(not h.strip() for h in ladder):
                raise ValueError(f"hints_zh.{function} lists an empty hint")
        return hints_zh

    @field_validator("aliases")
    @classmethod
    def _aliases_fit(cls, aliases: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        """Older names (an earlier course edition's `normalizeRows`) of graded functions, never of others."""
        functions = info.data.get("functions") or []
        seen: dict[str, str] = {}
        for function, names in aliases.items():
            if function not in functions:
                raise ValueError(f"aliases for '{function}', which is not a graded function of this module")
            for name in names:
                if not re.match(IDENT, name):
                    raise ValueError(f"alias {name!r} of '{function}' is not a Python identifier")
                if name in functions:
                    raise ValueError(f"alias '{name}' of '{function}' is itself a graded function of this module")
                if name in seen and seen[name] != function:
                    raise ValueError(f"alias '{name}' is given for both '{seen[name]}' and '{function}'")
                seen[name] = function
        return aliases

    @field_validator("vectorised")
    @classmethod
    def _vectorised_fit(cls, table: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        """Where the course asks for vectorised code, and what a loop over the examples costs there."""
        functions = info.data.get("functions") or []
        for function, points in table.items():
            if function not in functions:
                near = difflib.get_close_matches(function, functions, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                raise ValueError(f"vectorised lists '{function}', which is not a graded function of this module{hint}")
            if not math.isfinite(points) or points < 0:
                raise ValueError(f"vectorised gives '{function}' {points:g} points: give 0 (a note only, no points taken off) "
                                 "or a positive number of points")
        return table

Visibility = Literal["hidden", "after_due_date", "after_published", "visible"]


class GradescopeSettings(BaseModel):
    """When Gradescope shows each test of results.json to students (`[gradescope]` in the manifest).

    Instructors always see everything. `hidden_checks` is for graded functions when
    the hidden checks ran (their feedback would teach the hidden inputs' edge cases
    and the score would tell them apart); `public` is for quiz items and for
    functions graded by public checks only. `items` overrides either for an item
    id, a module or a quiz (`"deep_nn.L_model_backward"`, `"deep_nn"`, `"week3"`).
    """

    model_config = ConfigDict(extra="forbid")

    hidden_checks: Visibility = "after_published"
    public: Visibility = "visible"
    items: dict[str, Visibility] = Field(default_factory=dict)


class NotebookSettings(BaseModel):
    """How a course notebook's imports are read (`[notebook]` in the manifest; grader/notebook.py).

    `drop_imports`: the course's own test and data modules a notebook imports but a graded
    function never needs (fnmatch patterns: "testCases*"); left out of the built module.
    `rename_imports`: a notebook's name for a helper module -> the course's provided module
    (`dnn_app_utils_v3 = "dnn_app_utils"`).
    """

    model_config = ConfigDict(extra="forbid")

    drop_imports: list[str] = Field(default_factory=list)
    rename_imports: dict[str, str] = Field(default_factory=dict)

    @field_validator("drop_imports")
    @classmethod
    def _patterns(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            if not re.match(r"^[A-Za-z_*?][A-Za-z0-9_.*?]*$", p):
                raise ValueError(f"{p!r} is not a module name pattern")
        return patterns

    @field_validator("rename_imports")
    @classmethod
    def _renames(cls, renames: dict[str, str]) -> dict[str, str]:
        for old, new in renames.items():
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_.]*$", old) or not re.match(IDENT, new):
                raise ValueError(f"rename {old!r} -> {new!r}: both must be module names")
        return renames


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    defaults: Limits = Field(default_factory=Limits)
    modules: list[ModuleSpec] = Field(default_factory=list)
    gradescope: GradescopeSettings = Field(default_factory=GradescopeSettings)
    notebook: NotebookSettings = Field(default_factory=NotebookSettings)

    @model_validator(mode="after")
    def _notebooks_fit(self) -> "Manifest":
        """A notebook name belongs to one module; a renamed import names a provided helper."""
        owner: dict[str, str] = {}
        for spec in self.modules:
            for name in spec.notebooks:
                if name in owner:
                    raise ValueError(f"notebook {name!r} is given for both {owner[name]} and {spec.name}")
                owner[name] = spec.name
        provided = {h for spec in self.modules for h in spec.provided}
        for old, new in self.notebook.rename_imports.items():
            if new not in provided:
                raise ValueError(f"notebook.rename_imports: {old} -> {new}, but {new} is no module's provided helper")
        return self
