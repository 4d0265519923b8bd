"""A check report as text (compiler style), Markdown, JSON or one standalone HTML page.

The HTML page shows the summary, the findings grouped by category, and every table of the
report with the cells that findings name highlighted; each finding links to its cells.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import Counter
from collections.abc import Iterable

from juesuan.diagnostics import Category, CheckReport, Finding, Location, Severity
from juesuan.model.report import Report
from juesuan.model.tables import (
    BalanceTable,
    BasicExpenditureTable,
    ClassifiedTable,
    GenericTable,
    MoneyCell,
    Table,
    ThreePublicTable,
)

__all__ = ["findings_html", "findings_json", "findings_markdown", "findings_text", "level_label", "summary_lines"]


def _shown(finding: Finding) -> Severity:
    """The severity a finding is shown (sorted, coloured) with: a 尾差 hint counts as 提示."""
    return Severity.INFO if finding.rounding else finding.severity


def level_label(finding: Finding) -> str:
    """错误 / 警告 / 提示 as printed next to a finding, 尾差 for a rounding hint."""
    return "尾差" if finding.rounding else finding.severity.label


def findings_text(report: CheckReport, *, show_info: bool = True) -> str:
    """``FILE:LINE: 表/行/列: ID [severity] message`` per finding, then a summary."""
    lines = []
    for finding in report.findings:
        if finding.severity == Severity.INFO and not show_info:
            continue
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
        lines.append(f"{report.source}:{position}{place} {finding.rule_id} [{tag}] {finding.message}{waived}")
    lines.append("")
    lines.extend(summary_lines(report))
    return "\n".join(lines) + "\n"


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
    for category, findings in _by_category(report.findings):
        out.append(f"## {category.label}（{len(findings)}）")
        out.append("")
        out.append("| 级别 | 规则 | 位置 | 说明 |")
        out.append("|---|---|---|---|")
        for f in findings:
            where = "; ".join(_loc_short(loc) for loc in f.locations[:3])
            level = level_label(f)
            out.append(f"| {level} | {f.rule_id} | {where} | {f.message.replace('|', '／')} |")
        out.append("")
    return "\n".join(out)


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

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.5}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}h3{font-size:1.05em}
.summary span{display:inline-block;margin-right:1.5em}.error{color:#b00020}.warning{color:#a15c00}.info{color:#35618f}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.85em}td,th{border:1px solid #bbb;padding:2px 6px}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.hl-error{background:#ffd6d6}td.hl-warning{background:#ffefc2}td.hl-info{background:#dde9f7}
ul.findings li{margin:.3em 0}.rule{font-family:monospace}.tag{font-size:.8em;padding:0 4px;border-radius:3px;background:#eee}
figure.page img{max-width:100%;border:1px solid #ccc}figure.page figcaption{color:#666;font-size:.85em}
@media print{a{color:inherit;text-decoration:none}}
"""


