"""The HTML review report: one standalone page that guides a reviewer from each finding to its place.

The page has the summary and a legend, the findings by category, and then the document itself as
read — the 情况说明 paragraph by paragraph, every 决算表 in its printed shape (公开01表 收入 | 支出 side
by side, 06表 in its printed blocks), every 项目 and 整体绩效自评表 — with the cells and sentences that
findings name marked in the finding's colour.

Every location of a finding is a link to an element of the page: the cell (its id is made from the
``表/行/列`` of its source, the same words a finding's location carries), else the row, else the
printed line or page the location names, else the table; a location the page does not draw (a 目录
line, a cover line) gets an entry under 原文摘录 with its text, so no link leads nowhere. Locations of
one finding that land on the same place are one link ("第95行" once, with the sentence and every
figure the finding quotes from it).

Several reports (a batch) are sections of one page: :func:`review_section` draws one with its ids
prefixed, :func:`review_index` lists the documents, :func:`review_page` wraps them.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from juesuan.diagnostics import Category, CheckReport, Finding, Location
from juesuan.model.narrative import Fact, Paragraph, Section
from juesuan.model.performance import Figure, Indicator, ProjectEvaluation, WholeEvaluation
from juesuan.model.provenance import Source
from juesuan.model.report import Report
from juesuan.model.tables import (
    BalanceLine,
    BalanceTable,
    BasicExpenditureTable,
    BasicItem,
    ClassifiedTable,
    GenericTable,
    MoneyCell,
    Side,
    Table,
    ThreePublicTable,
)
from juesuan.record import Record

__all__ = ["CSS", "IndexRow", "review_index", "review_page", "review_section"]

e = html.escape

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1180px;color:#222;line-height:1.55;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}h3{font-size:1.05em;margin-top:1.5em}
nav a{margin-right:1.2em}.summary span{display:inline-block;margin-right:1.5em}
.error{color:#b00020}.warning{color:#a15c00}.info{color:#35618f}.rounding{color:#5b7aa0}
.legend span{display:inline-block;margin-right:1.2em;padding:0 .5em;border-radius:3px}
.legend .hl-error,.legend .hl-warning,.legend .hl-info,.legend .hl-rounding{color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.85em}td,th{border:1px solid #bbb;padding:2px 6px;vertical-align:top}
th{background:#f4f4f4;font-weight:normal}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.code{white-space:nowrap}
.hl-error{background:#ffd6d6}.hl-warning{background:#ffefc2}.hl-info{background:#dde9f7}.hl-rounding{background:#eef3fa}
mark.hl-error,mark.hl-warning,mark.hl-info,mark.hl-rounding{padding:0 1px;color:inherit}
:target{outline:3px solid #3b6fd8;outline-offset:1px}
ol.findings{padding-left:1.6em}ol.findings>li{margin:.5em 0}.rule{font-family:monospace}
.tag{font-size:.8em;padding:0 4px;border-radius:3px;background:#eee;margin-right:.3em}
.places{list-style:none;padding-left:.8em;margin:.2em 0;font-size:.9em;color:#444}
.places q{quotes:"“" "”";color:#222}.figures{color:#666;font-size:.9em}
.consequences{margin:.2em 0 .2em 1em;padding-left:1em;border-left:3px solid #ddd;font-size:.95em}
.narrative p{margin:.3em 0}.narrative .heading{font-weight:bold;margin-top:.8em}
.excerpts li{margin:.2em 0}.side{color:#888}.doc{border-top:3px solid #999;margin-top:3em}
figure.page img{max-width:100%;border:1px solid #ccc}figure.page figcaption{color:#666;font-size:.85em}
@media print{a{color:inherit;text-decoration:none}nav{display:none}}
"""

_SENTENCE_END = "。；！？;!?"
_MAX_PLACES = 8


def _key(kind: str, *parts: str | None) -> str:
    return kind + hashlib.sha1("|".join(p or "" for p in parts).encode("utf-8")).hexdigest()[:12]


def shown(finding: Finding) -> str:
    """The colour class of a finding: error / warning / info, ``rounding`` for a 尾差 hint."""
    return "rounding" if finding.rounding else finding.severity.value


def _rank(cls: str) -> int:
    return {"error": 0, "warning": 1, "info": 2, "rounding": 3}[cls]


@dataclass(repr=False)
class _Para(Record):
    id: str
    text: str
    page: int | None
    bbox: tuple[float, float, float, float] | None
    facts: tuple[Fact, ...] = ()

    def offset(self, loc: Location) -> int | None:
        """Where in the text the figure a location names is printed (its fact's span), when known:
        the same words may be printed twice in a paragraph ("完成预算的0%" … "完成预算的0%")."""
        for fact in self.facts:
            src = fact.source
            if fact.text != loc.text:
                continue
            if (loc.bbox is not None and src.bbox is not None and all(abs(a - b) < 0.5 for a, b in zip(loc.bbox, src.bbox, strict=True))) or (
                loc.bbox is None and loc.line is not None and src.line == loc.line
            ):
                return fact.start
        return None


