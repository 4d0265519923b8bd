"""The package's own TOML files (the built-in profiles, ``kinds.toml``), parsed once per edit.

``tomllib`` is pure Python: the ~55 KB of built-in profiles and kinds cost every process ~4 ms
to parse, more than anything else a check reads from disk. So, as Python keeps a module's
bytecode in ``__pycache__``, the parsed data of a file is kept beside it
(``__pycache__/<file>.<cache tag>.marshal``) together with the text it was parsed from; a run
whose file text differs in any way parses the file again and replaces the copy. Nothing is
written where Python would write no bytecode (``PYTHONDONTWRITEBYTECODE``, ``python -B``) or
cannot write (a read-only or zipped install): the file is then parsed as before. Data that
:mod:`marshal` cannot hold (a TOML date) is never kept.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["keep_all", "keep_bytes", "kept_path", "parse_toml"]


def parse_toml(source: Traversable) -> dict[str, Any]:
    """``tomllib.loads`` of the package file ``source`` (UTF-8), from the kept copy where its
    text is the file's text."""
    text = source.read_text(encoding="utf-8")
    kept = kept_path(source, "marshal")
    if kept is not None:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            stored_text, data = marshal.loads(kept.read_bytes())
            if stored_text == text and isinstance(data, dict):
                return data
    import tomllib  # here: with every kept copy current, a process does not load it

    data = tomllib.loads(text)
    if kept is not None and not sys.dont_write_bytecode:
        _keep(kept, text, data)
    return data


def keep_all() -> int:
    """Parse every TOML file of the package and keep its copy, whatever ``PYTHONDONTWRITEBYTECODE``
    says — as ``compileall`` writes bytecode (``make bytecode``). The number of copies written."""
    import tomllib
    from importlib import resources

    package = resources.files("juesuan.profiles")
    written = 0
    for source in (package.joinpath("kinds.toml"), *package.joinpath("builtin").iterdir()):
        kept = kept_path(source, "marshal")
        if kept is not None and source.name.endswith(".toml"):
            text = source.read_text(encoding="utf-8")
            written += _keep(kept, text, tomllib.loads(text))
    return written


def kept_path(source: Traversable, kind: str) -> Path | None:
    """Where data derived from the package file or folder ``source`` is kept: beside its bytecode,
    ``__pycache__/<name>.<cache tag>.<kind>``; None inside a zipped install (nothing is kept)."""
    if not isinstance(source, Path):
        return None
    return source.parent / "__pycache__" / f"{source.name}.{sys.implementation.cache_tag}.{kind}"


def _keep(kept: Path, text: str, data: dict[str, Any]) -> bool:
    try:
        blob = marshal.dumps((text, data))
    except ValueError:  # a value marshal cannot hold
        return False
    return keep_bytes(kept, blob)


def keep_bytes(kept: Path, blob: bytes) -> bool:
    """Write ``blob`` to ``kept`` whole or not at all (several processes may at once); False when
    it cannot be written (a read-only install)."""
    part = kept.with_name(f"{kept.name}.{os.getpid()}.part")
    try:
        kept.parent.mkdir(exist_ok=True)
        part.write_bytes(blob)
        os.replace(part, kept)  # whole or not at all, also with several processes at once
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        return False
    return True
