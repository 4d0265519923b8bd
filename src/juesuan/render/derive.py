"""From a parsed :class:`Report` to the writer's :class:`DocumentInput`.

The tables are taken as read. What the writer needs beyond the tables is recovered from what the
document printed, never invented:

- 年初预算 as printed ("年初预算为X万元"), else from "完成年初预算的X%": 年初预算 = 决算 / X%
  (rounded to 0.01 万元); a 项 the text names otherwise than the table is the one unnamed 项 of its
  类 with the 决算 stated;
- last year's figures from the YoY sentences: 上年 = 本年 ∓ the change printed ("持平" → 本年), each
  三公 item from its own clause ("其中：…公务接待费支出决算减少0.15万元"); a rate printed beside the
  change must fit the figure so recovered (within rounding), else the figure stays unknown;
- the "主要原因" (the document's own words, for 上年 and for 预算: of each 项, of the 一般公共预算
  total and of the 三公 total) and "主要是…支出" texts from the sentences that state them;
- 三公 counts, 政府采购, 国有资产 and 机关运行经费 from the typed 其他重要事项 (``report.matters``);
- the 绩效 projects (targets, actuals, 分值) from the 自评表 — their scores are recomputed by the
  writer, not copied;
- the department-specific 名词解释: the terms that are not among the layout's standard terms.

Every sentence is read by the narrative layer (:mod:`juesuan.narrative.claims`); this module maps
the claims to the input and does the arithmetic. Where the document says nothing, the input stays
empty and the writer prints its fixed sentence for the zero case, or refuses when a reason would
be required.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal

from juesuan.model.inputs import (
    AGAINST_BUDGET,
    AGAINST_PREVIOUS,
    Assets,
    Budgets,
    DocumentInput,
    GlossaryEntry,
    IndicatorInput,
    PreviousYear,
    Procurement,
    ProjectInput,
    TaskInput,
    ThreePublicCounts,
    UnitEntry,
    WholeInput,
    reason_key,
)
from juesuan.model.money import Unit
from juesuan.model.narrative import Fact, FactKind
from juesuan.model.performance import Indicator, ProjectEvaluation, WholeEvaluation
from juesuan.model.report import ProjectSummary, Report
from juesuan.model.tables import BalanceTable, ClassifiedTable, Side, TableKind, ThreePublicItem, ThreePublicTable
from juesuan.narrative.claims import (
    BudgetRateClaim,
    ChangeClaim,
    Claims,
    ItemClaim,
    change_subject,
    collect_claims,
    names_three_public_total,
    performance_summary_parts,
    purpose_after,
    rate_subject,
    reason_in,
)
from juesuan.narrative.surface import strip_list_number
from juesuan.render.derive_lines import line_changes, units_sentence
from juesuan.scoring import round_half_up

__all__ = ["STANDARD_TERMS", "derive_input"]

#: Terms every profile explains itself; any other 名词解释 of a document is department-specific.
STANDARD_TERMS = frozenset(
    {
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
        "使用非财政拨款结余",
        "上年结转和结余",
        "年初结转和结余",
        "年末结转和结余",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
        "“三公”经费",
        "三公经费",
        "机关运行经费",
    }
)

_PARENS = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "："})


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_PARENS))


def _reason(text: str) -> str:
    """A reason as the writer prints it (full-width punctuation, no spaces)."""
    return _norm(text).strip("，；。 ")


def _narrative_claims(report: Report) -> Claims:
    """The claims of the narrative, read by the narrative layer as the checker reads them."""
    return collect_claims(report)


def _previous(change: ChangeClaim | None, current: Decimal | None) -> tuple[Decimal | None, str]:
    """Last year's figure and the reason from a change claim ("…增加/减少X万元…主要原因…" or 持平)."""
    if change is None or current is None:
        return None, ""
    stated = change.about.fact.amount() if change.about is not None else None
    if stated is not None and stated.to(Unit.WANYUAN).value != current:
        # "收入总计 X 万元，与上年相比，减少 …": the change is from the figure printed
        current = stated.to(Unit.WANYUAN).value
    if change.to_level:  # "减少为 X 万元": last year's figure is not printed
        return None, _reason(change.reason)
    amount = change.amount.value if change.amount is not None else None
    last = _last_year(current, change.word.word, amount)
    if not _rate_agrees(last, amount, change.rate):
        return None, ""  # the change and its rate disagree: last year's figure is not known
    return last, _reason(change.reason)


