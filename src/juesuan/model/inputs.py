"""What the writer needs to produce a complete 部门决算公开 document (layer 0).

A :class:`DocumentInput` holds only *data*: the nine tables as typed tables, last year's figures,
年初预算 where the text says "完成年初预算的X%", the counts and amounts that only people know (三公
团组/批次/车辆, 政府采购, 国有资产), the 绩效 projects with their indicators, and the "主要原因"
texts keyed by what they explain. Every share, change, percentage, score and total of the
document is computed from these by the writer (``juesuan.render``); none of them is stored here.

Reasons are keyed by :func:`reason_key` (``"收入总计|上年"``, ``"项:2080109|预算"``): the subject
explained, then what it is compared with (``上年`` = last year's 决算, ``预算`` = 年初预算). The same
keys name the rows of the fill-in workbook's 主要原因 sheet, so people read and type them.

Amounts are ``Decimal`` in 万元 (the unit of the published tables).
"""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from juesuan.model.money import DecimalStr
from juesuan.model.report import VEHICLE_CATEGORIES
from juesuan.model.tables import Table

__all__ = [
    "AGAINST_BUDGET",
    "AGAINST_PREVIOUS",
    "VEHICLE_CATEGORIES",
    "Assets",
    "Budgets",
    "DocumentInput",
    "GlossaryEntry",
    "IndicatorInput",
    "PerformanceManagement",
    "PreviousYear",
    "Procurement",
    "ProjectInput",
    "TaskInput",
    "ThreePublicCounts",
    "UnitEntry",
    "WholeInput",
    "reason_key",
]

AGAINST_PREVIOUS = "上年"
AGAINST_BUDGET = "预算"

#: The vehicle categories of the 国有资产占用 paragraph, in the order they are printed.
def reason_key(subject: str, against: str) -> str:
    """The key of a "主要原因": ``reason_key("收入总计", "上年")`` → ``"收入总计|上年"``."""
    return f"{subject}|{against}"


class _Frozen(BaseModel):
    """What the writer is given, validated as it is built: a user fills it in (a template, a
    YAML/JSON input), so it stays a Pydantic model; an unknown key is an error."""

    model_config = ConfigDict(frozen=True, defer_build=True, extra="forbid")


class UnitEntry(_Frozen):
    """A unit of the 决算单位构成."""

    name: str
    note: str = ""


class GlossaryEntry(_Frozen):
    """A department-specific 名词解释 (the standard terms come with the layout profile)."""

    term: str
    definition: str


class PreviousYear(_Frozen):
    """Last year's 决算 figures that year-over-year sentences compare with (``None`` = not given)."""

    income_total: DecimalStr | None = None  # 收入总计
    expenditure_total: DecimalStr | None = None  # 支出总计
    carryover_end: DecimalStr | None = None  # 年末结转和结余
    fiscal_total: DecimalStr | None = None  # 财政拨款收入支出总计
    fiscal_expenditure: DecimalStr | None = None  # 财政拨款支出
    general_expenditure: DecimalStr | None = None  # 一般公共预算财政拨款支出
    three_public: dict[str, DecimalStr] = Field(default_factory=dict)  # 三公 item (ThreePublicItem value) → 决算
    operating_costs: DecimalStr | None = None  # 机关运行经费
    #: last year's 决算 of the lines a layout compares one by one (the university layout's
    #: 收支决算总表说明 and 财政拨款支出决算表说明): an income line by its key (``事业收入``), a
    #: 支出功能分类 类 as ``类:205``, a 项 of the 财政拨款支出 as ``项:2050202``
    items: dict[str, DecimalStr] = Field(default_factory=dict)


class Budgets(_Frozen):
    """年初预算 figures that "完成年初预算的X%" needs (``None`` / absent = not given)."""

    fiscal_expenditure: DecimalStr | None = None  # 财政拨款支出
    fiscal_basic: DecimalStr | None = None
    fiscal_project: DecimalStr | None = None
    general_expenditure: DecimalStr | None = None  # 一般公共预算财政拨款支出
    items: dict[str, DecimalStr] = Field(default_factory=dict)  # 一般公共预算, 项 code → 年初预算
    fund_items: dict[str, DecimalStr] = Field(default_factory=dict)  # 政府性基金, 项 code → 年初预算
    capital_items: dict[str, DecimalStr] = Field(default_factory=dict)  # 国有资本经营, 项 code → 年初预算


class ThreePublicCounts(_Frozen):
    """What the 三公 section must disclose besides the amounts of 公开07表.

    A count is ``None`` when it was not given: the writer prints none it was not given — where the
    amount it goes with is not zero it refuses, naming the count (never "团组0个" beside 8.00 万元
    of 因公出国（境）费); where the amount is zero the count is zero."""

    groups: int | None = Field(default=None, ge=0)  # 因公出国（境）团组
    group_people: int | None = Field(default=None, ge=0)  # 人次
    receptions: int | None = Field(default=None, ge=0)  # 国内公务接待批次
    reception_people: int | None = Field(default=None, ge=0)  # 人（次）
    foreign_receptions: int | None = Field(default=None, ge=0)  # 其中外事接待批次
    foreign_people: int | None = Field(default=None, ge=0)
    foreign_amount: DecimalStr = Decimal(0)  # 外事接待金额（万元）
    vehicles_bought: int | None = Field(default=None, ge=0)  # 当年购置公务用车
    vehicles_held: int | None = Field(default=None, ge=0)  # 公务用车保有量
    uses: dict[str, str] = Field(default_factory=dict)  # item → 开支内容/主要用于 (optional)


