"""The document as one self-contained HTML page that prints well (A4, repeated table headers,
page breaks between parts); charts are inline SVG, styles inline, nothing fetched."""

from __future__ import annotations

from juesuan.escape import html_text
from juesuan.render.svg import FONT, chart_svg
from juesuan.render.view import DRAFT_MARK, DRAFT_NOTE, Chart, Document, Heading, PageBreak, Para, TableView

__all__ = ["write_html"]

_CSS = """
@page { size: A4; margin: 20mm 16mm; }
body { font-family: "Noto Serif CJK SC", "Songti SC", SimSun, serif; line-height: 1.75; color: #111;
       max-width: 980px; margin: 0 auto; padding: 0 24px; }
h1, h2, h3, h4, .cover { font-family: @FONT@; }
h1 { font-size: 1.5em; text-align: center; margin-top: 2em; }
h2 { font-size: 1.25em; } h3 { font-size: 1.08em; } h4 { font-size: 1em; }
p { text-indent: 2em; margin: .35em 0; }
p.note { text-indent: 0; font-size: .9em; color: #333; }
.cover { text-align: center; padding: 30vh 0 20vh; page-break-after: always; }
.cover .dept { font-size: 2em; font-weight: bold; } .cover .sub { font-size: 1.6em; margin-top: .6em; }
nav.toc { page-break-after: always; } nav.toc h1 { margin-top: 0; }
nav.toc p { text-indent: 0; margin: .2em 0; } nav.toc p.l2 { padding-left: 2em; }
section.table { margin: 1.5em 0; }
section.table h2 { text-align: center; margin-bottom: .2em; }
.meta { display: flex; justify-content: space-between; font-size: .9em; margin: .2em 0; }
table { border-collapse: collapse; width: 100%; font-size: 10.5pt; page-break-inside: auto; }
thead { display: table-header-group; }
/* a draft (render --force): a fixed band and watermark, repeated on every printed page */
.draft-note { position: fixed; top: 0; left: 0; right: 0; text-align: center; color: #b00; background: #fff4f4;
              border-bottom: 1px solid #b00; font-weight: bold; z-index: 10; padding: 2px 0; }
.draft-mark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 120pt; color: rgba(200,0,0,.12);
              transform: rotate(-30deg); pointer-events: none; z-index: 5; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #444; padding: 2px 4px; }
th { background: #eef1f5; font-weight: bold; text-align: center; }
td.money, td.number, td.percent, td.int { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.code { text-align: left; white-space: nowrap; }
td.bold { font-weight: bold; }
figure.chart { text-align: center; margin: 1em 0; page-break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
.break { page-break-before: always; }
@media print { body { max-width: none; padding: 0; } }
""".replace("@FONT@", FONT)


def _table(table: TableView) -> str:
    out = ['<section class="table">', f"<h2>{html_text(table.title)}</h2>"]
    if table.number:
        out.append(f'<div class="meta"><span></span><span>{html_text(table.number)}</span></div>')
    meta = [t for t in (table.unit_name, table.year_text, table.money_unit) if t]
    if meta:
        out.append('<div class="meta">' + "".join(f"<span>{html_text(t)}</span>" for t in meta) + "</div>")
    if table.name_line:
        out.append(f'<div class="meta"><span>{html_text(table.name_line)}</span></div>')
    out.append("<table>")
    if table.header:
        out.append("<thead>")
        for row in table.header:
            cells = "".join(
                f"<th{_span(c.colspan, c.rowspan)}>{html_text(c.text)}</th>" for c in row
            )
            out.append(f"<tr>{cells}</tr>")
        out.append("</thead>")
    out.append("<tbody>")
    for body_row in table.rows:
        cells = "".join(
            f'<td class="{c.kind}{" bold" if c.bold else ""}"{_span(c.colspan, 1)}>{html_text(c.text)}</td>' for c in body_row
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    for note in table.notes:
        out.append(f'<p class="note">{html_text(note)}</p>')
    out.append("</section>")
    return "\n".join(out)


def _span(colspan: int, rowspan: int) -> str:
    return (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")


def write_html(doc: Document) -> str:
    title = f"{doc.department}{doc.subtitle}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{html_text(title)}</title>",
        f'<meta name="generator" content="juesuan ({html_text(doc.profile)})">',
        f"<style>{_CSS}</style></head><body>",
        *(
            [
                f'<div class="draft-note" role="alert">{html_text(DRAFT_NOTE)}</div>',
                f'<div class="draft-mark" aria-hidden="true">{html_text(DRAFT_MARK)}</div>',
            ]
            if doc.draft
            else []
        ),
        f'<div class="cover"><div class="dept">{html_text(doc.title)}</div><div class="sub">{html_text(doc.subtitle)}</div></div>',
        '<nav class="toc"><h1>目录</h1>',
    ]
    out.extend(f'<p class="l{line.level}">{html_text(line.text)}</p>' for line in doc.toc)
    out.append("</nav>")
    pending_break = False
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        cls = ' class="break"' if pending_break else ""
        pending_break = False
        if isinstance(block, Heading):
            level = min(block.level, 4)
            out.append(f"<h{level}{cls}>{html_text(block.text)}</h{level}>")
        elif isinstance(block, Para):
            style = ' class="note"' if block.style == "note" else ""
            out.append(f"<p{style}>{html_text(block.text)}</p>")
        elif isinstance(block, TableView):
            out.append(_table(block))
        elif isinstance(block, Chart):
            out.append(f'<figure class="chart">{chart_svg(block)}</figure>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"
