"""TB — identities inside one table (表内)."""

from __future__ import annotations

from collections.abc import Iterator

from juesuan.check.engine import Absent, Context, Hit, NotApplicable, Rule, register
from juesuan.check.identity import check_sum, classified_tables, require_table, row_fig
from juesuan.check.quantities import cell_fig, line_fig
from juesuan.diagnostics import Category, Severity
from juesuan.model.tables import (
    FUNDS,
    BalanceTable,
    BasicExpenditureTable,
    ClassifiedRow,
    ClassifiedTable,
    Side,
    TableKind,
    ThreePublicItem,
    ThreePublicTable,
)


@register
class ClassSum(Rule):
    """类 = Σ款，款 = Σ项（按功能分类科目编码逐列核对）。

    检查内容
        公开02/03/05/08/09表（及高校各表）中，每个类的金额等于其下各款之和，每个款的金额等于其下各项之和，逐个金额列核对。
        科目的上下级由编码决定：款的前三位是类，项的前五位是款。
    为什么重要
        分级汇总是决算软件自动生成的，手工改动某一行后最容易漏改上级行；上级与下级不符，说明至少有一个数字是错的。
    反例
        20805 行政事业单位养老支出 120.48，其下各项 26.16 + 80.69 + 13.73 = 120.58。
    正例
        20805 行政事业单位养老支出 120.48 = 26.16 + 80.69 + 13.63。
    """

    id = "TB01"
    name = "table.class-sum"
    category = Category.TABLE
    severity = Severity.ERROR
    title = "上级科目等于下级科目之和"
    message = "{table}：{code} {label}的“{column}”为 {actual}，其下级科目合计为 {expected}，相差 {difference}。"
    tolerance = "每个数字按其印刷精度视为区间；若取区间内的值能使等式成立，只报“尾差”提示。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        tables = classified_tables(ctx.report)
        if not tables:
            raise Absent("文档中没有按功能分类列示的决算表")
        for table in tables:
            rows = table.coded_rows
            # a 类's 款 and a 款's 项, in the table's order: the code two digits longer that starts with it
            children_of: dict[str, list[ClassifiedRow]] = {}
            for row in rows:
                if row.code is not None and len(row.code.value) in (5, 7):
                    children_of.setdefault(row.code.value[:-2], []).append(row)
            for parent in rows:
                if parent.code is None or len(parent.code.value) not in (3, 5):
                    continue
                children = children_of.get(parent.code.value)
                if not children:
                    continue
                for column in table.columns:
                    yield from check_sum(
                        self,
                        ctx,
                        row_fig(parent, column),
                        [row_fig(c, column) for c in children],
                        table=table.kind.value,
                        code=parent.code.value,
                        label=parent.label,
                        column=column,
                    )


@register
class TotalSum(Rule):
    """合计 = Σ类。

    检查内容
        公开02/03/05/08/09表（及高校各表）的“合计”行，逐列等于各类（三位编码）之和。
    为什么重要
        合计行是读者最先看的数字，也是表间核对的起点；它与各类之和不符，说明漏了一类或改错了数。
    反例
        合计 2,079.31，各类 1,968.11 + 44.58 + 76.63 = 2,089.32。
    正例
        合计 2,079.31，各类 1,968.11 + 44.58 + 66.63 = 2,079.32，相差 0.01 为尾差。
    """

    id = "TB02"
    name = "table.total-sum"
    category = Category.TABLE
    title = "合计等于各类之和"
    message = "{table}：“合计”行“{column}”为 {actual}，各类合计为 {expected}，相差 {difference}。"
    tolerance = "区间比较，见 TB01。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        tables = classified_tables(ctx.report)
        if not tables:
            raise Absent("文档中没有按功能分类列示的决算表")
        for table in tables:
            total = table.total
            classes = [r for r in table.coded_rows if r.code is not None and len(r.code.value) == 3]
            if total is None or not classes:
                continue
            for column in table.columns:
                yield from check_sum(self, ctx, row_fig(total, column), [row_fig(c, column) for c in classes], table=table.kind.value, column=column)


