"""One department's annual 部门决算 as a single immutable value."""

from dataclasses import field
from enum import StrEnum
from typing import Literal, TypeVar, overload

from juesuan.model.build import Model
from juesuan.model.money import Unit
from juesuan.model.narrative import Fact, Narrative, Paragraph, Term, TocEntry
from juesuan.model.performance import ProjectEvaluation, WholeEvaluation
from juesuan.model.provenance import Source
from juesuan.model.tables import (
    BalanceTable,
    BasicExpenditureTable,
    ClassifiedTable,
    GenericTable,
    Table,
    TableKind,
    ThreePublicTable,
    first_table,
)

__all__ = [
    "UNREADABLE",
    "Assets",
    "DocumentKind",
    "Metadata",
    "OperatingCosts",
    "OrgUnit",
    "OtherMatters",
    "PerformanceSummary",
    "Procurement",
    "Report",
    "ThreePublicNarrative",
    "UnknownCode",
    "Unread",
    "UnreadScope",
    "VEHICLE_CATEGORIES",
]

SCHEMA_VERSION = 1


class DocumentKind(StrEnum):
    """What a document is, told from its structure (cover, 目录, part and table titles, headers)."""

    DEPARTMENT_FINAL = "部门决算"
    UNIT_FINAL = "单位决算"
    DEPARTMENT_BUDGET = "部门预算"
    UNIT_BUDGET = "单位预算"
    PERFORMANCE = "绩效报告"

    @property
    def is_final(self) -> bool:
        """A final account (部门决算 or 单位决算): what juesuan reads and checks."""
        return self in (DocumentKind.DEPARTMENT_FINAL, DocumentKind.UNIT_FINAL)


class Metadata(Model):
    department: str = ""  # as on the cover, e.g. 辽宁省朝阳市社会保险事业服务中心
    year: int | None = None
    kind: DocumentKind = DocumentKind.DEPARTMENT_FINAL  # 部门决算 or 单位决算
    family: str = "liaoning"  # the layout profile the reader detected (juesuan.profiles)
    family_score: int | None = None  # the detector's score for it (None: not detected, e.g. written by hand)
    money_unit: Unit = Unit.WANYUAN
    title: str = ""  # the cover title as printed
    source_file: str = ""
    source_format: str = ""  # text / pdf / xlsx / xls / docx / html
    pages: int | None = None
    source: Source = field(default_factory=Source)


class OrgUnit(Model):
    """A unit of the 决算单位构成."""

    name: str
    note: str = ""
    source: Source = field(default_factory=Source)


class OperatingCosts(Model):
    """(一) 机关运行经费."""

    amount: Fact | None = None
    change: Fact | None = None  # 增加/减少/持平
    change_amount: Fact | None = None
    change_rate: Fact | None = None
    paragraph: Paragraph | None = None


class Procurement(Model):
    """(二) 政府采购."""

    total: Fact | None = None
    goods: Fact | None = None
    works: Fact | None = None
    services: Fact | None = None
    sme: Fact | None = None  # 授予中小企业合同金额
    sme_share: Fact | None = None  # 占政府采购支出总额的 X%
    small_micro: Fact | None = None  # 其中：授予小微企业合同金额
    small_micro_share: Fact | None = None
    goods_sme_share: Fact | None = None
    works_sme_share: Fact | None = None
    services_sme_share: Fact | None = None
    paragraph: Paragraph | None = None


#: The vehicle categories of 国有资产占用 as the current forms list them (as of 31 December).
VEHICLE_CATEGORIES = (
    "副省级以上领导干部用车",
    "主要领导干部用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "离退休干部用车",
    "其他用车",
)


class Assets(Model):
    """(三) 国有资产占用."""

    as_of: Fact | None = None  # 截至 2024 年 12 月 31 日
    vehicles_total: Fact | None = None
    vehicles: dict[str, Fact] = field(default_factory=dict)  # category → count
    equipment: Fact | None = None  # 单价100万元（含）以上设备
    paragraph: Paragraph | None = None


class PerformanceSummary(Model):
    """(四) 预算绩效: what the narrative says about the self-evaluations."""

    projects: Fact | None = None
    projects_general: Fact | None = None
    projects_fund: Fact | None = None
    projects_capital: Fact | None = None
    money: Fact | None = None
    money_general: Fact | None = None
    money_fund: Fact | None = None
    money_capital: Fact | None = None
    coverage: Fact | None = None
    average_score: Fact | None = None
    whole_units: Fact | None = None
    whole_money: Fact | None = None
    whole_score: Fact | None = None
    listed_projects: Fact | None = None  # "…等 9 个项目绩效自评结果"
    project_summaries: "tuple[ProjectSummary, ...]" = ()
    paragraph: Paragraph | None = None


class ProjectSummary(Model):
    """A per-project paragraph of the 绩效 section: name, score, budget, spent, rate."""

    number: str = ""
    name: str
    score: Fact | None = None
    budget: Fact | None = None
    spent: Fact | None = None
    rate: Fact | None = None
    paragraph: Paragraph