@dataclass(repr=False)
class _Layout(Record):
    """What the page draws and where: ids, and the elements each printed line and page start."""

    prefix: str
    ids: set[str] = field(default_factory=set)
    at_line: dict[int, str] = field(default_factory=dict)
    at_page: dict[int, str] = field(default_factory=dict)
    paras: dict[str, _Para] = field(default_factory=dict)
    para_at_line: dict[int, str] = field(default_factory=dict)
    pdf_paras: list[_Para] = field(default_factory=list)
    cell_marks: dict[str, str] = field(default_factory=dict)  # raw id → colour class
    text_marks: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # line → (snippet, class)
    box_marks: list[tuple[int, tuple[float, float, float, float], str, str]] = field(default_factory=list)

    def claim(self, raw: str) -> str:
        """The element id for ``raw`` (prefixed), or "" when an element already has it."""
        full = self.prefix + raw
        if full in self.ids:
            return ""
        self.ids.add(full)
        return full

    def place(self, element: str, source: Source | None) -> None:
        if not element or source is None:
            return
        if source.line is not None:
            self.at_line.setdefault(source.line, element)
        if source.page is not None:
            self.at_page.setdefault(source.page, element)


# ---- marks (which cells and sentences to colour) --------------------------------------------------


def _collect_marks(check: CheckReport, layout: _Layout) -> None:
    for finding in check.findings:
        if finding.waived:
            continue
        cls = shown(finding)
        for loc in finding.locations:
            if loc.table:
                raw = _key("c", loc.table, loc.row, loc.column) if loc.column else _key("r", loc.table, loc.row)
                if raw not in layout.cell_marks or _rank(cls) < _rank(layout.cell_marks[raw]):
                    layout.cell_marks[raw] = cls
            elif loc.text:
                if loc.line is not None:
                    layout.text_marks.setdefault(loc.line, []).append((loc.text, cls))
                elif loc.page is not None and loc.bbox is not None:
                    layout.box_marks.append((loc.page, loc.bbox, loc.text, cls))


def _mark_text(text: str, marks: Sequence[tuple[str, str]]) -> str:
    """``text`` escaped, with each snippet of ``marks`` wrapped in a coloured <mark> (first occurrence)."""
    spans: list[tuple[int, int, str]] = []
    for snippet, cls in marks:
        at = text.find(snippet) if snippet else -1
        if at < 0:
            continue
        end = at + len(snippet)
        if any(a < end and at < b for a, b, _ in spans):
            continue
        spans.append((at, end, cls))
    spans.sort()
    out, pos = [], 0
    for a, b, cls in spans:
        out.append(e(text[pos:a]))
        out.append(f"<mark class='hl-{cls}'>{e(text[a:b])}</mark>")
        pos = b
    out.append(e(text[pos:]))
    return "".join(out)


# ---- the document as read -----------------------------------------------------------------------


def _inside(box: tuple[float, float, float, float], outer: tuple[float, float, float, float]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] - 2 <= cx <= outer[2] + 2 and outer[1] - 2 <= cy <= outer[3] + 2


def _paragraph(layout: _Layout, para: Paragraph, css: str = "") -> str:
    src = para.source
    pid = layout.claim(f"n{len(layout.paras)}")
    record = _Para(pid, para.text, src.page, src.bbox, para.facts)
    layout.paras[pid] = record
    lines = {line for _, line in para.line_starts}
    if src.line is not None:
        lines.update(range(src.line, (src.end_line or src.line) + 1))
    marks: list[tuple[str, str]] = []
    for line in sorted(lines):
        layout.at_line.setdefault(line, pid)
        layout.para_at_line.setdefault(line, pid)
        marks.extend(layout.text_marks.get(line, ()))
    if src.page is not None:
        layout.at_page.setdefault(src.page, pid)
        if src.bbox is not None:
            layout.pdf_paras.append(record)
            marks.extend((text, cls) for page, box, text, cls in layout.box_marks if page == src.page and _inside(box, src.bbox))
    where = f" <span class='side'>（第{src.line}行）</span>" if src.line is not None else f" <span class='side'>（第{src.page}页）</span>" if src.page else ""
    cls = f" class='{css}'" if css else ""
    return f"<p id='{pid}'{cls}>{_mark_text(para.text, marks)}{where}</p>"


