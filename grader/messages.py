"""Every label and note the student's terminal shows, in English and Chinese.

Why one table: a label translated in one command and not in the next reads as a
bug, and a placeholder renamed in one language only would crash at the worst
moment. Keeping both languages side by side here lets one test prove that every
key exists in both with the same placeholders. Item prompts and feedback come
from the course (banks, checks), not from here.
"""

from __future__ import annotations

import re
import string

from grader.i18n import Lang

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "status.passed": "passed",
        "status.partial": "partial",
        "status.failed": "failed",
        "status.error": "error",
        "status.timeout": "timeout",
        "status.missing": "missing",
        "group.done": "{passed} of {total} done",
        "group.no_sheet": "no sheet yet",
        "group.not_found": "not found",
        "group.unwritten": "not started",
        "section.failed": "What failed and why",
        "section.all": "Every item",
        "missing.sheets": "No answer sheet yet for {quizzes}: answer in the terminal with `{take}`, or fill in a sheet: `{sheet}`.",
        "missing.modules": "Not found: {modules}. Put your work in exercises/{module}.py (or save the course notebook there), then `{command}`.",
        "unwritten": "Not written yet (still `raise NotImplementedError`): {count} in {modules}.",
        "unwritten.count": "{count} functions",
        "unwritten.names": "{module}: not written yet: {names}",
        "missing.items": "{group}: not answered yet ({count}): {names}",
        "missing.all": "{group}: not answered yet (all {count})",
        "shared": "{group}: {count} items ({status})",
        "more": "… {count} more lines: `grade check --verbose` shows everything",
        "more.items": "… and {count} more: `grade check --verbose` shows everything",
        "next.take": "Next: quiz {quiz}: `{command}`",
        "next.fix_quiz": "Next: {item} in answers/{quiz}.toml, then `{command}`",
        "next.write": "Next: {item}: write it, then `{command}`",
        "next.fix": "Next: {item}: fix it, then `{command}`",
        "next.hint": " (`grade hint {item}` for a hint)",
        "next.done": "Everything graded here has full marks.",
        "note": "Note: {note}",
        "total": "Total: {score} ({percent})",
        "stuck": "stuck on {item}? `grade hint {item}` shows a hint",
        "progress.not_recorded": "progress not recorded ({error})",
        "note.hidden_ran": "public and hidden checks ran: this is the grade that counts",
        "note.public_only": "public checks only; {count} hidden checks run when your submission is graded",
        "note.public_only_any": "public checks only; hidden checks run when your submission is graded",
        "hint.show": "Hint {index} of {total} for {item}:",
        "hint.again": "Run `grade hint {item}` again for the next one.",
        "hint.last": "That was the last hint.",
        "hint.end": "No more hints for {item}: you have seen all {total}. `grade hint {item} --list` shows them again; `grade hint {item} --reset` starts over.",
        "hint.none": "No hints for {item}; its feedback in `grade` is the best guide.",
        "hint.none_shown": "No hint for {item} shown yet: `grade hint {item}` shows the first.",
        "hint.reset": "Hints for {item} start over: `grade hint {item}` shows hint 1 of {total}.",
        "progress.none": "No runs recorded yet: run `grade` first.",
        "progress.summary": "{done} of {total} items done, {score} points.",
        "progress.row": "{done}/{total} done",
        "watch.passing": "newly passing: {item}",
        "watch.failing": "newly failing: {item} ({status})",
        "watch.changed": "changed: {item} {before} → {after} ({status})",
        "watch.total": "total: {before} → {after}",
        "watch.same": "no change in any result",
        "watch.waiting": "Watching for saves… (Ctrl-C to stop)",
        "watch.stopped": "Stopped watching.",
    },
    "zh": {
        "status.passed": "通过",
        "status.partial": "部分正确",
        "status.failed": "未通过",
        "status.error": "出错",
        "status.timeout": "超时",
        "status.missing": "缺失",
        "group.done": "完成 {passed}/{total}",
        "group.no_sheet": "尚无答题卡",
        "group.not_found": "未找到",
        "group.unwritten": "尚未开始",
        "section.failed": "未通过的项目及原因",
        "section.all": "全部项目",
        "missing.sheets": "{quizzes} 还没有答题卡：在终端作答用 `{take}`，或填写答题卡：`{sheet}`。",
        "missing.modules": "未找到：{modules}。请把代码写在 exercises/{module}.py（或把课程的 notebook 保存在那里），然后运行 `{command}`。",
        "unwritten": "尚未编写（仍是 `raise NotImplementedError`）：{modules} 中的 {count}。",
        "unwritten.count": "{count} 个函数",
        "unwritten.names": "{module}：尚未编写：{names}",
        "missing.items": "{group}：尚未作答（{count}）：{names}",
        "missing.all": "{group}：尚未作答（全部 {count} 题）",
        "shared": "{group}：{count} 项（{status}）",
        "more": "… 还有 {count} 行：`grade check --verbose` 显示全部",
        "more.items": "… 还有 {count} 项：`grade check --verbose` 显示全部",
        "next.take": "下一步：测验 {quiz}：`{command}`",
        "next.fix_quiz": "下一步：修改 answers/{quiz}.toml 中的 {item}，然后运行 `{command}`",
        "next.write": "下一步：编写 {item}，然后运行 `{command}`",
        "next.fix": "下一步：修正 {item}，然后运行 `{command}`",
        "next.hint": "（`grade hint {item}` 给出提示）",
        "next.done": "这里评分的所有项目都已满分。",
        "note": "注意：{note}",
        "total": "总分：{score}（{percent}）",
        "stuck": "卡在 {item} 了？`grade hint {item}` 会给出提示",
        "progress.not_recorded": "未记录进度（{error}）",
        "note.hidden_ran": "公开检查和隐藏检查都已运行：这是计入成绩的分数",
        "note.public_only": "只运行了公开检查；正式评分时还会运行 {count} 项隐藏检查",
        "note.public_only_any": "只运行了公开检查；正式评分时还会运行隐藏检查",
        "hint.show": "{item} 的提示 {index}/{total}：",
        "hint.again": "再次运行 `grade hint {item}` 查看下一条。",
        "hint.last": "这是最后一条提示。",
        "hint.end": "{item} 没有更多提示了：{total} 条都已看过。`grade hint {item} --list` 再次列出；`grade hint {item} --reset` 从头开始。",
        "hint.none": "{item} 没有提示；`grade` 给出的反馈就是最好的指引。",
        "hint.none_shown": "还没有看过 {item} 的提示：`grade hint {item}` 显示第一条。",
        "hint.reset": "{item} 的提示已重置：`grade hint {item}` 显示第 1/{total} 条。",
        "progress.none": "还没有评分记录：请先运行 `grade`。",
        "progress.summary": "完成 {done}/{total} 项，共 {score} 分。",
        "progress.row": "完成 {done}/{total}",
        "watch.passing": "新通过：{item}",
        "watch.failing": "新出错：{item}（{status}）",
        "watch.changed": "有变化：{item} {before} → {after}（{status}）",
        "watch.total": "总分：{before} → {after}",
        "watch.same": "结果没有变化",
        "watch.waiting": "正在等待保存……（按 Ctrl-C 停止）",
        "watch.stopped": "已停止监视。",
    },
}

# The engine's own notes (grading.py), recognised so they can be shown in the student's language.
_NOTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"public and hidden checks ran: this is the grade that counts"), "note.hidden_ran"),
    (re.compile(r"public checks only; (?P<count>\d+) hidden checks run when your submission is graded"), "note.public_only"),
    (re.compile(r"public checks only; hidden checks run when your submission is graded"), "note.public_only_any"),
]


def text(lang: Lang, key: str, **values: object) -> str:
    """The message `key` in `lang` (English when the key has no translation), filled in."""
    table = MESSAGES.get(lang, MESSAGES["en"])
    return table.get(key, MESSAGES["en"][key]).format(**values)


def placeholders(template: str) -> set[str]:
    """The names a message template fills in (for the test that both languages agree)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def note(lang: Lang, message: str) -> str:
    """An engine note in `lang` when it is one we know; otherwise as it was written."""
    for pattern, key in _NOTES:
        found = pattern.fullmatch(message)
        if found:
            return text(lang, key, **found.groupdict())
    return message
