"""A submission is data the grader reads, never a path it follows.

The one module that knows a submission's layout:

    exercises/<module>.py   (or <module>.py at the top)   an assignment's code
    exercises/<module>.ipynb, <module>.ipynb, or the course notebook under its own
    file name (the manifest's `notebooks`), in exercises/ or at the top
                                                           the same, as a Jupyter notebook
    answers/<quiz>.toml                                    a quiz's answer sheet

A notebook is read like a module (same limits, same care) and turned into the module
the worker imports by parsing it (grader/notebook.py), never by running it. Where a
module comes both as a .py and as a notebook (a release ships both), the one holding
the student's work is graded: the .py, unless every graded function in it is still the
course's stub (`raise NotImplementedError` at `# YOUR CODE HERE`) and the notebook's are
not; when both hold code, the .py. The report says which file was graded whenever the
other one holds code too (or the .py is a stub beside a worked notebook).

`load(course, path)` reads each of these files once, as bytes, and hands the rest of
the grader a `Submission`: the module sources with where each came from, the sheets'
bytes (or why they were refused), and what was found but not read. Grading, the
receipt, batch and watch ask it; nothing else opens a file of a submission.

Why so careful: a submission is written by someone the grader must not trust, and in
CI it sits beside the course (solutions, hidden checks, answer keys). A symbolic link
`exercises/deep_nn.py -> ../course/solutions/deep_nn.py` would otherwise be graded as
the student's work, and a link to any file the grader can read would be copied to the
worker and shown back in feedback. A FIFO would block the grader for ever, a 50 MB
file would be read and hashed. So every path component is checked with lstat and
opened with O_NOFOLLOW relative to its parent's descriptor, the opened file must be a
regular file with one name (fstat), inside the submission, and no larger than its
limit. What fails is refused with one sentence naming the file; that part scores 0
with it and everything else is still graded. Links elsewhere in the tree are reported,
never followed.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from grader.course import Course
    from grader.notebook import Built

MAX_MODULE_BYTES = 1 << 20  # 1 MiB: the course's largest module is ~20 KiB
MAX_NOTEBOOK_BYTES = 1 << 20  # 1 MiB, as a module; a notebook with image outputs can be more: clear the outputs
MAX_SHEET_BYTES = 256 << 10  # 256 KiB: a filled-in sheet is a few KiB
MAX_SHEETS = 64  # answers/*.toml files read; the course has a handful of quizzes
MAX_SCAN_ENTRIES = 20_000  # directory entries looked at when looking for links elsewhere
MAX_LISTED = 5  # names shown in a note before "and N more"
EXERCISES = "exercises"
ANSWERS = "answers"
# Not looked into for links: tools' own directories (a virtualenv is full of links, none of them graded).
SKIP_DIRS = frozenset({".git", "__pycache__", ".grade", ".pytest_cache", ".ipynb_checkpoints", ".hypothesis",
                       ".venv", "venv", "node_modules"})

_O_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_O_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)


class Refused(Exception):
    """A file where the layout expects one, that is not read; the message names it and says what to do."""

    def __init__(self, message: str, origin: str):
        super().__init__(message)
        self.origin = origin  # the entry that was refused: the file, or the linked directory on its way


@dataclass(frozen=True)
class ModuleSource:
    """One assignment's code as the grader read it: the worker gets these bytes, never the path."""

    module: str
    origin: str  # relative to the submission, e.g. "exercises/deep_nn.py"
    data: bytes  # the module's source (for a notebook: the module built from it)
    file_data: bytes | None = field(default=None, repr=False)  # a notebook's own bytes (data is built from them)
    built: "Built | None" = field(default=None, repr=False)  # a notebook's build, with its line map

    @property
    def sha256(self) -> str:
        """Of the file as submitted (a notebook's JSON, not the module built from it)."""
        return hashlib.sha256(self.file_data if self.file_data is not None else self.data).hexdigest()

    @property
    def is_notebook(self) -> bool:
        return self.built is not None

    def where(self, file: str, line: int) -> str | None:
        """`NB.ipynb, cell In [7], line 3` for a line of the module built from a notebook (None for a .py)."""
        if self.built is None or file != f"{self.module}.py":
            return None
        inside = self.built.where(line)
        return f"{self.origin}, {inside}" if inside else None


