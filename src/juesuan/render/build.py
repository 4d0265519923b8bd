"""Build the view-model of the whole document from a :class:`DocumentInput` and a profile.

Every figure printed is computed here from the input — shares, year-over-year changes, 完成年初
预算的X%, 大于/小于/持平, 绩效 scores — with :mod:`juesuan.figures` and :mod:`juesuan.scoring`;
the profile's templates only word them. A "主要原因" that a sentence needs (a change that is not
持平, a 决算 that differs from its 预算) and that the input lacks is *collected*, and
:func:`build_document` raises :class:`MissingData` listing all of them: the document is never
written with a blank. :func:`build_draft` (``render --force``) writes it anyway, a 草稿 with a
visible 【待补充：…】 naming the template cell at each place where something is missing — never a
zero, a blank or an invented figure in its stead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from juesuan.figures import change_rate, direction, percent
from juesuan.model.inputs import AGAINST_BUDGET, AGAINST_PREVIOUS, VEHICLE_CATEGORIES, DocumentInput, ThreePublicCounts, reason_key
from juesuan.model.numerals import int_to_cn
from juesuan.model.tables import (
    FUNDS,
    BalanceTable,
    BasicExpenditureTable,
    ClassifiedRow,
    ClassifiedTable,
    Side,
    Table,
    TableKind,
    ThreePublicItem,
    ThreePublicTable,
    first_table,
)
from juesuan.narrative.surface import LIST_NUMBER
from juesuan.record import Record
from juesuan.render.performance import ScoredProject, score_project, score_whole
from juesuan.render.profile import Profile, SectionSpec, end_sentence
from juesuan.render.tables import project_view, table_view, whole_view
from juesuan.render.view import Block, Chart, ChartSeries, Document, Heading, PageBreak, Para, TocLine
from juesuan.scoring import round_half_up

__all__ = ["PLACEHOLDER_MARK", "Change", "Comparison", "Missing", "MissingData", "build_document", "build_draft", "missing_lines", "missing_text", "no_reason", "placeholder_text"]

ZERO = Decimal(0)


@dataclass(frozen=True, repr=False)
class Missing(Record):
    """Something the document needs that the input does not give."""

    where: str  # the section, in Chinese
    what: str  # what is missing, in Chinese
    key: str = ""  # the reason key (or input field) to fill in
    label: str = ""  # what the draft's placeholder names (default: ``what`` without its "缺少…，无法…")


def missing_lines(items: list[Missing]) -> list[str]:
    """Each missing item with the place a person fills it in: the template's sheet and row, then
    the input key for those who write YAML/JSON (the refusal and the draft's notice list these)."""
    lines = []
    for i, item in enumerate(items, start=1):
        where = template_place(item.key)
        fill = f"\n   请在填报模板{where}填写" if where else ""
        lines.append(f"{i}. {missing_text(item)}{fill}")
    return lines


def missing_text(item: Missing) -> str:
    """One missing item in a line: the section, what is missing, and its input key."""
    key = f"（填写键：{item.key}）" if item.key else ""
    return f"{item.where}：{item.what}{key}"


#: how every placeholder of a draft begins
PLACEHOLDER_MARK = "【待补充："


def placeholder_text(item: Missing) -> str:
    """What a draft prints where ``item`` would be: 【待补充：上年决算数（收入总计）（填报模板「基本信息」
    “上年收入总计”）】. The check's placeholder rule (YZ06) reports it, so a draft never passes."""
    label = item.label or item.what.split("，无法")[0].removeprefix("缺少")
    where = template_place(item.key)
    place = f"（填报模板{where}）" if where else (f"（填写键：{item.key}）" if item.key and item.key != label else "")
    return f"{PLACEHOLDER_MARK}{label}{place}】"


class MissingData(Exception):
    """Raised when required reasons or figures are missing; ``items`` lists every one."""

    def __init__(self, items: list[Missing]) -> None:
        self.items = items
        super().__init__(self.message())

    def message(self) -> str:
        """Every missing item with the place a person fills it in: the template's sheet and row
        (``juesuan template --from 文档`` writes a template pre-filled from a published document),
        then the input key for those who write YAML/JSON."""
        lines = [f"无法生成文档：缺少 {len(self.items)} 项必需内容（不会留空输出；加 --force 可写出每页标明“草稿”、缺少处印有【待补充】的文档）："]
        return "\n".join(lines + missing_lines(self.items))


#: where the fill-in workbook takes each input field (shown next to the key of a missing item)
_TEMPLATE_PLACE = {
    "previous.income_total": "基本信息“上年收入总计”",
    "previous.expenditure_total": "基本信息“上年支出总计”",
    "previous.carryover_end": "基本信息“上年年末结转和结余”",
    "previous.fiscal_total": "基本信息“上年财政拨款收入支出总计”",
    "previous.fiscal_expenditure": "基本信息“上年财政拨款支出”",
    "previous.general_expenditure": "基本信息“上年一般公共预算财政拨款支出”",
    "previous.operating_costs": "基本信息“上年机关运行经费”",
    "operating_costs": "基本信息“机关运行经费”",
    "budgets.fiscal_expenditure": "基本信息“财政拨款支出年初预算”",
    "budgets.fiscal_basic": "基本信息“财政拨款基本支出年初预算”",
    "budgets.fiscal_project": "基本信息“财政拨款项目支出年初预算”",
    "budgets.general_expenditure": "基本信息“一般公共预算财政拨款支出年初预算”",
}


#: the sheet of the fill-in workbook each table is made from (the two 总表 are computed from the others)
_TABLE_SHEETS = {
    TableKind.INCOME.value: "收入决算表",
    TableKind.EXPENDITURE.value: "支出决算表",
    TableKind.GENERAL_EXPENDITURE.value: "一般公共预算支出",
    TableKind.GENERAL_BASIC.value: "基本支出明细",
    TableKind.THREE_PUBLIC.value: "三公经费",
    TableKind.GOV_FUND.value: "政府性基金",
    TableKind.STATE_CAPITAL.value: "国有资本经营",
    TableKind.FISCAL_EXPENDITURE.value: "财政拨款支出决算表",  # the university workbook
}


def template_place(key: str) -> str:
    """Where the fill-in workbook takes the input ``key``, in words: 「工作表」, the row, the column."""
    if key in _TABLE_SHEETS:
        return f"「{_TABLE_SHEETS[key]}」"
    if key in _TEMPLATE_PLACE:
        sheet, _, label = _TEMPLATE_PLACE[key].partition("“")
        return f"「{sheet}」“{label}"
    subject, _, against = key.partition("|")
    sheets = {"项": "一般公共预算支出", "基金项": "政府性基金", "国资项": "国有资本经营"}
    if subject.startswith(("项:", "基金项:", "国资项:")) and against == "预算":
        kind, _, code = subject.partition(":")
        return f"「{sheets[kind]}」科目编码 {code} 一行的“决算与预算差异的主要原因”"
    if subject.startswith("三公:") and subject != "三公:合计":
        column = "决算与预算差异的主要原因" if against == "预算" else "与上年相比变动的主要原因"
        return f"「三公经费」“{subject[3:]}”一行的“{column}”"
    for prefix, kind in (("budgets.items.", "项"), ("budgets.基金项.", "基金项"), ("budgets.国资项.", "国资项")):
        if key.startswith(prefix):
            return f"「{sheets[kind]}」科目编码 {key[len(prefix):]} 一行的“年初预算数”"
    if key.startswith("previous.items."):  # the university layout's line-by-line figures
        return f"「上年决算数」事项“{key[len('previous.items.'):]}”一行的“上年决算数”"
    if key.startswith("previous.three_public."):
        return f"「三公经费」“{key.rsplit('.', 1)[1]}”一行的“上年决算数”"
    if key.startswith("三公数量:"):
        return f"「三公数量」“{key.split(':', 1)[1]}”一行"
    if against:
        return f"「主要原因」“{key}”一行"
    if key in ("主要职责", "决算单位构成", "学校概况", "名词解释"):
        return f"「{key}」"
    return ""


@dataclass(frozen=True, repr=False)
class Change(Record):
    """A year-over-year change, ready for the ``change`` sentence."""

    current: Decimal
    previous: Decimal
    amount: Decimal  # absolute difference
    rate: Decimal | None  # percent, None when last year was 0
    word: str  # 增加 / 减少 / 持平
    rate_word: str  # 增长 / 降低 / 持平

    @property
    def flat(self) -> bool:
        return self.current == self.previous


def _change(current: Decimal, previous: Decimal) -> Change:
    diff = current - previous
    rate = change_rate(current, previous)
    return Change(
        current=current,
        previous=previous,
        amount=abs(diff),
        rate=abs(rate) if rate is not None else None,
        word=direction(diff),
        rate_word=direction(diff, "增长", "降低"),
    )


@dataclass(frozen=True, repr=False)
class Comparison(Record):
    """决算 against 预算."""

    actual: Decimal
    budget: Decimal
    pct: Decimal | None  # 完成预算的X% (None when the budget is 0)
    word: str  # 大于 / 小于 / 等于

    @property
    def flat(self) -> bool:
        return round_half_up(self.actual, 2) == round_half_up(self.budget, 2)


def _compare(actual: Decimal, budget: Decimal) -> Comparison:
    return Comparison(actual=actual, budget=budget, pct=percent(actual, budget), word=direction(actual - budget, "大于", "小于", "等于"))


#: what people write where there is no reason to give ("无", "无等原因", "/", "不适用" …): never
#: printed as a reason ("主要原因是无等原因")
_NO_REASON = re.compile(r"^[（(]?(?:无|暂无|没有|不适用|无变化|无差异|无变动|无原因|/|-|—|－|——|\\)(?:等原因|等|原因)?[）)]?[。.；;]?$")


def no_reason(text: str) -> bool:
    """True for an empty reason and for the ways of writing "no reason"."""
    return not text or _NO_REASON.match("".join(text.split())) is not None


# ---- table access -----------------------------------------------------------------------------


@dataclass(repr=False)
class Figures(Record):
    """Lookups on the input's tables (blank cells count as 0)."""

    doc: DocumentInput

    def table(self, kind: TableKind) -> Table | None:
        return next((t for t in self.doc.tables if t.kind == kind), None)

    def classified(self, kind: TableKind) -> ClassifiedTable | None:
        return first_table(self.doc.tables, kind, ClassifiedTable)

    def balance_value(self, kind: TableKind, side: Side, key: str, column: str | None = None) -> Decimal:
        t = self.table(kind)
        if not isinstance(t, BalanceTable):
            return ZERO
        line = t.line(side, key)
        if line is None:
            return ZERO
        cell = next(iter(line.cells.values()), None) if column is None else line.cells.get(column)
        return cell.or_zero().value if cell is not None else ZERO

    def total(self, kind: TableKind, column: str) -> Decimal:
        t = self.classified(kind)
        if t is None or t.total is None:
            return self.sum_classes(kind, column)
        cell = t.total.cells.get(column)
        return cell.or_zero().value if cell is not None else ZERO

    def sum_classes(self, kind: TableKind, column: str) -> Decimal:
        t = self.classified(kind)
        if t is None:
            return ZERO
        return sum((value(r, column) for r in t.coded_rows if r.code is not None and len(r.code.value) == 3), ZERO)

    def three_public(self, item: ThreePublicItem) -> tuple[Decimal, Decimal]:
        t = self.table(TableKind.THREE_PUBLIC)
        if not isinstance(t, ThreePublicTable):
            return ZERO, ZERO
        row = t.get(item)
        if row is None:
            return ZERO, ZERO
        return row.budget.or_zero().value, row.actual.or_zero().value


def _code(row: ClassifiedRow) -> str:
    return row.code.value if row.code is not None else ""


def value(row: ClassifiedRow, column: str) -> Decimal:
    cell = row.cells.get(column)
    return cell.or_zero().value if cell is not None else ZERO


#: the names a classified table's 支出 total column goes by, in the order they are looked for
_TOTAL_COLUMNS = ("合计", "本年支出合计", "小计")


def _first_column(table: ClassifiedTable | None, names: tuple[str, ...] = _TOTAL_COLUMNS) -> str:
    if table is not None:
        for name in names:
            if name in table.columns:
                return name
    return names[0]


def _nonzero(table: ClassifiedTable, column: str, digits: int) -> list[ClassifiedRow]:
    """The 类 (3 digits) or 项 (7 digits) rows of ``table`` with a figure other than 0 in ``column``."""
    return [r for r in table.coded_rows if len(_code(r)) == digits and value(r, column) != 0]


# ---- the builder --------------------------------------------------------------------------------


@dataclass(repr=False)
class Builder(Record):
    doc: DocumentInput
    profile: Profile
    figures: Figures = field(init=False)
    missing: list[Missing] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    toc: list[TocLine] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    where: str = ""
    scored: list[ScoredProject] = field(default_factory=list)
    #: build_draft: print a placeholder where something is missing instead of refusing at the end
    draft: bool = False

    def __post_init__(self) -> None:
        self.figures = Figures(self.doc)
        self.scored = [score_project(p, self.profile.policy) for p in self.doc.projects]

    # -- small helpers ------------------------------------------------------------------------

    @property
    def base(self) -> dict[str, Any]:
        return {"department": self.doc.department, "year": self.doc.year, "previous_year": self.doc.year - 1}

    def say(self, key: str, **context: Any) -> str:
        return self.profile.say(key, **{**self.base, **context})

    def para(self, key: str, style: str = "body", **context: Any) -> None:
        self.blocks.append(Para(self.say(key, **context), style))

    def heading(self, level: int, text: str) -> None:
        self.blocks.append(Heading(level, text))

    def need(self, what: str, key: str = "", *, label: str = "", inline: bool = False) -> str:
        """Record something missing. In a draft, return its placeholder and, unless ``inline``
        (the caller prints it inside its sentence), print it as a paragraph where the sentence
        would be; otherwise return "" (the document is refused at the end)."""
        item = Missing(self.where, what, key, label)
        self.missing.append(item)
        if not self.draft:
            return ""
        text = placeholder_text(item)
        if not inline:
            self.blocks.append(Para(text))
        return text

    def _show_missing(self, first_missing: int, first_block: int) -> None:
        """A draft shows every missing item: one whose placeholder no sentence since
        ``first_block`` printed (a count or reason a skipped sentence would have held) gets its
        own paragraph at the end of the section."""
        if not self.draft:
            return
        printed = "\n".join(b.text for b in self.blocks[first_block:] if isinstance(b, Para | Heading))
        for item in self.missing[first_missing:]:
            text = placeholder_text(item)
            if text not in printed:
                self.blocks.append(Para(text))
                printed += "\n" + text

    def reason(self, subject: str, against: str, required: bool, describe: str) -> str:
        key = reason_key(subject, against)
        given = self.doc.reasons.get(key, "").strip()
        text = "" if no_reason(given) else given
        if required and not text:
            said = f"（填的是“{given}”，不是原因）" if given else ""
            text = self.need(f"{describe}，缺少“主要原因”{said}", key, label=f"{describe}的主要原因", inline=True)
        return text

    def previous(self, value_: Decimal | None, describe: str, field_name: str, *, inline: bool = False) -> Decimal | None:
        if value_ is None:
            self.missing_previous(describe, field_name, inline=inline)
        return value_

    def missing_previous(self, describe: str, field_name: str, *, inline: bool = False) -> str:
        return self.need(f"缺少上年决算数（{describe}），无法写出与上年的比较", field_name, inline=inline)

    def change_text(self, change: Change) -> str:
        return self.say("change", c=change)

    def yoy(self, current: Decimal, previous: Decimal | None, subject: str, describe: str, field_name: str) -> tuple[str, str] | None:
        """(change phrase, reason) for a year-over-year sentence, or None when last year is missing."""
        found = self.yoy_change(current, previous, subject, describe, field_name)
        return (self.change_text(found[0]), found[1]) if found is not None else None

    def yoy_change(self, current: Decimal, previous: Decimal | None, subject: str, describe: str, field_name: str) -> tuple[Change, str] | None:
        prev = self.previous(previous, describe, field_name)
        if prev is None:
            return None
        change = _change(current, prev)
        why = self.reason(subject, AGAINST_PREVIOUS, not change.flat, f"{describe}与上年相比{change.word}{change.amount:.2f}万元")
        return change, why

    def vs_previous(self, current: Decimal, previous: Decimal | None, subject: str, describe: str, field_name: str) -> str | None:
        """The ``vs_previous`` clause (change, rate and reason); when last year is missing, None —
        or, in a draft, the placeholder printed in the clause's place."""
        if previous is None:
            return self.missing_previous(describe, field_name, inline=True) or None
        found = self.yoy_change(current, previous, subject, describe, field_name)
        if found is None:
            return None
        change, why = found
        return self.say("vs_previous", c=change, change=self.change_text(change), reason=why)

    # -- the document -------------------------------------------------------------------------

    def build(self) -> Document:
        for part in self.profile.parts:
            if part.id == "appendix" and not part.sections and not self.scored and self.doc.whole is None:
                continue  # no 自评表 to append: no empty 附件 part (as the documents without them print)
            title = self.profile.text(part.title, **self.base)
            text = f"{part.number} {title}".strip()
            self.toc.append(TocLine(1, text))
            if self.blocks:
                self.blocks.append(PageBreak())
            self.heading(1, text)
            builder = getattr(self, f"part_{part.id}", None)
            if builder is not None and not part.sections:
                builder()
            for section in part.sections:
                title = self.profile.text(section.title, **self.base)
                self.toc.append(TocLine(2, title))
                self.heading(section.level, title)
                self.where = f"{part.number} {title}".strip()
                first_missing, first_block = len(self.missing), len(self.blocks)
                SECTIONS[section.id](self, section)
                self._show_missing(first_missing, first_block)
        if self.missing and not self.draft:
            raise MissingData(self.missing)
        return Document(
            title=self.doc.department,
            subtitle=self.profile.text(self.profile.setting("cover_subtitle", "{{ year }}年度部门决算"), **self.base),
            department=self.doc.department,
            year=self.doc.year,
            profile=self.profile.name,
            toc=tuple(self.toc),
            blocks=tuple(self.blocks),
            charts=tuple(self.charts),
            draft=bool(self.missing),
        )

    # -- parts without sections ---------------------------------------------------------------

    def part_glossary(self) -> None:
        terms = self.profile.glossary + [(g.term, g.definition) for g in self.doc.glossary]
        for i, (term, definition) in enumerate(terms, start=1):
            self.para("term", i=i, term=term, definition=definition)

    def part_tables(self) -> None:
        for kind, number in self.profile.table_order:
            table = self.figures.table(kind)
            if table is None:
                self.where = f"决算表 {kind.value}"
                self.need(f"缺少{kind.value}", kind.value)
                continue
            view = table_view(table, number, self.doc, self.profile)
            toc = self.profile.setting("table_toc", "{number}、{title}")  # how the 目录 lists a table
            self.toc.append(TocLine(2, toc.format(number=int_to_cn(number), title=view.title)))
            self.blocks.append(view)

    def part_appendix(self) -> None:
        for scored in self.scored:
            self.blocks.append(project_view(scored, self.doc.year, self.profile))
        if self.doc.whole is not None:
            self.blocks.append(whole_view(score_whole(self.doc.whole, self.profile.policy), self.doc.year, self.profile))


def _average(scored: list[ScoredProject]) -> Decimal:
    """The mean 自评总得分 of the projects (two decimals)."""
    return round_half_up(sum((s.total for s in scored), ZERO) / len(scored), 2)


# ---- sections --------------------------------------------------------------------------------

Section = Callable[[Builder, SectionSpec], None]
SECTIONS: dict[str, Section] = {}


def section(name: str) -> Callable[[Section], Section]:
    def register(fn: Section) -> Section:
        SECTIONS[name] = fn
        return fn

    return register


@section("duties")
def _duties(b: Builder, spec: SectionSpec) -> None:
    if not b.doc.duties:
        b.need("缺少主要职责", "主要职责")
    if any(_OWN_NUMBER.match(text) for text in b.doc.duties):
        # the duties carry their own numbers ("第一条…", "（一）…", "1."), often in more than one
        # level: printed as written, not numbered again ("4. （一）…")
        for text in b.doc.duties:
            b.blocks.append(Para(end_sentence(text), "body"))
        return
    for i, text in enumerate(b.doc.duties, start=1):
        b.para("duty_item", i=i, text=text)


#: a list number of any style at the start of a duty, or an article number ("第三条")
_OWN_NUMBER = re.compile(rf"{LIST_NUMBER.pattern}|^\s*第[一二三四五六七八九十百\d]+条")


@section("units")
def _units(b: Builder, spec: SectionSpec) -> None:
    if not b.doc.units:
        b.need("缺少决算单位构成", "决算单位构成")
    b.para("units_intro")
    for i, unit in enumerate(b.doc.units, start=1):
        b.para("unit_item", "item", i=i, name=unit.name, note=unit.note)


#: the lines of 公开01表 that the overall sections list after 财政拨款收入 / 基本支出 and 项目支出
_INCOME_ITEMS = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "使用非财政拨款结余", "年初结转和结余")
_EXPENDITURE_ITEMS = ("上缴上级支出", "经营支出", "对附属单位补助支出")
_SPENDING = ("基本支出", "项目支出", *_EXPENDITURE_ITEMS)
_FUND_INCOME = tuple(f"{fund}收入" for fund in FUNDS)


