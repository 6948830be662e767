"""Plain records of validated course data, and the cache that says which content was validated.

Why: pydantic validates course files (the manifest, quiz banks) with good messages, but
importing it and building its models costs a fresh `grade check` about 0.2 CPU s, every
time, for files that do not change between runs. So a course file is validated with
pydantic once per content hash (issue 15); after that the same data is built from the
parsed TOML as a `Record`: plain attributes, the same defaults and numeric coercions, no
pydantic. The pydantic schema stays the one authority on what is valid: content is only
marked as validated when the record built from the raw data equals, value for value and
type for type, the record built from the pydantic model (`Record.signature`); else that
content goes through pydantic every time.

What the cache holds is a marker per content hash, never the data: a tampered or
corrupt cache can make the grader skip validating a file, never change what a file
says (the data is always read from the course's own files). Where:
`$GRADER_CACHE_DIR/validated/`, else `$XDG_CACHE_HOME/nndl-grader/validated/`, else
`~/.cache/nndl-grader/validated/` (grader/usercache.py); a
directory that cannot be written means no cache, never an error.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterable

from grader import usercache

FORMAT = 1
MAX_ENTRIES = 64

# A field's kind: how a validated raw value becomes the attribute pydantic would give.
#   "any": as it is; "float": a float (pydantic turns a TOML integer into a float);
#   "int": an int; ("float", "dict"): a dict whose values are floats;
#   (RecordClass, "one" | "list" | "dict"): nested records.
Kind = Any


class ByFields:
    """Equal when of one type with equal fields, shown as `Type(field=value, ...)`: as the
    pydantic models these plain classes replace behaved (tests and tools compare results).
    A subclass names its fields in `FIELDS` (an iterable of names, or a dict keyed by them).
    """

    __slots__ = ()
    FIELDS: ClassVar[Iterable[str]] = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable data, like a pydantic model

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.FIELDS)})"


class Record(ByFields):
    """Validated data as plain attributes, with the parts of pydantic's interface the engine uses.

    Subclasses list their fields in `FIELDS`: name -> (kind, default factory). A record
    remembers which fields its data gave (`model_fields_set`), so `model_dump(exclude_unset=True)`
    gives what pydantic's would.
    """

    FIELDS: ClassVar[dict[str, tuple[Kind, Callable[[], Any]]]] = {}
    SCHEMA: ClassVar[tuple[str, str]] = ("", "")  # (module, class) of the pydantic model that validates it

    def __init__(self, **values: Any) -> None:
        unknown = set(values) - set(self.FIELDS)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        for name, (_, default) in self.FIELDS.items():
            object.__setattr__(self, name, values[name] if name in values else default())
        object.__setattr__(self, "_fields_set", frozenset(values))
        self._init_private()

    def _init_private(self) -> None:
        """Attributes that are not data (a bank's path and lines); none by default."""

    @property
    def model_fields_set(self) -> frozenset[str]:
        return self._fields_set  # type: ignore[attr-defined]

    # ------------------------------------------------------------ building

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Record":
        """The record of raw data that its pydantic schema accepted (the cache's fast path)."""
        values = {name: _convert(cls.FIELDS[name][0], value) for name, value in data.items() if name in cls.FIELDS}
        return cls(**values)

    @classmethod
    def from_model(cls, model: Any) -> "Record":
        """The record of a validated pydantic model (after a cache miss)."""
        values = {name: _from_model(cls.FIELDS[name][0], getattr(model, name)) for name in cls.FIELDS}
        record = cls(**values)
        object.__setattr__(record, "_fields_set", frozenset(model.model_fields_set))
        return record

    @classmethod
    def model_validate(cls, data: Any) -> "Record":
        """Validate `data` with the pydantic schema (imported now) and return the record: pydantic's errors as they were."""
        import importlib

        module, name = cls.SCHEMA
        return cls.from_model(getattr(importlib.import_module(module), name).model_validate(data))

    # ------------------------------------------------------------ reading

    def model_dump(self, *, exclude_unset: bool = False) -> dict[str, Any]:
        """The fields as plain data (nested records as dicts), like pydantic's model_dump."""
        out = {}
        for name, (kind, _) in self.FIELDS.items():
            if exclude_unset and name not in self._fields_set:  # type: ignore[attr-defined]
                continue
            out[name] = _dump(getattr(self, name), exclude_unset)
        return out

    def model_copy(self, *, update: dict[str, Any] | None = None) -> "Record":
        """A shallow copy with some fields replaced (pydantic's model_copy(update=...))."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        for name, value in (update or {}).items():
            if name not in self.FIELDS:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            object.__setattr__(copy, name, value)
        object.__setattr__(copy, "_fields_set", self._fields_set | frozenset(update or ()))  # type: ignore[attr-defined]
        return copy

    def signature(self) -> str:
        """Every value with its type, and which fields were given: equal only for the same validated data."""
        return repr(_signature(self))



def _convert(kind: Kind, value: Any) -> Any:
    if value is None:
        return None
    if kind == "float":
        return float(value)
    if kind == "int":
        return int(value)
    if kind == ("float", "dict"):
        return {k: float(v) for k, v in value.items()}
    if isinstance(kind, tuple):
        cls, how = kind
        return _each(how, value, cls.from_data)
    return value


def _from_model(kind: Kind, value: Any) -> Any:
    if value is None or not isinstance(kind, tuple) or kind[0] == "float":
        return value
    cls, how = kind
    return _each(how, value, cls.from_model)


def _each(how: str, value: Any, convert: Callable[[Any], Any]) -> Any:
    """`convert` applied as a field of this kind holds its records: one, a list, or a dict's values."""
    if how == "one":
        return convert(value)
    if how == "list":
        return [convert(v) for v in value]
    return {k: convert(v) for k, v in value.items()}


def _dump(value: Any, exclude_unset: bool) -> Any:
    if isinstance(value, Record):
        return value.model_dump(exclude_unset=exclude_unset)
    if isinstance(value, list):
        return [_dump(v, exclude_unset) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v, exclude_unset) for k, v in value.items()}
    return value


