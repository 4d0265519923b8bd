"""Read a filled 部门决算填报模板 (``.xlsx``, or the same sheets as YAML) into a
:class:`~juesuan.model.inputs.DocumentInput`.

The nine tables are built here from the 项 rows people entered: 类/款 and 合计 rows are sums,
公开01表 and 公开04表 follow from 02/03/05/08/09 and the carry-over lines, 公开06表's 类 rows and
totals from its 款 rows, 公开07表's 合计 and 小计 from its four items. Every problem — a missing
required cell, a text where an amount belongs, an unknown code — is collected with its sheet and
cell, and all of them are reported at once (:class:`~juesuan.diagnostics.ReadError`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from juesuan.classification import default_catalogue
from juesuan.diagnostics import ReadError
from juesuan.ingest.template.layout import (
    EQUIPMENT_FIELD,
    INFO_FIELDS,
    LAYOUT_FIELD,
    PUBLISHED_SHEET,
    SHEETS,
    THREE_PUBLIC_ROWS,
    UNIVERSITY_SHEETS,
)
from juesuan.model.cells import PROJECT_TABLE
from juesuan.model.codes import Code, CodeScheme
from juesuan.model.inputs import (
    VEHICLE_CATEGORIES,
    Assets,
    Budgets,
    DocumentInput,
    GlossaryEntry,
    IndicatorInput,
    PerformanceManagement,
    PreviousYear,
    Procurement,
    ProjectInput,
    TaskInput,
    ThreePublicCounts,
    UnitEntry,
    WholeInput,
    reason_key,
)
from juesuan.model.money import Amount
from juesuan.model.numerals import int_to_cn
from juesuan.model.provenance import Source
from juesuan.model.tables import (
    FUNDS,
    BalanceLine,
    BalanceTable,
    BasicExpenditureTable,
    BasicItem,
    ClassifiedRow,
    ClassifiedTable,
    MoneyCell,
    Side,
    Table,
    TableHeader,
    TableKind,
    ThreePublicItem,
    ThreePublicRow,
    ThreePublicTable,
)
from juesuan.record import Record
from juesuan.scoring import round_half_up

__all__ = ["read_sheets", "read_template"]

ZERO = Decimal(0)
_COLUMN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

#: The 26 类 of 公开01/04表, in their printed order.
CLASSES = (
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"), ("205", "教育支出"),
    ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"), ("208", "社会保障和就业支出"), ("210", "卫生健康支出"),
    ("211", "节能环保支出"), ("212", "城乡社区支出"), ("213", "农林水支出"), ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"), ("217", "金融支出"), ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"), ("222", "粮油物资储备支出"), ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"), ("229", "其他支出"), ("231", "债务还本支出"), ("232", "债务付息支出"),
    ("234", "抗疫特别国债安排的支出"),
)  # fmt: skip
@dataclass(frozen=True, repr=False)
class Value(Record):
    sheet: str
    cell: str
    raw: object

    @property
    def text(self) -> str:
        if self.raw is None:
            return ""
        if isinstance(self.raw, float) and self.raw.is_integer():
            return str(int(self.raw))
        return str(self.raw).strip()


Row = list[Value]


@dataclass(repr=False)
class Book(Record):
    file: str
    sheets: dict[str, list[Row]]
    problems: list[str] = field(default_factory=list)
    #: "表名|行|列" → the template cells the value comes from (see DocumentInput.cells)
    trace: dict[str, set[str]] = field(default_factory=dict)

    def note(self, table: str, row: str, column: str, cells: Iterable[str]) -> None:
        """Record that ``table``/``row``/``column`` (and the row as a whole) come from ``cells``."""
        found = {c for c in cells if c}
        if not found:
            return
        for key in (f"{table}|{row}|{column}", f"{table}|{row}|", f"{table}||"):
            self.trace.setdefault(key, set()).update(found)

    def traced(self, table: str, row: str, column: str = "") -> set[str]:
        return set(self.trace.get(f"{table}|{row}|{column}", ()))

    def problem(self, v: Value | None, message: str, sheet: str = "") -> None:
        where = f"工作表“{v.sheet}”{v.cell}单元格" if v is not None else f"工作表“{sheet}”"
        self.problems.append(f"{where}：{message}")

    def rows(self, sheet: str) -> list[Row]:
        """Data rows (after the header), blank rows dropped."""
        return [r for r in self.sheets.get(sheet, [])[1:] if any(v.text for v in r)]

    def header(self, sheet: str) -> list[str]:
        rows = self.sheets.get(sheet, [])
        return [v.text for v in rows[0]] if rows else []

    def column(self, sheet: str, row: Row, name: str) -> Value | None:
        header = self.header(sheet)
        if name not in header:
            return None
        index = header.index(name)
        return row[index] if index < len(row) else Value(sheet, f"{_letter(index)}?", None)

    def pairs(self, sheet: str) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for row in self.rows(sheet):
            if row and row[0].text:
                out[row[0].text] = row[1] if len(row) > 1 else Value(sheet, f"B{row[0].cell[1:]}", None)
        return out

    # typed getters -------------------------------------------------------------------------------

    def money(self, v: Value | None, required: bool = False, what: str = "金额") -> Decimal | None:
        if v is None or not v.text:
            if required:
                self.problem(v, f"缺少{what}")
            return None
        if isinstance(v.raw, bool):
            self.problem(v, f"“{v.text}”不是{what}")
            return None
        if isinstance(v.raw, int | float | Decimal):
            return round_half_up(Decimal(str(v.raw)), 2)
        try:
            return round_half_up(Decimal(v.text.replace(",", "").replace("，", "")), 2)
        except InvalidOperation:
            self.problem(v, f"“{v.text}”不是{what}（应填数字，单位万元）")
            return None

    def count(self, v: Value | None, what: str = "数量") -> int:
        return self.given_count(v, what) or 0

    def given_count(self, v: Value | None, what: str = "数量") -> int | None:
        """A count, or ``None`` when its cell is blank (not given)."""
        if v is None or not v.text:
            return None
        try:
            number = Decimal(v.text)
        except InvalidOperation:
            self.problem(v, f"“{v.text}”不是{what}（应填整数）")
            return None
        if not number.is_finite() or number != number.to_integral() or number < 0 or number > 10**9:
            self.problem(v, f"“{v.text}”不是{what}（应填非负整数）")
            return None
        return int(number)

    @staticmethod
    def place(v: Value | None) -> str:
        """``工作表!D12`` for a value read from a cell ("" when there is none)."""
        return f"{v.sheet}!{v.cell}" if v is not None and v.sheet and not v.cell.endswith("?") else ""

    def source(self, v: Value | None, table: str = "", row: str = "", column: str = "") -> Source:
        if v is None:
            return Source(file=self.file)
        return Source(file=self.file, sheet=v.sheet, cell=v.cell, table=table or None, row=row or None, column=column or None, text=v.text)


def _letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = _COLUMN_LETTERS[rem] + out
    return out


# ---- entry points -----------------------------------------------------------------------------


def read_template(path: str | Path) -> DocumentInput:
    """A filled template workbook → the writer's input (or :class:`ReadError` listing every problem)."""
    p = Path(path)
    if not p.exists():
        raise ReadError(str(path), "文件不存在")
    try:
        from openpyxl import load_workbook

        wb = load_workbook(p, data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ReadError(str(path), f"不是可读取的 Excel 工作簿（{type(exc).__name__}）") from exc
    sheets: dict[str, list[Row]] = {}
    for ws in wb.worksheets:
        rows: list[Row] = []
        for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
            rows.append([Value(ws.title, f"{_letter(c)}{r}", v) for c, v in enumerate(values)])
        sheets[ws.title] = rows
    wb.close()
    return _build(Book(str(path), sheets))


def read_sheets(data: dict[str, Any], file: str) -> DocumentInput:
    """The same sheets written as YAML/JSON: ``{"sheets": {name: [[header...], [row...], ...]}}``."""
    raw = data.get("sheets")
    if not isinstance(raw, dict):
        raise ReadError(file, "“sheets”应是工作表名到行列表的映射")
    sheets: dict[str, list[Row]] = {}
    for name, rows in raw.items():
        if not isinstance(rows, list):
            raise ReadError(file, f"工作表“{name}”应是行的列表")
        sheets[str(name)] = [
            [Value(str(name), f"{_letter(c)}{r}", v) for c, v in enumerate(row if isinstance(row, list) else [row])]
            for r, row in enumerate(rows, start=1)
        ]
    return _build(Book(file, sheets))


# ---- the build ------------------------------------------------------------------------------------


def _build(book: Book) -> DocumentInput:
    known = {s.name for s in SHEETS}
    if not known & set(book.sheets):
        raise ReadError(book.file, "这不是部门决算填报模板：没有找到任何模板工作表（如“基本信息”“收入决算表”）")
    if {s.name for s in UNIVERSITY_SHEETS} - known <= set(book.sheets):
        # the university workbook (its 财政拨款支出决算表 and 上年决算数 sheets)
        from juesuan.ingest.template.university import build_university

        return build_university(book)
    info, department, family, year = basic_info(book, INFO_FIELDS)

    def money(key: str) -> Decimal | None:
        return book.money(info.get(key), what=key)

    general = _classified(book, "一般公共预算支出", TableKind.GENERAL_EXPENDITURE, {"合计": ("基本支出", "项目支出")}, ("基本支出", "项目支出"))
    fund = _classified(book, "政府性基金", TableKind.GOV_FUND, _FUND_COLUMNS, ("年初结转和结余", "本年收入", "基本支出", "项目支出"))
    capital = _classified(book, "国有资本经营", TableKind.STATE_CAPITAL, _FUND_COLUMNS, ("年初结转和结余", "本年收入", "基本支出", "项目支出"))
    income = _classified(
        book, "收入决算表", TableKind.INCOME, {"本年收入合计": _INCOME_SOURCES}, _INCOME_SOURCES
    )
    expenditure = _classified(book, "支出决算表", TableKind.EXPENDITURE, {"本年支出合计": _SPENDING}, _SPENDING)
    basic = _basic(book)
    three = _three_public(book)
    carry = {k: money(k) or ZERO for k in ("使用非财政拨款结余", "年初结转和结余", "结余分配", "年初一般公共预算财政拨款结转和结余")}
    summary = _summary(income, expenditure, fund, capital, general, carry)
    fiscal = _fiscal(general, fund, capital, income, carry)
    published = _published(book)
    slack = max(Decimal("0.01"), Decimal("0.005") * sum(1 for r in expenditure.coded_rows if r.code is not None and len(r.code.value) == 7))
    summary, fiscal = (_as_published(book, t, published, slack) for t in (summary, fiscal))
    basic = _basic_as_published(basic, published, slack)
    _trace_summaries(book, summary, fiscal, {k: book.place(info.get(k)) for k in carry})
    budgets_items, purposes, reasons = _item_extras(book)
    reasons.update({k: v.text for k, v in book.pairs("主要原因").items() if v.text})
    tp_prev, tp_reasons, tp_uses = _three_public_extras(book)
    reasons.update(tp_reasons)
    if (text := info.get("项目支出主要内容")) is not None and text.text:
        purposes["项目支出"] = text.text
    counts = book.pairs("三公数量")
    proc = book.pairs("政府采购")
    assets = book.pairs("国有资产")
    projects = _projects(book)
    whole = _whole(book)
    mgmt = book.pairs("绩效管理")
    # every value is read (and every bad cell noted) before the workbook is refused or accepted
    previous = PreviousYear(
        income_total=money("上年收入总计"),
        expenditure_total=money("上年支出总计"),
        carryover_end=money("上年年末结转和结余"),
        fiscal_total=money("上年财政拨款收入支出总计"),
        fiscal_expenditure=money("上年财政拨款支出"),
        general_expenditure=money("上年一般公共预算财政拨款支出"),
        three_public=tp_prev,
        operating_costs=money("上年机关运行经费"),
    )
    budgets = Budgets(
        fiscal_expenditure=money("财政拨款支出年初预算"),
        fiscal_basic=money("财政拨款基本支出年初预算"),
        fiscal_project=money("财政拨款项目支出年初预算"),
        general_expenditure=money("一般公共预算财政拨款支出年初预算"),
        items=budgets_items.get("项", {}),
        fund_items=budgets_items.get("基金项", {}),
        capital_items=budgets_items.get("国资项", {}),
    )
    three_public = ThreePublicCounts(
        groups=book.given_count(counts.get("因公出国（境）团组数")),
        group_people=book.given_count(counts.get("因公出国（境）人次")),
        receptions=book.given_count(counts.get("国内公务接待批次")),
        reception_people=book.given_count(counts.get("国内公务接待人次")),
        foreign_receptions=book.given_count(counts.get("外事接待批次")),
        foreign_people=book.given_count(counts.get("外事接待人次")),
        foreign_amount=book.money(counts.get("外事接待金额（万元）")) or ZERO,
        vehicles_bought=book.given_count(counts.get("当年购置公务用车数")),
        vehicles_held=book.given_count(counts.get("公务用车保有量")),
        uses=tp_uses,
    )
    operating_costs = money("机关运行经费")
    procurement = Procurement(
        goods=book.money(proc.get("货物采购金额")) or ZERO,
        works=book.money(proc.get("工程采购金额")) or ZERO,
        services=book.money(proc.get("服务采购金额")) or ZERO,
        sme_goods=book.money(proc.get("货物授予中小企业合同金额")) or ZERO,
        sme_works=book.money(proc.get("工程授予中小企业合同金额")) or ZERO,
        sme_services=book.money(proc.get("服务授予中小企业合同金额")) or ZERO,
        small_micro=book.money(proc.get("授予小微企业合同金额")) or ZERO,
        reserved_sme=book.money(proc.get("面向中小企业预留项目预算金额")) or ZERO,
        reserved_small_micro=book.money(proc.get("面向小微企业预留项目预算金额")) or ZERO,
    )
    asset_counts = Assets(
        vehicles={c: book.count(assets.get(c)) for c in VEHICLE_CATEGORIES},
        equipment=book.count(assets.get(EQUIPMENT_FIELD)),
    )
    management = PerformanceManagement(
        systems=mgmt["预算绩效管理制度"].text if "预算绩效管理制度" in mgmt else "",
        mechanism=mgmt["工作机制"].text if "工作机制" in mgmt else "",
        target_projects=book.count(mgmt["编报绩效目标的项目个数"]) if _filled(mgmt, "编报绩效目标的项目个数") else None,
        target_money=book.money(mgmt.get("编报绩效目标的项目预算金额")),
        tracked_projects=book.count(mgmt["绩效跟踪评价的项目个数"]) if _filled(mgmt, "绩效跟踪评价的项目个数") else None,
        tracked_money=book.money(mgmt.get("绩效跟踪评价的项目预算金额")),
        problems_found=book.count(mgmt["绩效自评发现问题个数"]) if _filled(mgmt, "绩效自评发现问题个数") else None,
        problems_fixed=book.count(mgmt.get("已完成整改个数")),
        problems_fixing=book.count(mgmt.get("正在整改个数")),
    )
    stop_on_problems(book)
    tables: tuple[Table, ...] = (summary, income, expenditure, fiscal, general, basic, three, fund, capital)
    unit_name = info["表头单位名称"].text if "表头单位名称" in info else ""
    return DocumentInput(
        department=department,
        year=year,
        family=family,
        unit_name=unit_name,
        duties=tuple(v.text for r in book.rows("主要职责") if (v := book.column("主要职责", r, "职责")) is not None and v.text),
        units=units_of(book),
        tables=_with_headers(tables, department, unit_name, year, book.file),
        previous=previous,
        budgets=budgets,
        reasons=reasons,
        purposes=purposes,
        three_public=three_public,
        operating_costs=operating_costs,
        procurement=procurement,
        assets=asset_counts,
        projects=projects,
        whole=whole,
        management=management,
        cells={key: tuple(sorted(found, key=_cell_order)) for key, found in book.trace.items()},
        glossary=glossary_of(book),
    )


def basic_info(book: Book, fields: Iterable[tuple[str, bool, str]]) -> tuple[dict[str, Value], str, str, int]:
    """The 基本信息 sheet with its required ``fields`` (name, required, kind) checked: the sheet's
    values, the department, the layout it records and the year (0 when not given)."""
    info = book.pairs("基本信息")
    for name, required, _kind in fields:
        v = info.get(name)
        if required and (v is None or not v.text):
            book.problem(v, f"缺少必填项“{name}”", "基本信息")
    department = info["部门名称"].text if "部门名称" in info else ""
    family = _layout(book, info.get(LAYOUT_FIELD))
    year = book.count(info.get("年度"), "年度") if "年度" in info else 0
    if year and not 1990 <= year <= 2100:
        book.problem(info.get("年度"), f"年度“{year}”不合理")
    return info, department, family, year


def stop_on_problems(book: Book) -> None:
    """Refuse the workbook with every problem found in it, each with its sheet and cell."""
    if book.problems:
        raise ReadError(book.file, f"填报模板中有 {len(book.problems)} 处问题：\n" + "\n".join(book.problems))


def units_of(book: Book) -> tuple[UnitEntry, ...]:
    """The 决算单位构成 sheet: each unit named, with its note."""
    return tuple(
        UnitEntry(name=n.text, note=(book.column("决算单位构成", r, "备注") or Value("", "", None)).text)
        for r in book.rows("决算单位构成")
        if (n := book.column("决算单位构成", r, "单位名称")) is not None and n.text
    )


def glossary_of(book: Book) -> tuple[GlossaryEntry, ...]:
    """The 名词解释 sheet: each term with its definition (rows with either blank are left out)."""
    return tuple(
        GlossaryEntry(term=t.text, definition=d.text)
        for r in book.rows("名词解释")
        if (t := book.column("名词解释", r, "名词")) is not None
        and (d := book.column("名词解释", r, "解释")) is not None
        and t.text
        and d.text
    )


_Published = dict[tuple[str, str, str], tuple[Decimal | None, Value]]


def _published(book: Book) -> _Published:
    """原文汇总数: (table, line key, column) → the published amount (``None``: printed blank)."""
    out: _Published = {}
    for row in book.rows(PUBLISHED_SHEET):
        table, key, column = (book.column(PUBLISHED_SHEET, row, c) for c in ("表", "行", "列"))
        if table is None or key is None or not table.text or not key.text:
            continue
        amount_v = book.column(PUBLISHED_SHEET, row, "金额")
        amount = book.money(amount_v, what="金额") if amount_v is not None and amount_v.text else None
        code = book.column(PUBLISHED_SHEET, row, "科目编码")
        place = amount_v if amount_v is not None else key
        for name in {key.text, code.text if code is not None else ""} - {""}:
            out[(table.text, name, column.text if column is not None else "")] = (amount, place)
    return out


def _as_published(book: Book, table: BalanceTable, published: _Published, slack: Decimal) -> BalanceTable:
    """A computed 公开01/04表 with the document's own figures where they differ from the computed ones
    by no more than ``slack`` (尾差 kept as printed), and only the lines the document printed."""
    mine = {(key, column): v for (name, key, column), v in published.items() if name == table.kind.value}
    if not mine:
        return table
    printed = {key for key, _ in mine}
    lines: list[BalanceLine] = []
    for line in table.lines:
        names = {line.key, line.code.value if line.code is not None else ""} - {""}
        if line.code is None and names and not names & printed:
            continue  # a line the document's layout does not print (a 类 line stays: its name may vary)
        cells = dict(line.cells)
        for column, cell in line.cells.items():
            typed = next((mine[(n, column)] for n in names if (n, column) in mine), None)
            if typed is None or typed[0] is None:
                continue
            if abs(typed[0] - cell.or_zero().value) <= slack:
                cells[column] = _cell(typed[0], cell.source)
                for name in names:
                    book.note(table.kind.value, name, column, [book.place(typed[1])])
        lines.append(line.model_copy(update={"cells": cells}))
    return table.model_copy(update={"lines": tuple(lines)})


def _basic_as_published(table: BasicExpenditureTable, published: _Published, slack: Decimal) -> BasicExpenditureTable:
    """人员经费合计 / 公用经费合计 as printed when within ``slack`` of the sum of their 类."""
    update: dict[str, MoneyCell] = {}
    for name, key in (("personnel_total", "人员经费合计"), ("public_total", "公用经费合计")):
        typed = published.get((table.kind.value, key, "决算数"))
        cell: MoneyCell | None = getattr(table, name)
        if typed is not None and typed[0] is not None and cell is not None and abs(typed[0] - cell.or_zero().value) <= slack:
            update[name] = _cell(typed[0], cell.source, False)
    return table.model_copy(update=update) if update else table


def _layout(book: Book, value: Value | None) -> str:
    """基本信息“版式”: a known profile name; blank means the default layout (liaoning)."""
    from juesuan.profiles import profile_names

    text = value.text.strip() if value is not None else ""
    if not text:
        return "liaoning"
    names = profile_names()
    if text not in names:
        book.problem(value, f"“{LAYOUT_FIELD}”应是已知的版式名（{'、'.join(names)}），不是“{text}”", "基本信息")
    return text


def _cell_order(place: str) -> tuple[str, int, str]:
    sheet, _, cell = place.partition("!")
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters):]
    return sheet, int(digits) if digits else 0, letters


