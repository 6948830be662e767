"""Read quiz banks from disk into models, with every problem tied to a file and line.

tomllib reports no line numbers for values, so `SourceLines` finds them by
scanning the text: each `[[items]]` header starts an item, and a field is the
first line inside that item where its key is assigned.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader import records
from grader.errors import InputError, load_toml
from grader.stamps import stamps
from grader.quiz import model
from grader.quiz.model import (
    Problem, bank_language_problems, declared_languages, TRANSLATIONS, language_problems, structural_problems,
)

_ITEM_HEADER = re.compile(r"^\s*\[\[\s*items\s*\]\]")


class SourceLines:
    """Line numbers (1-based) of a bank's fields, found in its text."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.item_starts = [n for n, line in enumerate(self.lines) if _ITEM_HEADER.match(line)]

    def _find(self, key: str, start: int, end: int) -> int | None:
        """The first line in [start, end) that assigns `key` (also inline or dotted) or opens its table."""
        name = rf"""["']?{re.escape(key)}["']?"""
        assigned = re.compile(rf"(?:^\s*|[{{,]\s*){name}\s*[=.]")
        header = re.compile(rf"^\s*\[+\s*(?:items\.(?:[\w-]+\.)*)?{name}\s*[\].]")
        for n in range(start, min(end, len(self.lines))):
            line = self.lines[n]
            if assigned.search(line) or header.search(line):
                return n
        return None

    def top_line(self, key: str) -> int | None:
        """A top-level field's line (before the first item)."""
        end = self.item_starts[0] if self.item_starts else len(self.lines)
        n = self._find(key, 0, end)
        return n + 1 if n is not None else None

    def _item_range(self, index: int) -> tuple[int, int] | None:
        if index >= len(self.item_starts):
            return None
        start = self.item_starts[index]
        end = self.item_starts[index + 1] if index + 1 < len(self.item_starts) else len(self.lines)
        return start, end

    def item_line(self, index: int) -> int | None:
        """The line of item `index`'s `id = ...`, else of its `[[items]]` header."""
        bounds = self._item_range(index)
        if bounds is None:
            return self.top_line("items")
        n = self._find("id", *bounds)
        return (n if n is not None else bounds[0]) + 1

    def field_line(self, index: int, path: list[str] | tuple[str, ...]) -> int | None:
        """The line of the deepest key of `path` found inside item `index` (else the item's line)."""
        bounds = self._item_range(index)
        if bounds is None:
            return self.top_line("items")
        found, pos = None, bounds[0]
        for key in path:
            n = self._find(key, pos, bounds[1])
            if n is None:
                break
            found, pos = n, n
        return found + 1 if found is not None else self.item_line(index)


@dataclass
class BankReport:
    """A bank file read as far as it could be: the model (if valid), its valid items, its problems."""

    path: Path
    source: SourceLines | None = None
    data: dict[str, Any] = field(default_factory=dict)
    bank: Any = None  # the validated model (grader/quiz/schema.py: Bank, or a release's LockedBank)
    items: list[tuple[int, Any]] = field(default_factory=list)  # (index in file, item) for valid items
    errors: list[InputError] = field(default_factory=list)

    def item_error(self, index: int, item_id: str | None, problem: Problem) -> InputError:
        """An InputError located at the problem's field inside item `index`."""
        assert self.source is not None
        line = self.source.field_line(index, problem.field.split(".")) if problem.field else self.source.item_line(index)
        return InputError(f"{_item_label(index, item_id)}: {problem.message}", self.path, line)


