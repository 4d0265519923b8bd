"""TX — the narrative (情况说明) against the tables (文表一致)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from juesuan.check.engine import Absent, Context, CouldNotCheck, Hit, NotApplicable, Rule, register
from juesuan.check.identity import record_identity, with_identity
from juesuan.check.narrative import amount_column, claims_of, figures_of, resolved_items
from juesuan.check.placeholders import has_placeholder
from juesuan.check.quantities import Fig, Verdict, cell_fig, claim_fig, compare, compare_percent, sum_figs
from juesuan.diagnostics import Category, Severity
from juesuan.figures import DECREASE_WORDS, INCREASE_WORDS, percent_interval
from juesuan.model.codes import CodeScheme, normalize_name
from juesuan.model.limits import quantized
from juesuan.model.money import Interval, Unit
from juesuan.model.narrative import Fact, FactKind
from juesuan.model.provenance import Source
from juesuan.model.tables import BasicExpenditureTable, ClassifiedTable, TableKind
from juesuan.narrative.claims import (
    FALLBACK_SCOPES,
    BudgetRateClaim,
    ChangeClaim,
    CodedItemClaim,
    DirectionClaim,
    ItemClaim,
    change_subject,
    normalize_subject,
    rate_subject,
    subject_key,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def _fact_fig(fact: Fact) -> Fig | None:
    """A figure of the text in 万元 (“20793100 元” is 2079.31 万元), as the tables are compared."""
    if fact.value is None:
        return None
    amount = fact.amount()
    if amount is not None:
        wan = amount.to(Unit.WANYUAN)
        return claim_fig(fact.source, wan.value, wan.step)
    return claim_fig(fact.source, fact.value, fact.step)


def _same_basic(ctx: Context) -> bool:
    """All 基本支出 is 一般公共预算财政拨款 (03 基本 = 05 基本), so 06 describes all of it."""
    figures = figures_of(ctx)
    a = figures.get("all:基本支出")
    b = figures.get("general:基本支出")
    return a is not None and b is not None and compare(a, b) is not Verdict.DIFFERENT


@register
class NarrativeAmounts(Rule):
    """情况说明中的金额与决算表一致。

    检查内容
        情况说明中每个指明对象的金额（收入总计、各项收入、支出总计、基本支出、项目支出、年末结转和结余、财政拨款支出、
        一般公共预算财政拨款支出及其各类、人员经费、公用经费、“三公”经费各项……）与决算表中对应的数字一致。
        同一个词在不同段落指不同的表：“基本支出”在收入支出决算总体情况中指公开03表，在一般公共预算财政拨款基本支出中指公开05/06表。
        支出决算一节中的各类金额（“教育支出 X 万元”）与公开03表该类的本年支出合计比较（表中没有该类时不比较）；
        带功能分类代码的科目（“高等教育（2050205），2023年度决算数为 X 万元”）按代码取该段所说的表中的行，名称相符时比较。
    为什么重要
        情况说明是多数读者唯一会读的部分，文中数字与表不符是最常见、也最损害公信力的错误。
    反例
        表中收入总计 2,079.31 万元，情况说明写“收入总计 2,097.31 万元”。
    正例
        “收入总计 2079.31 万元” 与公开01表总计 2,079.31 一致。
    """

    id = "TX01"
    name = "text.amounts"
    category = Category.NARRATIVE
    title = "文中金额与表一致"
    message = "情况说明中“{subject}”为 {printed}，{where}为 {expected} 万元，相差 {difference} 万元{note}。"
    tolerance = "文中金额与表中金额各按印刷精度视为区间，区间相交即为一致；只是印刷值不同则报尾差提示。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        claims = claims_of(ctx)
        if not claims.units:
            raise CouldNotCheck("没有找到情况说明")
        same_basic = _same_basic(ctx)
        for claim in claims.amounts:
            if claim.key.startswith("all:") and claim.subject in {"工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出"} and not same_basic:
                continue
            yield from self._compare(ctx, claim.fact, figures_of(ctx).get(claim.key), claim.subject, _where(claim.key))
        # "1. 社会保障和就业支出 1968.11 万元" in the 一般公共预算 section: a 类 of 公开05表; "教育支出
        # X 万元" in the 支出决算 section (all funds): a 类 of 公开03表, when that table has the row
        t05 = ctx.report.table(TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
        t03 = ctx.report.table(TableKind.EXPENDITURE, ClassifiedTable)
        for unit in claims.units:
            if unit.scope == "general" and t05 is not None:
                table, absent_is_zero = t05, True
            elif unit.scope == "all" and t03 is not None and "支出" in unit.chain[-1] and "收入" not in unit.chain[-1]:
                table, absent_is_zero = t03, False
            else:
                continue
            for fact in unit.paragraph.facts:
                if fact.kind != FactKind.AMOUNT:
                    continue
                label = normalize_subject(fact.label, ctx.report.metadata.department)
                entries = [e for e in ctx.catalogue.by_name(CodeScheme.FUNCTION, label) if len(e.code) == 3]
                if len(entries) != 1 or "（类）" in fact.label or "(类)" in fact.label:
                    continue
                row = table.row(entries[0].code)
                if row is None and not absent_is_zero:
                    continue
                fig = cell_fig(row.cells.get(amount_column(table))) if row is not None else Fig.exact(ZERO, [table.source])
                yield from self._compare(ctx, fact, fig, label, table.kind.value)
        yield from self._coded(ctx, claims.coded)
        for item in resolved_items(ctx):
            if item.row is None or item.claim.amount is None or item.table is None:
                continue
            subject = "".join(f"{name}（{level}）" for name, level in zip(item.claim.names, "类款项", strict=False))
            column = amount_column(item.table)
            yield from self._compare(ctx, item.claim.amount, cell_fig(item.row.cells.get(column)), subject, item.table.kind.value)

    def _coded(self, ctx: Context, coded: list[CodedItemClaim]) -> Iterator[Hit]:
        """ "高等教育（2050205），决算数为 X 万元" in a 财政拨款 section: the row of that code in the
        section's table, when its name is the printed one (a code and a name that disagree are
        another rule's question)."""
        for claim in coded:
            kind = _CODED_TABLES.get(claim.unit.scope)
            table = None
            for candidate in kind or ():
                table = ctx.report.table(candidate, ClassifiedTable)
                if table is not None:
                    break
            row = table.row(claim.code) if table is not None else None
            if table is None or row is None:
                continue
            if normalize_name(claim.name) != normalize_name(row.label):
                continue
            yield from self._compare(ctx, claim.amount, cell_fig(row.cells.get(amount_column(table))), f"{claim.name}（{claim.code}）", table.kind.value)

    def _compare(self, ctx: Context, fact: Fact, fig: Fig | None, subject: str, where: str) -> Iterator[Hit]:
        mine = _fact_fig(fact)
        if mine is None or fig is None:
            return
        verdict = compare(mine, fig, ctx.amount_slack)
        identity = record_identity(ctx, mine, fig)
        if verdict is Verdict.EQUAL:
            return
        note = ""
        if verdict is Verdict.DIFFERENT and mine.value and fig.value:
            ratio = abs(fig.value / mine.value)
            if Decimal("9990") <= ratio <= Decimal("10010") or Decimal("0.0000999") <= ratio <= Decimal("0.0001001"):
                note = "（相差约一万倍，可能是元与万元混用）"
        hit = self.hit(
            (fact.source, *fig.sources),
            rounding=verdict is Verdict.ROUNDING,
            subject=subject,
            where=where,
            printed=fact.text,
            note=note,
            actual=mine.value,
            expected=fig.value,
            difference=mine.value - fig.value,
        )
        yield with_identity(hit, identity if verdict is Verdict.DIFFERENT else None)


