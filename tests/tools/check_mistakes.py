"""Is every listed mistake caught by the hidden checks, and charged to its own function only?

    PYTHONPATH=$PWD python3 tests/tools/check_mistakes.py [MODULE ...] [--only FUNCTION[:ID]] [--student ID ...]
        [--course DIR]

For every variant in solutions/mistakes/<module>.py this builds the submission that
`grade validate` will build ("reference module source + the variant's source with its
@mistake decorator removed", every other module the reference), grades it with the
hidden checks through the real engine (tests/support.py's grade_modules) and prints:
whether the target function lost points, its feedback, and any OTHER function that lost
points (blame isolation: there must be none). Exit status 1 if a variant is not caught
or is charged elsewhere.

It does not need the engine's grader.exercise.mistakes: a stand-in module whose
`mistake` decorator records (function, id, message, func) is installed in sys.modules
before a catalogue is imported.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import builtins
import inspect
import symtable
import sys
import tempfile
import textwrap
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import support  # noqa: E402

MODULES = ("numpy_basics", "logistic_regression", "shallow_nn", "deep_nn", "deep_nn_application")


class Variant:
    def __init__(self, module, function, id, message, func):
        self.module, self.function, self.id, self.message, self.func = module, function, id, message, func

    @property
    def name(self):
        return f"{self.module}.{self.function}:{self.id}"

    def source(self) -> str:
        """The variant's source without its decorator line(s), as validate will append it."""
        text = textwrap.dedent(inspect.getsource(self.func))
        node = ast.parse(text).body[0]
        return "\n".join(text.splitlines()[node.lineno - 1:]) + "\n"


def _stand_in_mistakes_module(found: list):
    module = types.ModuleType("grader.exercise.mistakes")

    def mistake(function, id, message):
        def register(func):
            found.append((function, id, message, func))
            return func
        return register

    module.mistake = mistake
    return module


def _global_names(source: str) -> set[str]:
    """The global names a function's source reads (its own, and those of functions nested in it)."""
    names, tables = set(), [symtable.symtable(source, "<variant>", "exec").get_children()[0]]
    while tables:
        table = tables.pop()
        names |= {sym.get_name() for sym in table.get_symbols() if sym.is_global() and sym.is_referenced()}
        tables.extend(table.get_children())
    return names


def load_catalogue(module: str) -> list[Variant]:
    path = ROOT / "solutions" / "mistakes" / f"{module}.py"  # this catalogue, even when grading against --course
    found: list = []
    sys.modules["grader.exercise.mistakes"] = _stand_in_mistakes_module(found)
    for where in (support.ROOT / "solutions", support.ROOT / "exercises"):  # references and provided helpers, by plain name
        if str(where) not in sys.path:
            sys.path.insert(0, str(where))
    spec = importlib.util.spec_from_file_location(f"_mistakes_{module}", path)
    catalogue = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(catalogue)
    variants = [Variant(module, *entry) for entry in found]
    ids = [(v.function, v.id) for v in variants]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"{module}: ids used twice: {duplicates}"
    functions = support.course_functions(module)
    # Run on the trusted side, a variant finds its callees in the catalogue's globals: every
    # graded name there must be the reference function again, not the last variant defined.
    reference = importlib.import_module(module)
    rebound = [fn for fn in functions if getattr(catalogue, fn, None) is not getattr(reference, fn, None)]
    assert not rebound, f"{module}: after the catalogue, {rebound} are not the reference functions (import them again at its end)"
    for v in variants:
        missing = sorted(name for name in _global_names(v.source()) if not hasattr(reference, name) and not hasattr(builtins, name))
        assert not missing, f"{v.name} uses {missing}, which the reference module neither defines nor imports"
        assert v.function in functions, f"{v.name}: {v.function} is not a graded function of {module}"
        assert v.func.__name__ == v.function, f"{v.name}: the variant is called {v.func.__name__}"
    return variants


def grade_variant(variant: Variant, student: str, tmp: Path):
    modules = {m: support.reference_source(m) for m in MODULES}
    modules[variant.module] = (support.reference_source(variant.module)
                               + f"\n\n# ---- mistake: {variant.function}:{variant.id} ----\n" + variant.source())
    submission = support.write_submission(tmp / "submission", modules)
    results = support.grade_modules(submission, [variant.module], student=student)
    return {fn: results[f"{variant.module}.{fn}"] for fn in support.course_functions(variant.module)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES))
    parser.add_argument("--only", action="append", default=[], help="FUNCTION or FUNCTION:ID")
    parser.add_argument("--student", action="append", default=[], help="grade as this student (repeatable)")
    parser.add_argument("--list", action="store_true", help="only list the variants")
    parser.add_argument("--course", type=Path, help="grade this catalogue against another copy of the course (its references, checks and manifest)")
    args = parser.parse_args(argv)
    if args.course:  # tests/support.py reads its ROOT at each call
        support.ROOT = args.course.resolve()
    students = args.student or ["tester"]

    bad = 0
    counts = {}
    for module in args.modules:
        variants = load_catalogue(module)
        counts[module] = len(variants)
        for v in variants:
            if args.only and not any(o in (v.function, f"{v.function}:{v.id}") for o in args.only):
                continue
            if args.list:
                print(f"{v.name}: {v.message}")
                continue
            for student in students:
                with tempfile.TemporaryDirectory() as tmp:
                    items = grade_variant(v, student, Path(tmp))
                target = items[v.function]
                caught = target.score < target.max_score
                elsewhere = [f"{fn} {it.score:g}/{it.max_score:g}" for fn, it in items.items()
                             if fn != v.function and it.score < it.max_score]
                verdict = ("CAUGHT" if caught else "NOT CAUGHT") + (" CHARGED ELSEWHERE" if elsewhere else "")
                bad += (not caught) or bool(elsewhere)
                print(f"{verdict:8} {v.name} [{student}] {target.score:g}/{target.max_score:g} {target.status}")
                print(f"    message : {v.message}")
                print(f"    feedback: {target.feedback[:400]!r}")
                if elsewhere:
                    print(f"    elsewhere: {', '.join(elsewhere)}")
                sys.stdout.flush()
    print("variants:", ", ".join(f"{m} {n}" for m, n in counts.items()), f"(total {sum(counts.values())})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
