"""One ``__repr__`` for juesuan's dataclasses, instead of one compiled for each class.

Python 3.11's :mod:`dataclasses` compiles every method it writes separately (``__init__``,
``__repr__``, ``__eq__``; for a frozen class also ``__hash__``, ``__setattr__``,
``__delattr__``): ~0.5 ms a class, and a PDF check defines ~65 of them at import. The repr is the
one of these that no code needs fast, so juesuan's dataclasses are declared

    @dataclass(frozen=True, repr=False)
    class Claim(Record): ...

and inherit :meth:`Record.__repr__`, which prints exactly what the written one would
(``Claim(amount=…, subject='…')``: the class's qualified name and its fields with ``repr=True``,
``...`` where an object contains itself). The layer below every other (import-linter).
"""

from __future__ import annotations

import reprlib
from dataclasses import fields

__all__ = ["Record"]


class Record:
    """A base for a dataclass declared with ``repr=False``: its repr, as :mod:`dataclasses` writes it."""

    __slots__ = ()

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{self.__class__.__qualname__}({shown})"