def _income_total(b: Builder) -> Decimal:
    return b.figures.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.INCOME, "总计")


def _expenditure_total(b: Builder) -> Decimal:
    return b.figures.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.EXPENDITURE, "总计")


def _expenditure_column(b: Builder, column: str) -> Decimal:
    return b.figures.total(TableKind.EXPENDITURE, column)


@section("ln_overall")
def _ln_overall(b: Builder, spec: SectionSpec) -> None:
    f = b.figures
    income_total = _income_total(b)
    b.heading(3, b.say("income_heading", total=income_total))
    funds = [f.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.INCOME, k) for k in _FUND_INCOME]
    fiscal = sum(funds, ZERO)
    b.para("income_fiscal", "item", a=fiscal, share=percent(fiscal, income_total) or ZERO, g=funds[0], f=funds[1], c=funds[2])
    i = 2
    for label in _INCOME_ITEMS:
        amount = f.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.INCOME, label)
        if amount == 0 and not b.profile.setting("list_zero_items", True):
            continue
        b.para("income_item", "item", i=i, label=label, a=amount, share=percent(amount, income_total) or ZERO)
        i += 1
    _yoy_sentence(b, "income_yoy", income_total, b.doc.previous.income_total, "收入总计", "previous.income_total")

    total = _expenditure_total(b)
    b.heading(3, b.say("expenditure_heading", total=total))
    basic = _expenditure_column(b, "基本支出")
    project = _expenditure_column(b, "项目支出")
    b.para("expenditure_basic", "item", a=basic, share=percent(basic, total) or ZERO, parts=_basic_classes(b))
    b.para("expenditure_project", "item", a=project, share=percent(project, total) or ZERO, purpose=b.doc.purposes.get("项目支出", ""))
    i = 3
    for label in _EXPENDITURE_ITEMS:
        amount = _expenditure_column(b, label)
        if amount == 0 and not b.profile.setting("list_zero_items", True):
            continue
        b.para("expenditure_item", "item", i=i, label=label, a=amount, share=percent(amount, total) or ZERO)
        i += 1
    _yoy_sentence(b, "expenditure_yoy", total, b.doc.previous.expenditure_total, "支出总计", "previous.expenditure_total")

    carry = f.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.EXPENDITURE, "年末结转和结余")
    b.heading(3, b.say("carryover_heading", total=carry))
    _yoy_sentence(b, "carryover_yoy", carry, b.doc.previous.carryover_end, "年末结转和结余", "previous.carryover_end")
    _overall_charts(b)


