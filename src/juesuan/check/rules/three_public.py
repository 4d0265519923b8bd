"""SG — “三公”经费: the disclosures the narrative must make and their consistency."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from juesuan.check.engine import Context, CouldNotCheck, Hit, NotApplicable, Rule, register
from juesuan.check.identity import require_table
from juesuan.check.narrative import claims_of
from juesuan.check.quantities import Fig, Verdict, cell_fig, compare
from juesuan.diagnostics import Category, Severity
from juesuan.model.narrative import Fact
from juesuan.model.report import ThreePublicNarrative
from juesuan.model.tables import TableKind, ThreePublicItem, ThreePublicTable

ZERO = Decimal(0)

_LABELS = {
    "groups": "因公出国（境）团组数",
    "group_people": "因公出国（境）人次",
    "receptions": "国内公务接待批次",
    "reception_people": "国内公务接待人数",
    "foreign_receptions": "外宾（外事）接待批次",
    "foreign_people": "外宾（外事）接待人数",
    "vehicles_bought": "当年购置公务用车数量",
    "vehicles_held": "公务用车保有量",
}


@register
class Disclosures(Rule):
    """“三公”经费说明披露了规定的数量。

    检查内容
        “三公”经费说明中写明因公出国（境）团组数和人次、国内公务接待批次和人数、当年购置公务用车数量和公务用车保有量（按版式要求）；
        文中写了外宾（外事）接待支出且不为 0 时，还要写明其中外宾（外事）接待的批次和人数。只要求有支出的项目（“不涉及的不列”）：
        某项决算数为 0 时不要求数量。
    为什么重要
        财预〔2016〕143号要求“三公”经费细化说明这些数量；只给金额不给数量，读者无法判断标准是否合理。
    反例
        “公务接待费 12.00 万元。”（没有批次、人数）；“国内公务接待支出 3.00 万元（含外宾接待支出 1.00 万元），共接待 5 批次、40 人次。”（没有外宾批次、人次）
    正例
        “国内公务接待累计 15 批次、120 人、12.00 万元。”
    """

    id = "SG01"
    name = "three-public.disclosures"
    category = Category.COMPLETENESS
    severity = Severity.WARNING
    title = "“三公”经费数量披露"
    message = "“三公”经费说明中没有写明{what}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        wanted = ctx.profile.three_public_disclosures
        if not wanted:
            raise NotApplicable(f"{ctx.profile.title}不要求这些披露")
        narrative = ctx.report.matters.three_public
        if narrative is None:
            raise CouldNotCheck("没有找到“三公”经费的说明")
        table = require_table(ctx, TableKind.THREE_PUBLIC, ThreePublicTable)
        # a count is owed only for an item with spending ("不涉及的不列")
        spent = {
            "groups": ThreePublicItem.OVERSEAS,
            "group_people": ThreePublicItem.OVERSEAS,
            "receptions": ThreePublicItem.RECEPTION,
            "reception_people": ThreePublicItem.RECEPTION,
            "vehicles_bought": ThreePublicItem.VEHICLE_PURCHASE,
            "vehicles_held": ThreePublicItem.VEHICLES,
        }
        claims = claims_of(ctx)
        anchor = next((u.paragraph.source for u in claims.units if u.scope == "three"), None)
        foreign = narrative.foreign_amount.value if narrative.foreign_amount is not None else None
        for field_name in wanted:
            item = spent.get(field_name)
            amount = _table_value(table, item) if item is not None else None
            if item is not None and not amount:
                continue
            if field_name.startswith("foreign_"):
                # owed where the text says 外宾/外事 receptions cost something (“含外宾接待支出 1.20 万元”)
                if not foreign or not _table_value(table, ThreePublicItem.RECEPTION):
                    continue
                where = [narrative.foreign_amount.source] if narrative.foreign_amount is not None else []
            else:
                where = [anchor] if anchor else []
            if getattr(narrative, field_name, None) is None:
                yield self.hit(where, what=_LABELS.get(field_name, field_name))


def _table_value(table: ThreePublicTable, item: ThreePublicItem) -> Decimal | None:
    """The 决算数 of ``item`` in 万元 (a blank cell is 0), ``None`` when the table has no such row."""
    row = table.get(item)
    fig = cell_fig(row.actual) if row is not None else None
    return fig.value if fig is not None else None


@register
class CountsAgreeWithAmounts(Rule):
    """“三公”经费的数量与金额相互印证。

    检查内容
        因公出国（境）费大于 0 时团组数不应为 0，反之亦然；公务接待费与接待批次、公务用车购置费与购置数量同理；
        文中国内公务接待的金额等于“三公”经费表公务接待费决算数；外宾（外事）接待的支出与批次同样相互印证，其批次、人数不大于国内公务接待的批次、人数。
    为什么重要
        有钱无事或有事无钱，至少有一个数字是错的。
    反例
        公务接待费 3.20 万元，“国内公务接待累计 0 批次、0 人”。
    正例
        公务接待费 0.00 万元，“国内公务接待累计 0 批次、0 人、0.00 万元”。
    """

    id = "SG02"
    name = "three-public.counts-agree"
    category = Category.NARRATIVE
    title = "“三公”数量与金额一致"
    message = "{what}"

    def run(self, ctx: Context) -> Iterator[Hit]:
        table = require_table(ctx, TableKind.THREE_PUBLIC, ThreePublicTable)
        narrative = ctx.report.matters.three_public
        if narrative is None:
            raise CouldNotCheck("没有找到“三公”经费的说明")
        pairs: tuple[tuple[Fact | None, ThreePublicItem, str, str], ...] = (
            (narrative.groups, ThreePublicItem.OVERSEAS, "因公出国（境）费", "团组数"),
            (narrative.receptions, ThreePublicItem.RECEPTION, "公务接待费", "接待批次"),
            (narrative.vehicles_bought, ThreePublicItem.VEHICLE_PURCHASE, "公务用车购置费", "购置数量"),
        )
        for count, item, money_name, count_name in pairs:
            if count is None or count.value is None:
                continue
            amount = _table_value(table, item)
            if amount is None:
                continue
            row = table.get(item)
            sources = [count.source, *( [row.actual.source] if row is not None else [])]
            if amount > 0 and count.value == 0:
                yield self.hit(sources, what=f"“三公”经费表{money_name}决算数为 {amount} 万元，说明中{count_name}却为 0。")
            elif amount == 0 and count.value > 0:
                yield Hit(message=f"说明中{count_name}为 {count.value}，“三公”经费表{money_name}决算数却为 0。", sources=tuple(sources), severity=Severity.WARNING)
        yield from self._foreign(narrative)
        if narrative.reception_amount is not None and narrative.reception_amount.value is not None:
            row = table.get(ThreePublicItem.RECEPTION)
            fig = cell_fig(row.actual) if row is not None else None
            if fig is not None:
                stated = narrative.reception_amount
                verdict = compare(Fig(value=stated.value or ZERO, interval=stated.interval, sources=(stated.source,)), fig, ctx.amount_slack)
                if verdict is not Verdict.EQUAL:
                    yield self.hit(
                        [stated.source, *fig.sources],
                        rounding=verdict is Verdict.ROUNDING,
                        what=f"说明中国内公务接待金额 {stated.value} 万元，“三公”经费表公务接待费决算数为 {fig.value} 万元。",
                    )


    def _foreign(self, narrative: ThreePublicNarrative) -> Iterator[Hit]:
        """外宾（外事）接待 is part of 国内公务接待: its counts agree with its amount and do not
        exceed the whole's."""
        pairs = ((narrative.foreign_receptions, narrative.receptions, "批次"), (narrative.foreign_people, narrative.reception_people, "人数"))
        amount = narrative.foreign_amount
        for part, whole, what in pairs:
            if part is None or part.value is None:
                continue
            if amount is not None and amount.value is not None and what == "批次":
                if amount.value > 0 and part.value == 0:
                    yield self.hit([part.source, amount.source], what=f"说明中外宾（外事）接待支出 {amount.value} 万元，接待批次却为 0。")
                elif amount.value == 0 and part.value > 0:
                    yield Hit(message=f"说明中外宾（外事）接待 {part.value} 批次，接待支出却为 0。", sources=(part.source, amount.source), severity=Severity.WARNING)
            if whole is not None and whole.value is not None and part.value > whole.value:
                yield self.hit([part.source, whole.source], what=f"其中外宾（外事）接待{what} {part.value}，大于国内公务接待{what} {whole.value}。")


