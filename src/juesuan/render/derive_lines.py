"""What a document states line by line, for the writer: last year's figures of income lines, 类
and 项 from the sentences that compare them one by one, the reasons given for a large difference,
and a 单位构成 written as one sentence.

The university family (教育部直属高校) writes “其中：财政拨款收入增加X万元，事业收入增加Y万元，…”,
“学校其他收入与上年比较发生较大差异的原因是…” and, for every 项 of the 财政拨款支出决算表,
“小学教育（2050202），2023年度决算数为A万元，比2022年度决算数增长R%”. Last year's figure is
this year's minus the change printed; from a rate alone it is the figure, to 0.01 万元, that gives
back the rate printed (a published rate is a rounding interval: the figure closest to A / (1 ± R%)
within it). Nothing is taken from a sentence that does not state it. The sentences are read by
the narrative layer (:class:`~juesuan.narrative.claims.ChangeClaim`, the rate of a
:class:`~juesuan.narrative.claims.CodedItemClaim`, :class:`~juesuan.narrative.claims.ReasonClaim`,
:func:`~juesuan.narrative.claims.composition_names`); this module only maps them to the writer's keys.
"""

from __future__ import annotations

from decimal import Decimal

from juesuan.classification import class_lines
from juesuan.figures import change_rate
from juesuan.model.inputs import AGAINST_PREVIOUS, UnitEntry, reason_key
from juesuan.model.report import Report
from juesuan.model.tables import ClassifiedTable, TableKind
from juesuan.narrative.claims import Claims, composition_names
from juesuan.render.university import INCOME_LINES, class_key, item_key
from juesuan.scoring import round_half_up

__all__ = ["line_changes", "units_sentence"]

_CENT = Decimal("0.01")


def _total(table: ClassifiedTable | None, column: str) -> Decimal | None:
    if table is None or table.total is None:
        return None
    cell = table.total.cells.get(column)
    return cell.or_zero().value if cell is not None else Decimal(0)


def previous_from_rate(current: Decimal, word: str, rate: Decimal) -> Decimal | None:
    """Last year's figure (0.01 万元) that gives back ``rate`` % (``word``: 增长/增加 or 减少/降低/下降)."""
    if word == "持平":
        return current
    sign = Decimal(1) if word in ("增长", "增加", "上升") else Decimal(-1)
    factor = 1 + sign * rate / 100
    if factor <= 0:
        return None
    estimate = round_half_up(current / factor, 2)
    for step in sorted(range(-50, 51), key=abs):
        candidate = estimate + step * _CENT
        if candidate <= 0:
            continue
        found = change_rate(current, candidate)
        if found is not None and abs(found) == rate and (found > 0) == (sign > 0):
            return candidate
    return None


def line_changes(report: Report, claims: Claims) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Last year's figures (``previous.items``) and the reasons of a large difference, keyed as
    :mod:`juesuan.render.university` reads them."""
    income = report.table(TableKind.INCOME, ClassifiedTable)
    spending = report.table(TableKind.EXPENDITURE, ClassifiedTable)
    fiscal = report.table(TableKind.FISCAL_EXPENDITURE, ClassifiedTable)
    names: dict[str, str] = {name: name for name in INCOME_LINES}
    classes = {name: code for code, name in class_lines()}
    if spending is not None:
        classes.update({r.label: r.code.value for r in spending.coded_rows if r.code is not None and len(r.code.value) == 3})
    names.update({name: class_key(code) for name, code in classes.items()})
    previous: dict[str, Decimal] = {}
    reasons: dict[str, str] = {}
    if income is None and spending is None and fiscal is None:
        return previous, reasons
    for change in claims.changes:
        key = names.get(change.subject)
        if key is None or key in previous or change.to_level:
            continue
        if key in INCOME_LINES:
            current = _total(income, key)
        else:
            row = spending.row(key.split(":", 1)[1]) if spending is not None else None
            column = next((c for c in ("本年支出合计", "合计") if spending is not None and c in spending.columns), "合计")
            cell = row.cells.get(column) if row is not None else None
            current = cell.or_zero().value if cell is not None else Decimal(0)
        if current is None:
            continue
        word = change.word.word
        if word == "持平":
            previous[key] = current
        elif change.amount is not None and change.amount.value is not None:
            previous[key] = current - change.amount.value if word == "增加" else current + change.amount.value
    for coded in claims.coded:
        if coded.amount is None or coded.amount.value is None or item_key(coded.code) in previous:
            continue
        if coded.rate_word is None:
            continue
        rate = coded.rate.value if coded.rate is not None and coded.rate.value is not None else Decimal(0)  # 持平: none
        prev = previous_from_rate(coded.amount.value, coded.rate_word.word, rate)
        if prev is not None:
            previous[item_key(coded.code)] = prev
    for said in claims.reasons:
        key = names.get(said.subject)
        if key is not None and said.against == "上年":
            reasons.setdefault(reason_key(key, AGAINST_PREVIOUS), said.reason)
    return previous, reasons


def units_sentence(report: Report) -> tuple[UnitEntry, ...]:
    """The 单位构成 a document writes as one sentence (“…反映A、B、C的经费收支情况”) under a
    heading naming 单位构成, when it lists none."""
    for part in report.narrative.parts:
        for s in part.sections:
            if "单位构成" not in s.title:
                continue
            for paragraph in s.paragraphs:
                names = composition_names(paragraph.text)
                if names:
                    return tuple(UnitEntry(name=n) for n in names)
    return ()