# the table a coded subject of a section is in, by the section's scope
_CODED_TABLES: dict[str, tuple[TableKind, ...]] = {
    "fiscal": (TableKind.FISCAL_EXPENDITURE, TableKind.GENERAL_EXPENDITURE),
    "general": (TableKind.GENERAL_EXPENDITURE, TableKind.FISCAL_EXPENDITURE),
    "fund": (TableKind.GOV_FUND,),
    "capital": (TableKind.STATE_CAPITAL,),
}


def _where(key: str) -> str:
    if key in ("fiscal:基本支出", "fiscal:项目支出"):
        return "各财政拨款支出决算表合计"
    return {
        "all": "决算表",
        "fiscal": "财政拨款收入支出决算总表",
        "general": "一般公共预算财政拨款支出决算表",
        "basic": "基本支出决算表",
        "three": "“三公”经费支出决算表",
        "fund": "政府性基金预算财政拨款收入支出决算表",
        "capital": "国有资本经营预算财政拨款支出决算表",
    }.get(key.split(":")[0], "决算表")


_ALTERNATES = {"收入总计": ("本年收入合计",), "支出总计": ("本年支出合计",), "本年收入合计": ("收入总计",), "本年支出合计": ("支出总计",)}


_TOTAL_WORD = re.compile(r"合计|总计|总额|总支出|总收入|总数")


def _denominators(ctx: Context, word: str, scope: str, paragraph_facts: tuple[Fact, ...], before: int, chain: tuple[str, ...] = ()) -> list[Fig]:
    profile = ctx.profile
    names: list[str] = []
    if word:
        names.append(profile.denominator(word) or word)
    out: list[Fig] = []
    matters = ctx.report.matters.procurement
    for name in names:
        for candidate in (name, *_ALTERNATES.get(name, ())):
            fig = _named(ctx, candidate, scope)
            if fig is not None:
                out.append(fig)
        if name.startswith("政府采购") or name == "中小企业合同金额":
            fact = None
            if matters is not None:
                fact = {
                    "政府采购支出总额": matters.total,
                    "中小企业合同金额": matters.sme,
                    "政府采购货物": matters.goods,
                    "政府采购工程": matters.works,
                    "政府采购服务": matters.services,
                }.get(name)
            if fact is not None:
                fig = _fact_fig(fact)
                if fig is not None:
                    out.append(fig)
    if not word:
        for title_word, name in profile.implicit_denominators.items():
            if not any(t.startswith(title_word) or (len(title_word) <= 3 and title_word in t) for t in chain):
                continue
            fig = _named(ctx, name, scope)
            if fig is not None:
                out.append(fig)
    if word and out and not _TOTAL_WORD.search(word):
        # a part the text names was found: only it counts ("其中：授予小微企业合同金额…，占中小企业
        # 合同金额的X%" is not a share of the 政府采购支出总额 the paragraph started with); a total
        # ("占总支出的") may be the total the paragraph started with
        return out
    # the total the paragraph started with ("本年收入合计2946.25万元，其中：…占99.79%";
    # "财政拨款支出总计为237,100.00万元，其中基本支出…占总支出的83.94%")
    for fact in paragraph_facts:
        if fact.start >= before:
            break
        if fact.kind == FactKind.AMOUNT and re.search(r"合计|总计|总额|支出(?:为)?$|收入(?:为)?$|决算(?:为)?$", fact.label.replace(" ", "")):
            fig = _fact_fig(fact)
            if fig is not None:
                out.append(fig)
            break
    return out


_FALLBACK_SCOPES = FALLBACK_SCOPES


def _named(ctx: Context, name: str, scope: str) -> Fig | None:
    figures = figures_of(ctx)
    mapping = {
        "三公经费决算": "three:“三公”经费支出",
        "一般公共预算财政拨款支出": "general:一般公共预算财政拨款支出",
        "财政拨款支出": "fiscal:财政拨款支出",
    }
    if name in mapping:
        return figures.get(mapping[name])
    for prefix in (scope, *_FALLBACK_SCOPES):
        fig = figures.get(f"{prefix}:{name}")
        if fig is not None:
            return fig
    return None