def read_bank(path: Path) -> BankReport:
    """Parse and check one bank, collecting every structural problem (not the 500-seed checks).

    Validates with pydantic (grader/quiz/schema.py) every time: `grade validate`, a release
    and the first read of a bank's content (`load_banks` reads known content without it).
    """
    from pydantic import ValidationError

    from grader.quiz.lock.model import LockedBank, LockedItem, format_problem, is_locked_data, locked_structural_problems
    from grader.quiz.schema import Bank, Item

    report = BankReport(path=Path(path))
    try:
        report.data = load_toml(path)
        text = Path(path).read_text(encoding="utf-8")
    except InputError as exc:
        report.errors.append(exc)
        return report
    report.source = SourceLines(text)
    bank_model, item_model, problems_of = Bank, Item, structural_problems
    if is_locked_data(report.data):  # a student release's bank: keys replaced by locks
        old_format = format_problem(report.data)
        if old_format:  # one clear line, not a schema error per changed field
            report.errors.append(InputError(old_format, path, report.source.top_line("format") or report.source.top_line("lock")))
            return report
        bank_model, item_model, problems_of = LockedBank, LockedItem, locked_structural_problems
    try:
        report.bank = bank_model.model_validate(report.data)
    except ValidationError as exc:
        report.errors.extend(_schema_error(report, err) for err in exc.errors())
    raw_items = report.data.get("items")
    raw_items = raw_items if isinstance(raw_items, list) else []
    if report.bank is not None:
        report.items = list(enumerate(report.bank.items))
    else:
        for index, raw in enumerate(raw_items):
            try:
                report.items.append((index, item_model.model_validate(raw)))
            except ValidationError:
                pass  # already reported above, with its line
    declared = declared_languages(report.data)
    for problem in bank_language_problems(report.data):
        report.errors.append(InputError(problem.message, path, report.source.top_line(problem.field or "id") or 1))
    for index, item in report.items:
        report.errors.extend(report.item_error(index, item.id, p) for p in problems_of(item))
        if isinstance(item, Item):
            report.errors.extend(report.item_error(index, item.id, p) for p in language_problems(item, declared))
    first_of: dict[str, int] = {}
    for index, raw in enumerate(raw_items):
        item_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(item_id, str):
            continue
        if item_id in first_of:
            line = report.source.item_line(first_of[item_id])
            report.errors.append(InputError(
                f"duplicate item id {item_id!r} (first used on line {line}); ids must be unique in a bank",
                path, report.source.item_line(index)))
        else:
            first_of[item_id] = index
    report.errors.sort(key=lambda e: e.line or 0)
    if report.bank is not None and not report.errors:
        report.bank._path = Path(path)
        report.bank._lines = {item.id: report.source.item_line(i) or 0 for i, item in enumerate(report.bank.items)}
    return report


def load_bank(path: Path) -> Any:
    """The bank in `path`, validated now; InputError (file and line) on invalid TOML or the first structural problem.

    A pydantic model (grader/quiz/schema.py) with the behaviour of the plain `Bank`.
    """
    report = read_bank(Path(path))
    if report.errors:
        raise report.errors[0]
    assert report.bank is not None
    return report.bank


_loaded: dict[str, tuple[tuple, list[model.Bank]]] = {}  # quizzes dir -> (file stamps, banks)

# The code that decides what a valid bank is and how its record is built: part of the content key.
_SCHEMA_SOURCES = ("model.py", "schema.py", "loader.py", "../records.py")


def load_banks(quizzes_dir: Path) -> list[model.Bank]:
    """Every `quizzes/*.toml`, sorted by (week, id); a missing directory has no banks.

    Parsed once per process while the files stay as they are (a batch or `grade watch`
    grades many sheets against the same banks); an edited bank is read again. Validated
    with pydantic once per content (grader/records.py): when these very bytes were
    validated before, the plain records are built from the TOML without pydantic. A
    release's locked banks are validated every time.
    """
    directory = Path(quizzes_dir)
    if not directory.is_dir():
        return []
    files = sorted(directory.glob("*.toml"))
    stamp = stamps(files)
    key = str(directory.resolve())
    cached = _loaded.get(key)
    if cached is None or cached[0] != stamp:
        banks = sorted(_read_banks(files), key=lambda b: (b.week, b.id))
        cached = _loaded[key] = (stamp, banks)
    return list(cached[1])