def _row_name(row: ClassifiedRow) -> str:
    """A row as a message names it: "2080505 机关事业单位基本养老保险缴费支出", or the label alone."""
    return f"{row.code.value} {row.label}" if row.code else row.label


def _row_identity(rule: Rule, ctx: Context, table: ClassifiedTable, total_column: str, parts: tuple[str, ...]) -> Iterator[Hit]:
    present = [p for p in parts if p in table.columns]
    if total_column not in table.columns or not present:
        return
    for row in table.rows:
        yield from check_sum(
            rule,
            ctx,
            row_fig(row, total_column),
            [row_fig(row, p) for p in present],
            table=table.kind.value,
            row=_row_name(row),
            column=total_column,
            items="+".join(present),
        )


@register
class IncomeRowSum(Rule):
    """收入决算表每行：本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入。

    检查内容
        公开02表每一行（含合计行），“本年收入合计”等于各收入来源列之和；“其中”列（如其中：教育收费）不参与求和。
    为什么重要
        行内不平说明某一收入来源填错了列或漏填。
    反例
        208 社会保障和就业支出：本年收入合计 1,968.11，财政拨款收入 1,958.11，其他各列为空。
    正例
        208 社会保障和就业支出：本年收入合计 1,968.11 = 财政拨款收入 1,968.11。
    """

    id = "TB03"
    name = "table.income-row-sum"
    category = Category.TABLE
    title = "收入决算表行内平衡"
    message = "{table}：{row}的“{column}”为 {actual}，{items}合计为 {expected}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        table = require_table(ctx, TableKind.INCOME, ClassifiedTable)
        yield from _row_identity(self, ctx, table, "本年收入合计", ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"))


@register
class ExpenditureRowSum(Rule):
    """支出决算表每行：本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出。

    检查内容
        公开03表每一行（含合计行）的行内平衡。
    为什么重要
        基本支出与项目支出的划分是决算公开的核心信息之一，行内不平说明划分有误。
    反例
        2080502 事业单位离退休：本年支出合计 26.16，基本支出 7.53，项目支出 19.63。
    正例
        2080502 事业单位离退休：26.16 = 7.53 + 18.63。
    """

    id = "TB04"
    name = "table.expenditure-row-sum"
    category = Category.TABLE
    title = "支出决算表行内平衡"
    message = "{table}：{row}的“{column}”为 {actual}，{items}合计为 {expected}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        table = require_table(ctx, TableKind.EXPENDITURE, ClassifiedTable)
        yield from _row_identity(self, ctx, table, "本年支出合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"))


@register
class GeneralRowSum(Rule):
    """一般公共预算财政拨款支出决算表每行：合计（小计） = 基本支出 + 项目支出。

    检查内容
        公开05表（及高校的财政拨款支出决算表）每一行的行内平衡。
    为什么重要
        05表是“三公”、基本支出表和情况说明逐项说明的基础，行内不平会传导到多处。
    反例
        2080150 事业运行：小计 788.07，基本支出 778.07，项目支出 0.00。
    正例
        2080150 事业运行：788.07 = 788.07 + 0.00。
    """

    id = "TB05"
    name = "table.general-row-sum"
    category = Category.TABLE
    title = "一般公共预算支出表行内平衡"
    message = "{table}：{row}的“{column}”为 {actual}，{items}合计为 {expected}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        tables = [t for t in classified_tables(ctx.report) if t.kind in (TableKind.GENERAL_EXPENDITURE, TableKind.FISCAL_EXPENDITURE)]
        if not tables:
            raise Absent("文档中没有一般公共预算（财政拨款）支出决算表")
        for table in tables:
            yield from _row_identity(self, ctx, table, "合计", ("基本支出", "项目支出"))