def _trace_summaries(book: Book, summary: BalanceTable, fiscal: BalanceTable, carry: dict[str, str]) -> None:
    """Which template cells each line of 公开01表 and 公开04表 is computed from."""
    income, expenditure = TableKind.INCOME.value, TableKind.EXPENDITURE.value
    general, fund, capital = TableKind.GENERAL_EXPENDITURE.value, TableKind.GOV_FUND.value, TableKind.STATE_CAPITAL.value
    fund_in = book.traced(fund, "合计", "本年收入") | book.traced(capital, "合计", "本年收入")
    fiscal_in = book.traced(income, "合计", "财政拨款收入")
    by_key: dict[str, set[str]] = {
        "一般公共预算财政拨款收入": fiscal_in | fund_in,
        "政府性基金预算财政拨款收入": book.traced(fund, "合计", "本年收入"),
        "国有资本经营预算财政拨款收入": book.traced(capital, "合计", "本年收入"),
        "本年收入合计": book.traced(income, "合计"),
        "本年支出合计": book.traced(expenditure, "合计"),
    }
    for label in _INCOME_SOURCES[1:]:
        by_key[label] = book.traced(income, "合计", label)
    for key, place in carry.items():
        by_key[key] = {place}
    by_key["年初财政拨款结转和结余"] = {carry["年初一般公共预算财政拨款结转和结余"]} | book.traced(fund, "合计", "年初结转和结余") | book.traced(capital, "合计", "年初结转和结余")
    everything = set().union(*by_key.values())
    for table in (summary, fiscal):
        for line in table.lines:
            if not line.key:
                continue
            if line.code is not None:
                found = book.traced(expenditure if table is summary else general, line.code.value)
                if table is fiscal:
                    found |= book.traced(fund, line.code.value) | book.traced(capital, line.code.value)
            else:
                found = by_key.get(line.key, everything)
            for row_key in {line.key, line.label}:
                for column in line.cells:
                    book.note(table.kind.value, row_key, column, found)


