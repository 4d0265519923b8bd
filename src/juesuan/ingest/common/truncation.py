"""Telling a table that was cut off from one that was printed whole (findings ``RD05``).

A document can stop in the middle of a table: a download broke off, a conversion lost its last
pages, someone copied only part of it. Such a table must not pass for a complete one. What gives
it away is the same in every format, so it is decided here, from the typed table and the grid it
was built from:

- a table that has no closing row (总计 of both sides, 合计, 人员经费合计/公用经费合计);
- and, when the input ends with the table (nothing after its last row): a table with no rows
  at all; a last row shorter than all the others; a 类 or 款 whose items stop short of it; the
  rows of a table summing to less than its 合计; a 三公 table without all its items; a last
  figure printed with fewer decimals than the rest of its column (a number cut in two).

A 绩效自评表 is cut off when it has neither 得分小计 nor 总得分, or, at the end of the input,
when its 总得分 is missing, ends in a decimal point, or is the first digits of the score its
parts add up to (``98.3`` where 89.2 + 9.18 − 0 = 98.38).

A mismatch in the middle of a document is the checker's business; only at the end of the input
is it taken as a sign that the input was cut.

A table without its closing row is recorded as missing rows (the checker cannot check sums over
it); a table the input ends in is recorded as the start of an unread region: the table is
incomplete, and whatever the document held after it is unknown, so nothing after it can be
called missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from juesuan.ingest.common.grid import Grid, GridCell
from juesuan.ingest.common.text import clean, is_number_text
from juesuan.ingest.problems import Sink, report
from juesuan.model.money import Interval, decimal_places, sum_intervals
from juesuan.model.performance import Figure, ProjectEvaluation, WholeEvaluation
from juesuan.model.provenance import Source
from juesuan.model.report import UnreadScope
from juesuan.model.tables import (
    BalanceTable,
    BasicExpenditureTable,
    ClassifiedRow,
    ClassifiedTable,
    GenericTable,
    MoneyCell,
    Side,
    Table,
    ThreePublicItem,
    ThreePublicTable,
)

__all__ = ["project_cut_off", "table_cut_off", "whole_cut_off"]


def _scope(at_end: bool) -> UnreadScope:
    return UnreadScope.REGION if at_end else UnreadScope.ROWS


def table_cut_off(table: Table, grid: Grid, at_end: bool, sink: Sink) -> None:
    """``RD05`` for a table that stops before it is complete (nothing for a whole table)."""
    if isinstance(table, GenericTable):
        return
    problems = _missing_closing_row(table, at_end)
    if at_end and not problems:
        problems = _ends_short(table, grid)
    if not problems:
        return
    title = table.kind.value
    where = grid.rows[-1][0].source if at_end and grid.rows and grid.rows[-1] else table.source
    sources = [table.source.at(table=title), where.at(table=title)] if where != table.source else [table.source.at(table=title)]
    report(sink, "RD05", sources, scope=_scope(at_end), table=title, problems="；".join(problems))


def _missing_closing_row(table: Table, at_end: bool) -> list[str]:
    problems: list[str] = []
    if isinstance(table, BalanceTable) and table.lines:
        for side in (Side.INCOME, Side.EXPENDITURE):
            if table.line(side, "总计") is None:
                problems.append(f"{side.value}方缺少“总计”行")
    elif isinstance(table, BasicExpenditureTable) and table.items:
        if table.personnel_total is None or table.public_total is None:
            problems.append("缺少“人员经费合计”或“公用经费合计”")
    elif isinstance(table, ThreePublicTable) and table.shape == "rows" and table.rows:
        if table.get(ThreePublicItem.TOTAL) is None:
            problems.append("缺少“合计”行")
    elif isinstance(table, ClassifiedTable) and at_end and table.coded_rows and table.total is None:
        problems.append("缺少“合计”行")
    return problems


def _ends_short(table: Table, grid: Grid) -> list[str]:
    """Signs that a table at the very end of the input was cut (its closing rows may be there)."""
    if not grid.rows:
        return [] if table.header.empty_statement else ["只有标题，没有表格内容，文件在此中断"]
    if _no_data(table):
        return [] if table.header.empty_statement else ["只有表头，没有数据行，文件在此中断"]
    problems: list[str] = []
    short = _short_last_row(grid.rows)
    if short:
        problems.append(short)
    cut_number = _cut_number(grid.rows)
    if cut_number:
        problems.append(cut_number)
    if isinstance(table, ClassifiedTable):
        problems.extend(_classified_short(table))
    elif isinstance(table, BalanceTable):
        problems.extend(_balance_short(table))
    elif isinstance(table, ThreePublicTable) and table.shape == "rows":
        problems.extend(_three_public_short(table))
    elif isinstance(table, BasicExpenditureTable):
        problems.extend(_basic_short(table))
    return problems


def _no_data(table: Table) -> bool:
    if isinstance(table, BalanceTable):
        return not table.lines
    if isinstance(table, ClassifiedTable):
        return not table.rows
    if isinstance(table, BasicExpenditureTable):
        return not table.items and table.personnel_total is None and table.public_total is None
    if isinstance(table, ThreePublicTable):
        return not table.rows
    return False


def _short_last_row(rows: list[list[GridCell]]) -> str:
    """The last row is shorter than every other row, which all have one width: it was cut."""
    widths = {len(row) for row in rows[:-1]}
    if len(rows) < 3 or len(widths) != 1:
        return ""
    width = widths.pop()
    last = rows[-1]
    if len(last) >= width or width < 2:
        return ""
    text = " | ".join(clean(c.text) for c in last if clean(c.text))
    return f"最后一行只有 {len(last)} 列（其余各行都是 {width} 列），在“{text}”处中断"


def _cut_number(rows: list[list[GridCell]]) -> str:
    """The last figure has fewer decimals than every other figure in its column: ``2,079.3``."""
    last = rows[-1]
    filled = [j for j, cell in enumerate(last) if clean(cell.text)]
    if not filled:
        return ""
    j = filled[-1]
    text = clean(last[j].text)
    if not is_number_text(text.rstrip(".．")):
        return ""
    # the figures with decimals in the same column (栏次 and 行次 numbers have none)
    column = [t for row in rows[:-1] if j < len(row) and "." in (t := clean(row[j].text)) and is_number_text(t)]
    places = {decimal_places(t.replace(",", "")) for t in column}
    if len(column) < 2 or len(places) != 1:
        return ""
    if decimal_places(text.replace(",", "").replace("．", ".")) >= places.pop():
        return ""
    return f"最后一个数字“{text}”比同列其他数字的小数位少，像是被截断了"


def _interval(cell: MoneyCell | None) -> Interval | None:
    return cell.amount.interval if cell is not None and cell.amount is not None else None


def _short_of(parent: Interval | None, parts: Iterable[Interval | None]) -> bool:
    """The parts, even at their largest, add up to less than the parent at its smallest."""
    if parent is None:
        return False
    total = sum_intervals([p for p in parts if p is not None])
    return total.hi < parent.lo


def _classified_short(table: ClassifiedTable) -> list[str]:
    problems: list[str] = []
    coded = table.coded_rows
    total = table.total
    if not coded:
        if total is not None and any(c.amount is not None and c.amount.value != 0 for c in total.cells.values()):
            problems.append("“合计”行有金额，但下面没有任何科目行")
        return problems
    longest = max(len(r.code.value) for r in coded if r.code is not None)
    last = coded[-1]
    if last.code is not None and len(last.code.value) < longest:
        problems.append(f"最后一行“{last.code.value} {last.label}”是{_level(last)}级科目，其下的明细缺失")
    for parent in _last_parents(coded):
        children = _children(coded, parent)
        if not children:
            continue
        for column, cell in parent.cells.items():
            if _short_of(_interval(cell), (_interval(child.cells.get(column)) for child in children)):
                problems.append(f"“{parent.code.value if parent.code else ''} {parent.label}”的{column}大于其下各科目之和，其下的明细不全")
                break
    if total is not None:
        classes = [r for r in coded if r.code is not None and len(r.code.value) == 3]
        if classes:
            for column, cell in total.cells.items():
                if _short_of(_interval(cell), (_interval(r.cells.get(column)) for r in classes)):
                    problems.append(f"各类科目的{column}之和小于“合计”行，表格在文件末尾中断")
                    break
    return problems


def _level(row: ClassifiedRow) -> str:
    length = len(row.code.value) if row.code is not None else 0
    return {3: "类", 5: "款"}.get(length, "上")


def _last_parents(coded: list[ClassifiedRow]) -> list[ClassifiedRow]:
    """The last 类 and the last 款 of the table: the ones a cut can leave short of items."""
    out = []
    for length in (3, 5):
        parent = next((r for r in reversed(coded) if r.code is not None and len(r.code.value) == length), None)
        if parent is not None:
            out.append(parent)
    return out


def _children(coded: list[ClassifiedRow], parent: ClassifiedRow) -> list[ClassifiedRow]:
    """The rows one level below ``parent`` (款 of a 类, 项 of a 款), printed after it."""
    if parent.code is None:
        return []
    code = parent.code.value
    start = coded.index(parent) + 1
    out = []
    for row in coded[start:]:
        if row.code is None or not row.code.value.startswith(code):
            break
        if len(row.code.value) == len(code) + 2:
            out.append(row)
    return out


def _balance_short(table: BalanceTable) -> list[str]:
    totals = {side: table.line(side, "总计") for side in (Side.INCOME, Side.EXPENDITURE)}
    filled = {side: line is not None and any(c.amount is not None for c in line.cells.values()) for side, line in totals.items()}
    if filled[Side.INCOME] != filled[Side.EXPENDITURE]:
        empty = Side.EXPENDITURE if filled[Side.INCOME] else Side.INCOME
        return [f"{empty.value}方“总计”行没有金额"]
    return []


def _basic_short(table: BasicExpenditureTable) -> list[str]:
    """A 人员经费合计/公用经费合计 smaller than its 类 items: its figure was cut (``269.`` of ``269.65``)."""
    problems = []
    for label, total, group in (("人员经费合计", table.personnel_total, "人员经费"), ("公用经费合计", table.public_total, "公用经费")):
        items = [_interval(i.cell) for i in table.items if i.group == group and len(i.code.value) == 3]
        if total is not None and total.amount is not None and items:
            stated = total.amount.interval
            if stated.hi < sum_intervals([i for i in items if i is not None]).lo:
                problems.append(f"“{label}”{total.text} 小于其下各类之和")
    return problems


def _three_public_short(table: ThreePublicTable) -> list[str]:
    present = {row.item for row in table.rows}
    missing = [item.value for item in (ThreePublicItem.OVERSEAS, ThreePublicItem.RECEPTION) if item not in present]
    vehicle = {ThreePublicItem.VEHICLES, ThreePublicItem.VEHICLE_OPERATION, ThreePublicItem.VEHICLE_PURCHASE}
    if not present & vehicle:
        missing.append(ThreePublicItem.VEHICLES.value)
    elif (ThreePublicItem.VEHICLE_OPERATION in present) != (ThreePublicItem.VEHICLE_PURCHASE in present):
        lacking = ThreePublicItem.VEHICLE_PURCHASE if ThreePublicItem.VEHICLE_OPERATION in present else ThreePublicItem.VEHICLE_OPERATION
        missing.append(lacking.value)
    return [f"缺少“{'”“'.join(missing)}”行"] if missing else []


def project_cut_off(project: ProjectEvaluation, number: int, title: Source, at_end: bool, sink: Sink) -> None:
    """``RD05`` for the ``number``-th 项目自评表 when it stops before its 总得分."""
    problem = ""
    if project.total.blank and project.subtotal.blank:
        problem = "缺少得分小计和总得分"
    elif at_end and project.total.blank:
        problem = "缺少总得分，文件在此中断"
    elif at_end:
        parts = (project.subtotal.value, project.rate_score.value, project.deduction.value or Decimal(0))
        expected = parts[0] + parts[1] - parts[2] if parts[0] is not None and parts[1] is not None else None
        problem = _cut_score(project.total, expected)
    if not problem:
        return
    table = "预算项目（政策）绩效自评表"
    name = f"第{number}张{table}（{project.name}）"
    source = title.at(table=table, row=project.name)
    report(sink, "RD05", [source], scope=_scope(at_end), unread_table=table, part=project.name, table=name, problems=problem)


def whole_cut_off(evaluation: WholeEvaluation, title: Source, at_end: bool, sink: Sink) -> None:
    """``RD05`` for the 整体自评表 when the input ends before its 总评价得分."""
    if not at_end:
        return
    if evaluation.total.blank:
        problem = "缺少总评价得分"
    else:
        scores = [t.score.value for t in evaluation.tasks] + [i.score.value for i in evaluation.indicators]
        expected = sum((s for s in scores if s is not None), Decimal(0)) if scores else None
        problem = _cut_score(evaluation.total, expected)
    if not problem:
        return
    table = "部门（单位）整体绩效自评表"
    report(sink, "RD05", [title.at(table=table)], scope=UnreadScope.REGION, table=table, problems=problem)


def _cut_score(total: Figure, expected: Decimal | None) -> str:
    """The last score of the input reads like the first digits of the score it should be."""
    text = total.text.strip()
    if text.endswith((".", "．")):
        return f"总得分“{text}”以小数点结尾，文件在此中断"
    if expected is None or total.value is None or (interval := total.interval) is None:
        return ""
    whole = format(expected.normalize(), "f")
    if whole.startswith(text) and whole != text and not interval.contains(expected):
        return f"总得分“{text}”只是应得分 {whole} 的前几位，文件在此中断"
    return ""
