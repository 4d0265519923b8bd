"""KW — across documents (跨文档): this year's report against last year's, and a 部门决算 against
the 单位决算 of its units.

These rules need the other documents: the caller passes a :class:`~juesuan.check.history.History`
(the store, or reports given together). Without one, or when the other document is absent, they
report "could not check" and say which document is missing; they never count as passed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from juesuan.check.engine import Context, CouldNotCheck, Hit, NotApplicable, Rule, register
from juesuan.check.narrative import claims_of, figures_of
from juesuan.check.quantities import Fig, Verdict, cell_fig, compare, compare_percent, document_figures, line_fig
from juesuan.check.rules.text import change_subject_key
from juesuan.diagnostics import Category, Severity
from juesuan.figures import DECREASE_WORDS, INCREASE_WORDS, percent_interval
from juesuan.model.money import Interval, Unit
from juesuan.model.narrative import Fact, FactKind
from juesuan.model.provenance import Source
from juesuan.model.report import DocumentKind, Report
from juesuan.model.tables import FUNDS, BalanceTable, ClassifiedTable, Side, TableKind

if TYPE_CHECKING:  # the other documents are compared only when a history gives them (never for one file)
    from juesuan.check.history import History
    from juesuan.model.cells import Cell

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def _history(ctx: Context) -> History:
    if ctx.history is None:
        raise CouldNotCheck("没有提供其他文档：在文档库中审核（juesuan import）时才能核对")
    return ctx.history


def _last_year(ctx: Context) -> Report:
    """Last year's report of the same department and kind, or could-not-check saying which is missing."""

    def find() -> Report | None:
        return _history(ctx).last_year(ctx.report)

    year = ctx.report.metadata.year
    if year is None or not ctx.report.metadata.department:
        raise CouldNotCheck("文档的年度或单位名称不明，无法查找上年决算")
    previous = ctx.cache("documents:last-year", find)
    if previous is None:
        raise CouldNotCheck(f"{_history(ctx).describe()}中没有{ctx.report.metadata.department} {year - 1} 年度的{ctx.report.metadata.kind.value}")
    return previous


def _fact_fig(fact: Fact) -> Fig | None:
    amount = fact.amount()
    if amount is None:
        return None
    wan = amount.to(Unit.WANYUAN)
    return Fig(value=wan.value, interval=wan.interval, sources=(fact.source,))


#: Figures the narrative states that no table holds, read from a report's 其他重要事项.
_NARRATIVE_FIGURES = {"机关运行经费": lambda report: report.matters.operating_costs.amount if report.matters.operating_costs else None}


def _narrative_figure(subject: str, report: Report) -> tuple[str, Fig | None]:
    for name, read in _NARRATIVE_FIGURES.items():
        if name in subject:
            fact = read(report)
            return name, _fact_fig(fact) if fact is not None else None
    return subject, None


_UNNAMED = re.compile(r"与上年$|与\d{4}年度?$|较上年$|比上年$")


def _magnitude(interval: Interval) -> Interval:
    return interval if interval.lo >= 0 else -interval if interval.hi <= 0 else Interval(lo=ZERO, hi=max(-interval.lo, interval.hi))