def _yoy_sentence(b: Builder, key: str, current: Decimal, previous: Decimal | None, subject: str, field_name: str, **extra: Any) -> None:
    """The sentence ``key`` on the change of ``subject`` against last year, with its reason."""
    found = b.yoy(current, previous, subject, subject, field_name)
    if found is None:
        return
    change, why = found
    b.blocks.append(Para(b.say("with_reason", text=b.say(key, change=change, total=current, **extra), reason=why)))


@dataclass(frozen=True, repr=False)
class _Named(Record):
    name: str
    amount: Decimal


def _basic_classes(b: Builder) -> list[_Named]:
    table = b.figures.table(TableKind.GENERAL_BASIC)
    if not isinstance(table, BasicExpenditureTable):
        return []
    return [
        _Named(item.name, item.cell.or_zero().value)
        for item in table.items
        if len(item.code.value) == 3 and item.cell.or_zero().value != 0
    ]


def _fiscal_split(b: Builder) -> tuple[Decimal, Decimal, Decimal]:
    """财政拨款支出 and its 基本/项目 parts: 05 + 08 + 09."""
    total = basic = project = ZERO
    for kind in (TableKind.GENERAL_EXPENDITURE, TableKind.GOV_FUND, TableKind.STATE_CAPITAL):
        t = b.figures.classified(kind)
        if t is None:
            continue
        total += b.figures.total(kind, _first_column(t))
        basic += b.figures.total(kind, "基本支出")
        project += b.figures.total(kind, "项目支出")
    return total, basic, project


