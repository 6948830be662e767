"""What a locked answer costs a student, and what brute-forcing a whole bank costs an attacker.

Targets (2-core machine): one local answer check under 0.3 s wall; the whole
bank of one student brute-forced (keys found, explanations opened) in at least
30 minutes using both cores. Run once, not as a test:

    python benchmarks/bench_lock.py [--students 20] [--runs 5]

How it measures and estimates (nothing here brute-forces the whole bank):

1. **One check.** Five real items (single, multiple, number, text, shape) are
   locked with the standard parameters; `LockedKey.check` is timed for a right and
   a wrong answer with the hash cache emptied first (wall median and max, CPU of
   both lanes). On a loaded machine the wall time shows the load; CPU per lane is
   what a check waits on two idle cores.
2. **Per-guess cost.** A guess is one slow hash, exactly what `check` pays: in
   format 3 both scrypt lanes (an attacker hashes candidate forms and compares
   tags; the explanation then opens for free). A check runs its two lanes in two
   threads, so it waits for one lane when two cores are free; an attacker gains
   nothing from that, as both cores are busy either way: one guess costs two
   lanes of CPU. Two processes hash whole guesses side by side for the measured
   throughput of both cores on this machine as it is; the idle-machine figure is
   CPU seconds per guess / 2 (= one lane's CPU).
3. **Answer spaces.** For each student (the test roster's ids) and each item, the
   candidates an attacker who reads the release would enumerate (`space` below):
   single: the choices; true/false: 2; multiple select: every non-empty set of
   choices, 2**n - 1 (format 1 locked each choice alone: n); text: the words the
   prompt offers ("one word: a, b or c"), else every word of the release's clear
   texts plus pairs of the prompt's words; shape: "()", "error" and every shape of
   rank 1-2 whose dimensions are 1, a number of the prompt, or a product of two or
   three of them; number: arithmetic on the prompt's numbers (a+b, a-b, a*b, a/b,
   products of three), else whole numbers counted up from 0, else the published
   grid from 0 in steps of the stored tags' span. An item whose key is not in its
   space, or needs more than 10**6 guesses, is counted as not falling.
   The exhaustive cost sums the spaces; the expected one counts half of each set
   (the key sits anywhere in it) and the exact position for counted numbers.
4. **Validation.** Three locked items (single, true/false, a 5-choice multiple
   select) are attacked for real by enumerating their spaces: the keys are found
   and the explanations open, in the number of guesses the model says.

The estimate is that sum times the per-guess cost. It is a model: a cleverer
attacker (who solves the arithmetic, or reads the concept) needs fewer guesses;
one with a poorer word list needs more or never finds a text key.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import re
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_grade import machine  # noqa: E402  (the machine line every benchmark prints)

CAP = 10**6
WORD = re.compile(r"[A-Za-z0-9_]+")
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# ====================================================================== answer spaces

def _numbers(text: str) -> list[float]:
    return sorted({float(x) for x in NUMBER.findall(text)})


def _ints(text: str) -> list[int]:
    return sorted({int(x) for x in _numbers(text) if x == int(x) and x >= 0})


def vocabulary(banks) -> set[str]:
    words: set[str] = set()
    for bank in banks:
        for item in bank.items:
            for text in (item.prompt, item.concept, *(item.choices or []), *item.hints):
                words |= {w.casefold() for w in WORD.findall(text)}
    return words


def space(prepared, vocab: set[str], whole_sets: bool = True) -> tuple[int, int | None]:
    """(candidates enumerated, guesses until the key is hit or None if it is not among them)."""
    from grader.quiz.lock import grid_for, number_key_forms
    from grader.quiz.text import format_shape, squash

    item, key, prompt = prepared.item, prepared.key, prepared.prompt
    if item.type in ("single", "truefalse"):
        n = len(item.choices) if item.type == "single" else 2
        return n, (n + 1) // 2
    if item.type == "multiple":
        n = 2 ** len(item.choices) - 1 if whole_sets else len(item.choices)
        return n, (n + 1) // 2
    if item.type == "text":
        offered = re.search(r"one word:\s*([^.?)]*)", prompt, re.I)
        if offered:
            candidates = {squash(w) for w in re.split(r",|\bor\b", offered.group(1)) if w.strip()}
        else:
            tokens = {w.casefold() for w in WORD.findall(prompt)}
            candidates = vocab | {a + b for a in tokens for b in tokens}
        n = len(candidates)
        return n, (n + 1) // 2 if squash(str(key)) in candidates else None
    if item.type == "shape":
        nums = _ints(prompt)
        dims = {1} | set(nums) | {a * b for a, b in itertools.combinations(nums, 2)} \
            | {math.prod(c) for c in itertools.combinations(nums, 3)}
        candidates = {"error", "()"} | {format_shape((a,)) for a in dims} | {format_shape((a, b)) for a in dims for b in dims}
        n = len(candidates)
        return n, (n + 1) // 2 if format_shape(key) in candidates else None
    if item.type == "number":
        k = float(key)
        nums = [0.0, 1.0, *_numbers(prompt)]
        arithmetic = set(nums)
        for a, b in itertools.product(nums, repeat=2):
            arithmetic |= {a + b, a - b, a * b} | ({a / b} if b else set())
        arithmetic |= {math.prod(c) for c in itertools.combinations(nums, 3)}
        if any(math.isclose(k, c, rel_tol=item.rel_tolerance, abs_tol=item.tolerance) for c in arithmetic):
            n = len(arithmetic)
            return n, (n + 1) // 2
        if k == int(k) and item.tolerance < 1:
            n = abs(int(k)) * (2 if k < 0 else 1) + 1
        else:
            grid = grid_for(item.tolerance, item.rel_tolerance)
            span = len(number_key_forms(grid, key, item.tolerance, item.rel_tolerance)) * max(item.tolerance, 1e-300)
            n = int(abs(k) / span) * (2 if k < 0 else 1) + 1
        return n, (n if n <= CAP else None)
    raise ValueError(item.type)


def bank_spaces(students: list[str], whole_sets: bool) -> dict:
    from grader.quiz import load_banks, prepare

    banks = load_banks(ROOT / "quizzes")
    vocab = vocabulary(banks)
    per_student = []
    per_item: dict[str, list[int]] = {}
    for student in students:
        exhaustive = expected = fallen = items = 0
        for bank in banks:
            for item in bank.items:
                items += 1
                n, hit = space(prepare(bank, item, student), vocab, whole_sets)
                if hit is None or n > CAP:
                    continue
                fallen += 1
                exhaustive += n
                expected += hit
                per_item.setdefault(f"{bank.id}.{item.id}", []).append(n)
        per_student.append((exhaustive, expected, fallen, items))
    return {"students": per_student, "items": per_item, "vocabulary": len(vocab)}


# ====================================================================== timings

def _hash_many(args: tuple[int, int, int, int, int, int]) -> float:
    """`count` whole guesses (every lane of each, one after the other) in one process."""
    n, r, p, lanes, count, seed = args
    from grader.quiz.lock import Kdf

    kdf = Kdf(n, r, p, lanes)
    started = time.perf_counter()
    for i in range(count):
        salt = b"attack %d %d" % (seed, i)
        kdf.combine(salt, [kdf.lane(salt, "guess", k) for k in range(lanes)])
    return time.perf_counter() - started


def per_guess(kdf, runs: int) -> dict:
    """A guess is every lane of one candidate: its CPU seconds (lanes one after the other in one process,
    as an attacker running one process per core does), and guesses per second with two processes side by side."""
    cpus = []
    for i in range(runs):
        c = cpu_seconds()
        _hash_many((kdf.n, kdf.r, kdf.p, kdf.lanes, 1, 100 + i))
        cpus.append(cpu_seconds() - c)
    count = max(3, runs)
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_hash_many, [(kdf.n, kdf.r, kdf.p, kdf.lanes, 1, s) for s in (0, 1)]))  # start both workers
        started = time.perf_counter()
        list(pool.map(_hash_many, [(kdf.n, kdf.r, kdf.p, kdf.lanes, count, s) for s in (2, 3)]))
        both = time.perf_counter() - started
    return {"cpu": statistics.median(cpus), "cpu_min": min(cpus), "two_cores_per_s": 2 * count / both}


SAMPLE = [("week2", "star-vs-dot"), ("week4", "hyperparameters"), ("week2", "logistic-loss"),
          ("week4", "cache-name"), ("week2", "dot-course-example"), ("week1", "brand-new-field"), ("week1", "why-took-off")]


def locked_sample(tmp: Path, kdf):
    """The SAMPLE items locked with `kdf`, as (instructor bank, locked bank) per quiz."""
    from grader.quiz import Bank, load_bank, load_banks
    from grader.quiz.lock import lock_bank

    out = {}
    for bank in load_banks(ROOT / "quizzes"):
        wanted = [i for q, i in SAMPLE if q == bank.id]
        if not wanted:
            continue
        small = Bank.model_validate({"id": bank.id, "title": bank.title, "week": bank.week,
                                     "items": [i.model_dump(exclude_unset=True) for i in bank.items if i.id in wanted]})
        text, _ = lock_bank(small, salt_hex="ab" * 16, kdf=kdf, workers=2)
        path = tmp / f"{bank.id}.toml"
        path.write_text(text, encoding="utf-8")
        out[bank.id] = (small, load_bank(path))
    return out


def time_checks(sample, runs: int) -> list[tuple[str, str, float, float, float]]:
    from grader.quiz import prepare
    from grader.quiz.lock import crypto
    from grader.quiz.lock.open import LockedKey

    student = "s001"
    rows = []
    for quiz_id, (bank, locked) in sample.items():
        for item, litem in zip(bank.items, locked.items):
            if item.id not in {"star-vs-dot", "hyperparameters", "logistic-loss", "cache-name", "dot-course-example"}:
                continue
            right = prepare(bank, item, student)
            lp = prepare(locked, litem, student)
            wrong = {"single": lambda: next(c for c in item.choices or [] if c != right.key),
                     "multiple": lambda: frozenset(list(item.choices or [])[:1]),
                     "number": lambda: float(right.key) + 0.37, "text": lambda: "weights",
                     "shape": lambda: (4, 1)}[item.type]()
            for label, answer in (("right", right.key), ("wrong", wrong)):
                walls, cpus = [], []
                for _ in range(runs):
                    crypto.clear_cache()
                    c, t = cpu_seconds(), time.perf_counter()
                    verdict = lp.key.check(lp, answer)  # type: ignore[union-attr]
                    walls.append(time.perf_counter() - t)
                    cpus.append(cpu_seconds() - c)
                assert isinstance(lp.key, LockedKey)
                assert (verdict.status == "passed") == (label == "right"), (item.id, label, verdict)
                if label == "right":
                    assert verdict.explanation, item.id
                rows.append((f"{quiz_id}.{item.id} ({item.type})", label, statistics.median(walls), max(walls),
                             statistics.median(cpus)))
    return rows


def attack_sample(sample) -> list[tuple[str, int, int, float]]:
    """Brute-force three locked items for real: (item, guesses, modelled space, seconds)."""
    from grader.quiz import prepare
    from grader.quiz.lock import answer_forms, crypto, unseal
    from grader.quiz.lock.crypto import tag_of, unwrap

    rows = []
    student = "s001"
    for quiz_id, (bank, locked) in sample.items():
        for item, litem in zip(bank.items, locked.items):
            if item.id not in {"star-vs-dot", "brand-new-field", "why-took-off"}:
                continue
            lp = prepare(locked, litem, student)
            key = lp.key
            lock = litem.lock_for(())
            if item.type == "single":
                candidates = list(item.choices or [])
            elif item.type == "truefalse":
                candidates = [True, False]
            else:
                choices = list(item.choices or [])
                candidates = [frozenset(c) for k in range(1, len(choices) + 1) for c in itertools.combinations(choices, k)]
            crypto.clear_cache()
            started = time.perf_counter()
            found = None
            for guesses, candidate in enumerate(candidates, 1):
                derived = key.header.params.derive(key.salt, answer_forms(item.type, candidate, None)[0])
                entry = next((e for e in lock.answers if e.tag == tag_of(derived)), None)
                if entry is not None:
                    found = unseal(lock.explanation, unwrap(derived, entry.wrap), key.salt)
                    break
            assert found and found == item.explanation, item.id
            rows.append((f"{quiz_id}.{item.id} ({item.type}, {len(item.choices or [True, False])} choices)",
                         guesses, len(candidates), time.perf_counter() - started))
    return rows


def minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def load() -> str:
    return "load %.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else "load unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import tempfile

    from grader.quiz.lock import STANDARD, Kdf

    print(machine())
    print(f"standard parameters (format 3): {STANDARD.lanes} lanes of scrypt n={STANDARD.n}, r={STANDARD.r}, "
          f"p={STANDARD.p} ({128 * STANDARD.r * STANDARD.n >> 20} MiB each), hashed at once in {STANDARD.lanes} threads\n")

    with tempfile.TemporaryDirectory() as tmp:
        sample = locked_sample(Path(tmp), STANDARD)
        print(f"1. one local answer check (hash cache emptied first), seconds [{load()}]:")
        checks = time_checks(sample, args.runs)
        for name, label, med, worst, cpu in checks:
            print(f"   {name:<48} {label:<5}  wall median {med:.3f}  max {worst:.3f}   CPU {cpu:.3f}")
        walls = [m for _, _, m, _, _ in checks]
        cpus = [c for *_, c in checks]
        lane_cpu = statistics.median(cpus) / STANDARD.lanes
        print(f"   => wall: median of medians {statistics.median(walls):.3f} s, worst median {max(walls):.3f} s, "
              f"worst single {max(w for _, _, _, w, _ in checks):.3f} s (target < 0.300)")
        print(f"   => CPU: {statistics.median(cpus):.3f} s per check, {lane_cpu:.3f} s per lane; on two idle cores a check "
              f"waits for one lane: ~{lane_cpu:.3f} s wall (+ thread start, HKDF: < 1 ms)\n")

        print(f"4. validation: three items attacked for real (standard parameters) [{load()}]")
        for name, guesses, n, seconds in attack_sample(sample):
            print(f"   {name:<55} found after {guesses:>3} of {n:>3} guesses in {seconds:.1f} s; explanation opened")
        print()

    kdfs = {"format 3": STANDARD, "format 2": Kdf(2**15, 8, 1, lanes=1), "format 1": Kdf(2**13, 8, 1, lanes=1)}
    costs = {name: per_guess(kdf, args.runs) for name, kdf in kdfs.items()}
    print(f"2. per-guess cost for an attacker (a guess = every lane of one candidate) [{load()}]")
    for name, c in costs.items():
        k = kdfs[name]
        print(f"   {name} ({k.lanes} lane{'s' if k.lanes > 1 else ''} of n={k.n}, r={k.r}): CPU {c['cpu']:.3f} s per guess "
              f"(min {c['cpu_min']:.3f}); both cores idle: {c['cpu'] / 2:.3f} s a guess; two processes on this machine "
              f"as loaded now: {c['two_cores_per_s']:.2f} guesses/s ({1 / c['two_cores_per_s']:.3f} s a guess)")
    print()

    students = [f"s{n:03d}" for n in range(1, args.students + 1)]
    print(f"3. answer spaces over {len(students)} students (the model in this file's docstring)")
    for fmt in ("format 3", "format 2", "format 1"):
        spaces = bank_spaces(students, whole_sets=fmt != "format 1")
        ex = [s[0] for s in spaces["students"]]
        expct = [s[1] for s in spaces["students"]]
        fallen = sorted({s[2] for s in spaces["students"]})
        items = spaces["students"][0][3]
        c = costs[fmt]
        idle = c["cpu"] / 2
        here = 1 / c["two_cores_per_s"]
        print(f"   {fmt}: items that fall {fallen} of {items}; guesses per student: exhaustive median "
              f"{statistics.median(ex):.0f} (min {min(ex)}, max {max(ex)}), expected median {statistics.median(expct):.0f}")
        print(f"      whole bank, both cores idle (CPU/2 = {idle * 1000:.0f} ms a guess): exhaustive "
              f"{minutes(statistics.median(ex) * idle)} (min {minutes(min(ex) * idle)}), average {minutes(statistics.median(expct) * idle)}")
        print(f"      whole bank, both cores of this machine as loaded now ({here * 1000:.0f} ms a guess): exhaustive "
              f"{minutes(statistics.median(ex) * here)}, average {minutes(statistics.median(expct) * here)}")
        if fmt == "format 3":
            top = sorted(spaces["items"].items(), key=lambda kv: -statistics.mean(kv[1]))[:8]
            print("      largest spaces (mean guesses): " + ", ".join(f"{k} {statistics.mean(v):.0f}" for k, v in top))
            print(f"      (vocabulary of the clear texts: {spaces['vocabulary']} words)")
            need = 1800 / statistics.median(ex)
            print(f"      30 min exhaustive on two idle cores needs {need:.3f} s of CPU per lane ({STANDARD.lanes} lanes); "
                  f"ceiling under a 0.3 s check (one lane of 0.3 s CPU): {minutes(statistics.median(ex) * 0.3 * STANDARD.lanes / 2)}")
    print(f"\n{load()}")


if __name__ == "__main__":
    main()
