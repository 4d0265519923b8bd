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

import marshal
from typing import TYPE_CHECKING, Any

from juesuan.files import keep, kept_or_made, kept_path, package_files

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["keep_all", "parse_toml"]


def parse_toml(source: Traversable) -> dict[str, Any]:
    """``tomllib.loads`` of the package file ``source`` (UTF-8), from the kept copy where its
    text is the file's text."""
    text = source.read_text(encoding="utf-8")

    def parsed() -> dict[str, Any]:
        import tomllib  # here: with every kept copy current, a process does not load it

        return tomllib.loads(text)

    return kept_or_made(kept_path(source, "marshal"), lambda: text, parsed, kept_as=lambda data: data, restore=_as_dict)


def _as_dict(data: object) -> dict[str, Any] | None:
    return data if isinstance(data, dict) else None


def keep_all() -> int:
    """Parse every TOML file of the package and keep its copy, whatever ``PYTHONDONTWRITEBYTECODE``
    says — as ``compileall`` writes bytecode (``make bytecode``). The number of copies written."""
    import tomllib

    package = package_files("juesuan.profiles")
    written = 0
    for source in (package.joinpath("kinds.toml"), *package.joinpath("builtin").iterdir()):
        kept = kept_path(source, "marshal")
        if kept is not None and source.name.endswith(".toml"):
            text = source.read_text(encoding="utf-8")
            written += keep(kept, text, tomllib.loads(text), marshal.dumps)
    return written
