"""`grade gradescope-bundle`: the autograder zip an instructor uploads to Gradescope.

The bundle lives on Gradescope's side, never with students, so it carries the
whole instructor course (solutions/, hidden checks, answer keys):

    setup.sh             Gradescope runs it once when it builds the image: Python 3.11+,
                         bubblewrap, a virtual environment with the grader installed
    run_autograder       runs for every submission: copies /autograder/submission, runs
                         `grade check` with the hidden checks, writes
                         /autograder/results/results.json
    nndl_autograder.py   the student id from submission_metadata.json, and a results.json
                         that says why when a submission could not be graded
    course/              the engine (grader/, pyproject.toml) and the course: exercises/,
                         quizzes/, solutions/; its manifest's `[gradescope]` table holds
                         the visibility of each test (grader.course.GradescopeSettings)

Followed: Gradescope's "Autograder Specifications" (setup.sh and run_autograder at the
zip's root, /autograder/source, /autograder/submission, /autograder/results/results.json)
and "Submission Metadata" (/autograder/submission_metadata.json, `users[].email`).
The same course and options give a byte-identical zip (fixed dates, sorted entries).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.course import MANIFEST, Course, GradescopeSettings
from grader.errors import InputError

STUDENT_FIELDS = ("email", "id", "name")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
COURSE_PARTS = ("exercises", "quizzes", "solutions")
SKIP = {"__pycache__", ".pytest_cache", ".grade", ".git", ".hypothesis"}

SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image
# (bundle made by `grade gradescope-bundle`). It installs Python 3.11 or newer,
# bubblewrap (the worker's sandbox, where the container allows it) and the
# grader, in a virtual environment beside /autograder/source.
set -euo pipefail
SOURCE="$(cd "$(dirname "$0")" && pwd)"
VENV="$(dirname "$SOURCE")/nndl-venv"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip bubblewrap
PYTHON=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
    PYTHON=python3.11
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --upgrade pip
"$VENV/bin/python" -m pip install "$SOURCE/course"
# Only root (the grader) may read the course: the worker runs student code as nobody.
chmod -R go-rwx "$SOURCE"
"$VENV/bin/grade" --version
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for every submission, in /autograder (bundle made by
# `grade gradescope-bundle`): grade a copy of the submission with the hidden
# checks and write results/results.json. It always writes results.json, even
# when the submission cannot be graded (then with the reason, and 0 points).
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"     # /autograder on Gradescope
SOURCE="$HERE/source"
RESULTS="$HERE/results"
VENV="$HERE/nndl-venv"
GRADE="$VENV/bin/grade"; [ -x "$GRADE" ] || GRADE=grade
PYTHON="$VENV/bin/python"; [ -x "$PYTHON" ] || PYTHON=python3
STUDENT_FIELD=@STUDENT_FIELD@

mkdir -p "$RESULTS"
rm -f "$RESULTS/results.json"
# Student code runs as nobody (or in bubblewrap): nothing of the course, the
# other submissions' metadata or the results may be readable or writable by it.
chmod -R go-rwx "$SOURCE" 2>/dev/null || true
chmod go-rwx "$RESULTS" "$HERE/submission_metadata.json" 2>/dev/null || true

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# A copy: grading never writes into Gradescope's copy of the submission.
cp -R "$HERE/submission" "$WORK/submission"
STUDENT="$("$PYTHON" "$SOURCE/nndl_autograder.py" student "$HERE/submission_metadata.json" "$STUDENT_FIELD")"

export CI=true
"$GRADE" check "$WORK/submission" --course "$SOURCE/course" --student "$STUDENT" \
    --gradescope "$RESULTS/results.json" 2> "$WORK/stderr"
status=$?
cat "$WORK/stderr" >&2
"$PYTHON" "$SOURCE/nndl_autograder.py" finish "$RESULTS/results.json" "$WORK/stderr" "$WORK/submission" "$status"
exit 0
"""

HELPER = r'''"""Helpers of run_autograder (bundle made by `grade gradescope-bundle`); standard library only.

    student METADATA FIELD    print the student id: users[0][FIELD] of submission_metadata.json
    finish RESULTS STDERR SUBMISSION STATUS
                              keep results.json if grading wrote it; else write one with the
                              reason (the grader's one-line error) and 0 points
"""

import json
import re
import sys
from pathlib import Path


def student(metadata: str, field: str) -> str:
    try:
        data = json.loads(Path(metadata).read_text(encoding="utf-8"))
        users = data.get("users") or []
        value = users[0].get(field) if users else None
        if value in (None, ""):
            value = f"gradescope-submission-{data['id']}"
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        value = "anonymous"
    return re.sub(r"[^\w.@+-]", "_", str(value))[:200] or "anonymous"


def finish(results: str, stderr: str, submission: str, status: str) -> None:
    path = Path(results)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "tests" in data and status in ("0", "1"):
            return
    except (OSError, ValueError):
        pass
    try:
        lines = [l for l in Path(stderr).read_text(encoding="utf-8", errors="replace").splitlines() if l.strip()]
    except OSError:
        lines = []
    # Only the grader's own one-line message about the submission is shown (it names the
    # file and line); anything else (a crash) could hold the course's paths or code.
    last = lines[-1] if lines else ""
    if last.startswith("grade: error: "):
        reason = last.removeprefix("grade: error: ").replace(submission.rstrip("/") + "/", "")
    else:
        reason = f"the grader stopped (exit status {status}); your instructor can see why in the autograder's output"
    data = {"score": 0.0, "output": f"Your submission could not be graded: {reason}\n"
            "Fix it and submit again (your own `grade` command shows the same message).",
            "visibility": "visible", "stdout_visibility": "hidden", "tests": []}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["student"] and len(sys.argv) == 4:
        print(student(sys.argv[2], sys.argv[3]))
    elif sys.argv[1:2] == ["finish"] and len(sys.argv) == 6:
        finish(*sys.argv[2:])
    else:
        sys.exit(__doc__)
'''

