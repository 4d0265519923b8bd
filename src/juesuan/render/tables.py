"""The nine tables and the 绩效自评表 as :class:`TableView` values, formatted as published.

Layout choices that differ between profiles (表号, 行次/栏次, 合计 first or last, the 三公 table
in rows or one wide row, the blocks of 公开06表, notes, the empty-table statement) come from the
profile's ``tables`` settings. Cells keep the blank/``0.00`` distinction of the input.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from juesuan.model.inputs import DocumentInput
from juesuan.model.money import Unit
from juesuan.model.performance import DEVIATION_CATEGORIES
from juesuan.model.tables import (
    TABLE_SPECS,
    BalanceTable,
    BasicExpenditureTable,
    BasicItem,
    ClassifiedRow,
    ClassifiedTable,
    MoneyCell,
    Side,
    Table,
    TableKind,
    ThreePublicItem,
    ThreePublicTable,
)
from juesuan.render.performance import ScoredIndicator, ScoredProject, ScoredWhole, show_score
from juesuan.render.profile import Profile, money_text, percent_text
from juesuan.render.view import Cell, HeaderCell, TableView
from juesuan.scoring import round_half_up

__all__ = ["project_view", "table_view", "whole_view"]

def _money_cell(cell: MoneyCell | None, bold: bool = False) -> Cell:
    if cell is None or cell.amount is None:
        return Cell("", "money", None, bold)
    value = cell.amount.to(Unit.WANYUAN).value
    return Cell(money_text(value, thousands=True), "money", value, bold)


def _h(text: str, colspan: int = 1, rowspan: int = 1) -> HeaderCell:
    return HeaderCell(text, colspan, rowspan)


def _t(text: str, colspan: int = 1, bold: bool = False) -> Cell:
    return Cell(text, "text", None, bold, colspan)


def _empty(table: Table) -> bool:
    if isinstance(table, ClassifiedTable):
        return not any(c.amount is not None and c.amount.value != 0 for r in table.rows for c in r.cells.values())
    if isinstance(table, ThreePublicTable):
        return not any(c.amount is not None and c.amount.value != 0 for r in table.rows for c in (r.budget, r.actual))
    return False


def table_view(table: Table, number: int, doc: DocumentInput, profile: Profile) -> TableView:
    settings = profile.tables
    kind = table.kind
    title = settings.get("titles", {}).get(kind.value, kind.value)
    fmt = settings.get("number_format", "")
    header: list[list[HeaderCell]]
    rows: list[list[Cell]]
    widths: list[int]
    if isinstance(table, BalanceTable):
        header, rows, widths = _balance(table, settings)
    elif isinstance(table, ClassifiedTable):
        header, rows, widths = _classified(table, settings)
    elif isinstance(table, BasicExpenditureTable):
        header, rows, widths = _basic(table, settings)
    elif isinstance(table, ThreePublicTable):
        header, rows, widths = _three_public(table, settings)
    else:
        header, rows, widths = [], [[_t(c) for c in r] for r in table.rows], []
    notes = [settings.get("notes", {}).get(kind.value, "")]
    if settings.get("rounding_note") and kind != TableKind.INCOME_EXPENDITURE_SUMMARY:
        notes.append(settings["rounding_note"])
    statement = settings.get("empty_statements", {}).get(kind.value) or settings.get("empty_statement", "")
    if statement and (settings.get("empty_statement_always") or _empty(table)):
        notes.append(profile.text(statement, department=doc.department, year=doc.year, table=title))
    return TableView(
        key=kind.value,
        title=title,
        number=fmt.format(number) if fmt else "",
        unit_name=f"{settings.get('unit_prefix', '单位：')}{doc.table_unit}" if settings.get("unit_prefix", "单位：") else "",
        year_text=settings.get("year_format", "{year}年度").format(year=doc.year) if settings.get("year_format", "") else "",
        money_unit=settings.get("money_unit", "金额单位：万元"),
        header=tuple(tuple(r) for r in header),
        rows=tuple(tuple(r) for r in rows),
        notes=tuple(n for n in notes if n),
        sheet=f"{number:02d} {title}"[:31],
        widths=tuple(widths),
    )


# ---- 01 / 04 -------------------------------------------------------------------------------------


def _balance(table: BalanceTable, settings: dict[str, Any]) -> tuple[list[list[HeaderCell]], list[list[Cell]], list[int]]:
    line_numbers = settings.get("line_numbers", True)
    lanci = settings.get("lanci", True)
    income = table.side(Side.INCOME)
    expenditure = table.side(Side.EXPENDITURE)
    in_cols = list(table.income_columns) or ["收入/金额"]
    ex_cols = list(table.expenditure_columns) or ["支出/金额"]
    per_side_in = 1 + (1 if line_numbers else 0) + len(in_cols)
    per_side_ex = 1 + (1 if line_numbers else 0) + len(ex_cols)
    amount_label = settings.get("balance_amount_label", "金额")

    def col_label(key: str) -> str:
        name = key.split("/", 1)[1]
        return amount_label if name == "金额" else name

    header = [[_h("收入", per_side_in), _h("支出", per_side_ex)]]
    second = [_h("项目")] + ([_h("行次")] if line_numbers else []) + [_h(col_label(c)) for c in in_cols]
    second += [_h("项目")] + ([_h("行次")] if line_numbers else []) + [_h(col_label(c)) for c in ex_cols]
    header.append(second)
    if lanci:
        counter = 1
        third = [_h("栏次")] + ([_h("")] if line_numbers else [])
        for _ in in_cols:
            third.append(_h(str(counter)))
            counter += 1
        third += [_h("栏次")] + ([_h("")] if line_numbers else [])
        for _ in ex_cols:
            third.append(_h(str(counter)))
            counter += 1
        header.append(third)
    rows: list[list[Cell]] = []
    if not line_numbers:
        income = [ln for ln in income if ln.label or any(c.amount is not None for c in ln.cells.values())]
        expenditure = [ln for ln in expenditure if ln.label or any(c.amount is not None for c in ln.cells.values())]
    for i in range(max(len(income), len(expenditure))):
        row: list[Cell] = []
        for lines, cols in ((income, in_cols), (expenditure, ex_cols)):
            line = lines[i] if i < len(lines) else None
            total = line is not None and line.key in {"本年收入合计", "本年支出合计", "总计"}
            row.append(_t(line.label if line else "", bold=total))
            if line_numbers:
                row.append(Cell(str(line.line_no) if line and line.line_no is not None else "", "int"))
            for col in cols:
                row.append(_money_cell(line.cells.get(col) if line else None, total))
        rows.append(row)
    widths = [24] + ([5] if line_numbers else []) + [10] * len(in_cols) + [24] + ([5] if line_numbers else []) + [10] * len(ex_cols)
    return header, rows, widths


# ---- 02 / 03 / 05 / 08 / 09 ----------------------------------------------------------------------

_GROUPS = {
    TableKind.GENERAL_EXPENDITURE: ("本年支出", ("合计", "基本支出", "项目支出")),
    TableKind.STATE_CAPITAL: ("本年支出", ("本年支出合计", "基本支出", "项目支出")),
    TableKind.GOV_FUND: ("本年支出", ("本年支出合计", "基本支出", "项目支出")),
}


def _classified(table: ClassifiedTable, settings: dict[str, Any]) -> tuple[list[list[HeaderCell]], list[list[Cell]], list[int]]:
    labels = settings.get("column_labels", {}).get(table.kind.value, {})
    columns = list(table.columns) or [c.key for c in next(s for s in TABLE_SPECS if s.kind == table.kind).columns[:1]]
    group_name, group_cols = _GROUPS.get(table.kind, ("", ()))
    grouped = [c for c in columns if c in group_cols]
    first: list[HeaderCell] = [_h("项目", 2)]
    second: list[HeaderCell] = [_h("功能分类科目编码"), _h("科目名称")]
    i = 0
    while i < len(columns):
        col = columns[i]
        if col in grouped and grouped and col == grouped[0] and len(grouped) > 1:
            first.append(_h(group_name, len(grouped)))
            second.extend(_h(labels.get(c, c)) for c in grouped)
            i += len(grouped)
            continue
        first.append(_h(labels.get(col, col), 1, 2))
        i += 1
    header = [first, second]
    if settings.get("lanci", True):
        header.append([_h("栏次", 2)] + [_h(str(k)) for k in range(1, len(columns) + 1)])
    body = list(table.rows)
    total = [r for r in body if r.is_total]
    coded = [r for r in body if not r.is_total]
    last = not settings.get("total_first", True) or table.kind.value in settings.get("total_last", [])
    ordered = coded + total if last else total + coded
    rows = [_classified_row(r, columns) for r in ordered]
    if not ordered:
        rows = [[_t("合计", 2, bold=True)] + [Cell("", "money") for _ in columns]]
    return header, rows, [10, 26] + [11] * len(columns)


def _classified_row(row: ClassifiedRow, columns: list[str]) -> list[Cell]:
    head = [_t("合计", 2, bold=True)] if row.code is None else [Cell(row.code.value, "code"), _t(row.label)]
    bold = row.code is None or len(row.code.value) == 3
    return head + [_money_cell(row.cells.get(c), bold) for c in columns]


# ---- 06 --------------------------------------------------------------------------------------------


def _basic(table: BasicExpenditureTable, settings: dict[str, Any]) -> tuple[list[list[HeaderCell]], list[list[Cell]], list[int]]:
    blocks_spec: list[list[str]] = settings.get("basic_blocks", [["301", "303"], ["302", "307", "310", "312", "399"]])
    blocks: list[list[BasicItem]] = [[] for _ in blocks_spec]
    for item in table.items:
        cls = item.code.value[:3]
        index = next((k for k, spec in enumerate(blocks_spec) if cls in spec), len(blocks_spec) - 1)
        blocks[index].append(item)
    personnel_blocks = sum(1 for spec in blocks_spec if set(spec) <= {"301", "303"})
    header = [
        [_h("人员经费", 3 * personnel_blocks), _h("公用经费", 3 * (len(blocks_spec) - personnel_blocks))],
        [h for _ in blocks_spec for h in (_h("科目编码"), _h("科目名称"), _h("决算数"))],
    ]
    rows: list[list[Cell]] = []
    for i in range(max((len(b) for b in blocks), default=0)):
        row: list[Cell] = []
        for block in blocks:
            if i >= len(block):
                row.extend([_t(""), _t(""), Cell("", "money")])
                continue
            item = block[i]
            bold = len(item.code.value) == 3
            row.extend([Cell(item.code.value, "code", None, bold), _t(item.name, bold=bold), _money_cell(item.cell, bold)])
        rows.append(row)
    width = 3 * len(blocks_spec)
    last = [_t("人员经费合计", 2, bold=True), _money_cell(table.personnel_total, True)]
    used = 3
    last.append(_t("公用经费合计", width - used - 1, bold=True))
    last.append(_money_cell(table.public_total, True))
    rows.append(last)
    return header, rows, [8, 20, 10] * len(blocks_spec)


# ---- 07 --------------------------------------------------------------------------------------------

#: the rows of the 三公 table as printed, in their order
_TP_LABELS = {
    ThreePublicItem.TOTAL: "合计",
    ThreePublicItem.OVERSEAS: "1、因公出国（境）费",
    ThreePublicItem.RECEPTION: "2、公务接待费",
    ThreePublicItem.VEHICLES: "3、公务用车购置及运行费",
    ThreePublicItem.VEHICLE_OPERATION: "其中：（1）公务用车运行维护费",
    ThreePublicItem.VEHICLE_PURCHASE: "（2）公务用车购置费",
}
_TP_WIDE_ORDER = (
    ThreePublicItem.TOTAL,
    ThreePublicItem.OVERSEAS,
    ThreePublicItem.VEHICLES,
    ThreePublicItem.VEHICLE_PURCHASE,
    ThreePublicItem.VEHICLE_OPERATION,
    ThreePublicItem.RECEPTION,
)


def _three_public(table: ThreePublicTable, settings: dict[str, Any]) -> tuple[list[list[HeaderCell]], list[list[Cell]], list[int]]:
    if settings.get("three_public_layout", "rows") == "wide":
        header = [
            [
                _h("财政拨款“三公”经费合计", 2, 2),
                _h("因公出国（境）费", 2, 2),
                _h("公务用车购置及运行维护费", 6),
                _h("公务接待费", 2, 2),
            ],
            [_h("小计", 2), _h("公务用车购置费", 2), _h("公务用车运行维护费", 2)],
            [_h(t) for _ in range(6) for t in ("预算数", "决算数")],
        ]
        row: list[Cell] = []
        for item in _TP_WIDE_ORDER:
            tp = table.get(item)
            row.extend([_money_cell(tp.budget if tp else None), _money_cell(tp.actual if tp else None)])
        return header, [row], [8] * 12
    header = [[_h("项 目"), _h("预算数"), _h("决算数")]]
    rows = []
    for item, label in _TP_LABELS.items():  # in the order the rows are printed
        tp = table.get(item)
        bold = item == ThreePublicItem.TOTAL
        rows.append([_t(label, bold=bold), _money_cell(tp.budget if tp else None, bold), _money_cell(tp.actual if tp else None, bold)])
    return header, rows, [30, 12, 12]


# ---- 绩效自评表 ----------------------------------------------------------------------------------

_MARK = "√"


def _money(value: Decimal | None, colspan: int = 1) -> Cell:
    """An amount of a 自评表 (万元, no thousands separators; blank when there is none)."""
    return Cell(money_text(value), "money", value, colspan=colspan)


def _percent(value: Decimal | None, colspan: int = 1) -> Cell:
    """A rate in percentage points, printed with its ``%`` (blank when there is none)."""
    return Cell(f"{percent_text(value)}%" if value is not None else "", "percent", value, colspan=colspan)


def _number(value: Decimal, colspan: int = 1) -> Cell:
    """A 分值 or an indicator's 得分: as many decimals as it has."""
    return Cell(_num(value), "number", value, colspan=colspan)


