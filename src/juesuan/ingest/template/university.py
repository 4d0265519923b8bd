"""The fill-in workbook of the university layout (教育部直属高校): filled from data, read back.

Its sheets (:data:`~juesuan.ingest.template.layout.UNIVERSITY_SHEETS`) hold what the family
publishes: the 项 rows of the 收入决算表 (with 其中：教育收费), 支出决算表 and 财政拨款支出决算表
(with 其中：基本建设资金支出) — 类/款/合计 rows and the 收支决算总表 are computed from them, a
published total kept where it differs from the sum by no more than 尾差, as for the standard
workbook — the 基本信息 of the 收支决算总表 (结转结余, the two “其中” lines), last year's figures
line by line (上年决算数: ``事业收入``, ``类:205``, ``项:2050202``), the reasons of a large
difference, the 学校概况 paragraphs, the 单位构成 and the 科目说明.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from juesuan.classification import class_lines
from juesuan.ingest.template.layout import LAYOUT_FIELD, UNIVERSITY_INFO, UNIVERSITY_KEYS, UNIVERSITY_SHEETS
from juesuan.model.inputs import DocumentInput, PreviousYear
from juesuan.model.numerals import int_to_cn
from juesuan.model.provenance import Source
from juesuan.model.tables import BalanceLine, BalanceTable, ClassifiedTable, Side, Table, TableHeader, TableKind, first_table

__all__ = ["build_university", "fill_university"]

ZERO = Decimal(0)

_INCOME_SOURCES = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
_INCOME_INPUTS = ("财政拨款收入", "上级补助收入", "事业收入", "其中：教育收费", "经营收入", "附属单位上缴收入", "其他收入")
_SPENDING = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
_FISCAL_INPUTS = ("基本支出", "项目支出", "其中：基本建设资金支出")
#: the sheet, the table it enters, the published sum column and what it sums, the columns entered
_TABLES: tuple[tuple[str, TableKind, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("收入决算表", TableKind.INCOME, "本年收入合计", _INCOME_SOURCES, _INCOME_INPUTS),
    ("支出决算表", TableKind.EXPENDITURE, "本年支出合计", _SPENDING, _SPENDING),
    ("财政拨款支出决算表", TableKind.FISCAL_EXPENDITURE, "合计", ("基本支出", "项目支出"), _FISCAL_INPUTS),
)
#: the income lines of the 收支决算总表 the 基本信息 gives (the “其中” lines, the carry-overs)
_SUMMARY_INFO = (
    (Side.INCOME, "其中：政府性基金预算财政拨款"),
    (Side.INCOME, "其中：捐赠收入"),
    (Side.INCOME, "使用非财政拨款结余"),
    (Side.INCOME, "年初结转和结余"),
    (Side.EXPENDITURE, "结余分配"),
)


def _columns() -> dict[str, tuple[str, ...]]:
    return {spec.name: spec.columns for spec in UNIVERSITY_SHEETS}


def fill_university(wb: Any, doc: DocumentInput) -> None:
    """Enter ``doc`` in the university workbook ``wb`` (made by ``template_workbook``)."""
    from juesuan.ingest.template.fill import _balance, _items, _money, _totals, _value, write_rows

    columns = _columns()

    rows = partial(write_rows, wb)

    summary = first_table(doc.tables, TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
    info: dict[str, Any] = {
        "部门名称": doc.department,
        "年度": doc.year,
        "表头单位名称": doc.unit_name if doc.unit_name != doc.department else "",
        "上年收入总计": _money(doc.previous.income_total),
        "上年支出总计": _money(doc.previous.expenditure_total),
    }
    for side, key in _SUMMARY_INFO:
        info[key] = _money(_balance(summary, side, key))
    ws = wb["基本信息"]
    for r, key in enumerate(UNIVERSITY_KEYS["基本信息"], start=2):
        if key != LAYOUT_FIELD and info.get(key) not in (None, ""):
            ws.cell(row=r, column=2, value=info[key])
    rows("学校概况", [[i, text] for i, text in enumerate(doc.duties, start=1)])
    rows("决算单位构成", [[i, u.name, u.note] for i, u in enumerate(doc.units, start=1)])
    labels: dict[str, str] = {f"类:{code}": name for code, name in class_lines()}
    for sheet, kind, total, _, _ in _TABLES:
        table = first_table(doc.tables, kind, ClassifiedTable)
        entered = columns[sheet][2:]
        rows(sheet, [[r.code.value, r.label, *(_money(_value(r, c)) for c in entered)] for r in _items(table) if r.code is not None]
             + _totals(table, entered))  # fmt: skip
        if table is None:
            continue
        ws = wb[sheet]  # the published sum column beside the entered ones, as printed (尾差 kept)
        at = len(columns[sheet]) + 1
        ws.cell(row=1, column=at, value=total)
        for r in range(2, ws.max_row + 1):
            code = ws.cell(row=r, column=1).value
            row = table.total if code == "合计" else table.row(str(code)) if code is not None else None
            if row is not None:
                ws.cell(row=r, column=at, value=_money(_value(row, total)))
        if kind == TableKind.FISCAL_EXPENDITURE:
            labels.update({f"项:{r.code.value}": r.label for r in _items(table) if r.code is not None})
    rows("上年决算数", [[key, labels.get(key, key), _money(doc.previous.items.get(key))] for key in _year_keys(doc)])
    rows("主要原因", [[key, text] for key, text in doc.reasons.items() if text])
    rows("名词解释", [[g.term, g.definition] for g in doc.glossary])


def _year_keys(doc: DocumentInput) -> list[str]:
    """The lines the 决算报表说明 compares with last year, in the order it names them: the income
    lines and 类 with figures this year, the 项 of the 财政拨款支出决算表, then any other line
    given (a 类 with spending last year only). Their figures may be blank: ``render`` asks for them."""
    from juesuan.ingest.template.fill import _items, _value

    keys: list[str] = []
    income = first_table(doc.tables, TableKind.INCOME, ClassifiedTable)
    if income is not None and income.total is not None:
        keys += [name for name in _INCOME_SOURCES if _value(income.total, name)]
    spending = first_table(doc.tables, TableKind.EXPENDITURE, ClassifiedTable)
    if spending is not None:
        keys += [f"类:{r.code.value}" for r in spending.coded_rows if r.code is not None and len(r.code.value) == 3]
    fiscal = first_table(doc.tables, TableKind.FISCAL_EXPENDITURE, ClassifiedTable)
    keys += [f"项:{r.code.value}" for r in _items(fiscal) if r.code is not None and _value(r, "合计")]
    return list(dict.fromkeys([*keys, *doc.previous.items]))


def _summary(tables: dict[TableKind, ClassifiedTable], info: dict[str, Decimal]) -> BalanceTable:
    """The 高等学校收支决算总表 computed from the tables entered and the 基本信息."""
    from juesuan.ingest.template.read import _class_value, _line, _total

    kind = TableKind.INCOME_EXPENDITURE_SUMMARY
    src = Source(table=kind.value)
    income, spending = tables[TableKind.INCOME], tables[TableKind.EXPENDITURE]
    col_in, col_ex = "收入/金额", "支出/金额"
    lines: list[BalanceLine] = []
    no = 0

    def add(side: Side, label: str, key: str, amount: Decimal | None, code: str = "") -> None:
        nonlocal no
        no += 1
        lines.append(_line(side, no, label, key, {col_in if side == Side.INCOME else col_ex: amount}, src, code))

    for k, name in enumerate(_INCOME_SOURCES, start=1):
        add(Side.INCOME, f"{int_to_cn(k)}、{name}", name, _total(income, name))
        if name == "财政拨款收入":
            add(Side.INCOME, "其中：政府性基金预算财政拨款", "其中：政府性基金预算财政拨款", info.get("其中：政府性基金预算财政拨款"))
        if name == "其他收入":
            add(Side.INCOME, "其中：捐赠收入", "其中：捐赠收入", info.get("其中：捐赠收入"))
    year_income = _total(income, "本年收入合计")
    carry_use, carry_start, allotted = (info.get(k) or ZERO for k in ("使用非财政拨款结余", "年初结转和结余", "结余分配"))
    total = year_income + carry_use + carry_start
    add(Side.INCOME, "本年收入合计", "本年收入合计", year_income)
    add(Side.INCOME, "使用非财政拨款结余（含专用结余）", "使用非财政拨款结余", carry_use)
    add(Side.INCOME, "上年结转和结余", "年初结转和结余", carry_start)
    add(Side.INCOME, "合计", "总计", total)
    for k, (code, name) in enumerate(class_lines(), start=1):
        amount = _class_value(spending, code, "本年支出合计")
        add(Side.EXPENDITURE, f"{int_to_cn(k)}、{name}", name, amount if amount != 0 else None, code)
    year_spend = _total(spending, "本年支出合计")
    add(Side.EXPENDITURE, "本年支出合计", "本年支出合计", year_spend)
    add(Side.EXPENDITURE, "结余分配", "结余分配", allotted)
    add(Side.EXPENDITURE, "年末结转和结余", "年末结转和结余", total - year_spend - allotted)
    add(Side.EXPENDITURE, "合计", "总计", total)
    return BalanceTable(kind=kind, header=TableHeader(title=kind.value), income_columns=(col_in,), expenditure_columns=(col_ex,),
                        lines=tuple(lines), source=src)  # fmt: skip


def build_university(book: Any) -> DocumentInput:
    """The writer's input from a filled university workbook (``book``: a read ``Book``)."""
    from juesuan.ingest.template.read import _classified, _with_headers, basic_info, glossary_of, stop_on_problems, units_of

    info, department, family, year = basic_info(book, UNIVERSITY_INFO)
    money = {name: book.money(info.get(name), what=name) for name, _, kind in UNIVERSITY_INFO if kind == "money"}
    tables = {kind: _classified(book, sheet, kind, {total: parts}, inputs) for sheet, kind, total, parts, inputs in _TABLES}
    summary = _summary(tables, {k: v for k, v in money.items() if v is not None})
    previous: dict[str, Decimal] = {}
    for row in book.rows("上年决算数"):
        key, amount = book.column("上年决算数", row, "事项"), book.column("上年决算数", row, "上年决算数")
        if key is None or not key.text:
            continue
        figure = book.money(amount, what=f"“{key.text}”的上年决算数")  # blank: not given (render asks for it)
        if figure is not None:
            previous[key.text] = figure
    reasons = {k: v.text for k, v in book.pairs("主要原因").items() if v.text}
    stop_on_problems(book)
    unit_name = info["表头单位名称"].text if "表头单位名称" in info else ""
    entered: tuple[Table, ...] = (summary, tables[TableKind.INCOME], tables[TableKind.EXPENDITURE], tables[TableKind.FISCAL_EXPENDITURE])
    return DocumentInput(
        department=department,
        year=year,
        family=family,
        unit_name=unit_name,
        duties=tuple(v.text for r in book.rows("学校概况") if (v := book.column("学校概况", r, "段落")) is not None and v.text),
        units=units_of(book),
        tables=_with_headers(entered, department, unit_name, year, book.file),
        previous=PreviousYear(income_total=money["上年收入总计"], expenditure_total=money["上年支出总计"], items=previous),
        reasons=reasons,
        cells={key: tuple(sorted(found)) for key, found in book.trace.items()},
        glossary=glossary_of(book),
    )
