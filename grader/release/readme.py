"""The README.md of a student release (a template filled in by `grade release`).

It is kept as a Python string so it ships inside the package whether the engine
is installed editable or not.
"""

from __future__ import annotations

from string import Template

# answers/README.md, in a release and in the instructor's course: the directory must exist (a
# shell's `> answers/week3.toml` does not make it) and say what goes in it.
ANSWERS_README = """\
# Your answer sheets

One TOML file per quiz goes here: `answers/<quiz>.toml` (for example `answers/week3.toml`).
`grade` grades every sheet in this directory.

```sh
grade quiz list                                # the quizzes
grade quiz take week3                          # answer in the terminal; saves answers/week3.toml
grade quiz sheet week3 > answers/week3.toml    # or a blank sheet to fill in with your editor
```

Add `--student YOUR_ID` to both if your instructor gave you an id: some questions are your own.
"""

STUDENT_README = Template("""\
# Your course workspace

This directory is your copy of the course's coding exercises and quizzes, with
`grade`, the program that checks them. Work here, run `grade` as often as you
like, and hand in the directory (your `exercises/*.ipynb` or `exercises/*.py`, and
`answers/*.toml`).

## Set up (once)

You need Python 3.11 or newer.

```sh
python3 -m venv .venv && . .venv/bin/activate    # a virtual environment: Debian's and Ubuntu's Python need one (PEP 668)
python3 -m pip install -e .                      # installs the `grade` command
grade                                            # grade everything here (same as: grade check .)
```

Use the student id your instructor gave you with `--student YOUR_ID` when you
make an answer sheet (`grade quiz take`, `grade quiz sheet`): the numbers in some
quiz questions and the order of the choices are your own, the sheet remembers
the id, and the grade you get when you hand in is computed for that id.
(`grade check --student YOUR_ID` grades with it explicitly.)

## Exercises

$modules

Each assignment comes twice: as a notebook, `exercises/<module>.ipynb`, laid out
like the course's (the instructions, then one cell per graded function, marked
`# GRADED FUNCTION: name`), and as a plain module, `exercises/<module>.py`. Work in
**one** of the two, where it says `# YOUR CODE HERE`. In a notebook, keep each
graded cell's marker line and its function's name and arguments, and save before
you check: the last cell (`from grader import check; check("<module>")`) grades the
saved files of this workspace and shows the report below it. To use the
notebooks, install Jupyter beside `grade` (in the same environment, so that its
kernel finds the grader) and start it here:

```sh
python3 -m pip install jupyterlab
jupyter lab exercises/
```

Then, from a terminal:

```sh
grade                                  # everything: the quizzes and the exercises
grade check --only deep_nn             # one assignment (or one function: deep_nn.L_model_backward)
grade watch                            # re-grade on every save, and show what changed
grade hint deep_nn.L_model_backward    # the next hint for a function (or a quiz question)
grade progress                         # what is done, your best score per item
```

Here `grade` runs the **public checks** in `exercises/checks/`: a few fixed
examples per function, with the expected values written out. When your work is
graded, **hidden checks** run as well (fresh random inputs of random shapes,
edge cases, gradient checks): $hidden
Passing the public checks is a good sign, not a guarantee; the report ends with
a note saying which checks ran.

## Quizzes

$quizzes

```sh
grade quiz list                                   # the quizzes
grade quiz take week3 --student YOUR_ID           # answer in the terminal; each answer is checked at once
grade quiz sheet week3 --student YOUR_ID > answers/week3.toml   # or fill in a sheet in your editor
grade                                             # grade your sheets (and your exercises)
```

A right answer shows its explanation; a wrong one shows the idea behind the
question (never the answer), so you can think again. There is no way to print
the answer key here: `grade quiz key` says so.

## Locked answers: what they protect, and what they do not

The quiz files in `quizzes/` hold **no answer key**. Each accepted answer is
stored only as a slow, salted, memory-hard hash (two scrypt lanes of 44 MiB,
hashed at once on two cores), and each explanation is encrypted
(ChaCha20-Poly1305) with a key that only the right answer produces. Checking an
answer means hashing what you wrote and comparing: about a quarter of a second
per answer on a free two-core machine (longer on one core or a busy machine), on
purpose (it makes trying every possible answer slow). `grade` remembers what it
has checked in `.grade/locks.sqlite`, so an answer you have not changed is not
hashed again (delete that file to forget; it is yours and is not handed in).

Be clear on what this does **not** do: a question with few possible answers
(true/false, four choices, a small whole number) can be "solved" by trying every answer
on your own machine; the slow hash makes that take minutes rather than seconds,
and nothing here can stop it. The local check is there to help you
learn. **The grade that counts is the one computed when you hand in**, by your
instructor's grader, which holds the real answer key and the hidden checks (this
copy of the grader is yours, and nothing you change in it reaches that grade).
Three more limits of the local check:

- Numbers are rounded onto a grid before they are hashed, so an answer just
  outside the tolerance (by at most one grid step, which is never more than the
  tolerance itself) can pass here and fail when graded. A right answer never
  fails here. Give the precision the question asks for.
- A "select all that apply" question is checked here as a whole: exactly the
  right choices pass, anything else scores 0 here. Partial credit (each right
  choice selected earns a share, each wrong one costs as much) is given when
  your submission is graded.
- $variants

## Files

| path | what |
| --- | --- |
| `exercises/<module>.ipynb` | each assignment as a notebook: complete it here... |
| `exercises/<module>.py` | ...or here, the same functions as a module |
| `exercises/checks/` | the public checks (read them: they show what is expected) |
| `exercises/manifest.toml` | assignments, graded functions, time limits, hints |
| `quizzes/*.toml` | the quizzes, with locked answers (do not edit) |
| `answers/<quiz>.toml` | your answer sheets (`grade quiz take` and `grade quiz sheet` make them) |
| `grader/` | the grading program itself |
""")


def render(*, modules: str, hidden: str, quizzes: str, variants: str) -> str:
    return STUDENT_README.substitute(modules=modules, hidden=hidden, quizzes=quizzes, variants=variants)