def _filled(pairs: dict[str, Value], key: str) -> bool:
    return key in pairs and bool(pairs[key].text)


_INCOME_SOURCES = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
_SPENDING = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
_FUND_COLUMNS = {"本年支出合计": ("基本支出", "项目支出")}


def _cell(value: Decimal | None, source: Source, blank_zero: bool = True) -> MoneyCell:
    if value is None or (blank_zero and value == 0):
        return MoneyCell(amount=None, text="", source=source)
    rounded = round_half_up(value, 2)
    return MoneyCell(amount=Amount(value=rounded), text=f"{rounded:,.2f}", source=source)


def _name_of(code: str, names: dict[str, str]) -> str | None:
    if code in names:
        return names[code]
    entry = default_catalogue().get(CodeScheme.FUNCTION, code)
    return entry.name if entry is not None else None


def _classified(
    book: Book, sheet: str, kind: TableKind, sums: Mapping[str, tuple[str, ...]], inputs: tuple[str, ...]
) -> ClassifiedTable:
    title = kind.value
    items: dict[str, dict[str, Decimal]] = {}
    names: dict[str, str] = {}
    sources: dict[str, Source] = {}
    cells: dict[str, dict[str, str]] = {}
    #: figures typed on a 类/款 row or the 合计 row (as published, 尾差 included)
    typed_totals: dict[str, dict[str, tuple[Decimal, Value]]] = {}
    typed_sums: dict[str, dict[str, tuple[Decimal, Value]]] = {}
    for row in book.rows(sheet):
        code_v = book.column(sheet, row, "科目编码")
        name_v = book.column(sheet, row, "科目名称")
        code = code_v.text.replace(" ", "") if code_v is not None else ""
        for total in sums:  # a published sum column (合计), optional: kept with its own rounding
            typed_cell = book.column(sheet, row, total) if total in book.header(sheet) else None
            amount = book.money(typed_cell, what=total) if typed_cell is not None and typed_cell.text else None
            if amount is not None and typed_cell is not None:
                key = "合计" if code in ("合计", "总计") else code
                typed_sums.setdefault(key, {})[total] = (amount, typed_cell)
        if code in ("合计", "总计") or (code.isdigit() and len(code) in (3, 5)):
            for c in inputs:
                typed_cell = book.column(sheet, row, c)
                amount = book.money(typed_cell, what=c) if typed_cell is not None and typed_cell.text else None
                if amount is not None and typed_cell is not None:
                    typed_totals.setdefault("合计" if not code.isdigit() else code, {})[c] = (amount, typed_cell)
        if code in ("合计", "总计"):
            continue
        if not code.isdigit() or len(code) not in (3, 5, 7):
            book.problem(code_v, f"科目编码“{code}”应是3、5或7位数字")
            continue
        if name_v is not None and name_v.text:
            names[code] = name_v.text
        if len(code) != 7:
            continue
        if code in items:
            book.problem(code_v, f"科目编码“{code}”重复")
            continue
        items[code] = {c: book.money(book.column(sheet, row, c), what=c) or ZERO for c in inputs}
        sources[code] = book.source(code_v, title, code)
        cells[code] = {c: book.place(book.column(sheet, row, c)) for c in inputs}
        if code not in names:
            if (known := _name_of(code, {})) is None:
                book.problem(name_v or code_v, f"缺少科目“{code}”的名称")
            else:
                names[code] = known
    columns = [*sums.keys(), *inputs] if kind not in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL) else [
        "年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余",
    ]  # fmt: skip

    def full(values: dict[str, Decimal]) -> dict[str, Decimal]:
        out = dict(values)
        for total, parts in sums.items():
            out[total] = sum((values.get(p, ZERO) for p in parts), ZERO)
        if kind in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL):
            out["年末结转和结余"] = out.get("年初结转和结余", ZERO) + out.get("本年收入", ZERO) - out["本年支出合计"]
        return out

    for code, entered in cells.items():
        parts = {c: {v} for c, v in entered.items()}
        for total, summed in sums.items():
            parts[total] = {entered.get(p, "") for p in summed}
        if kind in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL):
            parts["年末结转和结余"] = set(entered.values())
        for column, found in parts.items():
            for row_key in (code, code[:3], code[:5], "合计"):
                book.note(title, row_key, column, found)
    widest = max((len(p) for p in sums.values()), default=1)
    item_full = {code: full(values) for code, values in items.items()}
    for code, typed in typed_sums.items():
        if code in item_full:
            _settle(book, item_full[code], typed, widest, code)
            if kind in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL):
                f = item_full[code]
                f["年末结转和结余"] = f.get("年初结转和结余", ZERO) + f.get("本年收入", ZERO) - f["本年支出合计"]
    totals: dict[str, dict[str, Decimal]] = {}
    for code, values in item_full.items():
        for prefix in (code[:3], code[:5]):
            acc = totals.setdefault(prefix, {})
            for k, v in values.items():
                acc[k] = acc.get(k, ZERO) + v
    grand: dict[str, Decimal] = {}
    for values in item_full.values():
        for k, v in values.items():
            grand[k] = grand.get(k, ZERO) + v
    for key in set(typed_totals) | {k for k in typed_sums if k not in item_full}:
        target = grand if key == "合计" else totals.get(key)
        if target is None:
            continue
        count = sum(1 for code in items if key == "合计" or code.startswith(key))
        typed = typed_totals.get(key, {})
        _settle(book, target, typed, count, key)
        for total, summed in sums.items():
            if any(p in typed for p in summed):
                target[total] = sum((target.get(p, ZERO) for p in summed), ZERO)
        if key in typed_sums:
            _settle(book, target, typed_sums[key], count * widest, key)
            typed = {**typed, **typed_sums[key]}
        for column, (_, typed_v) in typed.items():
            book.note(title, key, column, [book.place(typed_v)])
        if kind in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL):
            target["年末结转和结余"] = target.get("年初结转和结余", ZERO) + target.get("本年收入", ZERO) - target["本年支出合计"]
    base = Source(file=book.file, sheet=sheet, table=title)
    keep_zero = kind == TableKind.GENERAL_EXPENDITURE
    rows = [ClassifiedRow(code=None, label="合计", cells={c: _cell(grand.get(c, ZERO), base.at(row="合计", column=c), not keep_zero) for c in columns}, source=base.at(row="合计"))]
    for code in sorted(set(totals) | set(items)):
        values = item_full[code] if code in items else totals[code]
        name = _name_of(code, names)
        if name is None:
            book.problem(
                None,
                f"科目“{code}”未收录于 {default_catalogue().edition}：请在本表加一行，科目编码填“{code}”、科目名称填其名称"
                "（或用 --catalogue 指定完整的《政府收支分类科目》）",
                sheet,
            )
            name = code
        src = sources.get(code, base.at(row=code))
        rows.append(
            ClassifiedRow(
                code=Code(scheme=CodeScheme.FUNCTION, value=code, printed=code),
                label=name,
                cells={c: _cell(values.get(c, ZERO), src.at(column=c), not keep_zero) for c in columns},
                source=src,
            )
        )
    if not items:
        rows = rows[:1]
    return ClassifiedTable(kind=kind, header=TableHeader(title=title), columns=tuple(columns), rows=tuple(rows), source=base)


