"""Shared narrative analysis for the rules: the claims of a report (read by :mod:`juesuan.narrative`,
cached per check run), the table figures they talk about, and resolving the 类/款/项 an
explanation talks about."""

from __future__ import annotations

from dataclasses import dataclass

from juesuan.check.engine import Context
from juesuan.check.quantities import Fig, document_figures
from juesuan.model.build import unchecked
from juesuan.model.codes import CodeScheme, NameMatch, normalize_name
from juesuan.model.money import Amount, MoneyError, Unit
from juesuan.model.narrative import Fact
from juesuan.model.tables import ClassifiedRow, ClassifiedTable, TableKind
from juesuan.narrative.claims import Claims, ItemClaim, collect_claims
from juesuan.record import Record

__all__ = ["ResolvedItem", "amount_column", "claims_of", "figures_of", "resolve_item", "resolved_items", "same_or_cut_short"]


def amount_column(table: ClassifiedTable) -> str:
    """The column holding a row's total spending: 合计 (05) or 本年支出合计 (08/09, 03)."""
    for column in ("合计", "本年支出合计"):
        if column in table.columns:
            return column
    return table.columns[0] if table.columns else "合计"


def claims_of(ctx: Context) -> Claims:
    """The claims of the report, collected once per check run."""
    return ctx.cache("claims", lambda: collect_claims(ctx.report, ctx.profile.subject_aliases))


def figures_of(ctx: Context) -> dict[str, Fig]:
    """The table figures the narrative talks about, keyed ``scope:name`` (see
    :func:`~juesuan.check.quantities.document_figures`), computed once per check run."""
    return ctx.cache("figures", lambda: document_figures(ctx.report))


@dataclass(frozen=True, repr=False)
class ResolvedItem(Record):
    """A 类/款/项 claim with the table row it names, and the levels whose names differ."""

    claim: ItemClaim
    row: ClassifiedRow | None
    table: ClassifiedTable | None
    #: (level, printed name, table name) for every level whose name does not match
    mismatches: tuple[tuple[str, str, str], ...] = ()
    old_names: tuple[tuple[str, str, str], ...] = ()  # (level, printed, current name)


_LEVELS = ("类", "款", "项")


def same_or_cut_short(a: str, b: str) -> bool:
    """Two normalised names are the same, or one is the other cut short (by the column width, or
    written without 支出: ``社会保障和就业`` for ``社会保障和就业支出``)."""
    return a.startswith(b) or b.startswith(a)


def _name_ok(ctx: Context, row: ClassifiedRow, printed: str) -> tuple[bool, bool]:
    """(matches, is an old-edition name) for a printed name against a table row."""
    a = normalize_name(printed)
    if not a or same_or_cut_short(a, normalize_name(row.label)):
        return True, False
    if row.code is not None:
        match = ctx.catalogue.match_name(CodeScheme.FUNCTION, row.code.value, printed, ctx.year)
        if match in (NameMatch.EXACT, NameMatch.TRUNCATED):
            return True, False
        if match == NameMatch.OLD_EDITION:
            return True, True
    return False, False


def same_amount(cell: Amount, stated: Fact) -> bool:
    """The table's figure is the one the sentence states: equal as printed in the same unit; across
    units (a table in 元, the sentence in 万元), the coarser figure admits the finer one."""
    if stated.value is None:
        return False
    try:
        unit = Unit.from_text(stated.unit or Unit.WANYUAN.value)
    except MoneyError:
        return False
    if unit == cell.unit:
        return cell.value == stated.value
    a, b = cell.to(Unit.WANYUAN), unchecked(Amount, value=stated.value, unit=unit, step=stated.step).to(Unit.WANYUAN)
    coarse, fine = (a, b) if a.step >= b.step else (b, a)
    return coarse.interval.contains(fine.value)


def resolve_item(ctx: Context, claim: ItemClaim) -> ResolvedItem:
    """Find the row of 公开05表 (or the university 财政拨款支出表) an explanation is about.

    Names decide first; when a name matches nothing, the row whose amount equals the stated
    amount among the candidates of that level is taken, and the name is reported as a mismatch.
    """
    by_scope = {"fund": TableKind.GOV_FUND, "capital": TableKind.STATE_CAPITAL}
    kind = by_scope.get(claim.unit.scope)
    table = (
        ctx.report.table(kind, ClassifiedTable)
        if kind is not None
        else ctx.report.table(TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
        or ctx.report.table(TableKind.FISCAL_EXPENDITURE, ClassifiedTable)
    )
    if table is None:
        return ResolvedItem(claim=claim, row=None, table=None)
    column = amount_column(table)
    candidates = [r for r in table.coded_rows if r.code is not None and len(r.code.value) == 3]
    row: ClassifiedRow | None = None
    mismatches: list[tuple[str, str, str]] = []
    olds: list[tuple[str, str, str]] = []
    for depth, printed in enumerate(claim.names):
        level = _LEVELS[depth]
        found = None
        for candidate in candidates:
            ok, old = _name_ok(ctx, candidate, printed)
            if ok:
                found = candidate
                if old:
                    olds.append((level, printed, candidate.label))
                break
        if found is None:
            is_last = depth == len(claim.names) - 1
            by_amount = []
            if is_last and claim.amount is not None and claim.amount.value is not None:
                wanted = claim.amount
                by_amount = [
                    c
                    for c in candidates
                    if (a := c.cells[column].amount if column in c.cells else None) is not None and same_amount(a, wanted)
                ]
            if len(candidates) == 1 and not _explained_elsewhere(ctx, claim, depth, candidates[0]):
                found = candidates[0]
            elif len(by_amount) == 1:
                found = by_amount[0]
            if found is None:
                return ResolvedItem(
                    claim=claim, row=None, table=table, mismatches=(*mismatches, (level, printed, "")), old_names=tuple(olds)
                )
            mismatches.append((level, printed, found.label))
        row = found
        if row.code is None:
            break
        prefix = row.code.value
        candidates = [
            r for r in table.coded_rows if r.code is not None and len(r.code.value) == len(prefix) + 2 and r.code.value.startswith(prefix)
        ]
    return ResolvedItem(claim=claim, row=row, table=table, mismatches=tuple(mismatches), old_names=tuple(olds))


def _explained_elsewhere(ctx: Context, claim: ItemClaim, depth: int, row: ClassifiedRow) -> bool:
    """Another explanation names ``row`` at this level: the only row left is not this one's
    (``初中教育（项）`` is not ``高等教育`` when ``高等教育（项）`` has an explanation of its own)."""
    return any(
        other is not claim
        and len(other.names) > depth
        and other.names[:depth] == claim.names[:depth]
        and _name_ok(ctx, row, other.names[depth])[0]
        for other in claims_of(ctx).items
    )


def resolved_items(ctx: Context) -> list[ResolvedItem]:
    """Every 类/款/项 explanation with its row, resolved once per check run."""
    return ctx.cache("resolved_items", lambda: [resolve_item(ctx, item) for item in claims_of(ctx).items])
