"""What every command uses, without typer: the stderr console, Chinese failure messages, output.

Nothing here imports typer, so the one-document commands (:mod:`juesuan.cli.commands`) can run
without it (:mod:`juesuan.cli.fast`); rich is imported when something is printed through it.
"""

import functools
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from rich.console import Console

    from juesuan.diagnostics import Finding, Location

__all__ = [
    "ABORTED",
    "err",
    "escape",
    "fail",
    "lazy_module",
    "loc_text",
    "new_console",
    "os_problem",
    "print_reading",
    "stderr_console",
    "write_output",
]

#: what an interrupted command says (Click's ``Aborted!``)
ABORTED = "已中止"


@functools.cache
def stderr_console() -> "Console":
    return new_console(stderr=True, highlight=False, soft_wrap=True)


class _LazyConsole:
    """The stderr console, made on first use: a check whose report goes to stdout never loads rich."""

    def __getattr__(self, name: str) -> Any:
        return getattr(stderr_console(), name)

    def __enter__(self) -> "Console":  # `with console:` (rich's Progress does it) looks these up on the type
        return stderr_console().__enter__()

    def __exit__(self, *exc: Any) -> None:
        stderr_console().__exit__(*exc)


err: "Console" = cast("Console", _LazyConsole())


def escape(text: str) -> str:
    """Text shown literally by rich (square brackets are markup there)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def lazy_module(name: str) -> Any:
    """The module ``name``, executed on first attribute access (``importlib.util.LazyLoader``): a
    command module can name ``api`` at the top without `juesuan --help` loading it."""
    import importlib.util

    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


def new_console(**options: Any) -> "Console":
    from rich.console import Console

    return Console(**options)


def fail(message: str, code: int = 2) -> SystemExit:
    """Say what is wrong (``错误：…`` on stderr) and give the exception that ends the command with
    ``code``: ``raise fail(…)``. (``SystemExit`` rather than ``typer.Exit``: the one-document
    commands run without typer too; click lets it through, and the exit code is the same.)"""
    err.print(f"[bold red]错误[/]：{escape(message)}")
    return SystemExit(code)


def os_problem(exc: OSError) -> str:
    """Why a file could not be written or read, in Chinese."""
    from juesuan.diagnostics import os_problem as explain

    return explain(exc)


def write_output(output: Path | None, text: str, what: str = "") -> None:
    """``text`` on stdout, or written to ``output`` all at once; an output that cannot be written
    ends the command with exit code 2 (``what`` names it in the message, e.g. 汇总表)."""
    if output is None:
        sys.stdout.write(text)
        return
    from juesuan import api

    try:
        api.write_atomic(output, text)
    except OSError as exc:
        raise fail(f"{output}：无法写出{what}：{os_problem(exc)}") from None


def print_reading(findings: "Iterable[Finding]", console: "Console | None" = None) -> None:
    for finding in findings:
        where = ", ".join(loc_text(loc) for loc in finding.locations[:3])
        style = {"error": "red", "warning": "yellow", "info": "cyan"}[finding.severity.value]
        text = f"{finding.rule_id} {finding.message}" + (f"（{where}）" if where else "")
        (console or err).print(f"[{style}]{finding.severity.label}[/] {escape(text)}")


def loc_text(loc: "Location") -> str:
    if loc.line is not None:
        return f"第{loc.line}行"
    if loc.page is not None:
        return f"第{loc.page}页"
    return ""