@register
class LastYearChanges(Rule):
    """“与上年相比”的增减与上年公开的决算一致。

    检查内容
        情况说明中“与上年相比，X 增加（减少）A 万元，增长（下降）B%”和“与上年持平”，用同一部门上年公开的决算核对：
        上年数取上年决算表中与本年同一口径的 X（机关运行经费取上年情况说明所写的金额）；增减方向应与本年数减上年数的
        符号一致，增减额 A 应等于两数之差；增减额不符或文中只写增减率时，增减率 B 应等于两数之差 ÷ 上年数 × 100
        （增减额与增减率是否自洽由 TX03 核对）；两数相同时应写“持平”。
        库中没有上年决算时为“无法检查”。
    为什么重要
        单份文档只能核对增减额与增减率是否自洽；上年数抄错、用错年份或方向写反而前后一致时，只有对照上年公开的决算才能发现。
    反例
        上年决算收入总计 2,356.29 万元，本年 2,079.31 万元，情况说明却写“与上年相比，今年收入总计增加 276.98 万元”。
    正例
        “减少 276.98 万元，降低 11.76%”：2,356.29 − 2,079.31 = 276.98，276.98 ÷ 2,356.29 × 100 = 11.76。
    """

    id = "KW01"
    name = "documents.last-year-changes"
    category = Category.CROSS_DOCUMENT
    title = "与上年比较的增减与上年决算一致"
    message = "{subject}：{problem}"
    tolerance = "本年数、上年数和增减额各按印刷精度取区间，差额能由四舍五入解释时只作尾差提示；增减率与区间算出的范围（±半个末位）相交即算相符。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        changes = claims_of(ctx).changes
        if not changes:
            raise NotApplicable("情况说明中没有与上年的比较")
        previous = _last_year(ctx)
        this_figures = figures_of(ctx)
        last_figures = ctx.cache("documents:last-year-figures", lambda: document_figures(previous))
        for change in changes:
            said = _UNNAMED.sub("", change.subject).strip()
            if not said:
                # "3. 公务用车购置及运行费 0.00 万元，…。与上年持平": the item the paragraph is about
                said = next((f.label for f in change.unit.paragraph.facts if f.kind == FactKind.AMOUNT and f.start < change.word.start), "")
            subject, key = change_subject_key(ctx, said, change.unit.scope, change.unit.chain)
            if key is not None:
                this, last = this_figures.get(key), last_figures.get(key)
            else:
                # a figure only the narrative states, named in the clause or in its section's title
                subject, this = _narrative_figure(said + "".join(change.unit.chain[-1:]), ctx.report)
                _, last = _narrative_figure(subject, previous)
            if this is None or last is None:
                continue
            hit = self._verify(ctx, subject or "与上年比较", change.word, change.amount, change.rate_word, change.rate, this, last, previous)
            if hit is not None:
                yield hit

    def _verify(
        self,
        ctx: Context,
        subject: str,
        word: Fact,
        amount: Fact | None,
        rate_word: Fact | None,
        rate: Fact | None,
        this: Fig,
        last: Fig,
        previous: Report,
    ) -> Hit | None:
        said = word.word
        year = previous.metadata.year
        sources = [word.source, *(f.source for f in (amount, rate_word, rate) if f is not None), *this.sources, *last.sources]
        diff_value = this.value - last.value
        diff = this.interval - last.interval
        stated = f"上年（{year} 年度）决算为 {last.value} 万元，本年为 {this.value} 万元"
        if said == "持平":
            verdict = compare(this, last, ctx.amount_slack)
            if verdict is Verdict.EQUAL:
                return None
            actual = "增加" if diff_value > 0 else "减少"
            return self._hit(sources, verdict, subject, f"{stated}，{actual} {abs(diff_value)} 万元，并非持平。", "持平", f"{actual} {abs(diff_value)}")
        up = said in INCREASE_WORDS
        if said not in INCREASE_WORDS + DECREASE_WORDS:
            return None
        if diff_value == 0:
            return self._hit(sources, Verdict.DIFFERENT, subject, f"{stated}，两年相同，应写“持平”，文中写“{said}”。", "持平", said)
        definite = diff.lo > 0 or diff.hi < 0
        if definite and (diff_value > 0) != up:
            actual = "增加" if diff_value > 0 else "减少"
            return self._hit(sources, Verdict.DIFFERENT, subject, f"{stated}，实际{actual} {abs(diff_value)} 万元，文中写“{said}”。", actual, said)
        problems: list[tuple[Verdict, str]] = []
        magnitude = _magnitude(diff)
        if amount is not None and amount.value is not None:
            stated_amount = _fact_fig(amount) or Fig(value=amount.value, interval=amount.interval)
            verdict = compare(Fig(value=abs(diff_value), interval=magnitude), stated_amount, ctx.amount_slack)
            if verdict is not Verdict.EQUAL:
                problems.append((verdict, f"{said}额应为 {abs(diff_value)} 万元，文中为 {stated_amount.value} 万元"))
        # with the amount right, the rate is a matter of this document alone (TX03 checks it)
        if rate is not None and rate.value is not None and last.value != 0 and (amount is None or amount.value is None or problems):
            expected = percent_interval(magnitude, last.interval)
            exact = abs(diff_value) * HUNDRED / last.value
            verdict = compare_percent(rate.value, rate.places, expected, abs(exact), ctx.percent_slack)
            if verdict is not Verdict.EQUAL:
                problems.append((verdict, f"{rate_word.word if rate_word else '变动'}率应为 {abs(exact):.2f}%，文中为 {rate.value}%"))
        if not problems:
            return None
        worst = Verdict.DIFFERENT if any(v is Verdict.DIFFERENT for v, _ in problems) else Verdict.ROUNDING
        text = "；".join(p for v, p in problems if v is worst)
        return self._hit(sources, worst, subject, f"{stated}，{text}。", None, None)

    def _hit(self, sources: list[Source], verdict: Verdict, subject: str, problem: str, expected: str | None, actual: str | None) -> Hit:
        return self.hit(sources, rounding=verdict is Verdict.ROUNDING, subject=subject, problem=problem, expected=expected, actual=actual)


