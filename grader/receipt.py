"""A receipt: what a result was computed from, so a CI grade can be replayed locally.

It holds no timestamp, so grading the same submission twice gives byte-identical
reports.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from typing import Any

from grader.records import ByFields
from grader.version import __version__
from grader.course import Course
from grader.stamps import PerFile, stamp as file_stamp
from grader.submission import Submission
from grader.submission import load as load_submission

SKIP_DIRS = {"__pycache__", ".git", ".hypothesis", ".pytest_cache"}


def submission_seed(student: str) -> int:
    """The seed of a student's hidden-check inputs: stable per id, different across ids."""
    return int.from_bytes(hashlib.sha256(f"nndl-grader-seed\0{student}".encode()).digest()[:4], "big")


def _files(root: Path) -> list[Path]:
    """Every content file under `root`, sorted (os.scandir: a batch walks the course once per submission)."""
    return _walk(root)[0]


def _walk(root: Path) -> tuple[list[Path], list[tuple[str, tuple]]]:
    """(every content file under `root`, sorted; every directory looked into with its stamp, taken
    before it was listed, so a change while walking only means walking again next time)."""
    out: list[Path] = []
    seen: list[tuple[str, tuple]] = []
    stack = [str(root)]
    while stack:
        directory = stack.pop()
        seen.append((directory, file_stamp(directory)))
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIP_DIRS:
                    stack.append(entry.path)
            elif entry.is_file() and not entry.name.endswith(".pyc"):
                out.append(Path(entry.path))
    return sorted(out), seen


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_digests = PerFile(limit=4096)  # path -> sha256 of the content, kept while its stamp holds


def _digest(path: Path) -> bytes:
    """sha256 of a course file, read again only when its stamp (time, size, inode, device) changed."""
    return _digests.get(path, lambda: hashlib.sha256(path.read_bytes()).digest())


_hashes: dict[str, tuple[tuple, str]] = {}  # course root -> (stamps of its directories and files, course hash)


def course_hash(course: Course) -> str:
    """One hash over every content file of the course (banks, exercises, solutions).

    Kept per course while the stat of every directory walked and of every file hashed is
    unchanged (a file added, removed or renamed changes its directory's time; an edit, the
    file's), so a batch stats the course's few dozen entries per submission instead of
    walking and re-hashing it: the walk and the per-file work were a millisecond each time.
    """
    key = str(course.root)
    cached = _hashes.get(key)
    if cached is not None and all(file_stamp(path) == seen for path, seen in cached[0]):
        return cached[1]
    digest = hashlib.sha256()
    watched: list[tuple[str, tuple]] = []
    for part in (course.quizzes_dir, course.exercises_dir, course.solutions_dir):
        files, directories = _walk(part)
        watched += directories
        for path in files:
            watched.append((str(path), file_stamp(path)))  # before _digest reads it, for the same reason
            digest.update(path.relative_to(course.root).as_posix().encode() + b"\0")
            digest.update(_digest(path))
    result = digest.hexdigest()
    _hashes[key] = (tuple(watched), result)
    return result


class Receipt(ByFields):
    """What a result was computed from (a plain class: see grader/results.py for why not pydantic)."""

    FIELDS = ("grader_version", "course_hash", "student", "seed", "hidden_checks", "files", "isolation")
    __slots__ = FIELDS

    def __init__(self, *, grader_version: str, course_hash: str, student: str, seed: int, hidden_checks: bool,
                 files: dict[str, str], isolation: str | None = None) -> None:
        for name, value in (("grader_version", grader_version), ("course_hash", course_hash), ("student", student)):
            if not isinstance(value, str):
                raise ValueError(f"{name}: a string is required, not {type(value).__name__}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError(f"seed: an integer is required, not {type(seed).__name__}")
        if not isinstance(hidden_checks, bool):
            raise ValueError(f"hidden_checks: true or false is required, not {type(hidden_checks).__name__}")
        if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise ValueError("files: a table of path -> sha256 strings is required")
        if isolation is not None and not isinstance(isolation, str):
            raise ValueError(f"isolation: a string is required, not {type(isolation).__name__}")
        self.grader_version = grader_version
        self.course_hash = course_hash
        self.student = student
        self.seed = seed
        self.hidden_checks = hidden_checks
        self.files = dict(files)
        self.isolation = isolation  # how the student's code was confined (see grader/sandbox/isolation.py)

    @classmethod
    def model_validate(cls, data: dict[str, Any]) -> "Receipt":
        return cls(**data)

    def model_dump(self, **_: Any) -> dict[str, Any]:
        return {name: dict(self.files) if name == "files" else getattr(self, name) for name in self.FIELDS}



def graded_files(course: Course, submission: Path | Submission) -> dict[str, str]:
    """sha256 of each file of the submission that was graded, by relative path.

    The hashes are of the very bytes the grader read (submission.py), not of the files
    as they are now: a file changed or replaced by a link after grading is not what was graded.
    """
    if not isinstance(submission, Submission):
        submission = load_submission(course, submission)
    return submission.graded_files()


def make_receipt(course: Course, submission: Path | Submission, student: str, hidden: bool, isolation: str | None = None) -> Receipt:
    return Receipt(
        grader_version=__version__,
        course_hash=course_hash(course),
        student=student,
        seed=submission_seed(student),
        hidden_checks=hidden,
        files=graded_files(course, submission),
        isolation=isolation,
    )