@dataclass(frozen=True)
class SheetFile:
    """One answer sheet: its bytes, or why it was not read (`refused`)."""

    quiz: str  # the file's stem: the quiz it answers
    origin: str  # e.g. "answers/week3.toml"
    path: Path  # for messages: the submission path as given, joined with origin
    data: bytes | None = None
    refused: str | None = None


@dataclass
class Submission:
    """Everything of a submission the grader will look at, read once."""

    root: Path  # as given (messages name files under it)
    modules: dict[str, ModuleSource] = field(default_factory=dict)
    refused_modules: dict[str, str] = field(default_factory=dict)  # module -> why its file was not read
    sheets: dict[str, SheetFile] = field(default_factory=dict)  # quiz id (file stem) -> sheet, in name order
    links: list[str] = field(default_factory=list)  # links elsewhere in the tree: reported, not followed
    refused_paths: set[str] = field(default_factory=set)  # entries refused above (not reported again as links)
    chosen: list[str] = field(default_factory=list)  # how a module was read (which file was graded, cells left out), for the report
    skipped_sheets: int = 0  # answers/*.toml beyond MAX_SHEETS
    scan_truncated: bool = False  # the tree had more than MAX_SCAN_ENTRIES entries

    def display(self, module: str) -> str:
        """Where a module was (or would be) read from, for messages."""
        found = self.modules.get(module)
        return found.origin if found is not None else f"{EXERCISES}/{module}.py"

    def graded_files(self) -> dict[str, str]:
        """sha256 of each file that was read, by relative path (the receipt's `files`)."""
        out = {m.origin: m.sha256 for m in self.modules.values()}
        out.update({s.origin: hashlib.sha256(s.data).hexdigest() for s in self.sheets.values() if s.data is not None})
        return dict(sorted(out.items()))

    @property
    def empty(self) -> bool:
        """Nothing where the layout expects work: no module (read or refused), no sheet at all.

        `grade check` on such a directory is almost always run in the wrong place, and a
        full zero report would hide that; batch grades it as zero like any submission.
        """
        return not (self.modules or self.refused_modules or self.sheets or self.skipped_sheets)

    def notes(self) -> list[str]:
        """Lines for the report about what was found but not read."""
        notes = list(self.chosen)
        if self.links:
            shown = ", ".join(self.links[:MAX_LISTED]) + (f" and {len(self.links) - MAX_LISTED} more" if len(self.links) > MAX_LISTED else "")
            notes.append(f"not followed: {_count(len(self.links), 'symbolic link')} in the submission ({shown}); "
                         "a submission holds plain files only")
        if self.skipped_sheets:
            notes.append(f"{ANSWERS}/ holds more than {MAX_SHEETS} .toml files; {self.skipped_sheets} were not read")
        if self.scan_truncated:
            notes.append(f"the submission holds more than {MAX_SCAN_ENTRIES:,} files and directories; "
                         "only the first were looked at for links")
        return notes


def load(course: "Course", path: Path | str) -> Submission:
    """Read the submission at `path` for `course`; never follows a link inside it.

    The path itself may be a link (a CI job or a student names their own directory);
    nothing below it is followed. Raises OSError only when `path` is not a readable directory.
    """
    root = Path(path)
    root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        real_root = os.path.realpath(f"/proc/self/fd/{root_fd}") if os.path.isdir("/proc/self/fd") else os.path.realpath(root)
        reader = _Reader(root_fd, real_root)
        sub = Submission(root=root)
        try:
            for spec in course.manifest.modules:
                _load_module(reader, sub, spec.name, course=course)
            _load_sheets(reader, sub)
        finally:
            reader.close()
        links, sub.scan_truncated = _scan_links(root_fd)
        sub.links = [link for link in links if link not in sub.refused_paths]
        return sub
    finally:
        os.close(root_fd)


