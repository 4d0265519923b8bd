"""CU — 错数定位: which printed figure is wrong, when identities fail (runs after all other rules)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from juesuan.check.engine import Context, Hit, Rule, register
from juesuan.culprits import Change, Role
from juesuan.culprits import Culprit as Found
from juesuan.diagnostics import Category, Culprit, Location, Severity, Suspect, fmt_decimal
from juesuan.model.build import unchecked
from juesuan.model.provenance import Source
from juesuan.model.tables import TableKind


@register
class WrongFigure(Rule):
    """一处错数，一条结论：指出应当改正的那个数字。

    检查内容
        汇总其他规则核对过的全部等式（表内上下级、行内平衡、表间对应、文中数字与表中数字），把不成立的等式连同与之相关、
        仍然成立的等式放在一起，找出改动最少的数字（及其应有的数值），使所有不成立的等式在尾差范围内成立，且不破坏任何成立的等式。
        判断依据事先写定：改文中数字比改表中数字更可能；印刷值若是应有值的录入错误（漏录、多录一位数字，相邻数字颠倒，
        错录一位数字，小数点错位，元与万元混用）更可能；改变正负号更不可能；下级科目比合计行更可能。两种解释同样可能时，
        作为提示报“无法确定”并列出候选，不作猜测（各条不符仍各自报告）。指出了数字时，由此引起的各条不符列在本条之下。
    为什么重要
        一个基本支出单元格漏录一位数字，会同时使款、类、合计、行内平衡和表间核对不符，得到七八条错误，却没有一条说明该改哪个数。
    反例
        公开03表 2080505 基本支出印为 8.69：20805 的“基本支出”101.85 不等于其下各项之和 29.85，2080505 行内不平，
        公开05表的 80.69 大于公开03表的 8.69——三处不符都由同一个数字引起。
    正例
        各等式均成立（或只差尾差），不报告。
    """

    id = "CU01"
    name = "culprit.wrong-figure"
    category = Category.CULPRIT
    severity = Severity.ERROR
    title = "错数定位"
    message = "{text}"
    tolerance = "每个数字按其印刷精度视为区间；改正后所有等式的区间相交即为成立。"
    after_all = True

    def run(self, ctx: Context) -> Iterator[Hit]:
        graph = ctx.identities
        if not graph.reported:  # no finding reports a broken identity: nothing to explain
            return
        for found in graph.diagnose():
            refs = [r for identity in found.consequences for r in identity.refs]
            # every failing identity must have been reported: one over a part that could not be
            # checked (its hit set aside) leaves the group to the findings that were made
            if not refs or any(not identity.refs for identity in found.consequences):
                continue
            made = [ctx.made[r] for r in dict.fromkeys(refs) if r in ctx.made]
            if not made:
                continue
            levels = [f.severity for f in made if not f.rounding]
            if Severity.ERROR in levels:
                level = Severity.ERROR
            elif Severity.WARNING in levels:
                level = Severity.WARNING
            else:
                continue
            if found.change is None:
                # a tie names no figure: a hint with the candidates, and the failing findings stay
                # findings of their own (grouped under a guess they would vanish from the counts)
                yield self._hit(ctx, found, (), Severity.INFO)
                continue
            yield self._hit(ctx, found, tuple(f.id for f in made if f.id), level)

    def _hit(self, ctx: Context, found: Found, consequences: tuple[str, ...], level: Severity) -> Hit:
        n = len(consequences)
        if found.change is not None:
            change = found.change
            suspect = _suspect(ctx, change)
            kind = f"（{change.kind.value}）" if change.kind is not None else ""
            should = "应为" if change.exact else "应约为"
            printed = f"“{suspect.printed}”" if change.quantity.role is Role.CLAIM else f" {suspect.printed} "
            text = f"{_where(ctx, change)}{printed}{should} {suspect.expected}{kind}；由此引起 {n} 处不符。"
            culprit = unchecked(
                Culprit,
                location=suspect.location,
                printed=suspect.printed,
                expected=suspect.expected,
                kind=suspect.kind,
                exact=change.exact,
            )
            sources = [_source(change)]
        else:
            options = "；或 ".join("、".join(_option(ctx, c) for c in group) for group in found.candidates)
            text = f"{n} 处不符可由不同的改正同样解释，无法确定哪个数字有误：{options}。"
            culprit = unchecked(Culprit, candidates=tuple(tuple(_suspect(ctx, c) for c in group) for group in found.candidates))
            sources = [_source(c) for group in found.candidates for c in group]
        hit = self.hit(sources, text=text)
        return replace(hit, severity=level, culprit=culprit, consequences=consequences)


def _option(ctx: Context, change: Change) -> str:
    suspect = _suspect(ctx, change)
    return f"{_where(ctx, change)} {suspect.printed} 改为 {suspect.expected}"


def _source(change: Change) -> Source:
    source = change.quantity.source
    return source if isinstance(source, Source) else Source.quick()


def _value(value: Decimal, change: Change) -> str:
    step = change.quantity.step if change.quantity.step > 0 else Decimal("0.01")
    exponent = step.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 2
    return fmt_decimal(value, places) or ""


def _suspect(ctx: Context, change: Change) -> Suspect:
    source = _source(change)
    printed = _value(change.quantity.value, change)
    expected = _value(change.expected, change)
    if change.quantity.role is Role.CLAIM:  # as the text prints it, the value it should have in 万元
        printed = source.text.strip() or f"{printed}万元"
        expected = f"{_money(change.expected)}万元"
    elif source.text.strip() == "":
        printed = "（空白）"
    return unchecked(
        Suspect,
        location=Location.of(source),
        printed=printed,
        expected=expected,
        kind=change.kind.value if change.kind is not None else None,
        exact=change.exact,
    )


def _money(value: Decimal) -> str:
    """A 万元 figure with two decimals, more only when it has them (a figure printed in 元)."""
    text = fmt_decimal(value, 6) or ""
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return f"{whole}.{fraction}"


def _where(ctx: Context, change: Change) -> str:
    source = _source(change)
    if change.quantity.role is Role.CLAIM:
        line = f"第 {source.line} 行" if source.line else (f"第 {source.page} 页" if source.page else "")
        return f"情况说明{line}"
    table = source.table or ""
    try:
        number = ctx.profile.table_number(TableKind(table))
    except ValueError:
        number = None
    name = f"公开{number:02d}表" if number is not None else table
    row = source.row or ""
    label = _row_label(ctx, table, row)
    parts = [name, f"{row} {label}".strip() if label and label != row else row, source.column or ""]
    return " ".join(p for p in parts if p)


def _row_label(ctx: Context, table: str, row: str) -> str:
    for t in ctx.report.tables:
        if t.kind.value != table:
            continue
        find = getattr(t, "row", None)
        if callable(find):
            try:
                found = find(row)
            except (KeyError, ValueError, TypeError):
                return ""
            label = getattr(found, "label", "")
            return label if isinstance(label, str) else ""
    return ""