def _settle(book: Book, computed: dict[str, Decimal], typed: dict[str, tuple[Decimal, Value]], count: int, key: str) -> None:
    """Take a typed total as typed: within 尾差 of the sum of its items it is the published total;
    beyond it, one of the figures is wrong — which one, the checks of the document say (the culprit
    search names the one cell whose change makes every sum hold, where the sum alone would blame
    the total and every total above it)."""
    for column, (amount, _v) in typed.items():
        computed[column] = amount


def _basic(book: Book) -> BasicExpenditureTable:
    sheet = "基本支出明细"
    title = TableKind.GENERAL_BASIC.value
    base = Source(file=book.file, sheet=sheet, table=title)
    items: dict[str, tuple[str, Decimal, Source]] = {}
    class_names: dict[str, str] = {}
    class_typed: dict[str, tuple[Decimal, Value]] = {}
    for row in book.rows(sheet):
        code_v = book.column(sheet, row, "经济分类编码")
        code = code_v.text if code_v is not None else ""
        name_v = book.column(sheet, row, "科目名称")
        if not code.isdigit() or len(code) not in (3, 5):
            book.problem(code_v, f"经济分类编码“{code}”应是3位（类）或5位（款）数字")
            continue
        name = name_v.text if name_v is not None and name_v.text else ""
        if not name:
            entry = default_catalogue().get(CodeScheme.ECONOMIC, code)
            name = entry.name if entry is not None else ""
        if not name:
            book.problem(name_v or code_v, f"缺少经济分类“{code}”的名称")
        if len(code) == 3:
            class_names[code] = name
            typed_v = book.column(sheet, row, "决算数")
            typed = book.money(typed_v, what="决算数") if typed_v is not None and typed_v.text else None
            if typed is not None and typed_v is not None:
                class_typed[code] = (typed, typed_v)
            continue
        amount_v = book.column(sheet, row, "决算数")
        amount = book.money(amount_v, what="决算数") or ZERO
        items[code] = (name, amount, book.source(code_v, title, code))
        group_row = "人员经费合计" if code[:3] in {"301", "303"} else "公用经费合计"
        for row_key in (code, code[:3], group_row, "合计"):
            book.note(title, row_key, "决算数", [book.place(amount_v)])
    classes = sorted({c[:3] for c in items})
    out: list[BasicItem] = []
    class_totals: dict[str, Decimal] = {}
    for cls in classes:
        entry = default_catalogue().get(CodeScheme.ECONOMIC, cls)
        name = class_names.get(cls) or (entry.name if entry is not None else cls)
        group: Literal["人员经费", "公用经费"] = "人员经费" if cls in {"301", "303"} else "公用经费"
        summed = {"决算数": sum((v[1] for c, v in items.items() if c.startswith(cls)), ZERO)}
        if cls in class_typed:
            _settle(book, summed, {"决算数": class_typed[cls]}, sum(1 for c in items if c.startswith(cls)), cls)
            book.note(title, cls, "决算数", [book.place(class_typed[cls][1])])
        total = class_totals[cls] = summed["决算数"]
        out.append(BasicItem(code=Code(scheme=CodeScheme.ECONOMIC, value=cls, printed=cls), name=name, group=group,
                             cell=_cell(total, base.at(row=cls)), source=base.at(row=cls)))  # fmt: skip
        for code in sorted(c for c in items if c.startswith(cls)):
            n, amount, src = items[code]
            out.append(BasicItem(code=Code(scheme=CodeScheme.ECONOMIC, value=code, printed=code), name=n, group=group,
                                 cell=_cell(amount, src), source=src))  # fmt: skip
    personnel = sum((v for c, v in class_totals.items() if c in {"301", "303"}), ZERO)
    public = sum((v for c, v in class_totals.items() if c not in {"301", "303"}), ZERO)
    return BasicExpenditureTable(
        header=TableHeader(title=title),
        items=tuple(out),
        personnel_total=_cell(personnel, base.at(row="人员经费合计"), False),
        public_total=_cell(public, base.at(row="公用经费合计"), False),
        source=base,
    )


