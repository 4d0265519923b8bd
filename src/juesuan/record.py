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

The few frozen records a check makes by the thousand (intervals, figures, quantities: ~2,700 a
PDF check) write their ``__init__`` by hand with :func:`slot_setters`: the one :mod:`dataclasses`
writes sets each field by name through ``object.__setattr__`` (the frozen class forbids the
ordinary way), ~1 µs a figure; setting the slots through their descriptors does the same in less
than half of that. Equality, hashing, ``replace`` and immutability stay the dataclass's, and
``repr`` is :class:`Record`'s as for the others.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import fields
from typing import Any

__all__ = ["Record", "slot_setters"]


class Record:
    """A base for a dataclass declared with ``repr=False``: its repr, as :mod:`dataclasses` writes it."""

    __slots__ = ()

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{self.__class__.__qualname__}({shown})"


def slot_setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of the named slots of a ``slots=True`` dataclass, in that order: a hand-written
    ``__init__`` of a frozen one sets its fields with them (``object.__setattr__`` by name is what
    the frozen class's own would do, at twice the cost)."""
    return tuple(cls.__dict__[name].__set__ for name in names)
