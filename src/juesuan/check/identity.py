"""Helpers shared by the rules that test additive identities on table figures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from juesuan.check.engine import Absent, Context, Hit, Rule
from juesuan.check.quantities import Fig, Verdict, cell_fig, compare, sum_figs
from juesuan.model.report import Report
from juesuan.model.report import T as TableShape  # the table shapes Report.table takes
from juesuan.model.tables import ClassifiedRow, ClassifiedTable, TableKind

__all__ = ["check_equal", "check_not_above", "check_sum", "classified_tables", "require_table", "row_fig"]


def require_table(ctx: Context, kind: TableKind, shape: type[TableShape]) -> TableShape:
    """The table of ``kind`` in its expected shape, or :class:`NotApplicable` when absent."""
    table = ctx.report.table(kind, shape)
    if table is None:
        raise Absent(f"文档中没有{kind.value}")
    return table


def check_equal(rule: Rule, ctx: Context, left: Fig | None, right: Fig | None, **extra: object) -> Iterator[Hit]:
    """A hit when two figures differ (a 尾差 hint when rounding explains the gap)."""
    if left is None or right is None:
        return
    verdict = compare(left, right, ctx.amount_slack)
    if verdict is Verdict.EQUAL:
        return
    yield rule.hit(
        (*left.sources, *right.sources),
        rounding=verdict is Verdict.ROUNDING,
        expected=right.value,
        actual=left.value,
        difference=left.value - right.value,
        **extra,
    )


def check_sum(rule: Rule, ctx: Context, total: Fig | None, parts: Iterable[Fig | None], **extra: object) -> Iterator[Hit]:
    """A hit when ``total`` differs from the sum of ``parts``."""
    if total is None:
        return
    items = [p for p in parts if p is not None]
    if not items:
        return
    yield from check_equal(rule, ctx, total, sum_figs(items), **extra)


def check_not_above(rule: Rule, ctx: Context, part: Fig | None, whole: Fig | None, **extra: object) -> Iterator[Hit]:
    """A hit when ``part`` is printed larger than ``whole`` (a 尾差 hint when rounding explains it)."""
    if part is None or whole is None or part.value <= whole.value:
        return
    verdict = compare(part, whole, ctx.amount_slack)
    yield rule.hit(
        (*part.sources, *whole.sources),
        rounding=verdict is Verdict.ROUNDING,
        actual=part.value,
        expected=whole.value,
        difference=part.value - whole.value,
        **extra,
    )


def row_fig(row: ClassifiedRow | None, column: str) -> Fig | None:
    if row is None:
        return None
    return cell_fig(row.cells.get(column))


def classified_tables(report: Report) -> list[ClassifiedTable]:
    return [t for t in report.tables if isinstance(t, ClassifiedTable)]

