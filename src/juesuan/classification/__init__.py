"""The classification catalogue shipped with juesuan (layer 1).

``function_codes.csv`` (支出功能分类) and ``economic_codes.csv`` (部门预算支出经济分类) are built
by ``scripts/build_catalogue.py`` from codes observed in published tables; they are partial. Codes
they do not list are allowed and remembered by the readers (``Report.unknown_codes``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from juesuan.files import package_files
from juesuan.model.build import unchecked
from juesuan.model.codes import Catalogue, CatalogueEntry, CodeLevel, CodeScheme

__all__ = ["BUNDLED_EDITION", "bundled_catalogue", "class_lines", "default_catalogue", "load_catalogue", "using_catalogue"]

#: the bundled catalogue's edition, as messages name it: codes harvested from published tables
BUNDLED_EDITION = "2024 版目录（内置目录不全）"


def _entries(filename: str) -> list[CatalogueEntry]:
    text = package_files("juesuan.classification").joinpath("data", filename).read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        old = []
        for item in filter(None, row["old_names"].split(";")):
            name, _, year = item.rpartition("@")
            old.append((name, int(year)))
        out.append(
            unchecked(
                CatalogueEntry,
                scheme=CodeScheme(row["scheme"]),
                code=row["code"],
                name=row["name"],
                level=CodeLevel(row["level"]),
                parent=row["parent"] or None,
                since=int(row["since"]) if row["since"] else None,
                until=int(row["until"]) if row["until"] else None,
                old_names=tuple(old),
                source=row["source"],
            )
        )
    return out


def load_catalogue() -> Catalogue:
    """Read the shipped CSVs into a :class:`Catalogue`."""
    return unchecked(Catalogue, entries=tuple(_entries("function_codes.csv") + _entries("economic_codes.csv")), edition=BUNDLED_EDITION)


@lru_cache(maxsize=1)
def bundled_catalogue() -> Catalogue:
    """The shipped catalogue, read once per process."""
    return load_catalogue()


_ACTIVE: ContextVar[Catalogue | None] = ContextVar("juesuan_catalogue", default=None)


def default_catalogue() -> Catalogue:
    """The catalogue in use: an edition the user chose (:func:`using_catalogue`, ``--catalogue``,
    ``catalogue =`` in juesuan.toml), else the bundled partial one."""
    return _ACTIVE.get() or bundled_catalogue()


@contextmanager
def using_catalogue(catalogue: Catalogue | None) -> Iterator[Catalogue]:
    """Readers, the checker and the writer use ``catalogue`` inside the block (None: the bundled one)."""
    token = _ACTIVE.set(catalogue)
    try:
        yield default_catalogue()
    finally:
        _ACTIVE.reset(token)


@lru_cache(maxsize=1)
def class_lines() -> tuple[tuple[str, str], ...]:
    """The 功能分类 类 lines of 公开01/04表 in their printed order: ``(code, name)``."""
    text = package_files("juesuan.classification").joinpath("data", "class_lines.csv").read_text(encoding="utf-8")
    rows = sorted(csv.DictReader(text.splitlines()), key=lambda r: int(r["order"]))
    return tuple((r["code"], r["name"]) for r in rows)