def _budget_total(b: Builder, actual: Decimal, budget: Decimal | None, describe: str, field_name: str) -> str:
    if budget is None:
        return b.need(f"缺少{describe}的年初预算数，无法写出“完成年初预算的X%”", field_name, inline=True)
    return b.say("vs_budget_total", b=_compare(actual, budget))


@section("ln_fiscal")
def _ln_fiscal(b: Builder, spec: SectionSpec) -> None:
    total, basic, project = _fiscal_split(b)
    b.heading(3, b.say("fiscal_heading"))
    found = b.yoy(total, b.doc.previous.fiscal_expenditure, "财政拨款支出", "财政拨款支出", "previous.fiscal_expenditure")
    budgets = b.doc.budgets
    vs_total = _budget_total(b, total, budgets.fiscal_expenditure, "财政拨款支出", "budgets.fiscal_expenditure")
    vs_basic = _budget_total(b, basic, budgets.fiscal_basic, "基本支出", "budgets.fiscal_basic")
    vs_project = _budget_total(b, project, budgets.fiscal_project, "项目支出", "budgets.fiscal_project")
    if found is not None:
        change, why = found
        b.para("fiscal_overall", total=total, basic=basic, project=project, change=change, reason=why,
               vs_total=vs_total, vs_basic=vs_basic, vs_project=vs_project)
    else:  # a draft without last year's figure: the 预算 placeholders the sentence would have held
        for text, budget in ((vs_total, budgets.fiscal_expenditure), (vs_basic, budgets.fiscal_basic), (vs_project, budgets.fiscal_project)):
            if budget is None and text:
                b.blocks.append(Para(text))
    b.heading(3, b.say("general_heading"))
    general = b.figures.classified(TableKind.GENERAL_EXPENDITURE)
    _item_explanations(b, general, "general", b.doc.budgets.items, "项")
    b.heading(3, b.say("fund_heading"))
    _item_explanations(b, b.figures.classified(TableKind.GOV_FUND), "fund", b.doc.budgets.fund_items, "基金项")
    b.heading(3, b.say("capital_heading"))
    _item_explanations(b, b.figures.classified(TableKind.STATE_CAPITAL), "capital", b.doc.budgets.capital_items, "国资项")
    _class_chart(b, general)