@register
class NarrativeShares(Rule):
    """占比与金额相符。

    检查内容
        “X 万元，占Y的 Z%”：Z 等于 X ÷ Y × 100（两位小数）。Y 按文中写法取对应的数字（收入总计、支出总计、本年收入合计、“三公”经费支出、政府采购支出总额……）；
        文中没写分母（“占99.79%”）时，按版式取本节的总数。收入总计与本年收入合计、支出总计与本年支出合计两种口径都接受，只要有一种相符即可。
    为什么重要
        占比是计算器算出来再手抄的，极易算错或抄错；也常见分子分母口径不一。
    反例
        基本支出 1,018.34 万元，占支出总计 2,079.31 万元的 51.02%。
    正例
        基本支出 1,018.34 万元，占支出总计的 48.98%（1,018.34 ÷ 2,079.31 = 48.975%，按未取整的金额计算为 48.98%，属尾差）。
    """

    id = "TX02"
    name = "text.shares"
    category = Category.NARRATIVE
    title = "占比计算正确"
    message = "“{numerator}”占{denominator}的比例应为 {expected}%，文中为 {actual}%。"
    tolerance = "分子、分母按印刷精度取区间，所得比例区间与文中百分比（±半个末位）相交即算相符；仅印刷值四舍五入不同时报尾差提示。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        claims = claims_of(ctx)
        if not claims.shares:
            raise Absent("情况说明中没有占比")
        for share in claims.shares:
            if share.percent.value is None:
                continue
            if share.numerator is None or share.numerator.value is None:
                if share.percent.value != 0:
                    dens = _denominators(ctx, share.denominator_word, share.unit.scope, share.unit.paragraph.facts, share.percent.start, share.unit.chain)
                    zero = next((d for d in dens if d.value == 0), None)
                    if zero is not None:
                        yield self.hit(
                            (share.percent.source, *zero.sources),
                            numerator=share.percent.label.rstrip("的"),
                            denominator=share.denominator_word or "本节总数",
                            expected="0（分母为 0）",
                            actual=share.percent.value,
                        )
                continue
            facts = share.unit.paragraph.facts
            candidates = _denominators(ctx, share.denominator_word, share.unit.scope, facts, share.percent.start, share.unit.chain)
            if not candidates:
                continue
            numerator = _fact_fig(share.numerator)
            if numerator is None:
                continue
            best: tuple[Verdict, Fig, Decimal | None] | None = None
            for den in candidates:
                expected = percent_interval(numerator.interval, den.interval)
                if expected is None:
                    if share.percent.value == 0 or den.value != 0:
                        best = (Verdict.EQUAL, den, None)
                        break
                    # a share of nothing: only 0 (or no share at all) can be printed
                    if best is None:
                        best = (Verdict.DIFFERENT, den, None)
                    continue
                exact = numerator.value * HUNDRED / den.value if den.value else None
                verdict = compare_percent(share.percent.value, share.percent.places, expected, exact, ctx.percent_slack)
                if best is None or _rank(verdict) < _rank(best[0]):
                    best = (verdict, den, exact)
            if best is None or best[0] is Verdict.EQUAL:
                continue
            verdict, den, exact = best
            expected_text = f"{exact:.{max(share.percent.places, 2)}f}" if exact is not None else ("0（分母为 0）" if den.value == 0 else "—")
            yield self.hit(
                (share.percent.source, share.numerator.source, *den.sources),
                rounding=verdict is Verdict.ROUNDING,
                numerator=f"{normalize_subject(share.numerator.label, ctx.report.metadata.department)} {share.numerator.text}".strip(),
                denominator=share.denominator_word or "本节总数",
                expected=expected_text,
                actual=share.percent.value,
            )


def _rank(verdict: Verdict) -> int:
    return {Verdict.EQUAL: 0, Verdict.ROUNDING: 1, Verdict.DIFFERENT: 2}[verdict]


def change_subject_key(ctx: Context, subject: str, scope: str, chain: tuple[str, ...]) -> tuple[str, str | None]:
    """The subject a "与上年相比" change talks about and the key of its figure (``all:收入总计``);
    the key is ``None`` when the subject names no figure of the tables."""
    return change_subject(subject, scope, chain, ctx.report.metadata.department)


def _change_subject(ctx: Context, subject: str, scope: str, chain: tuple[str, ...]) -> tuple[str, Fig | None]:
    name, key = change_subject_key(ctx, subject, scope, chain)
    return name, (figures_of(ctx).get(key) if key is not None else None)


@register
class NarrativeChanges(Rule):
    """与上年比较的增减额、增减率和增减方向前后一致。

    检查内容
        “与上年相比，X 增加（减少）A 万元，增长（下降）B%”：增减词前后一致（增加对增长，减少对下降/降低）；
        上年数 = 本年数 ∓ A，B = A ÷ 上年数 × 100；本年数取决算表中 X 的数字，表中没有 X 时取同一句中紧挨在增减之前印出的本年数
        （“机关运行经费支出 184.65 万元，比 2023 年度增加 2.55 万元，增长 1.40%”）。增减额为零时应写“持平”。
        收入总计与支出总计的上年数应相同（两者本来相等）。“其中：”所列两项以上的增减额，增减相抵应等于总额的增减额：
        改变其中一项的方向即恰好相符时报警告（方向可能写反），否则只作提示（所列未必是全部项目）。
    为什么重要
        增减方向写反、增长率用本年数作分母，是情况说明里最常见的错误之一。
    反例
        收入总计 2,079.31 万元，“与上年相比减少 276.98 万元，增长 11.76%”。
    正例
        “减少 276.98 万元，降低 11.76%”：上年 2,356.29 万元，276.98 ÷ 2,356.29 = 11.755%。
    """

    id = "TX03"
    name = "text.changes"
    category = Category.NARRATIVE
    title = "增减额、增减率和方向一致"
    message = "{subject}：{problem}"
    tolerance = "增减率按区间计算（本年数、增减额各按印刷精度），与文中百分比（±半个末位）相交即算相符。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        claims = claims_of(ctx)
        if not claims.changes:
            raise Absent("情况说明中没有与上年的比较")
        totals: list[tuple[str, Interval, Decimal, list[Source]]] = []  # the 上年 each change of a 总计 implies
        for change in claims.changes:
            word = change.word.word
            subject, fig = _change_subject(ctx, change.subject, change.unit.scope, change.unit.chain)
            label = subject or change.subject or "与上年比较"
            sources = [change.word.source]
            if change.amount is not None:
                sources.append(change.amount.source)
            if change.rate_word is not None:
                sources.append(change.rate_word.source)
            if change.rate is not None:
                sources.append(change.rate.source)
            if word == "持平":
                continue
            if change.rate_word is not None:
                up = word in INCREASE_WORDS
                rate_up = change.rate_word.word in INCREASE_WORDS
                if up != rate_up and change.rate_word.word in INCREASE_WORDS + DECREASE_WORDS:
                    yield self.hit(sources, subject=label, problem=f"前说“{word}”，后说“{change.rate_word.word}”，增减方向自相矛盾。")
                    continue
            if change.amount is None or change.amount.value is None or change.to_level:
                continue  # "减少为 X 万元": X is this year's figure, the change is not printed
            if change.amount.value == 0:
                yield self.hit(sources, subject=label, problem=f"增减额为 0 却写“{word}”，应写“持平”。")
                continue
            if fig is None and change.level is not None:
                fig = _fact_fig(change.level)  # this year's figure printed before the change
            if fig is None:
                continue
            amount = change.amount.interval
            prev = fig.interval - amount if word in INCREASE_WORDS else fig.interval + amount
            prev_value = fig.value - change.amount.value if word in INCREASE_WORDS else fig.value + change.amount.value
            if subject in {"收入总计", "支出总计", "收入支出总计"}:
                totals.append((label, prev, prev_value, sources))
            if change.rate is None or change.rate.value is None:
                continue
            expected = percent_interval(amount, prev)
            exact = change.amount.value * HUNDRED / prev_value if prev_value else None
            verdict = compare_percent(change.rate.value, change.rate.places, expected, exact, ctx.percent_slack)
            if verdict is Verdict.EQUAL:
                continue
            shown = f"{exact:.2f}" if exact is not None else "—"
            yield self.hit(
                [*sources, *fig.sources],
                rounding=verdict is Verdict.ROUNDING,
                subject=label,
                problem=f"本年 {fig.value} 万元、{word} {change.amount.value} 万元，上年应为 {prev_value} 万元，{change.rate_word.word if change.rate_word else '变动'}率应为 {shown}%，文中为 {change.rate.value}%。",
                expected=shown,
                actual=change.rate.value,
            )
        yield from self._parts(claims.changes)
        if len(totals) >= 2:
            first = totals[0]
            for other in totals[1:]:
                if not first[1].intersects(other[1]):
                    yield self.hit(
                        [*first[3], *other[3]],
                        subject=f"{first[0]}与{other[0]}",
                        problem=f"两处推算的上年数不同（{first[2]} 万元与 {other[2]} 万元），而收入总计与支出总计应相等。",
                    )


    def _parts(self, changes: list[ChangeClaim]) -> Iterator[Hit]:
        """ "收入总计减少 A 万元…。其中：财政拨款收入增加 a₁ 万元，事业收入增加 a₂ 万元，其他收入减少 a₃ 万元"：
        the signed changes of the parts against the change of the whole. Equal (up to rounding): the
        words and amounts agree. When turning one part's direction makes them equal, that word is
        flipped (a warning). Otherwise only an info hint: a list after "其中" need not be complete."""
        for whole, parts in _change_groups(changes):
            total = _signed(whole)
            figs = [_signed(p) for p in parts]
            if total is None or any(f is None for f in figs):
                continue
            signed = [f for f in figs if f is not None]
            if compare(sum_figs(signed), total, ZERO) is not Verdict.DIFFERENT:
                continue
            flips = [
                i
                for i in range(len(signed))
                if compare(sum_figs([*signed[:i], signed[i].negated(), *signed[i + 1 :]]), total, ZERO) is not Verdict.DIFFERENT
            ]
            listed = "、".join(f"{p.subject}{p.word.word} {p.amount.value if p.amount else ''} 万元" for p in parts)
            whole_word = f"{whole.word.word} {whole.amount.value if whole.amount else ''} 万元"
            if len(flips) == 1:
                part = parts[flips[0]]
                opposite = "减少" if part.word.word in INCREASE_WORDS else "增加"
                hit = self.hit(
                    [part.word.source, *(p.word.source for p in parts if p is not part), whole.word.source],
                    subject=f"{whole.subject or '总额'}的各项增减",
                    problem=f"其中所列各项（{listed}）增减相抵与总额“{whole_word}”不符；若“{part.subject}”为“{opposite}”则恰好相符，增减方向可能写反。",
                )
                yield replace(hit, severity=Severity.WARNING)
                continue
            hit = self.hit(
                [*(p.word.source for p in parts), *(p.amount.source for p in parts if p.amount is not None), whole.word.source],
                subject=f"{whole.subject or '总额'}的各项增减",
                problem=f"其中所列各项（{listed}）增减相抵为 {sum_figs(signed).value} 万元，与总额“{whole_word}”不同；若所列并非全部项目，可不理会。",
            )
            yield replace(hit, severity=Severity.INFO)


