"""Money as published: ``Decimal`` amounts with a unit and the rounding step they were printed at.

A published figure is not a number but an interval: ``2,079.31 万元`` printed to 0.01 means some
true value in ``[2,079.305, 2,079.315]``. Every check that compares figures does so on intervals,
so a gap that rounding can explain (尾差) is told apart from a real error.

Intervals here are *closed*. Two independently rounded figures of the same true value can touch
at a boundary (``1,968.10`` and ``1,968.11`` both admit ``1,968.105``), and documents converted
from 元 to 万元 by the 决算 software do show such pairs.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from juesuan.model.build import Lazy, Model, unchecked
from juesuan.model.limits import bounded_decimal, number_problem
from juesuan.record import slot_setters

__all__ = [
    "Amount",
    "DecimalStr",
    "Interval",
    "MoneyError",
    "OutOfBounds",
    "Percent",
    "Unit",
    "decimal_places",
    "parse_decimal",
    "step_for_places",
]

#: Decimals are written to JSON/YAML as plain strings, never as floats.
#: Validated (a canonical file, the writer's input) against the bounds of :mod:`juesuan.model.limits`.
DecimalStr = Annotated[Decimal, Lazy("AfterValidator", bounded_decimal), Lazy("PlainSerializer", lambda d: format(d, "f"), return_type=str)]


class MoneyError(ValueError):
    """A text that was expected to be a figure is not one."""


class OutOfBounds(MoneyError):
    """A figure beyond the bounds of any real budget (:mod:`juesuan.model.limits`): too many
    digits, an exponent form (``1e999``), ``NaN``/``Infinity``. ``why`` says which, in Chinese."""

    def __init__(self, text: str, why: str) -> None:
        self.text = text
        self.why = why
        super().__init__(f"数字{why}：{text[:40]!r}")


class Unit(StrEnum):
    """Money units seen in 部门决算 documents."""

    YUAN = "元"
    QIANYUAN = "千元"
    WANYUAN = "万元"

    @property
    def factor(self) -> Decimal:
        """How many 元 one of this unit is."""
        return _FACTORS[self]

    @classmethod
    def from_text(cls, text: str) -> "Unit":
        """Recognise a unit in a text such as ``金额单位：万元`` or ``单位:元``."""
        for unit in (cls.WANYUAN, cls.QIANYUAN, cls.YUAN):
            if unit.value in text:
                return unit
        raise MoneyError(f"不认识的金额单位：{text!r}")


_FACTORS = {Unit.YUAN: Decimal(1), Unit.QIANYUAN: Decimal(1000), Unit.WANYUAN: Decimal(10000)}

#: The step a published figure of this unit is rounded to when it is printed with fewer decimals
#: (``871`` in a 万元 table stands for ``871.00``: trailing zeros are often dropped).
DEFAULT_STEP = {Unit.YUAN: Decimal("0.01"), Unit.QIANYUAN: Decimal("0.01"), Unit.WANYUAN: Decimal("0.01")}


def decimal_places(text: str) -> int:
    """Number of decimals printed in a numeric text (``"2,079.31"`` → 2, ``"871"`` → 0)."""
    cleaned = text.strip().rstrip("%").strip()
    if "." not in cleaned:
        return 0
    return len(cleaned.rsplit(".", 1)[1])


def step_for_places(places: int) -> Decimal:
    """The rounding step of a figure printed with ``places`` decimals."""
    return Decimal(1).scaleb(-places)


@lru_cache(maxsize=1 << 14)
def parse_decimal(text: str) -> Decimal:
    """Parse a printed figure: thousands separators, full-width digits, a leading minus or 负号.

    Raises :class:`MoneyError` when the text is not a figure, :class:`OutOfBounds` (a kind of it)
    when it is one beyond the bounds of :mod:`juesuan.model.limits`.
    """
    cleaned = text.strip().translate(_FULLWIDTH).replace(",", "").replace("，", "").replace(" ", "").replace("\u00a0", "")
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = "-" + cleaned[1:-1]
    cleaned = cleaned.replace("−", "-").replace("－", "-")
    if not cleaned:
        raise MoneyError(f"不是数字：{text!r}")
    if not _is_plain_number(cleaned):
        why = number_problem(cleaned)  # 1e999, NaN: figures of a kind, out of bounds
        if why is not None:
            raise OutOfBounds(text, why)
        raise MoneyError(f"不是数字：{text[:60]!r}")
    why = number_problem(cleaned)
    if why is not None:
        raise OutOfBounds(text, why)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - guarded by _is_plain_number
        raise MoneyError(f"不是数字：{text!r}") from exc


_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")


def _is_plain_number(text: str) -> bool:
    return _PLAIN_NUMBER.fullmatch(text) is not None


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval of possible true values ``[lo, hi]``.

    A slotted frozen dataclass, not a :class:`~juesuan.model.build.Model`: intervals are
    computed, never stored in a report, and the checker makes tens of thousands of them.
    """

    lo: Decimal
    hi: Decimal

    def __init__(self, lo: Decimal, hi: Decimal) -> None:  # the dataclass's, a check makes thousands (juesuan.record)
        _set_lo(self, lo)
        _set_hi(self, hi)

    @classmethod
    def point(cls, value: Decimal) -> "Interval":
        return cls(lo=value, hi=value)

    @classmethod
    def around(cls, value: Decimal, step: Decimal) -> "Interval":
        half = step / 2
        return cls(lo=value - half, hi=value + half)

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(lo=self.lo + other.lo, hi=self.hi + other.hi)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(lo=self.lo - other.hi, hi=self.hi - other.lo)

    def __neg__(self) -> "Interval":
        return Interval(lo=-self.hi, hi=-self.lo)

    def __mul__(self, other: "Interval") -> "Interval":
        products = [self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi]
        return Interval(lo=min(products), hi=max(products))

    def scale(self, factor: Decimal) -> "Interval":
        a, b = self.lo * factor, self.hi * factor
        return Interval(lo=min(a, b), hi=max(a, b))

    def __truediv__(self, other: "Interval") -> "Interval | None":
        """Quotient, or ``None`` when the divisor's interval contains zero."""
        if other.lo <= 0 <= other.hi:
            return None
        with localcontext() as ctx:
            ctx.prec = 34
            q = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi]
        return Interval(lo=min(q), hi=max(q))

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi

    def intersects(self, other: "Interval") -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def distance(self, other: "Interval") -> Decimal:
        """How far apart two intervals are (0 when they meet)."""
        if self.intersects(other):
            return Decimal(0)
        return other.lo - self.hi if self.hi < other.lo else self.lo - other.hi

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    @property
    def width(self) -> Decimal:
        return self.hi - self.lo


