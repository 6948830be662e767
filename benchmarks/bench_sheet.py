"""How long writing an answer sheet takes, and that it grows linearly with what the sheet holds.

Sheets are written by tomlkit (grader/quiz/sheet.py). Built as one tomlkit document, a sheet
of 20,000 keys took minutes (each key added scans the document: quadratic); written key by
key it is linear. Prints CPU seconds for a sheet holding N and 4N keys a student added, and
their ratio (about 4 when linear, about 16 when quadratic), next to the machine's load; and the
CPU time of `grade quiz take`'s save (the student's sheet edited in place, comments kept).

    python benchmarks/bench_sheet.py [--keys 5000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from bench_grade import machine  # noqa: E402


def cpu_of(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=5000, help="keys a student added, for the smaller sheet")
    args = parser.parse_args()

    from grader.quiz import load_banks, render_sheet

    banks = load_banks(ROOT / "quizzes")
    bank = max(banks, key=lambda b: len(b.items))
    render_sheet(bank, "warm-up")
    print(machine())
    blank = min(cpu_of(lambda: render_sheet(bank, "s1")) for _ in range(5))
    print(f"blank sheet of {bank.id} ({len(bank.items)} questions): {blank * 1000:.1f} ms CPU")
    times = []
    for n in (args.keys, 4 * args.keys):
        extra = {f"note-{i}": f"kept {i}" for i in range(n)}
        times.append(cpu_of(lambda: render_sheet(bank, "s1", extra=extra)))
        print(f"sheet with {n:,} added keys: {times[-1]:.2f} s CPU")
    print(f"ratio 4x keys / 1x keys: {times[1] / times[0]:.1f} (linear: about 4)")
    previous = "# my own notes\n" + render_sheet(bank, "s1")
    first = bank.items[0].id
    save = min(cpu_of(lambda: render_sheet(bank, "s1", {first: "a"}, previous=previous)) for _ in range(5))
    print(f"take's save (sheet edited in place, comments kept): {save * 1000:.1f} ms CPU")


if __name__ == "__main__":
    main()
