"""The typer application: every command's command line, its help and its usage errors (in Chinese)."""

from typing import Any

import typer

from juesuan.cli import commands, program
from juesuan.cli.chinese import ChineseGroup, install
from juesuan.cli.commands import ONE_DOCUMENT_COMMANDS

# Start fast: this module imports only typer (rich when something is printed). The model, readers,
# rules and writers are imported inside the commands that use them, so that `juesuan --help` loads
# none of them and `check` loads no writer (tests/cli/test_startup.py keeps it so). The command
# modules `render_cmd`, `store_cmd` and `serve_cmd` do not use `from __future__ import annotations`:
# typer reads every command's parameters from its annotations each time it builds the command
# line, and string annotations are evaluated again there. `commands` does, so that the installed
# program can import it without typer (see `juesuan.cli.fast`); its annotations name `typer`, which
# it gets here, before typer evaluates them.

__all__ = ["app", "main"]


class _Group(ChineseGroup):
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        resolved = super().resolve_command(ctx, args)
        program.starting(resolved[0] in ONE_DOCUMENT_COMMANDS)
        return resolved


app = typer.Typer(
    name="juesuan",
    help="juesuan（决算）：读取、审核、生成部门决算。Read, check and write 部门决算 documents.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    cls=_Group,
)
install()  # Click's and Typer's own words (help headings, usage errors) in Chinese

vars(commands)["typer"] = typer  # for typer's evaluation of the string annotations (see above)
for _name, _function in commands.COMMANDS.items():
    app.command(_name)(_function)

from juesuan.cli import render_cmd, serve_cmd, store_cmd  # noqa: E402  (register their commands on the app above)

render_cmd.register(app)
store_cmd.register(app)
serve_cmd.register(app)


def main() -> None:
    """The ``juesuan`` command. Exit codes: 0 done, 2 bad input or usage, 3 a defect in juesuan.

    A defect is reported in one Chinese line instead of a traceback; ``JUESUAN_DEBUG=1`` shows it.
    """
    program.guarded(app)