def write_modules(root: Path, sources: dict[str, str]) -> Path:
    """Lay out a submission holding `sources` ({module: Python source}) at `root`.

    What the grader builds itself (validate's reference, stub and mistake runs) is
    laid out here too, so the layout stays this module's alone.
    """
    directory = Path(root) / EXERCISES
    directory.mkdir(parents=True, exist_ok=True)
    for module, text in sources.items():
        (directory / f"{module}.py").write_text(text, encoding="utf-8")
    return Path(root)


def module_candidates(module: str) -> list[str]:
    """Where a module's .py may be, first match wins: `exercises/<module>.py`, then `<module>.py`."""
    return [f"{EXERCISES}/{module}.py", f"{module}.py"]


def notebook_candidates(module: str, names: Iterable[str] = ()) -> list[str]:
    """Where a module's notebook may be, first match wins: `<module>.ipynb`, then the course's names; exercises/ first."""
    out = []
    for name in [f"{module}.ipynb", *names]:
        out += [f"{EXERCISES}/{name}", name]
    return out


def watched(root: Path) -> dict[str, int]:
    """{relative path: mtime_ns} of every file whose change can change a grade (`grade watch`).

    lstat only: a link is watched as a link (replacing it is a change), never followed.
    """
    out: dict[str, int] = {}
    for rel in (_listing(root, "", ".py") + _listing(root, EXERCISES, ".py") + _listing(root, "", ".ipynb")
                + _listing(root, EXERCISES, ".ipynb") + _listing(root, ANSWERS, ".toml")):
        try:
            out[rel] = os.lstat(root / rel).st_mtime_ns
        except OSError:
            continue
    return out


# ---------------------------------------------------------------- reading


