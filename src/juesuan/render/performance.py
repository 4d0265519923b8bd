"""绩效自评 computed from targets and actuals by a scoring policy (:mod:`juesuan.scoring`).

完成程度, 得分, 指标小计, 执行率, 执行率得分, 减分项 and 总分 are never typed: they follow from the
indicators and the money. What is printed is kept consistent with itself: 总分 = 小计 + 执行率得分
− 减分项 holds for the printed (rounded) figures, and a cap (Liaoning: 执行率 below 60 % → at most
59) is booked as the 减分项 that brings the printed total to the cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.inputs import IndicatorInput, ProjectInput, WholeInput
from juesuan.model.limits import quantized
from juesuan.model.money import MoneyError, parse_decimal
from juesuan.record import Record
from juesuan.scoring import ScoringPolicy, completion_ratio, round_half_up

__all__ = ["ScoredIndicator", "ScoredProject", "ScoredTask", "ScoredWhole", "score_project", "score_whole", "show_score"]

_TWO = Decimal("0.01")


@dataclass(frozen=True, repr=False)
class ScoredIndicator(Record):
    source: IndicatorInput
    completion: Decimal  # fraction that the 分值 is multiplied by
    score: Decimal
    problem: str = ""  # why it could not be scored (bad number)


@dataclass(frozen=True, repr=False)
class ScoredProject(Record):
    source: ProjectInput
    indicators: tuple[ScoredIndicator, ...]
    rate: Decimal | None  # 执行率 in percent, 2 decimals
    subtotal: Decimal  # printed (2 decimals)
    rate_score: Decimal  # printed
    deduction: Decimal  # printed
    total: Decimal  # printed
    grade: str


@dataclass(frozen=True, repr=False)
class ScoredTask(Record):
    name: str
    allotted: Decimal
    spent: Decimal
    rate: Decimal | None  # percent, as printed
    weight: Decimal
    score: Decimal


@dataclass(frozen=True, repr=False)
class ScoredWhole(Record):
    source: WholeInput
    tasks: tuple[ScoredTask, ...]
    indicators: tuple[ScoredIndicator, ...]
    total: Decimal


def _number(text: str) -> Decimal | None:
    cleaned = text.strip().replace(",", "").rstrip("%％").strip()
    if not cleaned:
        return None
    try:
        return parse_decimal(cleaned)  # bounded: NaN, 1e999 and 30 digits are no indicator value
    except MoneyError:
        return None


_BAND_TOP = {"全部或基本达成": Decimal(1), "部分达成": Decimal("0.8"), "未达成": Decimal("0.6")}


def score_indicator(ind: IndicatorInput, policy: ScoringPolicy) -> ScoredIndicator:
    if not ind.operator:
        top = _BAND_TOP.get(ind.band, Decimal(1))
        return ScoredIndicator(source=ind, completion=top, score=ind.weight * top)
    target, actual = _number(ind.target), _number(ind.actual)
    if target is None or actual is None:
        return ScoredIndicator(source=ind, completion=Decimal(0), score=Decimal(0), problem="指标值或完成值不是数字")
    ratio = completion_ratio(ind.operator, target, actual)
    if ratio is None:
        return ScoredIndicator(source=ind, completion=Decimal(0), score=Decimal(0), problem=f"不认识的运算符号“{ind.operator}”")
    completion = policy.scored_completion(ratio)
    return ScoredIndicator(source=ind, completion=completion, score=ind.weight * completion)


def show_score(value: Decimal) -> Decimal:
    """A score as printed: exact when it has at most three decimals, else rounded to two."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -3:
        return normal if exponent <= 0 else quantized(normal, Decimal(1))
    return round_half_up(value, 2)


def score_project(project: ProjectInput, policy: ScoringPolicy) -> ScoredProject:
    indicators = tuple(score_indicator(i, policy) for i in project.indicators)
    subtotal = round_half_up(sum((show_score(i.score) for i in indicators), Decimal(0)), 2)
    exact_rate = policy.rate_score(project.budget, project.spent)
    rate_score = round_half_up(exact_rate, 2) if exact_rate is not None else Decimal("0.00")
    rate = round_half_up(project.spent * 100 / project.budget, 2) if project.budget > 0 else None
    deduction = policy.deduction(subtotal, rate_score, rate) if rate is not None else Decimal(0)
    total = subtotal + rate_score - deduction
    return ScoredProject(
        source=project,
        indicators=indicators,
        rate=rate,
        subtotal=subtotal,
        rate_score=rate_score,
        deduction=round_half_up(deduction, 2),
        total=round_half_up(total, 2),
        grade=policy.grade(total),
    )


def score_whole(whole: WholeInput, policy: ScoringPolicy) -> ScoredWhole:
    tasks = []
    for task in whole.tasks:
        rate = round_half_up(task.spent * 100 / task.allotted, policy.task_rate_places) if task.allotted > 0 else None
        fraction = min(rate / 100, Decimal(1)) if rate is not None else Decimal(0)
        tasks.append(
            ScoredTask(
                name=task.name,
                allotted=task.allotted,
                spent=task.spent,
                rate=rate,
                weight=task.weight,
                score=show_score(task.weight * fraction),
            )
        )
    indicators = tuple(score_indicator(i, policy) for i in whole.indicators)
    total = round_half_up(sum((t.score for t in tasks), Decimal(0)) + sum((show_score(i.score) for i in indicators), Decimal(0)), 2)
    return ScoredWhole(source=whole, tasks=tuple(tasks), indicators=indicators, total=total)