_THEREOF = re.compile(r"其中[：:，,]?")


def _signed(change: ChangeClaim) -> Fig | None:
    """A change as a signed figure in 万元 (a decrease negative); ``None`` when it has no amount."""
    if change.amount is None or change.to_level or change.word.word == "持平":
        return None
    fig = _fact_fig(change.amount)
    if fig is None:
        return None
    return fig if change.word.word in INCREASE_WORDS else fig.negated()


def _change_groups(changes: list[ChangeClaim]) -> Iterator[tuple[ChangeClaim, list[ChangeClaim]]]:
    """A change of a whole followed, after "其中", by the changes of two or more named parts in the
    same sentence: "…减少 A 万元，降低 B%。其中：X 增加 a 万元，Y 减少 b 万元"."""
    by_unit: dict[int, list[ChangeClaim]] = {}
    for change in changes:
        by_unit.setdefault(id(change.unit), []).append(change)
    for group in by_unit.values():
        for i, whole in enumerate(group):
            if whole.amount is None:
                continue
            text = whole.unit.paragraph.text
            after = (whole.rate or whole.amount).end
            m = _THEREOF.search(text, after)
            if m is None:
                continue
            nxt = group[i + 1].word.start if i + 1 < len(group) else len(text)
            if nxt < m.end() or len(_SENTENCE_MARK.findall(text, after, m.start())) > 1:
                continue  # another change comes first, or "其中" is not in this sentence or the next
            end = _SENTENCE_MARK.search(text, m.end())
            stop = end.start() if end else len(text)
            parts = [c for c in group[i + 1 :] if m.end() <= c.word.start < stop]
            if len(parts) < 2 or any(not c.subject or c.amount is None for c in parts):
                continue
            yield whole, parts


_SENTENCE_MARK = re.compile(r"[。；;！？]")


def _budget_rates(ctx: Context) -> list[BudgetRateClaim]:
    """The "完成（年初）预算的X%" claims outside the 绩效 section (those are 执行率, see JX)."""
    rates = [r for r in claims_of(ctx).rates if r.unit.scope != "performance"]
    if not rates:
        raise Absent("情况说明中没有“完成预算的X%”")
    return rates


def _rate_subject_fig(ctx: Context, claim: BudgetRateClaim) -> tuple[str, Fig | None, Fig | None]:
    """The subject of "…完成年初预算的Y%", its 决算 figure and (for 三公) its 预算 figure."""
    figures = figures_of(ctx)
    label = rate_subject(claim, ctx.report.metadata.department)
    scope = claim.unit.scope
    found = subject_key(label, scope, ctx.report.metadata.department) if label else None
    if found is None and claim.actual is not None:
        found = subject_key(claim.actual.label, scope, ctx.report.metadata.department)
    if found is None:
        # an explanation of one 类/款/项 names its subject before the amount, not before the rate
        return label or claim.subject or "该项支出", (_fact_fig(claim.actual) if claim.actual else None), None
    subject, key = found
    budget = figures.get(key.replace("three:", "three-budget:")) if key.startswith("three:") else None
    return subject, figures.get(key), budget


def _rate_figs(ctx: Context, claim: BudgetRateClaim) -> tuple[str, Fig | None, Fig | None]:
    """As :func:`_rate_subject_fig`, but a 预算 the sentence states (and its own 决算) win over the tables'."""
    subject, actual, budget = _rate_subject_fig(ctx, claim)
    if claim.budget is not None:
        budget = _fact_fig(claim.budget)
        if claim.actual is not None:
            actual = _fact_fig(claim.actual)
    return subject or claim.subject, actual, budget


