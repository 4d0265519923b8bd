"""XT — identities between tables (表间)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from juesuan.check.engine import Absent, Context, CouldNotCheck, Hit, Rule, register
from juesuan.check.identity import check_equal, check_not_above, check_sum, require_table, row_fig
from juesuan.check.quantities import Fig, cell_fig, line_fig, sum_figs, total_fig
from juesuan.diagnostics import Category, Severity
from juesuan.model.tables import (
    FUNDS,
    BalanceTable,
    BasicExpenditureTable,
    ClassifiedTable,
    Side,
    TableKind,
    ThreePublicItem,
    ThreePublicTable,
)


@register
class SummaryVsIncome(Rule):
    """收入支出决算总表的收入与收入决算表一致。

    检查内容
        公开01表本年收入合计 = 公开02表合计行的本年收入合计；01表一般公共预算、政府性基金、国有资本经营三项财政拨款收入之和 = 02表财政拨款收入；
        上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入分别等于02表合计行的对应列。
    为什么重要
        两张表来自同一套账，收入口径不一致说明其中一张表被单独改动过。
    反例
        01表本年收入合计 2,079.31，02表合计 2,097.31。
    正例
        01表本年收入合计 2,079.31 = 02表合计 2,079.31。
    """

    id = "XT01"
    name = "cross.summary-vs-income"
    category = Category.CROSS_TABLE
    title = "总表收入与收入决算表一致"
    message = "{what}：收入支出决算总表为 {actual}，收入决算表为 {expected}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t01 = require_table(ctx, TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
        t02 = require_table(ctx, TableKind.INCOME, ClassifiedTable)
        if t02.total is None:
            raise CouldNotCheck("收入决算表没有合计行")
        yield from check_equal(self, ctx, line_fig(t01, Side.INCOME, "本年收入合计"), total_fig(t02, "本年收入合计"), what="本年收入合计")
        fiscal = [line_fig(t01, Side.INCOME, k + "收入") for k in FUNDS]
        if any(f is not None for f in fiscal):
            yield from check_equal(self, ctx, sum_figs(fiscal), total_fig(t02, "财政拨款收入"), what="财政拨款收入（三项财政拨款之和）")
        else:
            yield from check_equal(self, ctx, line_fig(t01, Side.INCOME, "财政拨款收入"), total_fig(t02, "财政拨款收入"), what="财政拨款收入")
        for key in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
            if key in t02.columns:
                yield from check_equal(self, ctx, line_fig(t01, Side.INCOME, key), total_fig(t02, key), what=key)


@register
class SummaryVsExpenditure(Rule):
    """收入支出决算总表的支出与支出决算表一致。

    检查内容
        公开01表本年支出合计 = 公开03表合计行的本年支出合计；01表每个功能分类类级支出 = 03表该类的本年支出合计。
    为什么重要
        同一笔支出在两张表里必须一样多。
    反例
        01表“社会保障和就业支出”1,968.10，03表 208 类 1,978.11。
    正例
        01表 1,968.10，03表 1,968.11：相差 0.01，为万元换算的尾差。
    """

    id = "XT02"
    name = "cross.summary-vs-expenditure"
    category = Category.CROSS_TABLE
    title = "总表支出与支出决算表一致"
    message = "{what}：收入支出决算总表为 {actual}，支出决算表为 {expected}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t01 = require_table(ctx, TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
        t03 = require_table(ctx, TableKind.EXPENDITURE, ClassifiedTable)
        yield from check_equal(self, ctx, line_fig(t01, Side.EXPENDITURE, "本年支出合计"), total_fig(t03, "本年支出合计"), what="本年支出合计")
        yield from _classes(self, ctx, t01, None, t03, "本年支出合计")


def _classes(rule: Rule, ctx: Context, summary: BalanceTable, column: str | None, table: ClassifiedTable, table_column: str) -> Iterator[Hit]:
    seen: set[str] = set()
    for line in summary.side(Side.EXPENDITURE):
        if line.code is None:
            continue
        col = column or next(iter(line.cells), None)
        left = cell_fig(line.cells.get(col)) if col else None
        if left is None:
            continue
        seen.add(line.code.value)
        row = table.row(line.code.value)
        right = row_fig(row, table_column) if row is not None else Fig.exact(Decimal(0), [table.source])
        if right is None:
            continue
        yield from check_equal(rule, ctx, left, right, what=f"{line.code.value} {line.key}")
    for row in table.coded_rows:
        if row.code is None or len(row.code.value) != 3 or row.code.value in seen:
            continue
        fig = row_fig(row, table_column)
        if fig is not None and fig.value != 0:
            yield from check_equal(rule, ctx, Fig.exact(Decimal(0), [summary.source]), fig, what=f"{row.code.value} {row.label}（总表中没有此类）")


@register
class SummaryVsFiscalIncome(Rule):
    """收入支出决算总表的三项财政拨款收入与财政拨款收入支出决算总表一致。

    检查内容
        公开01表的一般公共预算、政府性基金预算、国有资本经营预算财政拨款收入分别等于公开04表收入方的对应三项。
    为什么重要
        财政拨款收入是两张表共同的起点。
    反例
        01表一般公共预算财政拨款收入 2,079.31，04表 2,070.31。
    正例
        两表均为 2,079.31。
    """

    id = "XT03"
    name = "cross.summary-vs-fiscal-income"
    category = Category.CROSS_TABLE
    title = "总表财政拨款收入与财政拨款总表一致"
    message = "{what}：收入支出决算总表为 {actual}，财政拨款收入支出决算总表为 {expected}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t01 = require_table(ctx, TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
        t04 = require_table(ctx, TableKind.FISCAL_SUMMARY, BalanceTable)
        for fund in FUNDS:
            yield from check_equal(self, ctx, line_fig(t01, Side.INCOME, fund + "收入"), line_fig(t04, Side.INCOME, fund, fund + "收入"), what=fund + "收入")


@register
class FiscalVsGeneral(Rule):
    """财政拨款收入支出决算总表的一般公共预算支出与一般公共预算财政拨款支出决算表一致。

    检查内容
        公开04表“一般公共预算财政拨款”列的本年支出合计 = 公开05表合计；该列每个类级支出 = 05表该类的合计。
    为什么重要
        05表是04表一般公共预算一栏的明细。
    反例
        04表住房保障支出（一般公共预算）66.63，05表 221 类 76.63。
    正例
        两表均为 66.63。
    """

    id = "XT04"
    name = "cross.fiscal-vs-general"
    category = Category.CROSS_TABLE
    title = "财政拨款总表与一般公共预算支出表一致"
    message = "{what}：财政拨款收入支出决算总表（一般公共预算财政拨款）为 {actual}，一般公共预算财政拨款支出决算表为 {expected}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t04 = require_table(ctx, TableKind.FISCAL_SUMMARY, BalanceTable)
        t05 = require_table(ctx, TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
        column = "支出/一般公共预算财政拨款"
        yield from check_equal(self, ctx, line_fig(t04, Side.EXPENDITURE, "本年支出合计", column=column), total_fig(t05, "合计"), what="本年支出合计")
        yield from _classes(self, ctx, t04, column, t05, "合计")


@register
class GeneralVsBasic(Rule):
    """一般公共预算财政拨款基本支出 = 人员经费合计 + 公用经费合计。

    检查内容
        公开05表合计行的基本支出 = 公开06表人员经费合计 + 公用经费合计。
    为什么重要
        06表是05表基本支出的经济分类明细，两者必须相等。
    反例
        05表基本支出 1,018.34，06表 748.69 + 279.65 = 1,028.34。
    正例
        1,018.34 = 748.69 + 269.65。
    """

    id = "XT05"
    name = "cross.general-vs-basic"
    category = Category.CROSS_TABLE
    title = "基本支出与基本支出表一致"
    message = "一般公共预算财政拨款支出决算表的基本支出为 {actual}，基本支出决算表人员经费合计与公用经费合计之和为 {expected}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t05 = require_table(ctx, TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
        t06 = require_table(ctx, TableKind.GENERAL_BASIC, BasicExpenditureTable)
        parts = [cell_fig(t06.personnel_total), cell_fig(t06.public_total)]
        if all(p is None for p in parts):
            parts = [cell_fig(i.cell) for i in t06.items if len(i.code.value) == 3]
        yield from check_sum(self, ctx, total_fig(t05, "基本支出"), parts)


@register
class FiscalVsFunds(Rule):
    """财政拨款收入支出决算总表的政府性基金、国有资本经营两栏与08、09表一致。

    检查内容
        公开04表“政府性基金预算财政拨款”列的本年支出合计 = 公开08表合计的本年支出；收入方政府性基金预算财政拨款 = 08表本年收入；
        年初、年末结转和结余的政府性基金一项 = 08表年初、年末结转和结余；“国有资本经营预算财政拨款”列 = 公开09表。
    为什么重要
        08、09表是04表对应两栏的明细；两栏为零时，08、09表应为空表。
    反例
        04表政府性基金支出 120.00，08表合计为空。
    正例
        04表政府性基金为 0，08表为空表并有说明。
    """

    id = "XT06"
    name = "cross.fiscal-vs-funds"
    category = Category.CROSS_TABLE
    title = "财政拨款总表与基金表一致"
    message = "{what}：财政拨款收入支出决算总表为 {actual}，{table}为 {expected}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t04 = require_table(ctx, TableKind.FISCAL_SUMMARY, BalanceTable)
        found = False
        for kind, fund in ((TableKind.GOV_FUND, "政府性基金预算财政拨款"), (TableKind.STATE_CAPITAL, "国有资本经营预算财政拨款")):
            table = ctx.report.table(kind, ClassifiedTable)
            if table is None:
                continue
            found = True
            zero = Fig.exact(Decimal(0), [table.source])
            spent = total_fig(table, "本年支出合计") if table.total is not None else zero
            yield from check_equal(self, ctx, line_fig(t04, Side.EXPENDITURE, "本年支出合计", column=f"支出/{fund}"), spent, what=f"{fund}本年支出", table=kind.value)
            if "本年收入" in table.columns:
                received = total_fig(table, "本年收入") if table.total is not None else zero
                yield from check_equal(self, ctx, line_fig(t04, Side.INCOME, fund, fund + "收入"), received, what=f"{fund}本年收入", table=kind.value)
            if "年初结转和结余" in table.columns:
                start = total_fig(table, "年初结转和结余") if table.total is not None else zero
                yield from check_equal(self, ctx, line_fig(t04, Side.INCOME, f"年初财政拨款结转和结余/{fund}"), start, what=f"{fund}年初结转和结余", table=kind.value)
            if "年末结转和结余" in table.columns:
                end = total_fig(table, "年末结转和结余") if table.total is not None else zero
                yield from check_equal(
                    self, ctx, line_fig(t04, Side.EXPENDITURE, f"年末财政拨款结转和结余/{fund}", column="支出/合计"), end, what=f"{fund}年末结转和结余", table=kind.value
                )
        if not found:
            raise Absent("文档中没有政府性基金或国有资本经营预算财政拨款表")


@register
class GeneralWithinExpenditure(Rule):
    """一般公共预算财政拨款支出不超过全部支出（05表 ≤ 03表）。

    检查内容
        对每个功能分类科目，公开05表的合计、基本支出、项目支出分别不大于公开03表同一科目的本年支出合计、基本支出、项目支出；05表出现的科目必须也出现在03表。
    为什么重要
        05表只是03表中一般公共预算财政拨款安排的那一部分，子集不可能大于全集。
    反例
        2080109 社会保险经办机构：05表项目支出 26.50，03表项目支出 16.50。
    正例
        05表 26.50 ≤ 03表 26.50。
    """

    id = "XT07"
    name = "cross.general-within-expenditure"
    category = Category.CROSS_TABLE
    title = "一般公共预算支出不超过全部支出"
    message = "{code} {label}（{column}）：一般公共预算财政拨款支出决算表为 {actual}，大于支出决算表的 {expected}，超出 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t03 = require_table(ctx, TableKind.EXPENDITURE, ClassifiedTable)
        t05 = require_table(ctx, TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
        pairs = (("合计", "本年支出合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出"))
        for row in t05.coded_rows:
            if row.code is None:
                continue
            other = t03.row(row.code.value)
            for c05, c03 in pairs:
                mine = row_fig(row, c05)
                if mine is None or mine.value == 0:
                    continue
                theirs = row_fig(other, c03) if other is not None else Fig.exact(Decimal(0), [t03.source])
                yield from check_not_above(self, ctx, mine, theirs, code=row.code.value, label=row.label, column=c05)


@register
class BasicVsThreePublic(Rule):
    """基本支出中的“三公”经费科目不超过“三公”经费决算数。

    检查内容
        公开06表的 30212 因公出国（境）费用 ≤ 公开07表因公出国（境）费决算数；30217 公务接待费 ≤ 公务接待费决算数；
        30231 公务用车运行维护费 ≤ 公务用车运行维护费决算数；31013 公务用车购置 ≤ 公务用车购置费决算数（07表还包括项目支出中的“三公”经费）。
    为什么重要
        基本支出里列支了“三公”经费而“三公”表为零，是审计常见问题。
    反例
        06表 30217 公务接待费 1.20，07表公务接待费决算数 0.00。
    正例
        06表 30217 公务接待费 0.80 ≤ 07表 1.20。
    """

    id = "XT08"
    name = "cross.basic-vs-three-public"
    category = Category.CROSS_TABLE
    title = "基本支出中的三公科目不超过三公决算"
    message = "基本支出决算表 {code} {label}为 {actual}，大于“三公”经费支出决算表{item}决算数 {expected}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t06 = require_table(ctx, TableKind.GENERAL_BASIC, BasicExpenditureTable)
        t07 = require_table(ctx, TableKind.THREE_PUBLIC, ThreePublicTable)
        pairs = (
            ("30212", ThreePublicItem.OVERSEAS),
            ("30217", ThreePublicItem.RECEPTION),
            ("30231", ThreePublicItem.VEHICLE_OPERATION),
            ("31013", ThreePublicItem.VEHICLE_PURCHASE),
        )
        for code, item in pairs:
            basic = t06.item(code)
            row = t07.get(item)
            if basic is None or basic.cell.amount is None:
                continue
            theirs = cell_fig(row.actual) if row is not None else Fig.exact(Decimal(0), [t07.source])
            yield from check_not_above(self, ctx, cell_fig(basic.cell), theirs, code=code, label=basic.name, item=item.value)


@register
class OperatingCostsWithinPublic(Rule):
    """机关运行经费不超过公用经费。

    检查内容
        情况说明中的机关运行经费支出，不大于公开06表的公用经费合计（机关运行经费是行政单位和参公事业单位一般公共预算财政拨款基本支出中的公用经费）。
    为什么重要
        机关运行经费是预算法要求单独说明的事项；大于公用经费说明口径或数字有误。
    反例
        机关运行经费 300.00 万元，公用经费合计 269.65 万元。
    正例
        事业单位：机关运行经费 0.00 万元。
    """

    id = "XT09"
    name = "cross.operating-costs-within-public"
    category = Category.CROSS_TABLE
    title = "机关运行经费不超过公用经费"
    message = "情况说明中的机关运行经费 {actual} 万元，大于基本支出决算表的公用经费合计 {expected} 万元。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        matters = ctx.report.matters.operating_costs
        if matters is None or matters.amount is None or matters.amount.value is None:
            raise CouldNotCheck("情况说明中没有找到机关运行经费的金额")
        t06 = require_table(ctx, TableKind.GENERAL_BASIC, BasicExpenditureTable)
        public = cell_fig(t06.public_total)
        if public is None:
            raise CouldNotCheck("基本支出决算表没有公用经费合计")
        stated = matters.amount.interval
        if stated.lo > public.interval.hi + ctx.amount_slack:
            yield self.hit((matters.amount.source, *public.sources), actual=matters.amount.value, expected=public.value, difference=matters.amount.value - public.value)
        text = matters.paragraph.text if matters.paragraph is not None else ""
        if matters.amount.value != 0 and ("无机关运行经费" in text or "没有机关运行经费" in text):
            yield Hit(
                message=f"情况说明称本单位无机关运行经费，却写机关运行经费支出 {matters.amount.value} 万元。",
                sources=(matters.amount.source,),
                actual=matters.amount.value,
                expected=Decimal(0),
            )


@register
class ProjectsWithinProjectSpending(Rule):
    """自评项目的执行数不超过项目支出。

    检查内容
        全部预算项目（政策）绩效自评表的全年执行数之和，不大于公开03表的项目支出合计。
    为什么重要
        自评项目是项目支出的一部分；执行数之和超过项目支出，说明自评表的金额或口径有误。
    反例
        九个自评项目执行数合计 1,140.35 万元，项目支出 1,060.97 万元。
    正例
        九个自评项目执行数合计 1,040.35 万元 ≤ 项目支出 1,060.97 万元。
    """

    id = "XT10"
    name = "cross.projects-within-project-spending"
    category = Category.CROSS_TABLE
    title = "自评项目执行数不超过项目支出"
    message = "预算项目绩效自评表的全年执行数合计 {actual} 万元，大于支出决算表的项目支出 {expected} 万元。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        if not ctx.report.projects:
            raise Absent("文档中没有预算项目绩效自评表")
        t03 = require_table(ctx, TableKind.EXPENDITURE, ClassifiedTable)
        projects = total_fig(t03, "项目支出")
        if projects is None:
            raise CouldNotCheck("支出决算表没有项目支出合计")
        spent = [p.spent for p in ctx.report.projects if p.spent.value is not None]
        if not spent:
            raise CouldNotCheck("自评表中没有全年执行数")
        total = sum((s.value for s in spent if s.value is not None), Decimal(0))
        low = sum((s.interval.lo for s in spent if s.interval is not None), Decimal(0))
        if low > projects.interval.hi + ctx.amount_slack:
            yield self.hit([*(s.source for s in spent), *projects.sources], actual=total, expected=projects.value, difference=total - projects.value)


@register
class CodesCarriedAcross(Rule):
    """一般公共预算财政拨款支出的科目在支出决算表中都有。

    检查内容
        公开05表中金额不为零的每个功能分类科目，都出现在公开03表中；公开03表中金额不为零的科目，都出现在公开02表或有相应说明。
    为什么重要
        科目漏列会使逐项核对失效，也常是改科目编码时只改了一张表。
    反例
        05表有 2080109，03表没有。
    正例
        05表的 11 个项级科目在03表中全部出现。
    """

    id = "XT11"
    name = "cross.codes-carried-across"
    category = Category.CROSS_TABLE
    title = "科目在各表间一致出现"
    message = "{code} {label}出现在{here}中（{amount} 万元），但{there}中没有这个科目。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t03 = require_table(ctx, TableKind.EXPENDITURE, ClassifiedTable)
        t05 = ctx.report.table(TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
        t02 = ctx.report.table(TableKind.INCOME, ClassifiedTable)
        pairs = []
        if t05 is not None:
            pairs.append((t05, t03, "合计"))
        if t02 is not None:
            pairs.append((t03, t02, "本年支出合计"))
        for here, there, column in pairs:
            codes = {r.code.value for r in there.coded_rows if r.code is not None}
            for row in here.coded_rows:
                if row.code is None or row.code.value in codes:
                    continue
                fig = row_fig(row, column)
                if fig is None or fig.value == 0:
                    continue
                yield self.hit([row.source, there.source], code=row.code.value, label=row.label, here=here.kind.value, there=there.kind.value, amount=fig.value)


@register
class CarryoverWithinTotal(Rule):
    """财政拨款结转和结余不超过全部结转和结余。

    检查内容
        公开04表的年初（年末）财政拨款结转和结余，不大于公开01表的年初（年末）结转和结余。
    为什么重要
        财政拨款结转结余是全部结转结余的一部分。
    反例
        04表年末财政拨款结转和结余 21.63，01表年末结转和结余 0。
    正例
        04表 21.63 ≤ 01表 55.34。
    """

    id = "XT12"
    name = "cross.carryover-within-total"
    category = Category.CROSS_TABLE
    severity = Severity.ERROR
    title = "财政拨款结转结余不超过全部结转结余"
    message = "{what}：财政拨款收入支出决算总表为 {actual}，大于收入支出决算总表的 {expected}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t01 = require_table(ctx, TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
        t04 = require_table(ctx, TableKind.FISCAL_SUMMARY, BalanceTable)
        pairs = (
            ("年初结转和结余", line_fig(t04, Side.INCOME, "年初财政拨款结转和结余"), line_fig(t01, Side.INCOME, "年初结转和结余")),
            ("年末结转和结余", line_fig(t04, Side.EXPENDITURE, "年末财政拨款结转和结余", column="支出/合计"), line_fig(t01, Side.EXPENDITURE, "年末结转和结余")),
        )
        for what, fiscal, total in pairs:
            yield from check_not_above(self, ctx, fiscal, total, what=what)
