"""An ordinary command line of a one-document command, parsed and run without typer.

Importing typer and building the command line cost ~20 ms of every run (typer loads its copy of
Click, Pydantic type adapters for the parameters, ``subprocess``, ``difflib`` …, and evaluates the
commands' annotations), a tenth of a PDF check beyond reading the PDF. Typer stays the only description of the command line: the commands
in :mod:`juesuan.cli.commands` declare their parameters for typer, and :mod:`juesuan.cli.fast_table`
— generated from the click commands typer builds (``python -m juesuan.cli.fast_gen``; a test fails
when it is out of date) — lists each one's option names, what each takes, and its argument.

:func:`parse` reads a command line the way Click's parser does, but only what it is sure of: the
command's own options (``--name value``, ``--name=value``, ``-x value``, ``-xvalue``, flags, also
grouped ``-vx``), in any order among the files, and values that convert plainly (an integer, a
decimal number, a path that is not unreadable). Anything else — ``--help``, an unknown or
malformed option, a missing or doubtful value, a missing file argument, ``--``, shell completion,
``JUESUAN_DEBUG`` — gives ``None``, and the command line goes to typer, which handles (and
reports, in Chinese) everything as before. :func:`run` calls the command's function with what was
given (the function's own defaults for the rest), with Click's handling of an interrupt or a closed
pipe; tests/cli/test_fast.py checks that both ways pass the same values and print the same output.
"""

import errno
import importlib
import os
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from juesuan.cli.common import ABORTED
from juesuan.cli.fast_table import COMMANDS

__all__ = ["Call", "parse", "run"]

FLAGS = {"on": True, "off": False}
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")


class Call(NamedTuple):
    """A command's function (module and name) and the values given for its parameters."""

    module: str
    function: str
    values: dict[str, Any]


class _Unsure(Exception):
    """Not a command line the fast parser is sure of: typer takes it."""


def parse(argv: list[str]) -> Call | None:
    """The call ``argv`` (without the program name) asks for, or None when typer should read it."""
    if not argv or argv[0] not in COMMANDS or os.environ.get("JUESUAN_DEBUG") or _completing():
        return None
    module, function, options, arguments = COMMANDS[argv[0]]
    try:
        for arg in argv:
            arg.encode()  # a name that is not UTF-8 (surrogate escapes): typer's conversion decides
        given, positional = _read(argv[1:], options)
        values = {parameter: _convert(kind, text) for parameter, (kind, text) in given.items()}
        values.update(_arguments(positional, arguments))
    except (_Unsure, UnicodeEncodeError):
        return None
    return Call(module, function, values)


def _completing() -> bool:
    """Click answers shell completion when ``_<PROG>_COMPLETE`` is set."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def _read(args: list[str], options: dict[str, tuple[str, str]]) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """The options given (parameter → kind and text; the last of a repeated option counts, as in
    Click) and the positional arguments, in order."""
    given: dict[str, tuple[str, str]] = {}
    positional: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            raise _Unsure
        if len(arg) < 2 or arg[0] != "-":
            positional.append(arg)
        elif arg[1] == "-":  # --name, --name=value
            name, equals, text = arg.partition("=")
            parameter, kind = _option(options, name)
            if kind in FLAGS:
                if equals:
                    raise _Unsure
                given[parameter] = (kind, "")
            elif equals:
                given[parameter] = (kind, text)
            else:
                given[parameter] = (kind, _next(rest))
        else:  # -x, -xvalue, -xy (flags, the last may take a value)
            if "=" in arg:  # Click would try it as a long option first
                raise _Unsure
            for at in range(1, len(arg)):
                parameter, kind = _option(options, "-" + arg[at])
                if kind in FLAGS:
                    given[parameter] = (kind, "")
                    continue
                given[parameter] = (kind, arg[at + 1 :] if at + 1 < len(arg) else _next(rest))
                break
    return given, positional


def _option(options: dict[str, tuple[str, str]], name: str) -> tuple[str, str]:
    found = options.get(name)
    if found is None:  # --help, or a name that is not the command's
        raise _Unsure
    return found


def _next(rest: list[str]) -> str:
    if not rest:  # an option without its value
        raise _Unsure
    return rest.pop(0)  # whatever follows, as Click takes it (`-o --help` writes to ./--help)


def _arguments(positional: list[str], arguments: tuple[tuple[str, str, int, bool], ...]) -> dict[str, Any]:
    if not arguments:
        if positional:
            raise _Unsure
        return {}
    ((parameter, kind, nargs, required),) = arguments
    if not positional:
        if required or nargs == -1:
            raise _Unsure
        return {}
    if nargs == -1:
        return {parameter: [_convert(kind, text) for text in positional]}
    if len(positional) > 1:
        raise _Unsure
    return {parameter: _convert(kind, positional[0])}


def _convert(kind: str, text: str) -> Any:
    """The value typer would pass for ``text``, where that is plain."""
    if kind in FLAGS:
        return FLAGS[kind]
    if kind == "str":
        return text
    if kind == "int" and _INTEGER.fullmatch(text):
        return int(text)
    if kind == "float" and _NUMBER.fullmatch(text):  # seconds (--timeout), as typer gives them; never money
        return float(text)
    if kind == "path" and text:
        # typer stats the path: one that exists must be readable, else it is a usage error
        try:
            os.stat(text)
        except OSError:
            return Path(text)
        if os.access(text, os.R_OK):
            return Path(text)
    raise _Unsure


def run(call: Call) -> NoReturn:
    """Call the command as typer would (inside Click's ``main``): a return is exit code 0, Ctrl-C
    130, end of input 已中止 and 1, a closed stdout 1 in silence; ``SystemExit`` passes through."""
    from juesuan.cli import program

    function = getattr(importlib.import_module(call.module), call.function)
    program.starting(True)
    try:
        function(**call.values)
    except EOFError:  # Click: an empty line, then its Abort, which ChineseGroup reports as 已中止
        sys.stderr.write(f"\n{ABORTED}\n")
        sys.stderr.flush()
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            sys.exit(1)
        raise
    sys.exit(0)