@register
class SummaryBalance(Rule):
    """收入支出决算总表的平衡关系。

    检查内容
        公开01表：本年收入合计 = 各项收入（一至八）之和；本年支出合计 = 各功能分类类级支出之和；
        收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余；
        支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余；收入总计 = 支出总计。
    为什么重要
        总表是全部决算的“账户余额”，任何一处不平都说明收支或结转结余有误。
    反例
        收入总计 2,079.31，支出总计 2,089.31。
    正例
        收入总计 2,079.31 = 本年收入合计 2,079.31 + 0 + 0 = 支出总计 2,079.31。
    """

    id = "TB06"
    name = "table.summary-balance"
    category = Category.TABLE
    title = "收入支出决算总表平衡"
    message = "{table}：{what}：应为 {expected}，表中为 {actual}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        table = require_table(ctx, TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
        title = table.kind.value
        income = table.side(Side.INCOME)
        expenditure = table.side(Side.EXPENDITURE)
        # the items are the lines before 本年收入合计 (without it: every line that is not a total)
        stop = next((i for i, ln in enumerate(income) if ln.key == "本年收入合计"), None)
        if stop is not None:
            income_items = [ln for ln in income[:stop] if ln.key and not ln.key.startswith("其中")]
        else:
            income_items = [
                ln
                for ln in income
                if ln.key and not ln.key.startswith("其中") and ln.key not in {"本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计"} and ln.line_no not in range(28, 32)
            ]
        yield from check_sum(
            self, ctx, line_fig(table, Side.INCOME, "本年收入合计"), [cell_fig(next(iter(ln.cells.values()), None)) for ln in income_items if ln.cells], table=title, what="本年收入合计 = 各项收入之和"
        )
        classes = [ln for ln in expenditure if ln.code is not None]
        if classes:
            yield from check_sum(
                self, ctx, line_fig(table, Side.EXPENDITURE, "本年支出合计"), [cell_fig(next(iter(ln.cells.values()), None)) for ln in classes], table=title, what="本年支出合计 = 各类支出之和"
            )
        yield from check_sum(
            self,
            ctx,
            line_fig(table, Side.INCOME, "总计"),
            [line_fig(table, Side.INCOME, k) for k in ("本年收入合计", "使用非财政拨款结余", "年初结转和结余")],
            table=title,
            what="收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
        )
        yield from check_sum(
            self,
            ctx,
            line_fig(table, Side.EXPENDITURE, "总计"),
            [line_fig(table, Side.EXPENDITURE, k) for k in ("本年支出合计", "结余分配", "年末结转和结余")],
            table=title,
            what="支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
        )
        yield from check_sum(self, ctx, line_fig(table, Side.EXPENDITURE, "总计"), [line_fig(table, Side.INCOME, "总计")], table=title, what="支出总计 = 收入总计")


