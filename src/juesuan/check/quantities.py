"""Named figures of a document and the interval comparisons the rules make.

A :class:`Fig` is a quantity as the document states it: its printed value, the interval of true
values it admits, and the sources it was read from (a sum of cells keeps all of them).
:func:`document_figures` collects the figures the narrative talks about ("收入总计",
"基本支出" …) from the tables, by the scope they are talked about in.

:func:`compare` is the one place where "equal", "equal up to rounding (尾差)" and "different" are
decided: a gap is an error only when no choice of true values inside the intervals closes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import overload

from juesuan.check import gaps as _gaps
from juesuan.culprits import Quantity, Role
from juesuan.model.money import Interval, Unit
from juesuan.model.provenance import Source
from juesuan.model.report import Report, UnreadScope
from juesuan.model.tables import (
    FUNDS,
    BalanceTable,
    BasicExpenditureTable,
    ClassifiedTable,
    MoneyCell,
    Side,
    TableKind,
    ThreePublicItem,
    ThreePublicTable,
)
from juesuan.record import Record, slot_setters
from juesuan.scoring import round_half_up

__all__ = [
    "Fig",
    "claim_fig",
    "quantity_of",
    "source_key",
    "Verdict",
    "cell_fig",
    "compare",
    "compare_percent",
    "document_figures",
    "line_fig",
    "sum_figs",
    "total_fig",
]

ZERO = Decimal(0)
CENT = Decimal("0.01")



Term = tuple[int, Quantity]


@dataclass(frozen=True, slots=True, repr=False)
class Fig(Record):
    """A figure; when ``traced``, also what it is made of — ``Σ coef·quantity + constant`` over
    printed quantities (cells, figures of the text) — so that the comparisons the rules make
    become identities of the culprit search (:mod:`juesuan.culprits`). A figure computed in a way
    the search cannot follow (a product, an unreadable cell) is not traced."""

    value: Decimal
    interval: Interval
    sources: tuple[Source, ...] = ()
    blank: bool = False  # every cell behind it was blank
    terms: tuple[Term, ...] = ()
    constant: Decimal = ZERO
    traced: bool = False

    def __init__(  # the dataclass's, without setting fields by name: a check makes ~1,200 (juesuan.record)
        self,
        value: Decimal,
        interval: Interval,
        sources: tuple[Source, ...] = (),
        blank: bool = False,
        terms: tuple[Term, ...] = (),
        constant: Decimal = ZERO,
        traced: bool = False,
    ) -> None:
        _set_value(self, value)
        _set_interval(self, interval)
        _set_sources(self, sources)
        _set_blank(self, blank)
        _set_terms(self, terms)
        _set_constant(self, constant)
        _set_traced(self, traced)

    @classmethod
    def exact(cls, value: Decimal, sources: Iterable[Source] = ()) -> Fig:
        return cls(value=value, interval=Interval.point(value), sources=tuple(sources), constant=value, traced=True)

    @classmethod
    def of_quantity(cls, quantity: Quantity, sources: Iterable[Source] = (), blank: bool = False) -> Fig:
        return cls(
            value=quantity.value,
            interval=Interval(lo=quantity.lo, hi=quantity.hi),
            sources=tuple(sources),
            blank=blank,
            terms=((1, quantity),),
            traced=True,
        )

    def negated(self) -> Fig:
        """``−fig`` (its terms negated too)."""
        return Fig(
            value=-self.value,
            interval=-self.interval,
            sources=self.sources,
            blank=self.blank,
            terms=tuple((-c, q) for c, q in self.terms),
            constant=-self.constant,
            traced=self.traced,
        )


_set_value, _set_interval, _set_sources, _set_blank, _set_terms, _set_constant, _set_traced = slot_setters(
    Fig, "value", "interval", "sources", "blank", "terms", "constant", "traced"
)


def source_key(source: Source) -> tuple[object, ...]:
    """What tells one printed figure from another: its place."""
    return (source.file, source.table, source.row, source.column, source.line, source.page, source.sheet, source.cell, source.bbox, source.text)


def quantity_of(source: Source, value: Decimal, step: Decimal, role: Role, bounds: tuple[Decimal, Decimal] | None = None) -> Quantity:
    return Quantity(key=source_key(source), value=value, step=step, role=role, source=source, bounds=bounds)


_ZERO_INTERVAL = Interval.point(ZERO)


# While rules run, each cell's figure is made once: rules read the same cells many times.
# Keyed by id() with the cell kept alongside, so that an id reused by a later object never hits.
_MEMO: dict[int, tuple[MoneyCell, Fig]] | None = None


@contextmanager
def remembered_figures() -> Iterator[None]:
    """Within the block, :func:`cell_fig` remembers the figure of every cell it was given."""
    global _MEMO
    outer = _MEMO
    if outer is None:
        _MEMO = {}
    try:
        yield
    finally:
        if outer is None:
            _MEMO = None


@overload
def cell_fig(cell: MoneyCell) -> Fig: ...
@overload
def cell_fig(cell: MoneyCell | None) -> Fig | None: ...
def cell_fig(cell: MoneyCell | None) -> Fig | None:
    """A table cell as a figure in 万元 (a blank cell is an exact zero; no cell, no figure).

    An unreadable cell (``5..18``) also gives zero, but the engine has been told that the rule
    read it: the rule's hits over it are not findings and its outcome is "could not check"."""
    if cell is None:
        return None
    tracker = _gaps._CURRENT
    if tracker is not None:  # the engine watches what a rule reads of a partly read report
        tracker.saw(cell)
    memo = _MEMO
    if memo is not None:
        known = memo.get(id(cell))
        if known is not None and known[0] is cell:
            return known[1]
    if cell.amount is None:
        if cell.unreadable:  # nothing the culprit search can reason about
            fig = Fig(value=ZERO, interval=_ZERO_INTERVAL, sources=(cell.source,), blank=True)
        else:  # a blank is an exact zero; changed, it would be printed in 0.01 万元
            quantity = quantity_of(cell.source, ZERO, CENT, Role.CELL, bounds=(ZERO, ZERO))
            fig = Fig.of_quantity(quantity, (cell.source,), blank=True)
    else:
        amount = cell.amount.to(Unit.WANYUAN)
        fig = Fig.of_quantity(quantity_of(cell.source, amount.value, amount.step, Role.CELL), (cell.source,))
    if memo is not None:
        memo[id(cell)] = (cell, fig)
    return fig


