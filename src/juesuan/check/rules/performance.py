"""JX — 绩效自评: the scoring of each table, and what the narrative says of them (绩效)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from juesuan.check.engine import Absent, Context, CouldNotCheck, Hit, Rule, register
from juesuan.check.places import form_line
from juesuan.check.quantities import Verdict, cell_fig
from juesuan.diagnostics import Category, Severity
from juesuan.model.build import unchecked
from juesuan.model.codes import normalize_name
from juesuan.model.money import Interval, sum_intervals
from juesuan.model.narrative import Fact, FactKind
from juesuan.model.performance import Figure, Indicator, ProjectEvaluation
from juesuan.model.provenance import Source
from juesuan.model.report import ProjectSummary
from juesuan.model.tables import ClassifiedTable, TableKind
from juesuan.scoring import completion_ratio, round_half_up

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


_SCORE_STEP = Decimal("0.1")


def _iv(fig: Figure) -> Interval | None:
    """A printed score or rate as an interval. Its last printed decimal is rounded, but a whole
    number is not read as anything from x − 0.5 to x + 0.5: a 自评表 works its scores to at least
    one decimal, and an integer there (full marks 10, a capped total of 59) is at most ±0.05 off."""
    if fig.value is None:
        return None
    return Interval.around(fig.value, min(fig.step, _SCORE_STEP))


def _money_iv(fig: Figure) -> Interval | None:
    """A 万元 figure of a 自评表: printed with fewer decimals means cents were dropped."""
    if fig.value is None:
        return None
    step = min(_CENT, fig.step)
    return Interval.around(fig.value, step)


def _summed(figures: list[Figure], interval: Callable[[Figure], Interval | None] = _money_iv) -> tuple[Decimal, Interval]:
    """The sum of printed figures, and the interval of their true sum (each read by ``interval``)."""
    total = sum((f.value for f in figures if f.value is not None), ZERO)
    return total, sum_intervals([iv for f in figures if (iv := interval(f)) is not None])


def _fraction(fig: Figure) -> Interval | None:
    """完成程度 / 执行率 as a fraction interval (``92.0%`` → [0.9195, 0.9205]; ``1`` → [0.5, 1.5]→ exact 1)."""
    if fig.value is None:
        return None
    if fig.percent:
        return Interval.around(fig.value / HUNDRED, fig.step / HUNDRED)
    if fig.value <= Decimal("1.5"):
        # printed as a fraction; "1" means exactly 100 %
        step = fig.step if fig.places > 0 else Decimal("0.005")
        return Interval.around(fig.value, step)
    return Interval.around(fig.value / HUNDRED, fig.step / HUNDRED)


def _verdict(printed: Figure, expected: Interval, exact: Decimal | None, places: int | None = None) -> Verdict:
    if printed.value is None:
        return Verdict.EQUAL
    p = printed.places if places is None else places
    if exact is not None and round_half_up(exact, p) == printed.value:
        return Verdict.EQUAL
    own = _iv(printed)
    if own is None:
        return Verdict.EQUAL
    return Verdict.ROUNDING if own.intersects(expected) else Verdict.DIFFERENT


def _projects(ctx: Context) -> tuple[ProjectEvaluation, ...]:
    if not ctx.report.projects:
        raise Absent("文档中没有预算项目（政策）绩效自评表")
    return ctx.report.projects


def _all_indicators(ctx: Context) -> list[tuple[str, Indicator]]:
    """Every indicator of the 项目 and 整体 自评表, with the name of its form (or :class:`NotApplicable`)."""
    if not ctx.report.projects and not ctx.report.whole:
        raise Absent("文档中没有绩效自评表")
    out = [(project.name, indicator) for project in ctx.report.projects for indicator in project.indicators]
    out.extend(("部门（单位）整体绩效自评表", indicator) for whole in ctx.report.whole for indicator in whole.indicators)
    return out


@register
class IndicatorScore(Rule):
    """指标得分 = 分值 × 完成程度，且不超过分值。

    检查内容
        每个三级指标的得分等于分值乘以表中印出的完成程度（百分数或小数），且不超过分值。
    为什么重要
        得分手算后填入，乘错、抄错都会改变总分和评价等级。
    反例
        分值 13.4，完成程度 46.0%，得分 6.64。
    正例
        分值 13.4，完成程度 46.0%，得分 6.164。
    """

    id = "JX01"
    name = "performance.indicator-score"
    category = Category.PERFORMANCE
    title = "指标得分 = 分值 × 完成程度"
    message = "{project}：指标“{indicator}”分值 {weight}、完成程度 {completion}，得分应为 {expected}，表中为 {actual}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for owner, ind in _all_indicators(ctx):
            if ind.weight.value is None or ind.score.value is None:
                continue
            if ind.score.value > ind.weight.value:
                yield Hit(
                    message=f"{owner}：指标“{ind.name}”得分 {ind.score.value} 超过分值 {ind.weight.value}。",
                    sources=(ind.score.source, ind.weight.source),
                    expected=ind.weight.value,
                    actual=ind.score.value,
                )
                continue
            completion = _fraction(ind.completion)
            if completion is None:
                continue
            weight = Interval.point(ind.weight.value)
            expected = weight * completion
            exact = ind.weight.value * (ind.completion.value / HUNDRED if ind.completion.percent or ind.completion.value > Decimal("1.5") else ind.completion.value)  # type: ignore[operator]
            verdict = _verdict(ind.score, expected, exact, max(ind.score.places, 2))
            if verdict is Verdict.EQUAL:
                continue
            yield self.hit(
                [ind.score.source, ind.weight.source, ind.completion.source],
                rounding=verdict is Verdict.ROUNDING,
                project=owner,
                indicator=ind.name,
                weight=ind.weight.value,
                completion=ind.completion.text,
                expected=round_half_up(exact, 4).normalize(),
                actual=ind.score.value,
            )


@register
class IndicatorCompletion(Rule):
    """完成程度与指标值、完成值相符。

    检查内容
        定量指标：按运算符计算完成程度——“≥”为完成值 ÷ 指标值（不超过 100%），“≤”未超标为 100%、超标为指标值 ÷ 完成值，“=”相等为 100%；
        按所适用的评分办法取整（辽宁按两位小数的比率计分，如 800 ÷ 871 记 92%）。定性指标：完成程度须落在所选档次的区间内（达成 100%–80%）。
        完成程度不得超过 100%。
    为什么重要
        完成程度决定得分；常见错误是未完成也填 100%，或把完成值与指标值写反。
    反例
        补贴人数 ≥ 74 人，完成 34 人，完成程度 100%。
    正例
        补贴人数 ≥ 74 人，完成 34 人，完成程度 46.0%。
    """

    id = "JX02"
    name = "performance.indicator-completion"
    category = Category.PERFORMANCE
    title = "完成程度与指标值、完成值相符"
    message = "{project}：指标“{indicator}”（{operator}{target}{unit}，完成 {actual_value}）{problem}"

    def run(self, ctx: Context) -> Iterator[Hit]:
        policy = ctx.policy
        for owner, ind in _all_indicators(ctx):
            completion = _fraction(ind.completion)
            if completion is None:
                continue
            params: dict[str, Any] = {
                "project": owner,
                "indicator": ind.name,
                "operator": ind.operator,
                "target": ind.target.text,
                "unit": ind.measure_unit,
                "actual_value": ind.actual.text,
            }
            sources = [ind.completion.source, ind.target.source, ind.actual.source]
            if completion.lo > ONE:
                yield self.hit(sources, problem=f"完成程度 {ind.completion.text} 超过 100%。", **params)
                continue
            if ind.operator and ind.target.value is not None and ind.actual.value is not None:
                ratio = completion_ratio(ind.operator, ind.target.value, ind.actual.value)
                if ratio is None:
                    continue
                scored = policy.scored_completion(ratio)
                candidates = [scored, ratio]
                if any(completion.contains(c) for c in candidates):
                    continue
                rounding = any(abs(c - completion.mid) <= Decimal("0.005") for c in candidates)
                expected = f"{round_half_up(scored * HUNDRED, 2).normalize():f}%"
                yield self.hit(sources, rounding=rounding, problem=f"完成程度应为 {expected}，表中为 {ind.completion.text}。", expected=expected, actual=ind.completion.text, **params)
            elif not ind.operator and ind.target.text and ind.actual.text:
                text = ind.actual.text
                band = next((b for b in policy.bands if b[0] in text), None)
                if band is not None and not (band[1] <= completion.mid <= band[2]):
                    yield self.hit(sources, problem=f"自评为“{band[0]}”，完成程度应在 {band[1] * 100:.0f}%–{band[2] * 100:.0f}% 之间，表中为 {ind.completion.text}。", **params)


def _score_sum(indicators: tuple[Indicator, ...]) -> tuple[Decimal, Interval, list[Source]] | None:
    values = [i.score for i in indicators if i.score.value is not None]
    if not values:
        return None
    total, interval = _summed(values, _iv)
    return total, interval, [v.source for v in values]


@register
class Subtotal(Rule):
    """指标自评得分小计 = 各指标得分之和。

    检查内容
        每张项目自评表的“指标自评得分小计”等于各三级指标得分之和。
    为什么重要
        小计是总分的主体。
    反例
        各指标得分之和 77.364，小计填 78.36。
    正例
        小计 77.36（77.364 取两位小数）。
    """

    id = "JX03"
    name = "performance.subtotal"
    category = Category.PERFORMANCE
    title = "得分小计 = 各指标得分之和"
    message = "{project}：各指标得分之和为 {expected}，“指标自评得分小计”为 {actual}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for project in _projects(ctx):
            summed = _score_sum(project.indicators)
            if summed is None or project.subtotal.value is None:
                continue
            total, interval, sources = summed
            verdict = _verdict(project.subtotal, interval, total)
            if verdict is Verdict.EQUAL:
                continue
            yield self.hit([project.subtotal.source, *sources], rounding=verdict is Verdict.ROUNDING, project=project.name, expected=total, actual=project.subtotal.value)


@register
class WeightTotal(Rule):
    """指标分值合计符合评分办法。

    检查内容
        每张项目自评表各三级指标的分值之和等于评分办法规定的指标总分（预算执行率 10 分之外的 90 分）；
        全国通行办法下，产出、效益、满意度一级指标原则上分别为 50、30、10 分（仅提示）。
    为什么重要
        分值合计不对，满分就不是 100，总分失去可比性。
    反例
        各指标分值合计 91.5。
    正例
        12.5 × 4 + 13.4 + 13.3 + 13.3 = 90。
    """

    id = "JX04"
    name = "performance.weight-total"
    category = Category.PERFORMANCE
    title = "指标分值合计"
    message = "{project}：{what}应为 {expected}，表中合计 {actual}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        policy = ctx.policy
        for project in _projects(ctx):
            weights = [i.weight for i in project.indicators if i.weight.value is not None]
            if not weights:
                continue
            total = sum((w.value for w in weights if w.value is not None), ZERO)
            if total != policy.indicator_total:
                yield self.hit([w.source for w in weights], project=project.name, what="各指标分值合计", expected=policy.indicator_total, actual=total)
            if policy.level1_weights:
                for level1, expected in policy.level1_weights.items():
                    part = sum((i.weight.value for i in project.indicators if i.level1 == level1 and i.weight.value is not None), ZERO)
                    if part and part != expected:
                        hit = self.hit([w.source for w in weights], project=project.name, what=f"{level1}分值原则上", expected=expected, actual=part)
                        yield Hit(message=hit.message, sources=hit.sources, severity=Severity.INFO)


@register
class ExecutionRate(Rule):
    """执行率 = 全年执行数 ÷ 项目预算金额。

    检查内容
        项目自评表的执行率等于全年执行数除以全年预算数（按未取整的金额计算，表中金额按印刷精度视为区间）。
    为什么重要
        执行率同时决定 10 分的预算执行率得分和是否封顶扣分。
    反例
        预算 49.5、执行 34，执行率填 69.69%。
    正例
        34 ÷ 49.5 = 68.69%。
    """

    id = "JX05"
    name = "performance.execution-rate"
    category = Category.PERFORMANCE
    title = "执行率计算正确"
    message = "{project}：预算 {budget} 万元、执行 {spent} 万元，执行率应为 {expected}%，表中为 {actual}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for project in _projects(ctx):
            budget, spent, rate = _money_iv(project.budget), _money_iv(project.spent), _fraction(project.rate)
            if budget is None or spent is None or rate is None or project.budget.value in (None, ZERO):
                continue
            expected = spent / budget
            if expected is None:
                continue
            exact = project.spent.value / project.budget.value  # type: ignore[operator]
            pct = expected.scale(HUNDRED)
            verdict = _verdict(project.rate, pct, exact * HUNDRED)
            if verdict is Verdict.EQUAL:
                continue
            yield self.hit(
                [project.rate.source, project.budget.source, project.spent.source],
                rounding=verdict is Verdict.ROUNDING,
                project=project.name,
                budget=project.budget.value,
                spent=project.spent.value,
                expected=round_half_up(exact * HUNDRED, 2),
                actual=project.rate.text,
            )


@register
class RateScore(Rule):
    """预算执行率得分符合评分办法。

    检查内容
        预算执行率得分 = 执行率分值（10 分）× 执行数 ÷ 预算数，最高不超过分值；按未取整的执行率计算。
        得分若与表中印出的执行率相符（10 × 91.85% = 9.185，记 9.19），差额来自执行率的取整，只报尾差提示。
    为什么重要
        这 10 分是唯一由财务数据直接决定的得分。
    反例
        预算 871 万元、执行 800 万元，执行率 91.85%，得分 9.81。
    正例
        执行率 91.85%，得分 9.18（10 × 800 ÷ 871 = 9.1848）。
    """

    id = "JX06"
    name = "performance.rate-score"
    category = Category.PERFORMANCE
    title = "预算执行率得分"
    message = "{project}：执行率 {rate}，预算执行率得分应为 {expected}，表中为 {actual}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        policy = ctx.policy
        for project in _projects(ctx):
            budget, spent = _money_iv(project.budget), _money_iv(project.spent)
            if budget is None or spent is None or project.rate_score.value is None or not project.budget.value:
                continue
            exact = policy.rate_score(project.budget.value, project.spent.value)  # type: ignore[arg-type]
            quotient = spent / budget
            if exact is None or quotient is None:
                continue
            weight = policy.rate_weight
            expected = Interval(lo=min(quotient.lo * weight, weight), hi=min(quotient.hi * weight, weight))
            verdict = _verdict(project.rate_score, expected, exact, max(project.rate_score.places, 2))
            if verdict is Verdict.EQUAL:
                continue
            printed_rate = _fraction(project.rate)
            own = _iv(project.rate_score)
            if verdict is Verdict.DIFFERENT and printed_rate is not None and own is not None:
                # 10 × the printed 执行率 (91.85% → 9.185 → 9.19): rounding of the rate, not an error
                by_rate = Interval(lo=min(printed_rate.lo * weight, weight), hi=min(printed_rate.hi * weight, weight))
                if own.intersects(by_rate):
                    verdict = Verdict.ROUNDING
            yield self.hit(
                [project.rate_score.source, project.budget.source, project.spent.source],
                rounding=verdict is Verdict.ROUNDING,
                project=project.name,
                rate=project.rate.text,
                expected=round_half_up(exact, 2),
                actual=project.rate_score.value,
            )


@register
class TotalScore(Rule):
    """总分 = 指标小计 + 预算执行率得分 − 减分项；减分项符合评分办法。

    检查内容
        绩效自评总得分等于指标自评得分小计加预算执行率得分减去减分项。按评分办法，执行率偏低时总分封顶（辽宁：执行率低于 60% 不超过 59 分，
        低于设定值时不超过 79 分），减分项 = 小计 + 执行率得分 − 封顶分；没有封顶时不应有减分项。
    为什么重要
        总分决定评价等级，是自评结果的结论。
    反例
        小计 90、执行率得分 3.08（执行率 30.75%），总分 93.08，未按规定封顶为 59 分。
    正例
        减分项 34.075，总分 90 + 3.08 − 34.075 = 59。
    """

    id = "JX07"
    name = "performance.total-score"
    category = Category.PERFORMANCE
    title = "总分与减分项"
    message = "{project}：{problem}"

    def run(self, ctx: Context) -> Iterator[Hit]:
        policy = ctx.policy
        for project in _projects(ctx):
            sub, rs, ded, total = project.subtotal, project.rate_score, project.deduction, project.total
            if total.value is None or sub.value is None:
                continue
            deduction = ded.value or ZERO
            parts = (_iv(sub) or Interval.point(sub.value)) + (_iv(rs) or Interval.point(rs.value or ZERO)) - (_iv(ded) or Interval.point(ZERO))
            exact = sub.value + (rs.value or ZERO) - deduction
            verdict = _verdict(total, parts, exact)
            sources = [total.source, sub.source, rs.source, ded.source]
            if verdict is not Verdict.EQUAL:
                yield self.hit(
                    sources,
                    rounding=verdict is Verdict.ROUNDING,
                    project=project.name,
                    problem=f"小计 {sub.value} + 执行率得分 {rs.value or 0} − 减分项 {deduction} = {exact}，总得分却为 {total.value}。",
                    expected=exact,
                    actual=total.value,
                )
                continue
            # the deduction the policy asks for
            if project.budget.value and project.spent.value is not None:
                rate_pct = project.spent.value * HUNDRED / project.budget.value
                rate_score = policy.rate_score(project.budget.value, project.spent.value) or ZERO
                summed = _score_sum(project.indicators)
                subtotal = summed[0] if summed else sub.value
                cap = policy.cap_for(rate_pct)
                needed = policy.deduction(subtotal, rate_score, rate_pct)
                if cap is not None and total.value > cap:
                    yield self.hit(sources, project=project.name, problem=f"执行率 {round_half_up(rate_pct, 2)}%，按{policy.short_title}的评分办法总分不得超过 {cap} 分，表中为 {total.value}。")
                elif needed > 0 and ded.value is not None and not Interval.around(needed, Decimal("0.01")).intersects(_iv(ded) or Interval.point(ded.value)):
                    yield self.hit(sources, project=project.name, problem=f"按{policy.short_title}的评分办法，减分项应为 {round_half_up(needed, 4).normalize()}，表中为 {ded.value}。")
                elif cap is None and deduction > 0:
                    yield Hit(
                        message=f"{project.name}：执行率 {round_half_up(rate_pct, 2)}% 不触发{policy.short_title}评分办法的封顶，却有减分项 {deduction}，请说明扣分依据。",
                        sources=tuple(sources),
                        severity=Severity.WARNING,
                    )


@register
class DeviationReason(Rule):
    """未完成的指标说明了偏差原因和改进措施。

    检查内容
        完成程度低于 100% 的指标，须勾选偏差原因类别（经费保障、制度保障、人员保障、硬件条件保障、其他）并写明原因说明和改进措施。
    为什么重要
        财预〔2020〕10号要求对未完成的指标分析原因；缺说明的自评流于形式。
    反例
        补贴人数完成 46.0%，原因说明和改进措施均空白。
    正例
        “其他：缴纳养老保险的人数无法确定……”。
    """

    id = "JX08"
    name = "performance.deviation-reason"
    category = Category.PERFORMANCE
    severity = Severity.WARNING
    title = "偏差原因与改进措施"
    message = "{project}：指标“{indicator}”完成程度 {completion}，{missing}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for owner, ind in _all_indicators(ctx):
            completion = _fraction(ind.completion)
            if completion is None or completion.hi >= Decimal("0.995"):
                continue
            missing = []
            if not ind.reason:
                missing.append("没有说明偏差原因")
            if not ind.measures:
                missing.append("没有写改进措施")
            if missing:
                yield self.hit([ind.source, ind.completion.source], project=owner, indicator=ind.name, completion=ind.completion.text, missing="、".join(missing))


def _summaries(ctx: Context) -> list[tuple[ProjectSummary, ProjectEvaluation | None]]:
    """The narrative's per-project summaries paired with their 自评表 (or the rule cannot run)."""
    _projects(ctx)
    pairs = ctx.cache("project_pairs", lambda: _pair_summaries(ctx))
    if not isinstance(pairs, list) or not pairs:
        raise CouldNotCheck("情况说明中没有找到逐个项目的自评综述")
    return pairs


