"""The document as Markdown: headings, paragraphs and real pipe tables.

Readable back by juesuan's text reader (``juesuan parse`` on the output gives the same tables):
table title, 表号, 单位, 年度 and 金额单位 stand on their own lines above the grid, header rows are
printed flat (a merged cell's text once), and notes follow the table. Charts are left out.
Every text from the data goes through :func:`juesuan.escape.markdown_text`: a ``<script>`` or a
link in a department name is shown, not run.
"""

from __future__ import annotations

from juesuan.escape import markdown_text
from juesuan.render.view import DRAFT_NOTE, Chart, Document, Heading, PageBreak, Para, TableView
from juesuan.render.writers.grid import flat_header, flat_row

__all__ = ["write_markdown"]


def _cell(text: str) -> str:
    return " ".join(markdown_text(text).replace("|", "｜").split())


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def table_markdown(table: TableView) -> list[str]:
    out = [f"## {markdown_text(table.title)}", ""]
    for line in (table.number, table.unit_name, table.year_text, table.name_line, table.money_unit):
        if line:
            out.extend([markdown_text(line, block=True), ""])
    width = table.columns
    rows = flat_header(table) + [flat_row(r, width) for r in table.rows]
    if rows:
        out.append(_pipe(rows[0]))
        out.append("|" + "|".join(" --- " for _ in range(width)) + "|")
        out.extend(_pipe(r) for r in rows[1:])
        out.append("")
    for note in table.notes:
        out.extend([markdown_text(note, block=True), ""])
    return out


def write_markdown(doc: Document) -> str:
    out: list[str] = [DRAFT_NOTE, ""] if doc.draft else []
    out += [markdown_text(doc.title, block=True), "", markdown_text(doc.subtitle, block=True), "", "# 目录", ""]
    for line in doc.toc:
        out.extend([markdown_text(line.text, block=True), ""])
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.extend(["#" * min(block.level, 6) + " " + markdown_text(block.text), ""])
        elif isinstance(block, Para):
            out.extend([markdown_text(block.text, block=True), ""])
        elif isinstance(block, TableView):
            out.extend(table_markdown(block))
        elif isinstance(block, Chart | PageBreak):
            continue
    return "\n".join(out).rstrip("\n") + "\n"
