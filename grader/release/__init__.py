"""`grade release`: build the student workspace from the instructor's course.

A release holds exactly what a student may see and nothing else:

    pyproject.toml   the same `grade` command (`pip install -e .`)
    README.md        for students: set up, work, what the local checks can and cannot tell
    .gitignore
    grader/          the engine's Python files
    exercises/       manifest (with the number of hidden checks per module), stubs,
                     each assignment's notebook (<module>.ipynb, release/notebooks.py),
                     provided helpers, public checks
    quizzes/         the banks with their answers locked (grader/quiz/lock/)
    answers/         where the student's answer sheets go (a README.md only)

Every graded function of `exercises/<module>.py` must be the course's stub
(release/stubs.py), so a course in which an instructor worked the exercises
is refused rather than shipped. Nothing is read from `solutions/` except to
count the hidden checks; keys,
explanations and `answer_expr` never reach the release in clear. The same
course, roster and secret give a byte-identical release: no timestamps, files
and entries in a fixed order, salts derived from the course's content hash.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from grader.course import MANIFEST, Course, Manifest
from grader.errors import InputError, load_toml
from grader.quiz.lock import STANDARD, Kdf, LockStats, default_workers

PACKAGE = "grader"
GITIGNORE = """\
# Python, packaging and tool caches
__pycache__/
*.py[cod]
*.egg-info/
build/
dist/
.venv/
.pytest_cache/
# grade's record of your runs (grade progress, grade hint)
.grade/
"""


@dataclass
class ReleaseSummary:
    """What a release holds, for the command's report and for tests."""

    out: Path
    files: list[str] = field(default_factory=list)
    quizzes: dict[str, LockStats] = field(default_factory=dict)
    modules: list[str] = field(default_factory=list)
    hidden_checks: dict[str, int] = field(default_factory=dict)
    roster: int = 0
    left_out: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def hashes(self) -> int:
        return sum(s.hashes for s in self.quizzes.values())

    @property
    def roster_only(self) -> list[str]:
        return [item for s in self.quizzes.values() for item in s.roster_only]


# ====================================================================== inputs

def read_roster(path: Path) -> list[str]:
    """Student ids, one per line; blank lines and lines starting with # are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the roster: {exc.strerror}", path) from None
    ids: list[str] = []
    for line in text.splitlines():
        student = line.strip()
        if student and not student.startswith("#") and student not in ids:
            ids.append(student)
    if not ids:
        raise InputError("the roster lists no student ids (one per line)", path)
    return ids


def release_salt(course: Course, secret: str | None = None) -> str:
    """The per-release salt: a hash of the course's content (and the secret, if any), 32 hex digits."""
    from grader.receipt import course_hash

    material = f"nndl-grader release salt\0{course_hash(course)}\0{secret or ''}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def _engine_dir() -> Path:
    import grader

    return Path(grader.__file__).resolve().parent


# ====================================================================== checks before building

def _refuse_unsafe_target(course: Course, out: Path, engine: Path, force: bool) -> None:
    root = course.root.resolve()
    target = out.resolve()
    if target == root or target in root.parents:
        raise InputError("the release directory must not be the course directory or one of its parents", out)
    for inside in (course.quizzes_dir, course.exercises_dir, course.solutions_dir, engine):
        inside = inside.resolve()
        if target == inside or inside in target.parents:
            raise InputError(f"the release directory must not be inside {inside}", out)
    if target.exists() and not target.is_dir():
        raise InputError("exists and is not a directory", out)
    if target.is_dir() and any(target.iterdir()):
        if not force:
            raise InputError("the release directory exists and is not empty; pass --force to replace it", out)
        if not looks_like_release(target):
            raise InputError("the release directory is not empty and does not look like a student release; "
                             "--force only replaces an earlier release: remove it yourself", out)


def looks_like_release(path: Path) -> bool:
    """A directory `grade release` made: a manifest, locked banks, and no solutions/."""
    banks = sorted((path / "quizzes").glob("*.toml"))
    return ((path / MANIFEST).is_file() and not (path / "solutions").exists()
            and all("\n[lock]\n" in b.read_text(encoding="utf-8", errors="replace") for b in banks))


def _check_course(course: Course) -> None:
    from grader.quiz.loader import bank_files, read_bank
    from grader.release.public_checks import public_check_problems
    from grader.validate import validate_course

    for path in bank_files(course.quizzes_dir):
        report = read_bank(path)
        if report.bank is not None and getattr(report.bank, "is_locked", False):
            raise InputError("this course is already a student release (its answers are locked); "
                             "build releases from the instructor's course", path)
    leaks = public_check_problems(course)
    if leaks:
        raise InputError(f"release refused: {leaks[0].message}" + (f" (and {len(leaks) - 1} more)" if len(leaks) > 1 else ""),
                         leaks[0].path, leaks[0].line)
    problems = validate_course(course.root, run_reference=False)
    if problems:
        first = problems[0]
        raise InputError(f"release refused: the course has {len(problems)} problem(s) (`grade validate` lists them); "
                         f"the first: {first.message}", first.path, first.line)