COURSE_README = """\
# The course, as Gradescope grades it

Built by `grade gradescope-bundle`: the grader, the exercises, the quizzes and the
instructor's solutions and hidden checks. It belongs on Gradescope's side only.
"""


@dataclass
class BundleSummary:
    out: Path
    files: list[str] = field(default_factory=list)
    settings: GradescopeSettings = field(default_factory=GradescopeSettings)
    student_field: str = "email"


def resolved_settings(course: Course, *, hidden_checks: str | None = None, public: str | None = None,
                      items: dict[str, str] | None = None) -> GradescopeSettings:
    """The course's `[gradescope]` settings with the command line's overrides on top."""
    base = course.manifest.gradescope
    data = base.model_dump()
    if hidden_checks:
        data["hidden_checks"] = hidden_checks
    if public:
        data["public"] = public
    data["items"] = {**base.items, **(items or {})}
    return GradescopeSettings.model_validate(data)


def manifest_with_gradescope(text: str, settings: GradescopeSettings) -> str:
    """The manifest's text with its `[gradescope]` tables replaced by `settings`."""
    from grader.quiz.sheet import toml_string

    out: list[str] = []
    skipping = False
    for line in text.splitlines():
        header = re.match(r"^\s*\[\s*([^\[\]]+?)\s*\]", line) if not line.lstrip().startswith("[[") else None
        if line.lstrip().startswith("["):
            skipping = bool(header) and (header.group(1) == "gradescope" or header.group(1).startswith("gradescope."))
        if not skipping:
            out.append(line)
    while out and not out[-1].strip():
        out.pop()
    out += ["", "[gradescope]  # when Gradescope shows each test to students (written by grade gradescope-bundle)",
            f"hidden_checks = {toml_string(settings.hidden_checks)}", f"public = {toml_string(settings.public)}"]
    if settings.items:
        out += ["", "[gradescope.items]"] + [f"{toml_string(k)} = {toml_string(v)}" for k, v in sorted(settings.items.items())]
    return "\n".join(out) + "\n"


def _course_files(course: Course) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for part in COURSE_PARTS:
        base = course.root / part
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(course.root)
            if set(rel.parts) & SKIP or path.suffix == ".pyc":
                continue
            if path.is_symlink():
                raise InputError("the course holds a symbolic link; a bundle holds plain files only", path)
            if path.is_file():
                files[rel.as_posix()] = path.read_bytes()
    return files


def bundle_files(course: Course, settings: GradescopeSettings, student_field: str = "email",
                 engine: Path | None = None) -> dict[str, bytes]:
    """Every file of the bundle, by its path in the zip."""
    from grader.release import _engine_dir, load_manifest_text, pyproject_text

    if student_field not in STUDENT_FIELDS:
        raise InputError(f"--student-field must be one of {', '.join(STUDENT_FIELDS)}, not {student_field!r}")
    if not course.has_hidden_checks:
        raise InputError("this course has no hidden checks (no solutions/checks/): build the bundle from the "
                         "instructor's course, not from a student release", course.root)
    engine = Path(engine) if engine is not None else _engine_dir()
    files: dict[str, bytes] = {
        "setup.sh": SETUP_SH.encode(),
        "run_autograder": RUN_AUTOGRADER.replace("@STUDENT_FIELD@", student_field).encode(),
        "nndl_autograder.py": HELPER.encode(),
        "course/pyproject.toml": pyproject_text(engine).encode(),
        "course/README.md": COURSE_README.encode(),
    }
    for path in sorted(engine.rglob("*.py")):
        rel = path.relative_to(engine)
        if "__pycache__" not in rel.parts:
            files[f"course/grader/{rel.as_posix()}"] = path.read_bytes()
    for rel, data in _course_files(course).items():
        files[f"course/{rel}"] = data
    manifest = manifest_with_gradescope((course.root / MANIFEST).read_text(encoding="utf-8"), settings)
    if load_manifest_text(manifest).gradescope != settings:
        raise InputError("could not write the [gradescope] settings into the manifest (is the table written "
                         "in an unusual form?)", course.root / MANIFEST)
    files[f"course/{MANIFEST.as_posix()}"] = manifest.encode()
    return files


def write_zip(out: Path, files: dict[str, bytes]) -> None:
    """A zip with fixed dates and modes (scripts executable), written beside `out`, then moved in."""
    out = Path(out)
    if out.is_dir():
        raise InputError("is a directory; give the zip file's path", out)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            mode = 0o755 if name in ("setup.sh", "run_autograder") else 0o644
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    staging = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        staging.write_bytes(buffer.getvalue())
        staging.replace(out)
    finally:
        staging.unlink(missing_ok=True)


def build_bundle(course: Course, out: Path, *, hidden_checks: str | None = None, public: str | None = None,
                 items: dict[str, str] | None = None, student_field: str = "email",
                 engine: Path | None = None) -> BundleSummary:
    settings = resolved_settings(course, hidden_checks=hidden_checks, public=public, items=items)
    known = {m.name for m in course.manifest.modules} | {f"{m.name}.{f}" for m in course.manifest.modules for f in m.functions}
    known |= {p.stem for p in course.quizzes_dir.glob("*.toml")}
    for key in settings.items:
        if key not in known and key.split(".", 1)[0] not in known:
            raise InputError(f"visibility given for {key!r}, which is no module, quiz, function or quiz item of the course")
    files = bundle_files(course, settings, student_field, engine)
    write_zip(out, files)
    return BundleSummary(out=Path(out), files=sorted(files), settings=settings, student_field=student_field)
