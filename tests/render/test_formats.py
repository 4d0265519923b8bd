"""The binary formats: PDF (A4, fonts embedded, page numbers, repeated table headers), DOCX (real
headings and tables), XLSX (one sheet per table, number formats)."""

from __future__ import annotations

import io

import pymupdf
import pytest

from juesuan.render.view import Document
from juesuan.render.writers.xlsx import MONEY_FORMAT, write_xlsx
from tests.render.conftest import pdf_or_skip

A4 = (595.3, 841.9)


@pytest.fixture(scope="module")
def pdf(made_up_pdf: bytes) -> pymupdf.Document:
    return pymupdf.open(stream=made_up_pdf, filetype="pdf")


def test_pdf_pages_are_a4(pdf: pymupdf.Document):
    for page in pdf:
        size = sorted((round(page.rect.width, 1), round(page.rect.height, 1)))
        assert size == sorted(A4)  # landscape pages for the wide 自评表 are A4 too


def test_pdf_fonts_are_embedded_and_chinese(pdf: pymupdf.Document):
    fonts = {f[3]: f[1] for i in range(pdf.page_count) for f in pdf.get_page_fonts(i)}
    assert fonts, "no fonts at all"
    assert all(ext != "n/a" for ext in fonts.values()), f"not embedded: {fonts}"
    assert any("CJK" in name or "Hei" in name or "Song" in name for name in fonts), fonts
    assert "收入支出决算总表" in "".join(page.get_text() for page in pdf)


def test_pdf_pages_are_numbered(pdf: pymupdf.Document):
    """After the cover and the table of contents, the body pages count from 1."""
    numbers = []
    for page in pdf:
        lines = [ln for ln in page.get_text().splitlines() if ln.strip()]
        numbers.append(lines[-1].strip() if lines else "")
    body = numbers[2:]
    assert body[:3] == ["1", "2", "3"]
    assert body[-1] == str(len(body))


def test_pdf_table_headers_repeat_on_continued_pages():
    """A table longer than a page prints its header rows again on the next page."""
    from juesuan.render.view import Cell, HeaderCell, TableView

    rows = tuple((Cell(f"20801{k:02d}"), Cell(f"第{k}项"), Cell(f"{k}.00", "money")) for k in range(1, 121))
    table = TableView(
        key="支出决算表",
        title="支出决算表",
        header=((HeaderCell("功能分类科目编码"), HeaderCell("科目名称"), HeaderCell("本年支出合计")),),
        rows=rows,
    )
    view = Document(title="测试单位", subtitle="2024年度部门决算", department="测试单位", year=2024, profile="liaoning", blocks=(table,))
    data = pdf_or_skip(view)
    pages = [p.get_text() for p in pymupdf.open(stream=data, filetype="pdf")][2:]
    assert len(pages) >= 2
    for text in pages:
        assert "功能分类科目编码" in text
    assert "支出决算表" not in pages[1].replace("功能分类科目编码", "")


def test_docx_has_real_headings_and_tables(made_up_docx: bytes):
    import docx

    document = docx.Document(io.BytesIO(made_up_docx))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert "第四部分 2024年度部门决算表" in headings
    assert "三、财政拨款“三公”经费支出决算情况说明" in headings
    assert len(document.tables) == 9 + 3 + 1  # nine tables, three 项目自评表, the 整体自评表
    first = document.tables[0]
    assert first.rows[0].cells[0].text == "收入"
    assert first.rows[0]._tr.trPr.xpath("./w:tblHeader")  # repeats on every page
    assert len(document.inline_shapes) >= 3  # the charts


def test_xlsx_has_one_sheet_per_table_with_number_formats(made_up_view: Document):
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(write_xlsx(made_up_view)))
    assert wb.sheetnames[:10] == [
        "情况说明",
        "01 收入支出决算总表",
        "02 收入决算表",
        "03 支出决算表",
        "04 财政拨款收入支出决算总表",
        "05 一般公共预算财政拨款支出决算表",
        "06 一般公共预算财政拨款基本支出决算表",
        "07 财政拨款“三公”经费支出决算表",
        "08 政府性基金预算财政拨款收入支出决算表",
        "09 国有资本经营预算财政拨款收入支出决算表",
    ]
    ws = wb["08 政府性基金预算财政拨款收入支出决算表"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert "2296004" in cells
    row = cells["2296004"].row
    amounts = [c for c in ws[row] if isinstance(c.value, int | float)]
    assert [c.value for c in amounts] == [60.0, 50.0, 50.0, 10.0]  # 本年收入, 支出小计, 项目支出, 年末结转和结余
    assert all(c.number_format == MONEY_FORMAT for c in amounts)
    assert ws.print_title_rows  # header rows repeat when printed