def _refuse_solutions(course: Course) -> None:
    """A release ships stubs: refuse when a graded function of exercises/<module>.py is not one (stubs.py)."""
    from grader.release.stubs import stub_problems

    problems = stub_problems(course)
    if problems:
        first = problems[0]
        rel = first.path.relative_to(course.root).as_posix() if first.path.is_relative_to(course.root) else first.path.name
        what = f"{first.function}() in {rel}" if first.function else rel
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"release refused: {what} {first.message}; a release ships the stubs, never solutions"
                         f" (restore the stub, e.g. from git){more}", first.path, first.line)


# ====================================================================== the parts of a release

def manifest_with_counts(text: str, counts: dict[str, int]) -> str:
    """The manifest's text with `hidden_checks = N` after each module's `name = ...` line."""
    out: list[str] = []
    in_module = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            in_module = stripped.replace(" ", "") == "[[modules]]"
        if in_module and re.match(r"^\s*hidden_checks\s*=", line):
            continue
        out.append(line)
        match = re.match(r'^\s*name\s*=\s*"([A-Za-z_][A-Za-z0-9_]*)"', line) if in_module else None
        if match and match.group(1) in counts:
            out.append(f"hidden_checks = {counts[match.group(1)]}  # run when a submission is graded (written by grade release)")
    return "\n".join(out) + "\n"


def pyproject_text(engine: Path) -> str:
    """The release's pyproject.toml: the engine's package, its dependencies and the `grade` command."""
    from grader.version import __version__
    from grader.quiz.sheet import toml_string

    name, description, python = "nndl-grader", "Auto-grader for the quizzes and coding exercises of the course", ">=3.11"
    dependencies = ["numpy>=1.24", "click>=8.1", "pydantic>=2.5", "pytest>=7.4", "cryptography>=42"]
    source = engine.parent / "pyproject.toml"
    if source.is_file():
        project = load_toml(source).get("project", {})
        name = project.get("name", name)
        description = project.get("description", description)
        python = project.get("requires-python", python)
        dependencies = list(project.get("dependencies", dependencies))
    deps = "".join(f"    {toml_string(d)},\n" for d in dependencies)
    return (
        "[build-system]\n"
        'requires = ["setuptools>=68"]\n'
        'build-backend = "setuptools.build_meta"\n'
        "\n"
        "[project]\n"
        f"name = {toml_string(name)}\n"
        f"version = {toml_string(__version__)}\n"
        f"description = {toml_string(description)}\n"
        'readme = "README.md"\n'
        f"requires-python = {toml_string(python)}\n"
        f"dependencies = [\n{deps}]\n"
        "\n"
        "[project.scripts]\n"
        'grade = "grader.cli:main"\n'
        "\n"
        "[tool.setuptools.packages.find]\n"
        'include = ["grader*"]\n'
    )


def readme_text(course: Course, banks: list, counts: dict[str, int], stats: dict[str, LockStats], roster: int,
                lang: str = "en") -> str:
    """The release's README in `lang` ("en" or "zh"): the course's assignments, quizzes and checks filled in."""
    from grader.release.readme import render

    zh = lang == "zh"
    if zh:
        modules = "\n".join(f"- 第 {m.week} 周：`exercises/{m.name}.ipynb` 或 `.py`，{m.title_zh or m.title}（{'、'.join(f'`{f}`' for f in m.functions)}）"
                            for m in course.manifest.modules) or "（没有编程作业）"
        quizzes = "\n".join(f"- `{b.id}`（第 {b.week} 周）：{b.title_in('zh')}，{len(b.items)} 题" for b in banks) or "（没有测验）"
    else:
        modules = "\n".join(f"- week {m.week}: `exercises/{m.name}.ipynb` or `.py` — {m.title} ({', '.join(f'`{f}`' for f in m.functions)})"
                            for m in course.manifest.modules) or "(no exercises)"
        quizzes = "\n".join(f"- `{b.id}` (week {b.week}): {b.title}, {len(b.items)} questions" for b in banks) or "(no quizzes)"
    if counts:
        total = sum(counts.values())
        if zh:
            hidden = f"共 {total} 个（{'，'.join(f'`{m}` {n} 个' for m, n in counts.items())}）。"
        else:
            per = ", ".join(f"{n} for `{m}`" for m, n in counts.items())
            hidden = f"{total} of them ({per})."
    else:
        hidden = "数量取决于作业。" if zh else "how many depends on the assignment."
    roster_only = [i for s in stats.values() for i in s.roster_only]
    if roster_only and zh:
        who = f"课程名单上的 {roster} 名学生" if roster else "任何人（没有提供名单）"
        variants = (f"变体很多的题（{'、'.join(f'`{i}`' for i in roster_only)}）在这里只为{who}锁定。"
                    "如果你的学号不在其中，`grade` 会说这类答案“这里无法检查”（本地记 0 分）；提交后会评分。")
    elif roster_only:
        who = f"the {roster} student{'s' if roster != 1 else ''} of the course's roster" if roster else "nobody (no roster was given)"
        variants = (f"Questions with many variants ({', '.join(f'`{i}`' for i in roster_only)}) are locked here "
                    f"only for {who}. If your id is not among them, `grade` says such an answer is "
                    "\"not checked here\" (0 points locally); it is graded when you hand in.")
    else:
        variants = "每道带参数的题的每个变体都在这里锁定了，不论你的学号是什么。" if zh else \
            "Every variant of every parameterised question is locked here, whatever your id."
    return render(modules=modules, hidden=hidden, quizzes=quizzes, variants=variants, lang="zh" if zh else "en")


