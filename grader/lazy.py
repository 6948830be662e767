"""A package's face that loads its modules only when one of its names is used.

Why: every package declares in one table what it offers (pluggy's and pytest's small
re-exporting faces), yet `grade --help` must not pay for NumPy, pydantic or pytest,
and `import grader.sandbox` must not start importing the trusted side's processes.
One implementation, so the packages' faces behave alike (errors, `dir()`, caching).
"""

from __future__ import annotations

import importlib
import sys

TYPE_CHECKING = False  # typing costs ~7 ms to import, and `grade --help` passes through here
if TYPE_CHECKING:
    from typing import Any, Callable


def exports(package: str, table: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`, whose names live where `table` says.

    `table` maps a name to its module: a submodule of the package ("runner") or a full
    dotted name ("grader.sandbox.processes"). A name is imported on first use and then
    kept in the package, so the lookup happens once.
    """

    def __getattr__(name: str) -> Any:
        target = table.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(target if "." in target else f"{package}.{target}")
        value = getattr(module, name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(table))

    return __getattr__, __dir__
