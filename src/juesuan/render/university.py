"""The sections of the 教育部直属高校 layout (``[writer]`` of ``profiles/builtin/university.toml``).

The family publishes four tables (收支决算总表, 收入决算表, 支出决算表, 财政拨款支出决算表) and
explains each in one section of the 决算报表说明; its 名词解释 explains each 项 of the 财政拨款支出
决算表 and the income and spending terms the tables use. As for every layout, the figures are
computed here from the input and the profile's templates word them:

- 收支决算总表说明: 收入总计 (本年收入合计) and 支出总计 (本年支出合计) against last year, then each
  income line and each 支出功能分类 类 that changed (last year's figures: ``previous.items``), and
  the reasons given for a large difference (``reasons``: ``事业收入|上年``, ``类:205|上年``);
- 收入决算表说明 / 支出决算表说明: the shares of 收入总额 and 支出总额 (基本/项目…, then by 类);
- 财政拨款支出决算表说明: 基本/项目 shares, then every 项 against last year's 决算 (``项:2050202``);
- 名词解释: the 科目说明 of every 项 of the 财政拨款支出决算表 (the department's own texts, from
  ``glossary``), then the profile's standard terms for the income and spending columns in use.

A figure the sentences need and the input lacks is collected as missing, never printed blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from juesuan.classification import class_lines
from juesuan.figures import percent
from juesuan.model.inputs import AGAINST_PREVIOUS
from juesuan.model.tables import ClassifiedTable, TableKind
from juesuan.record import Record
from juesuan.render.build import ZERO, Builder, Change, _change, section, value
from juesuan.render.profile import SectionSpec

__all__ = ["INCOME_LINES", "SPENDING_COLUMNS", "class_key", "item_key"]

#: the income columns of the 收入决算表, in the order the narrative names them
INCOME_LINES = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
#: the spending columns of the 支出决算表 the narrative gives shares of
SPENDING_COLUMNS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")

_CODED_TERM = re.compile(r"[（(]\s*(?P<code>\d{7})\s*[）)]\s*$")


def class_key(code: str) -> str:
    """The key of a 支出功能分类 类 in ``previous.items`` and ``reasons`` (``类:205``)."""
    return f"类:{code}"


def item_key(code: str) -> str:
    """The key of a 项 of the 财政拨款支出决算表 in ``previous.items`` (``项:2050202``)."""
    return f"项:{code}"


@dataclass(frozen=True, repr=False)
class _Line(Record):
    name: str
    amount: Decimal
    share: Decimal


@dataclass(frozen=True, repr=False)
class _Changed(Record):
    name: str
    change: str


@dataclass(frozen=True, repr=False)
class _Reason(Record):
    name: str
    reason: str


def _table(b: Builder, kind: TableKind) -> ClassifiedTable | None:
    return b.figures.classified(kind)


def _column_total(table: ClassifiedTable | None, column: str) -> Decimal:
    if table is None:
        return ZERO
    if table.total is not None:
        return value(table.total, column)
    return sum((value(r, column) for r in table.coded_rows if r.code is not None and len(r.code.value) == 3), ZERO)


def _total_column(table: ClassifiedTable | None, names: tuple[str, ...]) -> str:
    if table is not None:
        for name in names:
            if name in table.columns:
                return name
    return names[0]


@section("uni_profile")
def _profile(b: Builder, spec: SectionSpec) -> None:
    if not b.doc.duties:
        b.need("缺少学校基本情况（学校概况的段落）", "学校概况")
    for text in b.doc.duties:
        b.para("profile_paragraph", text=text)


@section("uni_units")
def _units(b: Builder, spec: SectionSpec) -> None:
    if not b.doc.units:
        b.need("缺少决算单位构成", "决算单位构成")
        return
    names = [f"{u.name}（{u.note}）" if u.note else u.name for u in b.doc.units]
    b.para("units", names=names)


def _changes(b: Builder, lines: list[tuple[str, str, Decimal]], describe: str) -> tuple[list[_Changed], list[_Reason]]:
    """Each line (name, key, this year) against last year's figure, and the reasons given.

    A line that is zero this year and has no figure for last year did not change; a line with
    spending this year and none for last year is missing (the sentence would lie either way)."""
    changed: list[_Changed] = []
    reasons: list[_Reason] = []
    for name, key, current in lines:
        previous = b.doc.previous.items.get(key)
        if previous is None:
            if current != 0:
                b.need(f"缺少{name}的上年决算数，无法写出{describe}与上年的比较", f"previous.items.{key}")
            continue
        change = _change(current, previous)
        if change.flat:
            continue
        changed.append(_Changed(name, b.say("change", c=change, rate=False)))
        why = b.reason(key, AGAINST_PREVIOUS, False, name)
        if why:
            reasons.append(_Reason(name, why))
    return changed, reasons


def _year_change(b: Builder, current: Decimal, previous: Decimal | None, describe: str, field_name: str) -> Change | None:
    if previous is None:
        b.need(f"缺少上年{describe}，无法写出与上年的比较", field_name)
        return None
    return _change(current, previous)


@section("uni_total")
def _total(b: Builder, spec: SectionSpec) -> None:
    income = _table(b, TableKind.INCOME)
    income_total = _column_total(income, _total_column(income, ("本年收入合计", "合计")))
    change = _year_change(b, income_total, b.doc.previous.income_total, "收入总计（本年收入合计）", "previous.income_total")
    lines = [(name, name, _column_total(income, name)) for name in INCOME_LINES]
    items, reasons = _changes(b, lines, "收入总计")
    if change is not None:
        b.para("total_income", total=income_total, change=b.say("change", c=change, rate=True), items=items, reasons=reasons)

    spending = _table(b, TableKind.EXPENDITURE)
    column = _total_column(spending, ("本年支出合计", "合计"))
    spending_total = _column_total(spending, column)
    change = _year_change(b, spending_total, b.doc.previous.expenditure_total, "支出总计（本年支出合计）", "previous.expenditure_total")
    this_year = {r.code.value: (r.label, value(r, column)) for r in (spending.coded_rows if spending else ()) if r.code and len(r.code.value) == 3}
    classes: list[tuple[str, str, Decimal]] = []
    for code, name in class_lines():
        label, amount = this_year.get(code, (name, ZERO))
        if code in this_year or class_key(code) in b.doc.previous.items:
            classes.append((label, class_key(code), amount))
    items, reasons = _changes(b, classes, "支出总计")
    if change is not None:
        b.para("total_expenditure", total=spending_total, change=b.say("change", c=change, rate=True), items=items, reasons=reasons)


def _shares(table: ClassifiedTable | None, columns: tuple[str, ...], total: Decimal) -> list[_Line]:
    out = []
    for name in columns:
        if table is not None and name not in table.columns:
            continue
        amount = _column_total(table, name)
        if amount != 0:
            out.append(_Line(name, amount, percent(amount, total) or ZERO))
    return out


@section("uni_income")
def _income(b: Builder, spec: SectionSpec) -> None:
    table = _table(b, TableKind.INCOME)
    total = _column_total(table, _total_column(table, ("本年收入合计", "合计")))
    b.para("income", total=total, items=_shares(table, INCOME_LINES, total))


@section("uni_expenditure")
def _expenditure(b: Builder, spec: SectionSpec) -> None:
    table = _table(b, TableKind.EXPENDITURE)
    column = _total_column(table, ("本年支出合计", "合计"))
    total = _column_total(table, column)
    b.para("expenditure", total=total, items=_shares(table, SPENDING_COLUMNS, total))
    classes = [r for r in (table.coded_rows if table else ()) if r.code is not None and len(r.code.value) == 3 and value(r, column) != 0]
    if classes:
        b.para("expenditure_classes", items=[_Line(r.label, value(r, column), percent(value(r, column), total) or ZERO) for r in classes])


def _fiscal_items(table: ClassifiedTable | None, column: str) -> list[tuple[str, str, Decimal]]:
    """The 项 (7 digits) of the 财政拨款支出决算表 with spending: (code, name, 决算数)."""
    if table is None:
        return []
    return [
        (r.code.value, r.label, value(r, column))
        for r in table.coded_rows
        if r.code is not None and len(r.code.value) == 7 and value(r, column) != 0
    ]


@section("uni_fiscal")
def _fiscal(b: Builder, spec: SectionSpec) -> None:
    table = _table(b, TableKind.FISCAL_EXPENDITURE)
    if table is None:
        b.need("缺少财政拨款支出决算表", TableKind.FISCAL_EXPENDITURE.value)
        return
    column = _total_column(table, ("合计", "本年支出合计", "小计"))
    total = _column_total(table, column)
    items = _fiscal_items(table, column)
    b.para("fiscal", total=total, items=_shares(table, ("基本支出", "项目支出"), total), n=len(items))
    for i, (code, name, amount) in enumerate(items, start=1):
        previous = b.doc.previous.items.get(item_key(code))
        if previous is None:
            b.need(f"{code} {name}（项）缺少上年决算数，无法写出与上年的比较", f"previous.items.{item_key(code)}", label=f"{code} {name}（项）的上年决算数")
            continue
        b.para("fiscal_item", "item", i=i, name=name, code=code, amount=amount, c=_change(amount, previous))


@section("uni_codes")
def _codes(b: Builder, spec: SectionSpec) -> None:
    """科目说明: one per 项 of the 财政拨款支出决算表, the department's own text (its glossary
    terms written “名称（编码）”); then any other coded terms it gives."""
    table = _table(b, TableKind.FISCAL_EXPENDITURE)
    column = _total_column(table, ("合计", "本年支出合计", "小计"))
    coded = {m.group("code"): (g.term, g.definition) for g in b.doc.glossary if (m := _CODED_TERM.search(g.term))}
    b.para("codes_intro")
    i = 0
    listed: set[str] = set()
    for code, name, _ in _fiscal_items(table, column):
        found = coded.get(code)
        if found is None:
            b.need(f"缺少科目 {code} {name} 的科目说明（名词解释）", "名词解释")
            continue
        i += 1
        listed.add(code)
        b.para("code_term", "item", i=i, term=found[0], definition=found[1])
    for code, (term, definition) in coded.items():
        if code not in listed:
            i += 1
            b.para("code_term", "item", i=i, term=term, definition=definition)


def _terms(b: Builder, group: str, kind: TableKind) -> None:
    table = _table(b, kind)
    i = 0
    for term, definition in b.profile.glossary_group(group):
        if table is not None and term in table.columns and _column_total(table, term) == 0:
            continue  # the family explains only the income and spending it has
        i += 1
        b.para("term", "item", i=i, term=term, definition=definition)
    if group == "spending":  # the department's own terms without a code come last
        for g in b.doc.glossary:
            if not _CODED_TERM.search(g.term):
                i += 1
                b.para("term", "item", i=i, term=g.term, definition=g.definition)


@section("uni_income_terms")
def _income_terms(b: Builder, spec: SectionSpec) -> None:
    _terms(b, "income", TableKind.INCOME)


@section("uni_spending_terms")
def _spending_terms(b: Builder, spec: SectionSpec) -> None:
    _terms(b, "spending", TableKind.EXPENDITURE)