def claim_fig(source: Source, value: Decimal, step: Decimal, interval: Interval | None = None) -> Fig:
    """A figure of the text (a claim), in 万元, as one quantity of the culprit search."""
    bounds = (interval.lo, interval.hi) if interval is not None and interval != Interval.around(value, step) else None
    return Fig.of_quantity(quantity_of(source, value, step, Role.CLAIM, bounds), (source,))


def sum_figs(figs: Iterable[Fig | None]) -> Fig:
    total = lo = hi = constant = ZERO
    sources: list[Source] = []
    terms: list[Term] = []
    blank = traced = True
    for fig in figs:
        if fig is None:
            continue
        total += fig.value
        lo += fig.interval.lo  # the bounds summed as numbers: one Interval at the end, not one per term
        hi += fig.interval.hi
        sources.extend(fig.sources)
        blank = blank and fig.blank
        traced = traced and fig.traced
        terms.extend(fig.terms)
        constant += fig.constant
    if not traced:
        return Fig(value=total, interval=Interval(lo=lo, hi=hi), sources=tuple(sources), blank=blank)
    return Fig(value=total, interval=Interval(lo=lo, hi=hi), sources=tuple(sources), blank=blank, terms=tuple(terms), constant=constant, traced=True)


class Verdict(Enum):
    EQUAL = "equal"
    ROUNDING = "rounding"  # 尾差: different as printed, but rounding explains it
    DIFFERENT = "different"


def compare(a: Fig, b: Fig, slack: Decimal = ZERO) -> Verdict:
    """Printed-equal, equal up to rounding, or different."""
    if a.value == b.value:
        return Verdict.EQUAL
    widened = Interval(lo=a.interval.lo - slack, hi=a.interval.hi + slack)
    if widened.intersects(b.interval):
        return Verdict.ROUNDING
    return Verdict.DIFFERENT


