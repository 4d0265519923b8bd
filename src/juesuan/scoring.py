"""绩效自评 scoring policies (layer 1): how 完成程度, 得分, 执行率得分, 减分项 and 总分 follow from
the printed targets and actual values. The checker verifies tables with them; the writer computes
tables with them. Pure functions on ``Decimal``; no I/O.

The national default follows 财预〔2020〕10号 (see ../shared/DOMAIN.md §4.1–4.2): 执行率 10 points,
indicators 90; a quantitative indicator scores 分值 × min(完成值/指标值, 1); qualitative ones by
band; 执行率得分 = 10 × 执行数/预算数, capped at 10. Provinces differ, and the differences are
data: each region's profile (``juesuan/profiles/builtin/<name>.toml``, ``[scoring]``) sets the
fields of its :class:`ScoringPolicy` — e.g. Liaoning (inferred from the seed, DOMAIN.md §4.3–4.4)
rounds 完成程度 to two decimals of a fraction before multiplying (800/871 → 0.92 → 9.2) and caps
the total when 执行率 is low, booked as a 减分项 = 小计 + 执行率得分 − cap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from juesuan.model.limits import quantized
from juesuan.record import Record

__all__ = [
    "NATIONAL",
    "ScoringPolicy",
    "completion_ratio",
    "grade",
    "round_half_up",
]

def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round as people do on paper (0.005 → 0.01), not to even."""
    return quantized(value, Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _div(a: Decimal, b: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 28
        return a / b


def completion_ratio(operator: str, target: Decimal, actual: Decimal) -> Decimal | None:
    """完成程度 as a fraction in [0, 1] for a quantitative indicator (``None`` when undefined).

    ``>=``/``>`` (larger is better): actual/target, capped at 1. ``<=``/``<`` (smaller is better):
    1 when met, otherwise target/actual. ``=``: 1 when equal, otherwise the smaller over the larger.
    """
    op = operator.strip()
    if op in {">=", ">"}:
        if target <= 0:
            return Decimal(1) if actual >= target else Decimal(0)
        return min(_div(actual, target), Decimal(1)) if actual >= 0 else Decimal(0)
    if op in {"<=", "<"}:
        if actual <= target:
            return Decimal(1)
        if actual <= 0 or target < 0:
            return Decimal(0)
        return _div(target, actual)
    if op == "=":
        if actual == target:
            return Decimal(1)
        low, high = min(actual, target), max(actual, target)
        if high <= 0 or low < 0:
            return Decimal(0)
        return _div(low, high)
    return None


@dataclass(frozen=True, repr=False)
class ScoringPolicy(Record):
    """How one region scores a 项目支出绩效自评表."""

    name: str
    title: str
    rate_weight: Decimal = Decimal(10)
    indicator_total: Decimal = Decimal(90)
    #: 一级指标 weights "原则上" (in principle); ``None`` = not checked
    level1_weights: dict[str, Decimal] | None = None
    #: 完成程度 rounded to this many decimals *of a fraction* before scoring (``None`` = exact)
    completion_places: int | None = None
    #: (执行率 below this percentage, the total may not exceed this) — tightest first
    caps: tuple[tuple[Decimal, Decimal], ...] = ()
    #: qualitative bands, as fractions of the 分值: 达成 / 部分达成 / 未达成
    bands: tuple[tuple[str, Decimal, Decimal], ...] = field(
        default=(
            ("全部或基本达成", Decimal("0.8"), Decimal(1)),
            ("部分达成", Decimal("0.6"), Decimal("0.8")),
            ("未达成", Decimal(0), Decimal("0.6")),
        )
    )
    #: decimals of the 执行率 percentage of a 整体自评表 task before it is scored (Liaoning: whole %)
    task_rate_places: int = 2
    grades: tuple[tuple[Decimal, str], ...] = (
        (Decimal(90), "优"),
        (Decimal(80), "良"),
        (Decimal(60), "中"),
        (Decimal(0), "差"),
    )

    @property
    def short_title(self) -> str:
        """“辽宁（执行率低时封顶；……）” → “辽宁”: the policy's name without its explanation."""
        return self.title.split("（")[0]

    @property
    def total(self) -> Decimal:
        return self.rate_weight + self.indicator_total

    def scored_completion(self, ratio: Decimal) -> Decimal:
        """The completion fraction that the 分值 is multiplied by."""
        if self.completion_places is None:
            return ratio
        return round_half_up(ratio, self.completion_places)

    def indicator_score(self, weight: Decimal, ratio: Decimal) -> Decimal:
        return weight * self.scored_completion(ratio)

    def rate_score(self, budget: Decimal, spent: Decimal) -> Decimal | None:
        """执行率得分 = 分值 × 执行数/预算数, at most the 分值 (``None`` when the budget is 0)."""
        if budget <= 0:
            return None
        return min(self.rate_weight * _div(spent, budget), self.rate_weight)

    def cap_for(self, rate_percent: Decimal) -> Decimal | None:
        """The highest total allowed at this 执行率 (``None``: no cap)."""
        for below, cap in self.caps:
            if rate_percent < below:
                return cap
        return None

    def deduction(self, subtotal: Decimal, rate_score: Decimal, rate_percent: Decimal) -> Decimal:
        """减分项 needed to respect the cap (0 when none applies)."""
        cap = self.cap_for(rate_percent)
        if cap is None:
            return Decimal(0)
        return max(Decimal(0), subtotal + rate_score - cap)

    def grade(self, total: Decimal) -> str:
        return grade(total, self.grades)

    # -- the policy in words (the template's instructions, the writer's refusals) -----------------

    def weight_rule(self) -> str:
        """The rule on a project's indicator weights, in Chinese."""
        return (
            f"项目支出绩效自评表满分{_points(self.total)}分：预算执行率{_points(self.rate_weight)}分，"
            f"绩效指标分值合计{_points(self.indicator_total)}分"
        )

    def whole_rule(self) -> str:
        """The rule on a 整体自评表's weights, in Chinese."""
        return f"部门（单位）整体绩效自评表满分{_points(self.total)}分：年度主要任务分值与绩效指标分值合计{_points(self.total)}分"

    def rules(self) -> list[str]:
        """Every rule of the policy a person filling in the template must know, in Chinese."""
        lines = [f"评分规则：{self.title}。", self.weight_rule() + "；每个项目的三级指标“分值”之和必须等于" + f"{_points(self.indicator_total)}分。"]
        if self.level1_weights:
            parts = "、".join(f"{name}{_points(w)}分" for name, w in self.level1_weights.items())
            lines.append(f"一级指标分值原则上为：{parts}。")
        completion = "完成程度最高按100%计（超额完成不加分），指标得分 = 分值 × 完成程度"
        if self.completion_places is not None:
            completion += f"；完成程度按{self.completion_places}位小数（如0.92）计分"
        lines.append(completion + "。")
        lines.append(f"执行率得分 = {_points(self.rate_weight)} × 全年执行数 ÷ 全年预算数，最高{_points(self.rate_weight)}分。")
        for below, cap in self.caps:
            lines.append(f"预算执行率低于{_points(below)}%的，总分不超过{_points(cap)}分（以减分项体现）。")
        lines.append(self.whole_rule() + "。")
        return lines


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


def grade(total: Decimal, grades: tuple[tuple[Decimal, str], ...] = ScoringPolicy.grades) -> str:
    for floor, name in grades:
        if total >= floor:
            return name
    return grades[-1][1]


NATIONAL = ScoringPolicy(
    name="national",
    title="财预〔2020〕10号（全国通行）",
    level1_weights={"产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)},
)