def _item_explanations(b: Builder, table: ClassifiedTable | None, prefix: str, budgets: dict[str, Decimal], subject: str) -> None:
    column = _first_column(table)
    total = b.figures.total(table.kind, column) if table is not None else ZERO
    if table is None or total == 0:
        b.para(f"{prefix}_zero")
        return
    b.para(f"{prefix}_intro", total=total)
    names = {r.code.value: r.label for r in table.coded_rows if r.code is not None}
    classes = _nonzero(table, column, 3)
    numbered = 0
    for i, cls in enumerate(classes, start=1):
        if prefix == "general":  # the fund sections list their few 项 without 类 headings
            b.para("class_line", "item", i=i, name=cls.label, a=value(cls, column))
            numbered = 0
        items = [r for r in _nonzero(table, column, 7) if _code(r).startswith(_code(cls))]
        for k, row in enumerate(items, start=1):
            code = _code(row)
            actual = value(row, column)
            budget = budgets.get(code)
            xiang = row.label
            if budget is None:
                b.need(f"{code} {xiang}（项）缺少年初预算数，无法写出“完成年初预算的X%”", f"budgets.{'items' if subject == '项' else subject}.{code}")
                continue
            comparison = _compare(actual, budget)
            why = b.reason(f"{subject}:{code}", AGAINST_BUDGET, not comparison.flat, f"{code} {xiang}（项）决算数{comparison.word}年初预算数")
            numbered += 1
            b.para(
                "item_line",
                "item",
                i=numbered if prefix != "general" else k,
                cls=cls.label,
                kuan=names.get(code[:5], ""),
                xiang=xiang,
                a=actual,
                purpose=b.doc.purposes.get(f"{subject}:{code}", ""),
                vs_budget=b.say("vs_budget_item", b=comparison, reason=why),
            )


_TP_ITEMS = (
    (ThreePublicItem.OVERSEAS, "tp_overseas"),
    (ThreePublicItem.RECEPTION, "tp_reception"),
    (ThreePublicItem.VEHICLES, "tp_vehicles"),
)


def _tp_budget(b: Builder, item: ThreePublicItem) -> str:
    budget, actual = b.figures.three_public(item)
    comparison = _compare(actual, budget)
    required = not comparison.flat
    why = b.reason(f"三公:{item.value}", AGAINST_BUDGET, required, f"“三公”经费{item.value}决算数{comparison.word}预算数")
    return b.say("vs_budget_three_public", b=comparison, reason=why)


def _tp_previous(b: Builder, item: ThreePublicItem) -> str | None:
    _, actual = b.figures.three_public(item)
    prev = b.doc.previous.three_public.get(item.value)
    return b.vs_previous(actual, prev, f"三公:{item.value}", f"“三公”经费{item.value}", f"previous.three_public.{item.value}")


@section("ln_three_public")
def _ln_three_public(b: Builder, spec: SectionSpec) -> None:
    f = b.figures
    total = f.three_public(ThreePublicItem.TOTAL)[1]
    o = f.three_public(ThreePublicItem.OVERSEAS)[1]
    r = f.three_public(ThreePublicItem.RECEPTION)[1]
    v = f.three_public(ThreePublicItem.VEHICLES)[1]
    b.para("tp_total", a=total, o=o, r=r, v=v, vs_budget=_tp_budget(b, ThreePublicItem.TOTAL))
    counts = _tp_counts(b)
    for item, key in _TP_ITEMS:
        actual = f.three_public(item)[1]
        vs_budget = _tp_budget(b, item)  # asked for even when last year is missing: all listed at once
        vs_prev = _tp_previous(b, item)
        if vs_prev is None:
            continue
        b.para(
            key,
            "item",
            a=actual,
            share=percent(actual, total),
            vs_budget=vs_budget,
            vs_previous=vs_prev,
            groups=counts.groups,
            people=counts.group_people if item == ThreePublicItem.OVERSEAS else counts.reception_people,
            batches=counts.receptions,
            f_batches=counts.foreign_receptions,
            f_people=counts.foreign_people,
            f_amount=counts.foreign_amount,
            purchase=f.three_public(ThreePublicItem.VEHICLE_PURCHASE)[1],
            operation=f.three_public(ThreePublicItem.VEHICLE_OPERATION)[1],
            bought=counts.vehicles_bought,
            held=counts.vehicles_held,
        )


#: Each 三公 count, the item whose amount it goes with (None: the 外事接待 part of 公务接待费, told by
#: its own amount) and its name in the fill-in workbook.
_TP_COUNTS: tuple[tuple[str, ThreePublicItem | None, str], ...] = (
    ("groups", ThreePublicItem.OVERSEAS, "因公出国（境）团组数"),
    ("group_people", ThreePublicItem.OVERSEAS, "因公出国（境）人次"),
    ("receptions", ThreePublicItem.RECEPTION, "国内公务接待批次"),
    ("reception_people", ThreePublicItem.RECEPTION, "国内公务接待人次"),
    ("foreign_receptions", None, "外事接待批次"),
    ("foreign_people", None, "外事接待人次"),
    ("vehicles_bought", ThreePublicItem.VEHICLE_PURCHASE, "当年购置公务用车数"),
    ("vehicles_held", ThreePublicItem.VEHICLE_OPERATION, "公务用车保有量"),
)


