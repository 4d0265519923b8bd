"""The classification catalogue shipped with juesuan (layer 1).

``function_codes.csv`` (支出功能分类) and ``economic_codes.csv`` (部门预算支出经济分类) are built
by ``scripts/build_catalogue.py`` from codes observed in published tables; they are partial. Codes
they do not list are allowed and remembered by the readers (``Report.unknown_codes``).

Every check needs the bundled catalogue and the 类 lines (``class_lines.csv``); reading them from the
CSV files costs ~1.8 ms a process. So, as the built-in profiles are (:mod:`juesuan.profiles.registry`),
what they are read into is kept beside the bytecode (``__pycache__/data.<cache tag>.catalogue``,
marshal: each entry's fields, the catalogue's index by name, the 类 lines) under a digest of the
three CSV files and of the code that reads them (this module, :mod:`juesuan.model.codes`). A copy
made from other files or code, or that cannot be read, is not used: the files are read again, and
the copy made again where Python writes bytecode (and by ``make bytecode``: :func:`keep_bundled`).
The test suite (``JUESUAN_VALIDATE_BUILDS=1``) always reads the files.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from juesuan.files import digest, keep, kept_or_made, kept_path, package_files
from juesuan.model import codes
from juesuan.model.build import field_names, restored, unchecked, validating
from juesuan.model.codes import Catalogue, CatalogueEntry, CodeLevel, CodeScheme

__all__ = [
    "BUNDLED_EDITION",
    "bundled_catalogue",
    "bundled_digest",
    "class_lines",
    "default_catalogue",
    "keep_bundled",
    "load_catalogue",
    "using_catalogue",
]

#: the bundled catalogue's edition, as messages name it: codes harvested from published tables
BUNDLED_EDITION = "2024 版目录（内置目录不全）"


_FILES = ("function_codes.csv", "economic_codes.csv", "class_lines.csv")


def _entries(filename: str) -> list[CatalogueEntry]:
    import csv  # here: with the kept copy current, a check does not load it

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


def bundled_catalogue() -> Catalogue:
    """The shipped catalogue, read once per process (from the kept copy where it is current)."""
    return _bundled()[0]


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


def class_lines() -> tuple[tuple[str, str], ...]:
    """The 功能分类 类 lines of 公开01/04表 in their printed order: ``(code, name)``."""
    return _bundled()[1]


def _read_class_lines() -> tuple[tuple[str, str], ...]:
    import csv

    text = package_files("juesuan.classification").joinpath("data", "class_lines.csv").read_text(encoding="utf-8")
    rows = sorted(csv.DictReader(text.splitlines()), key=lambda r: int(r["order"]))
    return tuple((r["code"], r["name"]) for r in rows)


# ---- the kept copy -----------------------------------------------------------------------------

_Bundled = tuple[Catalogue, tuple[tuple[str, str], ...]]


@lru_cache(maxsize=1)
def _bundled() -> _Bundled:
    """The bundled catalogue and the 类 lines: kept, or read from the files (and kept)."""
    return kept_or_made(None if validating() else _kept_path(), bundled_digest, _read_bundled, kept_as=_payload, restore=_restored)


def _read_bundled() -> _Bundled:
    return load_catalogue(), _read_class_lines()


def _kept_path() -> Path | None:
    return kept_path(package_files("juesuan.classification").joinpath("data"), "catalogue")


@lru_cache(maxsize=1)
def bundled_digest() -> str | None:
    """What the bundled catalogue is made from: the CSV files and the code that reads them (this
    module, the catalogue's model); None where they cannot be read as files (a zipped install)."""
    folder = package_files("juesuan.classification").joinpath("data")
    return digest((*(folder.joinpath(name) for name in _FILES), Path(__file__), Path(codes.__file__)))


def _payload(made: _Bundled) -> tuple[Any, ...]:
    """The catalogue and the 类 lines as marshal holds them: each entry's fields (the enums by
    value), the index by name as positions of entries."""
    catalogue, lines = made
    rows = tuple({name: getattr(value, "value", value) for name, value in entry.__dict__.items()} for entry in catalogue.entries)
    position = {id(entry): i for i, entry in enumerate(catalogue.entries)}
    names = tuple((scheme.value, name, tuple(position[id(e)] for e in found)) for (scheme, name), found in catalogue.name_index.items())
    return field_names(CatalogueEntry), rows, catalogue.edition, names, lines


def _restored(payload: tuple[Any, ...]) -> _Bundled:
    """The catalogue and the 类 lines from :func:`_payload`'s data (ValueError: kept with other fields)."""
    fields, rows, edition, names, lines = payload
    if fields != field_names(CatalogueEntry) or not all(list(row) == list(fields) for row in rows[:1]):
        raise ValueError("kept with other fields")
    schemes = {s.value: s for s in CodeScheme}
    levels = {level.value: level for level in CodeLevel}
    entries = []
    for data in rows:
        data["scheme"] = schemes[data["scheme"]]
        data["level"] = levels[data["level"]]
        entries.append(restored(CatalogueEntry, data))
    by_name = {(schemes[scheme], name): [entries[i] for i in found] for scheme, name, found in names}
    return Catalogue.kept(tuple(entries), edition, by_name), lines


def keep_bundled() -> Path | None:
    """Read the bundled catalogue from its files and keep it (``make bytecode``, whatever
    ``PYTHONDONTWRITEBYTECODE`` says); the file written, None where nothing can be."""
    kept = _kept_path()
    key = bundled_digest()
    if kept is None or key is None or not keep(kept, key, _payload(_read_bundled()), marshal.dumps):
        return None
    return kept
