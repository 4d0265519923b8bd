"""Names a package gives from a module it imports only when one of them is first used.

A one-document check should load only what it uses: ``juesuan.batch`` gives its executor and sinks,
``juesuan.api`` the writers' errors, ``juesuan.check`` the cross-document history, each from a module
a check of one file never needs. Such a package writes ::

    __getattr__ = lazy_names(__name__, {"run_batch": "juesuan.batch.run", ...})

and names them under ``TYPE_CHECKING`` for mypy. The layer below every other (import-linter).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` giving each name of ``where`` from the module it names (imported on
    first use; Python then finds the module in ``sys.modules``), ``AttributeError`` for any other."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    return __getattr__
