"""The standard tables of a 部门决算 as typed structures, with their canonical titles and aliases.

Four shapes cover the nine tables of every family:

- :class:`BalanceTable` — the two-sided 收入/支出 tables with 行次 (公开01表, 公开04表, the
  university 收支决算总表);
- :class:`ClassifiedTable` — rows by 支出功能分类 code (公开02/03/05/08/09表 and the university tables);
- :class:`BasicExpenditureTable` — the three side-by-side blocks of 公开06表, by economic code;
- :class:`ThreePublicTable` — the 三公 table, in its row layout (Liaoning) or one wide row (Shanghai).

A table that is recognised as a table but is not one of these (the extra tables of 12-table
variants) is kept whole as a :class:`GenericTable`, so that nothing read is dropped.
"""

from collections.abc import Iterable, Iterator
from dataclasses import field
from enum import StrEnum
from typing import Annotated, Literal, TypeVar

from juesuan.model.build import Lazy, Model, unchecked
from juesuan.model.codes import Code
from juesuan.model.money import Amount, Unit
from juesuan.model.provenance import Source

__all__ = [
    "BLANK_MARKS",
    "first_table",
    "money_cells",
    "FUNDS",
    "BalanceLine",
    "BalanceTable",
    "BasicExpenditureTable",
    "BasicItem",
    "ClassifiedRow",
    "ClassifiedTable",
    "ColumnSpec",
    "GenericTable",
    "MoneyCell",
    "Side",
    "Table",
    "TableHeader",
    "TableKind",
    "TableSpec",
    "ThreePublicItem",
    "ThreePublicRow",
    "ThreePublicTable",
    "TABLE_SPECS",
    "spec_for",
]


class TableKind(StrEnum):
    """The standard tables, named by their canonical Chinese titles."""

    INCOME_EXPENDITURE_SUMMARY = "收入支出决算总表"
    INCOME = "收入决算表"
    EXPENDITURE = "支出决算表"
    FISCAL_SUMMARY = "财政拨款收入支出决算总表"
    GENERAL_EXPENDITURE = "一般公共预算财政拨款支出决算表"
    GENERAL_BASIC = "一般公共预算财政拨款基本支出决算表"
    THREE_PUBLIC = "财政拨款“三公”经费支出决算表"
    GOV_FUND = "政府性基金预算财政拨款收入支出决算表"
    STATE_CAPITAL = "国有资本经营预算财政拨款支出决算表"
    FISCAL_EXPENDITURE = "财政拨款支出决算表"  # the university table 4
    OTHER = "其他表"


class ColumnSpec(Model):
    """A canonical column and the header texts that mean it."""

    key: str
    aliases: tuple[str, ...] = ()