# ====================================================================== building

def build_release(course: Course, out: Path, *, roster: Sequence[str] = (), secret: str | None = None,
                  force: bool = False, kdf: Kdf = STANDARD, workers: int | None = None,
                  check_course: bool = True, engine: Path | None = None, lang: str = "en") -> ReleaseSummary:
    """Write the student release of `course` to `out` (atomically: built beside it, then moved in).

    `engine` is the `grader` package directory to ship (default: the one running). `lang`: the
    language of the release's quizzes and README (English where the course gives no translation).
    """
    from grader.quiz.loader import bank_files, load_bank
    from grader.quiz.lock import lock_bank
    from grader.release.notebooks import release_notebooks
    from grader.release.public_checks import public_check_files

    started = time.perf_counter()
    out = Path(out)
    engine = Path(engine) if engine is not None else _engine_dir()
    _refuse_unsafe_target(course, out, engine, force)
    if check_course:
        _check_course(course)
    _refuse_solutions(course)
    counts: dict[str, int] = {}
    if course.has_hidden_checks:
        from grader.harness.runner import count_checks

        counts = {name: c.hidden for name, c in count_checks(course).items()}
    salt = release_salt(course, secret)
    workers = workers if workers is not None else default_workers()

    summary = ReleaseSummary(out=out, modules=[m.name for m in course.manifest.modules], hidden_checks=counts,
                             roster=len(roster))
    files: dict[str, bytes] = {}

    for path in sorted(engine.rglob("*.py")):
        rel = path.relative_to(engine)
        if "__pycache__" not in rel.parts:
            files[f"{PACKAGE}/{rel.as_posix()}"] = path.read_bytes()

    manifest_text = (course.root / MANIFEST).read_text(encoding="utf-8")
    release_manifest = manifest_with_counts(manifest_text, counts)
    written = {m.name: m.hidden_checks for m in load_manifest_text(release_manifest).modules}
    if any(written.get(name) != n for name, n in counts.items()):
        raise InputError("could not write the hidden-check counts into the manifest (is every module's "
                         "`name = \"...\"` on a line of its own?)", course.root / MANIFEST)
    files[MANIFEST.as_posix()] = release_manifest.encode("utf-8")
    shipped = {course.root / MANIFEST}
    helpers = sorted({h for m in course.manifest.modules for h in m.provided})
    for name in [m.name for m in course.manifest.modules] + helpers:
        path = course.provided_file(name)
        if not path.is_file():
            raise InputError(f"exercises/{name}.py is missing; the release needs it", path)
        files[f"exercises/{name}.py"] = path.read_bytes()
        shipped.add(path)
    files.update(release_notebooks(course))  # built from the stubs just copied, after _refuse_solutions
    for path in public_check_files(course):
        files[f"exercises/checks/{path.relative_to(course.public_checks_dir).as_posix()}"] = path.read_bytes()
        shipped.add(path)
    for path in sorted(course.exercises_dir.rglob("*")):
        rel = path.relative_to(course.root)
        if path.is_file() and path not in shipped and "__pycache__" not in rel.parts and path.suffix != ".pyc":
            summary.left_out.append(rel.as_posix())

    banks = []
    for path in bank_files(course.quizzes_dir):
        bank = load_bank(path)
        text, stats = lock_bank(bank, salt_hex=salt, kdf=kdf, roster=roster, workers=workers, lang=lang)
        files[f"quizzes/{path.name}"] = text.encode("utf-8")
        summary.quizzes[bank.id] = stats
        banks.append(bank)
    banks.sort(key=lambda b: (b.week, b.id))

    files["pyproject.toml"] = pyproject_text(engine).encode("utf-8")
    files["README.md"] = readme_text(course, banks, counts, summary.quizzes, len(roster), lang).encode("utf-8")
    files[".gitignore"] = GITIGNORE.encode("utf-8")
    from grader.release.readme import ANSWERS_README

    files["answers/README.md"] = ANSWERS_README.encode("utf-8")  # answers/ exists: `> answers/week3.toml` works

    _write_atomically(out, files)
    summary.files = sorted(files)
    summary.seconds = time.perf_counter() - started
    return summary


def _write_atomically(out: Path, files: dict[str, bytes]) -> None:
    """Write every file into a fresh directory beside `out`, then put it in `out`'s place."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.release-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        for rel in sorted(files):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old)
        else:
            staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def load_manifest_text(text: str) -> Manifest:
    """Parse a manifest's text (used to check a rewritten one)."""
    import tomllib

    return Manifest.model_validate(tomllib.loads(text))
