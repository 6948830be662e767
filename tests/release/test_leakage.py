"""Nothing secret reaches a student release: a text search over every file it holds.

Secrets are the instructor's: reference solution bodies, hidden checks, answer
keys, explanations, `answer_expr`. What the instructor publishes on purpose
(stubs, provided helpers, public checks, the engine) is the *public corpus*: a
line that is there too is not a secret, whoever else also writes it.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from pathlib import Path

import pytest


ALLOWED = [
    r"pyproject\.toml", r"README\.md", r"\.gitignore",
    r"grader/(?:[a-z_][a-z0-9_]*/)*[a-z_][a-z0-9_]*\.py",
    r"exercises/manifest\.toml", r"exercises/[a-z_]+\.py", r"exercises/[a-z_]+\.ipynb", r"exercises/checks/[a-z_]+\.py",
    r"quizzes/[a-z0-9_-]+\.toml",
    r"answers/README\.md",  # answers/ exists for the student's sheets; it holds nothing else
]
TRIVIAL = re.compile(r"^(?:return|pass|else:|try:|finally:|continue|break|\)|\]|\}|\),|\],|\},|\"\"\"|''')$|^(?:import|from) ")


def normalise(line: str) -> str:
    return " ".join(line.split())


def release_files(out: Path) -> dict[str, str]:
    """{path: text} of every file; a notebook's text is its JSON followed by its cells' sources, line by line."""
    files = {}
    for p in sorted(out.rglob("*")):
        if p.is_file():
            text = p.read_text(encoding="utf-8", errors="replace")
            if p.suffix == ".ipynb":  # in the JSON a line of code is a quoted string: search the cells themselves too
                text += "\n" + "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
            files[p.relative_to(out).as_posix()] = text
    return files


def lines_of(text: str) -> set[str]:
    """Normalised lines, and for code the same lines without a trailing comment."""
    out = set()
    for line in text.splitlines():
        out.add(normalise(line))
        out.add(normalise(re.sub(r"\s+#.*$", "", line)))
    return out


def without_comments(source: str) -> str:
    """Python source with its comments blanked (positions kept)."""
    lines = source.splitlines(keepends=True)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            row, col = tok.start
            lines[row - 1] = lines[row - 1][:col] + "\n"
    return "".join(lines)


def public_corpus(root: Path, engine: Path) -> set[str]:
    found: set[str] = set()
    for base in (root / "exercises", engine):
        for path in base.rglob("*.py"):
            if "__pycache__" not in path.parts:
                found |= lines_of(path.read_text(encoding="utf-8"))
    found |= lines_of((root / "exercises" / "manifest.toml").read_text(encoding="utf-8"))
    return found


def public_text(root: Path, engine: Path) -> str:
    """The instructor's published files as one text (stubs, helpers, public checks, manifest, engine)."""
    paths = [*sorted((root / "exercises").rglob("*.py")), root / "exercises" / "manifest.toml", *sorted(engine.rglob("*.py"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths if "__pycache__" not in p.parts)


def solution_body_lines(root: Path) -> dict[str, str]:
    """Normalised lines of every function body of the reference solutions (no docstrings, no comments)."""
    secret: dict[str, str] = {}
    for path in sorted((root / "solutions").glob("*.py")):
        source = without_comments(path.read_text(encoding="utf-8"))
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                body = body[1:]
            for stmt in body:
                for n in range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1):
                    line = normalise(lines[n - 1])
                    if len(line) >= 8 and not TRIVIAL.search(line):
                        secret.setdefault(line, f"{path.name}:{n}")
    return secret


def hidden_check_lines(root: Path) -> dict[str, str]:
    secret: dict[str, str] = {}
    for path in sorted((root / "solutions" / "checks").glob("*.py")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = normalise(raw)
            if len(line) >= 16 and not TRIVIAL.search(line):
                secret.setdefault(line, f"checks/{path.name}:{n}")
    return secret


# ---------------------------------------------------------------- what the release holds

def test_release_holds_only_what_students_get(release, engine):
    out, summary = release
    files = sorted(release_files(out))
    assert files == summary.files
    strays = [f for f in files if not any(re.fullmatch(p, f) for p in ALLOWED)]
    assert not strays, f"files a release must not hold: {strays}"
    assert {"pyproject.toml", "README.md", ".gitignore", "exercises/manifest.toml"} <= set(files)
    for top in ("solutions", "tests", "docs", "benchmarks", "examples"):
        assert not (out / top).exists(), top
    assert [p.name for p in (out / "answers").iterdir()] == ["README.md"]  # no instructor's sheet
    assert not [f for f in files if "__pycache__" in f or f.endswith(".pyc")]
    for module in summary.modules:
        assert f"exercises/{module}.py" in files
        assert f"exercises/{module}.ipynb" in files
        assert f"exercises/checks/test_{module}.py" in files
    shipped = [f for f in files if f.startswith("grader/")]
    assert shipped == sorted(f"grader/{p.relative_to(engine).as_posix()}" for p in engine.rglob("*.py"))
    assert all((out / f).read_bytes() == (engine / f.removeprefix("grader/")).read_bytes() for f in shipped)


def line_leaks(out: Path, root: Path, engine: Path, secret_lines: dict[str, str]) -> list[str]:
    """Every line of a file in `out` that is one of the secret lines (public ones left out)."""
    public = public_corpus(root, engine)
    secret = {line: where for line, where in secret_lines.items() if line not in public}
    assert len(secret) > 100, "the search must have something to look for"
    leaks = []
    for rel, text in release_files(out).items():
        for line in sorted(lines_of(text) & set(secret)):
            leaks.append(f"{rel}: {line!r} (from solutions/{secret[line]})")
    return leaks


def test_no_line_of_a_reference_solution_body(release, course, engine):
    out, _ = release
    leaks = line_leaks(out, course.root, engine, solution_body_lines(course.root))
    assert not leaks, "\n".join(leaks[:20])


def test_no_hidden_check_content(release, course, engine):
    out, _ = release
    leaks = line_leaks(out, course.root, engine, hidden_check_lines(course.root))
    assert not leaks, "\n".join(leaks[:20])


def test_the_search_finds_planted_leaks(release, course, engine, tmp_path):
    """The searches are not vacuous: a solution, a hidden check and an explanation planted in a copy are found."""
    import shutil

    out, _ = release
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    with (copy / "grader" / "release" / "readme.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# planted\n" + (course.root / "solutions" / "shallow_nn.py").read_text(encoding="utf-8"))
    (copy / "exercises" / "checks" / "helpers_planted.py").write_text(
        (course.root / "solutions" / "checks" / "test_numpy_basics.py").read_text(encoding="utf-8"), encoding="utf-8")
    assert any("shallow_nn.py" in leak for leak in line_leaks(copy, course.root, engine, solution_body_lines(course.root)))
    notebook = copy / "exercises" / "deep_nn.ipynb"  # a solution inside a notebook's cell is found too
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"][-1]["source"] = (course.root / "solutions" / "deep_nn.py").read_text(encoding="utf-8").splitlines(keepends=True)
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    assert any(leak.startswith("exercises/deep_nn.ipynb:") and "deep_nn.py" in leak
               for leak in line_leaks(copy, course.root, engine, solution_body_lines(course.root)))
    assert any("test_numpy_basics.py" in leak for leak in line_leaks(copy, course.root, engine, hidden_check_lines(course.root)))


# ---------------------------------------------------------------- quiz banks

CLEAR = ("id", "type", "points", "prompt", "choices", "concept", "hints")
LOCKED = ("grid", "params", "let", "locks")
HEADER_COMMENTS = 5


def _release_bank(out: Path, quiz_id: str) -> tuple[str, dict]:
    import tomllib

    text = (out / "quizzes" / f"{quiz_id}.toml").read_text(encoding="utf-8")
    return text, tomllib.loads(text)


def test_bank_files_hold_clear_fields_and_locks_only(release, instructor_banks):
    """Comments are the fixed header; each item has the instructor's clear fields unchanged, and locks."""
    out, _ = release
    for quiz_id, bank in instructor_banks.items():
        text, data = _release_bank(out, quiz_id)
        comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
        assert len(comments) == HEADER_COMMENTS and text.startswith(comments[0]), comments
        assert set(data) == {"id", "title", "week", "lock", "items"}
        assert [i["id"] for i in data["items"]] == [i.id for i in bank.items]
        for item, raw in zip(bank.items, data["items"]):
            assert set(raw) <= set(CLEAR) | set(LOCKED), f"{quiz_id}.{item.id}: {sorted(set(raw) - set(CLEAR) - set(LOCKED))}"
            assert raw["prompt"] == item.prompt and raw["concept"] == item.concept
            assert raw.get("choices") == item.choices and raw.get("hints", []) == item.hints
            assert raw["points"] == item.points and raw["type"] == item.type
            locks = json.dumps([raw.get(k) for k in ("grid", "locks")])
            # the lock side is hex, base64 and small integers only
            strings = re.findall(r'"((?:[^"\\]|\\.)*)"', locks)
            keys = {"abs", "rel", "tolerance", "rel_tolerance", "variant", "answers", "tag", "wrap", "explanation"}
            assert all(s in keys or re.fullmatch(r"[0-9a-f]{32}|[0-9a-f]{64}|[A-Za-z0-9+/=]+", s) for s in strings), \
                f"{quiz_id}.{item.id}: unexpected text in its locks"


def _key_needles(item, key) -> list[str]:
    """How a key could be written down: the texts to look for."""
    from grader.quiz.text import format_number, format_shape

    if item.type == "single":
        return [key]
    if item.type == "multiple":
        return sorted(key)
    if item.type == "text":
        return [str(key), *item.accept]
    if item.type == "shape":
        if key == "error":
            return []
        return [format_shape(key), "[" + ", ".join(map(str, key)) + "]", "x".join(map(str, key))]
    if item.type == "number":
        return [format_number(key), repr(key)]
    return []


def test_no_answer_key_marks_the_right_answer(release, course, engine, instructor_banks):
    """A right choice (or text key) occurs in its bank only as often as the clear texts hold it, and nowhere else.

    With test_bank_files_hold_clear_fields_and_locks_only (the parsed bank is the
    instructor's clear fields plus hex/base64 locks, and the only comments are the
    fixed header) this covers every key, numbers and shapes included.
    """
    from grader.quiz.variants import compute_key

    out, _ = release
    files = release_files(out)
    others = {rel: text for rel, text in files.items() if not rel.startswith("quizzes/")}
    public = public_text(course.root, engine)
    checked = 0
    for quiz_id, bank in instructor_banks.items():
        text, data = _release_bank(out, quiz_id)
        for item, raw in zip(bank.items, data["items"]):
            if item.is_template:
                continue
            key = compute_key(item, {})
            clear = json.dumps([raw.get(k) for k in ("grid", "locks")], ensure_ascii=False)
            for needle in _key_needles(item, key):
                assert needle not in clear or needle.isdigit(), f"{quiz_id}.{item.id}: {needle!r} in its locks"
                if item.type in ("single", "multiple", "text"):
                    assert text.count(_escaped(needle)) == _clear_count(bank, _escaped(needle)), f"{quiz_id}.{item.id}: {needle!r}"
                    checked += 1
                if len(needle) >= 15 and needle not in public:  # a phrase the stubs use anyway says nothing
                    for rel, other in others.items():
                        assert needle not in other, f"{rel} holds the key of {quiz_id}.{item.id}: {needle!r}"
    assert checked > 40


def _escaped(text: str) -> str:
    from grader.quiz.sheet import toml_string

    return toml_string(text)[1:-1]


def _clear_count(bank, needle: str) -> int:
    """How often `needle` occurs in the clear texts of `bank`, as TOML writes them."""
    from grader.quiz.lock import public_params
    from grader.quiz.sheet import toml_string, toml_value

    texts = [toml_string(bank.id), toml_string(bank.title)]
    for item in bank.items:
        texts += [toml_string(t) for t in [item.id, item.prompt, item.concept, *(item.choices or []), *item.hints]]
        if item.is_template:
            params, lets = public_params(item)
            texts += [toml_value(p) for p in params.values()] + [toml_string(t) for t in lets.values()]
    return sum(t.count(needle) for t in texts)


def test_no_explanation_or_answer_expr_in_clear(release, course, engine, instructor_banks):
    out, _ = release
    files = release_files(out)
    clear_texts = " ".join(t for b in instructor_banks.values() for i in b.items
                           for t in [i.prompt, i.concept, *(i.choices or []), *i.hints])
    checked = exprs = 0
    public = public_text(course.root, engine)
    for bank in instructor_banks.values():
        for item in bank.items:
            for chunk in re.split(r"\{[^{}]*\}", item.explanation):
                for sentence in re.split(r"(?<=[.;:!?])\s+", chunk):
                    sentence = sentence.strip()
                    if len(sentence) < 20 or sentence in clear_texts or sentence in public:
                        continue
                    checked += 1
                    for rel, text in files.items():
                        assert sentence not in text, f"{rel} holds the explanation of {bank.id}.{item.id}: {sentence!r}"
            if item.answer_expr:  # a short one ("case[1]") may also be a placeholder of some prompt: count
                found = sum(text.count(item.answer_expr) for text in files.values())
                allowed = sum(_clear_count(b, item.answer_expr) for b in instructor_banks.values()) + public.count(item.answer_expr)
                assert found == allowed, f"answer_expr of {bank.id}.{item.id} ({item.answer_expr!r}) is in the release"
                exprs += 1
            for expr in item.let.values():
                assert all(expr not in text for text in files.values())
    assert checked > 60 and exprs == sum(1 for b in instructor_banks.values() for i in b.items if i.answer_expr)
    for rel, text in files.items():
        if rel.startswith("quizzes/"):
            for field in ("answer", "answer_expr", "accept", "tolerance", "rel_tolerance"):
                assert not re.search(rf"(?m)^\s*{field}\s*=", text), f"{rel}: {field}"


def test_template_parameters_do_not_carry_the_answer(release, instructor_banks, roster):
    """Parameters the prompt does not show (like the answer column of a `case` table) are not shipped."""
    from grader.quiz import prepare

    out, _ = release
    checked = 0
    for quiz_id, bank in instructor_banks.items():
        _, data = _release_bank(out, quiz_id)
        for item, raw in zip(bank.items, data["items"]):
            if not item.is_template or item.type not in ("text", "single"):
                continue
            params = json.dumps(raw.get("params", {}), ensure_ascii=False)
            for student in roster:
                key = str(prepare(bank, item, student).key)
                assert json.dumps(key, ensure_ascii=False) not in params, f"{quiz_id}.{item.id}: {key!r} in its params"
                checked += 1
    assert checked >= 60


def test_the_same_inputs_give_a_byte_identical_release(release, course, test_kdf, tmp_path, roster, engine):
    from grader.release import build_release

    out, again = tmp_path / "first", tmp_path / "again"
    build_release(course, out, roster=roster, kdf=test_kdf, workers=1, engine=engine)
    build_release(course, again, roster=list(reversed(roster)), kdf=test_kdf, workers=2, check_course=False, engine=engine)
    first, second = release_files(out), release_files(again)
    assert sorted(first) == sorted(second)
    for rel in first:
        assert (out / rel).read_bytes() == (again / rel).read_bytes(), rel
    other = tmp_path / "secret"
    build_release(course, other, roster=roster, kdf=test_kdf, secret="s3cret", workers=1, check_course=False, engine=engine)
    changed = sorted(rel for rel in first if (out / rel).read_bytes() != (other / rel).read_bytes())
    assert changed == sorted(f for f in first if f.startswith("quizzes/")), "a secret changes the salt, hence every lock, and nothing else"


@pytest.mark.parametrize("needle", ["solutions/", "answer_expr"])
def test_readme_talks_to_students(release, needle):
    out, _ = release
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "pip install -e ." in readme and "grade quiz take" in readme and "grade hint" in readme
    assert "can be \"solved\" by trying every answer" in readme and "grade that counts" in readme
    assert needle not in readme
    assert "grade --student" not in readme  # --student belongs to the subcommands