class _Reader:
    """Opens files below one directory descriptor, one component at a time, never following a link.

    Each directory on the way is checked (lstat: no link, a directory) and opened once per
    load, then kept open until `close`: a submission's ~60 candidate paths (five modules,
    each as .py and as notebooks, in exercises/ and at the top) share two directories, and
    checking and opening exercises/ again for each of them was most of `load`'s system
    calls. The kept descriptor is the directory that was checked (opened with O_NOFOLLOW),
    so a later swap of the name for a link is not followed either.
    """

    def __init__(self, root_fd: int, real_root: str):
        self.root_fd = root_fd
        self.real_root = real_root
        # relative directory -> (its open descriptor, None), (None, None) if absent or no directory, (None, why refused)
        self._dirs: dict[str, tuple[int | None, str | None]] = {}

    def close(self) -> None:
        for fd, _ in self._dirs.values():
            if fd is not None:
                os.close(fd)
        self._dirs.clear()

    def _directory(self, parent_fd: int, part: str, here: str) -> tuple[int | None, str | None]:
        """(descriptor, None) for the directory `here` (its last component `part`); (None, None) where
        there is none (absent, or not a directory: nothing to read below it); (None, why) if refused."""
        known = self._dirs.get(here)
        if known is not None:
            return known
        st = _lstat(part, parent_fd)
        found: tuple[int | None, str | None] = (None, None)
        if st is not None and stat.S_ISLNK(st.st_mode):
            found = (None, "is a symbolic link (not followed); submit the directory itself")
        elif st is not None and stat.S_ISDIR(st.st_mode):
            try:
                found = (os.open(part, _O_DIR, dir_fd=parent_fd), None)
            except OSError as exc:
                found = (None, f"cannot be opened ({exc.strerror})")
        self._dirs[here] = found
        return found

    def read(self, origin: str, limit: int, what: str) -> bytes | None:
        """The bytes of `origin` (relative, '/'-separated); None if absent; Refused if it may not be read."""
        parts = origin.split("/")
        dir_fd = self.root_fd
        for i, part in enumerate(parts[:-1]):
            here = "/".join(parts[: i + 1])
            fd, refused = self._directory(dir_fd, part, here)
            if fd is None:
                if refused is None:
                    return None
                raise Refused(f"{origin}: {here}/ {refused}", here)
            dir_fd = fd
        return self._read_file(dir_fd, parts[-1], origin, limit, what)

    def _read_file(self, dir_fd: int, name: str, origin: str, limit: int, what: str) -> bytes | None:
        st = _lstat(name, dir_fd)
        if st is None:
            return None
        _refuse_kind(st, origin)
        if st.st_size > limit:
            raise Refused(f"{origin} is {_size(st.st_size)}; {what} may be at most {_size(limit)}", origin)
        try:
            fd = os.open(name, _O_FILE, dir_fd=dir_fd)
        except OSError as exc:
            raise Refused(f"{origin} cannot be read ({exc.strerror})", origin) from None
        try:
            fst = os.fstat(fd)
            if (fst.st_dev, fst.st_ino) != (st.st_dev, st.st_ino):
                raise Refused(f"{origin} changed while it was read; submit it again", origin)
            _refuse_kind(fst, origin)
            self._inside(fd, origin)
            chunks, size = [], 0
            while size <= limit:
                chunk = os.read(fd, min(1 << 16, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > limit:
                raise Refused(f"{origin} is larger than {_size(limit)}; {what} may be at most {_size(limit)}", origin)
            return b"".join(chunks)
        except BlockingIOError:
            raise Refused(f"{origin} is not a plain file; submit the file itself", origin) from None
        finally:
            os.close(fd)

    def _inside(self, fd: int, origin: str) -> None:
        """Belt and braces: the opened file's own path must be below the submission."""
        try:
            real = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return  # no /proc: the component-wise O_NOFOLLOW opens already kept us inside
        if not real.startswith(self.real_root.rstrip("/") + "/"):
            raise Refused(f"{origin} is outside the submission; submit the file itself", origin)


def _lstat(name: str, dir_fd: int) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None


def _refuse_kind(st: os.stat_result, origin: str) -> None:
    """Refused unless `st` is a regular file with a single name."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        if st.st_nlink > 1:
            raise Refused(f"{origin} is a hard link ({st.st_nlink} names for one file); submit a plain copy of the file", origin)
        return
    kind = ("a symbolic link" if stat.S_ISLNK(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a directory" if stat.S_ISDIR(mode) else "not a plain file")
    raise Refused(f"{origin} is {kind}; submit the file itself", origin)


def _first(reader: _Reader, candidates: list[str], limit: int, what: str) -> tuple[str, bytes | None, Refused | None] | None:
    """The first candidate there: (origin, bytes, None) or (origin, None, refusal); None if none is there."""
    for origin in candidates:
        try:
            data = reader.read(origin, limit, what)
        except Refused as exc:
            return origin, None, exc
        if data is not None:
            return origin, data, None
    return None


def _load_module(reader: _Reader, sub: Submission, module: str, course: "Course | None" = None) -> None:
    spec = course.module(module) if course is not None else None
    py = _first(reader, module_candidates(module), MAX_MODULE_BYTES, "a module")
    nb = _first(reader, notebook_candidates(module, spec.notebooks if spec is not None else ()), MAX_NOTEBOOK_BYTES, "a notebook")
    if py is not None and py[2] is None and _looks_like_notebook(py[1]):
        ipynb = f"{module}.ipynb"
        sub.refused_modules[module] = (f"{py[0]} is a Jupyter notebook saved under a .py name: rename it "
                                       f"{py[0].rsplit('/', 1)[0] + '/' if '/' in py[0] else ''}{ipynb} "
                                       "(a notebook is graded as a notebook), or export the code with File > Download as > Python (.py)")
        return
    built, problem = (None, None)
    if nb is not None and nb[2] is None:
        built, problem = _build(course, spec, module, nb[0], nb[1])
    if py is not None and py[2] is not None and nb is not None and nb[2] is None:
        sub.chosen.append(f"{module}: graded {nb[0]}; {py[2]}")  # a link (say) where the .py belongs: the notebook is the work
        sub.refused_paths.add(py[2].origin)
        py = None
    if py is not None and nb is not None and nb[2] is None:
        # Both there (a release ships both): grade the one that holds the student's work.
        py_stub = _all_stubs(py[1], spec)
        nb_stub = built is not None and _all_stubs(built.source.encode("utf-8"), spec)
        if py_stub and not nb_stub:
            sub.chosen.append(f"{module}: graded {nb[0]}; {py[0]} is still the course's stub, not graded")
            py = None
        else:
            if not nb_stub:
                sub.chosen.append(f"{module}: graded {py[0]}; {nb[0]} is there too and was not graded "
                                  "(the .py is graded while it holds code: keep your work in one of them)")
            nb = None
    if py is not None:
        origin, data, refused = py
        if refused is not None:
            sub.refused_modules[module] = str(refused)
            sub.refused_paths.add(refused.origin)
        else:
            sub.modules[module] = ModuleSource(module, origin, data)
        return
    if nb is None:
        return
    origin, data, refused = nb
    if refused is not None:
        message = str(refused)
        if "may be at most" in message:
            message += " (its outputs count: clear them with Kernel > Restart & Clear Output, save it, and submit it again)"
        sub.refused_modules[module] = message
        sub.refused_paths.add(refused.origin)
        return
    if built is None:
        sub.refused_modules[module] = problem or f"{origin} could not be read"
        return
    sub.chosen.extend(f"{module}: {said}" for said in built.skipped[:MAX_LISTED])
    sub.modules[module] = ModuleSource(module, origin, built.source.encode("utf-8"), file_data=data, built=built)


def _build(course: "Course | None", spec, module: str, origin: str, data: bytes) -> tuple["Built | None", str | None]:
    """The module built from a notebook (grader/notebook.py), or why there is none."""
    from grader.notebook import NotebookError, build

    settings = course.manifest.notebook if course is not None else None
    provided = list(spec.provided) if spec is not None else []
    for used in (spec.uses if spec is not None else []):
        used_spec = course.module(used)
        provided += used_spec.provided if used_spec is not None else []
    try:
        return build(data, origin, drop=tuple(settings.drop_imports) if settings else (),
                     rename=dict(settings.rename_imports) if settings else {}, provided=tuple(provided),
                     functions=tuple(spec.functions) if spec is not None else (),
                     provided_names={h: names for h in provided if (names := _defined_names(course.provided_file(h))) is not None}
                     if course is not None else None), None
    except NotebookError as exc:
        return None, str(exc)


def _defined_names(path: Path) -> set[str] | None:
    """The top-level names a course helper module defines (read with ast; the course's own file); None: unknown."""
    import ast

    try:
        tree = ast.parse(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
        return None
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if any(a.name == "*" for a in node.names):
                return None  # re-exports another module: any name may come from it
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif not isinstance(node, (ast.Expr, ast.If, ast.Try)):
            continue
        if isinstance(node, (ast.If, ast.Try)):
            return None  # names bound conditionally: not worth guessing
    return names


def _looks_like_notebook(data: bytes) -> bool:
    from grader.notebook import looks_like_notebook

    return looks_like_notebook(data)


def _all_stubs(data: bytes, spec) -> bool:
    """True when every graded function the .py defines is still the course's stub (or it defines none)."""
    from grader.release.stubs import all_stubs

    if spec is None:
        return False
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return all_stubs(source, spec.functions)


def _load_sheets(reader: _Reader, sub: Submission) -> None:
    """Every answers/*.toml (up to MAX_SHEETS), read or refused; a linked answers/ refuses them all."""
    st = _lstat(ANSWERS, reader.root_fd)
    if st is None or not (stat.S_ISDIR(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        return
    if stat.S_ISLNK(st.st_mode):
        sub.refused_paths.add(ANSWERS)
        sub.sheets["*"] = SheetFile("*", ANSWERS, sub.root / ANSWERS,
                                    refused=f"{ANSWERS}/ is a symbolic link (not followed); submit the directory itself")
        return
    try:
        fd = os.open(ANSWERS, _O_DIR, dir_fd=reader.root_fd)
    except OSError:
        return
    try:
        # Not dot files: an editor's lock or backup (`.#week3.toml`) is no sheet.
        names = sorted(name for name in _names(fd, MAX_SCAN_ENTRIES) if name.endswith(".toml") and not name.startswith("."))
    finally:
        os.close(fd)
    sub.skipped_sheets = max(0, len(names) - MAX_SHEETS)
    for name in names[:MAX_SHEETS]:
        origin = f"{ANSWERS}/{name}"
        quiz = name[: -len(".toml")]
        try:
            data = reader.read(origin, MAX_SHEET_BYTES, "an answer sheet")
        except Refused as exc:
            sub.sheets[quiz] = SheetFile(quiz, origin, sub.root / origin, refused=str(exc))
            sub.refused_paths.add(exc.origin)
            continue
        if data is not None:
            sub.sheets[quiz] = SheetFile(quiz, origin, sub.root / origin, data=data)


def sheet_for(sub: Submission, quiz: str) -> SheetFile | None:
    """The sheet of `quiz`: its own file, or the refusal of a linked answers/ directory."""
    found = sub.sheets.get(quiz)
    if found is None and "*" in sub.sheets:
        whole = sub.sheets["*"]
        origin = f"{ANSWERS}/{quiz}.toml"
        return SheetFile(quiz, origin, sub.root / origin, refused=f"{origin}: {whole.refused}")
    return found


def extra_sheets(sub: Submission, known: Iterable[str]) -> list[SheetFile]:
    """Sheets whose name is no quiz of the course (reported, never graded)."""
    known = set(known)
    return [s for q, s in sub.sheets.items() if q != "*" and q not in known]


# ---------------------------------------------------------------- looking around


def _names(fd: int, cap: int) -> list[str]:
    """Up to `cap` entry names of the directory open at `fd`."""
    out = []
    with os.scandir(fd) as entries:
        for entry in entries:
            out.append(entry.name)
            if len(out) >= cap:
                break
    return out


def _scan_links(root_fd: int) -> tuple[list[str], bool]:
    """Relative paths of the symbolic links in the tree (not followed), and whether the scan was cut short."""
    links: list[str] = []
    seen = 0
    stack: list[tuple[int, str]] = [(os.dup(root_fd), "")]
    truncated = False
    try:
        while stack:
            fd, prefix = stack.pop()
            try:
                with os.scandir(fd) as entries:
                    for entry in entries:
                        seen += 1
                        if seen > MAX_SCAN_ENTRIES:
                            truncated = True
                            break
                        rel = prefix + entry.name
                        if entry.is_symlink():
                            links.append(rel)
                        elif entry.is_dir(follow_symlinks=False) and entry.name not in SKIP_DIRS:
                            try:
                                stack.append((os.open(entry.name, _O_DIR, dir_fd=fd), rel + "/"))
                            except OSError:
                                continue
            except OSError:
                pass
            finally:
                os.close(fd)
            if truncated:
                break
    finally:
        for fd, _ in stack:
            os.close(fd)
    return sorted(links), truncated


def _listing(root: Path, directory: str, suffix: str) -> list[str]:
    """Relative names of the `suffix` entries of a directory of the layout (bounded, no link followed)."""
    try:
        fd = os.open(root / directory if directory else root, _O_DIR if directory else os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return []
    try:
        names = _names(fd, MAX_SCAN_ENTRIES)
    finally:
        os.close(fd)
    return sorted(f"{directory}/{n}" if directory else n for n in names if n.endswith(suffix))


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB".replace(".0 MiB", " MiB")
    if n >= 1 << 10:
        return f"{n / (1 << 10):.0f} KiB"
    return f"{n} bytes"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
