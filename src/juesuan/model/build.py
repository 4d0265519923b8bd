"""Building model values without validation, for the readers' hot loops.

A reader creates thousands of cells, figures and facts per document from values it has already
parsed into the declared types; validating them again costs a third of the reading time. These
helpers fill in defaults and set the fields directly, as pydantic's ``model_construct`` does,
without its per-field bookkeeping. Use them only with values of the declared types.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["bare", "paused_gc", "unchecked"]

M = TypeVar("M", bound=BaseModel)

# per model class: its defaults in field order (a default factory's field holds a placeholder), the
# fields that have a default factory, and the set of all field names
_Defaults = tuple[dict[str, Any], tuple[tuple[str, Callable[..., Any]], ...], set[str]]
_DEFAULTS: dict[type, _Defaults] = {}


def unchecked(cls: type[M], **fields: Any) -> M:
    """An instance of ``cls`` with ``fields`` set and every other field at its default."""
    entry = _DEFAULTS.get(cls)
    if entry is None:
        entry = _DEFAULTS[cls] = _defaults(cls)
    plain, factories, names = entry
    data = plain.copy()
    for name, factory in factories:
        if name not in fields:
            data[name] = factory()
    data.update(fields)
    return bare(cls, data, names)


def _defaults(cls: type[BaseModel]) -> _Defaults:
    plain = {name: None if info.default_factory is not None else info.default for name, info in cls.model_fields.items()}
    factories = tuple((name, info.default_factory) for name, info in cls.model_fields.items() if info.default_factory is not None)
    return plain, factories, set(cls.model_fields)


# BaseModel's four slots, set through their descriptors: faster than object.__setattr__ by name
_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def bare(cls: type[M], data: dict[str, Any], fields_set: set[str]) -> M:
    """An instance of ``cls`` whose fields are exactly ``data`` (every field present), unvalidated."""
    obj = _new(cls)
    _set_dict(obj, data)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a document is read or checked.

    Reading makes tens of thousands of small objects and no reference cycles; the collector's
    repeated passes over them cost more than the work itself. Reference counting still frees
    everything; the collector resumes (if it was on) when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