def _cell_id(table: str | None, row: str | None, column: str | None) -> str:
    key = f"{table}|{row}|{column}"
    return "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def findings_html(check: CheckReport, report: Report | None = None, pictures: Iterable[tuple[int, bytes]] = ()) -> str:
    """One standalone page: summary, findings by category, tables with highlighted cells, and the
    ``pictures`` (page number, PNG) of scanned pages with the findings boxed on them."""
    marks: dict[str, Severity] = {}
    for f in check.findings:
        level = _shown(f)
        for loc in f.locations:
            if loc.table and loc.column:
                key = _cell_id(loc.table, loc.row, loc.column)
                if key not in marks or level.rank < marks[key].rank:
                    marks[key] = level
    e = html.escape
    s = check.summary
    parts = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>审核报告 {e(check.department or check.source)}</title><style>{_CSS}</style></head><body>",
        f"<h1>审核报告：{e(check.department or check.source)}</h1>",
        f"<p>文件 <code>{e(check.source)}</code> · 年度 {check.year or '—'} · 版式 {e(check.profile)}</p>",
        "<p class='summary'>",
        f"<span class='error'>错误 {s.error}</span><span class='warning'>警告 {s.warning}</span><span class='info'>提示 {s.info}</span>",
        f"<span>规则通过 {s.rules_passed} · 未通过 {s.rules_failed} · 不适用 {s.rules_not_applicable} · 无法检查 {s.rules_could_not_check}</span></p>",
    ]
    counts = Counter(f.category for f in check.findings)
    parts.append("<p>" + " · ".join(f"{e(c.label)} {n}" for c, n in counts.items()) + "</p>")
    for category, findings in _by_category(check.findings):
        parts.append(f"<h2>{e(category.label)}</h2><ul class='findings'>")
        for f in findings:
            css = _shown(f).value
            tag = level_label(f)
            links = []
            for loc in f.locations[:6]:
                text = _loc_short(loc)
                if loc.table and loc.column and report is not None:
                    links.append(f"<a href='#{_cell_id(loc.table, loc.row, loc.column)}'>{e(text)}</a>")
                else:
                    links.append(e(text))
            waived = f" <em>（已豁免：{e(f.waived)}）</em>" if f.waived else ""
            parts.append(
                f"<li class='{css}'><span class='tag'>{e(tag)}</span> <span class='rule'>{e(f.rule_id)}</span> {e(f.message)}{waived}<br><small>{' · '.join(links)}</small></li>"
            )
        parts.append("</ul>")
    if report is not None and report.tables:
        parts.append("<h2>决算表</h2>")
        for table in report.tables:
            parts.append(_table_html(table, marks))
    shown = list(pictures)
    if shown:
        parts.append("<h2>扫描页（OCR 识别，审核结果框在原图上）</h2>")
        for number, png in shown:
            data = base64.b64encode(png).decode("ascii")
            parts.append(f"<figure class='page' id='p{number}'><img src='data:image/png;base64,{data}' alt='第{number}页'><figcaption>第{number}页</figcaption></figure>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _td(cell: MoneyCell | None, table: str, row: str, column: str, marks: dict[str, Severity]) -> str:
    key = _cell_id(table, row, column)
    cls = "num"
    if key in marks:
        cls += f" hl-{marks[key].value}"
    text = html.escape(cell.text) if cell is not None else ""
    return f"<td id='{key}' class='{cls}'>{text}</td>"


def _table_html(table: Table, marks: dict[str, Severity]) -> str:
    e = html.escape
    title = table.kind.value
    out = [f"<h3>{e(table.header.title or title)} <small>{e(table.header.number)}</small></h3><table>"]
    if isinstance(table, ClassifiedTable):
        out.append("<tr><th>科目编码</th><th>科目名称</th>" + "".join(f"<th>{e(c)}</th>" for c in table.columns) + "</tr>")
        for row in table.rows:
            row_key = row.code.value if row.code else row.label
            cells = "".join(_td(row.cells.get(c), title, row_key, c, marks) for c in table.columns)
            out.append(f"<tr><td>{e(row.code.printed or row.code.value) if row.code else ''}</td><td>{e(row.label)}</td>{cells}</tr>")
    elif isinstance(table, BalanceTable):
        columns = list(table.income_columns) + list(table.expenditure_columns)
        out.append("<tr><th>方</th><th>行次</th><th>项目</th>" + "".join(f"<th>{e(c)}</th>" for c in columns) + "</tr>")
        for line in table.lines:
            row_key = line.key or line.label or (str(line.line_no) if line.line_no is not None else "")
            cells = "".join(_td(line.cells.get(c), title, row_key, c, marks) if c in line.cells else "<td></td>" for c in columns)
            out.append(f"<tr><td>{e(line.side.value)}</td><td>{line.line_no or ''}</td><td>{e(line.label)}</td>{cells}</tr>")
    elif isinstance(table, BasicExpenditureTable):
        out.append("<tr><th>科目编码</th><th>科目名称</th><th>类别</th><th>决算数</th></tr>")
        for item in table.items:
            out.append(f"<tr><td>{e(item.code.value)}</td><td>{e(item.name)}</td><td>{e(item.group)}</td>{_td(item.cell, title, item.code.value, '决算数', marks)}</tr>")
        for label, cell in (("人员经费合计", table.personnel_total), ("公用经费合计", table.public_total)):
            out.append(f"<tr><td></td><td>{label}</td><td></td>{_td(cell, title, label, '决算数', marks)}</tr>")
    elif isinstance(table, ThreePublicTable):
        out.append("<tr><th>项目</th><th>预算数</th><th>决算数</th></tr>")
        for tp in table.rows:
            out.append(f"<tr><td>{e(tp.item.value)}</td>{_td(tp.budget, title, tp.item.value, '预算数', marks)}{_td(tp.actual, title, tp.item.value, '决算数', marks)}</tr>")
    elif isinstance(table, GenericTable):
        for raw in table.rows:
            out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in raw) + "</tr>")
    out.append("</table>")
    return "\n".join(out)