_set_lo, _set_hi = slot_setters(Interval, "lo", "hi")


def sum_intervals(items: list[Interval]) -> Interval:
    total = Interval.point(Decimal(0))
    for item in items:
        total = total + item
    return total


class Amount(Model):
    """A money figure as published: its value, unit and the step it was rounded to."""

    value: DecimalStr
    unit: Unit = Unit.WANYUAN
    step: DecimalStr = Decimal("0.01")

    @classmethod
    def parse(cls, text: str, unit: Unit = Unit.WANYUAN) -> "Amount":
        """Read a printed figure; the step follows the decimals printed (never coarser than 0.01)."""
        value = parse_decimal(text)
        places = decimal_places(text.translate(_FULLWIDTH).replace(",", ""))
        return unchecked(cls, value=value, unit=unit, step=min(DEFAULT_STEP[unit], step_for_places(places)))

    @classmethod
    def zero(cls, unit: Unit = Unit.WANYUAN) -> "Amount":
        return unchecked(cls, value=Decimal(0), unit=unit, step=Decimal(0))

    @property
    def interval(self) -> Interval:
        return Interval.around(self.value, self.step)

    def to(self, unit: Unit) -> "Amount":
        """The same figure in another unit (value and step scale together; nothing is rounded)."""
        if unit == self.unit:
            return self
        ratio = self.unit.factor / unit.factor
        return unchecked(Amount, value=_normal(self.value * ratio), unit=unit, step=_normal(self.step * ratio))

    def in_wanyuan(self) -> Decimal:
        return self.to(Unit.WANYUAN).value

    def __str__(self) -> str:
        return f"{self.value}{self.unit.value}"


def _normal(value: Decimal) -> Decimal:
    """Drop exponent noise (``1E+1`` → ``10``) while keeping exact digits."""
    normalized = value.normalize()
    if normalized == normalized.to_integral():
        return normalized.quantize(Decimal(1))
    return normalized


class Percent(Model):
    """A printed percentage (``48.98%``) as a value in percentage points and its rounding step."""

    value: DecimalStr
    step: DecimalStr = Decimal("0.01")

    @classmethod
    def parse(cls, text: str) -> "Percent":
        cleaned = text.strip().rstrip("%％").strip()
        value = parse_decimal(cleaned)
        return unchecked(cls, value=value, step=step_for_places(decimal_places(cleaned)))

    @property
    def interval(self) -> Interval:
        return Interval.around(self.value, self.step)

    def __str__(self) -> str:
        return f"{self.value}%"
