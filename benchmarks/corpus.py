"""Grade a fixed corpus of submissions and write one canonical report per submission.

Why: a change to the engine (how workers are started, how calls cross the boundary,
how checks are collected) must not change a single grade, message or named mistake.
This tool grades the same submissions, with the same student id (so the same seeds)
and the hidden checks, before and after such a change; `--compare` says what differs.

The corpus:
  reference/all         the reference solutions (solutions/*.py), all modules at once
  stubs/all             the stubs (exercises/*.py)
  faithful/<edition>    tests/faithful/edition_2021 and edition_2017 (as tests/test_faithful.py lays them out)
  mistakes/<module>-<id>  every mistake the course lists (solutions/mistakes/), laid out as
                        grader/validate.py does: the references, the variant appended to its module
  mutants/<module>-<name> every mutant of tests/mutants (the reference with the mutant appended),
                        graded in its own module, as tests/support.py does
  hostile/<name>        every submission of tests/hostile/submissions against the engine tests'
                        course, with the hostile tests' limits

A report holds every graded item (score, maximum, status, feedback, named mistake), the
check counts, and every check's outcome and message; nothing that depends on the clock
(seconds, call counts) is written.

    PYTHONPATH=. python3 benchmarks/corpus.py OUT_DIR [-k SUBSTRING] [-j 2]
    PYTHONPATH=. python3 benchmarks/corpus.py NEW_DIR --compare BASE_DIR [--strict]

A difference that only a time limit decided (an item timed out on one side) is shown
but not counted unless --strict: the same code graded twice under load differs there.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
STUDENT = "corpus-student-7"
HOSTILE_LIMITS = {"call_timeout": 1.0, "module_timeout": 20.0, "memory_mb": 512, "output_kb": 4}


# ---------------------------------------------------------------- the corpus

def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def corpus() -> list[tuple[str, Path, dict[str, str], dict]]:
    """(name, course root, {module: source}, grading options) of every submission."""
    from grader.course import load_course

    course = load_course(ROOT)
    names = [spec.name for spec in course.manifest.modules]
    references = {m: _read(course.reference_file(m)) for m in names if course.reference_file(m).is_file()}
    cases: list[tuple[str, Path, dict[str, str], dict]] = []
    cases.append(("reference/all", ROOT, dict(references), {}))
    cases.append(("stubs/all", ROOT, {m: _read(course.exercises_dir / f"{m}.py") for m in names}, {}))
    for edition in ("2021", "2017"):
        directory = TESTS / "faithful" / f"edition_{edition}"
        sources = {p.stem: _read(p) for p in sorted(directory.glob("*.py")) if p.stem in names}
        if edition == "2017":
            sources["deep_nn_application"] = _read(directory / "deep_nn_application_own_blocks.py")
        cases.append((f"faithful/{edition}", ROOT, sources, {}))
    cases += _mistakes(course, references)
    for path in sorted((TESTS / "mutants").glob("*/*.py")):
        if path.name.startswith("_"):
            continue
        module = path.parent.name
        source = references[module] + "\n\n# ---- mutant: " + path.stem + " ----\n" + _read(path)
        cases.append((f"mutants/{module}-{path.stem}", ROOT, {**references, module: source}, {"modules": [module]}))
    engine = TESTS / "engine" / "fixtures" / "course"
    sys.path.insert(0, str(TESTS))
    from engine_support import STANDALONE_STACK

    toy = _read(engine / "solutions" / "toy.py")
    for path in sorted((TESTS / "hostile" / "submissions").glob("*.py")):
        sources = {"toy": toy + "\n\n# ---- hostile ----\n" + _read(path), "stack": STANDALONE_STACK}
        cases.append((f"hostile/{path.stem}", engine, sources, {"limits": HOSTILE_LIMITS}))
    return cases


def _mistakes(course, references: dict[str, str]) -> list:
    """Every listed mistake as its own submission, laid out as grader/validate.py does."""
    from grader.harness.suite import suite_for
    from grader.validate import _variant_source

    suite = suite_for(course, include_hidden=True)
    cases = []
    for spec in course.manifest.modules:
        seen: set[str] = set()
        for entry in suite.mistakes.get(spec.name, []):
            if entry.key in seen or entry.function not in spec.functions:
                continue
            seen.add(entry.key)
            sources = dict(references)
            sources[spec.name] = references[spec.name] + "\n\n" + _variant_source(entry.variant)
            cases.append((f"mistakes/{spec.name}-{entry.key.replace(':', '-')}", ROOT, sources, {"modules": [spec.name]}))
    return cases


# ---------------------------------------------------------------- grading

def report(course, submission: Path, options: dict) -> dict:
    """The canonical report of one grading: items, check counts, every check's outcome."""
    from grader.harness.runner import run_exercises

    run = run_exercises(course, submission, student=STUDENT, hidden=True, **options)
    return {
        "items": [item.model_dump(mode="json") for item in run.items],
        "checks": {module: vars(count) for module, count in sorted(run.checks.items())},
        "outcomes": sorted(
            [{"check": c.name, "module": c.module, "function": c.function, "points": c.points, "hidden": c.hidden,
              "run": c.run, "reason": c.reason, "outcome": c.outcome, "message": c.message,
              "mistake": getattr(c.mistake, "key", None)} for c in run.outcomes],
            key=lambda c: (c["module"], c["check"])),
    }


