"""Helpers shared by the rules that test additive identities on table figures.

Every comparison made here (and the narrative's comparisons with the tables, rule TX01) is also
recorded, once per document, as an :class:`~juesuan.culprits.Identity` in ``Context.identities``
when both figures are traced (made of cells and figures of the text): those that hold and those
that fail. A failing one travels on its hit, so the finding made from it is known to the culprit
search (rule CU01), which names the figure to fix and lists the findings it causes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from juesuan.check.engine import Absent, Context, Hit, Rule
from juesuan.check.quantities import Fig, Verdict, cell_fig, compare, sum_figs
from juesuan.culprits import Identity
from juesuan.model.report import Report
from juesuan.model.report import T as TableShape  # the table shapes Report.table takes
from juesuan.model.tables import ClassifiedRow, ClassifiedTable, TableKind

__all__ = ["check_equal", "check_not_above", "check_sum", "classified_tables", "record_identity", "require_table", "row_fig"]


def record_identity(ctx: Context, left: Fig, right: Fig, *, at_most: bool = False) -> Identity | None:
    """Record ``left = right`` (``left ≤ right`` when ``at_most``) in the document's identity graph;
    the recorded identity (one per distinct identity), or ``None`` when a figure is not traced."""
    if not (left.traced and right.traced):
        return None
    terms = [(c, q.key) for c, q in left.terms] + [(-c, q.key) for c, q in right.terms]
    if not terms:
        return None
    quantities = [q for _, q in left.terms] + [q for _, q in right.terms]
    identity = Identity(terms=tuple(terms), constant=left.constant - right.constant, slack=ctx.amount_slack, at_most=at_most)
    return ctx.identities.add(identity, quantities)


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
    identity = record_identity(ctx, left, right)
    if verdict is Verdict.EQUAL:
        return
    yield with_identity(
        rule.hit(
            (*left.sources, *right.sources),
            rounding=verdict is Verdict.ROUNDING,
            expected=right.value,
            actual=left.value,
            difference=left.value - right.value,
            **extra,
        ),
        identity if verdict is Verdict.DIFFERENT else None,
    )


def with_identity(hit: Hit, identity: Identity | None) -> Hit:
    """The hit, knowing the identity it reports broken."""
    return hit if identity is None else replace(hit, identity=identity)


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
    if part is None or whole is None:
        return
    identity = record_identity(ctx, part, whole, at_most=True)
    if part.value <= whole.value:
        return
    verdict = compare(part, whole, ctx.amount_slack)
    yield with_identity(
        rule.hit(
            (*part.sources, *whole.sources),
            rounding=verdict is Verdict.ROUNDING,
            actual=part.value,
            expected=whole.value,
            difference=part.value - whole.value,
            **extra,
        ),
        identity if verdict is Verdict.DIFFERENT else None,
    )


def row_fig(row: ClassifiedRow | None, column: str) -> Fig | None:
    if row is None:
        return None
    return cell_fig(row.cells.get(column))


def classified_tables(report: Report) -> list[ClassifiedTable]:
    return [t for t in report.tables if isinstance(t, ClassifiedTable)]

