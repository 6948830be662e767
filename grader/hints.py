"""Hint ladders: course content gives them, the student climbs one rung at a time."""

from __future__ import annotations

from grader.course import Course
from grader.errors import InputError


def hint_ladder(course: Course, item_id: str, lang: str = "en") -> list[str]:
    """The hints of an exercise function (manifest) or a quiz item (its bank), in `lang`.

    English where the course gives no translation (a module's `hints_zh`, a quiz item's `zh.hints`).
    """
    group, _, name = item_id.partition(".")
    if not name:
        raise InputError(f"'{item_id}' is not an item id; use <module>.<function> or <quiz>.<question>")
    spec = course.module(group)
    if spec is not None:
        if name not in spec.functions:
            raise InputError(f"'{name}' is not a graded function of {group} (try one of: {', '.join(spec.functions)})")
        return list(spec.hints_in(name, lang))
    from grader.quiz import load_banks
    from grader.quiz.model import item_texts

    for bank in load_banks(course.quizzes_dir):
        if bank.id == group:
            item = bank.item(name)
            if item is None:
                raise InputError(f"quiz {group} has no question '{name}'; `grade quiz sheet {group}` lists them")
            return list(item_texts(item, lang).hints)
    raise InputError(f"no module or quiz named '{group}'")
