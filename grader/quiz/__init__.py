"""The quiz engine: banks, per-student variants, answer sheets, scoring, validation.

The public names below load their modules on first use, so importing
`grader.quiz` costs nothing until a quiz is actually read.

    load_bank(path) -> Bank                      one bank; InputError on the first problem
    load_banks(quizzes_dir) -> list[Bank]        every bank, sorted by (week, id)
    validate_quizzes(quizzes_dir) -> list[InputError]   every problem, with file and line
    prepare(bank, item, student, lang) -> PreparedItem   the student's variant and key, texts in lang
    render_sheet(bank, student, lang=) -> str    blank answer sheet (TOML, written by tomlkit)
    render_key(bank, student, lang=) -> str      the filled-in key (TOML)
    grade_quiz(bank, sheet_path, student, cache_dir, lang) -> list[ItemResult]
    take_quiz(bank, student, sheet_path, *, input_func, echo, retake, lang, columns) -> TakeOutcome
    bank.texts(item_id, lang), bank.title_in(lang)   an item's texts / the title in a language

lang is "en" or "zh" (grader/i18n.py decides which); English wherever a bank has no translation.
"""

from __future__ import annotations

from grader import lazy

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and editors; at run time names load on first use
    from grader.quiz.loader import load_bank, load_banks
    from grader.quiz.model import Bank, Item
    from grader.quiz.scoring import grade_quiz
    from grader.quiz.sheet import render_key, render_sheet
    from grader.quiz.take import TakeOutcome, take_quiz
    from grader.quiz.validate import validate_quizzes
    from grader.quiz.variants import PreparedItem, TemplateError
    from grader.quiz.views import prepare

_EXPORTS: dict[str, str] = {
    "load_bank": "grader.quiz.loader",
    "load_banks": "grader.quiz.loader",
    "validate_quizzes": "grader.quiz.validate",
    "prepare": "grader.quiz.views",
    "PreparedItem": "grader.quiz.variants",
    "TemplateError": "grader.quiz.variants",
    "render_sheet": "grader.quiz.sheet",
    "render_key": "grader.quiz.sheet",
    "grade_quiz": "grader.quiz.scoring",
    "take_quiz": "grader.quiz.take",
    "TakeOutcome": "grader.quiz.take",
    "Bank": "grader.quiz.model",
    "Item": "grader.quiz.model",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy.exports(__name__, _EXPORTS)
