"""Command-line front end (layer 4): ``juesuan parse``, ``juesuan check``, ``juesuan rules`` …

Thin: every command calls :mod:`juesuan.api` and prints. Messages are Chinese; exit codes are
0 (fine), 1 (the check found errors), 2 (an input could not be read or an argument is wrong),
3 (a defect in juesuan, reported in one line; ``JUESUAN_DEBUG=1`` shows the traceback).

The installed program is :func:`entry` (:mod:`juesuan.cli.program`), which loads typer only when
the command line needs it. ``app`` (the typer application) and ``main`` (the ``juesuan`` command
run in this process) are loaded on first use: ``from juesuan.cli import app`` works as before, but
``import juesuan.cli`` — what the installed program imports first — loads no typer.
"""

import sys
import types
from typing import TYPE_CHECKING

from juesuan.cli.program import entry

if TYPE_CHECKING:
    from juesuan.cli.app import app, main

__all__ = ["app", "entry", "main"]


class _Package(types.ModuleType):
    """This package, whose ``app`` and ``main`` are the typer application's, loaded when asked for.

    A property rather than a module ``__getattr__``: importing the submodule ``juesuan.cli.app``
    sets the package's attribute ``app`` to that module, which would then hide the application;
    here the setter lets it pass, and ``juesuan.cli.app`` stays the typer application as it was
    when this package imported it eagerly (the module itself is ``sys.modules["juesuan.cli.app"]``).
    """

    @property
    def app(self) -> object:
        from juesuan.cli.app import app

        return app

    @app.setter
    def app(self, module: object) -> None:
        pass  # the import system naming the submodule: `app` stays the application

    @property
    def main(self) -> object:
        from juesuan.cli.app import main

        return main


sys.modules[__name__].__class__ = _Package
