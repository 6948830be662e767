"""Mistake signatures: a course's known mistakes, written as small variants of the reference.

Why: a failing check can say *that* a result is wrong, and `compare` can say how it
is shaped wrong; only the course knows which realistic bug produces exactly this
result ("dW and db are averages over the m examples: divide by m"). The course lists
such bugs per graded function in `solutions/mistakes/<module>.py` (hidden side, never
in a release), each a drop-in replacement of the reference function with one mistake:

    from deep_nn import linear_forward          # the reference module, by plain name
    from grader.exercise.mistakes import mistake

    @mistake("linear_backward", "no_1_over_m", "dW and db are averages over the m examples: divide by m.")
    def linear_backward(dZ, cache):
        ...

When a check of `f` fails, the student's last call of `f` in that check that returned
is replayed on the trusted side through each variant of `f` in file order (same
arguments, same seed); the first variant whose result the student's matches names the
mistake. A check that ends because `f` raised an ordinary error is replayed the same
way, and named by a variant that raises the same error. Only failures pay for this, so a correct submission costs nothing extra.
`grade validate` proves the catalogue (grader/validate.py).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib.util
import io
import pickle
import random
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

__all__ = ["Mistake", "MistakesFileError", "mistake", "load", "diagnose"]


@dataclass(frozen=True)
class Mistake:
    """One listed mistake of a graded function: the variant that makes it and what to tell the student."""

    function: str
    id: str
    message: str
    variant: Callable
    file: str = ""
    line: int = 0

    @property
    def key(self) -> str:
        """What a report carries: "<function>:<id>"."""
        return f"{self.function}:{self.id}"


class MistakesFileError(Exception):
    """A mistakes file that cannot be loaded: a grader problem, with file and line."""

    def __init__(self, message: str, path: Path, line: int | None = None):
        super().__init__(message)
        self.message, self.path, self.line = message, path, line


_UNBOUND = object()
_loading: list[list[Mistake]] = []  # one list per mistakes file being loaded (load() is not reentrant per file)


def mistake(function: str, id: str, message: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a variant of `function` with one known mistake.

    The same function name may be decorated again and again in one file: each
    decoration registers its own variant, in file order.
    """
    for label, value in (("function", function), ("id", id), ("message", message)):
        if not isinstance(value, str) or not value.strip():
            raise TypeError(f"@mistake(...): {label} must be a non-empty string, got {value!r}")

    def register(variant: Callable) -> Callable:
        if not callable(variant):
            raise TypeError(f"@mistake({function!r}, {id!r}, ...) must decorate a function")
        code = getattr(variant, "__code__", None)
        entry = Mistake(function=function, id=id, message=message.strip(), variant=variant,
                        file=getattr(code, "co_filename", ""), line=getattr(code, "co_firstlineno", 0))
        if _loading:
            _loading[-1].append(entry)
        # The file's global of that name keeps what it was bound to (the reference function
        # the file imported), so another variant that calls it gets the reference's, as in
        # the reference module; only the registry holds the variant.
        previous = sys._getframe(1).f_globals.get(getattr(variant, "__name__", ""), _UNBOUND)
        return variant if previous is _UNBOUND else previous

    return register


def load(path: Path, module: str) -> list[Mistake]:
    """The mistakes listed in `path`, in file order; MistakesFileError if it does not load.

    Call it where the course's reference modules and helpers import by plain name
    (suite.collect does, with the course's finder installed). The file runs as a
    private module, `_grader_mistakes_<module>`, never put in sys.modules, so it
    does not shadow the reference module of the same name.
    """
    path = Path(path)
    spec = importlib.util.spec_from_file_location(f"_grader_mistakes_{module}", path)
    if spec is None or spec.loader is None:
        raise MistakesFileError("mistakes file cannot be loaded", path)
    private = importlib.util.module_from_spec(spec)
    _loading.append([])
    try:
        spec.loader.exec_module(private)
    except SyntaxError as exc:
        raise MistakesFileError(f"mistakes file does not parse: {exc.msg}", path, exc.lineno) from None
    except (KeyboardInterrupt, SystemExit) as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise MistakesFileError("mistakes file calls sys.exit() while it is loaded", path, _line_in(exc, path)) from None
    except Exception as exc:  # noqa: BLE001 - any failure of course code is the course's problem, said with its line
        raise MistakesFileError(f"mistakes file could not be loaded: {type(exc).__name__}: {exc}", path, _line_in(exc, path)) from None
    finally:
        found = _loading.pop()
    return found