@register
class BudgetRate(Rule):
    """“完成（年初）预算的 Y%”与预算数、决算数相符。

    检查内容
        能找到预算数时（“三公”经费表的预算数，或文中写出的“年初预算为 X 万元”），Y 等于决算数 ÷ 预算数 × 100。
    为什么重要
        完成率是人大审查关注的指标，算错会误导对预算执行的判断。
    反例
        “三公”经费预算 20.00 万元、决算 16.95 万元，写“完成预算的 87.50%”。
    正例
        预算 20.00 万元、决算 16.95 万元，“完成预算的 84.75%”。
    """

    id = "TX04"
    name = "text.budget-rate"
    category = Category.NARRATIVE
    title = "完成预算的比例正确"
    message = "“{subject}”决算 {actual_amount} 万元、预算 {budget} 万元，完成预算的比例应为 {expected}%，文中为 {actual}%。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        rates = _budget_rates(ctx)
        for claim in rates:
            subject, actual, budget = _rate_figs(ctx, claim)
            if actual is None or budget is None or budget.value == 0 or claim.rate.value is None:
                continue
            expected = percent_interval(actual.interval, budget.interval)
            exact = actual.value * HUNDRED / budget.value
            verdict = compare_percent(claim.rate.value, claim.rate.places, expected, exact, ctx.percent_slack)
            if verdict is Verdict.EQUAL:
                continue
            yield self.hit(
                (claim.rate.source, *actual.sources, *budget.sources),
                rounding=verdict is Verdict.ROUNDING,
                subject=subject,
                actual_amount=actual.value,
                budget=budget.value,
                expected=f"{exact:.2f}",
                actual=claim.rate.value,
            )


@register
class RateOfZeroBudget(Rule):
    """预算数为零时不写“完成预算的 X%”。

    检查内容
        预算数为零（“三公”经费表预算数为空或 0.00，或文中写明预算为 0）时，情况说明仍写“完成（年初）预算的 X%”——包括 0.00%——是无意义的比例，应改写为说明预算为零的原因。
    为什么重要
        除以零得不到百分比；写 0.00% 或 100% 会让读者以为有预算。
    反例
        “三公”经费预算数为 0，文中写“完成预算的 0.00%”。
    正例
        “本年度未安排‘三公’经费预算，也无‘三公’经费支出。”
    """

    id = "TX05"
    name = "text.rate-of-zero-budget"
    category = Category.NARRATIVE
    severity = Severity.WARNING
    title = "预算为零时不写完成比例"
    message = "“{subject}”的预算数为 0，却写了“完成预算的 {actual}%”。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        rates = _budget_rates(ctx)
        for claim in rates:
            subject, _, budget = _rate_subject_fig(ctx, claim)
            if claim.budget is not None and claim.budget.value is not None:
                budget = _fact_fig(claim.budget)
            if budget is None or budget.value != 0:
                continue
            yield self.hit((claim.rate.source, *budget.sources), subject=subject, actual=claim.rate.value)


@register
class BudgetDirection(Rule):
    """“决算数大于/小于/持平预算数”与数字相符。

    检查内容
        “决算数大于（小于、等于、持平）预算数”：有预算数时与决算数比较；只有完成比例时，比例大于 100% 应写大于，小于 100% 应写小于，等于 100% 才写持平或等于。
    为什么重要
        方向词写反是模板套用时最常见的笔误。
    反例
        “完成年初预算的 92.32%，决算数大于年初预算数”。
    正例
        “完成年初预算的 92.32%，决算数小于年初预算数”。
    """

    id = "TX06"
    name = "text.budget-direction"
    category = Category.NARRATIVE
    title = "决算与预算的大小关系写对"
    message = "“{subject}”{basis}，却写“决算数{word}预算数”，应为“{expected}”。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        claims = claims_of(ctx)
        rates = [r for r in claims.rates if r.direction and r.unit.scope != "performance"]
        if not rates:
            raise Absent("情况说明中没有“决算数大于/小于/持平预算数”的表述")
        for claim in rates:
            subject, actual, budget = _rate_figs(ctx, claim)
            word = claim.direction
            if actual is not None and budget is not None:
                diff = actual.value - budget.value
                basis = f"决算 {actual.value} 万元、预算 {budget.value} 万元"
            elif claim.rate.value is not None:
                diff = claim.rate.value - HUNDRED
                basis = f"完成预算的 {claim.rate.value}%"
            else:
                continue
            expected = "大于" if diff > 0 else "小于" if diff < 0 else "持平"
            said = {"高于": "大于", "低于": "小于", "等于": "持平", "基本持平": "持平"}.get(word, word)
            if said != expected:
                sources = [claim.direction_fact.source if claim.direction_fact else claim.rate.source, claim.rate.source]
                if actual is not None:
                    sources.extend(actual.sources)
                if budget is not None:
                    sources.extend(budget.sources)
                # judged from the rate alone, the tables' figures not found: a page not read may hold them
                yield self.hit(sources, absence=actual is None or budget is None, subject=subject, basis=basis, word=word, expected=expected)


@register
class FullRateWithDifference(Rule):
    """完成年初预算的 100%，却说明“决算数与年初预算数存在差异”。

    检查内容
        写了“完成年初预算的 100%”，又给出“存在差异的主要原因”（且原因不是“无”）。两者矛盾：要么比例不是 100%，
        要么该科目未纳入年初预算（预算数为 0）而不应写完成比例。
    为什么重要
        这类说法通常掩盖了“年初没有预算、年中追加”的事实，读者却会以为预算执行得分毫不差。
    反例
        “死亡抚恤 17.22 万元，完成年初预算的 100%，决算数与年初预算数存在差异的主要原因是丧葬费以实际发生进行申报。”
    正例
        “死亡抚恤 17.22 万元，年初未安排预算，主要原因是丧葬费以实际发生进行申报。”
    """

    id = "TX07"
    name = "text.full-rate-with-difference"
    category = Category.NARRATIVE
    severity = Severity.WARNING
    title = "100%完成却称存在差异"
    message = "“{subject}”写完成年初预算的 {rate}%，却说明决算与预算存在差异（“{reason}”）；若年初未安排预算，不应写完成比例。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for claim in _budget_rates(ctx):
            if claim.rate.value is None or claim.rate.value != HUNDRED:
                continue
            reason = claim.reason.strip()
            if not reason or reason in {"无", "无。", "无等", "无等原因"}:
                continue
            text = claim.unit.paragraph.text
            window = text[claim.rate.end : claim.rate.end + 40]
            if "差异" not in window and "不一致" not in window:
                continue
            yield self.hit([claim.rate.source], subject=claim.subject or "该科目", rate=claim.rate.value, reason=reason[:30])