_HALF_CENT = Decimal("0.005")


def _rate_agrees(last: Decimal | None, change: Decimal | None, rate: Fact | None) -> bool:
    """Whether the rate printed beside a change ("增加X万元，增长Y%") fits last year's figure
    recovered from it, each printed figure being a rounding interval (last year's figure is this
    year's less the change: two roundings). No rate, or a base of zero: nothing to hold it to."""
    if rate is None or rate.value is None or last is None or change is None or last <= 2 * _HALF_CENT:
        return True
    low = max(abs(change) - _HALF_CENT, Decimal(0)) / (last + 2 * _HALF_CENT) * 100
    high = (abs(change) + _HALF_CENT) / (last - 2 * _HALF_CENT) * 100
    half = Decimal(5) / Decimal(10) ** (rate.places + 1)
    return low - half <= abs(rate.value) <= high + half


def _last_year(current: Decimal, word: str, change: Decimal | None) -> Decimal | None:
    """Last year's figure from this year's and the change printed (持平: the same; 增加 X: X less; else X more)."""
    if word == "持平":
        return current
    if change is None:
        return None
    return current - change if word == "增加" else current + change


def _budget(actual: Decimal, rate: Fact) -> Decimal | None:
    """年初预算 = 决算 / X% (``None`` for 0% or a rate without a value)."""
    if rate.value is None or rate.value == 0:
        return None
    return round_half_up(actual * 100 / rate.value, 2)


def _cell(table: ClassifiedTable | None, code: str | None, column: str) -> Decimal | None:
    if table is None:
        return None
    row = table.total if code is None else table.row(code)
    if row is None:
        return None
    cell = row.cells.get(column)
    return cell.or_zero().value if cell is not None else Decimal(0)


def _fact_int(fact: Fact | None) -> int:
    return int(fact.value) if fact is not None and fact.value is not None else 0


def _fact_count(fact: Fact | None) -> int | None:
    """A count the text states, or ``None`` when it states none (the writer decides what that means)."""
    return int(fact.value) if fact is not None and fact.value is not None else None


def _fact_dec(fact: Fact | None) -> Decimal:
    return fact.value if fact is not None and fact.value is not None else Decimal(0)


