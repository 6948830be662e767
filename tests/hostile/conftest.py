"""Hostile submissions run against the engine tests' small course (tests/engine/fixtures)."""

from __future__ import annotations

import os
from pathlib import Path

COURSE = Path(__file__).resolve().parent.parent / "engine" / "fixtures" / "course"
SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
LIMITS = {"call_timeout": 1.0, "module_timeout": 20.0, "memory_mb": 512, "output_kb": 4}


def descendants(pid: int) -> set[int]:
    """Every live (not zombie) process below `pid`, from /proc."""
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:
                continue
            rest = stat[stat.rfind(b")") + 2 :].split()
            if rest[0] != b"Z":
                parents[int(name)] = int(rest[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found