@register
class ImpliedBudgets(Rule):
    """文中所列或由“完成年初预算的 X%”推出的年初预算前后相符。

    检查内容
        文中只给出完成比例时，年初预算 = 决算数 ÷ 完成比例；文中写明“年初预算为 X 万元”时用所写之数。总体的年初预算应等于
        基本支出与项目支出的年初预算之和，也应等于逐项说明中各项级科目年初预算之和（只有一般公共预算资金时）。
        各项之和大于总体：部分超过整体，报警告；各项之和小于总体：可能有年初安排了预算却没有支出、因而未作说明的项级科目，
        只作提示。
    为什么重要
        若推不平，说明某个年初预算或完成比例算错或抄错，或某一科目其实没有年初预算却写了完成比例。
    反例
        财政拨款支出完成年初预算的 98.32%（推出年初预算 2,114.84 万元），而各项级科目的完成比例推出的年初预算合计 2,152.64 万元。
    正例
        各项级科目推出的年初预算合计 2,114.80 万元，与总体 2,114.84 万元在尾差范围内一致。
    """

    id = "TX08"
    name = "text.implied-budgets"
    category = Category.NARRATIVE
    severity = Severity.WARNING
    title = "推算的年初预算前后相符"
    message = "{what}的年初预算合计约 {actual} 万元（{how}），总体约 {expected} 万元（{total_how}），相差约 {difference} 万元。{note}"

    def run(self, ctx: Context) -> Iterator[Hit]:
        claims = claims_of(ctx)
        tops: dict[str, tuple[BudgetRateClaim, Interval, Decimal]] = {}
        read: dict[str, tuple[Source, ...]] = {}  # the table figures each implied budget was made from
        printed: dict[str, tuple[BudgetRateClaim, Interval, Decimal]] = {}  # "年初预算为 X 万元" beside the rate
        for claim in claims.rates:
            if claim.unit.scope not in ("fiscal", "general"):
                continue
            subject, actual, _ = _rate_subject_fig(ctx, claim)
            if subject not in {"财政拨款支出", "基本支出", "项目支出", "一般公共预算财政拨款支出"} or actual is None:
                continue
            implied = _implied(actual.interval, actual.value, claim.rate)
            if implied is not None:
                tops.setdefault(subject, (claim, implied[0], implied[1]))
                read.setdefault(subject, actual.sources)
                if claim.budget is not None and claim.budget.value is not None and claim.budget.unit in ("", "万元"):
                    printed.setdefault(subject, (claim, claim.budget.interval, claim.budget.value))
        if not tops:
            raise Absent("情况说明中没有总体的“完成年初预算的X%”")
        total = tops.get("财政拨款支出") or tops.get("一般公共预算财政拨款支出")
        if total is not None and "基本支出" in tops and "项目支出" in tops:
            parts = tops["基本支出"][1] + tops["项目支出"][1]
            value = tops["基本支出"][2] + tops["项目支出"][2]
            sources = [total[0].rate.source, tops["基本支出"][0].rate.source, tops["项目支出"][0].rate.source]
            sources += [s for subject in ("基本支出", "项目支出") for s in read.get(subject, ())]
            yield from self._against(total, parts, value, sources, "基本支出与项目支出", "由完成比例推算", "由完成比例推算")
        # item level, only when all 财政拨款 is 一般公共预算
        figures = figures_of(ctx)
        fund = figures.get("fund:政府性基金预算财政拨款支出")
        capital = figures.get("capital:国有资本经营预算财政拨款支出")
        if total is None or (fund is not None and fund.value != 0) or (capital is not None and capital.value != 0):
            return
        items = [i for i in resolved_items(ctx) if i.row is not None and len(i.claim.names) == 3]
        if len(items) < 2:
            return
        stated = printed.get("财政拨款支出" if "财政拨款支出" in tops else "一般公共预算财政拨款支出")
        interval = Interval.point(ZERO)
        value = ZERO
        sources = [total[0].rate.source] if stated is None else [stated[0].rate.source, *_budget_sources(stated[0])]
        kinds: list[str] = []
        for item in items:
            budget = _item_budget(item.claim)
            if budget is None:
                continue  # no 年初预算 stated or implied ("年初未安排预算"): it adds nothing
            interval = interval + budget[0]
            value += budget[1]
            sources.append(budget[2])
            kinds.append(budget[3])
        if len(kinds) < 2:
            return
        how = "文中所列" if set(kinds) == {"printed"} else "由完成比例推算" if set(kinds) == {"implied"} else "文中所列及由完成比例推算"
        yield from self._against(stated or total, interval, value, sources, "各项级科目", how, "文中所列" if stated else "由完成比例推算", items=True)

    def _against(
        self,
        total: tuple[BudgetRateClaim, Interval, Decimal],
        interval: Interval,
        value: Decimal,
        sources: list[Source],
        what: str,
        how: str,
        total_how: str,
        items: bool = False,
    ) -> Iterator[Hit]:
        """A hit when the budgets of the parts (``interval``, printed ``value``) cannot add up to the total's.
        Items of 项 that add up to less may leave out a 项 that had a budget and spent nothing: a hint."""
        if interval.intersects(total[1]):
            return
        cent = Decimal("0.01")
        short = items and interval.hi < total[1].lo
        note = "若有年初安排了预算却没有支出、因而未作说明的项级科目，可不理会。" if short else ""
        hit = self.hit(
            sources,
            what=what,
            how=how,
            total_how=total_how,
            actual=quantized(value, cent),
            expected=quantized(total[2], cent),
            difference=quantized(value - total[2], cent),
            note=note,
        )
        yield replace(hit, severity=Severity.INFO) if short else hit


def _budget_sources(claim: BudgetRateClaim) -> list[Source]:
    return [claim.budget.source] if claim.budget is not None else []


def _item_budget(claim: ItemClaim) -> tuple[Interval, Decimal, Source, str] | None:
    """An item's 年初预算 as (interval, value, where, "printed" / "implied"): the amount the text
    states ("年初预算为 X 万元"), else the one its 完成比例 implies; ``None`` when neither."""
    budget = claim.budget
    if budget is not None and budget.value is not None and budget.unit in ("", "万元"):
        return budget.interval, budget.value, budget.source, "printed"
    rate, amount = claim.rate, claim.amount
    if rate is None or amount is None or amount.value is None or amount.unit not in ("", "万元"):
        return None
    implied = _implied(amount.interval, amount.value, rate.rate)
    if implied is None:
        return None
    return implied[0], implied[1], rate.rate.source, "implied"


def _implied(actual: Interval, actual_value: Decimal, rate: Fact) -> tuple[Interval, Decimal] | None:
    if rate.value is None or rate.value <= 0:
        return None
    ratio = rate.interval.scale(Decimal("0.01"))
    quotient = actual / ratio
    if quotient is None:
        return None
    return quotient, actual_value * HUNDRED / rate.value