def derive_input(report: Report) -> DocumentInput:
    """The writer's input recovered from a parsed document (see the module docstring)."""
    meta = report.metadata
    general = report.table(TableKind.GENERAL_EXPENDITURE, ClassifiedTable)
    claims = _narrative_claims(report)
    department = meta.department
    reasons: dict[str, str] = {}
    purposes: dict[str, str] = {}

    # ---- totals of 公开01表 and last year ------------------------------------------------------
    summary = report.table(TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)

    def balance(side: Side, key: str) -> Decimal | None:
        if summary is None:
            return None
        line = summary.line(side, key)
        if line is None:
            return None
        return next((c.or_zero().value for c in line.cells.values()), Decimal(0))

    income_total = balance(Side.INCOME, "总计")
    expenditure_total = balance(Side.EXPENDITURE, "总计")
    carryover = balance(Side.EXPENDITURE, "年末结转和结余") or Decimal(0)
    fiscal_expenditure = _cell(general, None, "合计")
    fiscal_summary = report.table(TableKind.FISCAL_SUMMARY, BalanceTable)
    fiscal_line = fiscal_summary.line(Side.INCOME, "总计") if fiscal_summary is not None else None
    fiscal_total = next((c.or_zero().value for c in fiscal_line.cells.values()), None) if fiscal_line is not None else None
    prev: dict[str, Decimal | None] = {}
    changes: dict[str, ChangeClaim] = {}  # the first change stated of each figure
    for change in claims.changes:
        if change.unit.scope == "performance":
            continue
        _, key = change_subject(change.subject, change.unit.scope, change.unit.chain, department)
        if key is None and change.about is not None:
            key = change.about.key
        if key is not None:
            changes.setdefault(key, change)
    for field, current, keys, subject in (
        ("income_total", income_total, ("all:收入总计", "all:收入支出总计"), "收入总计"),
        ("expenditure_total", expenditure_total, ("all:支出总计",), "支出总计"),
        ("carryover_end", carryover, ("all:年末结转和结余",), "年末结转和结余"),
        ("fiscal_expenditure", fiscal_expenditure, ("fiscal:财政拨款支出",), "财政拨款支出"),
        ("fiscal_total", fiscal_total, ("fiscal:财政拨款收入支出总计",), "财政拨款收入支出总计"),
        ("general_expenditure", fiscal_expenditure, ("general:一般公共预算财政拨款支出",), "一般公共预算财政拨款支出"),
    ):
        said = next((changes[k] for k in keys if k in changes), None)
        value, why = _previous(said, current)
        prev[field] = value
        if why and value is not None:
            reasons[reason_key(subject, AGAINST_PREVIOUS)] = why

    # ---- 年初预算 from 完成年初预算的X% ----------------------------------------------------------
    budgets: dict[str, Decimal | None] = {"fiscal_expenditure": None, "fiscal_basic": None, "fiscal_project": None, "general_expenditure": None}
    rate_of: dict[str, BudgetRateClaim] = {}  # the first rate stated of each subject
    shanghai_items: dict[str, Decimal] = {}  # 项 budgets from sentences that name 类/款/项 before the rate
    for claim in claims.rates:
        if claim.unit.scope == "three" and claim.reason and claim.direction not in ("", "持平", "等于") and names_three_public_total(claim.compared):
            # "“三公”经费支出决算数小于预算数的主要原因：…"
            reasons.setdefault(reason_key("三公:合计", AGAINST_BUDGET), _reason(claim.reason))
        if claim.unit.scope in ("performance", "three"):
            continue
        subject = rate_subject(claim, department)
        if subject.endswith("一般公共预算财政拨款支出") or claim.budget_subject == "一般公共预算财政拨款支出":
            rate_of.setdefault("general_expenditure", claim)  # the Shanghai layout's 总体 sentence
            if claim.reason and claim.direction not in ("", "持平", "等于"):
                reasons.setdefault(reason_key("一般公共预算财政拨款支出", AGAINST_BUDGET), _reason(claim.reason))
            continue
        if claim.item_names and claim.unit.scope == "general" and claim.budget is not None and claim.budget.value is not None:
            # "1、X（类）Y（款）Z（项）。主要用于：…。年初预算为A万元，支出决算为B万元，完成年初预算的C%"
            # (named as the table names it; a 项 named otherwise is matched by its amount below)
            code = _item_code(general, claim.item_names[0], claim.item_names[2])
            if code is not None:
                shanghai_items.setdefault(code, claim.budget.value)
            continue
        for field, ends in (("fiscal_expenditure", "财政拨款支出"), ("fiscal_basic", "基本支出"), ("fiscal_project", "项目支出")):
            if subject.endswith(ends) and (field != "fiscal_expenditure" or subject.endswith("财政拨款支出")):
                rate_of.setdefault(field, claim)
                break
    for field, column in (("fiscal_expenditure", "合计"), ("fiscal_basic", "基本支出"), ("fiscal_project", "项目支出"), ("general_expenditure", "合计")):
        actual = _cell(general, None, column)
        claim_of = rate_of.get(field)
        if claim_of is not None and claim_of.budget is not None and claim_of.budget.value is not None:
            budgets[field] = claim_of.budget.value  # the budget printed wins over the one the rate implies
        else:
            budgets[field] = _budget(actual, claim_of.rate) if claim_of is not None and actual is not None else None
    item_budgets: dict[str, Decimal] = dict(shanghai_items)
    explained = [i for i in claims.items if len(i.names) == 3 and i.amount is not None and i.unit.scope not in ("fund", "capital", "performance")]
    for item, code in _item_codes(general, explained):
        actual = _cell(general, code, "合计") or Decimal(0)
        purpose = item.purpose or item.used_for
        if purpose:
            purposes[f"项:{code}"] = _norm(purpose)
        printed = item.budget or (item.rate.budget if item.rate is not None else None)  # "年初预算为X万元，支出决算为Y万元"
        budget = printed.value if printed is not None and printed.value is not None else None
        if budget is None and item.rate is not None:
            budget = _budget(actual, item.rate.rate)  # "完成年初预算的Z%"
        if budget is not None:
            item_budgets[code] = budget
        why = item.rate.reason if item.rate is not None else item.budget_reason
        if why:
            reasons[reason_key(f"项:{code}", AGAINST_BUDGET)] = _reason(why)
    project = next((a for a in claims.amounts if a.key == "all:项目支出"), None)
    if project is not None:
        text = project.unit.paragraph.text
        following = next((f.start for f in project.unit.paragraph.facts if f.kind == FactKind.AMOUNT and f.start > project.fact.end), None)
        purpose = purpose_after(text, project.fact.end, following)
        if purpose:
            purposes["项目支出"] = _norm(purpose)

    # ---- 三公 -----------------------------------------------------------------------------------
    three = report.table(TableKind.THREE_PUBLIC, ThreePublicTable)
    prev_three: dict[str, Decimal] = {}
    three_clauses = _three_public_clauses(claims, three)
    for three_item, keys in (
        (ThreePublicItem.OVERSEAS, ("three:因公出国（境）费",)),
        (ThreePublicItem.RECEPTION, ("three:公务接待费",)),
        (ThreePublicItem.VEHICLES, ("three:公务用车购置及运行维护费", "three:公务用车购置及运行费")),
    ):
        row = three.get(three_item) if three is not None else None
        current = row.actual.or_zero().value if row is not None else Decimal(0)
        said = next((changes[k] for k in keys if k in changes), None)
        value, why = _previous(said, current)
        if value is None:
            # "其中：因公出国（境）费支出与上一年度持平；…；公务接待费支出决算减少0.15万元，下降27.78%"
            value, why = three_clauses.get(three_item, (None, ""))
        if value is not None:
            prev_three[three_item.value] = value
            if why:
                reasons[reason_key(f"三公:{three_item.value}", AGAINST_PREVIOUS)] = why
    tp = report.matters.three_public
    counts = ThreePublicCounts(
        groups=_fact_count(tp.groups if tp else None),
        group_people=_fact_count(tp.group_people if tp else None),
        receptions=_fact_count(tp.receptions if tp else None),
        reception_people=_fact_count(tp.reception_people if tp else None),
        foreign_receptions=_fact_count(tp.foreign_receptions if tp else None),
        foreign_people=_fact_count(tp.foreign_people if tp else None),
        foreign_amount=_fact_dec(tp.foreign_amount if tp else None),
        vehicles_bought=_fact_count(tp.vehicles_bought if tp else None),
        vehicles_held=_fact_count(tp.vehicles_held if tp else None),
    )

    # ---- 机关运行经费, 政府采购, 国有资产 --------------------------------------------------------
    operating = report.matters.operating_costs
    operating_amount = operating.amount.value if operating is not None and operating.amount is not None else None
    operating_prev: Decimal | None = None
    if operating is not None and operating_amount is not None and operating.change is not None:
        delta = operating.change_amount.value if operating.change_amount is not None else None
        operating_prev = _last_year(operating_amount, operating.change.word, delta)
        if operating.paragraph is not None and operating_prev is not None:
            why = _reason(reason_in(operating.paragraph.text))
            if why:
                reasons[reason_key("机关运行经费", AGAINST_PREVIOUS)] = why
    proc = report.matters.procurement
    procurement = Procurement()
    if proc is not None:
        goods, works, services = _fact_dec(proc.goods), _fact_dec(proc.works), _fact_dec(proc.services)

        def share_of(total: Decimal, fact: Fact | None) -> Decimal:
            return round_half_up(total * _fact_dec(fact) / 100, 2)

        procurement = Procurement(
            goods=goods,
            works=works,
            services=services,
            sme_goods=share_of(goods, proc.goods_sme_share),
            sme_works=share_of(works, proc.works_sme_share),
            sme_services=share_of(services, proc.services_sme_share),
            small_micro=_fact_dec(proc.small_micro),
        )
    assets = Assets()
    if report.matters.assets is not None:
        a = report.matters.assets
        assets = Assets(vehicles={k: _fact_int(v) for k, v in a.vehicles.items()}, equipment=_fact_int(a.equipment))

    # ---- 绩效 -----------------------------------------------------------------------------------
    summaries = report.matters.performance.project_summaries if report.matters.performance else ()
    projects = tuple(_project(p, summaries) for p in report.projects)
    whole = _whole(report.whole[0]) if report.whole else None

    unit_name = next((t.header.unit_name for t in report.tables if t.header.unit_name), "")
    line_previous, line_reasons = line_changes(report, claims)  # income lines, 类 and 项 one by one
    for key, why in line_reasons.items():
        reasons.setdefault(key, why)
    return DocumentInput(
        department=meta.department,
        year=meta.year or 0,
        family=meta.family,
        unit_name=unit_name if unit_name != meta.department else "",
        duties=tuple(re.sub(r"^\s*\d+\s*[、.．]\s*", "", p.text).strip() for p in report.duties),
        units=tuple(UnitEntry(name=u.name, note=u.note) for u in report.units) or units_sentence(report),
        tables=report.tables,
        previous=PreviousYear(
            income_total=prev["income_total"],
            expenditure_total=prev["expenditure_total"],
            carryover_end=prev["carryover_end"],
            fiscal_expenditure=prev["fiscal_expenditure"],
            fiscal_total=prev["fiscal_total"],
            general_expenditure=prev["general_expenditure"],
            three_public=prev_three,
            operating_costs=operating_prev,
            items=line_previous,
        ),
        budgets=Budgets(
            fiscal_expenditure=budgets["fiscal_expenditure"],
            fiscal_basic=budgets["fiscal_basic"],
            fiscal_project=budgets["fiscal_project"],
            general_expenditure=budgets["general_expenditure"],
            items=item_budgets,
        ),
        reasons=reasons,
        purposes=purposes,
        three_public=counts,
        operating_costs=operating_amount,
        procurement=procurement,
        assets=assets,
        projects=projects,
        whole=whole,
        glossary=tuple(
            GlossaryEntry(term=term, definition=t.definition)
            for t in report.glossary
            if (term := strip_list_number(t.term).strip()) and _norm(term) not in STANDARD_TERMS
        ),
    )