#: (table, this year's 年初 line, last year's 年末 line, last year's column) of the two-sided tables
_CARRYOVER_LINES: tuple[tuple[TableKind, str, str, str | None], ...] = (
    (TableKind.INCOME_EXPENDITURE_SUMMARY, "年初结转和结余", "年末结转和结余", None),
    (TableKind.FISCAL_SUMMARY, "年初财政拨款结转和结余", "年末财政拨款结转和结余", "支出/合计"),
    *((TableKind.FISCAL_SUMMARY, f"年初财政拨款结转和结余/{fund}", f"年末财政拨款结转和结余/{fund}", "支出/合计") for fund in FUNDS),
)
_CARRYOVER_TABLES = (TableKind.GOV_FUND, TableKind.STATE_CAPITAL)


@register
class Carryover(Rule):
    """本年年初结转和结余等于上年年末结转和结余。

    检查内容
        本年收入支出决算总表的“年初结转和结余”等于上年的“年末结转和结余”；本年财政拨款收入支出决算总表的“年初财政拨款结转和结余”
        （及一般公共预算、政府性基金预算、国有资本经营预算三项）等于上年的“年末财政拨款结转和结余”；政府性基金、国有资本经营
        预算财政拨款表的年初结转和结余（合计及两年都有的科目）等于上年的年末数。库中没有上年决算时为“无法检查”。
    为什么重要
        结转和结余是连续的：上年留下多少，本年就从多少开始。不相等说明其中一年的表填错，或有年初调整却没有说明。
    反例
        上年年末结转和结余 120.00 万元，本年收入支出决算总表“年初结转和结余”为 102.00 万元。
    正例
        上年年末结转和结余 0.00 万元，本年年初结转和结余为空（即 0）。
    """

    id = "KW02"
    name = "documents.carryover"
    category = Category.CROSS_DOCUMENT
    severity = Severity.WARNING
    title = "年初结转和结余等于上年年末数"
    message = "{place}：本年年初 {this} 万元，上年（{year} 年度）年末 {last} 万元，相差 {difference} 万元；如有年初调整，应在说明中写明原因。"
    tolerance = "两数各按印刷精度取区间，相交只作尾差提示。空白按 0 计。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        previous = _last_year(ctx)
        year = previous.metadata.year
        compared = False
        for kind, opening, closing, column in _CARRYOVER_LINES:
            this_table = ctx.report.table(kind, BalanceTable)
            last_table = previous.table(kind, BalanceTable)
            this = line_fig(this_table, Side.INCOME, opening)
            last = line_fig(last_table, Side.EXPENDITURE, closing, column=column)
            if this is None or last is None:
                continue
            compared = True
            yield from self._compare(ctx, f"{kind.value}/{opening}", this, last, year)
        for kind in _CARRYOVER_TABLES:
            this_fund = ctx.report.table(kind, ClassifiedTable)
            last_fund = previous.table(kind, ClassifiedTable)
            if this_fund is None or last_fund is None:
                continue
            if "年初结转和结余" not in this_fund.columns or "年末结转和结余" not in last_fund.columns:
                continue
            for row in this_fund.rows:
                other = last_fund.total if row.code is None else last_fund.row(row.code.value)
                if other is None:
                    continue
                this = cell_fig(row.cells.get("年初结转和结余"))
                last = cell_fig(other.cells.get("年末结转和结余"))
                if this is None or last is None:
                    continue
                compared = True
                yield from self._compare(ctx, f"{kind.value}/{row.code.value if row.code else '合计'}", this, last, year)
        if not compared:
            raise CouldNotCheck("本年或上年决算中没有结转和结余的数字")

    def _compare(self, ctx: Context, place: str, this: Fig, last: Fig, year: int | None) -> Iterator[Hit]:
        verdict = compare(this, last, ctx.amount_slack)
        if verdict is Verdict.EQUAL:
            return
        yield self.hit(
            (*this.sources, *last.sources),
            rounding=verdict is Verdict.ROUNDING,
            place=place,
            this=this.value,
            last=last.value,
            year=year,
            expected=last.value,
            actual=this.value,
            difference=this.value - last.value,
        )


