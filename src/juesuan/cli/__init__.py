"""Command-line front end (layer 4): ``juesuan parse``, ``juesuan check``, ``juesuan rules`` …

Thin: every command calls :mod:`juesuan.api` and prints. Messages are Chinese; exit codes are
0 (fine), 1 (the check found errors), 2 (an input could not be read or an argument is wrong),
3 (a defect in juesuan, reported in one line; ``JUESUAN_DEBUG=1`` shows the traceback).
"""

from juesuan.cli.app import app, entry, main

__all__ = ["app", "entry", "main"]
