"""What pytest collected, kept on disk as plain JSON under a hash of the course's files.

Where: `$GRADER_CACHE_DIR/checks/`, else `$XDG_CACHE_HOME/nndl-grader/checks/`, else
`~/.cache/nndl-grader/checks/`: the user's cache, never the course directory, which
may be read-only (a Gradescope image, an installed release) and is shared by every
student of a release. One file per content hash, `<hash>.json`; the newest
MAX_ENTRIES are kept. A directory that cannot be written means no cache, never an
error: pytest then collects in every fresh process, as it always did.

Trust: the file's name and the key inside it must both be the hash of what is on
disk now (every file the collection read, the engine code that decides what is
collected, the Python version); a file that is not valid JSON of the expected shape,
or whose checks do not resolve to functions declaring the same graded function and
points (grader.checks), is ignored and pytest collects again. What the cache holds
decides only where a check is and how it is called: the check's code, its points
and function are always read from the imported modules.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from grader import usercache

FORMAT = 1
MAX_ENTRIES = 32
_ENGINE = ("suite.py", "checkcache.py", "plugin.py", "checkrun.py", "vectorisation.py", "../checks/_metadata.py")


def directory() -> Path:
    return Path(usercache.folder("checks"))


def key(root: Path, sources: list[Path], include_hidden: bool) -> str:
    """The hash of everything a collection depends on: the files' contents and places, the engine, Python."""
    digest = hashlib.sha256(f"grader-checks {FORMAT} {sys.version_info[:3]} {include_hidden}\0".encode())
    here = Path(__file__).resolve().parent
    for name in _ENGINE:
        digest.update(_read(here / name))
    root = Path(root).resolve()
    for path in sources:
        path = Path(path)
        try:
            place = path.resolve().relative_to(root).as_posix()
        except ValueError:
            place = str(path.resolve())
        digest.update(b"\0file\0" + place.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(_read(path))
    return digest.hexdigest()


def _read(path: Path) -> bytes:
    try:
        return b"+" + path.read_bytes()
    except OSError:
        return b"-"  # missing (or unreadable): a different key from any content


def read(want: str) -> dict | None:
    """The entry stored under `want`, or None (absent, unreadable, corrupt, or of another key)."""
    try:
        data = json.loads((directory() / f"{want}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != want:
        return None
    files, checks = data.get("files"), data.get("checks")
    if not isinstance(files, list) or not isinstance(checks, list):
        return None
    if not all(isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f) for f in files):
        return None
    if not all(isinstance(c, dict) for c in checks):
        return None
    return data


def write(at: str, entry: dict) -> None:
    """Keep `entry` under `at` (a new file renamed into place); any failure just means no cache."""
    folder = directory()
    try:
        usercache.put(folder / f"{at}.json", json.dumps({"format": FORMAT, "key": at, **entry}, sort_keys=True))
        _prune(folder)
    except (OSError, TypeError, ValueError):
        return


def _prune(folder: Path) -> None:
    entries = []
    for path in folder.glob("*.json"):
        try:
            entries.append((path.stat().st_mtime, path))
        except OSError:
            continue
    for _, path in sorted(entries, reverse=True)[MAX_ENTRIES:]:
        try:
            path.unlink()
        except OSError:
            pass


def module_name(root: Path, path: Path) -> tuple[str, str]:
    """(the name pytest's importlib mode gives a check file, its path relative to the course)."""
    relative = Path(path).resolve().relative_to(Path(root).resolve())
    return ".".join(relative.with_suffix("").parts), relative.as_posix()


# ====================================================================== one check

def _declared(func: Any, cls: type | None) -> tuple[str | None, float]:
    """(function, points) as grader.checks declarations give them: the function's own, then its class's."""
    from grader.checks import spec_of

    own, outer = spec_of(func), spec_of(cls) if cls is not None else None
    function = next((s.function for s in (own, outer) if s is not None and s.function is not None), None)
    points = next((s.points for s in (own, outer) if s is not None and s.points is not None), None)
    return function, 1.0 if points is None else points


def where_of(item, course, check, params: dict) -> tuple[dict, str]:
    """(how to find and call this pytest item again without pytest, "") or ({}, why it cannot be kept)."""
    from grader.checks import spec_of

    if item.get_closest_marker("function") is not None or item.get_closest_marker("points") is not None:
        return {}, f"{item.nodeid} is marked with pytest markers, not grader.checks"
    module = getattr(item, "module", None)
    cls = getattr(item, "cls", None)
    obj = getattr(item, "obj", None)
    func = getattr(obj, "__func__", obj)
    try:
        name, relative = module_name(course.root, Path(str(item.path)))
    except ValueError:
        return {}, f"{item.nodeid} is outside the course"
    if module is None or module.__name__ != name:
        return {}, f"{item.nodeid} was imported under another name"
    method = getattr(item, "originalname", item.name)
    qualname = cls.__qualname__ if cls is not None else method
    try:
        found = _resolve(module, qualname)
    except AttributeError:
        return {}, f"{item.nodeid} cannot be found again by its name"
    if (cls is not None and found is not cls) or (cls is None and found is not obj):
        return {}, f"{item.nodeid} cannot be found again by its name"
    if _declared(func, cls) != (check.function, check.points):
        return {}, f"{item.nodeid} declares its function or points in a way the engine cannot read"
    refs = {}
    for argname, value in params.items():
        ref = None
        for owner, spec in (("function", spec_of(func)), ("class", spec_of(cls) if cls is not None else None)):
            for k, entry in enumerate(spec.parametrize if spec is not None else ()):
                if argname in entry.argnames:
                    index = next((i for i in range(len(entry.cases)) if entry.value(argname, i) is value), None)
                    if index is not None:
                        ref = [owner, k, index]
                    break
            if ref is not None:
                break
        if ref is None:
            return {}, f"{item.nodeid} is parametrized by pytest, not grader.checks"
        refs[argname] = ref
    from .checkrun import argnames_of

    return {
        "nodeid": item.nodeid, "name": item.name, "file": [name, relative], "qualname": qualname,
        "method": method if cls is not None else None, "argnames": list(argnames_of(item)), "params": refs,
        "function": check.function, "points": check.points,
    }, ""


def _resolve(module: Any, qualname: str) -> Any:
    found = module
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


def collectable(module: Any) -> int:
    """How many checks pytest's rules find in `module` (test* functions, test* methods of Test* classes,
    each once per parametrize case): a cache entry must list exactly as many, so none is dropped or added."""
    import inspect

    from grader.checks import spec_of

    def cases(*owners) -> int:
        n = 1
        for owner in owners:
            spec = spec_of(owner) if owner is not None else None
            for entry in spec.parametrize if spec is not None else ():
                n *= len(entry.cases)
        return n

    count = 0
    for name, obj in list(vars(module).items()):
        if name.startswith("test") and inspect.isfunction(obj):
            count += cases(obj)
        elif name.startswith("Test") and inspect.isclass(obj) and "__init__" not in vars(obj):
            for method_name in dir(obj):
                method = inspect.getattr_static(obj, method_name)
                method = method.__func__ if isinstance(method, (staticmethod, classmethod)) else method
                if method_name.startswith("test") and inspect.isfunction(method):
                    count += cases(method, obj)
    return count


def counts_agree(entries: list[dict], modules: dict) -> bool:
    """Whether `entries` (one per check) hold, module by module, as many checks as the modules define, none twice."""
    if len({e["nodeid"] for e in entries}) != len(entries):
        return False
    per_module: dict[str, int] = {}
    for entry in entries:
        per_module[entry["file"][0]] = per_module.get(entry["file"][0], 0) + 1
    return all(per_module.get(name, 0) == collectable(module) for name, module in modules.items())


def rebuild(course, where: dict, modules: dict) -> Any:
    """The suite.CollectedCheck that `where` describes, from the freshly imported `modules`; raises if it does not fit."""
    from grader.checks import spec_of

    from .checkrun import Check, CollectedCheck, module_of_check
    from .vectorisation import kind_of

    name, relative = where["file"]
    module = modules[name]
    found = _resolve(module, where["qualname"])
    method = where["method"]
    cls = found if method is not None else None
    func = getattr(cls, method) if cls is not None else found
    if not callable(func) or (cls is not None and not isinstance(cls, type)):
        raise ValueError("not a check")
    function, points = _declared(func, cls)
    if (function, points) != (where["function"], where["points"]):
        raise ValueError("declarations differ from the cache")
    params = {}
    for argname, (owner, k, index) in where["params"].items():
        spec = spec_of(func if owner == "function" else cls)
        params[argname] = spec.parametrize[k].value(argname, index)
    path = (course.root / relative).resolve()
    check = Check(nodeid=str(where["nodeid"]), name=str(where["name"]), module=module_of_check(path) or "",
                  function=function, points=points, hidden=path.parent == course.hidden_checks_dir.resolve(),
                  kind=kind_of(spec_of(func), spec_of(cls) if cls is not None else None))
    return CollectedCheck(check=check, path=path, func=None if cls is not None else func, cls=cls,
                          method=method if cls is not None else str(where["qualname"]),
                          argnames=tuple(str(a) for a in where["argnames"]), params=params, direct=True, where=where)