def grade_all(out: Path, only: str | None, jobs: int) -> int:
    from grader.course import load_course
    from grader.submission import write_modules

    cases = [c for c in corpus() if only is None or only in c[0]]
    out.mkdir(parents=True, exist_ok=True)
    shares = [cases[i::jobs] for i in range(jobs)]
    children = []
    for share in shares[1:]:
        pid = os.fork()
        if pid == 0:
            os._exit(_grade_share(share, out, load_course, write_modules))
        children.append(pid)
    failures = _grade_share(shares[0], out, load_course, write_modules)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        failures += os.waitstatus_to_exitcode(status)
    print(f"{len(cases)} submissions graded into {out}", file=sys.stderr)
    return 1 if failures else 0


def _grade_share(share, out: Path, load_course, write_modules) -> int:
    courses: dict[Path, object] = {}
    failures = 0
    with tempfile.TemporaryDirectory(prefix="grade-corpus-") as tmp:
        for i, (name, root, sources, options) in enumerate(share):
            course = courses.setdefault(root, load_course(root))
            started = time.perf_counter()
            submission = write_modules(Path(tmp) / f"s{i}", sources)
            try:
                data = report(course, submission, options)
            except Exception as exc:  # noqa: BLE001 - a grader failure is a result to compare too
                data = {"grader_error": f"{type(exc).__name__}: {exc}"}
                failures += 1
            target = out / f"{name}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"{name}: {time.perf_counter() - started:.2f} s", file=sys.stderr, flush=True)
    return min(failures, 1)


# ---------------------------------------------------------------- comparing

def compare(new: Path, base: Path, strict: bool = False) -> int:
    """Print every difference between two corpus directories; 1 if there is any.

    A report whose differing items all timed out on one side or the other is counted
    apart, as decided by the clock: a call at its time limit ends one way or another with
    the machine's load (the same code graded twice on a busy machine differs there too).
    `strict` counts those as differences as well.
    """
    names = lambda d: {str(p.relative_to(d)) for p in d.rglob("*.json")}  # noqa: E731
    ours, theirs = names(new), names(base)
    differences = timing = 0
    for name in sorted(theirs - ours):
        print(f"missing from {new}: {name}")
        differences += 1
    for name in sorted(ours - theirs):
        print(f"not in {base}: {name}")
        differences += 1
    for name in sorted(ours & theirs):
        a, b = (base / name).read_text(encoding="utf-8"), (new / name).read_text(encoding="utf-8")
        if a == b:
            continue
        clock = not strict and _decided_by_the_clock(json.loads(a), json.loads(b))
        if clock:
            timing += 1
        else:
            differences += 1
        print(f"--- {name}" + (" (decided by a time limit: not counted)" if clock else ""))
        sys.stdout.writelines(difflib.unified_diff(a.splitlines(True), b.splitlines(True), str(base / name), str(new / name), n=2))
    print(f"{len(ours & theirs)} reports compared, {differences} differ or are missing"
          + (f", {timing} more differ only where a time limit decided" if timing else ""))
    return 1 if differences else 0


def _decided_by_the_clock(a: dict, b: dict) -> bool:
    """Whether every item that differs timed out on one side (and nothing else differs)."""
    items_a = {i["id"]: i for i in a.get("items", [])}
    items_b = {i["id"]: i for i in b.get("items", [])}
    if set(items_a) != set(items_b) or a.get("checks") != b.get("checks"):
        return False
    differing = [k for k in items_a if items_a[k] != items_b[k]]
    if not differing:
        return False
    timed_out = lambda item: item["status"] == "timeout" or "timed out" in item["feedback"]  # noqa: E731
    return all(timed_out(items_a[k]) or timed_out(items_b[k]) for k in differing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out", type=Path, help="directory of the reports (written, or compared with --compare)")
    parser.add_argument("--compare", type=Path, metavar="BASE", help="compare OUT with the reports in BASE instead of grading")
    parser.add_argument("--strict", action="store_true", help="with --compare: count differences decided by a time limit too")
    parser.add_argument("-k", dest="only", help="grade only the submissions whose name contains this")
    parser.add_argument("-j", dest="jobs", type=int, default=1, help="grading processes (default 1)")
    args = parser.parse_args(argv)
    if args.compare is not None:
        return compare(args.out, args.compare, args.strict)
    return grade_all(args.out, args.only, max(1, args.jobs))


if __name__ == "__main__":
    sys.exit(main())