def _pair_summaries(ctx: Context) -> list[tuple[ProjectSummary, ProjectEvaluation | None]]:
    """Each summary with the 自评表 whose name (helped by equal money) is most alike, if alike enough."""
    summary = ctx.report.matters.performance
    if summary is None or not summary.project_summaries:
        return []
    import difflib  # only for a narrative with per-project summaries: a document without them does not load it

    out = []
    for item in summary.project_summaries:
        name = normalize_name(item.name)
        best: ProjectEvaluation | None = None
        best_score = 0.0
        for project in ctx.report.projects:
            other = normalize_name(project.name)
            score = 1.0 if other == name else difflib.SequenceMatcher(None, name, other).ratio()
            # money that agrees helps to pair a renamed project
            if item.budget is not None and project.budget.value is not None and item.budget.value == project.budget.value:
                score += 0.15
            if item.spent is not None and project.spent.value is not None and item.spent.value == project.spent.value:
                score += 0.15
            if score > best_score:
                best, best_score = project, score
        out.append((item, best if best_score >= 0.55 else None))
    return out


@register
class NarrativeProjects(Rule):
    """情况说明的项目自评综述与自评表一致。

    检查内容
        “（N）X 项目自评综述：……项目自评得分 S 分。项目全年预算数为 B 万元，全年执行数为 E 万元，完成预算的 R%”中，
        项目名称、得分、预算数、执行数、完成比例与同名项目自评表一致。
    为什么重要
        综述是自评表的摘要，读者不会去翻附件核对。
    反例
        综述写“自评得分 79 分”，自评表总得分 78.85。
    正例
        综述与自评表一致。
    """

    id = "JX09"
    name = "performance.narrative-projects"
    category = Category.PERFORMANCE
    title = "项目自评综述与自评表一致"
    message = "项目“{name}”：情况说明写{what} {actual}，自评表为 {expected}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        pairs = _summaries(ctx)
        for item, project in pairs:
            if project is None:
                yield Hit(message=f"情况说明中的项目“{item.name}”（{item.number}）找不到对应的自评表。", sources=(item.paragraph.source,))
                continue
            for what, fact, fig in (
                ("自评得分", item.score, project.total),
                ("全年预算数", item.budget, project.budget),
                ("全年执行数", item.spent, project.spent),
                ("完成预算的比例", item.rate, project.rate),
            ):
                if fact is None or fact.value is None or fig.value is None:
                    continue
                if fact.value == fig.value:
                    continue
                a = fact.interval
                b = fig.interval
                rounding = a is not None and b is not None and a.intersects(b)
                yield self.hit([fact.source, fig.source], rounding=rounding, name=project.name, what=what, actual=fact.text, expected=fig.text)


