"""Word documents as departments write them, made here with python-docx: a cover, a table of
contents with page numbers, headings, tables with merged header cells, titles and 单位 lines as
paragraphs above a table or as rows inside it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from juesuan.diagnostics import ReadError
from juesuan.ingest import read
from juesuan.ingest.common.stream import Block, Para
from juesuan.ingest.docx import docx_items
from juesuan.model.tables import ClassifiedTable, TableKind


def fund_table(document, *, title_inside: bool = False):  # type: ignore[no-untyped-def]
    """公开08表 with a two-row header: 项目 over two columns, 本年支出 over three, the rest over two rows."""
    extra = 2 if title_inside else 0
    table = document.add_table(rows=4 + extra, cols=8)
    if title_inside:
        title = table.cell(0, 0).merge(table.cell(0, 7))
        title.text = "政府性基金预算财政拨款收入支出决算表"
        table.cell(1, 0).merge(table.cell(1, 3)).text = "单位：某某局"
        table.cell(1, 7).text = "金额单位：万元"
    top, sub = extra, extra + 1
    table.cell(top, 0).merge(table.cell(top, 1)).text = "项目"
    for col, text in ((2, "年初结转和结余"), (3, "本年收入"), (7, "年末结转和结余")):
        table.cell(top, col).merge(table.cell(sub, col)).text = text
    table.cell(top, 4).merge(table.cell(top, 6)).text = "本年支出"
    for col, text in ((0, "功能分类科目编码"), (1, "科目名称"), (4, "小计"), (5, "基本支出"), (6, "项目支出")):
        table.cell(sub, col).text = text
    for r, values in enumerate(
        (["合计", "", "", "60.00", "50.00", "", "50.00", "10.00"], ["2296004", "用于教育事业的彩票公益金支出", "", "60.00", "50.00", "", "50.00", "10.00"]),
        start=sub + 1,
    ):
        for c, text in enumerate(values):
            if text:
                table.cell(r, c).text = text
    table.cell(sub + 1, 0).merge(table.cell(sub + 1, 1))
    return table


def write(document, path: Path) -> Path:  # type: ignore[no-untyped-def]
    document.save(str(path))
    return path


def fund(result) -> ClassifiedTable:  # type: ignore[no-untyped-def]
    table = next(t for t in result.report.tables if t.kind == TableKind.GOV_FUND)
    assert isinstance(table, ClassifiedTable)
    return table


def test_a_word_document_with_cover_contents_headings_and_a_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某市某某局")
    document.add_paragraph("2024年度部门决算")
    document.add_paragraph("目录")
    document.add_paragraph("第一部分 某某市某某局概况\t1")
    document.add_paragraph("第二部分 2024年度部门决算表\t3")
    document.add_heading("第一部分 某某市某某局概况", level=1)
    document.add_heading("一、主要职责", level=2)
    document.add_paragraph("负责全市某某工作。")
    document.add_heading("第二部分 2024年度部门决算表", level=1)
    document.add_paragraph("政府性基金预算财政拨款收入支出决算表")
    document.add_paragraph("公开08表")
    document.add_paragraph("单位：某某局\t\t\t2024年度\t\t金额单位：万元")
    fund_table(document)
    document.add_paragraph("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。")
    result = read(write(document, tmp_path / "fund.docx"))
    assert not result.errors, [f.message for f in result.errors]
    report = result.report
    assert report.metadata.department == "某某市某某局" and report.metadata.year == 2024
    assert [e.title for e in report.toc] == ["某某市某某局概况", "2024年度部门决算表"]  # page numbers dropped
    assert [p.title for p in report.narrative.parts] == ["某某市某某局概况", "2024年度部门决算表"]
    assert [d.text for d in report.duties] == ["负责全市某某工作。"]
    table = fund(result)
    assert table.header.number == "公开08表" and table.header.unit_name == "某某局" and table.header.year == 2024
    assert table.header.notes == ("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",)
    row = table.row("2296004")
    assert row is not None and row.label == "用于教育事业的彩票公益金支出"
    assert {k: v.text for k, v in row.cells.items() if v.text} == {"本年收入": "60.00", "本年支出合计": "50.00", "项目支出": "50.00", "年末结转和结余": "10.00"}
    total = table.total
    assert total is not None and total.cells["本年收入"].amount is not None
    assert total.cells["本年收入"].amount.value == Decimal("60.00")


def test_a_title_and_unit_printed_inside_the_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某局2024年度部门决算")
    fund_table(document, title_inside=True)
    table = fund(read(write(document, tmp_path / "inside.docx")))
    assert table.header.title == "政府性基金预算财政拨款收入支出决算表"
    assert table.header.unit_name == "某某局" and table.header.money_unit.value == "万元"
    assert table.header.source.cell == "T1R1C1"
    row = table.row("2296004")
    assert row is not None and row.cells["年末结转和结余"].text == "10.00"


def test_merged_cells_leave_the_covered_positions_blank(tmp_path: Path) -> None:
    """gridSpan and vMerge: the text stands once, where the merged cell starts."""
    document = docx.Document()
    fund_table(document)
    items = docx_items(write(document, tmp_path / "merged.docx"))
    block = next(it for it in items if isinstance(it, Block))
    header = [[c.text for c in row] for row in block.rows[:2]]
    assert header == [
        ["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
        ["功能分类科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
    ]
    assert [c.source.cell for c in block.rows[3][:3]] == ["T1R4C1", "T1R4C2", "T1R4C3"]
    # one line per paragraph or table row, in reading order
    assert [row[0].source.line for row in block.rows] == [1, 2, 3, 4]


def test_headings_line_breaks_and_line_numbers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("第二部分 2024年度部门决算情况说明", level=1)  # line 1
    p = document.add_paragraph("收入支出决算总表")  # line 2, with a line break inside
    p.add_run().add_break(WD_BREAK.LINE)
    p.add_run("公开01表")
    document.add_paragraph("2024年度收入总计100.00万元。")  # line 3
    items = [it for it in docx_items(write(document, tmp_path / "lines.docx")) if isinstance(it, Para)]
    assert [(it.text, it.source.line, it.heading) for it in items] == [
        ("第二部分 2024年度部门决算情况说明", 1, True),
        ("收入支出决算总表", 2, False),
        ("公开01表", 2, False),
        ("2024年度收入总计100.00万元。", 3, False),
    ]


def test_an_old_doc_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    with pytest.raises(ReadError) as caught:
        read(path)
    assert "旧版 Word" in caught.value.problem and caught.value.path == str(path)


NUMBERING = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
NUM = '<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def numbered(document, text: str, level: int):  # type: ignore[no-untyped-def]
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        )
    )
    return paragraph


def test_word_automatic_numbers_are_written_out(tmp_path: Path) -> None:
    """一、（一）1. drawn by Word's numbering, not typed: the sections come out numbered all the same."""
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    document.add_paragraph("某某局2024年度部门决算")
    document.add_paragraph("第二部分 2024年度部门决算情况说明")
    numbered(document, "收入支出决算总体情况说明", 0)
    numbered(document, "收入总计100.00万元，包括：", 1)
    numbered(document, "财政拨款收入100.00万元，占收入总计的100.00%。", 2)
    numbered(document, "支出总计100.00万元。", 1)
    numbered(document, "财政拨款支出决算情况说明", 0)
    numbered(document, "总体情况。", 1)
    items = [it.text for it in docx_items(write(document, tmp_path / "numbered.docx")) if isinstance(it, Para)]
    assert items[2:] == [
        "一、收入支出决算总体情况说明",
        "（一）收入总计100.00万元，包括：",
        "1.财政拨款收入100.00万元，占收入总计的100.00%。",
        "（二）支出总计100.00万元。",
        "二、财政拨款支出决算情况说明",
        "（一）总体情况。",  # a deeper level starts again under the next 二、
    ]


def test_a_title_printed_above_the_table_and_again_in_its_first_row(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某局2024年度部门决算")
    document.add_paragraph("政府性基金预算财政拨款收入支出决算表")
    fund_table(document, title_inside=True)
    result = read(write(document, tmp_path / "twice.docx"))
    assert [t.kind for t in result.report.tables] == [TableKind.GOV_FUND]
    table = fund(result)
    assert table.header.unit_name == "某某局"
    assert table.row("2296004") is not None
