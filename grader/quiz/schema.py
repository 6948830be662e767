"""The pydantic schema of a quiz bank: what `grade validate`, a release and the first read of a bank check.

Pydantic checks the *form* of each field (unknown fields are refused); the models
share their behaviour (methods, properties) with the plain records of
grader/quiz/model.py, which is what the engine reads after a bank's content was
validated once (grader/records.py). Importing this module imports pydantic: only
code that validates does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr

from grader.quiz.model import BANK_ID, ITEM_ID, BankMethods, ItemMethods, ItemType, Language, ParamMethods


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text


Text = Annotated[str, AfterValidator(_not_blank)]


class Param(ParamMethods, BaseModel):
    """One drawn parameter: `{ range = [lo, hi] }`, with an optional `step`, or `{ choice = [...] }`."""

    model_config = ConfigDict(extra="forbid", strict=True)

    range: list[int | float] | None = Field(None, min_length=2, max_length=2)
    step: int | float | None = Field(None, gt=0)
    choice: list[Any] | None = Field(None, min_length=1)


class ItemTranslation(BaseModel):
    """An item's texts in another language (`[items.zh]`): what a student reads, never the key.

    The key stays the English one: a translated choice stands at the same position as
    its English choice, so an answer is matched by position whatever the language it was
    shown in. `accept` adds answers a text item accepts in every language.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    prompt: Text
    choices: list[str] | None = Field(None, min_length=2, max_length=26)
    explanation: Text
    concept: Text
    hints: list[str] = Field(default_factory=list)
    accept: list[str] = Field(default_factory=list)


class BankTranslation(BaseModel):
    """A bank's own texts in another language (`[zh]` at the top of the file)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: Text


class Item(ItemMethods, BaseModel):
    """One quiz question; `answer` is a literal key, `answer_expr` a template's computed key."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(pattern=ITEM_ID)
    type: ItemType
    points: float = Field(1.0, gt=0)
    prompt: Text
    choices: list[str] | None = Field(None, min_length=2, max_length=26)
    answer: Any = None
    answer_expr: str | None = None
    tolerance: float = Field(1e-6, ge=0)
    rel_tolerance: float = Field(1e-6, ge=0)
    accept: list[str] = Field(default_factory=list)
    explanation: Text
    concept: Text
    hints: list[str] = Field(default_factory=list)
    params: dict[str, Param] = Field(default_factory=dict)
    let: dict[str, str] = Field(default_factory=dict)
    zh: ItemTranslation | None = None


class Bank(BankMethods, BaseModel):
    """One week's quiz, as written in `quizzes/<id>.toml`."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(pattern=BANK_ID)
    title: Text
    week: int = Field(ge=1)
    languages: list[Language] = Field(default_factory=lambda: ["en"], min_length=1)
    zh: BankTranslation | None = None
    items: list[Item] = Field(min_length=1)

    _path: Path | None = PrivateAttr(None)
    _lines: dict[str, int] = PrivateAttr(default_factory=dict)