def _score(value: Decimal, colspan: int = 1) -> Cell:
    """A total or subtotal score: two decimals."""
    return Cell(f"{round_half_up(value, 2):.2f}", "number", value, colspan=colspan)


def _completion(value: Decimal) -> str:
    return "100%" if value == 1 else f"{percent_text(value * 100)}%"


def _qualitative_actual(ind: ScoredIndicator, bands: tuple[tuple[str, Decimal, Decimal], ...]) -> str:
    for name, low, high in bands:
        if name == (ind.source.band or "全部或基本达成"):
            return f"{name}预期指标{int(high * 100)}%-{int(low * 100)}%(含)"
    return ind.source.band


def _indicator_row(ind: ScoredIndicator, bands: tuple[tuple[str, Decimal, Decimal], ...], with_reason: bool) -> list[Cell]:
    src = ind.source
    actual = src.actual if src.operator else _qualitative_actual(ind, bands)
    row = [
        _t(""),
        _t(src.level1),
        _t(src.level2),
        _t(src.name),
        _t(src.operator),
        _t(src.target),
        _t(src.unit),
        _t(actual),
        Cell(_completion(ind.completion), "percent", ind.completion * 100),
        _number(src.weight),
        _number(show_score(ind.score)),
    ]
    if with_reason:  # 项目自评表: ticks, then a 原因说明 column
        row.extend(_t(_MARK if c in src.deviation else "") for c in DEVIATION_CATEGORIES)
        row.append(_t(src.reason))
    else:  # 整体自评表: the analysis is written in the column of its category
        row.extend(_t((src.reason or _MARK) if c in src.deviation else "") for c in DEVIATION_CATEGORIES)
    row.append(_t(src.measures))
    return row