@register
class FiscalBalance(Rule):
    """财政拨款收入支出决算总表的平衡关系。

    检查内容
        公开04表：本年收入合计 = 三项财政拨款收入之和；年初财政拨款结转和结余 = 其下三项之和；收入总计 = 本年收入合计 + 年初财政拨款结转和结余；
        每个类级支出行：合计 = 一般公共预算 + 政府性基金 + 国有资本经营；本年支出合计 = 各类之和（逐列）；
        年末财政拨款结转和结余 = 其下三项之和；支出总计 = 本年支出合计 + 年末财政拨款结转和结余；收入总计 = 支出总计。
    为什么重要
        04表把财政拨款按资金性质拆开，是05、08、09表的总纲；不平说明某类资金的收支或结转有误。
    反例
        八、社会保障和就业支出：合计 1,968.10，一般公共预算财政拨款 1,958.10。
    正例
        八、社会保障和就业支出：合计 1,968.10 = 1,968.10 + 0 + 0。
    """

    id = "TB07"
    name = "table.fiscal-balance"
    category = Category.TABLE
    title = "财政拨款收入支出决算总表平衡"
    message = "{table}：{what}：应为 {expected}，表中为 {actual}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        table = require_table(ctx, TableKind.FISCAL_SUMMARY, BalanceTable)
        title = table.kind.value
        funds_in = [line_fig(table, Side.INCOME, k) for k in FUNDS]
        yield from check_sum(self, ctx, line_fig(table, Side.INCOME, "本年收入合计"), funds_in, table=title, what="本年收入合计 = 三项财政拨款收入之和")
        yield from check_sum(
            self,
            ctx,
            line_fig(table, Side.INCOME, "年初财政拨款结转和结余"),
            [line_fig(table, Side.INCOME, f"年初财政拨款结转和结余/{k}") for k in FUNDS],
            table=title,
            what="年初财政拨款结转和结余 = 其下三项之和",
        )
        yield from check_sum(
            self,
            ctx,
            line_fig(table, Side.INCOME, "总计"),
            [line_fig(table, Side.INCOME, k) for k in ("本年收入合计", "年初财政拨款结转和结余")],
            table=title,
            what="收入总计 = 本年收入合计 + 年初财政拨款结转和结余",
        )
        for line in table.side(Side.EXPENDITURE):
            if not line.cells or "支出/合计" not in line.cells:
                continue
            parts = [cell_fig(line.cells.get(f"支出/{k}")) for k in FUNDS if f"支出/{k}" in line.cells]
            if parts and line.key and "/" not in line.key:
                yield from check_sum(self, ctx, cell_fig(line.cells["支出/合计"]), parts, table=title, what=f"{line.key}：合计 = 三项财政拨款之和")
        classes = [ln for ln in table.side(Side.EXPENDITURE) if ln.code is not None]
        total_line = table.line(Side.EXPENDITURE, "本年支出合计")
        if classes and total_line is not None:
            for column in total_line.cells:
                yield from check_sum(
                    self, ctx, cell_fig(total_line.cells[column]), [cell_fig(ln.cells.get(column)) for ln in classes], table=title, what=f"本年支出合计（{column.split('/')[-1]}）= 各类支出之和"
                )
        year_end = table.line(Side.EXPENDITURE, "年末财政拨款结转和结余")
        if year_end is not None:
            subs = [ln for ln in table.side(Side.EXPENDITURE) if ln.key.startswith("年末财政拨款结转和结余/")]
            for column in year_end.cells:
                if subs:
                    yield from check_sum(self, ctx, cell_fig(year_end.cells[column]), [cell_fig(s.cells.get(column)) for s in subs], table=title, what="年末财政拨款结转和结余 = 其下三项之和")
        total = table.line(Side.EXPENDITURE, "总计")
        if total is not None and total_line is not None:
            for column in total.cells:
                yield from check_sum(
                    self,
                    ctx,
                    cell_fig(total.cells[column]),
                    [cell_fig(total_line.cells.get(column)), cell_fig(year_end.cells.get(column)) if year_end else None],
                    table=title,
                    what=f"支出总计（{column.split('/')[-1]}）= 本年支出合计 + 年末财政拨款结转和结余",
                )
            yield from check_sum(self, ctx, cell_fig(total.cells.get("支出/合计")), [line_fig(table, Side.INCOME, "总计")], table=title, what="支出总计 = 收入总计")


@register
class BasicSum(Rule):
    """一般公共预算财政拨款基本支出决算表：类 = Σ款，人员经费合计 = 301 + 303，公用经费合计 = 302 + 307 + 310 + 312 + 399。

    检查内容
        公开06表中每个经济分类类（301、302、303、307、310、312、399）等于其下各款之和；
        人员经费合计等于工资福利支出与对个人和家庭的补助之和；公用经费合计等于其余各类之和。
    为什么重要
        人员经费和公用经费是情况说明第四部分和机关运行经费的依据。
    反例
        301 工资福利支出 724.73，各款之和 734.74。
    正例
        301 工资福利支出 724.73，各款之和 724.74，相差 0.01 为尾差；人员经费合计 748.69 = 724.73 + 23.96。
    """

    id = "TB08"
    name = "table.basic-sum"
    category = Category.TABLE
    title = "基本支出表汇总关系"
    message = "{table}：{what}：应为 {expected}，表中为 {actual}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        table = require_table(ctx, TableKind.GENERAL_BASIC, BasicExpenditureTable)
        title = table.kind.value
        classes = [i for i in table.items if len(i.code.value) == 3]
        for cls in classes:
            children = [i for i in table.items if len(i.code.value) > 3 and i.code.value.startswith(cls.code.value)]
            if children:
                yield from check_sum(self, ctx, cell_fig(cls.cell), [cell_fig(c.cell) for c in children], table=title, what=f"{cls.code.value} {cls.name} = 其下各款之和")
        if table.personnel_total is not None:
            parts = [cell_fig(i.cell) for i in classes if i.code.value in {"301", "303"}]
            yield from check_sum(self, ctx, cell_fig(table.personnel_total), parts, table=title, what="人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助")
        if table.public_total is not None:
            parts = [cell_fig(i.cell) for i in classes if i.code.value not in {"301", "303"}]
            yield from check_sum(self, ctx, cell_fig(table.public_total), parts, table=title, what="公用经费合计 = 302 + 307 + 310 + 312 + 399")


