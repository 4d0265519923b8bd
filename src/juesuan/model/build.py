"""Building model values without validation, and the configuration every model shares.

A reader creates thousands of cells, figures and facts per document from values it has already
parsed into the declared types, and the checker makes findings from values it computed itself;
validating them again costs a third of the reading time, and building a model's validator (on
first use: :data:`FROZEN` defers it) costs ~0.5 ms per class. These helpers fill in defaults and
set the fields directly, as pydantic's ``model_construct`` does, without its per-field
bookkeeping. Use them only with values of the declared types, never with anything a user wrote
(JSON/YAML/TOML, templates, forms, settings): that goes through ``model_validate``.

Type safety is kept by the test suite: with ``JUESUAN_VALIDATE_BUILDS=1`` (``tests/conftest.py``
sets it) every construction here is validated in strict mode as well — a field name the model does
not have, a value of another type (a list for a tuple, a ``str`` for an enum, a ``dict`` for a
model, an ``int`` for a ``Decimal``) or a value a validator would change raises ``TypeError``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

__all__ = ["FROZEN", "FROZEN_STRICT", "VALIDATE_ENV", "bare", "paused_gc", "restored", "unchecked", "validating"]

M = TypeVar("M", bound=BaseModel)

#: The configuration every juesuan model shares: immutable, and its validator and serializer
#: built when first needed (a ``model_validate``, a dump, a JSON Schema), not when the class is
#: defined. A check builds its values through :func:`unchecked`, so it builds none at all.
FROZEN = ConfigDict(frozen=True, defer_build=True)
#: The same for what a user writes (writer inputs, profiles): an unknown key is an error.
FROZEN_STRICT = ConfigDict(frozen=True, defer_build=True, extra="forbid")

#: Set to ``1`` to validate every unchecked construction (the test suite does).
VALIDATE_ENV = "JUESUAN_VALIDATE_BUILDS"
_VALIDATE = os.environ.get(VALIDATE_ENV) == "1"

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
    """An instance of ``cls`` whose fields are exactly ``data`` (every field present), unvalidated.

    A model with private attributes or a ``model_post_init`` gets them as ``__init__`` would."""
    if _VALIDATE:
        _validate(cls, data)
    obj = _new(cls)
    _set_dict(obj, data)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, None)
    if cls.__pydantic_post_init__ is not None:  # pydantic sets it for private attributes too
        obj.model_post_init(None)
    return obj


def restored(cls: type[M], data: dict[str, Any], fields_set: set[str], private: dict[str, Any] | None) -> M:
    """An instance of ``cls`` as :func:`bare` made it earlier, its private attributes (what its
    ``model_post_init`` computed then) given: a value kept from an earlier run (never validated)."""
    obj = _new(cls)
    _set_dict(obj, data)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, private)
    return obj


def validating() -> bool:
    """The test suite's switch (``JUESUAN_VALIDATE_BUILDS=1``) as the environment says now: what
    is kept between runs (built-in profiles, the bundled catalogue) is then made afresh, validated."""
    return os.environ.get(VALIDATE_ENV) == "1"


def _validate(cls: type[BaseModel], data: dict[str, Any]) -> None:
    """Raise ``TypeError`` unless ``data`` is exactly what strict validation of it would keep."""
    unknown = set(data) - set(cls.model_fields)
    missing = set(cls.model_fields) - set(data)
    if unknown or missing:
        raise TypeError(f"{cls.__name__}: fields {sorted(unknown)} unknown, {sorted(missing)} missing")
    try:
        valid = cls.model_validate(data, strict=True)
    except ValidationError as exc:
        raise TypeError(f"{cls.__name__} built unchecked from values of other types: {exc}") from exc
    for name, value in data.items():
        if not _same(getattr(valid, name), value):
            raise TypeError(f"{cls.__name__}.{name}: validation would give {getattr(valid, name)!r}, not {value!r}")


def _same(valid: object, value: object) -> bool:
    """Equal and of the same type, element by element in tuples."""
    if type(valid) is not type(value) or valid != value:
        return False
    if isinstance(value, tuple) and isinstance(valid, tuple):
        return all(_same(a, b) for a, b in zip(valid, value, strict=True))
    return True


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