def _tp_counts(b: Builder) -> ThreePublicCounts:
    """The 三公 counts to print: a count not given is 0 where its amount is 0, and missing (the
    document is refused, naming it) where its amount is not — never "团组0个" beside real spending."""
    counts = b.doc.three_public
    given: dict[str, int | str] = {}
    for name, item, label in _TP_COUNTS:
        value: int | str | None = getattr(counts, name)
        if value is None:
            value = 0
            amount = b.figures.three_public(item)[1] if item is not None else counts.foreign_amount
            if amount:
                spent = item.value if item is not None else "外事接待"
                # a draft prints the placeholder where the count goes (never 0 beside real spending)
                value = b.need(f"“三公”经费的{spent}决算数为 {amount} 万元，缺少{label}", f"三公数量:{label}", label=label, inline=True) or 0
        given[name] = value
    return counts.model_copy(update=given)


def _basic_lists(b: Builder) -> tuple[Decimal, Decimal, Decimal, list[str], list[str]]:
    table = b.figures.table(TableKind.GENERAL_BASIC)
    total = b.figures.total(TableKind.GENERAL_EXPENDITURE, "基本支出")
    if not isinstance(table, BasicExpenditureTable):
        return total, ZERO, ZERO, [], []
    personnel = table.personnel_total.or_zero().value if table.personnel_total is not None else ZERO
    public = table.public_total.or_zero().value if table.public_total is not None else ZERO
    p_items = [i.name for i in table.items if len(i.code.value) == 5 and i.group == "人员经费" and i.cell.or_zero().value != 0]
    g_items = [i.name for i in table.items if len(i.code.value) == 5 and i.group == "公用经费" and i.cell.or_zero().value != 0]
    return total, personnel, public, p_items, g_items


@section("basic")
def _basic(b: Builder, spec: SectionSpec) -> None:
    total, personnel, public, p_items, g_items = _basic_lists(b)
    b.para("basic", total=total, personnel=personnel, public=public, personnel_items=p_items, public_items=g_items)


@section("ln_other")
def _ln_other(b: Builder, spec: SectionSpec) -> None:
    b.heading(3, b.say("op_heading"))
    _operating_costs(b)
    b.heading(3, b.say("proc_heading"))
    _procurement(b)
    b.heading(3, b.say("assets_heading"))
    _assets(b)
    b.heading(3, b.say("perf_heading"))
    _performance(b)


def _operating_costs(b: Builder) -> None:
    amount = b.doc.operating_costs
    if amount is None:
        b.need("缺少机关运行经费支出金额（无机关运行经费的填 0）", "operating_costs")
        return
    prev = b.doc.previous.operating_costs
    if amount == 0 and prev is not None and prev == 0:
        b.para("op_zero")
        return
    vs_previous = b.vs_previous(amount, prev, "机关运行经费", "机关运行经费", "previous.operating_costs")
    if vs_previous is not None:
        b.para("op_text", a=amount, vs_previous=vs_previous)


@dataclass(frozen=True, repr=False)
class _Share(Record):
    name: str
    share: Decimal


def _procurement(b: Builder) -> None:
    p = b.doc.procurement
    total = p.goods + p.works + p.services
    if total == 0:
        b.para("proc_zero")
        return
    sme = p.sme_goods + p.sme_works + p.sme_services
    categories = [
        _Share(name, share)
        for name, base, part in (("货物", p.goods, p.sme_goods), ("工程", p.works, p.sme_works), ("服务", p.services, p.sme_services))
        if (share := percent(part, base)) is not None
    ]
    b.para(
        "proc_text",
        total=total,
        goods=p.goods,
        works=p.works,
        services=p.services,
        sme=sme,
        sme_share=percent(sme, total),
        small=p.small_micro,
        small_share=percent(p.small_micro, sme),
        categories=categories,
        reserved_sme=p.reserved_sme,
        reserved_small=p.reserved_small_micro,
    )


@dataclass(frozen=True, repr=False)
class _Count(Record):
    name: str
    count: int


def _assets(b: Builder) -> None:
    a = b.doc.assets
    categories = list(VEHICLE_CATEGORIES) + [c for c in a.vehicles if c not in VEHICLE_CATEGORIES]
    labels = b.profile.setting("vehicle_labels", {}) or {}
    vehicles = [_Count(labels.get(name, name), a.vehicles.get(name, 0)) for name in categories]
    b.para("assets_text", total=sum(v.count for v in vehicles), vehicles=vehicles, equipment=a.equipment)


def _performance(b: Builder) -> None:
    b.heading(4, b.say("perf_work_heading"))
    scored = b.scored
    if not scored:
        b.para("perf_none")
        return
    funds = ("一般公共预算", "政府性基金预算", "国有资本经营预算")
    counts = {f: sum(1 for s in scored if s.source.fund == f) for f in funds}
    money = {f: sum((s.source.spent for s in scored if s.source.fund == f), ZERO) for f in funds}
    spent = sum(money.values(), ZERO)
    project_total = _expenditure_column(b, "项目支出")
    average = _average(scored)
    whole = score_whole(b.doc.whole, b.profile.policy) if b.doc.whole is not None else None
    b.para(
        "perf_work",
        n=len(scored),
        ng=counts[funds[0]],
        nf=counts[funds[1]],
        nc=counts[funds[2]],
        money=spent,
        mg=money[funds[0]],
        mf=money[funds[1]],
        mc=money[funds[2]],
        coverage=percent(spent, project_total),
        average=average,
        whole=whole is not None,
        whole_money=sum((t.spent for t in whole.tasks), ZERO) if whole else ZERO,
        whole_score=whole.total if whole else ZERO,
        grades={g: sum(1 for s in scored if s.grade == g) for _, g in b.profile.policy.grades},
    )
    if b.profile.has("perf_results_heading"):
        b.heading(4, b.say("perf_results_heading"))
        b.para("perf_results_intro", names=[s.source.name for s in scored[:2]], n=len(scored))
    for i, s in enumerate(scored, start=1):
        p = s.source
        b.para(
            "perf_project",
            "item",
            i=i,
            name=p.name,
            total=s.total,
            budget=p.budget,
            spent=p.spent,
            rate=s.rate if s.rate is not None else ZERO,
            summary=p.summary,
            problems=p.problems,
            measures=p.measures,
            grade=s.grade,
        )
    b.para("perf_appendix_note")


