"""Per-student variants: stable for one student, different across students."""

from __future__ import annotations

import random
from pathlib import Path

from grader.quiz import prepare
from grader.quiz.model import Param
from grader.quiz.variants import choice_order, fill, seed_for

TEMPLATES = ("w-shape", "broadcast", "loss")


def test_same_student_always_gets_the_same_variant(demo_bank) -> None:
    for item in demo_bank.items:
        first, again = prepare(demo_bank, item, "s1"), prepare(demo_bank, item, "s1")
        assert (first.prompt, first.choices, first.key) == (again.prompt, again.choices, again.key)


def test_seed_is_a_pure_function_of_student_quiz_and_item() -> None:
    assert seed_for("s1", "week3", "a") == seed_for("s1", "week3", "a")
    assert len({seed_for("s1", "week3", "a"), seed_for("s2", "week3", "a"), seed_for("s1", "week2", "a"),
                seed_for("s1", "week3", "b"), seed_for("s1", "week3", "a", "choices")}) == 5
    # the separator keeps ("ab", "c") and ("a", "bc") apart
    assert seed_for("ab", "c", "x") != seed_for("a", "bc", "x")


def test_templates_differ_across_students(demo_bank) -> None:
    for item_id in TEMPLATES:
        item = demo_bank.item(item_id)
        prompts = {prepare(demo_bank, item, f"student{n}").prompt for n in range(100)}
        assert len(prompts) >= 5, item_id


def test_choices_are_a_per_student_permutation(demo_bank) -> None:
    item = demo_bank.item("more-data")
    orders = {tuple(choice_order("demo", item, f"student{n}")) for n in range(50)}
    assert all(sorted(o) == sorted(item.choices) for o in orders)
    assert len(orders) > 5


def test_prepared_item_fills_placeholders_and_computes_the_key(demo_bank) -> None:
    p = prepare(demo_bank, demo_bank.item("w-shape"), "s1")
    dims, l = p.values["dims"], p.values["l"]
    assert p.prompt == f"layer_dims = {dims}. What is the shape of W{l}?"
    assert p.key == (dims[l], dims[l - 1])
    assert f"({dims[l]}, {dims[l - 1]})" in p.explanation
    assert p.result_id == "demo.w-shape"


def test_fill_handles_indexes_escapes_and_unknown_names() -> None:
    values = {"dims": [4, 3, 1], "l": 1, "x": 0.30000000000000004, "s": "relu"}
    assert fill("{dims[l]} {dims[-1]} {dims} {x} {s}", values) == "3 1 [4, 3, 1] 0.3 relu"
    assert fill("{{dims}} and {nope} and {dims[9]}", values) == "{dims} and {nope} and {dims[9]}"


def test_grid_parameters_have_no_float_noise() -> None:
    param = Param.model_validate({"range": [0.1, 0.9], "step": 0.1})
    assert param.count == 9
    assert [param.value_at(k) for k in range(param.count)] == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    ints = Param.model_validate({"range": [1, 3]})
    rng = random.Random(0)
    assert {ints.value_at(rng.randrange(ints.count)) for _ in range(100)} == {1, 2, 3}


def _from_scratch(bank, item, student: str, lang: str):
    """The student's variant worked out with nothing remembered (variants.py's caches emptied first)."""
    from grader.quiz import variants

    variants._fixed_items.clear()
    return variants.prepare_clear(bank, item, student, lang)


def test_what_is_remembered_across_students_is_what_each_would_get_alone(demo_bank) -> None:
    # Items' fixed parts and template variants are kept per item object between students
    # (a batch): every student still gets exactly what a fresh process would give them.
    from grader.quiz import load_banks
    from grader.quiz.variants import prepare_clear

    for bank in [demo_bank, *load_banks(Path(__file__).resolve().parents[2] / "quizzes")]:
        for lang in ("en", "zh"):
            for n in range(12):
                student = f"student{n}"
                for item in bank.items:
                    warm = prepare_clear(bank, item, student, lang)
                    assert warm == _from_scratch(bank, item, student, lang), (bank.id, item.id, student, lang)
                    prepare_clear(bank, item, "someone-else", lang)  # fills the caches again


def test_a_students_values_are_their_own_copy(demo_bank) -> None:
    item = demo_bank.item("w-shape")
    prepare(demo_bank, item, "s1")
    first = prepare(demo_bank, item, "s1")  # remembered by now
    first.values["dims"].append(99)  # a reader changing its copy changes no one else's
    again = prepare(demo_bank, item, "s1")
    assert 99 not in again.values["dims"] and again.prompt == first.prompt