def _section(layout: _Layout, section: Section) -> list[str]:
    out = []
    if section.heading is not None:
        out.append(_paragraph(layout, section.heading, "heading"))
    elif section.title:
        out.append(f"<p class='heading'>{e(section.number + section.title)}</p>")
    out.extend(_paragraph(layout, p) for p in section.paragraphs)
    for sub in section.sections:
        out.extend(_section(layout, sub))
    return out


def _narrative(layout: _Layout, report: Report) -> str:
    out: list[str] = []
    if report.toc:
        out.append("<h3>目录</h3>")
        out.extend(_paragraph(layout, Paragraph(text=f"{entry.number}{entry.title}", source=entry.source)) for entry in report.toc)
    for part in report.narrative.parts:
        if part.number or part.title:
            out.append(f"<h3>{e(' '.join(x for x in (part.number, part.title) if x))}</h3>")
        out.extend(_paragraph(layout, p) for p in part.paragraphs)
        for section in part.sections:
            out.extend(_section(layout, section))
    drawn = set(layout.at_line)
    extra = [p for p in report.duties if p.source.line is None or p.source.line not in drawn]
    if extra:
        out.append("<h3>主要职责</h3>")
        out.extend(_paragraph(layout, p) for p in extra)
    terms = [t for t in report.glossary if t.source.line is None or t.source.line not in drawn]
    if terms:
        out.append("<h3>名词解释</h3>")
        for term in terms:
            out.append(_paragraph(layout, Paragraph(text=f"{term.number}{term.term}：{term.definition}", source=term.source)))
    return "\n".join(out)


def _td(layout: _Layout, cell: MoneyCell | Figure | None, table: str, row: str | None, column: str, text: str | None = None, css: str = "num") -> str:
    """A body cell: its id from its source's 表/行/列 (the words a finding's location carries)."""
    src = cell.source if cell is not None else None
    raw = _key("c", src.table, src.row, src.column) if src is not None and src.table and src.column else _key("c", table, row, column)
    cid = layout.claim(raw)
    layout.place(cid, src)
    mark = layout.cell_marks.get(raw)
    classes = css + (f" hl-{mark}" if mark else "")
    shown_text = text if text is not None else (cell.text if cell is not None else "")
    ident = f" id='{cid}'" if cid else ""
    return f"<td{ident} class='{classes}'>{e(shown_text)}</td>"


def _label_td(layout: _Layout, table: str, row: str, label: str, source: Source | None, extra: str = "") -> str:
    raw = _key("r", table, row)
    rid = layout.claim(raw)
    layout.place(rid, source)
    mark = layout.cell_marks.get(raw)
    cls = f" class='hl-{mark}'" if mark else ""
    ident = f" id='{rid}'" if rid else ""
    return f"<td{ident}{cls}>{e(label)}{extra}</td>"


def _table_heading(layout: _Layout, table: Table) -> str:
    title = table.kind.value
    tid = layout.claim(_key("t", title))
    layout.place(tid, table.header.source)
    for src in table.header.lines:
        layout.place(tid, src)
    ident = f" id='{tid}'" if tid else ""
    number = f" <small>{e(table.header.number)}</small>" if table.header.number else ""
    unit = f"<p class='side'>{e(table.header.unit_name)} {e(table.header.year_text)} 金额单位：{e(table.header.money_unit.value)}</p>"
    return f"<h3{ident}>{e(table.header.title or title)}{number}</h3>{unit}"


def _balance(layout: _Layout, table: BalanceTable) -> list[str]:
    """公开01表/05表 as printed: 收入 on the left, 支出 on the right, line for line."""
    title = table.kind.value
    income = [line for line in table.lines if line.side == Side.INCOME]
    spending = [line for line in table.lines if line.side != Side.INCOME]
    out = ["<table class='balance'>"]
    head = f"<tr><th colspan='{len(table.income_columns) + 2}'>收入</th><th colspan='{len(table.expenditure_columns) + 2}'>支出</th></tr>"
    out.append(head)
    out.append(
        "<tr><th>项目</th><th>行次</th>"
        + "".join(f"<th>{e(c.split('/', 1)[-1])}</th>" for c in table.income_columns)
        + "<th>项目</th><th>行次</th>"
        + "".join(f"<th>{e(c.split('/', 1)[-1])}</th>" for c in table.expenditure_columns)
        + "</tr>"
    )

    def side(line: BalanceLine | None, columns: Sequence[str]) -> str:
        if line is None:
            return "<td></td><td></td>" + "<td></td>" * len(columns)
        key = line.source.row or line.key or line.label
        cells = "".join(_td(layout, line.cells.get(c), title, key, c) if c in line.cells else "<td></td>" for c in columns)
        return _label_td(layout, title, key, line.label, line.source) + f"<td class='num'>{line.line_no or ''}</td>" + cells

    for i in range(max(len(income), len(spending))):
        left = income[i] if i < len(income) else None
        right = spending[i] if i < len(spending) else None
        out.append("<tr>" + side(left, table.income_columns) + side(right, table.expenditure_columns) + "</tr>")
    out.append("</table>")
    return out


