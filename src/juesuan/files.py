"""The files juesuan ships inside its packages (data, profiles), found without :mod:`importlib.resources`
where they are plain files: importing it costs ~3 ms of every check (it loads ``tempfile`` and
``shutil``, to extract files from a zipped install). The layer below every other (import-linter).

What a process makes from those files on every run (the parsed TOML, the validated built-in
profiles, the bundled catalogue and the typo index made from it) is kept beside the package's
bytecode, as Python keeps a module's: :func:`kept_path` says where, :func:`keep` writes it whole
under a key (the text or a digest of what it is made from), :func:`read_kept` gives it back only
for the same key — a missing, damaged or foreign copy is None, never an error — and
:func:`kept_or_made` does the three for one value: kept, or made and kept; :func:`digest` makes
the key from the files and code a value is made from.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from collections.abc import Callable, Iterable
from importlib.machinery import SourceFileLoader, SourcelessFileLoader
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["digest", "keep", "keep_bytes", "kept_or_made", "kept_path", "package_files", "read_kept"]

T = TypeVar("T")


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


def kept_path(source: Traversable, kind: str) -> Path | None:
    """Where data derived from the package file or folder ``source`` is kept: beside its bytecode,
    ``__pycache__/<name>.<cache tag>.<kind>``; None inside a zipped install or without a cache tag
    (nothing is kept)."""
    tag = sys.implementation.cache_tag
    if not isinstance(source, Path) or tag is None:  # a zipped install; an interpreter that writes no bytecode
        return None
    return source.parent / "__pycache__" / f"{source.name}.{tag}.{kind}"


def digest(parts: Iterable[Traversable], *texts: str) -> str | None:
    """The key of what is made from the files ``parts`` and the ``texts`` (code that reads them, field
    lists): a digest of each in order; None when a file cannot be read."""
    import hashlib  # loaded anyway by a check (Python's own modules need it); here only when keeping

    h = hashlib.blake2b(digest_size=16)
    try:
        for part in parts:
            h.update(part.read_bytes())
            h.update(b"\0")
    except OSError:
        return None
    for text in texts:
        h.update(text.encode())
        h.update(b"\0")
    return h.hexdigest()


def read_kept(kept: Path | None, key: object, loads: Callable[[bytes], Any]) -> Any:
    """The data :func:`keep` wrote to ``kept`` under ``key``; None when the file is missing, cannot
    be loaded, or was kept under another key (made from other files, or by other code)."""
    if kept is None:
        return None
    try:
        stored, data = loads(kept.read_bytes())
    except Exception:  # missing, unreadable, damaged, or not of this layout
        return None
    return data if stored == key else None


def kept_or_made(
    kept: Path | None,
    key: Callable[[], object | None],
    make: Callable[[], T],
    *,
    kept_as: Callable[[T], object],
    restore: Callable[[Any], T | None],
) -> T:
    """What ``make()`` makes, from the copy at ``kept`` where it was kept under the same ``key()``
    (``restore`` turns the kept data back into the value; None, or an exception, for data not of
    its layout); else made, and kept (as ``kept_as`` gives it, marshal) where Python writes
    bytecode. ``kept`` None (nothing is kept: a zipped install, the test suite) or ``key()`` None
    (what it is made from cannot be read as files): made, and nothing kept."""
    digest = key() if kept is not None else None
    if kept is not None and digest is not None:
        data = read_kept(kept, digest, marshal.loads)
        if data is not None:
            try:
                value = restore(data)
            except Exception:  # not of this layout after all: made again
                value = None
            if value is not None:
                return value
    made = make()
    if kept is not None and digest is not None and not sys.dont_write_bytecode:
        keep(kept, digest, kept_as(made), marshal.dumps)
    return made


def keep(kept: Path, key: object, data: object, dumps: Callable[[Any], bytes]) -> bool:
    """Keep ``data`` under ``key`` (``dumps`` of both, read back by :func:`read_kept`); False when
    ``dumps`` cannot hold it or the file cannot be written."""
    try:
        blob = dumps((key, data))
    except ValueError:  # a value marshal cannot hold
        return False
    return keep_bytes(kept, blob)


def keep_bytes(kept: Path, blob: bytes) -> bool:
    """Write ``blob`` to ``kept`` whole or not at all (several processes may at once); False when
    it cannot be written (a read-only install)."""
    part = kept.with_name(f"{kept.name}.{os.getpid()}.part")
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(blob)
        os.replace(part, kept)  # whole or not at all, also with several processes at once
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        return False
    return True