def _item_codes(table: ClassifiedTable | None, items: list[ItemClaim]) -> list[tuple[ItemClaim, str]]:
    """The 项 code each explanation is about: by its 类 and 项 names, else — for a 项 the text
    names otherwise than the table ("其他国土资源事务支出" for 2200199 其他自然资源事务支出) — the
    one 项 of the same 类 left unnamed whose 决算 is the amount the explanation states."""
    named = [(item, _item_code(table, item.names[0], item.names[2])) for item in items]
    taken = {code for _, code in named if code is not None}
    out: list[tuple[ItemClaim, str]] = []
    for item, code in named:
        if code is None and table is not None and item.amount is not None and item.amount.value is not None:
            cls = _norm(item.names[0])[:4]
            classes = {r.code.value: _norm(r.label) for r in table.coded_rows if r.code is not None and len(r.code.value) == 3}
            hits = [
                r.code.value for r in table.coded_rows
                if r.code is not None and len(r.code.value) == 7 and r.code.value not in taken
                and classes.get(r.code.value[:3], "").startswith(cls) and _cell(table, r.code.value, "合计") == item.amount.value
            ]  # fmt: skip
            code = hits[0] if len(hits) == 1 else None
            if code is not None:
                taken.add(code)
        if code is not None:
            out.append((item, code))
    return out