_TP_ITEMS = {
    "因公出国（境）费": ThreePublicItem.OVERSEAS,
    "公务接待费": ThreePublicItem.RECEPTION,
    "公务用车购置费": ThreePublicItem.VEHICLE_PURCHASE,
    "公务用车运行维护费": ThreePublicItem.VEHICLE_OPERATION,
}


def _three_public_values(book: Book) -> dict[str, tuple[Decimal, Decimal, Decimal | None, Value | None]]:
    sheet = "三公经费"
    out: dict[str, tuple[Decimal, Decimal, Decimal | None, Value | None]] = {}
    for row in book.rows(sheet):
        label = row[0].text if row else ""
        if label not in THREE_PUBLIC_ROWS:
            book.problem(row[0] if row else None, f"“{label}”不是三公经费的项目（应为：{'、'.join(THREE_PUBLIC_ROWS)}）")
            continue
        budget = book.money(book.column(sheet, row, "预算数"), what="预算数") or ZERO
        actual = book.money(book.column(sheet, row, "决算数"), what="决算数") or ZERO
        previous = book.money(book.column(sheet, row, "上年决算数"), what="上年决算数")
        out[label] = (budget, actual, previous, row[0])
        item = _TP_ITEMS[label]
        rows_of = [item.value] + ([ThreePublicItem.VEHICLES.value] if label.startswith("公务用车") else []) + [ThreePublicItem.TOTAL.value]
        for column in ("预算数", "决算数"):
            for row_key in rows_of:
                book.note(TableKind.THREE_PUBLIC.value, row_key, column, [book.place(book.column(sheet, row, column))])
    return out