def _signature(value: Any) -> Any:
    if isinstance(value, Record):
        return (type(value).__name__, sorted(value.model_fields_set),
                [(n, _signature(getattr(value, n))) for n in value.FIELDS])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_signature(v) for v in value])
    if isinstance(value, dict):
        return ("dict", [(_signature(k), _signature(v)) for k, v in value.items()])
    return (type(value).__name__, repr(value))


# ====================================================================== which content was validated

def directory() -> Path:
    return Path(usercache.folder("validated"))


def content_key(kind: str, engine: Iterable[str], files: Iterable[tuple[str, bytes]]) -> str:
    """The hash of what a validation depends on: the engine's schema code, Python, and every file (name and bytes)."""
    digest = hashlib.sha256(f"grader-validated {FORMAT} {kind} {sys.version_info[:3]}\0".encode())
    for source in engine:
        try:
            digest.update(b"+" + Path(source).read_bytes())
        except OSError:
            digest.update(b"-")
    for name, data in files:
        digest.update(b"\0file\0" + name.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def was_validated(key: str) -> bool:
    """Whether content of this hash was validated (and its records checked) before."""
    try:
        return (directory() / key).read_text(encoding="ascii") == f"{FORMAT} {key}\n"
    except (OSError, ValueError):
        return False


def remember_validated(key: str) -> None:
    """Mark this content as validated; any failure just means no cache."""
    folder = directory()
    try:
        usercache.put(folder / key, f"{FORMAT} {key}\n", encoding="ascii")
        entries = []
        for path in folder.iterdir():
            if not path.name.startswith("."):
                try:
                    entries.append((path.stat().st_mtime, path))
                except OSError:
                    continue
        for _, path in sorted(entries, reverse=True)[MAX_ENTRIES:]:
            path.unlink(missing_ok=True)
    except (OSError, ValueError):
        return