def _classified(layout: _Layout, table: ClassifiedTable) -> list[str]:
    title = table.kind.value
    out = ["<table>", "<tr><th>科目编码</th><th>科目名称</th>" + "".join(f"<th>{e(c)}</th>" for c in table.columns) + "</tr>"]
    for row in table.rows:
        key = row.source.row or (row.code.value if row.code else row.label)
        code = e(row.code.printed or row.code.value) if row.code else ""
        cells = "".join(_td(layout, row.cells.get(c), title, key, c) for c in table.columns)
        out.append(f"<tr><td class='code'>{code}</td>{_label_td(layout, title, key, row.label, row.source)}{cells}</tr>")
    out.append("</table>")
    return out


def _basic(layout: _Layout, table: BasicExpenditureTable) -> list[str]:
    """公开06表 in its printed blocks side by side (人员经费 | 公用经费 …)."""
    title = table.kind.value
    blocks: dict[int, list[BasicItem]] = {}
    for item in table.items:
        blocks.setdefault(item.block, []).append(item)
    order = sorted(blocks) or [1]
    out = ["<table>", "<tr>" + "<th>科目编码</th><th>科目名称</th><th>决算数</th>" * len(order) + "</tr>"]
    for i in range(max((len(v) for v in blocks.values()), default=0)):
        row = []
        for b in order:
            items = blocks.get(b, [])
            if i >= len(items):
                row.append("<td></td><td></td><td></td>")
                continue
            one = items[i]
            key = one.source.row or one.code.value
            row.append(f"<td class='code'>{e(one.code.printed or one.code.value)}</td>{_label_td(layout, title, key, one.name, one.source)}{_td(layout, one.cell, title, key, '决算数')}")
        out.append("<tr>" + "".join(row) + "</tr>")
    totals = [(label, cell) for label, cell in (("人员经费合计", table.personnel_total), ("公用经费合计", table.public_total)) if cell is not None]
    if totals:
        cells = "".join(f"<td></td>{_label_td(layout, title, label, label, cell.source if cell else None)}{_td(layout, cell, title, label, '决算数')}" for label, cell in totals)
        pad = "<td></td><td></td><td></td>" * max(0, len(order) - len(totals))
        out.append(f"<tr>{cells}{pad}</tr>")
    out.append("</table>")
    return out


def _three_public(layout: _Layout, table: ThreePublicTable) -> list[str]:
    title = table.kind.value
    out = ["<table>", "<tr><th>项目</th><th>预算数</th><th>决算数</th></tr>"]
    for tp in table.rows:
        key = tp.source.row or tp.item.value
        out.append(
            f"<tr>{_label_td(layout, title, key, tp.label or tp.item.value, tp.source)}"
            f"{_td(layout, tp.budget, title, key, '预算数')}{_td(layout, tp.actual, title, key, '决算数')}</tr>"
        )
    out.append("</table>")
    return out


def _generic(layout: _Layout, table: GenericTable) -> list[str]:
    out = ["<table>"]
    for i, raw in enumerate(table.rows):
        src = table.row_sources[i] if i < len(table.row_sources) else None
        rid = layout.claim(f"g{len(layout.ids)}")
        layout.place(rid, src)
        out.append(f"<tr id='{rid}'>" + "".join(f"<td>{e(c)}</td>" for c in raw) + "</tr>")
    out.append("</table>")
    return out


def _table(layout: _Layout, table: Table) -> str:
    parts = [_table_heading(layout, table)]
    if isinstance(table, BalanceTable):
        parts += _balance(layout, table)
    elif isinstance(table, ClassifiedTable):
        parts += _classified(layout, table)
    elif isinstance(table, BasicExpenditureTable):
        parts += _basic(layout, table)
    elif isinstance(table, ThreePublicTable):
        parts += _three_public(layout, table)
    elif isinstance(table, GenericTable):
        parts += _generic(layout, table)
    if table.header.notes:
        parts.append("".join(f"<p class='side'>{e(n)}</p>" for n in table.header.notes))
    return "\n".join(parts)


def _fig(layout: _Layout, fig: Figure, title: str, row: str, column: str, colspan: int = 1) -> str:
    cell = _td(layout, fig, title, row, column)
    return cell.replace("<td", f"<td colspan='{colspan}'", 1) if colspan > 1 else cell


def _text_cell(layout: _Layout, title: str, row: str, column: str, text: str, colspan: int = 1) -> str:
    cell = _td(layout, None, title, row, column, text=text, css="")
    return cell.replace("<td", f"<td colspan='{colspan}'", 1) if colspan > 1 else cell


