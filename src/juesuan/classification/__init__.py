"""The classification catalogue shipped with juesuan (layer 1).

``function_codes.csv`` (支出功能分类) and ``economic_codes.csv`` (部门预算支出经济分类) are built
by ``scripts/build_catalogue.py`` from codes observed in published tables; they are partial. Codes
they do not list are allowed and remembered by the readers (``Report.unknown_codes``).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from juesuan.model.codes import Catalogue, CatalogueEntry, CodeLevel, CodeScheme

__all__ = ["class_lines", "default_catalogue", "load_catalogue"]


def _entries(filename: str) -> list[CatalogueEntry]:
    text = resources.files("juesuan.classification").joinpath("data", filename).read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        old = []
        for item in filter(None, row["old_names"].split(";")):
            name, _, year = item.rpartition("@")
            old.append((name, int(year)))
        out.append(
            CatalogueEntry(
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
    return Catalogue(entries=tuple(_entries("function_codes.csv") + _entries("economic_codes.csv")), edition="observed-2024")


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The shipped catalogue, read once per process."""
    return load_catalogue()


@lru_cache(maxsize=1)
def class_lines() -> tuple[tuple[str, str], ...]:
    """The 功能分类 类 lines of 公开01/04表 in their printed order: ``(code, name)``."""
    text = resources.files("juesuan.classification").joinpath("data", "class_lines.csv").read_text(encoding="utf-8")
    rows = sorted(csv.DictReader(text.splitlines()), key=lambda r: int(r["order"]))
    return tuple((r["code"], r["name"]) for r in rows)
