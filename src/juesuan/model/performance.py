"""绩效自评: the 预算项目（政策）绩效自评表 and the 部门（单位）整体绩效自评表."""

from dataclasses import field
from decimal import Decimal

from juesuan.model.build import Model
from juesuan.model.money import DecimalStr, Interval, step_for_places
from juesuan.model.provenance import Source

__all__ = [
    "DEVIATION_CATEGORIES",
    "Figure",
    "Indicator",
    "ProjectEvaluation",
    "Task",
    "WholeEvaluation",
]

#: The five reason columns of 未完成原因分析 / 偏差原因分析.
DEVIATION_CATEGORIES = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")


class Figure(Model):
    """A printed number that is not a table amount: a score, a rate, a target, a count.

    ``value`` is ``None`` when the cell is blank or not a number (``text`` keeps what was printed).
    ``percent`` is true when it was printed with a ``%`` sign (``value`` is then in percentage
    points, ``92.0%`` → ``92.0``).
    """

    value: DecimalStr | None = None
    text: str = ""
    places: int = 0
    percent: bool = False
    source: Source = field(default_factory=Source)

    @property
    def step(self) -> Decimal:
        return step_for_places(self.places)

    @property
    def interval(self) -> Interval | None:
        if self.value is None:
            return None
        return Interval.around(self.value, self.step)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class Indicator(Model):
    """One 三级指标 row of a 自评表."""

    level1: str = ""  # 一级指标: 产出指标 / 效益指标 / 满意度指标 / 履职效能 / 管理效率 …
    level2: str = ""  # 二级指标: 数量指标 / 质量指标 / 时效指标 / 成本指标 / 社会效益指标 / 预算执行 …
    level3: str = ""  # a further grouping between 二级 and the indicator, where the form has one
    # (管理效率 / 预算执行 / 预算执行效率 / 预算执行率); empty in the usual three-level forms
    name: str  # 三级指标 (the indicator itself)
    operator: str = ""  # >= / <= / = / > / < ; "" for a qualitative target
    target: Figure = field(default_factory=Figure)  # 年度目标值 (内容)
    measure_unit: str = ""  # 度量单位
    actual: Figure = field(default_factory=Figure)  # 全年完成值
    completion: Figure = field(default_factory=Figure)  # 完成程度
    weight: Figure = field(default_factory=Figure)  # 分值
    score: Figure = field(default_factory=Figure)  # 得分
    deviation: tuple[str, ...] = ()  # the reason categories ticked (√)
    reason: str = ""  # 原因说明
    measures: str = ""  # 改进措施
    source: Source = field(default_factory=Source)

    @property
    def qualitative(self) -> bool:
        return self.target.value is None and bool(self.target.text)


class ProjectEvaluation(Model):
    """A 预算项目（政策）绩效自评表."""

    title: str = "预算项目（政策）绩效自评表"
    year: int | None = None
    year_text: str = ""
    name: str  # 项目（政策）名称
    department: str = ""  # 主管部门, as printed
    implementer: str = ""  # 实施单位, as printed
    budget: Figure = field(default_factory=Figure)  # 项目预算金额（万元） / 全年预算数
    spent: Figure = field(default_factory=Figure)  # 全年执行数（万元）
    rate: Figure = field(default_factory=Figure)  # 执行率
    goal: str = ""  # 年初设定目标
    achieved: str = ""  # 全年实际完成情况
    indicators: tuple[Indicator, ...] = ()
    subtotal: Figure = field(default_factory=Figure)  # 指标自评得分小计
    rate_score: Figure = field(default_factory=Figure)  # 预算执行率得分
    deduction: Figure = field(default_factory=Figure)  # 减分项
    total: Figure = field(default_factory=Figure)  # 绩效自评总得分
    source: Source = field(default_factory=Source)
    goal_source: Source = field(default_factory=Source)
    # the printed rows that are not indicator rows (year, 名称, 主管部门, 实施单位, headers, labels)
    lines: tuple[Source, ...] = ()


class Task(Model):
    """A 年度主要任务 line of the 整体自评表."""

    name: str
    allotted: Figure = field(default_factory=Figure)  # 项目下达金额
    spent: Figure = field(default_factory=Figure)  # 项目执行金额
    rate: Figure = field(default_factory=Figure)  # 项目执行率
    weight: Figure = field(default_factory=Figure)
    score: Figure = field(default_factory=Figure)
    source: Source = field(default_factory=Source)


class WholeEvaluation(Model):
    """A 部门（单位）整体绩效自评表."""

    title: str = "部门（单位）整体绩效自评表"
    year: int | None = None
    year_text: str = ""
    name: str = ""  # 部门（单位）名称, as printed
    budget_income: Figure = field(default_factory=Figure)  # 部门年初预算收入金额
    budget_expenditure: Figure = field(default_factory=Figure)  # 部门年初预算支出金额
    tasks: tuple[Task, ...] = ()
    goal: str = ""
    achieved: str = ""
    indicators: tuple[Indicator, ...] = ()
    total: Figure = field(default_factory=Figure)  # 总评价得分
    source: Source = field(default_factory=Source)
    goal_source: Source = field(default_factory=Source)
    lines: tuple[Source, ...] = ()  # as in ProjectEvaluation