def _indicators(layout: _Layout, title: str, owner: str, indicators: Sequence[Indicator]) -> list[str]:
    out = ["<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度目标值</th><th>全年完成值</th><th>完成程度</th><th>分值</th><th>得分</th><th>偏差原因</th></tr>"]
    for ind in indicators:
        row = ind.source.row or f"{owner}/{ind.name}"
        rid = layout.claim(_key("r", title, row))
        layout.place(rid, ind.source)
        mark = layout.cell_marks.get(_key("r", title, row))
        cls = f" class='hl-{mark}'" if mark else ""
        target = f"{ind.operator}{ind.target.text}{ind.measure_unit}" if ind.target.text else ""
        reason = "；".join(x for x in ("、".join(ind.deviation), ind.reason) if x)
        out.append(
            f"<tr><td>{e(ind.level1)}</td><td>{e(ind.level2)}</td><td{f' id={chr(39)}{rid}{chr(39)}' if rid else ''}{cls}>{e(ind.name)}</td>"
            f"{_td(layout, ind.target, title, row, '年度目标值', text=target)}{_td(layout, ind.actual, title, row, '全年完成值')}"
            f"{_td(layout, ind.completion, title, row, '完成程度')}{_td(layout, ind.weight, title, row, '分值')}"
            f"{_td(layout, ind.score, title, row, '得分')}<td>{e(reason)}</td></tr>"
        )
    return out


def _evaluation_heading(layout: _Layout, title: str, name: str, year_text: str, source: Source, lines: Sequence[Source]) -> str:
    raw_table = _key("t", title)
    tid = layout.claim(raw_table)
    rid = layout.claim(_key("r", title, name))
    for src in (source, *lines):
        layout.place(rid or tid, src)
    anchors = "".join(f"<span id='{x}'></span>" for x in (tid,) if x)
    ident = f" id='{rid}'" if rid else ""
    return f"{anchors}<h3{ident}>{e(title)}：{e(name)} <small>{e(year_text)}</small></h3>"


def _project(layout: _Layout, p: ProjectEvaluation) -> str:
    t, n = p.title, p.name
    out = [_evaluation_heading(layout, t, n, p.year_text, p.source, p.lines), "<table class='eval'>"]
    out.append(f"<tr><th>项目（政策）名称</th><td colspan='8'>{e(n)}</td></tr>")
    out.append(f"<tr><th>主管部门</th>{_text_cell(layout, t, n, '主管部门', p.department, 3)}<th>实施单位</th>{_text_cell(layout, t, n, '实施单位', p.implementer, 4)}</tr>")
    out.append(
        f"<tr><th>项目预算金额</th>{_fig(layout, p.budget, t, n, '项目预算金额')}<th>全年执行数</th>{_fig(layout, p.spent, t, n, '全年执行数')}"
        f"<th>执行率</th>{_fig(layout, p.rate, t, n, '执行率')}<td colspan='3'></td></tr>"
    )
    out.append(f"<tr><th>年初设定目标</th>{_text_cell(layout, t, n, '年初设定目标', p.goal, 8)}</tr>")
    out.append(f"<tr><th>全年实际完成情况</th>{_text_cell(layout, t, n, '全年实际完成情况', p.achieved, 8)}</tr>")
    out.extend(_indicators(layout, t, n, p.indicators))
    out.append(
        f"<tr><th>指标自评得分小计</th>{_fig(layout, p.subtotal, t, n, '指标自评得分小计')}<th>预算执行率得分</th>{_fig(layout, p.rate_score, t, n, '预算执行率得分')}"
        f"<th>减分项</th>{_fig(layout, p.deduction, t, n, '减分项')}<th>绩效自评总得分</th>{_fig(layout, p.total, t, n, '绩效自评总得分')}<td></td></tr>"
    )
    out.append("</table>")
    return "\n".join(out)