@register
class ItemCoverage(Rule):
    """一般公共预算财政拨款支出逐项说明到项级科目。

    检查内容
        公开05表中金额不为零的每个项级科目，在情况说明的一般公共预算财政拨款支出部分都有“X（类）Y（款）Z（项）”的说明。
    为什么重要
        预算法实施条例要求支出按功能分类公开到项；漏说明的科目往往正是变化最大的。
    反例
        05表有 2080999 其他退役安置支出 20.62 万元，情况说明没有提到。
    正例
        05表 11 个项级科目都有逐项说明。
    """

    id = "TX09"
    name = "text.item-coverage"
    category = Category.NARRATIVE
    severity = Severity.WARNING
    title = "逐项说明覆盖全部项级科目"
    message = "一般公共预算财政拨款支出决算表中的 {code} {label}（{amount} 万元）在情况说明中没有逐项说明。"
    requires = "item_explanations"
    absence = True  # an item not found explained may be explained on a page that was not read

    def run(self, ctx: Context) -> Iterator[Hit]:
        t05 = ctx.report.table(TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
        if t05 is None:
            raise Absent("文档中没有一般公共预算财政拨款支出决算表")
        items = resolved_items(ctx)
        if not items:
            raise CouldNotCheck("情况说明中没有找到“X（类）Y（款）Z（项）”格式的逐项说明")
        explained = {i.row.code.value for i in items if i.row is not None and i.row.code is not None}
        for row in t05.coded_rows:
            if row.code is None or len(row.code.value) != 7 or row.code.value in explained:
                continue
            fig = cell_fig(row.cells.get("合计"))
            if fig is None or fig.value == 0:
                continue
            yield self.hit([row.source], code=row.code.value, label=row.label, amount=fig.value)


@register
class ItemNames(Rule):
    """逐项说明中的科目名称与决算表一致。

    检查内容
        “X（类）Y（款）Z（项）”中的类、款、项名称，与公开05表同一科目的名称一致（允许表中因列宽截断的名称，以及去掉“支出”二字的简称）。
    为什么重要
        名称写错会让读者对不上表，也常是复制上一年说明时没改。
    反例
        “社会保障和就业支出（类）人力资源和社会保障管理事务（款）社会保险经办中心（项）”，表中为“社会保险经办机构”。
    正例
        名称与表中一致。
    """

    id = "TX10"
    name = "text.item-names"
    category = Category.NARRATIVE
    title = "逐项说明的科目名称与表一致"
    message = "逐项说明中的{level}级名称“{printed}”{problem}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        items = resolved_items(ctx)
        if not items:
            raise Absent("情况说明中没有逐项说明")
        for item in items:
            for level, printed, table_name in item.mismatches:
                if has_placeholder(printed):  # "XX（类）": an unfilled template, reported by YZ06
                    continue
                where = item.table.kind.value if item.table is not None else "决算表"
                problem = f"与表中“{table_name}”不一致" if table_name else f"在{where}中找不到"
                said = item.claim.amount.source if item.claim.amount else item.claim.unit.paragraph.source
                # not found: the table looked in is named too (one whose rows were not all read cannot tell)
                looked = item.table.source if not table_name and item.table is not None else None
                yield self.hit([said, looked], level=level, printed=printed, problem=problem)


@register
class Procurement(Rule):
    """政府采购：总额 = 货物 + 工程 + 服务；中小企业、小微企业金额与比例相符。

    检查内容
        政府采购支出总额等于货物、工程、服务三项之和；授予中小企业合同金额不大于总额，小微企业不大于中小企业；占比按金额计算相符（占比的计算另由 TX02 核对）。
    为什么重要
        政府采购是预算法要求单独说明的事项。
    反例
        总额 120.00 万元，货物 50.00、工程 0、服务 60.00。
    正例
        总额 110.00 = 50.00 + 0 + 60.00。
    """

    id = "TX11"
    name = "text.procurement"
    category = Category.NARRATIVE
    title = "政府采购金额相符"
    message = "政府采购：{what}：应为 {expected} 万元，文中为 {actual} 万元。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        p = ctx.report.matters.procurement
        if p is None:
            raise CouldNotCheck("没有找到政府采购的说明")
        if p.total is None:
            raise CouldNotCheck("政府采购说明中没有支出总额")
        total = _fact_fig(p.total)
        parts = [_fact_fig(f) for f in (p.goods, p.works, p.services) if f is not None]
        if total is not None and len(parts) == 3:
            summed = sum_figs(parts)
            verdict = compare(total, summed, ctx.amount_slack)
            if verdict is not Verdict.EQUAL:
                yield self.hit((*total.sources, *summed.sources), rounding=verdict is Verdict.ROUNDING, what="总额 = 货物 + 工程 + 服务", expected=summed.value, actual=total.value, difference=total.value - summed.value)
        for small, big, what in ((p.sme, p.total, "授予中小企业合同金额不大于总额"), (p.small_micro, p.sme, "授予小微企业合同金额不大于中小企业合同金额")):
            a = _fact_fig(small) if small else None
            b = _fact_fig(big) if big else None
            if a is not None and b is not None and a.interval.lo > b.interval.hi:
                yield self.hit((*a.sources, *b.sources), what=what, expected=b.value, actual=a.value)


@register
class Vehicles(Rule):
    """国有资产：车辆总数 = 各类车辆之和。

    检查内容
        “共有车辆 N 辆，其中：……”的总数等于各类用车数之和。
    为什么重要
        车辆是国有资产占用情况中最受关注的数字。
    反例
        “共有车辆 4 辆，其中机要通信用车 3 辆”，其余各类均为 0。
    正例
        “共有车辆 4 辆，其中机要通信用车 4 辆”。
    """

    id = "TX12"
    name = "text.vehicles"
    category = Category.NARRATIVE
    title = "车辆总数等于各类之和"
    message = "国有资产：车辆总数为 {actual} 辆，各类车辆合计 {expected} 辆。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        assets = ctx.report.matters.assets
        if assets is None or assets.vehicles_total is None or not assets.vehicles:
            raise CouldNotCheck("没有找到车辆总数及分类")
        total = assets.vehicles_total.value
        summed = sum((f.value for f in assets.vehicles.values() if f.value is not None), ZERO)
        if total is not None and total != summed:
            yield self.hit([assets.vehicles_total.source, *(f.source for f in assets.vehicles.values())], actual=total, expected=summed)


@register
class BasicItemsListed(Rule):
    """基本支出说明中列举的经费项目在基本支出表中有发生额。

    检查内容
        “人员经费 X 万元，主要包括……；日常公用经费 Y 万元，主要包括……”中列举的每一项，在公开06表中都有金额（不为空、不为零）。
    为什么重要
        照抄模板的列举会把没有发生的支出（如因公出国（境）费用、公务接待费）写进说明，与“三公”经费为零的说明相矛盾。
    反例
        公用经费“主要包括……因公出国（境）费用、公务接待费……”，06表这两项为空。
    正例
        只列举有发生额的项目。
    """

    id = "TX13"
    name = "text.basic-items-listed"
    category = Category.NARRATIVE
    severity = Severity.INFO
    title = "列举的经费项目有发生额"
    message = "基本支出说明的{group}列举了{count}个在基本支出决算表中没有发生额的项目：{names}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        t06 = ctx.report.table(TableKind.GENERAL_BASIC, BasicExpenditureTable)
        if t06 is None:
            raise Absent("文档中没有基本支出决算表")
        names = {normalize_name(i.name): i for i in t06.items}
        claims = claims_of(ctx)
        found = False
        for unit in claims.units:
            if unit.scope != "basic":
                continue
            text = unit.paragraph.text
            for m in re.finditer(r"(人员经费|日常公用经费|公用经费)[^。；]*?主要包括([^；。]+)", text):
                found = True
                # "基本工资、奖金……其他补助（不涉及的不列）": items separated by 、，or ……; a remark in
                # brackets at the end of an item dropped (brackets inside a name stay: 因公出国（境）费用)
                listing = m.group(2).strip().lstrip("：:")
                parts = re.split(r"[、，,]|…+|\.{3,}", re.sub(r"(等|的支出|支出等)$", "", listing.strip()))
                listed = [n for n in (re.sub(r"[（(][^（）()]*[）)]$", "", p.strip()).strip() for p in parts) if n]
                empty = []
                for name in listed:
                    key = normalize_name(re.sub(r"的?支出$", "", name))
                    item = names.get(key) or next((i for k, i in names.items() if k.startswith(key) or (key.startswith(k) and len(k) >= 2)), None)
                    if item is not None and (item.cell.amount is None or item.cell.amount.value == 0):
                        empty.append(name)
                if empty:
                    line = unit.paragraph.line_at(m.start(2))
                    source = unit.paragraph.source.at(line=line, text=m.group(0)[:60])
                    yield self.hit([source], group=m.group(1), count=len(empty), names="、".join(empty))
        if not found:
            raise NotApplicable("基本支出说明没有列举经费项目")


@register
class SentenceContradiction(Rule):
    """同一句话对同一对象的增减说法自相矛盾。

    检查内容
        一句话里对同一对象、同一比较基准（与上年、与某年）既说增加（增长）又说减少（下降），或既说增减又说“持平”，
        例如“减少为 0.00 万元，与上年持平”“增加 2.00 万元，与上年持平”。对象按各分句所写的名称区分：
        “教育支出增加……，科学技术支出减少……”说的是两个对象，不算矛盾；“主要原因是……减少”是原因，不算增减说法；
        “决算数持平预算数”是与预算比较，不计入。增减额与增减率方向不一致（“减少 X 万元，增长 Y%”）由 TX03 报告。
        “基本持平”可与小幅增减并存，不算矛盾。
    为什么重要
        自相矛盾的说法必有一处是错的，读者无从判断真实情况；常见于套用模板后只改了一半。
    反例
        “2024 年机关运行经费支出减少为 0.00 万元，与上年持平。”
    正例
        “2024 年机关运行经费支出 0.00 万元，与上年持平。”
    """

    id = "TX14"
    name = "text.contradiction"
    category = Category.NARRATIVE
    severity = Severity.WARNING
    title = "同一句中增减说法不矛盾"
    message = "同一句中“{subject}”既说“{first}”又说“{second}”，说法自相矛盾：“{sentence}”。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        claims = claims_of(ctx)
        if not claims.directions:
            raise Absent("情况说明中没有增减或持平的说法")
        by_sentence: dict[tuple[int, int], list[DirectionClaim]] = {}
        for d in claims.directions:
            by_sentence.setdefault((id(d.unit), d.sentence), []).append(d)
        for said in by_sentence.values():
            for j, second in enumerate(said):
                first = next((a for a in said[:j] if _contradicts(a, second)), None)
                if first is None:
                    continue
                text = second.unit.paragraph.text
                end = next((m.end() for m in re.finditer(r"[。；;！？]", text) if m.end() > second.word.end), len(text))
                sentence = text[second.sentence : end].strip()
                if len(sentence) > 60:  # the two words with a little around each
                    head = text[max(second.sentence, first.word.start - 15) : first.word.end + 12]
                    tail = text[max(first.word.end + 12, second.word.start - 10) : second.word.end + 6]
                    sentence = ("……".join((head, tail)) if second.word.start - 10 > first.word.end + 12 else head + tail).strip() + "……"
                yield self.hit(
                    [first.word.source, second.word.source],
                    subject=second.subject or first.subject or "该项",
                    first=first.word.word,
                    second=second.word.word,
                    sentence=sentence,
                )


_RATE_ONLY = ("增长", "下降", "降低", "上升")


def _contradicts(a: DirectionClaim, b: DirectionClaim) -> bool:
    """Two direction words of one sentence that cannot both be true (see :class:`SentenceContradiction`)."""
    if a.direction == b.direction or a.subject != b.subject:
        return False
    if a.against and b.against and a.against != b.against:
        return False  # "较上年增加 X 万元，较 2022 年减少 Y 万元": two bases
    if "level" not in (a.direction, b.direction):
        kinds = {a.quantity.kind if a.quantity else None, b.quantity.kind if b.quantity else None}
        if kinds == {FactKind.AMOUNT, FactKind.PERCENT} and (a.word.word in _RATE_ONLY or b.word.word in _RATE_ONLY):
            return False  # an amount and a rate that disagree: TX03 says so
    return True


@register
class GarbledComparative(Rule):
    """比较词错乱：相反的两个词连写。

    检查内容
        “大小于”“小大于”“增减少”“减增加”“增加减少”“增长下降”等把两个相反的比较词连在一起的写法，以及“增加/减少”
        这种把模板的两个选项都留下的写法（“增加（减少）”这类括号选项作为未填写的模板内容由 YZ06 报告）。跨行、跨页断开的也能识别。
    为什么重要
        读者无法判断到底是增还是减、是大于还是小于；这通常是修改模板时删字不完整留下的。
    反例
        “决算数大小于年初预算数的主要原因是……”
    正例
        “决算数小于年初预算数的主要原因是……”
    """

    id = "TX15"
    name = "text.garbled-comparative"
    category = Category.NARRATIVE
    severity = Severity.WARNING
    title = "比较词不错乱"
    message = "“{word}”把相反的比较词写在了一起，应只保留其一：“{context}”。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        claims = claims_of(ctx)
        if not claims.units:
            raise CouldNotCheck("没有找到情况说明")
        for g in claims.garbled:
            if has_placeholder(g.text):
                continue
            paragraph = g.unit.paragraph
            line = paragraph.line_at(g.start)
            context = paragraph.text[max(0, g.start - 12) : g.end + 12].strip()
            yield self.hit([paragraph.source.at(line=line, text=g.text)], word="".join(g.text.split()), context="".join(context.split()))
