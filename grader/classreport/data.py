"""The numbers of the class report, computed from the batch's journal alone.

The journal (results.jsonl) holds every submission's items with their points,
status, feedback and named mistake, and each student's wrong quiz answers as
choice texts. That is enough for every section, so the report needs neither the
course nor the submissions and can be rebuilt from a copied results directory.

Items are the journal's own, in the order the rows list them (course order: the
grader reports quiz items, then functions, as the course declares them). An item
worth no points in every row (an answer to an item the bank does not have) is
kept in that student's report but left out of the class statistics, as the
gradebook leaves it out of its columns.

Discrimination, the feedback key and the flagging thresholds are those of the
batch's item analysis (grader/batch/analysis.py), so analysis.md and the report
flag the same items.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from grader.batch.analysis import LOW_DISCRIMINATION, MIN_STUDENTS_TO_FLAG, feedback_key, first_line, pearson
from grader.errors import InputError

STATUSES = ("passed", "partial", "failed", "error", "timeout", "missing")
TOP = 5  # wrong answers and feedback messages shown per item
GROUP_KINDS = {"quiz": "quiz", "exercise": "assignment"}


@dataclass
class ItemStats:
    """One quiz item or graded function across the graded submissions."""

    id: str
    kind: str  # "quiz" or "exercise"
    group: str  # the quiz id or module name
    max_score: float
    n: int  # graded submissions that have the item
    statuses: dict[str, int]  # every status of STATUSES, with its count
    full: float | None  # share at full marks ("passed"): the classical difficulty index
    mean: float | None  # mean fraction of the points (partial credit counts)
    discrimination: float | None  # corrected item-total correlation
    wrong_answers: list[tuple[str, int]] = field(default_factory=list)
    not_answered: int = 0
    feedback: list[tuple[str, int, str]] = field(default_factory=list)  # (message with numbers masked, count, example)
    flag: str | None = None  # "negative discrimination" | "low discrimination"


@dataclass
class Group:
    """A quiz or an assignment (module): its items and the distribution of its percentages."""

    name: str
    kind: str  # "quiz" or "assignment"
    items: list[str]
    percents: list[float]  # one per graded submission

    @property
    def mean(self) -> float | None:
        return sum(self.percents) / len(self.percents) if self.percents else None

    @property
    def median(self) -> float | None:
        return median(self.percents) if self.percents else None


@dataclass
class Student:
    """One row of the journal, as the table and the student's own report show it."""

    student: str
    status: str  # "graded" or "error"
    error: str
    score: float
    max_score: float
    percent: float | None  # None when not graded
    groups: dict[str, tuple[float, float]]  # group -> (points, maximum)
    items: list[dict]
    wrong_answers: dict[str, str]
    below_min: bool

    def group_percent(self, name: str) -> float | None:
        points, maximum = self.groups.get(name, (0.0, 0.0))
        return 100.0 * points / maximum if maximum > 0 else None


@dataclass
class Mistake:
    """A known mistake (the report item's `mistake` field) and how many made it."""

    item: str
    mistake: str  # "<function>:<id>"
    count: int
    share: float  # of the graded submissions that have the item
    example: str  # the first line of one such feedback message: the mistake's hint


@dataclass
class ClassData:
    source: Path
    students: list[Student]
    groups: list[Group]
    items: list[ItemStats]
    mistakes: list[Mistake]
    total: list[float]  # each graded submission's percent
    min_score: float | None
    course_hashes: list[str]
    grader_versions: list[str]

    @property
    def graded(self) -> list[Student]:
        return [s for s in self.students if s.status == "graded"]

    @property
    def not_graded(self) -> list[Student]:
        return [s for s in self.students if s.status != "graded"]

    @property
    def flagged(self) -> list[ItemStats]:
        """Items most likely misleading: the most negative discrimination first."""
        return sorted((i for i in self.items if i.flag), key=lambda i: (i.discrimination, i.id))

    @property
    def can_flag(self) -> bool:
        return len(self.graded) >= MIN_STUDENTS_TO_FLAG

    @property
    def below_min(self) -> list[Student]:
        return [s for s in self.students if s.below_min]


def _float(value: object) -> float:
    """A number from the journal; anything else (a hand-edited row) counts as 0."""
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return x if math.isfinite(x) else 0.0


def _items_of(row: dict) -> list[dict]:
    return [i for i in row.get("items", []) if isinstance(i, dict) and isinstance(i.get("id"), str)]


def _wrong_answers(row: dict) -> dict:
    wrong = row.get("wrong_answers")
    return wrong if isinstance(wrong, dict) else {}


def _status(item: dict) -> str:
    status = str(item.get("status"))
    return status if status in STATUSES else "error"


def read_journal(results_dir: Path) -> list[dict]:
    """The journal's rows sorted by student; InputError (file, line) when there is none to read."""
    from grader.batch.journal import JOURNAL, read_rows

    results_dir = Path(results_dir)
    if not results_dir.exists():
        raise InputError("results directory not found", results_dir)
    if not results_dir.is_dir():
        raise InputError("not a directory; give the results directory `grade batch -o` wrote", results_dir)
    journal = results_dir / JOURNAL
    if not journal.is_file():
        raise InputError(f"no {JOURNAL} here: not a results directory of `grade batch` (run grade batch SUBMISSIONS -o DIR first)",
                         results_dir)
    rows, _ = read_rows(journal)
    if not rows:
        raise InputError("the journal has no finished rows yet; run grade batch first", journal)
    return sorted(rows, key=lambda r: r["student"])