def _whole(layout: _Layout, w: WholeEvaluation) -> str:
    t, n = w.title, w.name
    out = [_evaluation_heading(layout, t, n, w.year_text, w.source, w.lines), "<table class='eval'>"]
    out.append(
        f"<tr><th>部门（单位）名称</th><td colspan='3'>{e(n)}</td><th>年初预算收入</th>{_fig(layout, w.budget_income, t, n, '部门年初预算收入金额')}"
        f"<th>年初预算支出</th>{_fig(layout, w.budget_expenditure, t, n, '部门年初预算支出金额')}<td></td></tr>"
    )
    if w.tasks:
        out.append("<tr><th colspan='3'>项目</th><th>项目下达金额</th><th>项目执行金额</th><th>项目执行率</th><th>分值</th><th>得分</th><td></td></tr>")
        for task in w.tasks:
            row = task.source.row or task.name
            out.append(
                f"<tr>{_label_td(layout, t, row, task.name, task.source).replace('<td', chr(60) + 'td colspan=' + chr(39) + '3' + chr(39), 1)}"
                f"{_fig(layout, task.allotted, t, row, '项目下达金额')}{_fig(layout, task.spent, t, row, '项目执行金额')}{_fig(layout, task.rate, t, row, '项目执行率')}"
                f"{_fig(layout, task.weight, t, row, '分值')}{_fig(layout, task.score, t, row, '得分')}<td></td></tr>"
            )
    out.append(f"<tr><th>年度总体目标</th>{_text_cell(layout, t, n, '年度总体目标', w.goal, 8)}</tr>")
    out.append(f"<tr><th>全年实际完成情况</th>{_text_cell(layout, t, n, '全年实际完成情况', w.achieved, 8)}</tr>")
    out.extend(_indicators(layout, t, n, w.indicators))
    out.append(f"<tr><th>总评价得分</th>{_fig(layout, w.total, t, n, '总评价得分')}<td colspan='7'></td></tr>")
    out.append("</table>")
    return "\n".join(out)


# ---- findings and their places --------------------------------------------------------------------


@dataclass(repr=False)
class _Place(Record):
    target: str  # element id ("" until resolved to an excerpt)
    label: str
    snippets: list[str]
    sentence: str = ""


def _sentence(text: str, snippet: str, at: int | None = None) -> str:
    if at is None or text[at : at + len(snippet)] != snippet:
        at = text.find(snippet) if snippet else -1
    if at < 0:
        return ""
    start = at
    while start > 0 and text[start - 1] not in _SENTENCE_END:
        start -= 1
    end = at + len(snippet)
    while end < len(text) and text[end - 1] not in _SENTENCE_END:
        end += 1
    return text[start:end].strip()


def _where(loc: Location) -> str:
    if loc.line is not None:
        return f"第{loc.line}行"
    if loc.page is not None:
        return f"第{loc.page}页"
    if loc.sheet:
        return f"{loc.sheet}!{loc.cell or ''}"
    return ""


class _Resolver:
    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        self.excerpts: dict[tuple[object, ...], tuple[str, Location]] = {}

    def target(self, loc: Location) -> str:
        lay = self.layout
        full = lay.prefix
        if loc.table and loc.column and full + _key("c", loc.table, loc.row, loc.column) in lay.ids:
            return full + _key("c", loc.table, loc.row, loc.column)
        if loc.table and loc.row and full + _key("r", loc.table, loc.row) in lay.ids:
            return full + _key("r", loc.table, loc.row)
        para = self.paragraph(loc)
        if para is not None:
            return para.id
        if loc.line is not None and loc.line in lay.at_line:
            return lay.at_line[loc.line]
        if loc.table and full + _key("t", loc.table) in lay.ids:
            return full + _key("t", loc.table)
        if loc.page is not None and loc.page in lay.at_page:
            return lay.at_page[loc.page]
        key = (loc.table, loc.row, loc.column, loc.line, loc.page, loc.sheet, loc.cell, loc.text)
        if key not in self.excerpts:
            self.excerpts[key] = (f"{full}x{len(self.excerpts)}", loc)
        return self.excerpts[key][0]

    def paragraph(self, loc: Location) -> _Para | None:
        if loc.table:
            return None
        lay = self.layout
        if loc.line is not None and loc.line in lay.para_at_line:
            return lay.paras[lay.para_at_line[loc.line]]
        if loc.page is not None and loc.bbox is not None:
            for para in lay.pdf_paras:
                if para.page == loc.page and para.bbox is not None and _inside(loc.bbox, para.bbox):
                    return para
        return None

    def places(self, finding: Finding) -> list[_Place]:
        groups: dict[str, _Place] = {}
        for loc in finding.locations:
            target = self.target(loc)
            place = groups.get(target)
            label = " ".join(x for x in (loc.place(), f"（{_where(loc)}）" if loc.place() and _where(loc) else _where(loc)) if x)
            if place is None:
                place = groups[target] = _Place(target, label or "（文档）", [])
                para = self.paragraph(loc)
                if para is not None and loc.text:
                    place.sentence = _sentence(para.text, loc.text, para.offset(loc))
            if loc.text and loc.text not in place.snippets:
                place.snippets.append(loc.text)
        return list(groups.values())


def _place_html(place: _Place, cls: str) -> str:
    link = f"<a href='#{place.target}'>{e(place.label)}</a>"
    if place.sentence:
        marks = [(s, cls) for s in place.snippets]
        return f"<li>{link}：<q>{_mark_text(place.sentence, marks)}</q></li>"
    quoted = "、".join(f"“{e(s[:60])}”" for s in place.snippets[:4] if s)
    return f"<li>{link}{(' ' + quoted) if quoted else ''}</li>"


