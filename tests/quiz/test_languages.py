"""Bilingual banks: English and Chinese in one file, validated together, shown in the student's language.

The key is always the English one; a translation changes what is shown, never what is right.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from grader.errors import InputError
from grader.quiz import grade_quiz, load_bank, prepare, render_key, render_sheet, take_quiz
from grader.quiz.answers import parse_answer
from grader.quiz.loader import read_bank
from grader.quiz.validate import validate_quizzes
from support import ROOT

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "bilingual"
BANK = FIXTURE / "quizzes" / "bilingual.toml"
DEMO = Path(__file__).resolve().parent / "fixtures" / "course" / "quizzes" / "demo.toml"


@pytest.fixture(scope="module")
def bank():
    return load_bank(BANK)


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, list[InputError]]:
    """The fixture bank with one edit, in a course of its own, and what `grade validate` finds."""
    text = BANK.read_text(encoding="utf-8")
    assert old in text, old
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    path = quizzes / "bilingual.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, validate_quizzes(quizzes)


def _line(path: Path, needle: str, after: str | None = None) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n, line in enumerate(lines) if n >= start and needle in line) + 1


# ---------------------------------------------------------------- the model

def test_the_bilingual_fixture_is_valid(bank) -> None:
    assert validate_quizzes(FIXTURE / "quizzes") == []
    assert bank.languages == ["en", "zh"]
    assert bank.title_in("zh") == "神经网络基础" and bank.title_in("en") == "Neural network basics"


def test_texts_in_a_language(bank) -> None:
    zh = bank.texts("neuron-computes", "zh")
    en = bank.texts("neuron-computes", "en")
    assert zh.lang == "zh" and zh.prompt.startswith("按照课程") and zh.hints == ("圆圈里发生了两个步骤。", "线性步骤在前。")
    assert en.lang == "en" and en.prompt.startswith("What does") and len(en.choices) == len(zh.choices) == 3
    assert bank.texts("no-such-item", "zh") is None


def test_a_bank_without_chinese_is_unchanged_and_falls_back_to_english() -> None:
    demo = load_bank(DEMO)
    assert demo.languages == ["en"] and demo.title_in("zh") == demo.title
    item = demo.items[0]
    assert demo.texts(item.id, "zh") == demo.texts(item.id, "en")
    p_en, p_zh = prepare(demo, item, "s1"), prepare(demo, item, "s1", "zh")
    assert p_zh.lang == "en" and p_zh.prompt == p_en.prompt and p_zh.lettered() == p_en.lettered()


def test_a_translation_changes_what_is_shown_never_the_variant_order_or_key(bank) -> None:
    for student in ("s1", "s2", "s3", "someone else"):
        for item in bank.items:
            en, zh = prepare(bank, item, student), prepare(bank, item, student, "zh")
            assert (zh.key, zh.choices, zh.values) == (en.key, en.choices, en.values)
            if item.choices:  # each shown Chinese choice stands where its English choice stands
                for english, shown in zip(zh.choices, zh.labels):
                    assert item.zh.choices[item.choices.index(english)] == shown
    w = prepare(bank, bank.item("w-shape"), "s1", "zh")
    assert "{" not in w.prompt and str(w.values["l"]) in w.prompt and "形状" in w.prompt


def test_a_choice_may_be_typed_in_either_language(bank) -> None:
    p = prepare(bank, bank.item("neuron-computes"), "s1", "zh")
    right = bank.item("neuron-computes").answer
    assert parse_answer(p, "先计算线性函数 z = Wx + b，再计算激活函数 g(z)") == right
    assert parse_answer(p, right) == right


def test_chinese_accepted_answers_count_in_both_languages(bank, tmp_path: Path) -> None:
    for lang in ("en", "zh"):
        sheet = tmp_path / f"{lang}.toml"
        sheet.write_text('activation-name = "修正线性单元"\n', encoding="utf-8")
        result = next(r for r in grade_quiz(bank, sheet, "s1") if r.id.endswith("activation-name"))
        assert result.status == "passed"


# ---------------------------------------------------------------- validation: file, line, what to do

@pytest.mark.parametrize("old, new, needle, after, message", [
    ('  "所有输入的平均值",\n', "", 'choices = [', "[items.zh]",
     "item 'neuron-computes': zh.choices has 2 choices but the English choices has 3"),
    ('hints = ["圆圈里发生了两个步骤。", "线性步骤在前。"]', 'hints = ["圆圈里发生了两个步骤。"]', 'hints = ["圆圈', None,
     "item 'neuron-computes': zh.hints has 1 hint(s) but the English hints has 2"),
    ('prompt = "layer_dims = {dims}。W{l} 的形状是什么？"', 'prompt = "layer_dims = {dim}。W 的形状是什么？"',
     'prompt = "layer_dims = {dim}', None,
     "item 'w-shape': zh.prompt uses the placeholders {dim} but the English prompt uses {dims}, {l}"),
    ('explanation = "W[l] 的形状是 (n[l], n[l-1])：这里是 ({dims[l]}, {n_prev})。"',
     'explanation = "W[l] 的形状是 (n[l], n[l-1])：这里是 ({dims[0]}, {n_prev})。"', "W[l] 的形状", None,
     "zh.explanation uses the placeholders {dims[0]}, {n_prev} but the English explanation uses {dims[l]}, {n_prev}"),
    ('concept = "列向量只有一列；行数是图像中所有像素值的个数。"', 'concpt = "列向量"', "concpt", None,
     "item 'flatten': unknown field 'zh.concpt'; did you mean 'zh.concept'?"),
    ('accept = ["修正线性单元", "线性整流函数"]', 'accept = ["修正线性单元", " "]', 'accept = ["修正', None,
     "item 'activation-name': zh.accept lists an empty answer"),
    ('[zh]\ntitle = "神经网络基础"\n', "", "languages = ", None,
     'languages lists "zh" but the bank has no [zh] table with its title'),
    ('languages = ["en", "zh"]', 'languages = ["zh"]', "languages = ", None, 'languages must list "en"'),
    ('prompt = "sigmoid(0) 等于多少？"\nexplanation', 'choices = ["一", "二"]\nprompt = "sigmoid(0) 等于多少？"\nexplanation',
     'choices = ["一"', None, "item 'sigmoid-zero': a number item has no choices; remove zh.choices"),
])
def test_a_translation_that_does_not_fit_is_named_with_file_and_line(tmp_path, old, new, needle, after, message) -> None:
    path, errors = _broken(tmp_path, old, new)
    found = [e for e in errors if message in e.message]
    assert found, [str(e) for e in errors]
    assert found[0].path == str(path) and found[0].line == _line(path, needle, after), str(found[0])


def test_a_declared_language_needs_every_item_translated(tmp_path) -> None:
    old = '[items.zh]\nprompt = "sigmoid(0) 等于多少？"\nexplanation = "sigmoid(0) = 1 / (1 + e^0) = 1/2。"\n' \
          'concept = "把 z 代入 1 / (1 + e^(-z))；想想 e 的零次方是多少。"\n'
    path, errors = _broken(tmp_path, old, "")
    assert [(e.line, e.message) for e in errors] == [(
        _line(path, 'id = "sigmoid-zero"'),
        "item 'sigmoid-zero': the bank declares languages = [..., \"zh\"], so this item needs an [items.zh] table "
        "(prompt, explanation, concept) right after its English fields")]
    # without the declaration, an untranslated item is shown in English
    path.write_text(path.read_text(encoding="utf-8").replace('languages = ["en", "zh"]\n', ""), encoding="utf-8")
    assert validate_quizzes(path.parent) == []
    assert load_bank(path).texts("sigmoid-zero", "zh").lang == "en"


def test_a_missing_translated_field_points_at_its_table(tmp_path) -> None:
    path, errors = _broken(tmp_path, 'concept = "列向量只有一列；行数是图像中所有像素值的个数。"\n', "")
    assert [(e.line, e.message) for e in errors] == [
        (_line(path, "[items.zh]", 'id = "flatten"'), "item 'flatten': missing field 'zh.concept'")]


def test_a_translated_concept_may_not_give_the_answer_away(tmp_path) -> None:
    path, errors = _broken(tmp_path, 'concept = "想象一条左边平贴在零上、右边是 45 度斜线的曲线。"',
                           'concept = "答案是修正线性单元。"')
    assert any("zh.concept gives the answer away" in e.message and e.line == _line(path, "答案是") for e in errors), \
        [str(e) for e in errors]


def test_validate_and_every_quiz_command_exit_2_on_a_bad_translation(tmp_path) -> None:
    path, _ = _broken(tmp_path, '  "所有输入的平均值",\n', "")
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "manifest.toml").write_text("", encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    for args in (["validate", str(tmp_path), "--no-run", "--no-mistakes"],
                 ["quiz", "sheet", "bilingual", "--lang", "zh", "--course", str(tmp_path)]):
        done = subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 2, done
        assert f"{path}:{_line(path, 'choices = [', '[items.zh]')}: item 'neuron-computes': zh.choices has 2" in done.stderr
        assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- sheets, keys and take in Chinese

def test_sheet_and_key_in_chinese(bank) -> None:
    sheet = render_sheet(bank, "s1", lang="zh")
    assert sheet.startswith("# bilingual：神经网络基础（7 题，8 分）")
    p = prepare(bank, bank.item("more-data"), "s1", "zh")
    for letter, label in p.lettered():
        assert f"#      {letter}) {label}" in sheet
    key = render_key(bank, "s1", lang="zh")
    assert "#    解析：神经元先计算" in key
    # the language of the comments changes nothing that is graded
    english = render_sheet(bank, "s1")
    assert _values(sheet) == _values(english)


def _values(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


class Terminal:
    def __init__(self, *lines: str):
        self.lines, self.out = list(lines), []

    def input(self, prompt: str) -> str:
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)

    def echo(self, text: str) -> None:
        self.out.append(text)


def test_take_speaks_chinese_and_wraps_to_the_terminal(bank, tmp_path) -> None:
    from grader.display import width

    term = Terminal("ｚ", "", "ａ", "对")  # unreadable, skipped, a multiple-select answer, a wrong true/false
    outcome = take_quiz(bank, "s1", tmp_path / "answers" / "bilingual.toml", input_func=term.input, echo=term.echo,
                        lang="zh", columns=40)
    text = "\n".join(term.out)
    assert outcome.interrupted and outcome.answered == 2
    assert "无法识别这个答案" in text and "已跳过。" in text and "不正确。" in text and "已停止。" in text
    for english in ("Right", "Not right", "Explanation", "questions", "Press Enter", "Stopped", "Skipped",
                    "Cannot read", "write ", "point"):
        assert english not in text, f"English in the Chinese session: {english!r}"
    assert all(width(line) <= 40 for line in text.split("\n")), text


def test_take_keeps_a_students_comments_and_names_a_typo(bank, tmp_path) -> None:
    sheet = tmp_path / "bilingual.toml"
    text = render_sheet(bank, "s1").replace('iterate = ""', 'iterate = "yes"  # my first guess')
    text = text.replace("[sheet]", 'neuron-compute = "a"\n\n[sheet]') + 'more-dta = "b"\n'  # a typo; one under [sheet]
    sheet.write_text("# my notes: revise week 2\n" + text, encoding="utf-8")
    term = Terminal("a")
    take_quiz(bank, "s1", sheet, input_func=term.input, echo=term.echo)
    saved = sheet.read_text(encoding="utf-8")
    assert saved.startswith("# my notes: revise week 2\n")
    assert 'iterate = "yes"  # my first guess' in saved
    assert 'neuron-compute = "a"' in saved
    assert any("'neuron-compute' on the sheet is not a question of bilingual" in line
               and "did you mean 'neuron-computes'?" in line for line in term.out), term.out
    assert any("'more-dta'" in line and "inside the [sheet] table" in line for line in term.out), term.out
    assert 'more-dta = "b"' in saved


def test_grading_names_typos_and_answers_under_the_sheet_table(bank, tmp_path) -> None:
    sheet = tmp_path / "bilingual.toml"
    text = render_sheet(bank, "s1").replace('neuron-computes = ""\n', "").replace('more-data = ""\n', "")
    text = text.replace("[sheet]", 'neuron-compute = "a"\n\n[sheet]') + 'more-data = "b"\nstudnet = "x"\n'
    sheet.write_text(text, encoding="utf-8")
    results = {r.id: r for r in grade_quiz(bank, sheet, "s1")}
    typo_line = _line(sheet, "neuron-compute =")
    assert results["bilingual.neuron-compute"].feedback == (
        f"{sheet}:{typo_line}: 'neuron-compute' is not an item of bilingual; did you mean 'neuron-computes'?")
    assert results["bilingual.neuron-computes"].status == "missing"
    assert results["bilingual.neuron-computes"].feedback.endswith(f"; {sheet}:{typo_line} has 'neuron-compute': a typo of 'neuron-computes'?")
    assert results["bilingual.more-data"].feedback.endswith(
        f"; your `more-data = ...` is inside the [sheet] table ({sheet}:{_line(sheet, 'more-data =')}): move it above [sheet]")
    assert results["bilingual.sheet.more-data"].status == "error"
    assert "inside the [sheet] table" in results["bilingual.sheet.more-data"].feedback
    assert results["bilingual.sheet.studnet"].feedback == (
        f"{sheet}:{_line(sheet, 'studnet')}: [sheet] holds only quiz and student; 'studnet' there is not read (did you mean 'student'?)")


# ---------------------------------------------------------------- hints

def test_hints_follow_the_language(tmp_path) -> None:
    from grader.course import load_course
    from grader.hints import hint_ladder

    course = load_course(FIXTURE)
    assert hint_ladder(course, "bilingual.neuron-computes", "zh") == ["圆圈里发生了两个步骤。", "线性步骤在前。"]
    assert hint_ladder(course, "bilingual.neuron-computes") == ["Two steps happen inside the circle.",
                                                               "The linear step comes first."]


def test_manifest_chinese_hints_are_checked_rung_for_rung(tmp_path) -> None:
    from grader.course import load_manifest

    manifest = tmp_path / "manifest.toml"
    module = ('[[modules]]\nname = "m"\ntitle = "M"\nweek = 1\nfunctions = ["f", "g"]\n'
              'hints = { f = ["one", "two"] }\n')
    manifest.write_text(module + 'hints_zh = { f = ["一", "二"] }\n', encoding="utf-8")
    spec = load_manifest(manifest).modules[0]
    assert spec.hints_in("f", "zh") == ["一", "二"] and spec.hints_in("f") == ["one", "two"] and spec.hints_in("g", "zh") == []
    manifest.write_text(module + 'hints_zh = { f = ["一"] }\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"hints_zh.f has 1 hint\(s\) but hints.f has 2") as err:
        load_manifest(manifest)
    assert err.value.line == 7
    manifest.write_text(module + 'hints_zh = { g = ["一"] }\n', encoding="utf-8")
    with pytest.raises(InputError, match="hints_zh for 'g', which has no English hints"):
        load_manifest(manifest)


def test_the_course_banks_still_validate() -> None:
    report = [read_bank(p) for p in sorted((ROOT / "quizzes").glob("*.toml"))]
    assert all(not r.errors for r in report), [str(e) for r in report for e in r.errors]


def test_grading_feedback_in_chinese(bank, tmp_path) -> None:
    """`grade_quiz(..., lang="zh")`: the verdicts and the concepts of the feedback in Chinese, the scores unchanged."""
    sheet = tmp_path / "bilingual.toml"
    p = prepare(bank, bank.item("more-data"), "s1")
    wrong_choice = next(c for c in p.choices if c not in p.key)
    answers = {"iterate": "对", "sigmoid-zero": "０．５", "more-data": [p.letter_of(sorted(p.key)[0]), p.letter_of(wrong_choice)],
               "flatten": ""}
    sheet.write_text(render_sheet(bank, "s1", answers), encoding="utf-8")
    zh = {r.id.split(".", 1)[1]: r for r in grade_quiz(bank, sheet, "s1", lang="zh")}
    en = {r.id.split(".", 1)[1]: r for r in grade_quiz(bank, sheet, "s1")}
    assert [(r.score, r.status) for r in zh.values()] == [(r.score, r.status) for r in en.values()]
    assert zh["iterate"].feedback == "不正确。" + bank.item("iterate").zh.concept
    assert zh["sigmoid-zero"].feedback == "正确。"
    assert zh["more-data"].feedback.startswith("不正确：选对 1 项、选错 1 项") and bank.item("more-data").zh.concept in zh["more-data"].feedback
    assert zh["flatten"].feedback.startswith("未作答（") and en["flatten"].feedback.startswith("not answered (")


def test_every_quiz_and_hint_command_takes_lang(tmp_path) -> None:
    """`--lang zh` on the command line, and the locale when it is not given (LANG=zh_CN.UTF-8)."""
    from click.testing import CliRunner

    from grader.cli import cli

    runner = CliRunner()
    course = ["--course", str(FIXTURE)]
    listed = runner.invoke(cli, ["quiz", "list", "--lang", "zh", *course])
    assert listed.exit_code == 0 and listed.output == "bilingual\t神经网络基础（7 题，8 分）\n"
    by_locale = runner.invoke(cli, ["quiz", "list", *course], env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LANGUAGE": ""})
    assert by_locale.output == listed.output
    english = runner.invoke(cli, ["quiz", "list", "--lang", "en", *course], env={"LANG": "zh_CN.UTF-8"})
    assert english.output == "bilingual\tNeural network basics (7 questions, 8 points)\n"
    sheet = runner.invoke(cli, ["quiz", "sheet", "bilingual", "--lang", "zh", *course])
    assert sheet.exit_code == 0 and "#    有经验的工程师通常第一次尝试就能找到好的模型。" in sheet.output
    key = runner.invoke(cli, ["quiz", "key", "bilingual", "--student", "s1", "--lang", "zh", *course])
    assert key.exit_code == 0 and "解析：" in key.output
    hint = runner.invoke(cli, ["hint", "bilingual.neuron-computes", str(tmp_path), "--lang", "zh", *course])
    assert hint.exit_code == 0 and "圆圈里发生了两个步骤。" in hint.output
    bad = runner.invoke(cli, ["quiz", "list", "--lang", "fr", *course])
    assert bad.exit_code == 2
