"""Layouts the corpus does not show, drawn at test time: a 元 table continued on the next page
under a repeated header, running heads and folios, and a paragraph broken by a page."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.ingest import read
from juesuan.model.money import Unit
from juesuan.model.tables import ClassifiedTable, TableKind
from juesuan.render.cells import iter_cells
from tests.ingest.pdf.make import Page, Table, build

HEADER = [["项目", "", "本年收入合计", "财政拨款收入", "其他收入"], ["功能分类科目编码", "科目名称", "", "", ""]]
WIDTHS = [70.0, 150.0, 110.0, 110.0, 110.0]
HEAD = (200.0, 30.0, "某某局2024年度部门决算", 8.0)  # a running head, on every page
PARAGRAPH_1 = "本年收入合计1,500,000.00元，其中财政拨款收入1,200,000.00元，其他收入300,000.00元，与上年相"
PARAGRAPH_2 = "比增加100,000.00元，增长7.14%。"


def _folio(n: int) -> tuple[float, float, str, float]:
    return (290.0, 815.0, f"- {n} -", 9.0)


@pytest.fixture(scope="module")
def continued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    first = Table(
        x=30,
        y=150,
        widths=WIDTHS,
        rows=[
            *HEADER,
            ["合计", "", "1,500,000.00", "1,200,000.00", "300,000.00"],
            ["208", "社会保障和就业支出", "1,000,000.00", "800,000.00", "200,000.00"],
            ["20805", "行政事业单位养老支出", "1,000,000.00", "800,000.00", "200,000.00"],
            ["2080505", "机关事业单位基本养老保\n险缴费支出", "600,000.00", "500,000.00", "100,000.00"],
        ],
        heights={5: 30.0},
    )
    second = Table(
        x=30,
        y=80,
        widths=WIDTHS,
        rows=[
            *HEADER,  # the header is printed again on the continuation page
            ["2080506", "机关事业单位职业年金缴费支出", "400,000.00", "300,000.00", "100,000.00"],
            ["221", "住房保障支出", "500,000.00", "400,000.00", "100,000.00"],
        ],
    )
    pages = [
        Page(texts=[(200, 300, "某某局", 20), (200, 340, "2024年度部门决算", 20), _folio(1)]),
        Page(
            texts=[HEAD, (250, 110, "收入决算表", 14), (50, 135, "单位：某某局", 9), (400, 135, "金额单位：元", 9), _folio(2)],
            tables=[first],
        ),
        Page(
            texts=[
                HEAD,
                (50, 200, "注：本表反映部门本年度取得的各项收入情况。", 9),
                (50, 260, "一、收入支出决算总体情况说明", 12),
                (74, 290, PARAGRAPH_1[:40], 12),
                (50, 305, PARAGRAPH_1[40:], 12),
                _folio(3),
            ],
            tables=[second],
        ),
        Page(texts=[HEAD, (50, 80, PARAGRAPH_2, 12), (74, 110, "二、其他重要事项", 12), _folio(4)]),
    ]
    return build(pages, tmp_path_factory.mktemp("layouts") / "continued.pdf")


def test_table_in_yuan_continued_under_a_repeated_header(continued: Path) -> None:
    result = read(continued)
    assert [f.message for f in result.findings] == []
    table = result.report.table(TableKind.INCOME)
    assert isinstance(table, ClassifiedTable)
    assert table.header.money_unit == Unit.YUAN and table.header.unit_name == "某某局"
    assert [r.code.value if r.code else r.label for r in table.rows] == ["合计", "208", "20805", "2080505", "2080506", "221"]
    wrapped = table.row("2080505")
    assert wrapped is not None and wrapped.label == "机关事业单位基本养老保险缴费支出"
    assert table.row("221").source.page == 3  # type: ignore[union-attr]
    # the cells view gives 万元 whatever the table printed
    cells = {(r[1] or r[2], r[3]): r[4] for r in iter_cells(result.report)}
    assert cells[("合计", "本年收入合计")] == "150"
    assert cells[("221", "其他收入")] == "10"


def test_running_heads_and_folios_are_not_text(continued: Path) -> None:
    report = read(continued).report
    texts = [p.text for part in report.narrative.parts for p in part.all_paragraphs()]
    titles = [s.title for part in report.narrative.parts for s in part.sections]
    assert not any(t == "某某局2024年度部门决算" or t.startswith("-") for t in texts + titles)


def test_paragraph_broken_by_a_page_is_one_paragraph(continued: Path) -> None:
    report = read(continued).report
    paragraphs = [p for part in report.narrative.parts for p in part.all_paragraphs()]
    joined = [p for p in paragraphs if p.text.startswith("本年收入合计")]
    assert len(joined) == 1
    assert joined[0].text == PARAGRAPH_1 + PARAGRAPH_2
    assert joined[0].source.page == 3
    assert any(f.text == "7.14%" for f in joined[0].facts)


def test_text_touching_a_cell_border_is_cut_at_the_border(tmp_path: Path) -> None:
    """Two cells whose texts touch (no space between them) come out as one PDF word; it is cut
    at the ruling line using the characters' own boxes."""
    import pymupdf

    from juesuan.ingest.pdf import pdf_pieces

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((220, 100), "收入决算表", fontname="china-s", fontsize=14)
    xs = [60.0, 150.0, 260.0, 360.0]
    ys = [120.0, 140.0, 160.0, 180.0]
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]), width=0.6)
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y), width=0.6)
    cells = [["科目编码", "科目名称", "本年收入合计"], ["221", "住房保障支出", "10.00"], ["2210201", "住房公积金", "10.00"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if c == 0 and r:
                # the code right-aligned hard against the border, the name starting right after it
                width = pymupdf.get_text_length(text, fontname="china-s", fontsize=9)
                page.insert_text((xs[1] - width, ys[r] + 14), text, fontname="china-s", fontsize=9)
            elif c == 1 and r:
                page.insert_text((xs[1] + 0.2, ys[r] + 14), text, fontname="china-s", fontsize=9)
            else:
                page.insert_text((xs[c] + 2, ys[r] + 14), text, fontname="china-s", fontsize=9)
    path = tmp_path / "touching.pdf"
    doc.save(path)
    doc.close()
    with pymupdf.open(path) as check:
        assert "221住房保障支出" in [w[4] for w in check[0].get_text("words")]
    grid = pdf_pieces(path).grids[0]
    assert [[c.text for c in row] for row in grid.rows[1:]] == [["221", "住房保障支出", "10.00"], ["2210201", "住房公积金", "10.00"]]


def test_typefaces_are_named_by_their_family_whatever_the_font_name() -> None:
    """Headings are told from body text by typeface: 仿宋 under three names is still 仿宋."""
    from juesuan.ingest.pdf.document import typeface

    assert {typeface(n) for n in ("FangSong_GB2312", "FangSong", "ABCDEF+FangSong", "·ÂËÎ")} == {"仿宋"}  # the last: GBK read as Latin-1
    assert typeface("STKaiti") == typeface("KaiTi") == typeface("¿¬Ìå") == "楷体"
    assert typeface("SimHei") == typeface("NotoSansCJKsc-Bold") == "黑体"
    assert typeface("SimSun") == typeface("NotoSerifCJKsc-Regular") == "宋体"
    assert typeface("STZhongsong") == "中宋"