class TableSpec(Model):
    """What every layout shares about one standard table: its shape, its columns, and the title
    variants publishers print whatever their layout. How a layout numbers and titles it (and the
    titles only one family prints) is in that layout's profile (:mod:`juesuan.profiles`)."""

    kind: TableKind
    shape: Literal["balance", "classified", "basic", "three_public", "generic"]
    aliases: tuple[str, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()
    income_columns: tuple[ColumnSpec, ...] = ()
    optional: bool = False  # may legitimately be empty (08/09)

    @property
    def title(self) -> str:
        return self.kind.value


def _cols(*specs: str | tuple[str, ...]) -> tuple[ColumnSpec, ...]:
    out = []
    for spec in specs:
        if isinstance(spec, tuple):
            out.append(unchecked(ColumnSpec, key=spec[0], aliases=spec[1:]))
        else:
            out.append(unchecked(ColumnSpec, key=spec))
    return tuple(out)


_FUND_COLUMNS = _cols(
    ("合计", "小计"),
    ("一般公共预算财政拨款", "一般公共预算"),
    ("政府性基金预算财政拨款", "政府性基金预算", "政府性基金"),
    ("国有资本经营预算财政拨款", "国有资本经营预算", "国有资本经营"),
)

# 公开08/09表 (政府性基金, 国有资本经营): carry-over in, income, spending, carry-over out
_CARRYOVER_COLUMNS = _cols(
    ("年初结转和结余", "年初结转结余"),
    "本年收入",
    ("本年支出合计", "小计", "合计", "本年支出"),
    "基本支出",
    "项目支出",
    ("年末结转和结余", "年末结转结余"),
)

TABLE_SPECS: tuple[TableSpec, ...] = (
    unchecked(
        TableSpec,
        kind=TableKind.INCOME_EXPENDITURE_SUMMARY,
        shape="balance",
        aliases=("收支决算总表", "部门收支决算总表"),
        income_columns=_cols(("金额", "决算数", "决算金额")),
        columns=_cols(("金额", "决算数", "决算金额")),
    ),
    unchecked(
        TableSpec,
        kind=TableKind.INCOME,
        shape="classified",
        aliases=("收入决算总表", "部门收入决算表"),
        columns=_cols(
            ("本年收入合计", "合计", "本年收入"),
            ("财政拨款收入", "财政拨款"),
            "其中：政府性基金预算财政拨款",
            "上级补助收入",
            "事业收入",
            ("其中：教育收费", "教育收费"),
            "经营收入",
            "附属单位上缴收入",
            "其他收入",
            ("其中：捐赠收入", "捐赠收入"),
        ),
    ),
    unchecked(
        TableSpec,
        kind=TableKind.EXPENDITURE,
        shape="classified",
        aliases=("支出决算总表", "部门支出决算表"),
        columns=_cols(
            ("本年支出合计", "合计", "本年支出"),
            "基本支出",
            "项目支出",
            "上缴上级支出",
            "经营支出",
            "对附属单位补助支出",
        ),
    ),
    unchecked(
        TableSpec,
        kind=TableKind.FISCAL_SUMMARY,
        shape="balance",
        aliases=("财政拨款收支决算总表",),
        income_columns=_cols(("金额", "决算数", "决算金额")),
        columns=_FUND_COLUMNS,
    ),
    unchecked(
        TableSpec,
        kind=TableKind.GENERAL_EXPENDITURE,
        shape="classified",
        aliases=("一般公共预算财政拨款支出决算明细表",),
        columns=_cols(("合计", "小计", "本年支出合计"), "基本支出", "项目支出"),
    ),
    unchecked(
        TableSpec,
        kind=TableKind.GENERAL_BASIC,
        shape="basic",
        columns=_cols(("决算数", "金额")),
    ),
    unchecked(
        TableSpec,
        kind=TableKind.THREE_PUBLIC,
        shape="three_public",
        aliases=(
            "财政拨款三公经费支出决算表",
            "一般公共预算财政拨款“三公”经费支出决算表",
            "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表",
            "“三公”经费支出决算表",
        ),
        columns=_cols(("预算数", "年初预算数", "预算"), ("决算数", "决算")),
    ),
    unchecked(
        TableSpec,
        kind=TableKind.GOV_FUND,
        shape="classified",
        aliases=("政府性基金预算财政拨款支出决算表",),
        columns=_CARRYOVER_COLUMNS,
        optional=True,
    ),
    unchecked(
        TableSpec,
        kind=TableKind.STATE_CAPITAL,
        shape="classified",
        aliases=("国有资本经营预算财政拨款（收入）支出决算表",),
        columns=_CARRYOVER_COLUMNS,
        optional=True,
    ),
    unchecked(
        TableSpec,
        kind=TableKind.FISCAL_EXPENDITURE,
        shape="classified",
        columns=_cols(
            ("合计", "本年支出合计", "小计"),
            "基本支出",
            "项目支出",
            ("其中：基本建设资金支出", "基本建设资金支出"),
        ),
    ),
)

_SPEC_BY_KIND = {spec.kind: spec for spec in TABLE_SPECS}


def spec_for(kind: TableKind) -> TableSpec:
    return _SPEC_BY_KIND.get(kind) or unchecked(TableSpec, kind=kind, shape="generic")


#: What a table prints in a cell that holds no figure (a blank cell means 0).
BLANK_MARKS = frozenset({"", "-", "—", "－", "/", "——"})


class MoneyCell(Model):
    """One amount cell: the figure (``None`` when the cell is blank or not a number), as printed, and where."""

    amount: Amount | None = None
    text: str = ""
    source: Source = field(default_factory=Source)

    @property
    def blank(self) -> bool:
        return self.amount is None

    @property
    def unreadable(self) -> bool:
        """Something is printed, but not a figure (``5..18``): neither a value nor a blank."""
        return self.amount is None and self.text.strip() not in BLANK_MARKS

    def or_zero(self, unit: Unit = Unit.WANYUAN) -> Amount:
        """The figure, a blank counting as an exact zero (blank cells mean 0)."""
        return self.amount if self.amount is not None else Amount.zero(unit)


class TableHeader(Model):
    """What surrounds the grid: title, number, 单位, year, money unit, notes."""

    title: str  # as printed
    number: str = ""  # as printed, e.g. "公开01表" / "表1"
    number_value: int | None = None
    unit_name: str = ""  # 单位：…
    year: int | None = None
    year_text: str = ""
    money_unit: Unit = Unit.WANYUAN
    notes: tuple[str, ...] = ()
    empty_statement: str = ""  # "如本表为空…" / "…故本表无数据。"
    source: Source = field(default_factory=Source)
    # where the rest was printed: the number/单位/year/money-unit lines, the column-header rows and
    # the notes, each with its text as printed, in reading order
    lines: tuple[Source, ...] = ()


#: The three kinds of 财政拨款, in the order the forms print them: 公开04表's columns and lines,
#: and (with 收入 added) 公开01表's income lines.
FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


class Side(StrEnum):
    INCOME = "收入"
    EXPENDITURE = "支出"


class BalanceLine(Model):
    """One line of a two-sided table (one side of a printed row)."""

    side: Side
    line_no: int | None = None  # 行次
    label: str = ""  # as printed, ordinal kept ("八、社会保障和就业支出")
    key: str = ""  # canonical item ("社会保障和就业支出", "本年收入合计", "年初财政拨款结转和结余/一般公共预算财政拨款")
    code: Code | None = None  # the 功能分类 类 of an expenditure line
    cells: dict[str, MoneyCell] = field(default_factory=dict)
    source: Source = field(default_factory=Source)


class BalanceTable(Model):
    layout: Literal["balance"] = "balance"
    kind: TableKind
    header: TableHeader
    income_columns: tuple[str, ...] = ()
    expenditure_columns: tuple[str, ...] = ()
    lines: tuple[BalanceLine, ...] = ()
    source: Source = field(default_factory=Source)

    def side(self, side: Side) -> list[BalanceLine]:
        return [line for line in self.lines if line.side == side]

    def line(self, side: Side, key: str) -> BalanceLine | None:
        for line in self.lines:
            if line.side == side and line.key == key:
                return line
        return None


class ClassifiedRow(Model):
    """A 合计 row (``code is None``) or a row of a 功能分类 code."""

    code: Code | None = None
    label: str = ""
    cells: dict[str, MoneyCell] = field(default_factory=dict)
    source: Source = field(default_factory=Source)

    @property
    def is_total(self) -> bool:
        return self.code is None


class ClassifiedTable(Model):
    layout: Literal["classified"] = "classified"
    kind: TableKind
    header: TableHeader
    columns: tuple[str, ...] = ()
    rows: tuple[ClassifiedRow, ...] = ()
    source: Source = field(default_factory=Source)

    @property
    def total(self) -> ClassifiedRow | None:
        for row in self.rows:
            if row.is_total:
                return row
        return None

    def row(self, code: str) -> ClassifiedRow | None:
        for row in self.rows:
            if row.code is not None and row.code.value == code:
                return row
        return None

    @property
    def coded_rows(self) -> list[ClassifiedRow]:
        return [row for row in self.rows if row.code is not None]


class BasicItem(Model):
    """A line of 公开06表: an economic 类 or 款 with its amount."""

    code: Code
    name: str
    group: Literal["人员经费", "公用经费"]
    cell: MoneyCell = field(default_factory=MoneyCell)
    block: int = 1  # which side-by-side block it was printed in (1-based)
    source: Source = field(default_factory=Source)


class BasicExpenditureTable(Model):
    layout: Literal["basic"] = "basic"
    kind: TableKind = TableKind.GENERAL_BASIC
    header: TableHeader
    items: tuple[BasicItem, ...] = ()
    personnel_total: MoneyCell | None = None  # 人员经费合计
    public_total: MoneyCell | None = None  # 公用经费合计
    source: Source = field(default_factory=Source)

    def item(self, code: str) -> BasicItem | None:
        for item in self.items:
            if item.code.value == code:
                return item
        return None


class ThreePublicItem(StrEnum):
    TOTAL = "合计"
    OVERSEAS = "因公出国（境）费"
    RECEPTION = "公务接待费"
    VEHICLES = "公务用车购置及运行费"
    VEHICLE_PURCHASE = "公务用车购置费"
    VEHICLE_OPERATION = "公务用车运行维护费"


class ThreePublicRow(Model):
    item: ThreePublicItem
    label: str = ""
    budget: MoneyCell = field(default_factory=MoneyCell)
    actual: MoneyCell = field(default_factory=MoneyCell)
    source: Source = field(default_factory=Source)


class ThreePublicTable(Model):
    layout: Literal["three_public"] = "three_public"
    kind: TableKind = TableKind.THREE_PUBLIC
    header: TableHeader
    shape: Literal["rows", "wide"] = "rows"
    rows: tuple[ThreePublicRow, ...] = ()
    source: Source = field(default_factory=Source)

    def get(self, item: ThreePublicItem) -> ThreePublicRow | None:
        for row in self.rows:
            if row.item == item:
                return row
        return None


class GenericTable(Model):
    """A table that is kept as printed because it is not one of the standard shapes."""

    layout: Literal["generic"] = "generic"
    kind: TableKind = TableKind.OTHER
    header: TableHeader
    rows: tuple[tuple[str, ...], ...] = ()
    row_sources: tuple[Source, ...] = ()
    source: Source = field(default_factory=Source)


Table = Annotated[
    BalanceTable | ClassifiedTable | BasicExpenditureTable | ThreePublicTable | GenericTable,
    Lazy("Discriminator", "layout"),
]



_Shape = TypeVar("_Shape", bound=Model)


def first_table(tables: Iterable[Table], kind: TableKind, shape: type[_Shape]) -> _Shape | None:
    """The first of ``tables`` that is of ``kind`` and has the given shape (a report, or the
    data a document is written from)."""
    for table in tables:
        if table.kind == kind and isinstance(table, shape):
            return table
    return None


def money_cells(table: Table) -> Iterator[MoneyCell]:
    """Every amount cell of a table, in printed order (a kept-as-printed table has none)."""
    if isinstance(table, ClassifiedTable):
        for classified in table.rows:
            yield from classified.cells.values()
    elif isinstance(table, BalanceTable):
        for line in table.lines:
            yield from line.cells.values()
    elif isinstance(table, BasicExpenditureTable):
        for item in table.items:
            yield item.cell
        yield from (cell for cell in (table.personnel_total, table.public_total) if cell is not None)
    elif isinstance(table, ThreePublicTable):
        for three in table.rows:
            yield three.budget
            yield three.actual
