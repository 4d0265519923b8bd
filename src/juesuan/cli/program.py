"""The installed ``juesuan`` program (:func:`entry`), without typer until a command line needs it.

An ordinary command line for a one-document command (``juesuan check 文件.pdf -f json``) is parsed
by :mod:`juesuan.cli.fast` and runs the command's function directly; every other one — help, a
usage error, any other command — goes through the typer application (:func:`juesuan.cli.app.main`).
"""

import contextlib
import gc
import os
import sys
from collections.abc import Callable
from typing import NoReturn

from juesuan import compiled

__all__ = ["entry", "guarded", "installed", "starting"]

installed = False  # set by entry(): the installed program, not a caller in the same process


def starting(one_document: bool) -> None:
    """A command is about to run (typer's or :mod:`juesuan.cli.fast`'s): any but one on one document
    turns the cyclic garbage collector back on; one on one document run by the installed program
    leaves out Pydantic's plugins — Pydantic looks for third-party plugins (observability hooks) in
    the metadata of every installed distribution when it builds the first model, ~20 ms on a plain
    install (see :func:`entry`). Any command of the installed program uses the compile cache
    (:mod:`juesuan.compiled`); a caller in the same process does not."""
    if installed:
        compiled.install()
    if not one_document:
        gc.enable()
    elif installed:
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")


def guarded(run: Callable[[], object]) -> None:
    """``run()``, with a defect in juesuan reported in one Chinese line (exit code 3) instead of a
    traceback, unless ``JUESUAN_DEBUG`` is set; Ctrl-C ends with 已中断 (exit code 130)."""
    from juesuan.cli.common import err, escape

    try:
        run()
    except KeyboardInterrupt:  # pragma: no cover
        err.print("已中断")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("JUESUAN_DEBUG"):
            raise
        err.print(
            f"[bold red]内部错误[/]：{escape(type(exc).__name__)}：{escape(str(exc))}（这是 juesuan 的缺陷，请连同输入文件一起报告；设置 JUESUAN_DEBUG=1 可看到详细信息）"
        )
        sys.exit(3)


def entry() -> NoReturn:
    """The installed ``juesuan`` program: the command, then the process ends at once.

    An ordinary command line of a one-document command runs without typer (:mod:`juesuan.cli.fast`:
    importing typer and building the command line cost ~20 ms, a tenth of a PDF check's CPU beyond
    reading the PDF); any other, and anything the fast parser is not sure of, runs through
    :func:`juesuan.cli.app.main`, so help and usage errors are typer's (in Chinese) as always.

    Every output has been written and closed when a command returns, so the process exits with
    ``os._exit`` instead of tearing down every module and object it loaded — a tenth of a short
    command's CPU time. (In-process callers use :func:`juesuan.cli.main`, which raises ``SystemExit``.)

    A command on one document (:data:`juesuan.cli.commands.ONE_DOCUMENT_COMMANDS`, a ``check`` of one
    file) runs with the cyclic garbage collector off: its passes over the thousands of objects that
    loading the model, the readers and the rules creates cost a tenth of a PDF check's CPU (~45 ms of
    0.5 s), while the cycles one document leaves behind hold well under 1 MB (peak memory measured on
    the corpus, with and without) and are freed when the process ends. Any other command, and a
    batch, turns it back on at once. Such a command also leaves out Pydantic's plugins, whose
    search through every installed distribution's metadata costs ~20 ms (juesuan uses none).

    A command the program runs (not help, not a usage error) reuses the dataclass methods and
    regular expressions compiled by earlier runs (:mod:`juesuan.compiled`, ~55 ms of a check's CPU),
    from :func:`starting` on — before the readers and rules are imported; a batch's workers, forked
    after that, inherit them."""
    global installed
    installed = True
    gc.disable()
    try:
        from juesuan.cli import fast

        call = fast.parse(sys.argv[1:])
        if call is not None:
            guarded(lambda: fast.run(call))
        else:
            from juesuan.cli.app import main

            main()
    except SystemExit as exc:
        code = exc.code
        if code is None:
            _end(0)
        if isinstance(code, int):
            _end(code)
        from juesuan.cli.common import err

        err.print(str(code))
        _end(1)
    _end(0)


def _end(code: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`juesuan check … | head`)
            stream.flush()
    compiled.save()  # where Python writes bytecode, and the run compiled anything new
    os._exit(code)