#: Tables of 财政拨款 only: no unit of a department receives these from another, so the
#: department's figures are the sums of its units' in every cell.
_FISCAL_TABLES = frozenset(
    kind.value
    for kind in (
        TableKind.FISCAL_SUMMARY,
        TableKind.GENERAL_EXPENDITURE,
        TableKind.GENERAL_BASIC,
        TableKind.THREE_PUBLIC,
        TableKind.GOV_FUND,
        TableKind.STATE_CAPITAL,
        TableKind.FISCAL_EXPENDITURE,
    )
)
#: Tables of all funds: their sums hold only when no money moved between the units
_ALL_FUNDS_TABLES = frozenset(kind.value for kind in (TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.INCOME, TableKind.EXPENDITURE))
#: the lines and columns of money moving between a department's units (上级补助, 附属单位上缴 …)
_INTERNAL = ("上级补助收入", "附属单位上缴收入", "上缴上级支出", "对附属单位补助支出")
_BALANCE_TABLES = frozenset(kind.value for kind in (TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.FISCAL_SUMMARY))


def _cell_key(cell: Cell) -> tuple[str, str, str]:
    row = cell.row_label if cell.table in _BALANCE_TABLES else (cell.row_code or cell.row_label)
    return (cell.table, row, cell.column)


def _money_cells(report: Report) -> dict[tuple[str, str, str], Cell]:
    from juesuan.model.cells import report_cells  # loaded when the other documents are there to compare

    return {_cell_key(c): c for c in report_cells(report) if c.money}


def _has_internal_flows(cells: dict[tuple[str, str, str], Cell]) -> bool:
    return any(cell.value != 0 and any(word in key[1] or word in key[2] for word in _INTERNAL) for key, cell in cells.items())