class ThreePublicNarrative(Model):
    """The counts that the 三公 section must disclose."""

    groups: Fact | None = None  # 出国（境）团组 N 个
    group_people: Fact | None = None  # 累计 N 人次
    receptions: Fact | None = None  # 国内公务接待 N 批次
    reception_people: Fact | None = None
    reception_amount: Fact | None = None
    foreign_receptions: Fact | None = None  # 其中外事接待 N 批次
    foreign_people: Fact | None = None
    foreign_amount: Fact | None = None
    vehicles_bought: Fact | None = None  # 当年购置公务用车 N 辆
    vehicles_held: Fact | None = None  # 公务用车保有量 N 辆


class OtherMatters(Model):
    operating_costs: OperatingCosts | None = None
    procurement: Procurement | None = None
    assets: Assets | None = None
    performance: PerformanceSummary | None = None
    three_public: ThreePublicNarrative | None = None


class UnknownCode(Model):
    """A code read from the document that the shipped catalogue does not know."""

    scheme: str
    code: str
    name: str
    source: Source = field(default_factory=Source)


#: the sign for a character that could not be read (OCR below its confidence; a doubtful figure
#: in a sentence): a text holding it is compared as "could not read", never as wrong
UNREADABLE = "□"


class UnreadScope(StrEnum):
    """How much of the document a reading problem leaves unread."""

    CELL = "cell"  # one printed figure is not a number (``5..18``)
    ROWS = "rows"  # rows of a table or 自评表 were not read (a row that could not be placed, a table cut off)
    TABLE = "table"  # a table's body was not read at all (no ruling lines, a header not understood)
    REGION = "region"  # a page, a part of a sheet or the rest of the input: what it holds is unknown


class Unread(Model):
    """A part of the document that is there but could not be read, as its reading finding says.

    The checker tells what is *missing* from what is *absent* with these: an identity over an
    unread cell or over a table with unread rows cannot be checked, and a table or section not
    found cannot be called missing while a page or the end of the input was not read.
    """

    scope: UnreadScope
    problem: str  # the reading problem's id (RD02 …)
    severity: Literal["error", "warning", "info"] = "warning"
    message: str  # the reading finding's message (Chinese)
    table: str | None = None  # the canonical title of the table or 自评表 concerned
    part: str | None = None  # a 项目自评表's project (several forms share one title)
    sources: tuple[Source, ...] = ()

    @property
    def label(self) -> str:
        """The unread part named in Chinese, for "could not check" reasons."""
        first = self.sources[0] if self.sources else Source.quick()
        if self.scope is UnreadScope.CELL:
            place = "/".join(x for x in (first.row, first.column) if x)
            return f"{self.table or first.table or ''}{' ' + place if place else ''}".strip() or self.message
        if self.scope is UnreadScope.ROWS:
            return f"{self._table_name}的部分行"
        if self.scope is UnreadScope.TABLE:
            return self._table_name
        page = f"第{first.page}页" if first.page is not None else f"第{first.line}行" if first.line is not None else ""
        if self.table:  # the input ends inside this table
            return f"{self.table}{f'（{page}）' if page else ''}及其后的内容"
        if first.sheet is not None:
            return f"工作表“{first.sheet}”的一部分"
        return page or "文档的一部分"

    @property
    def _table_name(self) -> str:
        name = self.table or "表格"
        return f"{name}（{self.part}）" if self.part else name


T = TypeVar("T", BalanceTable, ClassifiedTable, BasicExpenditureTable, ThreePublicTable, GenericTable)


class Report(Model):
    """Everything read from one 部门决算 document."""

    schema_version: int = SCHEMA_VERSION
    metadata: Metadata = field(default_factory=Metadata)
    toc: tuple[TocEntry, ...] = ()
    narrative: Narrative = field(default_factory=Narrative)
    duties: tuple[Paragraph, ...] = ()  # 主要职责 / 主要职能
    units: tuple[OrgUnit, ...] = ()  # 决算单位构成
    glossary: tuple[Term, ...] = ()  # 名词解释
    matters: OtherMatters = field(default_factory=OtherMatters)
    tables: tuple[Table, ...] = ()
    projects: tuple[ProjectEvaluation, ...] = ()  # 预算项目（政策）绩效自评表
    whole: tuple[WholeEvaluation, ...] = ()  # 部门（单位）整体绩效自评表
    unknown_codes: tuple[UnknownCode, ...] = ()
    unread: tuple[Unread, ...] = ()  # what could not be read (each also a reading finding)

    @overload
    def table(self, kind: TableKind, shape: type[T]) -> T | None: ...
    @overload
    def table(self, kind: TableKind) -> Table | None: ...
    def table(self, kind: TableKind, shape: type | None = None) -> object:
        """The first table of ``kind`` (of the given shape when one is named)."""
        return first_table(self.tables, kind, shape or Model)
