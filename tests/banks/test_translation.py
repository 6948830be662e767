"""The Chinese half of the course content: the banks' `[zh]` tables and the manifest's `hints_zh`.

The engine checks that the two languages line up (same choices, same placeholders);
these tests pin what only the content can get right: the Chinese is there and is
Chinese, a student is told to type the same answer tokens in both languages, a
concept does not give a Chinese answer away (the engine's whole-word match cannot see
a word inside a Chinese sentence, which has no spaces), and one idea has one name
(docs/glossary.md). They read the TOML files directly, so they say nothing about
how the engine loads them.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from support import ROOT

BANKS = sorted((ROOT / "quizzes").glob("week*.toml"))
MANIFEST = ROOT / "exercises" / "manifest.toml"
GLOSSARY = ROOT / "docs" / "glossary.md"

CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[A-Za-z_][A-Za-z0-9_]*(?:\[[^\[\]{}]*\])*\}")
# An ASCII , ; ? ! or a full stop ending a sentence, touching Chinese text: a slip for ，；？！。
ASCII_PUNCTUATION = re.compile(r"[\u4e00-\u9fff][,;?!]|[,;?!][\u4e00-\u9fff]|[\u4e00-\u9fff]\.(?:\s|$)")
# Variants that name a glossary term a second way -> the term the content uses.
VARIANTS = {
    "隐层": "隐藏层 / 隐藏单元",
    "矢量化": "向量化",
    "成本函数": "代价函数",
    "偏差": "偏置 (b)",
    "Logistic回归": "逻辑回归",
    "logistic 回归": "逻辑回归",
    "后向传播": "反向传播",
    "正向传播": "前向传播",
    "样例": "样本",
}


def load(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def chinese_texts(zh: dict) -> list[tuple[str, str]]:
    """(field, text) for every string of an item's zh table."""
    out = []
    for key, value in zh.items():
        out.extend((key, v) for v in (value if isinstance(value, list) else [value]))
    return out


def items():
    for path in BANKS:
        bank = load(path)
        for item in bank["items"]:
            yield pytest.param(bank["id"], item, id=f"{bank['id']}.{item['id']}")


def test_every_bank_declares_both_languages():
    assert len(BANKS) == 4
    for path in BANKS:
        bank = load(path)
        assert bank["languages"] == ["en", "zh"], path.name
        assert CJK.search(bank["zh"]["title"]), path.name


@pytest.mark.parametrize("bank_id, item", list(items()))
def test_item_is_translated(bank_id, item):
    zh = item["zh"]
    for key in ("prompt", "explanation", "concept"):
        assert CJK.search(zh[key]), f"zh.{key} is missing or not Chinese"
        assert placeholders(zh[key]) == placeholders(item[key]), f"zh.{key} placeholders"
    for key in ("choices", "hints"):
        assert (key in zh) == (key in item), f"zh.{key}"
        if key in item:
            assert len(zh[key]) == len(item[key]), f"zh.{key} count"
            assert len(set(zh[key])) == len(zh[key]), f"zh.{key} must be distinct"
            for english, chinese in zip(item[key], zh[key]):
                # a choice that is code or a formula stays as written; anything else is Chinese
                assert CJK.search(chinese) or chinese == english, f"zh.{key} {chinese!r}"
                assert placeholders(chinese) == placeholders(english)
    if "accept" in zh:
        assert item["type"] == "text" and "answer_expr" not in item, "a fixed accept list fits only a fixed text answer"
        assert all(a.strip() for a in zh["accept"])
    for key, text in chinese_texts(zh):
        assert not ASCII_PUNCTUATION.search(text), f"ASCII punctuation in Chinese text, zh.{key}: {text!r}"
        for variant, term in VARIANTS.items():
            assert variant not in text, f"zh.{key} says {variant!r}; the glossary term is {term}"


@pytest.mark.parametrize("bank_id, item", list(items()))
def test_chinese_prompt_keeps_the_answer_tokens(bank_id, item):
    """A student reading Chinese types the same answer as one reading English."""
    zh_prompt = item["zh"]["prompt"]
    if '"error"' in item["prompt"]:
        assert '"error"' in zh_prompt
    if item["type"] == "text" and item.get("answer_expr") == "case[1]":
        for word in {case[1] for case in item["params"]["case"]["choice"]}:
            assert re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", zh_prompt), f"the prompt must offer {word!r}"


@pytest.mark.parametrize("bank_id, item", list(items()))
def test_chinese_concept_does_not_give_the_answer_away(bank_id, item):
    zh = item["zh"]
    concept = squash(zh["concept"])
    if "choices" in item:
        keys = [item["answer"]] if isinstance(item["answer"], str) else item["answer"]
        for key in keys:
            right = zh["choices"][item["choices"].index(key)]
            assert squash(right) not in concept, f"the concept contains the right choice {right!r}"
    if item["type"] == "text" and "answer" in item:
        for answer in [item["answer"], *item.get("accept", []), *zh.get("accept", [])]:
            assert squash(answer) not in concept, f"the concept contains the answer {answer!r}"


def test_every_hint_ladder_is_translated():
    manifest = load(MANIFEST)
    for module in manifest["modules"]:
        hints, hints_zh = module["hints"], module["hints_zh"]
        assert set(hints_zh) == set(hints), module["name"]
        for function, ladder in hints.items():
            ladder_zh = hints_zh[function]
            assert len(ladder_zh) == len(ladder), f"{module['name']}.{function}"
            for hint in ladder_zh:
                assert CJK.search(hint), f"{module['name']}.{function}: {hint!r}"
                assert not ASCII_PUNCTUATION.search(hint), f"{module['name']}.{function}: {hint!r}"
                for variant, term in VARIANTS.items():
                    assert variant not in hint, f"{module['name']}.{function} says {variant!r}; the glossary term is {term}"


def test_glossary_names_the_terms_the_content_uses():
    glossary = GLOSSARY.read_text(encoding="utf-8")
    for term in ("逻辑回归", "隐藏层", "隐藏单元", "偏置", "代价函数", "损失函数", "激活函数", "前向传播", "反向传播",
                 "梯度下降", "学习率", "超参数", "向量化", "广播", "训练样本", "打破对称性", "结构化数据", "非结构化数据"):
        assert term in glossary, term
    texts = [t for path in BANKS for item in load(path)["items"] for _, t in chinese_texts(item["zh"])]
    texts += [h for m in load(MANIFEST)["modules"] for ladder in m["hints_zh"].values() for h in ladder]
    used = "".join(texts)
    for term in ("逻辑回归", "隐藏层", "偏置", "代价函数", "损失函数", "激活函数", "前向传播", "反向传播", "梯度下降", "学习率", "超参数"):
        assert term in used, f"{term} is in the glossary but no Chinese text uses it"
