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