def _three_public(book: Book) -> ThreePublicTable:
    title = TableKind.THREE_PUBLIC.value
    values = _three_public_values(book)
    base = Source(file=book.file, sheet="三公经费", table=title)

    def get(label: str) -> tuple[Decimal, Decimal]:
        v = values.get(label)
        return (v[0], v[1]) if v else (ZERO, ZERO)

    amounts = {item: get(label) for label, item in _TP_ITEMS.items()}
    vb = amounts[ThreePublicItem.VEHICLE_PURCHASE][0] + amounts[ThreePublicItem.VEHICLE_OPERATION][0]
    va = amounts[ThreePublicItem.VEHICLE_PURCHASE][1] + amounts[ThreePublicItem.VEHICLE_OPERATION][1]
    amounts[ThreePublicItem.VEHICLES] = (vb, va)
    amounts[ThreePublicItem.TOTAL] = (
        vb + amounts[ThreePublicItem.OVERSEAS][0] + amounts[ThreePublicItem.RECEPTION][0],
        va + amounts[ThreePublicItem.OVERSEAS][1] + amounts[ThreePublicItem.RECEPTION][1],
    )
    rows = tuple(
        ThreePublicRow(
            item=item,
            label=item.value,
            budget=_cell(b, base.at(row=item.value, column="预算数")),
            actual=_cell(a, base.at(row=item.value, column="决算数")),
            source=base.at(row=item.value),
        )
        for item, (b, a) in amounts.items()
    )
    return ThreePublicTable(header=TableHeader(title=title), rows=rows, source=base)


def _three_public_extras(book: Book) -> tuple[dict[str, Decimal], dict[str, str], dict[str, str]]:
    sheet = "三公经费"
    values = _three_public_values(book)
    previous: dict[str, Decimal] = {}
    for label, item in (("因公出国（境）费", ThreePublicItem.OVERSEAS), ("公务接待费", ThreePublicItem.RECEPTION)):
        if label in values and values[label][2] is not None:
            previous[item.value] = values[label][2]  # type: ignore[assignment]
    vehicle = [values[k][2] for k in ("公务用车购置费", "公务用车运行维护费") if k in values]
    if vehicle and all(v is not None for v in vehicle):
        previous[ThreePublicItem.VEHICLES.value] = sum((v for v in vehicle if v is not None), ZERO)
    reasons: dict[str, str] = {}
    uses: dict[str, str] = {}
    for row in book.rows(sheet):
        label = row[0].text if row else ""
        if label not in _TP_ITEMS:
            continue
        item = _TP_ITEMS[label]
        target = ThreePublicItem.VEHICLES if item in (ThreePublicItem.VEHICLE_PURCHASE, ThreePublicItem.VEHICLE_OPERATION) else item
        for column, against in (("决算与预算差异的主要原因", "预算"), ("与上年相比变动的主要原因", "上年")):
            v = book.column(sheet, row, column)
            if v is not None and v.text:
                key = reason_key(f"三公:{target.value}", against)
                reasons[key] = f"{reasons[key]}；{v.text}" if key in reasons else v.text
        v = book.column(sheet, row, "开支内容")
        if v is not None and v.text:
            uses[target.value] = f"{uses[target.value]}；{v.text}" if target.value in uses else v.text
    return previous, reasons, uses


def _item_extras(book: Book) -> tuple[dict[str, dict[str, Decimal]], dict[str, str], dict[str, str]]:
    budgets: dict[str, dict[str, Decimal]] = {}
    purposes: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for sheet, subject in (("一般公共预算支出", "项"), ("政府性基金", "基金项"), ("国有资本经营", "国资项")):
        for row in book.rows(sheet):
            code_v = book.column(sheet, row, "科目编码")
            code = code_v.text if code_v is not None else ""
            if len(code) != 7 or not code.isdigit():
                continue
            budget = book.money(book.column(sheet, row, "年初预算数"), what="年初预算数")
            if budget is not None:
                budgets.setdefault(subject, {})[code] = budget
            purpose = book.column(sheet, row, "主要用途")
            if purpose is not None and purpose.text:
                purposes[f"{subject}:{code}"] = purpose.text
            why = book.column(sheet, row, "决算与预算差异的主要原因")
            if why is not None and why.text:
                reasons[reason_key(f"{subject}:{code}", "预算")] = why.text
    return budgets, purposes, reasons


