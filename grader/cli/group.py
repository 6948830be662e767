"""The `grade` command's click group, whose subcommands load lazily.

Each subcommand lives in its own module and is imported only when it runs, so
`grade --help` does not pay for NumPy, pydantic or pytest.
"""

from __future__ import annotations

import importlib

import click

# name -> (module, attribute, one-line help shown by `grade --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("grader.cli.check", "check", "Grade a submission (default: the current directory)."),
    "batch": ("grader.cli.batch", "batch", "Grade a directory of submissions in parallel, resumably; gradebook and item analysis."),
    "report": ("grader.cli.report", "report", "Write a batch's class report: one self-contained HTML file with plots."),
    "quiz": ("grader.cli.quiz", "quiz", "List, take, print and key the quizzes."),
    "validate": ("grader.cli.validate", "validate", "Check a course's banks, manifest and checks for mistakes."),
    "watch": ("grader.cli.student", "watch", "Re-grade on every save and show what changed."),
    "hint": ("grader.cli.student", "hint", "Show the next hint for a function or quiz item."),
    "progress": ("grader.cli.student", "progress", "Show what is done and your best score per item."),
    "release": ("grader.cli.release", "release", "Build the student release: stubs, public checks, locked quizzes."),
    "export": ("grader.cli.export", "export", "LMS grade import CSV (Canvas or Moodle) from a batch's results."),
    "gradescope-bundle": ("grader.cli.gradescope", "gradescope_bundle", "Build Gradescope's autograder zip (hidden checks included; never for students)."),
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nndl-grader", prog_name="grade")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Grade quizzes and coding exercises of 'Neural Networks and Deep Learning'.

    Run `grade` alone to grade the current directory (same as `grade check .`).
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(cli.get_command(ctx, "check"))