def _line_in(exc: BaseException, path: Path) -> int | None:
    """The last line of `path` in the exception's traceback (where the file went wrong)."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename) == path:
            line = frame.lineno
    return line


# What a variant gave on a call: (id(entry), digest of the call) -> (entry, its result, its error).
# A batch grades many students whose function fails the same public example (fixed arguments,
# fixed seed): replaying every variant of nn_model there costs about 0.6 CPU s each time, and a
# variant is a function of its arguments and seed. Only replays that could not depend on
# anything else are kept: seeded ones, and unseeded ones that drew nothing from the global
# generators. The entry is kept with its result, so its id is never another entry's meanwhile.
_replays: dict[tuple[int, bytes], tuple[Any, Any, tuple[str, str] | None]] = {}
MAX_REPLAYS = 128
MAX_KEPT_BYTES = 4 << 20  # arguments (pickled) or a result (its arrays) larger than this: replayed every time
MAX_TOTAL_BYTES = 32 << 20  # the kept results' arrays in all: a grading process stays small (128 x 4 MiB would not)
_kept_bytes = 0


def _digest(args: tuple, kwargs: dict, seed: Any) -> bytes | None:
    """sha256 of the call's arguments as sent and its seed; None when they cannot be pickled, or are large."""
    try:
        data = pickle.dumps((args, kwargs, seed), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - (recursion, an object pickle refuses): replayed, not kept
        return None
    return hashlib.sha256(data).digest() if len(data) <= MAX_KEPT_BYTES else None


def _size(value: Any, budget: int = MAX_KEPT_BYTES) -> int | None:
    """The bytes a variant's result holds in arrays, or None when that is more than `budget` (not kept)."""
    stack = [(value, 0)]
    total = 0
    while stack:
        item, level = stack.pop()
        if level > 16:
            return None
        if isinstance(item, np.ndarray):
            total += item.nbytes
        elif isinstance(item, dict):
            stack += [(v, level + 1) for v in item.values()]
        elif isinstance(item, (list, tuple)):
            stack += [(v, level + 1) for v in item]
        if total > budget or len(stack) > 100_000:
            return None
    return total


def _same_global_state(np_state: tuple, py_state: tuple) -> bool:
    """Whether NumPy's and Python's global generators are still in these states (nothing was drawn)."""
    now = np.random.get_state()
    return (random.getstate() == py_state and now[0] == np_state[0] and now[2:] == np_state[2:]
            and np.array_equal(now[1], np_state[1]))


def _replay(entry: Mistake, args: tuple, kwargs: dict, seed: Any) -> tuple[Any, tuple[str, str] | None, bool]:
    """(the variant's result, (error type, message) if it raised, whether the result depended on
    the global generators' state), on a deep copy of the arguments, with the check's generators
    left as they were."""
    call_args, call_kwargs = copy.deepcopy((args, kwargs))
    np_state, py_state = np.random.get_state(), random.getstate()
    expected: Any = None
    error: tuple[str, str] | None = None
    try:
        if seed is not None:
            np.random.seed(int(seed) % (1 << 32))
            random.seed(int(seed))
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            expected = entry.variant(*call_args, **call_kwargs)
    except Exception as exc:  # noqa: BLE001 - the variant's own error is what a raising student is matched on
        error = (type(exc).__name__, str(exc))
    finally:
        drew = seed is None and not _same_global_state(np_state, py_state)
        np.random.set_state(np_state)
        random.setstate(py_state)
    return expected, error, drew


def _keep(key: tuple[int, bytes], value: tuple, size: int) -> None:
    """Keep a replay's outcome, starting afresh when the count or the bytes kept would pass their bounds."""
    global _kept_bytes
    if len(_replays) >= MAX_REPLAYS or _kept_bytes + size > MAX_TOTAL_BYTES:
        forget_replays()
    _replays[key] = value
    _kept_bytes += size


def forget_replays() -> None:
    """Drop every kept replay outcome: a measurement of what replaying costs starts afresh with it
    (benchmarks/bench_batch.py, bench_floor.py), and the bounds start from nothing again."""
    global _kept_bytes
    _replays.clear()
    _kept_bytes = 0


def diagnose(record: Any, mistakes: list[Mistake]) -> Mistake | None:
    """The first of `mistakes` whose variant reproduces the student's call `record`, or None.

    `record` is a proxy.CallRecord: its arguments as sent, the seed of the view it went
    through, and either the decoded result (it returned) or the error it raised as
    (type, message). Each variant gets a deep copy of the arguments and, if the call was
    seeded, the same seed for NumPy's and Python's global generators (whose states are
    restored afterwards, so the check's own draws are not disturbed). A call that returned
    is matched by a variant that returns a close result; a call that raised, by a variant
    that raises the same type of error with the same message (a missing keepdims that
    breaks broadcasting, arguments passed in the wrong order). What a variant gave on the
    same arguments and seed earlier in this process is used again (`_replays`).
    """
    from .compare import expect_close

    try:
        args, kwargs = record.sent()
    except Exception:  # noqa: BLE001 - arguments that cannot be read again: nothing to replay
        return None
    raised = getattr(record, "raised", None)
    if not record.returned and raised is None:
        return None
    digest = _digest(args, kwargs, record.seed)
    for entry in mistakes:
        kept = _replays.get((id(entry), digest)) if digest is not None else None
        if kept is not None and kept[0] is entry:
            expected, error = kept[1], kept[2]
        else:
            try:
                expected, error, drew = _replay(entry, args, kwargs, record.seed)
            except Exception:  # noqa: BLE001 - arguments that cannot be copied: nothing to replay
                return None
            size = _size(expected) if digest is not None and not drew else None
            if size is not None:
                _keep((id(entry), digest), (entry, expected, error), size)
        if not record.returned:
            if error is not None and tuple(raised) == error:
                return entry
            continue
        if error is not None:
            continue  # a variant that cannot run on these inputs is not this mistake
        try:
            expect_close(record.result, expected, record.function)
        except Exception:  # noqa: BLE001 - any difference (or a comparison that cannot be made): no match
            continue
        return entry
    return None


def named(message: str, entry: Mistake) -> str:
    """A failed check's message once a mistake is named: the mistake first, then the check's first line."""
    lines = message.strip().splitlines()
    first = lines[0].strip() if lines else ""
    return f"{entry.message} ({first})" if first else entry.message
