"""Sheets are written by a TOML library (tomlkit): whatever a student wrote comes back as written.

The hand-written writer this replaced broke a sheet whose key ended in a newline (19 of
20,000 random round-trips); these properties try keys and values of every kind: newlines,
quotes, backslashes, control characters, Chinese, nested lists and tables.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.quiz import load_bank, render_sheet
from grader.quiz.sheet import parse_sheet, toml_key, toml_value

FIXTURE_BANK = Path(__file__).resolve().parent / "fixtures" / "bilingual" / "quizzes" / "bilingual.toml"
BANK = load_bank(FIXTURE_BANK)
ITEM_IDS = [item.id for item in BANK.items]

texts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from('ab"\\\'\n\r\t #=[]{}.,中文对错（）\u3000\x00\x1f\x7f'), max_size=12),
    st.builds(lambda t: t + "\n", st.text(max_size=10)),  # a key ending in a newline
)
scalars = st.one_of(texts, st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
                    st.floats(allow_nan=False))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(texts, inner, max_size=3)), max_leaves=8)
extra_keys = texts.filter(lambda k: k not in ITEM_IDS and k != "sheet")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(extra_keys, values, max_size=4))
def test_keys_and_values_a_student_wrote_round_trip(extra: dict) -> None:
    text = render_sheet(BANK, "s1", extra=extra)
    data = tomllib.loads(text)
    assert {k: v for k, v in data.items() if k not in ITEM_IDS and k != "sheet"} == extra
    assert data["sheet"] == {"quiz": BANK.id, "student": "s1"}
    assert parse_sheet(text.encode("utf-8"), Path("s.toml")).data == data


@settings(max_examples=300, deadline=None)
@given(texts, values)
def test_one_key_and_value(key: str, value) -> None:
    assert tomllib.loads(f"{toml_key(key)} = {toml_value(value)}\n") == {key: value}


answers = st.fixed_dictionaries({}, optional={item_id: st.one_of(texts, st.lists(texts, max_size=3), st.booleans())
                                              for item_id in ITEM_IDS})


@settings(max_examples=75, deadline=None)
@given(answers, st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20), max_size=3))
def test_an_edited_sheet_keeps_the_students_comments(new_answers: dict, notes: list[str]) -> None:
    comments = [f"# {note}" for note in notes]
    written = "\n".join(comments) + "\n" + render_sheet(BANK, "s1", {"iterate": "对"})
    edited = render_sheet(BANK, "s1", new_answers, previous=written)
    for line in comments:
        assert line in edited.splitlines()
    data = tomllib.loads(edited)
    for item_id in ITEM_IDS:
        assert data[item_id] == new_answers.get(item_id, "对" if item_id == "iterate" else "")
    assert data["sheet"] == {"quiz": BANK.id, "student": "s1"}