def _indicators(book: Book, sheet: str, rows: Iterable[Row]) -> tuple[IndicatorInput, ...]:
    out = []
    for row in rows:
        def col(name: str, r: Row = row) -> Value | None:
            return book.column(sheet, r, name)

        def text(name: str) -> str:
            v = col(name)
            return v.text if v is not None else ""

        name = text("三级指标")
        if not name:
            book.problem(col("三级指标"), "缺少三级指标名称")
            continue
        weight = book.money(col("分值"), required=True, what="分值")
        operator = text("运算符号").replace("≥", ">=").replace("≤", "<=")
        if operator and operator not in {">=", ">", "=", "<=", "<"}:
            book.problem(col("运算符号"), f"运算符号“{operator}”应为 >=、>、=、<=、< 之一（定性指标留空）")
        if operator:
            for field_name in ("指标值", "全年完成值"):
                v = col(field_name)
                if v is None or not v.text:
                    book.problem(v, f"定量指标“{name}”缺少{field_name}")
                elif book.money(v, what=field_name) is None:
                    pass
        band = text("达成程度（定性指标）")
        if not operator and band and band not in {"全部或基本达成", "部分达成", "未达成"}:
            book.problem(col("达成程度（定性指标）"), f"达成程度“{band}”应为 全部或基本达成、部分达成、未达成 之一")
        deviation = tuple(x for x in text("偏差原因类别").replace("，", ",").split(",") if x.strip())
        out.append(
            IndicatorInput(
                level1=text("一级指标"),
                level2=text("二级指标"),
                name=name,
                operator=operator,
                target=text("指标值"),
                unit=text("度量单位"),
                actual=text("全年完成值"),
                weight=weight or ZERO,
                weight_cell=book.place(col("分值")),
                band=band if not operator else "",
                deviation=deviation,
                reason=text("原因说明"),
                measures=text("改进措施"),
            )
        )
    return tuple(out)


def _projects(book: Book) -> tuple[ProjectInput, ...]:
    sheet = "绩效项目"
    by_project: dict[str, list[Row]] = {}
    for row in book.rows("绩效指标"):
        v = book.column("绩效指标", row, "项目名称")
        by_project.setdefault(v.text if v is not None else "", []).append(row)
    out = []
    for row in book.rows(sheet):
        def text(name: str, r: Row = row) -> str:
            v = book.column(sheet, r, name)
            return v.text if v is not None else ""

        name = text("项目名称")
        if not name:
            book.problem(book.column(sheet, row, "项目名称"), "缺少项目名称")
            continue
        # a finding on the project's 自评表 names the cell of the field (主管部门, 实施单位 …), or the
        # project's name when the field is not one of the sheet's columns
        for column in book.header(sheet):
            place = book.place(book.column(sheet, row, column))
            if place:
                book.trace.setdefault(f"{PROJECT_TABLE}|{name}|{column}", set()).add(place)
        book.trace.setdefault(f"{PROJECT_TABLE}|{name}|", set()).add(book.place(book.column(sheet, row, "项目名称")))
        fund = text("资金性质") or "一般公共预算"
        if fund not in {"一般公共预算", "政府性基金预算", "国有资本经营预算"}:
            book.problem(book.column(sheet, row, "资金性质"), f"资金性质“{fund}”应为 一般公共预算、政府性基金预算、国有资本经营预算 之一")
        budget = book.money(book.column(sheet, row, "全年预算数"), required=True, what="全年预算数")
        spent = book.money(book.column(sheet, row, "全年执行数"), required=True, what="全年执行数")
        indicators = _indicators(book, "绩效指标", by_project.pop(name, []))
        if not indicators:
            book.problem(book.column(sheet, row, "项目名称"), f"项目“{name}”在“绩效指标”中没有任何指标")
        out.append(
            ProjectInput(
                name=name,
                department=text("主管部门"),
                implementer=text("实施单位"),
                fund=fund,
                budget=budget or ZERO,
                spent=spent or ZERO,
                goal=text("年初设定目标"),
                achieved=text("全年实际完成情况"),
                indicators=indicators,
                summary=text("绩效目标完成情况综述"),
                problems=text("发现的主要问题及原因"),
                measures=text("下一步改进措施"),
            )
        )
    for name, rows in by_project.items():
        book.problem(book.column("绩效指标", rows[0], "项目名称"), f"指标所属项目“{name}”不在“绩效项目”中")
    return tuple(out)


def _whole(book: Book) -> WholeInput | None:
    pairs = book.pairs("整体绩效")
    if not any(v.text for v in pairs.values()):
        return None
    tasks = []
    for row in book.rows("整体绩效任务"):
        v = book.column("整体绩效任务", row, "年度主要任务")
        tasks.append(
            TaskInput(
                name=v.text if v is not None else "",
                allotted=book.money(book.column("整体绩效任务", row, "项目下达金额"), required=True, what="项目下达金额") or ZERO,
                spent=book.money(book.column("整体绩效任务", row, "项目执行金额"), required=True, what="项目执行金额") or ZERO,
                weight=book.money(book.column("整体绩效任务", row, "分值"), what="分值") or Decimal(10),
                weight_cell=book.place(book.column("整体绩效任务", row, "分值")),
            )
        )
    return WholeInput(
        name=pairs["部门（单位）名称"].text if "部门（单位）名称" in pairs else "",
        budget_income=book.money(pairs.get("部门年初预算收入金额")),
        budget_expenditure=book.money(pairs.get("部门年初预算支出金额")),
        tasks=tuple(tasks),
        goal=pairs["年初总体目标"].text if "年初总体目标" in pairs else "",
        achieved=pairs["全年完成情况"].text if "全年完成情况" in pairs else "",
        indicators=_indicators(book, "整体绩效指标", book.rows("整体绩效指标")),
    )


# ---- 公开01表 and 公开04表 from the others ------------------------------------------------------


def _total(table: ClassifiedTable, column: str) -> Decimal:
    row = table.total
    cell = row.cells.get(column) if row is not None else None
    return cell.or_zero().value if cell is not None else ZERO


def _class_value(table: ClassifiedTable, code: str, column: str) -> Decimal:
    row = table.row(code)
    cell = row.cells.get(column) if row is not None else None
    return cell.or_zero().value if cell is not None else ZERO


def _line(side: Side, no: int, label: str, key: str, cells: dict[str, Decimal | None], src: Source, code: str = "") -> BalanceLine:
    return BalanceLine(
        side=side,
        line_no=no,
        label=label,
        key=key,
        code=Code(scheme=CodeScheme.FUNCTION, value=code, inferred=True) if code else None,
        cells={k: _cell(v, src.at(row=key or str(no), column=k)) for k, v in cells.items()},
        source=src.at(row=key or str(no)),
    )


