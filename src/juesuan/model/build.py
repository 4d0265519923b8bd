"""The records of the model, how juesuan builds them, and Pydantic at the boundaries.

Every value of the model (a report and its tables, cells, figures, sources), every finding and
every layout profile is a :class:`Model`: a frozen, keyword-only standard-library dataclass. Such a
record checks nothing when it is built: a reader creates thousands of cells, figures and facts per
document from values it has already parsed into the declared types, and the checker makes
findings from values it computed itself.

What comes from outside (a canonical JSON/YAML report, a user's profile, stored history, the JSON
Schema, JSON output) goes through Pydantic, at the boundary: :meth:`Model.model_validate`,
:meth:`Model.model_dump` and the rest build a ``TypeAdapter`` for the class the first time they are
used, so a check that reads a document and prints its findings never imports Pydantic. The names
are those of Pydantic's ``BaseModel`` and they do what its methods do, for the part of that
interface juesuan uses. Pydantic metadata in an ``Annotated`` type (a validator, a serializer, a
discriminator) is written :class:`Lazy`, made when a boundary first needs it.

:func:`unchecked` and :func:`bare` build a record from values of the declared types without
running the dataclass's ``__init__``. Use them, and the class itself, only with such values, never
with anything a user wrote (JSON/YAML/TOML, templates, forms, settings): that goes through
``model_validate``. Type safety is kept by the test suite: with ``JUESUAN_VALIDATE_BUILDS=1``
(``tests/conftest.py`` sets it) every record built — by these helpers or by its class — is validated
as well: a field name the record does not have, a value of another type (a list for a tuple, a
``str`` for an enum, a ``dict`` for a record, an ``int`` for a ``Decimal``) or a value a validator
would change raises ``TypeError``.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar, cast, dataclass_transform

from juesuan.record import Record

if TYPE_CHECKING:
    from typing import Self

    from pydantic import TypeAdapter

__all__ = [
    "VALIDATE_ENV",
    "Lazy",
    "Model",
    "adapter",
    "bare",
    "checked",
    "field_names",
    "paused_gc",
    "restored",
    "unchecked",
    "validating",
]

M = TypeVar("M", bound="Model")

#: Set to ``1`` to validate every record built without validation (the test suite does).
VALIDATE_ENV = "JUESUAN_VALIDATE_BUILDS"
_VALIDATE = os.environ.get(VALIDATE_ENV) == "1"


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field,))
class Model(Record):
    """A record of the model: subclasses are frozen keyword-only dataclasses (no decorator needed).

    ``class Profile(Model, strict=True)`` forbids unknown keys when a boundary validates it (what
    a user writes: profiles); otherwise unknown keys are ignored, as Pydantic's default is.
    Equality, hashing and ``repr`` are the dataclass's: field by field, the class included.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, *, strict: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if strict:
            cls.__pydantic_config__ = {"extra": "forbid"}
        dataclasses.dataclass(frozen=True, kw_only=True, repr=False)(cls)
        cls._derives = getattr(cls, "__post_init__", None)
        if _VALIDATE:
            _validate_init(cls)

    # ---- the boundary: Pydantic's BaseModel interface, as much of it as juesuan uses ---------

    @classmethod
    def model_validate(cls, data: object, *, strict: bool | None = None) -> Self:
        """Validate outside data (a dict of JSON-like values) into a record; ``ValidationError`` if it is not one."""
        result: Self = adapter(cls).validate_python(data, strict=strict)
        return result

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> Self:
        result: Self = adapter(cls).validate_json(data)
        return result

    @classmethod
    def model_json_schema(cls, mode: Literal["validation", "serialization"] = "validation") -> dict[str, Any]:
        return adapter(cls).json_schema(mode=mode)

    def model_dump(self, *, mode: Literal["python", "json"] = "python", exclude_none: bool = False, exclude_defaults: bool = False) -> dict[str, Any]:
        result: dict[str, Any] = adapter(type(self)).dump_python(self, mode=mode, exclude_none=exclude_none, exclude_defaults=exclude_defaults)
        return result

    def model_dump_json(self, *, exclude_none: bool = False) -> str:
        return adapter(type(self)).dump_json(self, exclude_none=exclude_none).decode()

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with some fields changed, unvalidated (as Pydantic's ``model_copy``)."""
        cls = type(self)
        data = self.__dict__.copy() if cls._derives is None else {name: self.__dict__[name] for name in field_names(cls)}
        if update:
            data.update(update)
        return bare(cls, data)

    #: The record's ``__post_init__``, if it derives private state from its fields (the
    #: catalogue's indexes): ``__init__`` calls it, and so do :func:`bare` and :meth:`model_copy`.
    _derives: ClassVar[Callable[[Any], None] | None] = None


# ---- the boundary: TypeAdapters made on first use ------------------------------------------------

_ADAPTERS: dict[object, TypeAdapter[Any]] = {}


def adapter(kind: Any) -> TypeAdapter[Any]:
    """Pydantic's validator and serializer for a record class or a type built of them (made once)."""
    made = _ADAPTERS.get(kind)
    if made is None:
        from pydantic import TypeAdapter

        made = _ADAPTERS[kind] = TypeAdapter(kind)
    return made


class Lazy:
    """Pydantic metadata for an ``Annotated`` type, made only when a boundary builds a schema with it.

    ``Annotated[Decimal, Lazy("AfterValidator", check)]`` means what
    ``Annotated[Decimal, AfterValidator(check)]`` means, without importing Pydantic where the type
    is declared: ``name`` is the Pydantic class, called with ``args`` and ``kwargs`` when needed —
    one Pydantic knows through ``__get_pydantic_core_schema__`` (its validators, serializers and
    ``Discriminator``) or constraints it applies to the type (``StringConstraints``).
    """

    __slots__ = ("args", "kwargs", "name")

    def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.name, self.args, self.kwargs = name, args, kwargs

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        import pydantic

        made = getattr(pydantic, self.name)(*self.args, **self.kwargs)
        known = getattr(made, "__get_pydantic_core_schema__", None)
        if known is not None:
            return known(source, handler)
        return handler.generate_schema(Annotated[source, made])  # constraints (StringConstraints, Field(ge=…))

    def __repr__(self) -> str:
        """The same text in every process (the kept profiles' key holds it): functions by name."""
        shown = [getattr(a, "__qualname__", None) or repr(a) for a in self.args]
        shown += [f"{k}={getattr(v, '__qualname__', None) or repr(v)}" for k, v in self.kwargs.items()]
        return f"Lazy({', '.join([repr(self.name), *shown])})"


def checked(schema: Any, *, before: Callable[[Any], Any] | None = None, after: Callable[[Any], Any] | None = None) -> Any:
    """A record's Pydantic schema with what validating it does beyond the types: ``before`` gets the
    outside data and returns it changed, ``after`` gets the record and raises ``ValueError`` (in
    Chinese) where it is not one. A record class returns this from its
    ``__get_pydantic_core_schema__(cls, source, handler)`` as ``checked(handler(source), …)``."""
    from pydantic_core import core_schema

    if after is not None:
        schema = core_schema.no_info_after_validator_function(after, schema)
    if before is not None:
        schema = core_schema.no_info_before_validator_function(before, schema)
    return schema


# ---- building without validation -------------------------------------------------------------

# per record class: its fields in order with their defaults (a default factory's field, and a
# required one, hold a placeholder), and the fields that have a default factory
_Defaults = tuple[dict[str, Any], tuple[tuple[str, Callable[..., Any]], ...]]
_DEFAULTS: dict[type, _Defaults] = {}
_NAMES: dict[type, tuple[str, ...]] = {}
_REQUIRED = object()  # the placeholder of a required field in the defaults


def field_names(cls: type[Model]) -> tuple[str, ...]:
    """The record's field names, in order."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cast(Any, cls)))
    return names


def unchecked(cls: type[M], **fields: Any) -> M:
    """An instance of ``cls`` with ``fields`` set and every other field at its default."""
    entry = _DEFAULTS.get(cls)
    if entry is None:
        entry = _DEFAULTS[cls] = _defaults(cls)
    plain, factories = entry
    data = plain.copy()
    for name, factory in factories:
        if name not in fields:
            data[name] = factory()
    data.update(fields)
    return bare(cls, data)


def _defaults(cls: type[Model]) -> _Defaults:
    plain: dict[str, Any] = {}
    factories = []
    for f in dataclasses.fields(cast(Any, cls)):
        if f.default_factory is not dataclasses.MISSING:
            plain[f.name] = None
            factories.append((f.name, f.default_factory))
        else:
            plain[f.name] = _REQUIRED if f.default is dataclasses.MISSING else f.default
    return plain, tuple(factories)


_new = object.__new__
_set_dict = Model.__dict__["__dict__"].__set__  # the instance dict itself, set in one step


def bare(cls: type[M], data: dict[str, Any]) -> M:
    """An instance of ``cls`` whose fields are exactly ``data`` (every field present), unvalidated.

    A record with a ``__post_init__`` gets what it derives, as ``__init__`` would give it."""
    if _VALIDATE:
        _validate(cls, data)
    obj = _new(cls)
    _set_dict(obj, data)
    derives = cls._derives
    if derives is not None:
        derives(obj)
    return obj


def restored(cls: type[M], data: dict[str, Any]) -> M:
    """An instance of ``cls`` whose instance dict is ``data`` — its fields and what its
    ``__post_init__`` derived from them then: a value kept from an earlier run (never validated)."""
    obj = _new(cls)
    _set_dict(obj, data)
    return obj


def validating() -> bool:
    """The test suite's switch (``JUESUAN_VALIDATE_BUILDS=1``) as the environment says now: what
    is kept between runs (built-in profiles, the bundled catalogue) is then made afresh, validated."""
    return os.environ.get(VALIDATE_ENV) == "1"


def _validate(cls: type[Model], data: dict[str, Any]) -> None:
    """Raise ``TypeError`` unless ``data`` holds exactly the fields of ``cls``, each of the declared
    type: what validating it would keep, value for value and type for type (a list where a tuple
    is declared, a ``str`` for an enum or an ``int`` for a ``Decimal`` would be converted)."""
    from pydantic import ValidationError

    names = field_names(cls)
    unknown = set(data) - set(names)
    missing = {name for name in names if data.get(name, _REQUIRED) is _REQUIRED}
    if unknown or missing:
        raise TypeError(f"{cls.__name__}: fields {sorted(unknown)} unknown, {sorted(missing)} missing")
    try:
        valid = adapter(cls).validate_python(data)
    except ValidationError as exc:
        raise TypeError(f"{cls.__name__} built unchecked from values of other types: {exc}") from exc
    for name, value in data.items():
        if not _same(getattr(valid, name), value):
            raise TypeError(f"{cls.__name__}.{name}: validation would give {getattr(valid, name)!r}, not {value!r}")


def _same(valid: object, value: object) -> bool:
    """Equal and of the same type, element by element in tuples and by key and value in dicts."""
    if type(valid) is not type(value) or valid != value:
        return False
    if isinstance(value, tuple) and isinstance(valid, tuple):
        return all(_same(a, b) for a, b in zip(valid, value, strict=True))
    if isinstance(value, dict) and isinstance(valid, dict):
        return all(_same(a, b) for a, b in zip(valid.items(), value.items(), strict=True))
    return True


def _validate_init(cls: type[Model]) -> None:
    """Under ``JUESUAN_VALIDATE_BUILDS=1``: the class's ``__init__`` validates what it was given too."""
    init = cls.__init__

    def validated_init(self: Model, **fields: Any) -> None:
        init(self, **fields)
        if type(self) is cls:
            _validate(cls, {name: self.__dict__[name] for name in field_names(cls)})

    validated_init.__wrapped__ = init  # type: ignore[attr-defined]
    setattr(cls, "__init__", validated_init)  # noqa: B010 (mypy: an __init__ is not assigned)


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
