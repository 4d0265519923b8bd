"""The document as editable Word (python-docx): real headings (标题 1–4), real tables with merged
cells and header rows that repeat on every page, charts as pictures."""

from __future__ import annotations

import io

from juesuan.render.svg import chart_svg
from juesuan.render.view import Chart, Document, Heading, PageBreak, Para, TableView
from juesuan.render.writers.grid import header_places

__all__ = ["svg_to_png", "write_docx"]

_BODY_FONT = "宋体"
_HEAD_FONT = "黑体"


def svg_to_png(svg: str, zoom: float = 1.6) -> bytes:
    """Rasterise an SVG chart (PyMuPDF)."""
    import pymupdf

    with pymupdf.open(stream=svg.encode("utf-8"), filetype="svg") as doc:
        return bytes(doc[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom)).tobytes("png"))


def _east_asian(style_or_run: object, font: str) -> None:
    from docx.oxml.ns import qn

    element = style_or_run.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def _repeat_header(row: object) -> None:
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    tr_pr.append(el)


def _table(document: object, table: TableView) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = document
    title = doc.add_paragraph(style="Table Title")  # type: ignore[attr-defined]
    title.add_run(table.title)
    for line in (table.number, table.unit_name, table.year_text, table.name_line, table.money_unit):
        if line:
            p = doc.add_paragraph(line, style="Table Meta")  # type: ignore[attr-defined]
            if line == table.number or line == table.money_unit:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    width = table.columns
    n_rows = len(table.header) + len(table.rows)
    grid = doc.add_table(rows=n_rows, cols=width)  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = Pt(table.cell_points)
    cells = grid._cells  # once: python-docx recomputes this list on every grid.cell() call
    merges: list[tuple[int, int, int, int]] = []

    def put(r: int, c: int, text: str, colspan: int, rowspan: int, bold: bool, align: int) -> None:
        cell = cells[r * width + c]
        if colspan > 1 or rowspan > 1:
            merges.append((r, c, min(r + rowspan - 1, n_rows - 1), min(c + colspan - 1, width - 1)))
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        run = paragraph.add_run(text)
        run.font.size = size
        run.bold = bold

    for r, c, hc in header_places(table):
        put(r, c, hc.text, hc.colspan, hc.rowspan, True, WD_ALIGN_PARAGRAPH.CENTER)
    for r in range(len(table.header)):
        _repeat_header(grid.rows[r])
    offset = len(table.header)
    for k, body in enumerate(table.rows):
        r = offset + k
        c = 0
        for cell in body:
            if c >= width:
                break
            put(r, c, cell.text, cell.colspan, 1, cell.bold, WD_ALIGN_PARAGRAPH.RIGHT if cell.numeric else WD_ALIGN_PARAGRAPH.LEFT)
            c += cell.colspan
    for r0, c0, r1, c1 in merges:
        cells[r0 * width + c0].merge(cells[r1 * width + c1])
    for note in table.notes:
        doc.add_paragraph(note, style="Table Note")  # type: ignore[attr-defined]


def _styles(document: object) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    _east_asian(normal, _BODY_FONT)
    normal.paragraph_format.first_line_indent = Pt(22)
    normal.paragraph_format.line_spacing = 1.4
    for level in range(1, 5):
        style = styles[f"Heading {level}"]
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt({1: 16, 2: 14, 3: 12, 4: 11}[level])
        _east_asian(style, _HEAD_FONT)
        style.paragraph_format.first_line_indent = Pt(0)
        if level == 1:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name, size, align, bold in (
        ("Table Title", 14, WD_ALIGN_PARAGRAPH.CENTER, True),
        ("Table Meta", 9, WD_ALIGN_PARAGRAPH.LEFT, False),
        ("Table Note", 9, WD_ALIGN_PARAGRAPH.LEFT, False),
        ("Cover", 24, WD_ALIGN_PARAGRAPH.CENTER, True),
        ("TOC Line", 11, WD_ALIGN_PARAGRAPH.LEFT, False),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        style.paragraph_format.alignment = align
        style.paragraph_format.first_line_indent = Pt(0)
        _east_asian(style, _HEAD_FONT if bold else _BODY_FONT)


def _page_numbers(document: object) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    section = document.sections[0]  # type: ignore[attr-defined]
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for tag, attrs in (("w:fldChar", {qn("w:fldCharType"): "begin"}), ("w:instrText", {}), ("w:fldChar", {qn("w:fldCharType"): "end"})):
        el = run._r.makeelement(qn(tag), attrs)
        if tag == "w:instrText":
            el.set(qn("xml:space"), "preserve")
            el.text = "PAGE"
        run._r.append(el)


def write_docx(doc: Document) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2)
    _styles(document)
    _page_numbers(document)
    props = document.core_properties
    props.title = f"{doc.department}{doc.subtitle}"
    props.author = doc.department
    for _ in range(6):
        document.add_paragraph("", style="Cover")
    document.add_paragraph(doc.title, style="Cover")
    document.add_paragraph(doc.subtitle, style="Cover")
    document.add_page_break()
    document.add_paragraph("目录", style="Heading 1")
    for line in doc.toc:
        p = document.add_paragraph(line.text, style="TOC Line")
        if line.level > 1:
            p.paragraph_format.left_indent = Pt(22)
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            document.add_page_break()
        elif isinstance(block, Heading):
            document.add_heading(block.text, level=min(block.level, 4))
        elif isinstance(block, Para):
            document.add_paragraph(block.text)
        elif isinstance(block, TableView):
            _table(document, block)
        elif isinstance(block, Chart):
            picture = document.add_paragraph(style="Table Title")
            picture.add_run().add_picture(io.BytesIO(svg_to_png(chart_svg(block))), width=Cm(14))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