@register
class NarrativeProjectNames(Rule):
    """项目自评综述中的项目名称与自评表一致。

    检查内容
        情况说明逐项综述的项目名称，与对应项目自评表的“项目（政策）名称”完全一致。
    为什么重要
        同一项目两个名称，读者无法确认说的是哪张表。
    反例
        综述写“事转企业丧葬费补差项目”，自评表为“事转企单位退休死亡人员丧葬费补差”。
    正例
        名称一致。
    """

    id = "JX10"
    name = "performance.narrative-project-names"
    category = Category.PERFORMANCE
    severity = Severity.WARNING
    title = "项目名称一致"
    message = "情况说明中的项目名称“{printed}”与自评表名称“{table}”不一致。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        pairs = _summaries(ctx)
        for item, project in pairs:
            if project is None:
                continue
            if normalize_name(item.name) != normalize_name(project.name):
                name_row = form_line(project.lines, project.source, startswith="项目(政策)名称")
                if name_row is project.source:
                    name_row = form_line(project.lines, project.source, startswith="项目（政策）名称")
                yield self.hit([item.paragraph.source, name_row], printed=item.name, table=project.name)


@register
class NarrativeSummary(Rule):
    """绩效情况说明中的项目个数、涉及资金和平均分与自评表一致。

    检查内容
        “共涉及预算支出项目 N 个……涉及资金 M 万元……自评平均分为 A 分”：N 等于项目自评表张数（逐一列示的项目数也一样）；
        M 等于各自评表全年执行数之和（未纳入自评的项目，如涉密项目，应另作说明）；A 等于各表总得分的平均值；
        整体绩效自评的单位数、涉及资金和得分与整体自评表一致。
    为什么重要
        这是预算绩效部分的结论性数字。
    反例
        九张自评表执行数合计 1,040.35 万元，文中写“涉及资金 1,060.97 万元”。
    正例
        涉及资金与自评表执行数合计一致，或说明差额来自未自评的涉密项目。
    """

    id = "JX11"
    name = "performance.narrative-summary"
    category = Category.PERFORMANCE
    title = "绩效情况的汇总数字"
    message = "预算绩效情况：{what}为 {actual}，按自评表应为 {expected}。"
    absence = True  # counts and sums over the 自评表 found: one on a page not read is not counted

    def run(self, ctx: Context) -> Iterator[Hit]:
        summary = ctx.report.matters.performance
        if summary is None:
            raise CouldNotCheck("情况说明中没有找到预算绩效情况")
        projects = ctx.report.projects
        count = Decimal(len(projects))
        for what, fact in (("项目个数", summary.projects), ("逐项列示的项目个数", summary.listed_projects)):
            if fact is not None and fact.value is not None and projects and fact.value != count:
                yield self.hit([fact.source], what=what, actual=fact.value, expected=count)
        spent = [p.spent for p in projects if p.spent.value is not None]
        if summary.money is not None and summary.money.value is not None and spent:
            total, interval = _summed(spent)
            if summary.money.value != total:
                hit = self.hit(
                    [summary.money.source, *(s.source for s in spent)],
                    rounding=interval.intersects(summary.money.interval),
                    what="涉及资金（万元）",
                    actual=summary.money.value,
                    expected=total,
                )
                t03 = ctx.report.table(TableKind.EXPENDITURE, ClassifiedTable)
                note = ""
                severity = None
                if t03 is not None and t03.total is not None:
                    fig = cell_fig(t03.total.cells.get("项目支出"))
                    if fig is not None and fig.value == summary.money.value:
                        note = f"（文中数字等于项目支出合计 {fig.value} 万元，其中 {fig.value - total} 万元未见自评表，如为涉密等未自评项目应予说明）"
                        severity = Severity.WARNING
                message = hit.message.removesuffix("。") + note + "。" if note else hit.message
                yield Hit(message=message, sources=hit.sources, expected=hit.expected, actual=hit.actual, rounding=hit.rounding, severity=severity)
        totals = [p.total for p in projects if p.total.value is not None]
        if summary.average_score is not None and summary.average_score.value is not None and totals:
            summed_totals, interval = _summed(totals)
            mean = summed_totals / Decimal(len(totals))
            mean_iv = interval.scale(ONE / Decimal(len(totals)))
            verdict = _verdict(_fig_of(summary.average_score), mean_iv, mean, summary.average_score.places)
            if verdict is not Verdict.EQUAL:
                yield self.hit(
                    [summary.average_score.source, *(t.source for t in totals)],
                    rounding=verdict is Verdict.ROUNDING,
                    what="项目自评平均分",
                    actual=summary.average_score.value,
                    expected=round_half_up(mean, 2),
                )
        for what, total_fact, parts in (
            ("项目个数", summary.projects, (summary.projects_general, summary.projects_fund, summary.projects_capital)),
            ("涉及资金（万元）", summary.money, (summary.money_general, summary.money_fund, summary.money_capital)),
        ):
            given = [p for p in parts if p is not None and p.value is not None]
            if total_fact is None or total_fact.value is None or len(given) < 2:
                continue
            summed = sum((p.value for p in given if p.value is not None), ZERO)
            if summed != total_fact.value:
                interval = sum_intervals([p.interval for p in given])
                yield Hit(
                    message=f"预算绩效情况：{what}合计为 {total_fact.value}，按一般公共预算、政府性基金、国有资本经营分列之和为 {summed}。",
                    sources=(total_fact.source, *(p.source for p in given)),
                    rounding=what.startswith("涉及资金") and interval.intersects(total_fact.interval),
                    actual=total_fact.value,
                    expected=summed,
                )
        if summary.coverage is not None and summary.coverage.value is not None and summary.coverage.value > HUNDRED:
            yield self.hit([summary.coverage.source], what="自评覆盖率（%）", actual=summary.coverage.value, expected="不超过 100")
        whole = ctx.report.whole
        if summary.whole_units is not None and summary.whole_units.value is not None and summary.whole_units.value != len(whole):
            yield self.hit([summary.whole_units.source], what="整体绩效自评单位数", actual=summary.whole_units.value, expected=len(whole))
        if whole:
            w = whole[0]
            if summary.whole_score is not None and summary.whole_score.value is not None and w.total.value is not None and summary.whole_score.value != w.total.value:
                yield self.hit([summary.whole_score.source, w.total.source], what="整体绩效自评得分", actual=summary.whole_score.value, expected=w.total.value)
            spent_tasks = [t.spent for t in w.tasks if t.spent.value is not None]
            if summary.whole_money is not None and summary.whole_money.value is not None and spent_tasks:
                total, interval = _summed(spent_tasks)
                if total != summary.whole_money.value:
                    yield self.hit(
                        [summary.whole_money.source, *(t.source for t in spent_tasks)],
                        rounding=interval.intersects(summary.whole_money.interval),
                        what="整体绩效自评涉及资金（万元）",
                        actual=summary.whole_money.value,
                        expected=total,
                    )


