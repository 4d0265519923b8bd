"""The Word and Excel files as an office edits them, checked in their XML (no LibreOffice needed;
test_docx_office.py checks the printed pages): fonts with their East Asian names, a TOC field,
fixed column widths that hold every code and amount, repeated header rows, landscape sections,
no first-line indent in cells; in the workbook wrapped text, print areas, fonts and widths."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from juesuan.render.view import Document, TableView
from juesuan.render.writers.docx import _text_twips, column_widths
from juesuan.render.writers.xlsx import write_xlsx


@pytest.fixture(scope="module")
def document_xml(made_up_docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(made_up_docx)) as z:
        return z.read("word/document.xml").decode("utf-8")


@pytest.fixture(scope="module")
def styles_xml(made_up_docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(made_up_docx)) as z:
        return z.read("word/styles.xml").decode("utf-8")


def test_fonts_are_the_official_ones_with_east_asian_names(styles_xml: str) -> None:
    assert 'w:eastAsia="仿宋_GB2312"' in styles_xml and 'w:eastAsia="黑体"' in styles_xml and 'w:eastAsia="宋体"' in styles_xml
    assert "w:eastAsiaTheme" not in styles_xml.split('w:styleId="Heading1"')[1].split("</w:style>")[0]


def test_a_real_toc_field(document_xml: str) -> None:
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-3" \\h \\z \\u </w:instrText>', document_xml)
    assert document_xml.index("TOC \\o") < document_xml.index("第一部分")


def test_tables_have_fixed_widths_repeated_headers_and_start_pages(document_xml: str, made_up_view: Document) -> None:
    tables = document_xml.count("<w:tbl>")
    assert tables == len(made_up_view.tables())
    assert document_xml.count('<w:tblLayout w:type="fixed"/>') == tables
    assert document_xml.count("<w:tblHeader/>") >= tables
    assert document_xml.count("<w:pageBreakBefore/>") >= tables


def test_wide_tables_get_landscape_sections(document_xml: str) -> None:
    sections = re.findall(r"<w:sectPr[ >].*?</w:sectPr>", document_xml)
    assert any('w:orient="landscape"' in s for s in sections)
    assert any('w:orient="landscape"' not in s for s in sections)


def test_cells_have_no_first_line_indent(styles_xml: str) -> None:
    cell_style = styles_xml.split('w:styleId="TableCell"')[1].split("</w:style>")[0]
    assert 'w:firstLine="0"' in cell_style


@pytest.mark.parametrize("fixture", ["made_up_view", "made_up_view_shanghai", "seed_view"])
def test_every_code_and_amount_fits_its_column(request: pytest.FixtureRequest, fixture: str) -> None:
    view: Document = request.getfixturevalue(fixture)
    for table in view.tables():
        layout = column_widths(table)
        for row in table.rows:
            c = 0
            for cell in row:
                if cell.colspan == 1 and cell.kind != "text" and cell.text and c < len(layout.widths):
                    assert _text_twips(cell.text, layout.points) + 114 <= layout.widths[c], (table.title, cell.text)
                c += cell.colspan
        assert sum(layout.widths) <= (16838 if layout.landscape else 11906) - 2 * 1418


def test_project_forms_are_landscape(made_up_view: Document) -> None:
    forms: list[TableView] = [t for t in made_up_view.tables() if t.key in ("project", "whole")]
    assert forms and all(column_widths(t).landscape for t in forms)


def test_workbook_wraps_text_sets_print_areas_fonts_and_widths(made_up_view: Document) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(write_xlsx(made_up_view)))
    sheet = wb["05 一般公共预算财政拨款支出决算表"] if "05 一般公共预算财政拨款支出决算表" in wb.sheetnames else wb.worksheets[5]
    assert sheet.print_area and sheet.print_title_rows
    labels = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value == "行政运行"]
    assert labels and labels[0].alignment.wrap_text and labels[0].font.name == "宋体"
    amounts = [c for row in sheet.iter_rows() for c in row if c.number_format == "#,##0.00" and c.value is not None]
    assert amounts
    for cell in amounts:
        width = sheet.column_dimensions[cell.column_letter].width
        assert width >= len(f"{cell.value:,.2f}") + 1
    assert all(ws.print_area for ws in wb.worksheets)