def _finding_html(resolver: _Resolver, finding: Finding, number: str, consequences: Sequence[Finding] = ()) -> str:
    cls = shown(finding)
    tag = "尾差" if finding.rounding else finding.severity.label
    figures = ""
    if finding.expected is not None and finding.actual is not None and finding.expected not in finding.message:
        gap = f"，差额 {finding.difference}" if finding.difference else ""
        figures = f" <span class='figures'>应为 {e(finding.expected)}，实为 {e(finding.actual)}{e(gap)}</span>"
    waived = f" <em>（已豁免：{e(finding.waived)}）</em>" if finding.waived else ""
    places = resolver.places(finding)
    shown_places = places[:_MAX_PLACES]
    more = f"<li>……等 {len(places)} 处</li>" if len(places) > _MAX_PLACES else ""
    items = "".join(_place_html(p, cls) for p in shown_places) + more
    listing = f"<ul class='places'>{items}</ul>" if items else ""
    sub = ""
    if consequences:
        inner = "".join(_finding_html(resolver, c, f"{number}-{i + 1}") for i, c in enumerate(consequences))
        sub = f"<div class='consequences'><small>由这个数字引起的问题（{len(consequences)}），改正它后随之消除：</small><ol class='findings'>{inner}</ol></div>"
    return (
        f"<li id='{resolver.layout.prefix}f{number}' class='{cls}'><span class='tag'>{e(tag)}</span>"
        f"<span class='rule'>{e(finding.rule_id)}</span> {e(finding.message)}{figures}{waived}{listing}{sub}</li>"
    )


def _by_category(findings: Iterable[Finding]) -> list[tuple[Category, list[Finding]]]:
    groups: dict[Category, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.category, []).append(f)
    order = list(Category)
    ranked = [(c, sorted(groups[c], key=lambda f: _rank(shown(f)))) for c in order if c in groups]
    # the figures to fix (错数定位) first: correcting them clears the findings listed under them
    ranked.sort(key=lambda item: (item[0] != Category.CULPRIT, min(_rank(shown(f)) for f in item[1]), order.index(item[0])))
    return ranked


# ---- the page -------------------------------------------------------------------------------------


def review_section(check: CheckReport, report: Report | None = None, pictures: Iterable[tuple[int, bytes]] = (), prefix: str = "") -> str:
    """One document's review (a ``<main>`` element); every id starts with ``prefix``."""
    import base64

    layout = _Layout(prefix)
    _collect_marks(check, layout)
    body: list[str] = []
    nav: list[tuple[str, str]] = []
    if report is not None:
        text = _narrative(layout, report)
        if text:
            body.append(f"<h2 id='{prefix}narrative'>情况说明</h2><div class='narrative'>{text}</div>")
            nav.append((f"{prefix}narrative", "情况说明"))
        if report.tables:
            body.append(f"<h2 id='{prefix}tables'>决算表</h2>")
            body.extend(_table(layout, t) for t in report.tables)
            nav.append((f"{prefix}tables", "决算表"))
        if report.projects or report.whole:
            body.append(f"<h2 id='{prefix}evaluations'>绩效自评表</h2>")
            body.extend(_project(layout, p) for p in report.projects)
            body.extend(_whole(layout, w) for w in report.whole)
            nav.append((f"{prefix}evaluations", "绩效自评表"))
    shown_pictures = list(pictures)
    if shown_pictures:
        body.append(f"<h2 id='{prefix}scans'>扫描页（OCR 识别，审核结果框在原图上）</h2>")
        nav.append((f"{prefix}scans", "扫描页"))
        for number, png in shown_pictures:
            fid = layout.claim(f"p{number}")
            layout.at_page.setdefault(number, fid)
            data = base64.b64encode(png).decode("ascii")
            body.append(f"<figure class='page' id='{fid}'><img src='data:image/png;base64,{data}' alt='第{number}页'><figcaption>第{number}页</figcaption></figure>")

    resolver = _Resolver(layout)
    # a culprit (CU01) with the findings it explains listed under it, not in their own places
    groups = check.grouped()
    under = {id(f): consequences for f, consequences in groups}
    listing: list[str] = []
    number = 0
    for category, findings in _by_category(f for f, _ in groups):
        items = []
        for f in findings:
            number += 1
            items.append(_finding_html(resolver, f, str(number), under.get(id(f), ())))
        listing.append(f"<h3>{e(category.label)}（{len(findings)}）</h3><ol class='findings'>{''.join(items)}</ol>")
    if resolver.excerpts:
        rows = []
        for target, loc in resolver.excerpts.values():
            what = " ".join(x for x in (loc.place(), _where(loc)) if x) or "（文档）"
            rows.append(f"<li id='{target}'>{e(what)}{('：' + '<q>' + e(loc.text) + '</q>') if loc.text else ''}</li>")
        body.append(f"<h2 id='{prefix}excerpts'>原文摘录</h2><p class='side'>以下位置不在上文所列的段落和表格中，摘录其原文：</p><ul class='excerpts'>{''.join(rows)}</ul>")
        nav.append((f"{prefix}excerpts", "原文摘录"))

    s = check.summary
    name = check.department or check.source
    head = [
        f"<h1>审核报告：{e(name)}</h1>",
        f"<p>文件 <code>{e(check.source)}</code> · 年度 {check.year or '—'} · {e(check.kind or '部门决算')} · 版式 {e(check.profile)}</p>",
        "<p class='summary'>",
        f"<span class='error'>错误 {s.error}</span><span class='warning'>警告 {s.warning}</span><span class='info'>提示 {s.info}</span>",
        f"<span>规则：通过 {s.rules_passed} · 未通过 {s.rules_failed} · 不适用 {s.rules_not_applicable} · 无法检查 {s.rules_could_not_check}</span></p>",
        "<p class='legend'>图例：<span class='hl-error'>错误</span><span class='hl-warning'>警告</span><span class='hl-info'>提示</span>"
        "<span class='hl-rounding'>尾差（四舍五入可以解释的差额）</span>点击位置跳到文档中的单元格或句子。</p>",
    ]
    unread = _unread_lines(check)
    if unread:
        head.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in unread) + "</ul>")
    links = [(f"{prefix}findings", "审核问题"), *nav]
    head.append("<nav>" + "".join(f"<a href='#{i}'>{e(t)}</a>" for i, t in links) + "</nav>")
    head.append(f"<h2 id='{prefix}findings'>审核问题（{len(check.findings)}）</h2>")
    if not check.findings:
        head.append("<p>没有发现问题。</p>")
    anchor = f" id='{prefix.rstrip('-')}'" if prefix else ""
    return f"<main class='doc'{anchor}>\n" + "\n".join(head + listing + body) + "\n</main>"