def _num(value: Decimal) -> str:
    normal = value.normalize()
    return f"{normal:f}"


def project_view(scored: ScoredProject, year: int, profile: Profile) -> TableView:
    p = scored.source
    bands = profile.policy.bands
    w = 18
    rows: list[list[Cell]] = [
        [_t("项目（政策）名称", 2), _t(p.name, w - 2)],
        [_t("主管部门", 2), _t(p.department, w - 2)],
        [_t("实施单位", 2), _t(p.implementer, w - 2)],
        [
            _t("项目预算金额（万元）", 2),
            _money(p.budget, 3),
            _t("全年执行数（万元）", 3),
            _money(p.spent, 3),
            _t("执行率", 3),
            _percent(scored.rate, 4),
        ],
        [_t("年度总体目标"), _t("年初设定目标", 9), _t("全年实际完成情况", 8)],
        [_t(""), _t(p.goal, 9), _t(p.achieved, 8)],
        [
            _t("绩效指标"),
            _t("一级指标"),
            _t("二级指标"),
            _t("三级指标"),
            _t("年度目标值", 3),
            _t("全年完成值"),
            _t("完成程度"),
            _t("分值"),
            _t("得分"),
            _t("未完成原因分析", 6),
            _t("改进措施"),
        ],
        [_t("", 4), _t("运算符号"), _t("内容"), _t("度量单位"), _t("", 4)]
        + [_t(c) for c in (*DEVIATION_CATEGORIES, "原因说明")]
        + [_t("")],
    ]
    rows.extend(_indicator_row(ind, bands, with_reason=True) for ind in scored.indicators)
    rows.append(
        [
            _t("指标自评得分小计", 3, bold=True),
            _score(scored.subtotal, 2),
            _t("预算执行率得分", 3, bold=True),
            _score(scored.rate_score, 2),
            _t("减分项", 2, bold=True),
            _score(scored.deduction, 2),
            _t("绩效自评总得分", 2, bold=True),
            _score(scored.total, 2),
        ]
    )
    return TableView(
        key="project",
        title=profile.setting("project_table_title", "预算项目（政策）绩效自评表"),
        year_text=f"（{year}年度）",
        rows=tuple(tuple(r) for r in rows),
        sheet=p.name[:31],
        widths=(6, 8, 9, 14, 5, 6, 5, 7, 7, 5, 5, 4, 4, 4, 4, 4, 14, 14),
    )