@register
class ThreePublicSum(Rule):
    """“三公”经费表：合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费；公务用车购置及运行费 = 购置费 + 运行维护费。

    检查内容
        公开07表的预算数与决算数两列分别核对上述两个等式（两种版式：分行列示或一行十二列）。
    为什么重要
        “三公”经费是社会最关注的数字，合计与分项不符会直接引起质疑。
    反例
        合计 21.00，因公出国 0，公务接待 20.50，公务用车 1.50。
    正例
        合计 21.00 = 0 + 20.50 + 0.50。
    """

    id = "TB09"
    name = "table.three-public-sum"
    category = Category.TABLE
    title = "“三公”经费表汇总关系"
    message = "{table}：{what}（{column}）：应为 {expected}，表中为 {actual}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        table = require_table(ctx, TableKind.THREE_PUBLIC, ThreePublicTable)
        title = table.kind.value
        rows = {item: row for item in ThreePublicItem if (row := table.get(item)) is not None}
        for column in ("预算数", "决算数"):
            figs = {item: cell_fig(row.budget if column == "预算数" else row.actual) for item, row in rows.items()}
            yield from check_sum(
                self,
                ctx,
                figs.get(ThreePublicItem.TOTAL),
                [figs.get(ThreePublicItem.OVERSEAS), figs.get(ThreePublicItem.RECEPTION), figs.get(ThreePublicItem.VEHICLES)],
                table=title,
                column=column,
                what="合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费",
            )
            yield from check_sum(
                self,
                ctx,
                figs.get(ThreePublicItem.VEHICLES),
                [figs.get(ThreePublicItem.VEHICLE_PURCHASE), figs.get(ThreePublicItem.VEHICLE_OPERATION)],
                table=title,
                column=column,
                what="公务用车购置及运行费 = 购置费 + 运行维护费",
            )


@register
class FundBalance(Rule):
    """政府性基金（国有资本经营）预算财政拨款收入支出决算表：年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出；本年支出 = 基本支出 + 项目支出。

    检查内容
        公开08表（以及列有这些栏目的09表）每一行。
    为什么重要
        基金结转结余须逐年衔接，任何一栏错都会让下一年的年初数对不上。
    反例
        年初 10.00 + 本年收入 50.00 − 本年支出 40.00，年末却为 30.00。
    正例
        年初 10.00 + 本年收入 50.00 − 本年支出 40.00 = 年末 20.00。
    """

    id = "TB10"
    name = "table.fund-balance"
    category = Category.TABLE
    title = "基金表结转关系"
    message = "{table}：{row}：{what}：应为 {expected}，表中为 {actual}，相差 {difference}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        tables = [t for t in classified_tables(ctx.report) if t.kind in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL)]
        if not tables:
            raise Absent("文档中没有政府性基金或国有资本经营预算财政拨款表")
        for table in tables:
            title = table.kind.value
            for row in table.rows:
                label = _row_name(row)
                yield from check_sum(self, ctx, row_fig(row, "本年支出合计"), [row_fig(row, "基本支出"), row_fig(row, "项目支出")], table=title, row=label, what="本年支出 = 基本支出 + 项目支出")
                if all(c in table.columns for c in ("年初结转和结余", "本年收入", "本年支出合计", "年末结转和结余")):
                    spent = row_fig(row, "本年支出合计")
                    negative = spent.negated() if spent else None
                    yield from check_sum(
                        self,
                        ctx,
                        row_fig(row, "年末结转和结余"),
                        [row_fig(row, "年初结转和结余"), row_fig(row, "本年收入"), negative],
                        table=title,
                        row=label,
                        what="年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出",
                    )


