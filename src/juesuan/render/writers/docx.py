"""The document as the Word file an office would send (python-docx for the package, the body as
WordprocessingML written directly — the per-cell python-docx API is what made this writer slow).

What makes it Word-grade:

- fonts as the official 样张: body 仿宋_GB2312 三号 with a two-character first-line indent, headings
  黑体 / 楷体_GB2312, tables 宋体; the East Asian font is set on every style (``w:eastAsia``), the
  theme fonts removed so that they do not win;
- a real table of contents: a ``TOC \\o "1-3" \\h \\z \\u`` field over the heading styles (and the
  nine tables' titles, outline level 2) that Word, WPS and LibreOffice fill with page numbers
  (``w:updateFields`` asks Word to update it when the file is opened);
- tables with column widths from their content — a code or an amount is never broken, text columns
  share what is left — a fixed layout, header rows repeated on every page (``w:tblHeader``), rows
  that do not split, no first-line indent inside cells; every table starts on a new page, and a
  table too wide for a portrait page (and every 绩效自评表) gets a landscape section of its own;
  when even a landscape page is too narrow the table's type is set smaller;
- page numbers in the footer; a document written with ``render --force`` carries 草稿 in the
  header of every page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from juesuan.record import Record
from juesuan.render.svg import chart_svg
from juesuan.render.view import DRAFT_NOTE, Cell, Chart, Document, Heading, PageBreak, Para, TableView
from juesuan.render.writers.grid import header_places

__all__ = ["column_widths", "svg_to_png", "write_docx"]

BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
HEAD_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_TWIPS_PER_CM = 567
#: A4 in twips and the margins (left/right 2.5 cm, top 2.54, bottom 2.54)
_PAGE_W, _PAGE_H = 11906, 16838
_MARGIN_X, _MARGIN_Y = 1418, 1440
_TEXT_W = {False: _PAGE_W - 2 * _MARGIN_X, True: _PAGE_H - 2 * _MARGIN_X}  # portrait / landscape
#: cell margins (left + right) in twips
_CELL_PAD = 2 * 57
_SIZES = (9.0, 8.0, 7.5, 6.5, 6.0, 5.5)  # the table type sizes tried, largest first (points)


def svg_to_png(svg: str, zoom: float = 1.6) -> bytes:
    """Rasterise an SVG chart (PyMuPDF)."""
    import pymupdf

    with pymupdf.open(stream=svg.encode("utf-8"), filetype="svg") as doc:
        return bytes(doc[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom)).tobytes("png"))


def chart_pngs(charts: list[Chart], ppi: int = 144) -> list[bytes]:
    """Every chart as a PNG, all in one Typst run (a few milliseconds a chart, where PyMuPDF's SVG
    import takes about a second as it embeds a CJK font); PyMuPDF where no CJK font is installed."""
    if not charts:
        return []
    import tempfile
    from pathlib import Path

    from juesuan.render.writers.pdf import cjk_font_dirs

    dirs, _ = cjk_font_dirs()
    if dirs:
        import typst

        with tempfile.TemporaryDirectory(prefix="juesuan-charts-") as tmp:
            root = Path(tmp)
            source = ["#set page(width: auto, height: auto, margin: 0pt)"]
            for i, chart in enumerate(charts):
                (root / f"c{i}.svg").write_text(chart_svg(chart), encoding="utf-8")
                source.append(("#pagebreak()\n" if i else "") + f'#image("c{i}.svg")')
            (root / "charts.typ").write_text("\n".join(source) + "\n", encoding="utf-8")
            try:
                pages = typst.compile(str(root / "charts.typ"), root=str(root), font_paths=list(dirs), format="png", ppi=ppi)
            except Exception:  # typst's own errors: fall back to PyMuPDF below
                pages = None
        if isinstance(pages, list) and len(pages) == len(charts):
            return [bytes(p) for p in pages]
        if isinstance(pages, bytes) and len(charts) == 1:
            return [pages]
    return [svg_to_png(chart_svg(chart)) for chart in charts]


# ---- measuring ------------------------------------------------------------------------------------


def _wide(ch: str) -> bool:
    o = ord(ch)
    return o >= 0x2E80 or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F


def _text_twips(text: str, points: float) -> int:
    """The width of ``text`` set at ``points`` (CJK a full em, other characters 0.56 em)."""
    em = points * 20
    return int(sum(em if _wide(ch) else em * 0.56 for ch in text) + 0.999)


def _unbreakable(cell: Cell) -> str:
    """The longest piece of ``cell`` that may not be broken: all of a code or an amount, the
    longest run of Latin letters and digits of a text (Chinese may break between characters)."""
    if cell.kind != "text":
        return cell.text
    longest, current = "", ""
    for ch in cell.text:
        if _wide(ch) or ch.isspace():
            current = ""
        else:
            current += ch
            if len(current) > len(longest):
                longest = current
    return longest or cell.text[:2]


@dataclass(frozen=True, repr=False)
class Layout(Record):
    """How a table is set: landscape or not, its type size, and each column's width in twips."""

    landscape: bool
    points: float
    widths: tuple[int, ...]


