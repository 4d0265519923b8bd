"""CP — what a 部门决算 must contain, per profile (完整性)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from juesuan.check.engine import Absent, Context, Hit, NotApplicable, Rule, register
from juesuan.check.quantities import cell_fig
from juesuan.diagnostics import Category, Severity
from juesuan.model.codes import normalize_name
from juesuan.model.provenance import Source
from juesuan.model.tables import BalanceTable, ClassifiedTable, Side, TableKind


def _toc_source(ctx: Context, words: tuple[str, ...]) -> Source:
    """Where something missing should have been: its entry in the table of contents, else the cover."""
    for entry in ctx.report.toc:
        if any(w in entry.title for w in words):
            return entry.source
    return ctx.report.metadata.source


@register
class RequiredTables(Rule):
    """必备的决算表都已公开。

    检查内容
        按版式要求的决算表逐一存在（辽宁、上海：公开01–09表；高校：4 张表）。没有数据的表也必须公开（见 CP03）。
        有页面未能读取（扫描页、损坏的页、在中途中断的文件）时，找不到的表可能就在其中：不报“缺少”，
        结论为“无法检查”，并指出未能读取的页。
    为什么重要
        少公开一张表即违反“不得少公开”的要求（财预〔2016〕143号）。
    反例
        文中没有“财政拨款‘三公’经费支出决算表”。
    正例
        九张表齐全。
    """

    id = "CP01"
    name = "completeness.required-tables"
    category = Category.COMPLETENESS
    title = "必备决算表"
    message = "缺少{table}（{profile}要求公开此表）。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        present = {t.kind for t in ctx.report.tables}
        for kind in ctx.profile.required_tables:
            if kind in present:
                continue
            title = kind.value
            core = title.replace("“", "").replace("”", "")
            source = _toc_source(ctx, (title, core))
            yield self.hit([source], table=title, profile=ctx.profile.short_title)


def _all_titles(ctx: Context) -> list[tuple[str, Source]]:
    out = []
    for part in ctx.report.narrative.parts:
        out.append((part.title, part.source))
        for section in part.walk():
            out.append((section.title, section.source))
    return out


def _has_section(ctx: Context, words: str) -> bool:
    """A section whose title holds ``words``; ``"父>子"`` asks for a child section under a parent."""
    if ">" not in words:
        return any(words in normalize_name(t) for t, _ in _all_titles(ctx))
    parent, child = words.split(">", 1)
    for part in ctx.report.narrative.parts:
        for section in part.walk():
            if parent in normalize_name(section.title):
                if any(child in normalize_name(s.title) for s in section.walk()[1:]):
                    return True
    return False


@register
class RequiredSections(Rule):
    """必备的说明部分齐全。

    检查内容
        按版式要求的概况、情况说明各节和其他重要事项（机关运行经费、政府采购、国有资产占用、预算绩效）以及名词解释都有对应的标题。
    为什么重要
        预算法第十四条要求对机关运行经费等重要事项作出说明；漏节即漏公开。
    反例
        情况说明没有“政府采购支出情况”。
    正例
        各节齐全。
    """

    id = "CP02"
    name = "completeness.required-sections"
    category = Category.COMPLETENESS
    title = "必备说明部分"
    message = "缺少“{section}”部分（{profile}要求）。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        if not ctx.profile.required_sections:
            raise NotApplicable("该版式没有规定必备的说明部分")
        for alternatives in ctx.profile.required_sections:
            if any(_has_section(ctx, w) for w in alternatives):
                continue
            source = _toc_source(ctx, tuple(w.split(">")[0] for w in alternatives))
            shown = alternatives[0].replace(">", "”中的“")
            yield self.hit([source], section=shown, profile=ctx.profile.short_title)


def _is_empty(table: ClassifiedTable) -> bool:
    for row in table.rows:
        for cell in row.cells.values():
            if cell.amount is not None and cell.amount.value != 0:
                return False
    return True


@register
class EmptyTableStatements(Rule):
    """没有数据的表保留格式并作说明，且与文字、总表一致。

    检查内容
        政府性基金、国有资本经营预算财政拨款表没有数据时，表下或情况说明中有“本表无数据／无此类资金”的说明；
        有数据时，情况说明不能写“无……支出”。（04表这两栏与08、09表的对应由 XT06 核对，“三公”经费为零时的固定表述由 SG05 核对。）
    为什么重要
        空表不作说明，读者分不清是“没有”还是“没公开”；说“没有”却有数据，更是自相矛盾。
    反例
        08表有 120.00 万元，情况说明写“本部门 2024 年度无政府性基金预算财政拨款支出”。
    正例
        08表为空，表下注明“如本表为空，则我部门本年度无此类资金收支余”。
    """

    id = "CP03"
    name = "completeness.empty-tables"
    category = Category.COMPLETENESS
    title = "空表说明"
    message = "{table}{problem}"

    def run(self, ctx: Context) -> Iterator[Hit]:
        found = False
        narrative = {
            TableKind.GOV_FUND: "政府性基金",
            TableKind.STATE_CAPITAL: "国有资本经营",
        }
        texts = [(u, u.text) for u in ctx.report.narrative.all_paragraphs()]
        for kind, word in narrative.items():
            table = ctx.report.table(kind, ClassifiedTable)
            if table is None:
                continue
            found = True
            empty = _is_empty(table)
            said_none = [p for p, text in texts if word in text and re.search(r"无" + word + r"|没有" + word, text)]
            has_statement = bool(table.header.empty_statement) or bool(said_none)
            if empty and not has_statement and ctx.profile.has("empty_table_statement"):
                yield self.hit([table.source], table=kind.value, problem="没有数据，但表下和情况说明中都没有“本表无数据”之类的说明。")
            if not empty and said_none:
                yield self.hit([said_none[0].source, table.source], table=kind.value, problem="有数据，情况说明却写没有此类资金的收支。")
        if not found:
            raise Absent("文档中没有政府性基金或国有资本经营预算财政拨款表")


@register
class GlossaryTerms(Rule):
    """名词解释包含必备的术语。

    检查内容
        名词解释中有版式要求的术语：财政拨款收入、上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入、基本支出、项目支出、“三公”经费、机关运行经费等。
    为什么重要
        财预〔2016〕143号要求对专业性较强的名词进行解释。
    反例
        名词解释中没有“机关运行经费”。
    正例
        术语齐全。
    """

    id = "CP04"
    name = "completeness.glossary"
    category = Category.COMPLETENESS
    severity = Severity.WARNING
    title = "名词解释"
    message = "名词解释中没有“{term}”。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        if not ctx.profile.required_terms:
            raise NotApplicable("该版式没有规定必备术语")
        terms = [normalize_name(t.term) for t in ctx.report.glossary]
        anchor = next((p.source for p in ctx.report.narrative.parts if p.kind == "glossary"), None) or _toc_source(ctx, ("名词解释",))
        for term in ctx.profile.required_terms:
            key = normalize_name(term).replace("“", "").replace("”", "")
            if any(key in t.replace("“", "").replace("”", "") for t in terms):
                continue
            yield self.hit([anchor], term=term)


@register
class PerformanceTables(Rule):
    """说明中提到的绩效自评表都已附上。

    检查内容
        预算绩效情况说明开展了项目自评、整体自评，并称自评表“见附件”时，文档中附有相应的预算项目（政策）绩效自评表和部门（单位）整体绩效自评表。
    为什么重要
        只说不附，读者无法核对自评结果。
    反例
        “《部门（单位）整体绩效自评表》详见附件”，附件中没有此表。
    正例
        附件含 9 张项目自评表和 1 张整体自评表。
    """

    id = "CP05"
    name = "completeness.performance-tables"
    category = Category.COMPLETENESS
    title = "绩效自评表已附"
    message = "情况说明称{what}，但文档中没有{table}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        summary = ctx.report.matters.performance
        if summary is None or not ctx.profile.has("performance_tables"):
            raise NotApplicable("没有预算绩效说明，或该版式不要求附自评表")
        if summary.projects is not None and summary.projects.value and not ctx.report.projects:
            yield self.hit([summary.projects.source], what=f"对 {summary.projects.value} 个项目开展了绩效自评", table="预算项目（政策）绩效自评表")
        if summary.whole_units is not None and summary.whole_units.value and not ctx.report.whole:
            yield self.hit([summary.whole_units.source], what=f"对 {summary.whole_units.value} 个单位开展了整体绩效自评", table="部门（单位）整体绩效自评表")


@register
class OverviewContent(Rule):
    """概况写明了主要职责和决算单位构成。

    检查内容
        第一部分概况中的主要职责（职能）和决算单位构成都有内容。
    为什么重要
        读者需要先知道部门做什么、包括哪些单位，才能理解它的收支。
    反例
        “二、部门决算单位构成”下为空。
    正例
        “纳入……部门决算编制范围的预算单位包括：1. ……本级”。
    """

    id = "CP06"
    name = "completeness.overview"
    category = Category.COMPLETENESS
    severity = Severity.WARNING
    title = "主要职责与单位构成"
    message = "概况中{what}没有内容。"
    requires = "overview"

    def run(self, ctx: Context) -> Iterator[Hit]:
        anchor = _toc_source(ctx, ("概况",))
        if not ctx.report.duties:
            yield self.hit([anchor], what="“主要职责”")
        if not ctx.report.units:
            sections = [s for part in ctx.report.narrative.parts for s in part.walk() if "单位构成" in s.title or "机构设置" in s.title]
            # the units may be written as prose the reader did not list: look in that section only
            # (“本级” elsewhere, e.g. “市本级困难企业”, says nothing about the units)
            texts = [p.text for s in sections for p in s.all_paragraphs()]
            if not any("编制范围" in t or "本级" in t or "包括" in t for t in texts):
                yield self.hit([sections[0].source if sections else anchor], what="“决算单位构成”")


@register
class TotalsNotZero(Rule):
    """收支总计不为零。

    检查内容
        部门有支出（各表有金额）时，收入支出决算总表的收入总计和支出总计不为零。
    为什么重要
        “收入支出总计为 0”是上海检查表中发现的真实问题：总表漏填。
    反例
        03表本年支出合计 2,079.31，01表总计为空。
    正例
        01表总计 2,079.31。
    """

    id = "CP07"
    name = "completeness.totals-not-zero"
    category = Category.COMPLETENESS
    title = "总计不为零"
    message = "{table}的{side}总计为 0，而{other}有金额 {amount} 万元。"
    absence = False  # compares two printed figures; nothing is looked for

    def run(self, ctx: Context) -> Iterator[Hit]:
        t01 = ctx.report.table(TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
        t03 = ctx.report.table(TableKind.EXPENDITURE, ClassifiedTable)
        if t01 is None or t03 is None or t03.total is None:
            raise Absent("缺少收入支出决算总表或支出决算表")
        spent = cell_fig(t03.total.cells.get("本年支出合计"))
        if spent is None or spent.value == 0:
            return
        for side in (Side.INCOME, Side.EXPENDITURE):
            line = t01.line(side, "总计")
            fig = cell_fig(next(iter(line.cells.values()), None)) if line is not None and line.cells else None
            if fig is not None and fig.value == 0:
                yield self.hit([*fig.sources, *spent.sources], table=t01.kind.value, side=side.value, other=t03.kind.value, amount=spent.value)
