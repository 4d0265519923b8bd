"""A check report as text (compiler style), Markdown, JSON or one standalone HTML page.

The HTML page shows the summary, the findings grouped by category, and every table of the
report with the cells that findings name highlighted; each finding links to its cells.
"""

from __future__ import annotations

from collections.abc import Iterable

from juesuan.diagnostics import Category, CheckReport, Finding, Location, Severity
from juesuan.model.report import Report

__all__ = ["findings_html", "findings_json", "findings_markdown", "findings_text", "level_label", "summary_lines"]


def _shown(finding: Finding) -> Severity:
    """The severity a finding is shown (sorted, coloured) with: a 尾差 hint counts as 提示."""
    return Severity.INFO if finding.rounding else finding.severity


def level_label(finding: Finding) -> str:
    """错误 / 警告 / 提示 as printed next to a finding, 尾差 for a rounding hint."""
    return "尾差" if finding.rounding else finding.severity.label


def findings_text(report: CheckReport, *, show_info: bool = True) -> str:
    """``FILE:LINE: 表/行/列: ID [severity] message`` per finding, then a summary. The findings a
    culprit (CU01) explains are listed under it, indented, instead of in their own places."""
    lines = []
    for finding, consequences in report.grouped():
        if finding.severity == Severity.INFO and not show_info:
            continue
        lines.append(_text_line(report, finding))
        lines.extend("    └ " + _text_line(report, c, with_source=False) for c in consequences)
    lines.append("")
    lines.extend(summary_lines(report))
    return "\n".join(lines) + "\n"


def _text_line(report: CheckReport, finding: Finding, *, with_source: bool = True) -> str:
    loc = finding.locations[0] if finding.locations else None
    position = ""
    if loc is not None:
        if loc.line is not None:
            position = f"{loc.line}:"
        elif loc.page is not None:
            position = f"p{loc.page}:"
        elif loc.sheet:
            position = f"{loc.sheet}!{loc.cell or ''}:"
    place = f" {loc.place()}:" if loc is not None and loc.place() else ""
    tag = level_label(finding)
    waived = f"（已豁免：{finding.waived}）" if finding.waived else ""
    head = f"{report.source}:{position}" if with_source else position
    return f"{head}{place} {finding.rule_id} [{tag}] {finding.message}{waived}".lstrip()


def summary_lines(report: CheckReport) -> list[str]:
    s = report.summary
    score = f"（识别得分 {report.profile_score}）" if report.profile_score is not None else ""
    head = f"{report.department or '（未识别单位）'} {report.year or ''} 年度{report.kind} · 版式 {report.profile}{score}"
    return [
        head,
        f"错误 {s.error}  警告 {s.warning}  提示 {s.info}",
        f"规则：通过 {s.rules_passed}  未通过 {s.rules_failed}  不适用 {s.rules_not_applicable}  无法检查 {s.rules_could_not_check}",
        *unread_lines(report),
    ]


def unread_lines(report: CheckReport) -> list[str]:
    """For each part the reader could not read, the rules that could not check because of it."""
    rules: dict[str, list[str]] = {}
    for outcome in report.outcomes:
        for part in outcome.unread:
            rules.setdefault(part, []).append(outcome.rule_id)
    return [f"未能读取 {part}，无法核对：{'、'.join(ids)}" for part, ids in rules.items()]


def findings_json(reports: list[CheckReport]) -> str:
    import json  # only here: the other formats need no JSON

    if len(reports) == 1:
        data: object = reports[0].to_dict()
    else:
        data = [r.to_dict() for r in reports]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def findings_markdown(report: CheckReport) -> str:
    s = report.summary
    out = [
        f"# 审核报告：{report.department or report.source}",
        "",
        f"- 文件：`{report.source}`",
        f"- 年度：{report.year or '—'}　版式：{report.profile}",
        f"- 错误 **{s.error}**，警告 **{s.warning}**，提示 {s.info}",
        f"- 规则：通过 {s.rules_passed}，未通过 {s.rules_failed}，不适用 {s.rules_not_applicable}，无法检查 {s.rules_could_not_check}",
        *(f"- {line}" for line in unread_lines(report)),
        "",
    ]
    groups = dict(report.grouped())
    for category, findings in _by_category(f for f in groups):
        out.append(f"## {category.label}（{len(findings)}）")
        out.append("")
        out.append("| 级别 | 规则 | 位置 | 说明 |")
        out.append("|---|---|---|---|")
        for f in findings:
            where = _places_short(f)
            level = level_label(f)
            out.append(f"| {level} | {f.rule_id} | {where} | {f.message.replace('|', '／')} |")
            for c in groups.get(f, []):  # what this culprit causes, under it
                where = _places_short(c)
                out.append(f"| ↳ {level_label(c)} | {c.rule_id} | {where} | 由上一条引起：{c.message.replace('|', '／')} |")
        out.append("")
    return "\n".join(out)


def _places_short(finding: Finding, most: int = 3) -> str:
    """The places of a finding, each once ("第95行" for four figures of one line), at most ``most``."""
    places = list(dict.fromkeys(_loc_short(loc) for loc in finding.locations))
    more = f" 等 {len(places)} 处" if len(places) > most else ""
    return "; ".join(places[:most]) + more


def _loc_short(loc: Location) -> str:
    parts = []
    if loc.place():
        parts.append(loc.place())
    if loc.line is not None:
        parts.append(f"第{loc.line}行")
    if loc.page is not None:
        parts.append(f"第{loc.page}页")
    return " ".join(parts) or "—"


def _by_category(findings: Iterable[Finding]) -> list[tuple[Category, list[Finding]]]:
    groups: dict[Category, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.category, []).append(f)
    order = list(Category)

    def rank(f: Finding) -> int:
        return _shown(f).rank

    ranked = [(c, sorted(groups[c], key=rank)) for c in order if c in groups]
    # categories holding errors first, then warnings, then hints only
    ranked.sort(key=lambda item: (min(rank(f) for f in item[1]), order.index(item[0])))
    return ranked


# ---- HTML --------------------------------------------------------------------------------------


def findings_html(check: CheckReport, report: Report | None = None, pictures: Iterable[tuple[int, bytes]] = (), prefix: str = "") -> str:
    """One standalone review page (:mod:`juesuan.render.review`): summary and legend, the findings
    each linked to its places, and the document as read with those places marked; ``pictures``
    (page number, PNG) are scanned pages with the findings boxed on them; ``prefix`` starts every
    id (a batch puts several documents' sections on one page)."""
    from juesuan.render.review import review_page, review_section

    return review_page(f"审核报告 {check.department or check.source}", [review_section(check, report, pictures, prefix)])
