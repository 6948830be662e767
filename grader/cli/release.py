"""`grade release OUT`: build the student workspace (engine, stubs, public checks, locked quizzes)."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli.common import course_option, reports_input_errors, resolve_course
from grader.errors import InputError


@click.command()
@click.argument("out", metavar="OUT", type=click.Path(file_okay=False, path_type=Path))
@course_option
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Student ids, one per line: their variants of parameterised questions are locked too.")
@click.option("--secret", default=None, metavar="TEXT", envvar="GRADE_RELEASE_SECRET",
              help="Mixed into the release salt (or set GRADE_RELEASE_SECRET); keep it to rebuild the same release.")
@click.option("--force", is_flag=True, help="Replace OUT if it holds an earlier release.")
@click.option("--scrypt-n", type=click.IntRange(2), default=None, hidden=True,
              help="scrypt's cost n (a power of two); only tests lower it.")
@click.option("--lang", type=click.Choice(["en", "zh"], case_sensitive=False), default="en", show_default=True,
              help="Language of the release's quizzes and README (a release holds one; English where untranslated).")
@reports_input_errors
def release(out: Path, course_dir: Path | None, roster: Path | None, secret: str | None, force: bool,
            scrypt_n: int | None, lang: str = "en") -> None:
    """Build the student release of the course in OUT.

    OUT gets the engine, the exercise stubs (as modules and as notebooks),
    provided helpers and public checks,
    and the quizzes with their answers locked, plus a README for students;
    never solutions/, hidden checks or answer keys. The same course, roster and
    secret give a byte-identical release.
    """
    from grader.quiz.lock import STANDARD, Kdf
    from grader.release import build_release, read_roster

    course = resolve_course(course_dir)
    ids = read_roster(roster) if roster is not None else []
    click.echo(f"Building the release of {course.root} in {out} (locking answers takes a while)…", err=True)
    kdf = Kdf(n=scrypt_n, r=STANDARD.r, p=STANDARD.p) if scrypt_n else STANDARD
    if kdf.n & (kdf.n - 1):
        raise InputError(f"--scrypt-n must be a power of two, not {kdf.n}")
    summary = build_release(course, out, roster=ids, secret=secret, force=force, kdf=kdf, lang=lang.lower())
    items = sum(s.items for s in summary.quizzes.values())
    every = sum(s.all_variants for s in summary.quizzes.values())
    click.echo(f"Release written to {summary.out}: {len(summary.files)} files.")
    click.echo(f"  quizzes: {len(summary.quizzes)} ({items} questions, answers locked; {summary.hashes} scrypt hashes)")
    if summary.roster_only:
        who = f"the {summary.roster} rostered students" if summary.roster else "nobody (no --roster)"
        click.echo(f"  {every} parameterised questions are locked for every variant; "
                   f"{len(summary.roster_only)} only for {who}: {', '.join(summary.roster_only)}")
    hidden = sum(summary.hidden_checks.values())
    click.echo(f"  exercises: {len(summary.modules)} assignments (stub module and notebook each) with their public checks; "
               f"{hidden} hidden checks left out (the student report counts them)")
    for rel in summary.left_out:
        click.echo(f"  left out (not a stub, helper or public check; notebooks are built from the stubs): {rel}")
    click.echo(f"  built in {summary.seconds:.1f} s. Students: `pip install -e .` in the release, then `grade`.")
