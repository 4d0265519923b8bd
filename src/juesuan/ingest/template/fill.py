"""The fill-in workbook filled from data (``juesuan template --from DOCUMENT``): a department
starts this year's report from last year's published document.

The inverse of :mod:`juesuan.ingest.template.read`: every 项 row of the tables with its figures,
年初预算, 主要用途 and 主要原因, the totals of last year recovered from the document's year-on-year
sentences, the 三公 counts, 政府采购, 国有资产, the 绩效 forms and the texts. What the document
did not say stays blank — ``render`` then names each blank cell to fill in. Reading the filled
workbook back gives the same tables (tested on the seed and the corpus).
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import partial
from typing import Any

from juesuan.ingest.template.layout import (
    EQUIPMENT_FIELD,
    KEY_ROWS,
    PUBLISHED_SHEET,
    SHEETS,
    UNIVERSITY_SHEETS,
    sheet_set,
    template_workbook,
)
from juesuan.model.inputs import VEHICLE_CATEGORIES, DocumentInput, IndicatorInput, reason_key
from juesuan.model.tables import (
    BalanceTable,
    BasicExpenditureTable,
    ClassifiedRow,
    ClassifiedTable,
    Side,
    TableKind,
    ThreePublicItem,
    ThreePublicTable,
    first_table,
)
from juesuan.scoring import NATIONAL, ScoringPolicy

__all__ = ["filled_template"]

#: the names a column of the published tables goes by, for each template column
_COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "财政拨款收入": ("财政拨款收入", "财政拨款"),
    "本年收入": ("本年收入", "本年收入合计"),
    "年初结转和结余": ("年初结转和结余",),
}


def write_rows(wb: Any, sheet: str, values: list[list[Any]]) -> None:
    """Enter ``values`` in the sheet from its second row (the first holds the headers); blank
    values leave the cell empty."""
    ws = wb[sheet]
    for r, row in enumerate(values, start=2):
        for c, v in enumerate(row, start=1):
            if v not in (None, ""):
                ws.cell(row=r, column=c, value=v)


def _value(row: ClassifiedRow, column: str) -> Decimal | None:
    for name in _COLUMN_NAMES.get(column, (column,)):
        cell = row.cells.get(name)
        if cell is not None:
            return cell.amount.value if cell.amount is not None else None
    return None


def _money(value: Decimal | None) -> Decimal | None:
    # openpyxl writes a Decimal as the number it prints (no binary float on the way)
    return value


def _items(table: ClassifiedTable | None) -> list[ClassifiedRow]:
    if table is None:
        return []
    return [r for r in table.coded_rows if r.code is not None and len(r.code.value) == 7]


def _totals(table: ClassifiedTable | None, columns: tuple[str, ...]) -> list[list[Any]]:
    """The 合计 and 类/款 rows as published: the reader takes them where they differ from the sum
    of their items by no more than 尾差 (a published total keeps its own rounding)."""
    if table is None:
        return []
    out: list[list[Any]] = []
    if table.total is not None:
        out.append(["合计", "合计", *(_money(_value(table.total, c)) for c in columns)])
    for r in table.coded_rows:
        if r.code is not None and len(r.code.value) in (3, 5):
            out.append([r.code.value, r.label, *(_money(_value(r, c)) for c in columns)])
    return out


def _balance(table: BalanceTable | None, side: Side, key: str) -> Decimal | None:
    if table is None:
        return None
    line = table.line(side, key)
    if line is None:
        return None
    cell = next(iter(line.cells.values()), None)
    return cell.amount.value if cell is not None and cell.amount is not None else None


def _weights(indicators: tuple[IndicatorInput, ...]) -> list[list[Any]]:
    return [
        [i.level1, i.level2, i.name, i.operator, i.target, i.unit, i.actual, _money(i.weight), i.band, ",".join(i.deviation), i.reason, i.measures]
        for i in indicators
    ]


def _published(doc: DocumentInput) -> list[list[Any]]:
    """The published figures of the tables the template computes: every printed line of 公开01/04表
    and the 人员经费/公用经费合计 of the basic-expenditure table, so that a document's own 尾差 come
    back as printed (and its layout's lines only)."""
    out: list[list[Any]] = []
    for kind in (TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.FISCAL_SUMMARY):
        table = first_table(doc.tables, kind, BalanceTable)
        for line in table.lines if table is not None else ():
            if not line.key:
                continue
            code = line.code.value if line.code is not None else ""
            printed: list[tuple[str, Decimal | None]] = [(c, cell.amount.value) for c, cell in line.cells.items() if cell.amount is not None]
            # a line printed blank is still a line of the layout: entered with no amount
            for column, amount in printed or [(next(iter(line.cells), ""), None)]:
                out.append([kind.value, code, line.key, column, _money(amount)])
    basic = first_table(doc.tables, TableKind.GENERAL_BASIC, BasicExpenditureTable)
    if basic is not None:
        for key, cell in (("人员经费合计", basic.personnel_total), ("公用经费合计", basic.public_total)):
            if cell is not None and cell.amount is not None:
                out.append([TableKind.GENERAL_BASIC.value, "", key, "决算数", _money(cell.amount.value)])
    return out


def filled_template(doc: DocumentInput, policy: ScoringPolicy = NATIONAL, layout: str = "") -> bytes:
    """The template workbook with ``doc`` entered in it; 基本信息“版式” is ``layout`` (the layout
    the document is to be written in), else the layout ``doc`` was read in."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template_workbook(policy=policy, layout=layout or doc.family)))
    if sheet_set(layout or doc.family)[0] is UNIVERSITY_SHEETS:
        from juesuan.ingest.template.university import fill_university

        fill_university(wb, doc)
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()
    columns = {spec.name: spec.columns for spec in SHEETS}

    sum_columns = {"收入决算表": "本年收入合计", "支出决算表": "本年支出合计", "一般公共预算支出": "合计", "政府性基金": "本年支出合计", "国有资本经营": "本年支出合计"}
    kinds = {"收入决算表": TableKind.INCOME, "支出决算表": TableKind.EXPENDITURE, "一般公共预算支出": TableKind.GENERAL_EXPENDITURE,
             "政府性基金": TableKind.GOV_FUND, "国有资本经营": TableKind.STATE_CAPITAL}  # fmt: skip

    def with_sums(sheet: str) -> None:
        """The published sum column beside the entered ones, as printed (尾差 kept)."""
        table = first_table(doc.tables, kinds[sheet], ClassifiedTable)
        if table is None:
            return
        ws = wb[sheet]
        column = len(columns[sheet]) + 1
        ws.cell(row=1, column=column, value=sum_columns[sheet])
        for r in range(2, ws.max_row + 1):
            code = ws.cell(row=r, column=1).value
            if code is None:
                continue
            row = table.total if code == "合计" else table.row(str(code))
            if row is not None:
                ws.cell(row=r, column=column, value=_money(_value(row, sum_columns[sheet])))

    rows = partial(write_rows, wb)

    def pairs(sheet: str, values: dict[str, Any]) -> None:
        ws = wb[sheet]
        for r, key in enumerate(KEY_ROWS[sheet], start=2):
            v = values.get(key)
            if v not in (None, ""):
                ws.cell(row=r, column=2, value=v)

    tables = doc.tables
    summary = first_table(tables, TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
    fiscal = first_table(tables, TableKind.FISCAL_SUMMARY, BalanceTable)
    general = first_table(tables, TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
    fund = first_table(tables, TableKind.GOV_FUND, ClassifiedTable)
    capital = first_table(tables, TableKind.STATE_CAPITAL, ClassifiedTable)
    p, b = doc.previous, doc.budgets
    start_general = _balance(fiscal, Side.INCOME, "年初财政拨款结转和结余/一般公共预算财政拨款")
    pairs(
        "基本信息",
        {
            "部门名称": doc.department,
            "年度": doc.year,
            "表头单位名称": doc.unit_name if doc.unit_name != doc.department else "",
            "使用非财政拨款结余": _money(_balance(summary, Side.INCOME, "使用非财政拨款结余")),
            "年初结转和结余": _money(_balance(summary, Side.INCOME, "年初结转和结余")),
            "结余分配": _money(_balance(summary, Side.EXPENDITURE, "结余分配")),
            "年初一般公共预算财政拨款结转和结余": _money(start_general),
            "机关运行经费": _money(doc.operating_costs),
            "上年机关运行经费": _money(p.operating_costs),
            "上年收入总计": _money(p.income_total),
            "上年支出总计": _money(p.expenditure_total),
            "上年年末结转和结余": _money(p.carryover_end),
            "上年财政拨款支出": _money(p.fiscal_expenditure),
            "上年财政拨款收入支出总计": _money(p.fiscal_total),
            "上年一般公共预算财政拨款支出": _money(p.general_expenditure),
            "财政拨款支出年初预算": _money(b.fiscal_expenditure),
            "财政拨款基本支出年初预算": _money(b.fiscal_basic),
            "财政拨款项目支出年初预算": _money(b.fiscal_project),
            "一般公共预算财政拨款支出年初预算": _money(b.general_expenditure),
            "项目支出主要内容": doc.purposes.get("项目支出", ""),
        },
    )
    rows("主要职责", [[i, text] for i, text in enumerate(doc.duties, start=1)])
    rows("决算单位构成", [[i, u.name, u.note] for i, u in enumerate(doc.units, start=1)])
    for sheet, kind in (("收入决算表", TableKind.INCOME), ("支出决算表", TableKind.EXPENDITURE)):
        table = first_table(tables, kind, ClassifiedTable)
        money_columns = columns[sheet][2:]
        rows(sheet, [[r.code.value, r.label, *(_money(_value(r, c)) for c in money_columns)] for r in _items(table) if r.code is not None]
             + _totals(table, money_columns))  # fmt: skip
    rows(
        "一般公共预算支出",
        [
            [code, r.label, _money(_value(r, "基本支出")), _money(_value(r, "项目支出")), _money(b.items.get(code)),
             doc.purposes.get(f"项:{code}", ""), doc.reasons.get(reason_key(f"项:{code}", "预算"), "")]
            for r in _items(general)
            if r.code is not None and (code := r.code.value)
        ]
        + _totals(general, ("基本支出", "项目支出")),
    )
    for sheet, table, subject, budgets in (("政府性基金", fund, "基金项", b.fund_items), ("国有资本经营", capital, "国资项", b.capital_items)):
        rows(
            sheet,
            [
                [code, r.label, _money(_value(r, "年初结转和结余")), _money(_value(r, "本年收入")), _money(_value(r, "基本支出")),
                 _money(_value(r, "项目支出")), _money(budgets.get(code)), doc.purposes.get(f"{subject}:{code}", ""),
                 doc.reasons.get(reason_key(f"{subject}:{code}", "预算"), "")]
                for r in _items(table)
                if r.code is not None and (code := r.code.value)
            ]
            + _totals(table, ("年初结转和结余", "本年收入", "基本支出", "项目支出")),
        )
    basic = first_table(tables, TableKind.GENERAL_BASIC, BasicExpenditureTable)
    if basic is not None:
        rows(
            "基本支出明细",
            [[i.code.value, i.name, _money(i.cell.amount.value if i.cell.amount is not None else None)] for i in basic.items if len(i.code.value) in (3, 5)],
        )
    three = first_table(tables, TableKind.THREE_PUBLIC, ThreePublicTable)
    tp_rows: list[list[Any]] = []
    for label, item, target in (
        ("因公出国（境）费", ThreePublicItem.OVERSEAS, ThreePublicItem.OVERSEAS),
        ("公务接待费", ThreePublicItem.RECEPTION, ThreePublicItem.RECEPTION),
        ("公务用车购置费", ThreePublicItem.VEHICLE_PURCHASE, ThreePublicItem.VEHICLES),
        ("公务用车运行维护费", ThreePublicItem.VEHICLE_OPERATION, ThreePublicItem.VEHICLES),
    ):
        row = three.get(item) if three is not None else None
        budget = row.budget.amount.value if row is not None and row.budget.amount is not None else None
        actual = row.actual.amount.value if row is not None and row.actual.amount is not None else None
        previous = p.three_public.get(target.value)
        if item == ThreePublicItem.VEHICLE_PURCHASE and previous is not None:
            previous = Decimal(0)  # last year's 公务用车 figure is one sum: entered on the 运行维护费 line
        first = item != ThreePublicItem.VEHICLE_OPERATION
        tp_rows.append([
            label, _money(budget), _money(actual), _money(previous),
            doc.reasons.get(reason_key(f"三公:{target.value}", "预算"), "") if first else "",
            doc.reasons.get(reason_key(f"三公:{target.value}", "上年"), "") if first else "",
            doc.three_public.uses.get(target.value, "") if first else "",
        ])  # fmt: skip
    rows("三公经费", tp_rows)
    for sheet in sum_columns:
        with_sums(sheet)
    pairs("主要原因", {key: doc.reasons.get(key, "") for key in KEY_ROWS["主要原因"]})
    t = doc.three_public
    pairs(
        "三公数量",
        {
            "因公出国（境）团组数": t.groups, "因公出国（境）人次": t.group_people, "国内公务接待批次": t.receptions,
            "国内公务接待人次": t.reception_people, "外事接待批次": t.foreign_receptions, "外事接待人次": t.foreign_people,
            "外事接待金额（万元）": _money(t.foreign_amount), "当年购置公务用车数": t.vehicles_bought, "公务用车保有量": t.vehicles_held,
        },
    )  # fmt: skip
    q = doc.procurement
    pairs(
        "政府采购",
        {
            "货物采购金额": _money(q.goods), "工程采购金额": _money(q.works), "服务采购金额": _money(q.services),
            "货物授予中小企业合同金额": _money(q.sme_goods), "工程授予中小企业合同金额": _money(q.sme_works),
            "服务授予中小企业合同金额": _money(q.sme_services), "授予小微企业合同金额": _money(q.small_micro),
            "面向中小企业预留项目预算金额": _money(q.reserved_sme), "面向小微企业预留项目预算金额": _money(q.reserved_small_micro),
        },
    )  # fmt: skip
    pairs("国有资产", {**{c: doc.assets.vehicles.get(c, 0) for c in VEHICLE_CATEGORIES}, EQUIPMENT_FIELD: doc.assets.equipment})
    rows(
        "绩效项目",
        [[x.name, x.department, x.implementer, x.fund, _money(x.budget), _money(x.spent), x.goal, x.achieved, x.summary, x.problems, x.measures]
         for x in doc.projects],
    )  # fmt: skip
    rows("绩效指标", [[x.name, *line] for x in doc.projects for line in _weights(x.indicators)])
    if doc.whole is not None:
        w = doc.whole
        pairs("整体绩效", {"部门（单位）名称": w.name, "部门年初预算收入金额": _money(w.budget_income),
                       "部门年初预算支出金额": _money(w.budget_expenditure), "年初总体目标": w.goal, "全年完成情况": w.achieved})  # fmt: skip
        rows("整体绩效任务", [[x.name, _money(x.allotted), _money(x.spent), _money(x.weight)] for x in w.tasks])
        rows("整体绩效指标", _weights(w.indicators))
    m = doc.management
    pairs(
        "绩效管理",
        {"预算绩效管理制度": m.systems, "工作机制": m.mechanism, "编报绩效目标的项目个数": m.target_projects,
         "编报绩效目标的项目预算金额": _money(m.target_money), "绩效跟踪评价的项目个数": m.tracked_projects,
         "绩效跟踪评价的项目预算金额": _money(m.tracked_money), "绩效自评发现问题个数": m.problems_found,
         "已完成整改个数": m.problems_fixed or None, "正在整改个数": m.problems_fixing or None},
    )  # fmt: skip
    rows("名词解释", [[g.term, g.definition] for g in doc.glossary])
    rows(PUBLISHED_SHEET, _published(doc))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
