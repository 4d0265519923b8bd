"""The tables as a workbook (openpyxl), like the workbooks departments publish: one sheet per
table, title and 单位/年度/金额单位 lines above the grid, merged header cells, amounts stored as
numbers with the ``#,##0.00`` format (blank cells stay blank), notes below, and a first sheet with
the 情况说明 text.

No cell is ever a formula: every text cell is stored as a string (``data_type = "s"``), and one a
spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``, also after blanks or control
characters; :func:`juesuan.escape.formula_like`) also gets the quote prefix Excel itself gives
typed text. Characters XML cannot hold are removed (:func:`juesuan.escape.sheet_text`)."""

from __future__ import annotations

import io

from juesuan.escape import formula_like, sheet_text
from juesuan.render.view import DRAFT_NOTE, Document, Heading, Para, TableView
from juesuan.render.writers.grid import header_places

__all__ = ["MONEY_FORMAT", "text_only", "write_xlsx"]

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    base, k = clean, 2
    while clean in used:
        suffix = f"({k})"
        clean = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(clean)
    return clean


TABLE_FONT = "宋体"
TITLE_FONT = "黑体"


def _styles(wb: object) -> None:
    """The named cell styles of the workbook, registered once: a cell then takes its style by name
    (openpyxl hashes a style object each time one is assigned, which was most of this writer's time)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="444444")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="EEF1F5")
    specs = {
        "jz-head": (Font(name=TABLE_FONT, size=10, bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True), fill, "General"),
        "jz-text": (Font(name=TABLE_FONT, size=10), Alignment(vertical="center", wrap_text=True), None, "General"),
        "jz-text-bold": (Font(name=TABLE_FONT, size=10, bold=True), Alignment(vertical="center", wrap_text=True), None, "General"),
        "jz-code": (Font(name=TABLE_FONT, size=10), Alignment(horizontal="left", vertical="center"), None, "@"),
        "jz-money": (Font(name=TABLE_FONT, size=10), Alignment(horizontal="right", vertical="center"), None, MONEY_FORMAT),
        "jz-money-bold": (Font(name=TABLE_FONT, size=10, bold=True), Alignment(horizontal="right", vertical="center"), None, MONEY_FORMAT),
        "jz-percent": (Font(name=TABLE_FONT, size=10), Alignment(horizontal="right", vertical="center"), None, PERCENT_FORMAT),
        "jz-number": (Font(name=TABLE_FONT, size=10), Alignment(horizontal="right", vertical="center"), None, "General"),
    }
    for name, (font, alignment, background, number_format) in specs.items():
        style = NamedStyle(name=name, font=font, alignment=alignment, border=border, number_format=number_format)
        if background is not None:
            style.fill = background
        wb.add_named_style(style)  # type: ignore[attr-defined]


def _style_of(kind: str, bold: bool, has_value: bool) -> str:
    if kind == "money":
        return "jz-money-bold" if bold else "jz-money"
    if kind == "percent" and has_value:
        return "jz-percent"
    if kind in ("number", "int"):
        return "jz-number"
    if kind == "code":
        return "jz-code"
    return "jz-text-bold" if bold else "jz-text"


def _width(text: str) -> float:
    """A column width (Excel character units) that shows ``text`` on one line."""
    return sum(2.1 if ord(ch) >= 0x2E80 else 1.1 for ch in text) + 1.5


def _table_sheet(wb: object, table: TableView, name: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)  # type: ignore[attr-defined]
    width = max(table.columns, 1)
    title = ws.cell(row=1, column=1, value=table.title)
    title.font = Font(name=TITLE_FONT, bold=True, size=16)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 28
    meta_font = Font(name=TABLE_FONT, size=10)
    r = 2
    if table.number:
        cell = ws.cell(row=r, column=width, value=table.number)
        cell.alignment = Alignment(horizontal="right")
        cell.font = meta_font
        r += 1
    meta = [t for t in (table.unit_name, table.name_line, table.year_text, table.money_unit) if t]
    if meta:
        step = max(width // len(meta), 1)
        for k, text in enumerate(meta):
            column = min(1 + k * step, width) if k < len(meta) - 1 else width
            cell = ws.cell(row=r, column=column, value=text)
            cell.font = meta_font
            if k == len(meta) - 1 and len(meta) > 1:
                cell.alignment = Alignment(horizontal="right")
        r += 1
    top = r
    for dr, dc, hc in header_places(table):
        r, c = top + dr, 1 + dc
        ws.cell(row=r, column=c, value=hc.text or None).style = "jz-head"
        if hc.colspan > 1 or hc.rowspan > 1:
            for rr in range(r, r + hc.rowspan):  # the covered cells carry the border too
                for cc in range(c, c + hc.colspan):
                    if (rr, cc) != (r, c):
                        ws.cell(row=rr, column=cc).style = "jz-head"
            ws.merge_cells(start_row=r, start_column=c, end_row=r + hc.rowspan - 1, end_column=c + hc.colspan - 1)
    r = top + len(table.header)
    header_end = r - 1
    wanted = [0.0] * width
    for body in table.rows:
        c = 1
        for bc in body:
            if c > width:
                break
            value: object = bc.text or None
            if bc.numeric and bc.value is not None:
                value = bc.value if bc.kind != "int" else int(bc.value)  # openpyxl writes a Decimal's digits as they are
                if bc.kind == "percent":
                    value = bc.value / 100  # the view holds percentage points
            elif bc.kind == "int" and bc.text.isdigit():
                value = int(bc.text)
            cell = ws.cell(row=r, column=c, value=value)
            cell.style = _style_of(bc.kind, bc.bold, bc.value is not None)
            if bc.colspan > 1:
                for cc in range(c + 1, c + bc.colspan):
                    ws.cell(row=r, column=cc).style = cell.style
                ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + bc.colspan - 1)
            elif bc.text:
                # codes and amounts on one line; text up to 30 characters wide, then wrapped
                wanted[c - 1] = max(wanted[c - 1], _width(bc.text) if bc.kind != "text" else min(_width(bc.text), 44.0))
            c += bc.colspan
        r += 1
    last = r - 1
    for note in table.notes:
        ws.cell(row=r, column=1, value=note).font = meta_font
        r += 1
    relative = table.widths or tuple(12 for _ in range(width))
    for k in range(width):
        floor = max(6.0, relative[k] * 1.2) if k < len(relative) else 8.0
        ws.column_dimensions[get_column_letter(k + 1)].width = round(max(floor * 0.6, wanted[k], 6.0), 1)
    ws.freeze_panes = ws.cell(row=header_end + 1, column=1)
    ws.print_title_rows = f"{top}:{header_end}" if header_end >= top else None
    ws.print_area = f"A1:{get_column_letter(width)}{max(r - 1, last)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if width > 8 or table.key in ("project", "whole") else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def write_xlsx(doc: Document) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    _styles(wb)
    text = wb.active
    text.title = "情况说明"
    text.column_dimensions["A"].width = 100
    text.cell(row=1, column=1, value=f"{doc.title}{doc.subtitle}").font = Font(name=TITLE_FONT, bold=True, size=16)
    heading = Font(name=TITLE_FONT, size=12, bold=True)  # the workbook reader tells headings by their bold
    body = Font(name="仿宋_GB2312", size=12)
    wrap = Alignment(wrap_text=True, vertical="top")
    r = 3
    for block in doc.blocks:
        if isinstance(block, Heading):
            text.cell(row=r, column=1, value=block.text).font = heading
            r += 1
        elif isinstance(block, Para):
            cell = text.cell(row=r, column=1, value=block.text)
            cell.font = body
            cell.alignment = wrap
            r += 1
    text.print_area = f"A1:A{max(r - 1, 1)}"
    text.page_setup.paperSize = text.PAPERSIZE_A4
    text.page_setup.fitToWidth = 1
    text.page_setup.fitToHeight = 0
    text.sheet_properties.pageSetUpPr.fitToPage = True
    used = {"情况说明"}
    for table in doc.tables():
        _table_sheet(wb, table, _sheet_name(table.sheet or table.title, used))
    if doc.draft:
        text.cell(row=2, column=1, value=DRAFT_NOTE).font = Font(bold=True, color="B00000")
        for ws in wb.worksheets:  # the printed header of every page of every sheet
            for header in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
                header.center.text = DRAFT_NOTE
                header.center.color = "B00000"
    text_only(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def text_only(wb: object) -> None:
    """Make every text cell of the workbook a plain string: never a formula, no control characters."""
    for ws in wb.worksheets:  # type: ignore[attr-defined]
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    risky = formula_like(cell.value)
                    cell.value = sheet_text(cell.value)
                    cell.data_type = "s"
                    if risky:
                        cell.quotePrefix = True