@register
class LineNumbers(Rule):
    """行次连续。

    检查内容
        公开01、04表印有行次时，收入方和支出方的行次各自从上到下逐一递增，不跳号、不重号。
    为什么重要
        行次是各表之间、审核公式之间相互引用的坐标；行次错位意味着表格被改动过或行被遗漏。
    反例
        收入方行次 …7、8、10、11…（缺 9）。
    正例
        收入方行次 1–31 连续，支出方 32–62 连续。
    """

    id = "TB11"
    name = "table.line-numbers"
    category = Category.TABLE
    severity = Severity.WARNING
    title = "行次连续"
    message = "{table}：{side}方第 {index} 行的行次为 {actual}，按顺序应为 {expected}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        tables = [t for t in ctx.report.tables if isinstance(t, BalanceTable)]
        numbered = [t for t in tables if any(ln.line_no is not None for ln in t.lines)]
        if not numbered:
            raise NotApplicable("表中没有印行次")
        for table in numbered:
            for side in (Side.INCOME, Side.EXPENDITURE):
                numbers = [(ln, ln.line_no) for ln in table.side(side) if ln.line_no is not None]
                previous = numbers[0][1] if numbers else 0
                for i in range(1, len(numbers)):
                    line, current = numbers[i]
                    if current == previous + 1:
                        previous = current
                        continue
                    yield self.hit(
                        [line.source.at(column="行次", text=str(current))],
                        table=table.kind.value,
                        side=side.value,
                        index=i + 1,
                        expected=str(previous + 1),
                        actual=str(current),
                    )
                    following = numbers[i + 1][1] if i + 1 < len(numbers) else None
                    # one misprinted number (4, 4, 6): the rows after it are numbered right, so go
                    # on from the number it should have had; a gap (9, 11, 12) goes on from 11
                    previous = previous + 1 if following == previous + 2 else current


@register
class NonNegative(Rule):
    """金额不为负数。

    检查内容
        决算表中的收入、支出金额不应为负数（结转结余之外）；负数通常是录入错误或把“减少”录成了负号。
    为什么重要
        公开的决算支出不会是负数，负数会让所有汇总关系失去意义。
    反例
        项目支出 −18.63。
    正例
        项目支出 18.63。
    """

    id = "TB12"
    name = "table.non-negative"
    category = Category.TABLE
    severity = Severity.WARNING
    title = "金额不为负数"
    message = "{table}：{row}/{column} 为负数 {actual}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for table in ctx.report.tables:
            cells = []
            if isinstance(table, ClassifiedTable):
                cells = [(r.label, c, cell) for r in table.rows for c, cell in r.cells.items() if "结转" not in c and "结余" not in c]
            elif isinstance(table, BalanceTable):
                cells = [(ln.key or ln.label, c, cell) for ln in table.lines for c, cell in ln.cells.items() if "结转" not in ln.key and "结余" not in ln.key]
            elif isinstance(table, BasicExpenditureTable):
                cells = [(i.name, "决算数", i.cell) for i in table.items]
            elif isinstance(table, ThreePublicTable):
                cells = [(r.item.value, "预算数", r.budget) for r in table.rows] + [(r.item.value, "决算数", r.actual) for r in table.rows]
            for label, column, cell in cells:
                if cell.amount is not None and cell.amount.value < 0:
                    yield self.hit([cell.source], table=table.kind.value, row=label, column=column, actual=cell.amount.value)