def item_order(rows: list[dict]) -> list[tuple[str, str]]:
    """(id, kind) of every item in the rows, in the rows' own order (an item seen later goes after its predecessor)."""
    ids: list[str] = []
    kinds: dict[str, str] = {}
    for row in rows:
        previous: str | None = None
        for item in _items_of(row):
            ident = item["id"]
            if ident not in kinds:
                ids.insert(ids.index(previous) + 1 if previous is not None else len(ids), ident)
                kinds[ident] = "quiz" if item.get("kind") == "quiz" else "exercise"
            previous = ident
    return [(ident, kinds[ident]) for ident in ids]


def load(results_dir: Path, *, min_score: float | None = None) -> ClassData:
    return build(read_journal(results_dir), source=Path(results_dir), min_score=min_score)


def build(rows: list[dict], *, source: Path = Path("."), min_score: float | None = None) -> ClassData:
    """Every number the report shows, from journal rows (any order)."""
    rows = sorted(rows, key=lambda r: str(r.get("student")))
    graded_rows = [r for r in rows if r.get("status") == "graded"]
    order = item_order(graded_rows)
    by_student = [{i["id"]: i for i in _items_of(r)} for r in graded_rows]
    worth = {ident for ident, _ in order if any(_float(items[ident].get("max_score")) > 0 for items in by_student if ident in items)}
    columns = [(ident, kind) for ident, kind in order if ident in worth]

    groups: dict[str, Group] = {}
    for ident, kind in columns:
        name = ident.split(".", 1)[0]
        groups.setdefault(name, Group(name, GROUP_KINDS[kind], [], [])).items.append(ident)

    students: list[Student] = []
    totals: list[float] = []
    for row in rows:
        student = str(row.get("student"))
        items = _items_of(row)
        wrong = _wrong_answers(row)
        if row.get("status") != "graded":
            students.append(Student(student, "error", str(row.get("error") or "not graded"), 0.0, 0.0, None, {}, items,
                                    wrong, min_score is not None))
            continue
        score, max_score = _float(row.get("score")), _float(row.get("max_score"))
        percent = 100.0 * score / max_score if max_score else 0.0
        sums: dict[str, tuple[float, float]] = {}
        mine = {i["id"]: i for i in items}
        for group in groups.values():
            present = [mine[i] for i in group.items if i in mine]
            sums[group.name] = (sum(_float(i.get("score")) for i in present), sum(_float(i.get("max_score")) for i in present))
        below = min_score is not None and percent < min_score - 1e-9
        students.append(Student(student, "graded", "", score, max_score, percent, sums, items, wrong, below))
        totals.append(percent)
    for group in groups.values():
        group.percents = [p for s in students if s.status == "graded" and (p := s.group_percent(group.name)) is not None]

    stats = [_item_stats(ident, kind, graded_rows, by_student) for ident, kind in columns]
    hashes = sorted({str(r["receipt"].get("course_hash")) for r in graded_rows if isinstance(r.get("receipt"), dict) and r["receipt"].get("course_hash")})
    versions = sorted({str(r["receipt"].get("grader_version")) for r in graded_rows if isinstance(r.get("receipt"), dict) and r["receipt"].get("grader_version")})
    return ClassData(source, students, list(groups.values()), stats, _mistakes(by_student, stats), totals, min_score, hashes, versions)


def _item_stats(ident: str, kind: str, graded_rows: list[dict], by_student: list[dict]) -> ItemStats:
    present = [(k, items[ident]) for k, items in enumerate(by_student) if ident in items]
    n = len(present)
    statuses = Counter(_status(it) for _, it in present)
    max_score = max((_float(it.get("max_score")) for _, it in present), default=0.0)
    scores = [_float(it.get("score")) for _, it in present]
    rest = [_float(graded_rows[k].get("score")) - s for (k, _), s in zip(present, scores)]
    fractions = [_float(it.get("score")) / _float(it.get("max_score")) for _, it in present if _float(it.get("max_score")) > 0]
    stats = ItemStats(
        id=ident, kind=kind, group=ident.split(".", 1)[0], max_score=max_score, n=n,
        statuses={s: statuses[s] for s in STATUSES},
        full=statuses["passed"] / n if n else None,
        mean=sum(fractions) / len(fractions) if fractions else None,
        discrimination=pearson(scores, rest),
    )
    if kind == "quiz":
        answers = Counter(str(a) for k, _ in present if (a := _wrong_answers(graded_rows[k]).get(ident)) is not None)
        stats.wrong_answers = sorted(answers.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
        stats.not_answered = statuses["missing"]
    messages: Counter = Counter()
    examples: dict[str, str] = {}
    for _, it in present:
        if _status(it) == "passed" or not it.get("feedback") or (kind == "quiz" and _status(it) == "missing"):
            continue  # an unanswered quiz item is counted as such, not as a message
        key = feedback_key(str(it["feedback"]))
        if key:
            messages[key] += 1
            examples.setdefault(key, first_line(str(it["feedback"])))
    stats.feedback = [(m, c, examples[m]) for m, c in sorted(messages.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]
    d = stats.discrimination
    if n >= MIN_STUDENTS_TO_FLAG and d is not None and d < LOW_DISCRIMINATION:
        stats.flag = "negative discrimination" if d < 0 else "low discrimination"
    return stats


def _mistakes(by_student: list[dict], stats: list[ItemStats]) -> list[Mistake]:
    counts: Counter = Counter()
    examples: dict[tuple[str, str], str] = {}
    for items in by_student:
        for ident, it in items.items():
            name = it.get("mistake")
            if isinstance(name, str) and name:
                counts[(ident, name)] += 1
                examples.setdefault((ident, name), first_line(str(it.get("feedback") or "")))
    n_of = {s.id: s.n for s in stats}
    return [Mistake(ident, name, c, c / n_of[ident] if n_of.get(ident) else 0.0, examples[(ident, name)])
            for (ident, name), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