def _fig_of(fact: Fact) -> Figure:
    return unchecked(Figure, value=fact.value, text=fact.text, places=fact.places, source=fact.source)


@register
class WholeEvaluation(Rule):
    """部门（单位）整体绩效自评表的计算。

    检查内容
        年度主要任务：项目执行率 = 执行金额 ÷ 下达金额（辽宁按整数百分比取整），得分 = 分值 × 执行率；
        总评价得分 = 各任务得分 + 各指标得分；分值合计 100；整体支出与一般公共预算财政拨款基本支出相符（尾差提示）。
    为什么重要
        整体自评表是部门层面的绩效结论。
    反例
        任务分值 10，执行率 86.00%，得分 8.9。
    正例
        任务分值 10，执行率 86.00%，得分 8.6。
    """

    id = "JX12"
    name = "performance.whole"
    category = Category.PERFORMANCE
    title = "整体自评表的计算"
    message = "整体绩效自评表：{problem}"

    def run(self, ctx: Context) -> Iterator[Hit]:
        if not ctx.report.whole:
            raise Absent("文档中没有部门（单位）整体绩效自评表")
        places = ctx.policy.task_rate_places
        for whole in ctx.report.whole:
            for task in whole.tasks:
                if task.allotted.value and task.spent.value is not None and task.rate.value is not None:
                    exact = task.spent.value / task.allotted.value * HUNDRED
                    shown = round_half_up(exact, places) if places is not None else exact
                    rate = _fraction(task.rate)
                    if rate is not None and not rate.contains(shown / HUNDRED) and not Interval.around(exact, Decimal("0.005")).scale(Decimal("0.01")).intersects(rate):
                        yield self.hit(
                            [task.rate.source, task.allotted.source, task.spent.source],
                            problem=f"任务“{task.name}”下达 {task.allotted.value}、执行 {task.spent.value}，执行率应为 {round_half_up(shown, 2)}%，表中为 {task.rate.text}。",
                        )
                        continue
                    if task.weight.value is not None and task.score.value is not None and rate is not None:
                        expected = task.weight.value * rate.mid
                        if abs(expected - task.score.value) > Decimal("0.005") + task.weight.value * (rate.width / 2):
                            yield self.hit(
                                [task.score.source, task.weight.source, task.rate.source],
                                problem=f"任务“{task.name}”分值 {task.weight.value}、执行率 {task.rate.text}，得分应为 {round_half_up(expected, 2)}，表中为 {task.score.value}。",
                            )
            scores = [t.score for t in whole.tasks] + [i.score for i in whole.indicators]
            values = [s for s in scores if s.value is not None]
            if whole.total.value is not None and values:
                total = sum((s.value for s in values if s.value is not None), ZERO)
                if abs(total - whole.total.value) > Decimal("0.005") * len(values):
                    yield self.hit([whole.total.source, *(s.source for s in values)], problem=f"各任务与指标得分合计 {total}，总评价得分为 {whole.total.value}。")
            weights = [t.weight for t in whole.tasks] + [i.weight for i in whole.indicators]
            wsum = sum((w.value for w in weights if w.value is not None), ZERO)
            if weights and wsum and wsum != HUNDRED:
                yield self.hit([w.source for w in weights], problem=f"任务与指标分值合计 {wsum}，应为 100。")
            basic = ctx.report.table(TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
            spent = [t.spent for t in whole.tasks if t.spent.value is not None]
            if basic is not None and basic.total is not None and spent:
                fig = cell_fig(basic.total.cells.get("基本支出"))
                total, interval = _summed(spent)
                if fig is not None and fig.value != 0 and total != fig.value:
                    rounding = interval.intersects(fig.interval)
                    if rounding or all("基本支出" in t.name for t in whole.tasks):
                        yield self.hit(
                            [*(s.source for s in spent), *fig.sources],
                            rounding=rounding,
                            problem=f"各任务执行金额合计 {total} 万元，一般公共预算财政拨款基本支出为 {fig.value} 万元。",
                        )


@register
class RatePercentCap(Rule):
    """比率类指标的完成值不超过 100%。

    检查内容
        度量单位为“%”、名称为某某率或满意度的指标，全年完成值不应超过 100。
    为什么重要
        满意度 101%、到位率 105% 是填报错误。
    反例
        受益群众满意度：完成值 101%。
    正例
        受益群众满意度：完成值 100%。
    """

    id = "JX13"
    name = "performance.rate-cap"
    category = Category.PERFORMANCE
    severity = Severity.WARNING
    title = "比率不超过100%"
    message = "{project}：指标“{indicator}”的{column}为 {actual}%，比率不应超过 100%。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for owner, ind in _all_indicators(ctx):
            if ind.measure_unit.strip() not in {"%", "％"}:
                continue
            if not any(w in ind.name for w in ("率", "满意度", "覆盖")) or "变动率" in ind.name or "增长率" in ind.name:
                continue
            for column, fig in (("全年完成值", ind.actual), ("年度目标值", ind.target)):
                if fig.value is not None and fig.value > HUNDRED:
                    yield self.hit([fig.source], project=owner, indicator=ind.name, column=column, actual=fig.value)



def _indicator_for(label: str, indicators: tuple[Indicator, ...]) -> Indicator | None:
    """The indicator a narrative phrase names ("拨付资金金额年度指标值为", "实际拨付资金")."""
    text = normalize_name(label)
    best: Indicator | None = None
    for ind in indicators:
        name = normalize_name(ind.name)
        if len(name) >= 3 and name in text:
            if best is None or len(name) > len(normalize_name(best.name)):
                best = ind
    if best is not None:
        return best
    core = re.sub(r"^(由于.*?实际|实际|全年|年度)", "", text)
    core = re.sub(r"(年度指标值|指标值|完成值|实际完成值)?(为|是|达到|达)?$", "", core)
    if len(core) >= 4:
        hits = [i for i in indicators if normalize_name(i.name).startswith(core)]
        if len(hits) == 1:
            return hits[0]
    return None


@register
class NarrativeIndicators(Rule):
    """项目自评综述中引用的指标数值与自评表一致；比率不超过 100%。

    检查内容
        综述中写到某个三级指标的年度指标值、实际完成值（“拨付资金金额年度指标值为 871 万元……实际拨付资金金额为 800 万元，完成率为 91.85%”），
        与该项目自评表中同名指标的指标值、完成值及其比率一致；综述中的完成率、效率、成功率等比率不超过 100%。
    为什么重要
        综述是读者读到的结论，数字照抄自评表时最容易抄错。
    反例
        综述“拨付资金金额年度指标值为 781 万元”，自评表指标值为 871。
    正例
        综述与自评表一致。
    """

    id = "JX14"
    name = "performance.narrative-indicators"
    category = Category.PERFORMANCE
    title = "综述中的指标数值与自评表一致"
    message = "项目“{project}”：综述中“{label}{text}”{problem}"

    def run(self, ctx: Context) -> Iterator[Hit]:
        pairs = _summaries(ctx)
        for item, project in pairs:
            paragraph = item.paragraph
            last: tuple[Indicator, Fact] | None = None
            for fact in paragraph.facts:
                if fact.value is None:
                    continue
                if fact.kind == FactKind.PERCENT:
                    label = fact.label.replace(" ", "")
                    if fact.value > HUNDRED and re.search(r"(率|效益|效率|度)(为|达到|达)?$", label) and "预算" not in label:
                        yield self.hit([fact.source], project=item.name, label=fact.label, text=fact.text, problem="超过 100%，比率不可能大于 100%。")
                        continue
                    if last is not None and "完成率" in label and project is not None:
                        named, _amount = last
                        if named.operator and named.target.value and named.actual.value is not None:
                            ratio = completion_ratio(named.operator, named.target.value, named.actual.value)
                            if ratio is not None:
                                exact = ratio * HUNDRED
                                own = Interval.around(fact.value, fact.step)
                                if round_half_up(exact, fact.places) != fact.value and not own.contains(exact):
                                    yield self.hit(
                                        [fact.source, named.source],
                                        project=item.name,
                                        label=fact.label,
                                        text=fact.text,
                                        problem=f"与自评表指标“{named.name}”（{named.operator}{named.target.text}，完成 {named.actual.text}）不符，应为 {round_half_up(exact, 2)}%。",
                                    )
                    continue
                if fact.kind not in (FactKind.AMOUNT, FactKind.COUNT) or project is None or fact.unit == "分":
                    continue
                ind = _indicator_for(fact.label, project.indicators)
                if ind is None:
                    continue
                last = (ind, fact)
                label = normalize_name(fact.label)
                if "指标值" in label or "目标" in label:
                    candidates = [ind.target]
                elif "实际" in label or "完成值" in label:
                    candidates = [ind.actual]
                else:
                    candidates = [ind.target, ind.actual]
                values = [c.value for c in candidates if c.value is not None]
                if values and fact.value not in values:
                    which = "、".join(f"{'指标值' if c is ind.target else '完成值'} {c.text}" for c in candidates)
                    yield self.hit([fact.source, ind.source], project=item.name, label=fact.label, text=fact.text, problem=f"与自评表指标“{ind.name}”的{which}不符。")


#: 完成值 at least this many times the 指标值 counts as "高于指标值较多"
OVERSHOOT = Decimal("1.5")


@register
class Overachievement(Rule):
    """完成值远高于指标值时分析了原因。

    检查内容
        “≥/＞/＝”类定量指标的全年完成值达到指标值的 1.5 倍以上（超额较多），却没有偏差原因说明。
    为什么重要
        财预〔2020〕10号：对完成值高于指标值较多的，要分析原因；如果是年初指标值设定明显偏低造成的，
        要按偏离度适度调减分值。指标值定得过低、或完成值填错，都会让满分失去意义。
    反例
        项目财政资金投入期限 ≥ 1 年，全年完成值 9 年，原因说明为空。
    正例
        项目财政资金投入期限 ≥ 1 年，全年完成值 1 年。
    """

    id = "JX15"
    name = "performance.overachievement"
    category = Category.PERFORMANCE
    severity = Severity.WARNING
    title = "超额完成较多须分析原因"
    message = "{project}：指标“{indicator}”指标值 {target} {unit}，完成值 {actual} {unit}，为指标值的 {times} 倍，没有分析原因（指标值是否定得过低，或完成值填错）。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for owner, ind in _all_indicators(ctx):
            if ind.operator not in (">=", ">", "=") or ind.target.value is None or ind.actual.value is None:
                continue
            if ind.target.value <= 0 or ind.reason:
                continue
            ratio = ind.actual.value / ind.target.value
            if ratio >= OVERSHOOT:
                yield self.hit(
                    [ind.actual.source, ind.target.source],
                    project=owner,
                    indicator=ind.name,
                    target=ind.target.text,
                    actual=ind.actual.text,
                    unit=ind.measure_unit,
                    times=round_half_up(ratio, 1),
                )
