"""The command line in Chinese: usage errors, help headings and the help option, with the nearest valid name.

Typer (≥ 0.2x) carries its own copy of Click (``typer._click``) whose words are English and fixed in
its code, and a few of Typer's own (section headings, ``default:``) that it looks up through
:func:`gettext.gettext`. So: :class:`ChineseGroup` is the ``cls`` of every juesuan command group;
it shows every usage error in Chinese (``用法：… / 错误：…``, the nearest valid command or option
from :mod:`difflib`, exit code 2), gives each command a context whose help formatter writes
``用法：`` and ``选项：``, and names the help option ``显示帮助并退出``; :func:`install` binds
Typer's ``gettext`` lookups to :data:`MESSAGES`.

Nothing here is imported beyond what Typer already loaded, so ``juesuan --help`` stays light.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
import typer.core
from typer import _click as click
from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from juesuan.cli.common import ABORTED

__all__ = ["HELP_TEXT", "MESSAGES", "ChineseGroup", "install", "nearest", "usage_message"]

HELP_TEXT = "显示帮助并退出"

#: Typer's own English words (looked up through gettext in ``typer.core``) → Chinese
MESSAGES: dict[str, str] = {
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Missing command.": "缺少命令",
    "Aborted!": ABORTED,
}

#: value errors Typer reports in English (from its type coercion), as Chinese
_VALUE_ERRORS = (
    (re.compile(r"Input should be a valid integer"), "应为整数"),
    (re.compile(r"Input should be a valid (number|decimal)"), "应为数字"),
    (re.compile(r"Input should be a valid boolean"), "应为是或否（true/false）"),
    (re.compile(r"Input should be (?:greater|less) than(?: or equal to)? (\S+)"), "超出允许的范围（{0}）"),
    (re.compile(r"Value must be an iterable"), "应为一组值"),
    (re.compile(r"Value '?(.*?)'? is not a valid (\w+)"), "“{0}”不是有效的值"),
)


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def install() -> None:
    """Bind Typer's gettext lookups to :data:`MESSAGES` (idempotent)."""
    typer.core._ = _gettext


def nearest(word: str, choices: Sequence[str]) -> str | None:
    """The valid name closest to a misspelt ``word`` (difflib's ratio, at least 0.5), or None."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return found[0] if found else None


def _options_of(ctx: Context | None) -> list[str]:
    if ctx is None:
        return []
    names: list[str] = []
    for param in ctx.command.get_params(ctx):
        if param.param_type_name == "option":
            names.extend(param.opts)
            names.extend(getattr(param, "secondary_opts", ()))
    return names


def _param_name(param: Any, hint: Any) -> str:
    if param is not None and param.param_type_name == "option":
        return str(max(param.opts, key=len))
    if param is not None:
        return str(getattr(param, "human_readable_name", None) or param.name or "").upper()
    if isinstance(hint, list | tuple):
        return " / ".join(str(h) for h in hint)
    return str(hint or "").strip("'\"")


def _value_error(message: str) -> str:
    for pattern, chinese in _VALUE_ERRORS:
        found = pattern.search(message)
        if found:
            return chinese.format(*found.groups())
    return message


def usage_message(exc: click_errors.UsageError) -> str:
    """A usage error in Chinese: what is wrong and, for a misspelt option, the nearest valid one."""
    if isinstance(exc, click_errors.NoSuchOption):
        near = nearest(exc.option_name, _options_of(exc.ctx))
        text = f"没有选项“{exc.option_name}”"
        return text + (f"，您是不是要找“{near}”？" if near else "")
    if isinstance(exc, click_errors.MissingParameter):
        name = _param_name(exc.param, exc.param_hint)
        kind = "选项" if exc.param is not None and exc.param.param_type_name == "option" else "参数"
        about = getattr(exc.param, "help", None)
        return f"缺少{kind} {name}" + (f"（{about}）" if about else "")
    if isinstance(exc, click_errors.BadParameter):
        name = _param_name(exc.param, exc.param_hint)
        return f"{name} 的值无效：{_value_error(exc.message)}" if name else f"值无效：{_value_error(exc.message)}"
    if isinstance(exc, click_errors.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"选项“{exc.option_name}”后面要给出一个值"
        if "does not take a value" in exc.message:
            return f"选项“{exc.option_name}”不带值"
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", exc.message)
    if extra:
        return f"多出了参数：{extra.group(1)}"
    if exc.message == "Missing command.":
        return "缺少命令"
    return _value_error(exc.message)


def show_usage_error(exc: click_errors.UsageError) -> None:
    ctx = exc.ctx
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(f"用“{ctx.command_path} --help”查看帮助。")
        lines.append("")
    lines.append(f"错误：{usage_message(exc)}")
    click.echo("\n".join(lines), err=True)


class ChineseFormatter(HelpFormatter):
    """Help pages with ``用法：`` and full-width colons after the headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class ChineseContext(Context):
    formatter_class = ChineseFormatter


def _chinese(command: Any, ctx: Context) -> None:
    """Give a command the Chinese context (help formatter), options metavar and help option."""
    command.context_class = ChineseContext
    command.options_metavar = "[选项]"
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = HELP_TEXT


class ChineseGroup(typer.core.TyperGroup):
    """A Typer group whose usage errors and help speak Chinese (see the module's docstring)."""

    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = "[选项]"
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = "命令 [参数]..."
        self.suggest_commands = False  # the suggestion is ours, in Chinese

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None and not isinstance(command, ChineseGroup):
            _chinese(command, ctx)
        return command

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            names = self.list_commands(ctx)
            near = nearest(name, names)
            hint = f"，您是不是要找“{near}”？" if near else f"。可用的命令：{'、'.join(names)}"
            raise click_errors.UsageError(f"没有命令“{name}”{hint}", ctx)
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        install()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:  # `juesuan db`: the group's help
            exc.show()
            sys.exit(exc.exit_code)
        except click_errors.UsageError as exc:
            show_usage_error(exc)
            sys.exit(exc.exit_code)
        except click_errors.ClickException as exc:
            click.echo(f"错误：{exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            click.echo(ABORTED, err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)
