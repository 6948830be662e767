"""Hostile submissions run against the engine tests' small course (tests/engine/fixtures)."""

from __future__ import annotations

from pathlib import Path

from engine_support import ENGINE_COURSE as COURSE  # noqa: F401  (the tests import it from here)

SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
LIMITS = {"call_timeout": 1.0, "module_timeout": 20.0, "memory_mb": 512, "output_kb": 4}