def _three_public_clauses(claims: Claims, three: ThreePublicTable | None) -> dict[ThreePublicItem, tuple[Decimal, str]]:
    """Last year's figure of each 三公 item from the clauses that compare it with last year — "其中：
    因公出国（境）费支出与上一年度持平；公务接待费支出决算减少0.15万元，下降27.78%" (this year's
    figure from the 三公 table ∓ the change; a rate printed must fit), with the reason said of it."""
    if three is None:
        return {}
    out: dict[ThreePublicItem, tuple[Decimal, str]] = {}
    for said in claims.three_public_changes:
        item = ThreePublicItem(said.subject)
        if item in out:
            continue
        row = three.get(item)
        current = row.actual.or_zero().value if row is not None else Decimal(0)
        word = said.word.word
        direction = "增加" if word in ("增加", "增长") else "减少" if word != "持平" else "持平"
        change = said.amount.value if said.amount is not None else None
        last = _last_year(current, direction, change)
        if last is None or last < 0 or not _rate_agrees(last, change, said.rate):
            continue
        out[item] = (last, _reason(said.reason) if last != current else "")
    return out


def _item_code(table: ClassifiedTable | None, cls: str, name: str) -> str | None:
    """The 项 code whose name (and 类) the narrative names."""
    if table is None:
        return None
    rows = [r for r in table.coded_rows if r.code is not None and len(r.code.value) == 7]
    classes = {r.code.value: _norm(r.label) for r in table.coded_rows if r.code is not None and len(r.code.value) == 3}
    target = _norm(name)
    hits = [r for r in rows if r.code is not None and _norm(r.label) == target]
    if len(hits) > 1:
        hits = [r for r in hits if r.code is not None and classes.get(r.code.value[:3], "").startswith(_norm(cls)[:4])]
    if not hits:
        close = [r for r in rows if _norm(r.label).startswith(target) or target.startswith(_norm(r.label))]
        hits = close if len(close) == 1 else []
    return hits[0].code.value if hits and hits[0].code is not None else None


