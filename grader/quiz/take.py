"""`grade quiz take`: ask a quiz in the terminal, mark each answer at once, save as you go.

Merge rule with an existing sheet: questions already answered on it (a
readable, non-empty answer) are skipped and keep their answers, so a student
can stop and resume; `retake=True` (`--retake`) asks every question again,
pre-existing answers being replaced only when a new one is given. Answers to
unreadable entries are asked again. The sheet is rewritten after every answer,
so Ctrl-C or end of input loses nothing: they save, say so and return.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from grader.errors import InputError
from grader.quiz.answers import AnswerFormatError, how_to, is_blank, parse_answer, sheet_value, type_name
from grader.quiz.model import Bank, Key
from grader.quiz.lock.open import LockedKey
from grader.quiz.scoring import Mark, mark
from grader.quiz.sheet import read_sheet, render_sheet
from grader.quiz.variants import PreparedItem, TemplateError
from grader.quiz.views import prepare


# What `take` says, in each language it speaks; {names} are filled in with str.format.
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "broken": "(question {id} is broken in this quiz and is left out: {error})",
        "start": "{quiz}: {title}. {count} questions; student {student!r}.",
        "how": "Press Enter to skip a question, Ctrl-C to stop; answers are saved to {path} as you go.",
        "already": "{number}. {id}: already answered on the sheet, skipped (--retake asks it again).",
        "skipped": "Skipped.",
        "right": "Right!",
        "partly": "Partly right: {score} of {points} points.",
        "wrong": "Not right.",
        "explanation": "Explanation: {text}",
        "stopped": "Stopped. {answered} of {count} questions answered, saved to {path}; "
                   "run `grade quiz take {quiz}` again to continue.",
        "done": "Done: {answered} of {count} questions answered, {score} of {points} points. Saved to {path}.",
        "header": "{number}/{count}. [{points}, {type}]",
        "points": "{points} point{s}",
        "write": "(write {how})",
        "unreadable": "Cannot read that: {error}. Try again, or press Enter to skip.",
        "saved": "Saved. {feedback}.",
    },
    "zh": {
        "broken": "（第 {id} 题在本测验中有误，已略去：{error}）",
        "start": "{quiz}：{title}。共 {count} 题；学生 {student!r}。",
        "how": "按回车跳过一题，按 Ctrl-C 停止；答案会随时保存到 {path}。",
        "already": "{number}. {id}：答题卡上已有答案，跳过（--retake 会重新提问）。",
        "skipped": "已跳过。",
        "right": "正确！",
        "partly": "部分正确：得 {score} 分（满分 {points} 分）。",
        "wrong": "不正确。",
        "explanation": "解析：{text}",
        "stopped": "已停止。已答 {answered} 题（共 {count} 题），保存在 {path}；"
                   "再次运行 `grade quiz take {quiz} --lang zh` 继续。",
        "done": "完成：已答 {answered} 题（共 {count} 题），得 {score} 分（满分 {points} 分）。已保存到 {path}。",
        "header": "{number}/{count}. [{points}，{type}]",
        "points": "{points} 分",
        "write": "（写法：{how}）",
        "unreadable": "无法识别这个答案。写法：{how}；或按回车跳过。",
        "saved": "已保存。{feedback}。",
    },
}


@dataclass
class TakeOutcome:
    """Where a session ended: answers on the sheet, their score, and whether it was cut short."""

    path: Path
    answered: int
    total: int
    score: float
    max_score: float
    interrupted: bool


def sheet_student(sheet_path: Path) -> str | None:
    """The student an existing sheet was made for (None if there is no sheet or it names none)."""
    return read_sheet(sheet_path).student if Path(sheet_path).is_file() else None


def _save(path: Path, text: str) -> None:
    """Write the sheet atomically, so an interrupt never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _readable(prepared: PreparedItem, raw: Any) -> Key | None:
    try:
        return parse_answer(prepared, raw)
    except AnswerFormatError:
        return None