@register
class Consolidation(Rule):
    """部门决算等于所属各单位单位决算之和。

    检查内容
        部门决算列出的决算单位构成中，每个单位（“本级”即部门机关本身）的同年度单位决算都在库中时，部门决算财政拨款各表
        （财政拨款收入支出决算总表、一般公共预算财政拨款支出表及基本支出表、“三公”经费表、政府性基金和国有资本经营预算表）
        的每个数字应等于各单位同一位置数字之和；各单位之间没有上级补助、附属单位上缴等往来时，收入支出决算总表、收入决算表和
        支出决算表也逐格核对。缺少任何一个单位的单位决算时为“无法检查”。
    为什么重要
        部门决算是所属单位决算的汇总。汇总后某个单位的数字被改动、漏汇或重复汇总，单看部门决算或单位决算都发现不了。
    反例
        部门决算一般公共预算财政拨款支出合计 2,079.31 万元，本级 1,500.00 万元、所属学校 479.31 万元，合计 1,979.31 万元。
    正例
        部门 2,079.31 万元 = 本级 1,600.00 万元 + 所属学校 479.31 万元。
    """

    id = "KW03"
    name = "documents.consolidation"
    category = Category.CROSS_DOCUMENT
    title = "部门决算等于所属单位决算之和"
    message = "{place}：部门决算为 {department} 万元，{count} 个单位的单位决算合计 {total} 万元（{parts}），相差 {difference} 万元。"
    tolerance = "各单位数字按印刷精度取区间后相加，与部门数字的区间相交只作尾差提示；空白按 0 计。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        report = ctx.report
        if report.metadata.kind is not DocumentKind.DEPARTMENT_FINAL:
            raise NotApplicable("单位决算不是汇总数，无需与下级单位核对")
        if not report.units:
            raise CouldNotCheck("文档没有列出决算单位构成")
        history = _history(ctx)
        units: list[tuple[str, Report]] = []
        missing: list[str] = []
        for unit in report.units:
            found = history.unit_report(report, unit.name)
            if found is None:
                missing.append(unit.name)
            else:
                units.append((unit.name, found))
        if missing:
            raise CouldNotCheck(f"{history.describe()}中缺少 {report.metadata.year or ''} 年度以下单位的单位决算：{'、'.join(missing)}")
        department = _money_cells(report)
        unit_cells = [(name, _money_cells(found)) for name, found in units]
        tables = {k.value for k in TableKind if report.table(k) is not None and all(found.table(k) is not None for _, found in units)}
        if not any(_has_internal_flows(cells) for cells in (department, *(c for _, c in unit_cells))):
            allowed = _FISCAL_TABLES | _ALL_FUNDS_TABLES
        else:
            allowed = _FISCAL_TABLES
        keys = sorted({key for cells in (department, *(c for _, c in unit_cells)) for key in cells if key[0] in allowed and key[0] in tables})
        if not keys:
            raise CouldNotCheck("部门决算与单位决算没有可以逐格核对的共同表格")
        for key in keys:
            yield from self._compare(ctx, key, department.get(key), [(name, cells.get(key)) for name, cells in unit_cells])

    def _compare(self, ctx: Context, key: tuple[str, str, str], own: Cell | None, parts: list[tuple[str, Cell | None]]) -> Iterator[Hit]:
        mine = _cell_fig(own)
        total = ZERO
        lo = hi = ZERO
        sources: list[Source] = [] if own is None else [own.source]
        shown: list[str] = []
        for name, cell in parts:
            fig = _cell_fig(cell)
            total += fig.value
            lo += fig.interval.lo
            hi += fig.interval.hi
            shown.append(f"{name} {fig.value}")
            if cell is not None:
                sources.append(cell.source)
        summed = Fig(value=total, interval=Interval(lo=lo, hi=hi))
        verdict = compare(mine, summed, ctx.amount_slack)
        if verdict is Verdict.EQUAL:
            return
        if own is None and not sources:
            return
        table, row, column = key
        yield self.hit(
            sources,
            rounding=verdict is Verdict.ROUNDING,
            place=f"{table}/{row}/{column}",
            department=mine.value,
            count=len(parts),
            total=total,
            parts="、".join(shown),
            expected=total,
            actual=mine.value,
            difference=mine.value - total,
        )


def _cell_fig(cell: Cell | None) -> Fig:
    if cell is None:
        return Fig.exact(ZERO)
    return Fig(value=cell.value, interval=Interval.around(cell.value, cell.step), sources=(cell.source,))