@register
class OverBudgetExplained(Rule):
    """“三公”经费决算超过预算时说明了原因。

    检查内容
        公开07表任一项决算数大于预算数时，“三公”经费说明对该项给出了主要原因。
    为什么重要
        超预算支出是问责的重点，必须解释。
    反例
        公务接待费预算 10.00、决算 12.50，说明只写金额。
    正例
        “……决算数大于预算数的主要原因是承接上级检查工作增加。”
    """

    id = "SG03"
    name = "three-public.over-budget-explained"
    category = Category.NARRATIVE
    severity = Severity.WARNING
    title = "超预算须说明原因"
    message = "“三公”经费表{item}决算数 {actual} 万元大于预算数 {expected} 万元，说明中没有给出原因。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        table = require_table(ctx, TableKind.THREE_PUBLIC, ThreePublicTable)
        claims = claims_of(ctx)
        texts = [u.paragraph.text for u in claims.units if u.scope == "three"]
        for row in table.rows:
            budget = cell_fig(row.budget).value
            actual = cell_fig(row.actual).value
            if actual <= budget:
                continue
            # a reason given for the 公务用车 total covers its 购置费 and 运行维护费
            items = (row.item, ThreePublicItem.VEHICLES) if row.item in _VEHICLE_PARTS else (row.item,)
            if any(_explained(text, item) for text in texts for item in items):
                continue
            yield self.hit([row.actual.source, row.budget.source], item=row.item.value, actual=actual, expected=budget)