def _summary(income: ClassifiedTable, expenditure: ClassifiedTable, fund: ClassifiedTable, capital: ClassifiedTable,
             general: ClassifiedTable, carry: dict[str, Decimal]) -> BalanceTable:  # fmt: skip
    kind = TableKind.INCOME_EXPENDITURE_SUMMARY
    src = Source(table=kind.value)
    fiscal = _total(income, "财政拨款收入")
    fund_income, capital_income = _total(fund, "本年收入"), _total(capital, "本年收入")
    general_income = fiscal - fund_income - capital_income
    col_in, col_ex = "收入/金额", "支出/金额"
    lines: list[BalanceLine] = []
    income_items = [
        ("一般公共预算财政拨款收入", general_income),
        ("政府性基金预算财政拨款收入", fund_income),
        ("国有资本经营预算财政拨款收入", capital_income),
        ("上级补助收入", _total(income, "上级补助收入")),
        ("事业收入", _total(income, "事业收入")),
        ("经营收入", _total(income, "经营收入")),
        ("附属单位上缴收入", _total(income, "附属单位上缴收入")),
        ("其他收入", _total(income, "其他收入")),
    ]
    for no, (key, v) in enumerate(income_items, start=1):
        lines.append(_line(Side.INCOME, no, f"{int_to_cn(no)}、{key}", key, {col_in: v}, src))
    for no in range(9, 27):
        lines.append(_line(Side.INCOME, no, "", "", {col_in: None}, src))
    year_income = _total(income, "本年收入合计")
    total_in = year_income + carry["使用非财政拨款结余"] + carry["年初结转和结余"]
    closing_in: tuple[tuple[int, str, Decimal | None], ...] = (
        (27, "本年收入合计", year_income),
        (28, "使用非财政拨款结余", carry["使用非财政拨款结余"]),
        (29, "年初结转和结余", carry["年初结转和结余"]),
        (30, "", None),
        (31, "总计", total_in),
    )
    for no, key, closing in closing_in:
        lines.append(_line(Side.INCOME, no, key, key, {col_in: closing}, src))
    for k, (code, name) in enumerate(CLASSES):
        lines.append(_line(Side.EXPENDITURE, 32 + k, f"{int_to_cn(k + 1)}、{name}", name, {col_ex: _class_value(expenditure, code, "本年支出合计")}, src, code))
    year_spend = _total(expenditure, "本年支出合计")
    end = total_in - year_spend - carry["结余分配"]
    closing_ex: tuple[tuple[int, str, Decimal | None], ...] = (
        (58, "本年支出合计", year_spend),
        (59, "结余分配", carry["结余分配"]),
        (60, "年末结转和结余", end),
        (61, "", None),
        (62, "总计", total_in),
    )
    for no, key, closing in closing_ex:
        lines.append(_line(Side.EXPENDITURE, no, key, key, {col_ex: closing}, src))
    return BalanceTable(kind=kind, header=TableHeader(title=kind.value), income_columns=(col_in,), expenditure_columns=(col_ex,),
                        lines=tuple(lines), source=src)  # fmt: skip




def _fiscal(general: ClassifiedTable, fund: ClassifiedTable, capital: ClassifiedTable, income: ClassifiedTable,
            carry: dict[str, Decimal]) -> BalanceTable:  # fmt: skip
    kind = TableKind.FISCAL_SUMMARY
    src = Source(table=kind.value)
    fund_income, capital_income = _total(fund, "本年收入"), _total(capital, "本年收入")
    general_income = _total(income, "财政拨款收入") - fund_income - capital_income
    col_in = "收入/金额"
    cols = ["支出/合计"] + [f"支出/{f}" for f in FUNDS]
    start = (carry["年初一般公共预算财政拨款结转和结余"], _total(fund, "年初结转和结余"), _total(capital, "年初结转和结余"))
    spend = (_total(general, "合计"), _total(fund, "本年支出合计"), _total(capital, "本年支出合计"))
    incomes = (general_income, fund_income, capital_income)
    ends = tuple(s + i - e for s, i, e in zip(start, incomes, spend, strict=True))
    lines: list[BalanceLine] = []
    for no, (name, v) in enumerate(zip(FUNDS, incomes, strict=True), start=1):
        lines.append(_line(Side.INCOME, no, f"{int_to_cn(no)}、{name}", name, {col_in: v}, src))
    for no in range(4, 27):
        lines.append(_line(Side.INCOME, no, "", "", {col_in: None}, src))
    lines.append(_line(Side.INCOME, 27, "本年收入合计", "本年收入合计", {col_in: sum(incomes, ZERO)}, src))
    lines.append(_line(Side.INCOME, 28, "年初财政拨款结转和结余", "年初财政拨款结转和结余", {col_in: sum(start, ZERO)}, src))
    for k, name in enumerate(FUNDS):
        lines.append(_line(Side.INCOME, 29 + k, name, f"年初财政拨款结转和结余/{name}", {col_in: start[k]}, src))
    lines.append(_line(Side.INCOME, 32, "总计", "总计", {col_in: sum(incomes, ZERO) + sum(start, ZERO)}, src))
    for k, (code, name) in enumerate(CLASSES):
        parts = (_class_value(general, code, "合计"), _class_value(fund, code, "本年支出合计"), _class_value(capital, code, "本年支出合计"))
        lines.append(_line(Side.EXPENDITURE, 33 + k, f"{int_to_cn(k + 1)}、{name}", name, dict(zip(cols, (sum(parts, ZERO), *parts), strict=True)), src, code))
    lines.append(_line(Side.EXPENDITURE, 59, "本年支出合计", "本年支出合计", dict(zip(cols, (sum(spend, ZERO), *spend), strict=True)), src))
    lines.append(_line(Side.EXPENDITURE, 60, "年末财政拨款结转和结余", "年末财政拨款结转和结余", dict(zip(cols, (sum(ends, ZERO), *ends), strict=True)), src))
    for k, name in enumerate(FUNDS):  # the by-fund lines under 年末 (合计 and the fund's own column)
        sub: dict[str, Decimal | None] = dict.fromkeys(cols)
        sub[cols[0]] = sub[cols[1 + k]] = ends[k]
        lines.append(_line(Side.EXPENDITURE, 61 + k, name, f"年末财政拨款结转和结余/{name}", sub, src))
    total = sum(spend, ZERO) + sum(ends, ZERO)
    lines.append(_line(Side.EXPENDITURE, 64, "总计", "总计", dict(zip(cols, (total, *(s + e for s, e in zip(spend, ends, strict=True))), strict=True)), src))
    return BalanceTable(kind=kind, header=TableHeader(title=kind.value), income_columns=(col_in,), expenditure_columns=tuple(cols),
                        lines=tuple(lines), source=src)  # fmt: skip


def _with_headers(tables: tuple[Table, ...], department: str, unit_name: str, year: int, file: str) -> tuple[Table, ...]:
    out: list[Table] = []
    for table in tables:
        header = table.header.model_copy(update={"unit_name": unit_name or department, "year": year, "year_text": f"{year}年度"})
        out.append(table.model_copy(update={"header": header, "source": table.source.at(file=file)}))
    return tuple(out)