def _read_banks(files: list[Path]) -> list[Any]:
    try:
        contents = [(p, p.read_bytes()) for p in files]
    except OSError:
        return [load_bank(p) for p in files]  # says which file, and why
    here = Path(__file__).resolve().parent
    content = records.content_key("quiz-banks", (str(here / s) for s in _SCHEMA_SOURCES), ((p.name, b) for p, b in contents))
    if records.was_validated(content):
        banks = [_known_bank(p, b) for p, b in contents]
        if all(b is not None for b in banks):
            return banks  # type: ignore[return-value]
    banks, exact = [], True
    for path, data in contents:
        validated = load_bank(path)  # pydantic: InputError with file and line for the first problem
        if getattr(validated, "is_locked", False):
            banks.append(validated)  # a release's bank: its locks are read by its own models
            exact = False
            continue
        record = _record_of(model.Bank.from_model(validated), path, data)
        raw = _known_bank(path, data)
        exact = exact and raw is not None and raw.signature() == record.signature() and raw._lines == record._lines
        banks.append(record)
    if exact:
        records.remember_validated(content)
    return banks


def _known_bank(path: Path, data: bytes) -> model.Bank | None:
    """The record of a bank whose content was validated before, built from its TOML alone (None: validate it)."""
    import tomllib

    try:
        raw = tomllib.loads(data.decode("utf-8-sig"))  # as load_toml reads it
        if isinstance(raw.get("lock"), dict):
            return None
        return _record_of(model.Bank.from_data(raw), path, data)  # type: ignore[arg-type]
    except Exception:  # not what was validated after all (a hand-made cache entry): pydantic says what is wrong
        return None


def _record_of(bank: model.Bank, path: Path, data: bytes) -> model.Bank:
    source = SourceLines(data.decode("utf-8"))
    bank._path = Path(path)
    bank._lines = {item.id: source.item_line(i) or 0 for i, item in enumerate(bank.items)}
    return bank


def bank_files(quizzes_dir: Path) -> list[Path]:
    """The bank files of a course, in natural order (week2 before week10)."""
    def natural(p: Path) -> list:
        return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.stem)]

    return sorted(Path(quizzes_dir).glob("*.toml"), key=natural) if Path(quizzes_dir).is_dir() else []


# ---------------------------------------------------------------- pydantic errors -> InputError

def _item_label(index: int, item_id: Any) -> str:
    return f"item {item_id!r}" if isinstance(item_id, str) else f"item {index + 1}"


def _model_at(loc: tuple) -> type:
    """Which model the last part of an error location belongs to (for 'did you mean')."""
    from grader.quiz.schema import Bank, BankTranslation, Item, ItemTranslation, Param

    if len(loc) >= 5 and loc[0] == "items" and loc[2] == "params":
        return Param
    if len(loc) >= 4 and loc[0] == "items" and loc[2] in ("zh",):
        return ItemTranslation
    if len(loc) >= 2 and loc[0] in ("zh",):
        return BankTranslation
    if len(loc) >= 3 and loc[0] == "items":
        return Item
    return Bank


def _describe(full_loc: tuple, loc: tuple, err: dict) -> str:
    """A message for one pydantic error; `loc` is the part of the location worth showing."""
    name = str(loc[-1]) if loc else ""
    within = f"{loc[0]}." if len(loc) > 1 and loc[0] in TRANSLATIONS else ""  # zh.concept, not concept
    if err["type"] == "extra_forbidden":
        allowed = list(_model_at(full_loc).model_fields)
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"; did you mean {within + close[0]!r}?" if close else f"; allowed: {', '.join(allowed)}"
        return f"unknown field {within + name!r}{hint}"
    if err["type"] == "missing":
        return f"missing field {within + name!r}"
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{'.'.join(str(p) for p in loc)}: {msg}" if loc else msg


def _schema_error(report: BankReport, err: dict) -> InputError:
    loc = tuple(err["loc"])
    source = report.source
    assert source is not None
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        index = loc[1]
        raw = report.data.get("items", [])
        raw_item = raw[index] if isinstance(raw, list) and index < len(raw) else None
        item_id = raw_item.get("id") if isinstance(raw_item, dict) else None
        inner = tuple(p for p in loc[2:] if isinstance(p, str))
        line = source.field_line(index, inner) if inner else source.item_line(index)
        if err["type"] == "missing" and inner:  # the table it is missing from ([items.zh]), else the item
            line = source.field_line(index, inner[:-1]) if len(inner) > 1 else source.item_line(index)
        return InputError(f"{_item_label(index, item_id)}: {_describe(loc, loc[2:], err)}", report.path, line)
    line = source.top_line(str(loc[0])) if loc else None
    return InputError(_describe(loc, loc, err), report.path, line or 1)
