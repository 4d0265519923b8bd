"""Every printed figure of a report in long form: one :class:`Cell` per number, with its source.

This is the one walk over the tables and the 绩效 forms that the cells view (``juesuan parse
--format cells``) and the store share. ``table`` is the canonical Chinese title whatever number or
alias the source used; ``value`` is exact — amounts in 万元, other figures (scores, rates,
targets) as printed without ``%`` — and ``step`` is the rounding step it was printed to, in the
same unit, so the interval of true values can be rebuilt. Blank and non-numeric cells are left out.

Row codes: classified tables use the full 功能分类 code; 公开06表 the full economic code; the
two-sided tables the 行次 (blank where the layout prints none) with the side in the column
(``收入/金额``); 绩效 tables ``P3`` for the third project, ``P3.I2`` for its second indicator and
``W1.T2``/``W1.I5`` for the tasks and indicators of the 整体自评表.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.money import Unit
from juesuan.model.performance import Figure, Indicator
from juesuan.model.provenance import Source
from juesuan.model.report import Report
from juesuan.model.tables import BalanceTable, BasicExpenditureTable, ClassifiedTable, MoneyCell, ThreePublicTable

__all__ = ["PROJECT_TABLE", "WHOLE_TABLE", "Cell", "report_cells"]

PROJECT_TABLE = "预算项目（政策）绩效自评表"
WHOLE_TABLE = "部门（单位）整体绩效自评表"


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed figure: where it sits logically (table, row, column) and in the source."""

    table: str
    row_code: str
    row_label: str
    column: str
    value: Decimal
    step: Decimal
    source: Source
    money: bool  # an amount in 万元 (False: a score, rate, target or count as printed)


def _money(table: str, code: str, label: str, column: str, cell: MoneyCell | None) -> Iterator[Cell]:
    if cell is not None and cell.amount is not None:
        amount = cell.amount.to(Unit.WANYUAN)
        yield Cell(table, code, label, column, amount.value, amount.step, cell.source, True)


def _figure(table: str, code: str, label: str, column: str, fig: Figure) -> Iterator[Cell]:
    if fig.value is not None:
        yield Cell(table, code, label, column, fig.value, fig.step, fig.source, False)


def _indicator(table: str, code: str, label: str, ind: Indicator) -> Iterator[Cell]:
    """The figures of an indicator row, the same columns in both 自评表."""
    for column, fig in (
        ("年度目标值", ind.target),
        ("全年完成值", ind.actual),
        ("完成程度", ind.completion),
        ("分值", ind.weight),
        ("得分", ind.score),
    ):
        yield from _figure(table, code, label, column, fig)


def report_cells(report: Report) -> Iterator[Cell]:
    """Every non-blank figure of the report, tables in document order, then the 绩效 forms."""
    for table in report.tables:
        title = table.kind.value
        if isinstance(table, ClassifiedTable):
            for row in table.rows:
                code = row.code.value if row.code else ""
                for column in table.columns:
                    yield from _money(title, code, row.label, column, row.cells.get(column))
        elif isinstance(table, BalanceTable):
            for line in table.lines:
                code = str(line.line_no) if line.line_no is not None else ""
                for column, cell in line.cells.items():
                    yield from _money(title, code, line.key or line.label, column, cell)
        elif isinstance(table, BasicExpenditureTable):
            for item in table.items:
                yield from _money(title, item.code.value, item.name, "决算数", item.cell)
            yield from _money(title, "", "人员经费合计", "决算数", table.personnel_total)
            yield from _money(title, "", "公用经费合计", "决算数", table.public_total)
        elif isinstance(table, ThreePublicTable):
            for tp in table.rows:
                yield from _money(title, "", tp.item.value, "预算数", tp.budget)
                yield from _money(title, "", tp.item.value, "决算数", tp.actual)
    for p, project in enumerate(report.projects, start=1):
        code = f"P{p}"
        for column, fig in (
            ("项目预算金额", project.budget),
            ("全年执行数", project.spent),
            ("执行率", project.rate),
            ("指标自评得分小计", project.subtotal),
            ("预算执行率得分", project.rate_score),
            ("减分项", project.deduction),
            ("绩效自评总得分", project.total),
        ):
            yield from _figure(PROJECT_TABLE, code, project.name, column, fig)
        for i, ind in enumerate(project.indicators, start=1):
            yield from _indicator(PROJECT_TABLE, f"{code}.I{i}", f"{project.name}/{ind.name}", ind)
    for w, whole in enumerate(report.whole, start=1):
        code = f"W{w}"
        yield from _figure(WHOLE_TABLE, code, whole.name, "部门年初预算收入金额", whole.budget_income)
        yield from _figure(WHOLE_TABLE, code, whole.name, "部门年初预算支出金额", whole.budget_expenditure)
        for t, task in enumerate(whole.tasks, start=1):
            for column, fig in (
                ("项目下达金额", task.allotted),
                ("项目执行金额", task.spent),
                ("项目执行率", task.rate),
                ("分值", task.weight),
                ("得分", task.score),
            ):
                yield from _figure(WHOLE_TABLE, f"{code}.T{t}", task.name, column, fig)
        for i, ind in enumerate(whole.indicators, start=1):
            yield from _indicator(WHOLE_TABLE, f"{code}.I{i}", ind.name, ind)
        yield from _figure(WHOLE_TABLE, code, whole.name, "总评价得分", whole.total)
