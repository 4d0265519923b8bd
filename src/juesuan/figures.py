"""The arithmetic of the narrative (layer 1): shares, year-over-year changes, 完成预算的X%, and
the words that go with them. The writer prints these; the checker verifies printed ones against
the interval of values that the rounded inputs allow.

Conventions (DOMAIN.md §3.3): percentages have two decimals, rounded half up; a change of zero is
written 持平, never 增加0; a share or rate with a zero denominator is not a number.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from juesuan.model.money import Interval
from juesuan.scoring import round_half_up

__all__ = [
    "DECREASE_WORDS",
    "INCREASE_WORDS",
    "LEVEL_WORDS",
    "change_rate",
    "direction",
    "percent",
    "percent_interval",
]

INCREASE_WORDS = ("增加", "增长", "上升", "大于", "高于", "超过")
DECREASE_WORDS = ("减少", "下降", "降低", "小于", "低于")
LEVEL_WORDS = ("持平", "等于", "相等")


def percent(numerator: Decimal, denominator: Decimal, places: int = 2) -> Decimal | None:
    """``numerator / denominator × 100`` rounded half up (``None`` when the denominator is 0)."""
    if denominator == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return round_half_up(numerator * 100 / denominator, places)


def percent_interval(numerator: Interval, denominator: Interval) -> Interval | None:
    """All values ``a / b × 100`` for ``a``, ``b`` in the intervals (``None`` if ``b`` may be 0)."""
    quotient = numerator / denominator
    return quotient.scale(Decimal(100)) if quotient is not None else None


def change_rate(current: Decimal, previous: Decimal, places: int = 2) -> Decimal | None:
    """Year-over-year rate in percent: (current − previous) / previous × 100."""
    return percent(current - previous, previous, places)


def direction(difference: Decimal, increase: str = "增加", decrease: str = "减少", level: str = "持平") -> str:
    """The word for a change: 增加 / 减少 / 持平 (or the pair given)."""
    if difference > 0:
        return increase
    if difference < 0:
        return decrease
    return level