# the words that name each item in the text; a passage about an item runs from its name to the
# name of another item (the total is named “三公”经费)
_ITEM_WORDS = {
    ThreePublicItem.TOTAL: ("三公",),
    ThreePublicItem.OVERSEAS: ("因公出国",),
    ThreePublicItem.RECEPTION: ("公务接待",),
    ThreePublicItem.VEHICLES: ("公务用车购置及运行",),
    ThreePublicItem.VEHICLE_PURCHASE: ("公务用车购置费", "购置公务用车"),
    ThreePublicItem.VEHICLE_OPERATION: ("公务用车运行维护费", "公务用车运行费"),
}
_VEHICLE_PARTS = (ThreePublicItem.VEHICLE_PURCHASE, ThreePublicItem.VEHICLE_OPERATION)
_REASON = re.compile(r"原因(?:是|为|在于|主要是)?[：:]?\s*([^。；;]*)")


def _explained(text: str, item: ThreePublicItem) -> bool:
    """Whether a passage of ``text`` about ``item`` gives a reason (not “原因是无”)."""
    mentions: list[tuple[int, int, ThreePublicItem]] = []
    for other, words in _ITEM_WORDS.items():
        for word in words:
            # “占‘三公’经费支出的 X%” names the total as a denominator, not as a subject
            mentions.extend((m.start(), m.end(), other) for m in re.finditer(re.escape(word), text) if "占" not in text[max(0, m.start() - 2) : m.start()])
    mentions.sort()
    for start, end, owner in mentions:
        if owner is not item:
            continue
        stop = next((s for s, _, o in mentions if s >= end and o is not item), len(text))
        for m in _REASON.finditer(text, start, stop):
            reason = m.group(1).strip(" ，,")
            if reason and not reason.startswith("无"):
                return True
    return False


@register
class VehiclesHeld(Rule):
    """公务用车保有量不超过车辆总数。

    检查内容
        “三公”经费说明中的公务用车保有量，不大于国有资产占用情况中的车辆总数。
    为什么重要
        两处数字来自同一资产账，保有量大于车辆总数必有一错。
    反例
        保有量 6 辆，国有资产中共有车辆 4 辆。
    正例
        保有量 0 辆（机要通信用车不使用财政拨款开支运行维护费），共有车辆 4 辆。
    """

    id = "SG04"
    name = "three-public.vehicles-held"
    category = Category.NARRATIVE
    severity = Severity.WARNING
    title = "保有量不超过车辆总数"
    message = "公务用车保有量 {actual} 辆，大于国有资产占用情况中的车辆总数 {expected} 辆。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        narrative = ctx.report.matters.three_public
        assets = ctx.report.matters.assets
        if narrative is None or narrative.vehicles_held is None or assets is None or assets.vehicles_total is None:
            raise CouldNotCheck("没有同时找到公务用车保有量和车辆总数")
        held, total = narrative.vehicles_held.value, assets.vehicles_total.value
        if held is not None and total is not None and held > total:
            yield self.hit([narrative.vehicles_held.source, assets.vehicles_total.source], actual=held, expected=total)


@register
class ZeroStatement(Rule):
    """没有“三公”经费支出时写明固定表述。

    检查内容
        上海样张要求：“三公”经费财政拨款支出为零的部门，须写“××2024年度无‘三公’经费财政拨款支出。”
    为什么重要
        固定表述让读者一眼看出是“没有”，而不是“没写”。
    反例
        “三公”经费表全为空，说明部分只有空表。
    正例
        “上海市××局2024年度无‘三公’经费财政拨款支出。”
    """

    id = "SG05"
    name = "three-public.zero-statement"
    category = Category.COMPLETENESS
    severity = Severity.WARNING
    title = "零支出的固定表述"
    message = "“三公”经费财政拨款支出为 0，说明中缺少“无‘三公’经费财政拨款支出”的表述。"
    requires = "three_public_zero_statement"

    def run(self, ctx: Context) -> Iterator[Hit]:
        table = require_table(ctx, TableKind.THREE_PUBLIC, ThreePublicTable)
        total = _table_value(table, ThreePublicItem.TOTAL)
        if total is None or total != 0:
            raise NotApplicable("“三公”经费财政拨款支出不为零")
        claims = claims_of(ctx)
        if any(_ZERO_STATEMENT.search(u.paragraph.text) for u in claims.units if u.scope == "three"):
            return
        yield self.hit([table.source])


# “上海市××局2024年度无‘三公’经费财政拨款支出。” (not just any “无” near “三公”: “主要原因是无”)
_ZERO_STATEMENT = re.compile(r"(?:无|没有)(?:财政拨款安排的)?[“‘\"']?三公[”’\"']?经费(?:财政拨款)?支出")
