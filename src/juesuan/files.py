"""The files juesuan ships inside its packages (data, profiles), found without :mod:`importlib.resources`
where they are plain files: importing it costs ~3 ms of every check (it loads ``tempfile`` and
``shutil``, to extract files from a zipped install). The layer below every other (import-linter).
"""

from __future__ import annotations

import sys
from importlib.machinery import SourceFileLoader, SourcelessFileLoader
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["package_files"]


def package_files(package: str) -> Traversable:
    """``importlib.resources.files(package)`` for the imported ``package``: for a package loaded from
    files on disk, the folder of its ``__init__`` (the very :class:`~pathlib.Path` that
    ``importlib.resources`` gives then, through its ``FileReader``), else (a zipped install) what
    ``importlib.resources`` gives."""
    loader = sys.modules[package].__spec__.loader  # type: ignore[union-attr]
    if isinstance(loader, SourceFileLoader | SourcelessFileLoader):
        return Path(loader.path).parent
    from importlib import resources

    return resources.files(package)