# ---- the Shanghai sections -------------------------------------------------------------------


@section("sh_total")
def _sh_total(b: Builder, spec: SectionSpec) -> None:
    _yoy_sentence(b, "total", _income_total(b), b.doc.previous.income_total, "收入总计", "previous.income_total")
    _overall_charts(b)


@dataclass(frozen=True, repr=False)
class _Part(Record):
    name: str
    amount: Decimal
    share: Decimal


@section("sh_income")
def _sh_income(b: Builder, spec: SectionSpec) -> None:
    f = b.figures
    total = f.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.INCOME, "本年收入合计")
    fiscal = sum((f.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.INCOME, k) for k in _FUND_INCOME), ZERO)
    items = [("财政拨款收入", fiscal)] + [
        (label, f.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.INCOME, label)) for label in _INCOME_ITEMS[:5]
    ]
    parts = [_Part(n, v, percent(v, total) or ZERO) for n, v in items if v != 0]
    b.para("income", total=total, items=parts)


@section("sh_expenditure")
def _sh_expenditure(b: Builder, spec: SectionSpec) -> None:
    total = b.figures.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.EXPENDITURE, "本年支出合计")
    parts = [_Part(n, v, percent(v, total) or ZERO) for n in _SPENDING if (v := _expenditure_column(b, n)) != 0]
    b.para("expenditure", total=total, items=parts)


@section("sh_fiscal_total")
def _sh_fiscal_total(b: Builder, spec: SectionSpec) -> None:
    total = b.figures.balance_value(TableKind.FISCAL_SUMMARY, Side.INCOME, "总计")
    _yoy_sentence(b, "fiscal_total", total, b.doc.previous.fiscal_total, "财政拨款收入支出总计", "previous.fiscal_total")


@section("sh_general")
def _sh_general(b: Builder, spec: SectionSpec) -> None:
    table = b.figures.classified(TableKind.GENERAL_EXPENDITURE)
    column = _first_column(table)
    total = b.figures.total(TableKind.GENERAL_EXPENDITURE, column)
    b.heading(3, b.say("general_overall_heading"))
    if table is None or total == 0:
        b.para("general_zero")
        return
    year_total = b.figures.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.EXPENDITURE, "本年支出合计")
    _yoy_sentence(
        b, "general_overall", total, b.doc.previous.general_expenditure, "一般公共预算财政拨款支出", "previous.general_expenditure",
        share=percent(total, year_total) or ZERO,
    )
    b.heading(3, b.say("general_structure_heading"))
    classes = _nonzero(table, column, 3)
    b.para("general_structure", total=total, items=[_Part(r.label, value(r, column), percent(value(r, column), total) or ZERO) for r in classes])
    _class_chart(b, table)
    b.heading(3, b.say("general_detail_heading"))
    budget = b.doc.budgets.general_expenditure
    if budget is None:
        b.need("缺少一般公共预算财政拨款支出的年初预算数", "budgets.general_expenditure")
    else:
        comparison = _compare(total, budget)
        why = b.reason("一般公共预算财政拨款支出", AGAINST_BUDGET, not comparison.flat, f"一般公共预算财政拨款支出决算数{comparison.word}年初预算数")
        b.para("general_detail", b=comparison, reason=why)
    _sh_items(b, table, b.doc.budgets.items, "项")


def _sh_items(b: Builder, table: ClassifiedTable, budgets: dict[str, Decimal], subject: str) -> None:
    column = _first_column(table)
    names = {r.code.value: r.label for r in table.coded_rows if r.code is not None}
    items = _nonzero(table, column, 7)
    for i, row in enumerate(items, start=1):
        code = _code(row)
        budget = budgets.get(code)
        if budget is None:
            b.need(f"{code} {row.label}（项）缺少年初预算数", f"budgets.{'items' if subject == '项' else subject}.{code}")
            continue
        comparison = _compare(value(row, column), budget)
        why = b.reason(f"{subject}:{code}", AGAINST_BUDGET, not comparison.flat, f"{code} {row.label}（项）决算数{comparison.word}年初预算数")
        b.para(
            "sh_item", "item", i=i, cls=names.get(code[:3], ""), kuan=names.get(code[:5], ""), xiang=row.label,
            purpose=b.doc.purposes.get(f"{subject}:{code}", ""), b=comparison, reason=why,
        )


def _sh_fund_like(b: Builder, kind: TableKind, prefix: str, budgets: dict[str, Decimal], subject: str) -> None:
    table = b.figures.classified(kind)
    column = _first_column(table, ("本年支出合计", "合计", "小计"))
    total = b.figures.total(kind, column) if table is not None else ZERO
    income = b.figures.total(kind, "本年收入") if table is not None else ZERO
    if table is None or (total == 0 and income == 0):
        b.para(f"{prefix}_zero")
        return
    b.para(f"{prefix}_intro", income=income, total=total)
    _sh_items(b, table, budgets, subject)


@section("sh_fund")
def _sh_fund(b: Builder, spec: SectionSpec) -> None:
    _sh_fund_like(b, TableKind.GOV_FUND, "fund", b.doc.budgets.fund_items, "基金项")


@section("sh_capital")
def _sh_capital(b: Builder, spec: SectionSpec) -> None:
    _sh_fund_like(b, TableKind.STATE_CAPITAL, "capital", b.doc.budgets.capital_items, "国资项")


@dataclass(frozen=True, repr=False)
class _TpItem(Record):
    name: str
    b: Comparison
    share: Decimal | None
    change: str
    word: str
    reason: str


_SH_TP = (
    (ThreePublicItem.OVERSEAS, "因公出国（境）费"),
    (ThreePublicItem.VEHICLES, "公务用车购置及运行维护费"),
    (ThreePublicItem.RECEPTION, "公务接待费"),
)