def _unread_lines(report: CheckReport) -> list[str]:
    rules: dict[str, list[str]] = {}
    for outcome in report.outcomes:
        for part in outcome.unread:
            rules.setdefault(part, []).append(outcome.rule_id)
    return [f"未能读取 {part}，无法核对：{'、'.join(ids)}" for part, ids in rules.items()]


def review_page(title: str, sections: Iterable[str]) -> str:
    """A standalone HTML page around review sections (and an index)."""
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{e(title)}</title><style>{CSS}</style></head><body>\n" + "\n".join(sections) + "\n</body></html>\n"
    )


@dataclass(frozen=True, repr=False)
class IndexRow(Record):
    """One document of a batch in the index: where its section is, or why it has none."""

    anchor: str  # "" when the document has no section
    file: str
    status: str  # Chinese: 已审核 / 跳过 / 无法读取 …
    department: str = ""
    year: int | None = None
    errors: int | None = None
    warnings: int | None = None
    infos: int | None = None
    problem: str = ""


def review_index(rows: Sequence[IndexRow], complete: bool = True) -> str:
    """The index of a batch's review page: a row per document, linked to its section."""
    checked = sum(1 for r in rows if r.anchor)
    errors = sum(r.errors or 0 for r in rows)
    out = [
        "<section id='index'><h1>审核报告索引</h1>",
        f"<p>共 {len(rows)} 份文件，已审核 {checked} 份，错误合计 {errors}。" + ("" if complete else "<strong>批量审核被中断，以下不完整。</strong>") + "</p>",
        "<table><tr><th>#</th><th>文件</th><th>单位</th><th>年度</th><th>状态</th><th>错误</th><th>警告</th><th>提示</th></tr>",
    ]
    for i, r in enumerate(rows, 1):
        name = f"<a href='#{r.anchor}'>{e(r.file)}</a>" if r.anchor else e(r.file)
        status = e(r.status) + (f"：{e(r.problem)}" if r.problem else "")
        err = f"<span class='error'>{r.errors}</span>" if r.errors else ("0" if r.errors == 0 else "")
        out.append(
            f"<tr><td class='num'>{i}</td><td>{name}</td><td>{e(r.department)}</td><td>{r.year or ''}</td><td>{status}</td>"
            f"<td class='num'>{err}</td><td class='num'>{'' if r.warnings is None else r.warnings}</td><td class='num'>{'' if r.infos is None else r.infos}</td></tr>"
        )
    out.append("</table></section>")
    return "\n".join(out)