def whole_view(scored: ScoredWhole, year: int, profile: Profile) -> TableView:
    w = scored.source
    bands = profile.policy.bands
    width = 17
    rows: list[list[Cell]] = [
        [_t("部门（单位）名称", 2), _t(w.name, width - 2)],
        [_t("部门年初预算收入金额", 2), _money(w.budget_income, width - 2)],
        [_t("部门年初预算支出金额", 2), _money(w.budget_expenditure, width - 2)],
        [_t("年度主要任务"), _t("对应项目", 6), _t("项目下达金额", 2), _t("项目执行金额", 2), _t("项目执行率", 2), _t("分值", 2), _t("得分", 2)],
    ]
    for task in scored.tasks:
        rows.append(
            [
                _t(""),
                _t(task.name, 6),
                _money(task.allotted, 2),
                _money(task.spent, 2),
                _percent(task.rate, 2),
                _number(task.weight, 2),
                _number(task.score, 2),
            ]
        )
    rows.append([_t("年度目标"), _t("年初总体目标", 8), _t("全年完成情况", 8)])
    rows.append([_t(""), _t(w.goal, 8), _t(w.achieved, 8)])
    rows.append(
        [_t(x) for x in ("绩效指标", "一级指标", "二级指标", "三级指标", "运算符号", "指标值", "度量单位", "全年完成值", "完成程度", "分值", "得分")]
        + [_t("偏差原因分析", 5), _t("改进措施")]
    )
    rows.extend(_indicator_row(ind, bands, with_reason=False) for ind in scored.indicators)
    rows.append([_t("总评价得分", 2, bold=True), _score(scored.total, width - 2)])
    return TableView(
        key="whole",
        title=profile.setting("whole_table_title", "部门（单位）整体绩效自评表"),
        year_text=f"{year}年度",
        name_line=w.name,
        rows=tuple(tuple(r) for r in rows),
        sheet="整体绩效自评表",
        widths=(6, 8, 9, 14, 5, 6, 5, 7, 7, 5, 5, 5, 5, 5, 5, 5, 14),
    )