@section("sh_three_public")
def _sh_three_public(b: Builder, spec: SectionSpec) -> None:
    f = b.figures
    budget, actual = f.three_public(ThreePublicItem.TOTAL)
    previous = b.doc.previous.three_public
    if actual == 0 and budget == 0 and all(previous.get(i.value, ZERO) == 0 for i, _ in _SH_TP):
        b.para("tp_zero")
        return
    items: list[_TpItem] = []
    holes = False  # a draft missing a last-year figure: its placeholder stands where the change goes
    for item, name in _SH_TP:
        ib, ia = f.three_public(item)
        prev = previous.get(item.value)
        hole = b.missing_previous(f"“三公”经费{name}", f"previous.three_public.{item.value}", inline=True) if prev is None else ""
        holes = holes or bool(hole)
        change = _change(ia, prev) if prev is not None else _change(ia, ia)
        why = b.reason(f"三公:{item.value}", AGAINST_PREVIOUS, prev is not None and not change.flat, f"{name}与上年相比{change.word}")
        items.append(_TpItem(name, _compare(ia, ib), percent(ia, actual), hole or b.change_text(change), "" if hole else change.word, why))
    total = _compare(actual, budget)
    why = b.reason("三公:合计", AGAINST_BUDGET, not total.flat, f"“三公”经费决算数{total.word}预算数")
    b.heading(3, b.say("tp_overall_heading"))
    b.para("tp_overall", total=total, items=items, reason=why)
    prev_total = sum((previous.get(i.value, ZERO) for i, _ in _SH_TP), ZERO)
    yoy = _change(actual, prev_total)
    if holes:
        b.para("tp_yoy", change=f"{PLACEHOLDER_MARK}上年“三公”经费决算数（见下列各项）】", flat=False, items=items)
    else:
        b.para("tp_yoy", change=b.change_text(yoy), flat=yoy.flat, items=items)
    b.heading(3, b.say("tp_detail_heading"))
    counts = _tp_counts(b)
    if actual == 0 and not any(getattr(counts, name) for name, _, _ in _TP_COUNTS):
        b.para("tp_zero")  # budgeted but nothing spent: the 样张's "无“三公”经费财政拨款支出" for the details
        return
    b.para("tp_detail", items=items)
    b.para("tp_overseas", "item", a=f.three_public(ThreePublicItem.OVERSEAS)[1], groups=counts.groups, people=counts.group_people,
           uses=counts.uses.get(ThreePublicItem.OVERSEAS.value, ""))
    b.para("tp_vehicles", "item", a=f.three_public(ThreePublicItem.VEHICLES)[1], purchase=f.three_public(ThreePublicItem.VEHICLE_PURCHASE)[1],
           operation=f.three_public(ThreePublicItem.VEHICLE_OPERATION)[1], bought=counts.vehicles_bought, held=counts.vehicles_held,
           uses=counts.uses.get(ThreePublicItem.VEHICLES.value, ""))
    b.para("tp_reception", "item", a=f.three_public(ThreePublicItem.RECEPTION)[1], batches=counts.receptions, people=counts.reception_people,
           f_batches=counts.foreign_receptions, f_people=counts.foreign_people, f_amount=counts.foreign_amount,
           uses=counts.uses.get(ThreePublicItem.RECEPTION.value, ""))


@section("sh_performance")
def _sh_performance(b: Builder, spec: SectionSpec) -> None:
    scored = b.scored
    if not scored:
        b.para("performance_none")
        return
    grades: dict[str, int] = {}
    for _, name in sorted(b.profile.policy.grades, key=lambda g: -g[0]):
        grades[name] = sum(1 for s in scored if s.grade == name)
    average = _average(scored)
    b.para("performance", m=b.doc.management, n=len(scored), budget=sum((s.source.budget for s in scored), ZERO), average=average, grades=grades)


@section("sh_other")
def _sh_other(b: Builder, spec: SectionSpec) -> None:
    b.heading(3, b.say("op_heading"))
    amount = b.doc.operating_costs
    if amount is None:
        b.need("缺少机关运行经费支出金额（无机关运行经费的填 0）", "operating_costs")
    elif amount == 0:
        b.para("op_zero")
    else:
        found = b.yoy(amount, b.doc.previous.operating_costs, "机关运行经费", "机关运行经费", "previous.operating_costs")
        if found is not None:
            b.para("op_text", a=amount, change=found[0], reason=found[1])
    b.heading(3, b.say("proc_heading"))
    _procurement(b)
    b.heading(3, b.say("assets_heading"))
    _assets(b)


# ---- charts --------------------------------------------------------------------------------


def _overall_charts(b: Builder) -> None:
    f = b.figures
    income = [(label, f.balance_value(TableKind.INCOME_EXPENDITURE_SUMMARY, Side.INCOME, label)) for label in _FUND_INCOME + _INCOME_ITEMS[:5]]
    income = [(label.replace("收入", ""), v) for label, v in income if v != 0]
    if len(income) > 1:  # a single slice tells nothing a sentence does not
        b.blocks.append(Chart("pie", "收入结构", tuple(n for n, _ in income), (ChartSeries("决算数", tuple(v for _, v in income)),)))
    spending = [(k, _expenditure_column(b, k)) for k in _SPENDING]
    spending = [(k, v) for k, v in spending if v != 0]
    if len(spending) > 1:
        b.blocks.append(Chart("pie", "支出结构（基本支出与项目支出）", tuple(n for n, _ in spending), (ChartSeries("决算数", tuple(v for _, v in spending)),)))
    prev = b.doc.previous
    pairs = [
        ("收入总计", _income_total(b), prev.income_total),
        ("支出总计", _expenditure_total(b), prev.expenditure_total),
        ("财政拨款支出", _fiscal_split(b)[0], prev.fiscal_expenditure),
    ]
    pairs = [(n, c, p) for n, c, p in pairs if p is not None]
    if pairs:
        b.blocks.append(
            Chart(
                "grouped",
                f"{b.doc.year}年与{b.doc.year - 1}年决算对比",
                tuple(n for n, _, _ in pairs),
                (
                    ChartSeries(f"{b.doc.year - 1}年", tuple(p for _, _, p in pairs if p is not None)),
                    ChartSeries(f"{b.doc.year}年", tuple(c for _, c, _ in pairs)),
                ),
            )
        )


def _class_chart(b: Builder, table: ClassifiedTable | None) -> None:
    if table is None:
        return
    column = _first_column(table)
    rows = [(r.label, value(r, column)) for r in _nonzero(table, column, 3)]
    if rows:
        b.blocks.append(
            Chart("bar", "一般公共预算财政拨款支出（按功能分类 类）", tuple(n for n, _ in rows), (ChartSeries("决算数", tuple(v for _, v in rows)),))
        )


def build_document(doc: DocumentInput, profile: Profile) -> Document:
    """The finished view-model, or :class:`MissingData` listing everything that is missing."""
    return Builder(doc, profile).build()


def build_draft(doc: DocumentInput, profile: Profile) -> tuple[Document, list[Missing]]:
    """The view-model even when something is missing (``render --force``), with what is missing:
    a placeholder naming the template cell stands at each place, and the document is a 草稿."""
    builder = Builder(doc, profile, draft=True)
    return builder.build(), builder.missing


# the sections of the other layouts' writers register themselves on import
from juesuan.render import university as _university  # noqa: E402,F401