def compare_percent(printed: Decimal, places: int, expected: Interval | None, exact: Decimal | None, slack: Decimal = ZERO) -> Verdict:
    """A printed percentage against the interval the figures allow (and their printed values)."""
    if expected is None:
        return Verdict.EQUAL
    if exact is not None and round_half_up(exact, places) == printed:
        return Verdict.EQUAL
    half = Decimal(1).scaleb(-places) / 2
    own = Interval(lo=printed - half - slack, hi=printed + half + slack)
    return Verdict.ROUNDING if own.intersects(expected) else Verdict.DIFFERENT


def line_fig(table: BalanceTable | None, side: Side, *keys: str, column: str | None = None) -> Fig | None:
    """The figure of the first of ``keys`` that a 收支总表 side has, in ``column`` (its first
    column when none is named); ``None`` when no such line carries that column."""
    if table is None:
        return None
    for key in keys:
        line = table.line(side, key)
        if line is None:
            continue
        col = column or next(iter(line.cells), None)
        if col is None or col not in line.cells:
            continue
        return cell_fig(line.cells[col])
    return None


def total_fig(table: ClassifiedTable | None, column: str) -> Fig | None:
    """The figure of a classified table's 合计 row in ``column``."""
    if table is None or table.total is None:
        return None
    return cell_fig(table.total.cells.get(column))


