"""``Record.__repr__`` prints what the repr ``dataclasses`` writes prints, and juesuan's dataclasses
use it rather than having one compiled for each class (see ``juesuan/record.py``)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

import pytest

import juesuan
from juesuan.record import Record

T = TypeVar("T")


@dataclass(frozen=True)
class Written:
    amount: Decimal
    name: str = "财政局"
    hidden: int = field(default=0, repr=False)
    items: tuple[str, ...] = ()


@dataclass(frozen=True, repr=False)
class Shared(Record):
    amount: Decimal
    name: str = "财政局"
    hidden: int = field(default=0, repr=False)
    items: tuple[str, ...] = ()


@dataclass
class WrittenNode:
    label: str
    children: list[Any] = field(default_factory=list)


@dataclass(repr=False)
class SharedNode(Record):
    label: str
    children: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class WrittenOuter:
    @dataclass(frozen=True)
    class Inner(Generic[T]):
        value: T


@dataclass(frozen=True, repr=False)
class SharedOuter(Record):
    @dataclass(frozen=True, repr=False, slots=True)
    class Inner(Record, Generic[T]):
        value: T


@dataclass(frozen=True)
class WrittenChild(Written):
    extra: str = "附加"


@dataclass(frozen=True, repr=False)
class SharedChild(Shared):
    extra: str = "附加"


def _same(written: object, shared: object) -> None:
    assert repr(shared) == repr(written).replace("Written", "Shared")


@pytest.mark.parametrize(
    "args",
    [(Decimal("2079.31"),), (Decimal("-0.00"), "上海市“普陀区”\n", 7, ("一", "二"))],
)
def test_the_same_text_as_the_written_repr(args: tuple[Any, ...]) -> None:
    _same(Written(*args), Shared(*args))
    _same(WrittenChild(*args), SharedChild(*args))


def test_nested_generic_and_slotted_classes() -> None:
    _same(WrittenOuter.Inner(Decimal(1)), SharedOuter.Inner(Decimal(1)))
    assert repr(SharedOuter.Inner("x")) == "SharedOuter.Inner(value='x')"


def test_an_object_containing_itself() -> None:
    written, shared = WrittenNode("根"), SharedNode("根")
    written.children.append(written)
    shared.children.append(shared)
    written.children.append(WrittenNode("叶"))
    shared.children.append(SharedNode("叶"))
    _same(written, shared)
    assert "..." in repr(shared)


def _juesuan_dataclasses() -> list[type]:
    out = []
    for info in pkgutil.walk_packages(juesuan.__path__, "juesuan."):
        if info.name.startswith("juesuan.model") or info.name == "juesuan.__main__":
            continue  # the model's classes are its own
        try:
            module = importlib.import_module(info.name)
        except ModuleNotFoundError as exc:  # an optional package (web, store, OCR) not installed
            if exc.name is None or exc.name.startswith("juesuan"):
                raise
            continue
        out += [v for v in vars(module).values() if isinstance(v, type) and v.__module__ == info.name and dataclasses.is_dataclass(v)]
    return out


def test_juesuan_dataclasses_share_the_repr() -> None:
    classes = _juesuan_dataclasses()
    assert len(classes) > 60
    writing_their_own = [c.__qualname__ for c in classes if c.__dataclass_params__.repr or not issubclass(c, Record)]  # type: ignore[attr-defined]
    assert writing_their_own == []


# ---- the hand-written __init__ of the records a check makes by the thousand (slot_setters) -------

def _hand_written() -> list[tuple[type, dict[str, Any]]]:
    from juesuan.check.quantities import Fig
    from juesuan.culprits import Quantity, Role
    from juesuan.model.money import Interval

    interval = Interval(Decimal("1.5"), Decimal("2.5"))
    quantity = Quantity(key=("公开03表", "2080505"), value=Decimal("8.69"), step=Decimal("0.01"), role=Role.CLAIM, source="s")
    return [
        (Interval, {"lo": Decimal("1.5"), "hi": Decimal("2.5")}),
        (Fig, {"value": Decimal("8.69"), "interval": interval, "sources": (), "blank": True, "terms": ((1, quantity),), "constant": Decimal(1), "traced": True}),
        (Quantity, {"key": ("公开03表", "2080505"), "value": Decimal("8.69"), "step": Decimal("0.01"), "role": Role.CLAIM, "source": "s", "bounds": None}),
        (Quantity, {"key": "k", "value": Decimal("0"), "step": Decimal("0.01"), "bounds": (Decimal(0), Decimal(0))}),
    ]


def _generated_twin(cls: type) -> type:
    """The same dataclass (fields, frozen, eq) with the ``__init__`` dataclasses writes."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    specs = [(f.name, f.type, dataclasses.field(default=f.default, init=f.init, repr=f.repr, compare=f.compare)) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, specs, frozen=params.frozen, eq=params.eq, slots=True)


@pytest.mark.parametrize(("cls", "values"), _hand_written(), ids=lambda v: getattr(v, "__name__", ""))
def test_hand_written_init_is_the_dataclass_one(cls: type, values: dict[str, Any]) -> None:
    import inspect

    twin = _generated_twin(cls)
    assert list(inspect.signature(cls.__init__).parameters.values()) == list(inspect.signature(twin.__init__).parameters.values())
    made, twin_made = cls(**values), twin(**values)
    for f in dataclasses.fields(cls):
        if f.init:
            assert getattr(made, f.name) == getattr(twin_made, f.name)
    assert repr(made).removeprefix(cls.__qualname__) == repr(twin_made).removeprefix(twin.__qualname__)
    positional = cls(*values.values())
    if cls.__dataclass_params__.eq:  # type: ignore[attr-defined]
        assert made == positional and hash(made) == hash(positional)
        assert dataclasses.replace(made) == made
    else:
        assert made != positional  # identity: a quantity is itself only
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.__setattr__(dataclasses.fields(cls)[0].name, None)
    with pytest.raises(TypeError):
        cls()


def test_quantity_interval_is_its_bounds_or_half_a_step_around_it() -> None:
    from juesuan.culprits import Quantity

    q = Quantity("k", Decimal("8.69"), Decimal("0.01"))
    assert (q.lo, q.hi) == (Decimal("8.685"), Decimal("8.695"))
    assert "lo" not in repr(q)
    moved = dataclasses.replace(q, value=Decimal("80.69"))
    assert (moved.lo, moved.hi) == (Decimal("80.685"), Decimal("80.695"))
    bounded = Quantity("k", Decimal("0"), Decimal("0.01"), bounds=(Decimal(0), Decimal(0)))
    assert (bounded.lo, bounded.hi) == (Decimal(0), Decimal(0))