def take_quiz(bank: Bank, student: str, sheet_path: Path, *, input_func: Callable[[str], str] = input,
              echo: Callable[[str], Any] | None = None, retake: bool = False, lang: str = "en",
              columns: int | None = None) -> TakeOutcome:
    """Ask each question of `bank` for `student`, saving answers to `sheet_path` after each one.

    `lang`: the language of the questions and of what `take` says (English where the bank has
    no translation). `columns`: wrap every line to this terminal width (None: no wrapping).
    """
    if echo is None:
        import click

        echo = click.echo
    say = _Speaker(echo, lang, columns)
    sheet_path = Path(sheet_path)
    existing: dict[str, Any] = {}
    misplaced: list[str] = []
    written: list[str | None] = [None]  # the sheet's text as last read or saved: edited in place, comments kept
    if sheet_path.exists():
        sheet = read_sheet(sheet_path)  # invalid TOML: InputError, and the file is left alone
        if sheet.student and sheet.student != student:
            raise InputError(
                f"this sheet was made for student {sheet.student!r}, not {student!r} (choice letters differ); "
                f"use --student {sheet.student} or move the file away", sheet_path)
        existing = {k: v for k, v in sheet.data.items() if k != "sheet"}
        written[0] = sheet.text
        misplaced = [k for k in sheet.meta_keys if k not in ("quiz", "student")]
    item_ids = {item.id for item in bank.items}
    answers = {k: v for k, v in existing.items() if k in item_ids}
    extra = {k: v for k, v in existing.items() if k not in item_ids}

    def save() -> None:
        text = render_sheet(bank, student, answers, extra, lang=lang, previous=written[0])
        _save(sheet_path, text)
        written[0] = text

    prepared_items: list[PreparedItem] = []
    for item in bank.items:
        try:
            prepared_items.append(prepare(bank, item, student, lang))
        except TemplateError as exc:
            say("broken", id=item.id, error=exc)

    say("start", quiz=bank.id, title=bank.title_in(lang), count=len(bank.items), student=student)
    say("how", path=sheet_path)
    for key in extra:
        echo(say.wrapped(unknown_key_note(key, sorted(item_ids), bank.id, lang)))
    for key in misplaced:
        echo(say.wrapped(misplaced_key_note(key, sheet_path, lang)))
    interrupted = False
    try:
        save()
        for p in prepared_items:
            if not retake and p.id in answers and _readable(p, answers[p.id]) is not None:
                echo("")
                say("already", number=p.number, id=p.id)
                continue
            answer = _ask(p, len(bank.items), input_func, say)
            if answer is None:
                say("skipped")
                continue
            answers[p.id] = sheet_value(p, answer)
            save()
            outcome = mark(p, answer)
            if isinstance(p.key, LockedKey):  # a student release: the explanation opens only for a right answer
                _tell_locked(p, outcome, say)
                continue
            if outcome.status == "passed":
                say("right")
            elif outcome.status == "partial":
                say("partly", score=_points_shown(outcome.score), points=_points_shown(p.item.points))
            else:
                say("wrong")
            say("explanation", text=p.explanation)
    except (KeyboardInterrupt, EOFError):
        interrupted = True
    save()
    score, answered = 0.0, 0
    for p in prepared_items:
        answer = _readable(p, answers.get(p.id, ""))
        if answer is not None:
            answered += 1
            score += mark(p, answer).score
    total_points = bank.points
    echo("")
    if interrupted:
        say("stopped", answered=answered, count=len(bank.items), path=sheet_path, quiz=bank.id)
    else:
        say("done", answered=answered, count=len(bank.items), score=_points_shown(score),
            points=_points_shown(total_points), path=sheet_path)
    return TakeOutcome(sheet_path, answered, len(bank.items), round(score, 6), total_points, interrupted)


def _points_shown(points: float) -> str:
    """Points with at most two decimals (2/3 of a point shows as 0.67, not 0.666667)."""
    return f"{round(points, 2):g}"


def unknown_key_note(key: str, known: list[str], quiz_id: str, lang: str = "en") -> str:
    """What `take` says of a key on the sheet that is no question of the quiz: kept, and the likely typo named."""
    import difflib

    close = difflib.get_close_matches(key, known, n=1)
    if lang == "zh":
        hint = f"你是想写 {close[0]!r} 吗？" if close else ""
        return f"注意：答题卡上的 {key!r} 不是 {quiz_id} 的题目（原样保留，不计分）。{hint}"
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"Note: {key!r} on the sheet is not a question of {quiz_id} (kept as written, not graded){hint}"


def misplaced_key_note(key: str, sheet_path: Path, lang: str = "en") -> str:
    """What `take` says of a key written below `[sheet]`: TOML reads it as part of that table, not as an answer."""
    if lang == "zh":
        return f"注意：{sheet_path} 中的 {key!r} 写在 [sheet] 表里，不会被当作答案读取；请把它移到 [sheet] 那一行上面。"
    return f"Note: {key!r} in {sheet_path} is inside the [sheet] table, so it is not read as an answer; move it above [sheet]."


class _Speaker:
    """Says `take`'s messages in the student's language, wrapped to the terminal's width."""

    def __init__(self, echo: Callable[[str], Any], lang: str, columns: int | None):
        self.echo, self.columns = echo, columns
        self.lang = lang if lang in MESSAGES else "en"
        self.messages = MESSAGES[self.lang]

    def __call__(self, name: str, **values: Any) -> None:
        self.echo(self.wrapped(self.messages[name].format(**values)))

    def text(self, name: str, **values: Any) -> str:
        return self.messages[name].format(**values)

    def wrapped(self, text: str, indent: str = "", subsequent: str | None = None) -> str:
        if self.columns is None:
            return indent + text
        from grader.display import wrap

        return "\n".join(wrap(text, self.columns, indent, subsequent))


def _tell_locked(p: PreparedItem, outcome: Mark, say: _Speaker) -> None:
    """What a locked item's answer earns: the explanation when right, the concept otherwise."""
    if outcome.status == "missing":
        if say.lang == "zh":
            say.echo(say.wrapped("已保存。这里无法检查这一题：本发布版没有你这一变体的锁；提交后评分。"))
        else:
            say("saved", feedback=outcome.feedback[0].upper() + outcome.feedback[1:])
    elif outcome.status == "passed":
        say("right")
        if outcome.explanation:
            say("explanation", text=outcome.explanation)
    elif say.lang == "zh":
        say.echo(say.wrapped(say.text("wrong") + p.concept))
    else:
        say.echo(say.wrapped(outcome.feedback))


def _ask(p: PreparedItem, count: int, input_func: Callable[[str], str], say: _Speaker) -> Key | None:
    """Show one question and read answers until one is readable (None: skipped)."""
    points = say.text("points", points=f"{p.item.points:g}", s="" if p.item.points == 1 else "s")
    say.echo("")
    say("header", number=p.number, count=count, points=points, type=type_name(p.item.type, say.lang))
    say.echo(say.wrapped(p.prompt))
    for letter, choice in p.lettered():
        say.echo(say.wrapped(f"{letter}) {choice}", "  ", "     "))
    say("write", how=how_to(p.item.type, say.lang))
    while True:
        raw = input_func("> ")
        if is_blank(raw):
            return None
        try:
            answer = parse_answer(p, raw)
        except AnswerFormatError as exc:
            say("unreadable", error=exc, how=how_to(p.item.type, say.lang))
            continue
        if answer is not None:
            return answer
        return None