def document_figures(report: Report) -> dict[str, Fig]:
    """The figures the narrative talks about, keyed ``scope:name`` (scope ``all`` for the whole
    department, ``fiscal`` for 财政拨款, ``general`` for 一般公共预算, ``basic`` for 基本支出,
    ``three`` for 三公, ``fund`` / ``capital`` for 政府性基金 / 国有资本经营)."""
    out: dict[str, Fig] = {}
    t01 = report.table(TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
    t02 = report.table(TableKind.INCOME, ClassifiedTable)
    t03 = report.table(TableKind.EXPENDITURE, ClassifiedTable)
    t04 = report.table(TableKind.FISCAL_SUMMARY, BalanceTable)
    t05 = report.table(TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
    t06 = report.table(TableKind.GENERAL_BASIC, BasicExpenditureTable)
    t07 = report.table(TableKind.THREE_PUBLIC, ThreePublicTable)
    t08 = report.table(TableKind.GOV_FUND, ClassifiedTable)
    t09 = report.table(TableKind.STATE_CAPITAL, ClassifiedTable)
    tfe = report.table(TableKind.FISCAL_EXPENDITURE, ClassifiedTable)
    # a table whose body could not be read stands for each of its figures with a figure that
    # names the table (a finding made with it is then "could not check", not an error)
    unread = {u.table for u in report.unread if u.scope is UnreadScope.TABLE}

    def gap(table: BalanceTable | ClassifiedTable | None) -> Fig | None:
        if table is None or table.kind.value not in unread:
            return None
        return Fig(value=ZERO, interval=_ZERO_INTERVAL, sources=(table.source,))

    def _line(table: BalanceTable | None, side: Side, *keys: str, column: str | None = None) -> Fig | None:
        return line_fig(table, side, *keys, column=column) or gap(table)

    def _total(table: ClassifiedTable | None, column: str) -> Fig | None:
        return total_fig(table, column) or gap(table)

    def put(key: str, fig: Fig | None) -> None:
        if fig is not None:
            out[key] = fig

    income_total = _line(t01, Side.INCOME, "总计")
    put("all:收入总计", income_total)
    put("all:支出总计", _line(t01, Side.EXPENDITURE, "总计"))
    put("all:收入支出总计", income_total)
    put("all:本年收入合计", _line(t01, Side.INCOME, "本年收入合计") or _total(t02, "本年收入合计"))
    put("all:本年支出合计", _line(t01, Side.EXPENDITURE, "本年支出合计") or _total(t03, "本年支出合计"))
    put("all:使用非财政拨款结余", _line(t01, Side.INCOME, "使用非财政拨款结余"))
    put("all:年初结转和结余", _line(t01, Side.INCOME, "年初结转和结余"))
    put("all:上年结转和结余", _line(t01, Side.INCOME, "年初结转和结余"))
    put("all:结余分配", _line(t01, Side.EXPENDITURE, "结余分配"))
    put("all:年末结转和结余", _line(t01, Side.EXPENDITURE, "年末结转和结余"))
    fiscal_income = [_line(t01, Side.INCOME, fund + "收入") for fund in FUNDS]
    if any(f is not None for f in fiscal_income):
        put("all:财政拨款收入", sum_figs(fiscal_income))
    elif t02 is not None:
        put("all:财政拨款收入", _total(t02, "财政拨款收入"))
    for key in ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
        fig = _line(t01, Side.INCOME, key)
        if fig is None and t02 is not None and key in t02.columns:
            fig = _total(t02, key)
        put(f"all:{key}", fig)
    for key in ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"):
        put(f"all:{key}", _total(t03, key))
    # 财政拨款 (04, and the fund tables for 基本/项目)
    put("fiscal:财政拨款支出", _line(t04, Side.EXPENDITURE, "本年支出合计", column="支出/合计"))
    put("fiscal:财政拨款收入", _line(t04, Side.INCOME, "本年收入合计"))
    put("fiscal:财政拨款收入支出总计", _line(t04, Side.INCOME, "总计"))
    put("fiscal:年初财政拨款结转和结余", _line(t04, Side.INCOME, "年初财政拨款结转和结余"))
    put("fiscal:年末财政拨款结转和结余", _line(t04, Side.EXPENDITURE, "年末财政拨款结转和结余", column="支出/合计"))
    for key in ("基本支出", "项目支出"):
        parts = [_total(t05, key), _total(t08, key), _total(t09, key)]
        if any(p is not None for p in parts):
            put(f"fiscal:{key}", sum_figs(parts))
    if tfe is not None:
        put("fiscal:财政拨款支出", _total(tfe, "合计"))
        put("fiscal:基本支出", _total(tfe, "基本支出"))
        put("fiscal:项目支出", _total(tfe, "项目支出"))
    # 一般公共预算 (05)
    put("general:一般公共预算财政拨款支出", _total(t05, "合计"))
    put("general:基本支出", _total(t05, "基本支出"))
    put("general:项目支出", _total(t05, "项目支出"))
    put("basic:一般公共预算财政拨款基本支出", _total(t05, "基本支出"))
    put("basic:基本支出", _total(t05, "基本支出"))
    if t06 is not None:
        put("basic:人员经费", cell_fig(t06.personnel_total))
        put("basic:公用经费", cell_fig(t06.public_total))
        put("basic:日常公用经费", cell_fig(t06.public_total))
        for code, name in (("301", "工资福利支出"), ("302", "商品和服务支出"), ("303", "对个人和家庭的补助"), ("307", "债务利息及费用支出"), ("310", "资本性支出"), ("312", "对企业补助"), ("399", "其他支出")):
            item = t06.item(code)
            if item is not None:
                put(f"basic:{name}", cell_fig(item.cell))
                put(f"all:{name}", cell_fig(item.cell))
    # 三公 (07)
    if t07 is not None:
        names = {
            ThreePublicItem.TOTAL: ("“三公”经费支出", "“三公”经费", "三公经费决算"),
            ThreePublicItem.OVERSEAS: ("因公出国（境）费",),
            ThreePublicItem.RECEPTION: ("公务接待费",),
            ThreePublicItem.VEHICLES: ("公务用车购置及运行费", "公务用车购置及运行维护费"),
            ThreePublicItem.VEHICLE_PURCHASE: ("公务用车购置费",),
            ThreePublicItem.VEHICLE_OPERATION: ("公务用车运行维护费", "公务用车运行费"),
        }
        for three_item, keys in names.items():
            row = t07.get(three_item)
            if row is None:
                continue
            for key in keys:
                put(f"three:{key}", cell_fig(row.actual))
                put(f"three-budget:{key}", cell_fig(row.budget))
    put("fund:政府性基金预算财政拨款支出", _total(t08, "本年支出合计"))
    put("capital:国有资本经营预算财政拨款支出", _total(t09, "本年支出合计"))
    return out