def _needs(table: TableView, points: float) -> tuple[list[int], list[int]]:
    """(minimum, wanted) width of every column at ``points``: the minimum keeps every code and
    amount on one line, the wanted width every cell."""
    n = table.columns
    low = [_text_twips("字字", points) + _CELL_PAD] * n
    want = list(low)
    for row in table.rows:
        c = 0
        for cell in row:
            if c >= n:
                break
            if cell.colspan == 1 and cell.text:
                low[c] = max(low[c], _text_twips(_unbreakable(cell), points) + _CELL_PAD)
                want[c] = max(want[c], _text_twips(cell.text, points) + _CELL_PAD)
            c += cell.colspan
    for _, c, head in header_places(table):
        if head.colspan == 1 and head.text:
            # a header may wrap, but not below four characters a line
            want[c] = max(want[c], min(_text_twips(head.text, points), _text_twips("字" * 4, points)) + _CELL_PAD)
    want = [max(w, lo) for w, lo in zip(want, low, strict=True)]
    return low, want


def column_widths(table: TableView) -> Layout:
    """The table's layout: portrait when its codes and amounts fit the page, landscape otherwise
    (and always for the 绩效自评表, as the 样张 sets them); the largest type size at which they
    fit; the room left shared out in proportion to what each column's text would like."""
    landscape = table.key in ("project", "whole")
    start = min(table.cell_points + 0.5, _SIZES[0]) if table.columns <= 6 else table.cell_points
    sizes = [s for s in _SIZES if s <= start] or [_SIZES[-1]]
    chosen: tuple[float, list[int], list[int]] | None = None
    for flip in ((False, True) if not landscape else (True,)):
        for points in sizes:
            low, want = _needs(table, points)
            if sum(low) <= _TEXT_W[flip]:
                chosen = (points, low, want)
                landscape = flip
                break
        if chosen is not None:
            break
    if chosen is None:  # nothing fits: the smallest size on a landscape page, columns at their minimum
        landscape = True
        points = sizes[-1]
        low, want = _needs(table, points)
        chosen = (points, low, want)
    points, low, want = chosen
    room = _TEXT_W[landscape]
    extra = room - sum(low)
    wish = [w - lo for w, lo in zip(want, low, strict=True)]
    total_wish = sum(wish)
    if total_wish <= extra:  # everything fits on one line: spread the rest evenly
        spare = extra - total_wish
        widths = [w + spare // len(want) for w in want]
    else:
        widths = [lo + int(extra * w / total_wish) for lo, w in zip(low, wish, strict=True)]
    widths[-1] += room - sum(widths)
    return Layout(landscape, points, tuple(widths))


# ---- WordprocessingML -------------------------------------------------------------------------


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def _para(text: str, style: str = "", align: str = "", extra_ppr: str = "", run_pr: str = "") -> str:
    ppr = ""
    if style or align or extra_ppr:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + extra_ppr + (f'<w:jc w:val="{align}"/>' if align else "") + "</w:pPr>"
    run = f"<w:r>{'<w:rPr>' + run_pr + '</w:rPr>' if run_pr else ''}{_t(text)}</w:r>" if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def _page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def _section(landscape: bool, refs: str = "") -> str:
    """A ``w:sectPr`` for a section set ``landscape`` or not (``refs``: header/footer references)."""
    w, h = (_PAGE_H, _PAGE_W) if landscape else (_PAGE_W, _PAGE_H)
    orient = ' w:orient="landscape"' if landscape else ""
    return (
        f'<w:sectPr>{refs}<w:type w:val="nextPage"/><w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
        f'<w:pgMar w:top="{_MARGIN_Y}" w:right="{_MARGIN_X}" w:bottom="{_MARGIN_Y}" w:left="{_MARGIN_X}" '
        'w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>'
    )


def _field(instruction: str, shown: str = "") -> str:
    """A complex field (begin · instruction · separate · what is shown · end) as runs."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + (f"<w:r>{_t(shown)}</w:r>" if shown else "")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _toc(doc: Document) -> str:
    """The 目录: a TOC field over outline levels 1–3. What it shows until it is updated is the
    document's own list of parts and tables (without page numbers)."""
    out = [_para("目录", "TOCHeading", "center")]
    lines = list(doc.toc) or []
    first, rest = (lines[0], lines[1:]) if lines else (None, [])
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    if first is None:
        out.append(f"<w:p>{begin}{end}</w:p>")
        return "".join(out)
    entries = [first, *rest]
    for k, line in enumerate(entries):
        style = f"TOC{min(line.level, 3)}"
        body = (begin if k == 0 else "") + f"<w:r>{_t(line.text)}</w:r>" + (end if k == len(entries) - 1 else "")
        out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{body}</w:p>')
    return "".join(out)


def _cell_xml(text: str, width: int, points: float, *, span: int = 1, vmerge: str = "", bold: bool = False,
              align: str = "left", nowrap: bool = False, shade: bool = False) -> str:  # fmt: skip
    size = int(points * 2)
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge:
        tcpr += '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>"
    if shade:
        tcpr += '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
    if nowrap:
        tcpr += "<w:noWrap/>"
    tcpr += '<w:vAlign w:val="center"/>'
    rpr = ("<w:b/>" if bold else "") + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    run = f"<w:r><w:rPr>{rpr}</w:rPr>{_t(text)}</w:r>" if text else ""
    return f'<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableCell"/><w:jc w:val="{align}"/></w:pPr>{run}</w:p></w:tc>'


def _table_xml(table: TableView, layout: Layout) -> str:
    widths = layout.widths
    n = len(widths)
    points = layout.points
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]
    # header rows: each grid position is the start of a cell, a column covered by a span, or the
    # continuation of a cell from above (vMerge)
    rows = len(table.header)
    starts: dict[tuple[int, int], tuple[str, int, int]] = {}
    below: dict[tuple[int, int], int] = {}
    for r, c, head in header_places(table):
        span = min(head.colspan, n - c)
        starts[(r, c)] = (head.text, span, head.rowspan)
        for dr in range(1, head.rowspan):
            if r + dr < rows:
                below[(r + dr, c)] = span
    for r in range(rows):
        cells: list[str] = []
        c = 0
        while c < n:
            if (r, c) in starts:
                text, span, rowspan = starts[(r, c)]
                cells.append(_cell_xml(text, sum(widths[c : c + span]), points, span=span, vmerge="restart" if rowspan > 1 else "",
                                       bold=True, align="center", shade=True))  # fmt: skip
                c += span
            elif (r, c) in below:
                span = below[(r, c)]
                cells.append(_cell_xml("", sum(widths[c : c + span]), points, span=span, vmerge="continue", shade=True))
                c += span
            else:
                cells.append(_cell_xml("", widths[c], points, shade=True))
                c += 1
        out.append(f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{"".join(cells)}</w:tr>')
    for body in table.rows:
        cells = []
        c = 0
        for cell in body:
            if c >= n:
                break
            span = min(cell.colspan, n - c)
            fixed = cell.kind != "text"
            cells.append(_cell_xml(cell.text, sum(widths[c : c + span]), points, span=span, bold=cell.bold,
                                   align="right" if cell.numeric else ("center" if cell.kind == "code" else "left"), nowrap=fixed))  # fmt: skip
            c += span
        if c < n:
            cells.append(_cell_xml("", sum(widths[c:]), points, span=n - c))
        out.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _table_block(table: TableView, layout: Layout, in_toc: bool) -> str:
    out = [_para(table.title, "TableTitle" if in_toc else "FormTitle", extra_ppr="<w:pageBreakBefore/>")]
    if table.number:
        out.append(_para(table.number, "TableMeta", "right"))
    meta = [t for t in (table.unit_name, table.name_line, table.year_text) if t]
    if meta or table.money_unit:
        # 单位 left, 年度 centre, 金额单位 right, on one line (tab stops at the middle and the end)
        room = sum(layout.widths)
        tabs = f'<w:tabs><w:tab w:val="center" w:pos="{room // 2}"/><w:tab w:val="right" w:pos="{room}"/></w:tabs>'
        left = meta[0] if meta else ""
        middle = "　".join(meta[1:])
        runs = f"<w:r>{_t(left)}</w:r><w:r><w:tab/>{_t(middle)}</w:r><w:r><w:tab/>{_t(table.money_unit)}</w:r>"
        out.append(f'<w:p><w:pPr><w:pStyle w:val="TableMeta"/>{tabs}</w:pPr>{runs}</w:p>')
    out.append(_table_xml(table, layout))
    out.extend(_para(note, "TableNote") for note in table.notes)
    return "".join(out)


# ---- styles -----------------------------------------------------------------------------------


def _fonts(style: object, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Set a style's fonts, East Asian included, and drop the theme fonts that would override them."""
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _style(styles: Any, name: str, base: Any = None) -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base is not None:
            style.base_style = base
        return style


def _styles(document: object) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.size = Pt(16)
    _fonts(normal, BODY_FONT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    ind = normal.element.get_or_add_pPr().makeelement(qn("w:ind"), {qn("w:firstLineChars"): "200", qn("w:firstLine"): "640"})
    normal.element.get_or_add_pPr().append(ind)
    for level, (font, size, center) in {1: (HEAD_FONT, 18, True), 2: (HEAD_FONT, 16, False), 3: (KAI_FONT, 16, False), 4: (BODY_FONT, 16, False)}.items():
        style = styles[f"Heading {level}"]
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt(size)
        style.font.bold = level in (1, 4)
        style.font.italic = False
        _fonts(style, font)
        pf = style.paragraph_format
        pf.space_before = Pt(12 if level == 1 else 6)
        pf.space_after = Pt(6)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(28 if level > 1 else 32)
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        pf.first_line_indent = Pt(0) if center else Pt(32)
        pf.page_break_before = level == 1  # every part starts a page (the view's PageBreak blocks)
        pf.keep_with_next = True
    specs: tuple[tuple[str, str, float, Any, bool, int | None], ...] = (
        # name, font, size, align, bold, outline level (None: not in the 目录)
        ("Table Title", HEAD_FONT, 16.0, WD_ALIGN_PARAGRAPH.CENTER, False, 1),
        ("Form Title", HEAD_FONT, 16, WD_ALIGN_PARAGRAPH.CENTER, False, None),
        ("Table Meta", TABLE_FONT, 9, WD_ALIGN_PARAGRAPH.LEFT, False, None),
        ("Table Note", TABLE_FONT, 9, WD_ALIGN_PARAGRAPH.LEFT, False, None),
        ("Table Cell", TABLE_FONT, 9, WD_ALIGN_PARAGRAPH.LEFT, False, None),
        ("Cover", HEAD_FONT, 26, WD_ALIGN_PARAGRAPH.CENTER, True, None),
        ("TOC Heading", HEAD_FONT, 18, WD_ALIGN_PARAGRAPH.CENTER, False, None),
        ("Draft", HEAD_FONT, 10.5, WD_ALIGN_PARAGRAPH.CENTER, True, None),
    )
    for name, font, points, align, bold, outline in specs:
        style = _style(styles, name, normal)
        style.font.size = Pt(points)
        style.font.bold = bold
        _fonts(style, font)
        pf = style.paragraph_format
        pf.alignment = align
        pf.first_line_indent = Pt(0)
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:ind")):
            ppr.remove(old)
        ppr.append(ppr.makeelement(qn("w:ind"), {qn("w:firstLine"): "0", qn("w:firstLineChars"): "0"}))
        if name in ("Table Cell", "Table Meta", "Table Note"):
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
            pf.space_before = pf.space_after = Pt(0)
        elif name in ("Table Title", "Form Title"):
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
            pf.space_after = Pt(6)
            pf.keep_with_next = True
        if outline is not None:
            ppr.append(ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(outline)}))
    for level in (1, 2, 3):
        style = _style(styles, f"TOC {level}", normal)
        style.font.size = Pt(14)
        _fonts(style, BODY_FONT)
        pf = style.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.left_indent = Pt(21 * (level - 1))
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(26)
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:ind")):
            ppr.remove(old)
        ppr.append(ppr.makeelement(qn("w:ind"), {qn("w:left"): str(420 * (level - 1)), qn("w:firstLine"): "0", qn("w:firstLineChars"): "0"}))


def _header_footer(document: object, draft: bool) -> str:
    """Page numbers in the footer (and 草稿 in the header of a draft); returns the references for
    the first section's ``w:sectPr`` (later sections inherit them)."""
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
            el.text = " PAGE "
        run._r.append(el)
    if draft:
        head = section.header.paragraphs[0]
        head.style = document.styles["Draft"]  # type: ignore[attr-defined]
        mark = head.add_run(DRAFT_NOTE)
        mark.font.color.rgb = __import__("docx.shared", fromlist=["RGBColor"]).RGBColor(0xB0, 0, 0)
    refs = [el for el in section._sectPr if el.tag in (qn("w:headerReference"), qn("w:footerReference"))]
    from lxml import etree

    return "".join(etree.tostring(el, encoding="unicode") for el in refs)


# ---- the document -----------------------------------------------------------------------------


def write_docx(doc: Document) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Cm, Twips

    document = docx.Document()
    _styles(document)
    refs = _header_footer(document, doc.draft)
    props = document.core_properties
    props.title = f"{doc.department}{doc.subtitle}"
    props.author = doc.department
    props.keywords = "草稿" if doc.draft else ""
    settings = document.settings.element
    settings.append(settings.makeelement(qn("w:updateFields"), {qn("w:val"): "true"}))

    body = document.element.body
    last = body.sectPr
    pending: list[str] = []

    def flush() -> None:
        if pending:
            holder = parse_xml(f"<w:body {_W}>{''.join(pending)}</w:body>")
            for child in list(holder):
                last.addprevious(child)
            pending.clear()

    in_toc = {line.text for line in doc.toc}
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    pictures = dict(zip((id(c) for c in charts), chart_pngs(charts), strict=True))
    landscape = False  # the orientation of the section being written
    first_section = True

    def new_section(flip: bool) -> None:
        """End the section being written (its properties go in a paragraph) and start one ``flip``."""
        nonlocal landscape, first_section
        pending.append(f"<w:p><w:pPr>{_section(landscape, refs if first_section else '')}</w:pPr></w:p>")
        first_section = False
        landscape = flip

    if doc.draft:
        pending.append(_para(DRAFT_NOTE, "Draft"))
    pending.extend(_para("", "Cover") for _ in range(5))
    pending.append(_para(doc.title, "Cover"))
    pending.append(_para(doc.subtitle, "Cover"))
    pending.append(_page_break())
    pending.append(_toc(doc))
    after_table = False
    for block in doc.blocks:
        if isinstance(block, TableView):
            layout = column_widths(block)
            if layout.landscape != landscape:
                new_section(layout.landscape)
            numbered = any(line.endswith(block.title) for line in in_toc)
            pending.append(_table_block(block, layout, numbered))
            after_table = True
            continue
        if after_table and landscape:
            new_section(False)
        after_table = False
        if isinstance(block, PageBreak):
            continue  # the view breaks before each part, which Heading 1 does (pageBreakBefore)
        if isinstance(block, Heading):
            pending.append(_para(block.text, f"Heading{min(block.level, 4)}"))
        elif isinstance(block, Para):
            pending.append(_para(block.text, "TableNote" if block.style == "note" else ""))
        elif isinstance(block, Chart):
            flush()
            picture = document.add_paragraph(style="Form Title")
            picture.add_run().add_picture(io.BytesIO(pictures[id(block)]), width=Cm(14))
    flush()
    # the last section: the body's own sectPr
    section = document.sections[-1]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Twips(_PAGE_H), Twips(_PAGE_W)
    else:
        section.page_width, section.page_height = Twips(_PAGE_W), Twips(_PAGE_H)
    section.left_margin = section.right_margin = Twips(_MARGIN_X)
    section.top_margin = section.bottom_margin = Twips(_MARGIN_Y)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