def _indicator(ind: Indicator) -> IndicatorInput:
    band = ""
    if not ind.operator.strip():
        text = ind.actual.text
        band = "部分达成" if "部分达成" in text else "未达成" if "未达成" in text else "全部或基本达成"
    return IndicatorInput(
        level1=ind.level1,
        level2=ind.level2,
        name=ind.name,
        operator=ind.operator.strip(),
        target=ind.target.text.strip(),
        unit=ind.measure_unit,
        actual=ind.actual.text.strip() if ind.operator.strip() else "",
        weight=ind.weight.value if ind.weight.value is not None else Decimal(0),
        band=band,
        deviation=ind.deviation,
        reason=ind.reason,
        measures=ind.measures,
    )


def _project(p: ProjectEvaluation, summaries: tuple[ProjectSummary, ...]) -> ProjectInput:
    best = None
    best_ratio = 0.0
    for s in summaries:
        ratio = difflib.SequenceMatcher(None, _norm(s.name), _norm(p.name)).ratio()
        if ratio > best_ratio:
            best, best_ratio = s, ratio
    parts = performance_summary_parts(best.paragraph.text) if best is not None and best_ratio >= 0.6 else None
    return ProjectInput(
        name=p.name,
        department=p.department.rstrip("-"),
        implementer=p.implementer.rstrip("-"),
        budget=p.budget.value if p.budget.value is not None else Decimal(0),
        spent=p.spent.value if p.spent.value is not None else Decimal(0),
        goal=p.goal,
        achieved=p.achieved,
        indicators=tuple(_indicator(i) for i in p.indicators),
        summary=parts.achieved if parts is not None else "",
        problems=parts.problems if parts is not None else "",
        measures=parts.measures if parts is not None else "",
    )


def _whole(w: WholeEvaluation) -> WholeInput:
    return WholeInput(
        name=w.name,
        budget_income=w.budget_income.value,
        budget_expenditure=w.budget_expenditure.value,
        tasks=tuple(
            TaskInput(
                name=t.name,
                allotted=t.allotted.value or Decimal(0),
                spent=t.spent.value or Decimal(0),
                weight=t.weight.value or Decimal(0),
            )
            for t in w.tasks
        ),
        goal=w.goal,
        achieved=w.achieved,
        indicators=tuple(_indicator(i) for i in w.indicators),
    )