class Procurement(_Frozen):
    """政府采购 (以合同签订为准), in 万元."""

    goods: DecimalStr = Decimal(0)
    works: DecimalStr = Decimal(0)
    services: DecimalStr = Decimal(0)
    sme_goods: DecimalStr = Decimal(0)  # 授予中小企业合同金额, by category
    sme_works: DecimalStr = Decimal(0)
    sme_services: DecimalStr = Decimal(0)
    small_micro: DecimalStr = Decimal(0)  # 其中：授予小微企业合同金额
    reserved_sme: DecimalStr = Decimal(0)  # 面向中小企业预留项目预算金额 (Shanghai)
    reserved_small_micro: DecimalStr = Decimal(0)


class Assets(_Frozen):
    """国有资产占用: vehicles by category (as of 31 December) and 单价100万元以上设备."""

    vehicles: dict[str, int] = Field(default_factory=dict)
    equipment: int = 0


class IndicatorInput(_Frozen):
    """One 三级指标 as set at the start of the year and as achieved.

    Quantitative: ``operator`` (``>=``, ``<=``, ``=`` …), numeric ``target`` and ``actual``.
    Qualitative: no operator, ``target`` a text (``规范``) and ``band`` the 达成 level
    (``全部或基本达成`` / ``部分达成`` / ``未达成``).
    """

    level1: str
    level2: str
    name: str
    operator: str = ""
    target: str
    unit: str = ""
    actual: str = ""
    weight: DecimalStr
    band: str = ""
    weight_cell: str = ""  # the template cell of the 分值 ("绩效指标!J5"), when read from a template
    deviation: tuple[str, ...] = ()  # 经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他
    reason: str = ""
    measures: str = ""


class ProjectInput(_Frozen):
    """A project (policy) evaluated by its 预算项目（政策）绩效自评表."""

    name: str
    department: str = ""  # 主管部门
    implementer: str = ""  # 实施单位
    fund: str = "一般公共预算"  # 一般公共预算 / 政府性基金预算 / 国有资本经营预算
    budget: DecimalStr  # 全年预算数（万元）
    spent: DecimalStr  # 全年执行数（万元）
    goal: str = ""  # 年初设定目标
    achieved: str = ""  # 全年实际完成情况
    indicators: tuple[IndicatorInput, ...] = ()
    summary: str = ""  # 项目绩效目标完成情况 (narrative)
    problems: str = ""  # 发现的主要问题及原因
    measures: str = ""  # 下一步改进措施


class TaskInput(_Frozen):
    """A 年度主要任务 of the 整体自评表."""

    name: str
    allotted: DecimalStr  # 项目下达金额
    spent: DecimalStr  # 项目执行金额
    weight: DecimalStr = Decimal(10)
    weight_cell: str = ""  # the template cell of the 分值, when read from a template


class WholeInput(_Frozen):
    """The 部门（单位）整体绩效自评表."""

    name: str
    budget_income: DecimalStr | None = None  # 部门年初预算收入金额
    budget_expenditure: DecimalStr | None = None
    tasks: tuple[TaskInput, ...] = ()
    goal: str = ""
    achieved: str = ""
    indicators: tuple[IndicatorInput, ...] = ()


class PerformanceManagement(_Frozen):
    """The 预算绩效管理 facts that only the Shanghai layout prints (optional)."""

    systems: str = ""  # 制度名称 …
    mechanism: str = ""
    target_projects: int | None = None  # 编报绩效目标的项目个数
    target_money: DecimalStr | None = None
    tracked_projects: int | None = None  # 绩效跟踪评价的项目
    tracked_money: DecimalStr | None = None
    problems_found: int | None = None
    problems_fixed: int | None = None
    problems_fixing: int | None = None


class DocumentInput(_Frozen):
    """Everything one department's 部门决算公开 document is written from."""

    department: str
    year: int
    family: str = "liaoning"  # the layout profile the data was read in (juesuan.profiles)
    unit_name: str = ""  # 单位：… on the tables (defaults to the department)
    duties: tuple[str, ...] = ()  # 主要职责, one item each
    units: tuple[UnitEntry, ...] = ()  # 决算单位构成
    tables: tuple[Table, ...] = ()  # the nine tables, typed
    previous: PreviousYear = Field(default_factory=PreviousYear)
    budgets: Budgets = Field(default_factory=Budgets)
    reasons: dict[str, str] = Field(default_factory=dict)  # reason_key(...) → 主要原因
    purposes: dict[str, str] = Field(default_factory=dict)  # "项:2080109" / "项目支出" → 主要是…/主要用于…
    three_public: ThreePublicCounts = Field(default_factory=ThreePublicCounts)
    operating_costs: DecimalStr | None = None  # 机关运行经费 (None: not given)
    procurement: Procurement = Field(default_factory=Procurement)
    assets: Assets = Field(default_factory=Assets)
    projects: tuple[ProjectInput, ...] = ()
    whole: WholeInput | None = None
    management: PerformanceManagement = Field(default_factory=PerformanceManagement)
    glossary: tuple[GlossaryEntry, ...] = ()  # department-specific terms
    #: where each figure was entered, for a fill-in workbook: ``"表名|行|列"`` (a table's
    #: canonical title, the row's code or key, the column; ``"表名|行|"`` for any column) → the
    #: template cells it comes from (``"工作表!D12"``). Computed cells (类/款 rows, 合计, 公开01/04表)
    #: list every cell they are summed from. Empty for data not read from a template.
    cells: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @property
    def table_unit(self) -> str:
        return self.unit_name or self.department
