"""The tables as a workbook (openpyxl), like the workbooks departments publish: one sheet per
table, title and 单位/年度/金额单位 lines above the grid, merged header cells, amounts stored as
numbers with the ``#,##0.00`` format (blank cells stay blank), notes below, and a first sheet with
the 情况说明 text."""

from __future__ import annotations

import io

from juesuan.render.view import DRAFT_NOTE, Document, Heading, Para, TableView
from juesuan.render.writers.grid import header_places

__all__ = ["MONEY_FORMAT", "write_xlsx"]

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


def _table_sheet(wb: object, table: TableView, name: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)  # type: ignore[attr-defined]
    width = table.columns
    thin = Side(style="thin", color="444444")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    r = 2
    if table.number:
        ws.cell(row=r, column=max(width, 1), value=table.number).alignment = Alignment(horizontal="right")
        r += 1
    meta = [t for t in (table.unit_name, table.name_line, table.year_text, table.money_unit) if t]
    if meta:
        step = max(width // len(meta), 1)
        for k, text in enumerate(meta):
            column = min(1 + k * step, width) if k < len(meta) - 1 else max(width, 1)
            ws.cell(row=r, column=column, value=text)
        r += 1
    top = r
    fill = PatternFill("solid", fgColor="EEF1F5")
    for dr, dc, hc in header_places(table):
        r, c = top + dr, 1 + dc
        cell = ws.cell(row=r, column=c, value=hc.text or None)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = fill
        if hc.colspan > 1 or hc.rowspan > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + hc.rowspan - 1, end_column=c + hc.colspan - 1)
    r = top + len(table.header)
    header_end = r - 1
    for body in table.rows:
        c = 1
        for bc in body:
            value: object = bc.text or None
            if bc.numeric and bc.value is not None:
                value = bc.value if bc.kind != "int" else int(bc.value)  # openpyxl writes a Decimal's digits as they are
            elif bc.kind == "int" and bc.text.isdigit():
                value = int(bc.text)
            cell = ws.cell(row=r, column=c, value=value)
            if bc.kind == "money":
                cell.number_format = MONEY_FORMAT
                cell.alignment = Alignment(horizontal="right")
            elif bc.kind == "percent" and bc.value is not None:
                cell.value = bc.value / 100  # the view holds percentage points
                cell.number_format = PERCENT_FORMAT
                cell.alignment = Alignment(horizontal="right")
            elif bc.kind == "code":
                cell.number_format = "@"
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            if bc.bold:
                cell.font = Font(bold=True)
            if bc.colspan > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + bc.colspan - 1)
            c += bc.colspan
        r += 1
    for row in ws.iter_rows(min_row=top, max_row=r - 1, min_col=1, max_col=max(width, 1)):
        for cell in row:
            cell.border = border
    for note in table.notes:
        ws.cell(row=r, column=1, value=note)
        r += 1
    widths = table.widths or tuple(12 for _ in range(width))
    for k, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = max(6, int(w * 1.2))
    ws.freeze_panes = ws.cell(row=header_end + 1, column=1)
    ws.print_title_rows = f"{top}:{header_end}" if header_end >= top else None
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if width > 8 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_xlsx(doc: Document) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    text = wb.active
    text.title = "情况说明"
    text.column_dimensions["A"].width = 110
    text.cell(row=1, column=1, value=f"{doc.title}{doc.subtitle}").font = Font(bold=True, size=14)
    r = 3
    for block in doc.blocks:
        if isinstance(block, Heading):
            text.cell(row=r, column=1, value=block.text).font = Font(bold=True)
            r += 1
        elif isinstance(block, Para):
            cell = text.cell(row=r, column=1, value=block.text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
    used = {"情况说明"}
    for table in doc.tables():
        _table_sheet(wb, table, _sheet_name(table.sheet or table.title, used))
    if doc.draft:
        text.cell(row=2, column=1, value=DRAFT_NOTE).font = Font(bold=True, color="B00000")
        for ws in wb.worksheets:  # the printed header of every page of every sheet
            for header in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
                header.center.text = DRAFT_NOTE
                header.center.color = "B00000"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
