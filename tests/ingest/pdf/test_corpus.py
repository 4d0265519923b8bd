"""The real PDFs of ../shared/corpus read cell for cell: golden cells files checked by hand.

Each golden file (tests/golden/corpus/<name>.cells.csv) was checked against the rendered pages
and against PyMuPDF's plain text: every amount printed on a table page is in the file once, in
its row and column, and nothing else is. Documents are read as printed — their own errors (the
普陀区财政局 narrative's 财政拨款收入支出总计0.3万元) are kept for the checker to find.
"""

from __future__ import annotations

import re
from collections import Counter

import pymupdf
import pytest

from juesuan.diagnostics import Severity
from juesuan.model.money import Unit
from juesuan.model.tables import (
    BalanceTable,
    BasicExpenditureTable,
    ClassifiedTable,
    Side,
    TableKind,
    ThreePublicItem,
    ThreePublicTable,
)
from juesuan.render.cells import cells_csv
from tests.conftest import GOLDEN
from tests.ingest.pdf.conftest import CORPUS_PDFS

NINE = [
    TableKind.INCOME_EXPENDITURE_SUMMARY,
    TableKind.INCOME,
    TableKind.EXPENDITURE,
    TableKind.FISCAL_SUMMARY,
    TableKind.GENERAL_EXPENDITURE,
    TableKind.GENERAL_BASIC,
    TableKind.THREE_PUBLIC,
    TableKind.GOV_FUND,
    TableKind.STATE_CAPITAL,
]
UNIVERSITY = [TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.INCOME, TableKind.EXPENDITURE, TableKind.FISCAL_EXPENDITURE]

EXPECTED = {
    "sh-putuo-caizhengju-2024-dept-final.pdf": ("上海市普陀区财政局", 2024, "shanghai", NINE),
    "sh-putuo-guihuaziyuanju-2024-dept-final.pdf": ("上海市普陀区规划和自然资源局", 2024, "shanghai", NINE),
    "sh-template-dept-final-2024-yangzhang.pdf": ("上海市XX局", 2024, "shanghai", NINE),
    "cq-xinandaxue-2023-dept-final.pdf": ("西南大学", 2023, "university", UNIVERSITY),
}


def test_every_corpus_pdf_has_expectations() -> None:
    assert sorted(EXPECTED) == CORPUS_PDFS


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_cells_match_the_hand_checked_golden_file(corpus, name: str) -> None:  # type: ignore[no-untyped-def]
    golden = GOLDEN / "corpus" / name.replace(".pdf", ".cells.csv")
    assert cells_csv(corpus.result(name).report) == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_document_is_recognised(corpus, name: str) -> None:  # type: ignore[no-untyped-def]
    result = corpus.result(name)
    department, year, family, kinds = EXPECTED[name]
    meta = result.report.metadata
    assert (meta.department, meta.year, meta.family, meta.source_format) == (department, year, family, "pdf")
    assert [t.kind for t in result.report.tables] == kinds
    assert all(t.header.money_unit == Unit.WANYUAN for t in result.report.tables)
    # nothing left unplaced, no cell that is not a number
    assert [f.message for f in result.findings if f.severity != Severity.INFO] == []


@pytest.mark.parametrize("name", [n for n in CORPUS_PDFS if "template" not in n])
def test_every_printed_amount_on_a_table_page_is_read_once(corpus, corpus_dir, name: str) -> None:  # type: ignore[no-untyped-def]
    """The plain text of each table page and the cells read from it hold the same amounts."""
    report = corpus.result(name).report
    read: dict[int, Counter[str]] = {}
    from juesuan.render.cells import iter_cells

    for row in iter_cells(report):
        page = int(row[5].rsplit("#p", 1)[1])
        read.setdefault(page, Counter())[row[4]] += 1
    with pymupdf.open(corpus_dir / name) as doc:
        for page, values in read.items():
            text = doc[page - 1].get_text()
            printed = Counter(m.replace(",", "").replace(" ", "") for m in re.findall(r"(?<![\d.])\d[\d, ]*\.\d\d(?!\d)", text))
            assert printed == values, f"page {page}"


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_cells_keep_their_page_and_box(corpus, name: str) -> None:  # type: ignore[no-untyped-def]
    report = corpus.result(name).report
    pages = report.metadata.pages
    for table in report.tables:
        cells = []
        if isinstance(table, ClassifiedTable):
            cells = [c for r in table.rows for c in r.cells.values()]
        elif isinstance(table, BalanceTable):
            cells = [c for line in table.lines for c in line.cells.values()]
        for cell in cells:
            assert cell.source.page is not None and 1 <= cell.source.page <= pages
            x0, y0, x1, y1 = cell.source.bbox or (0, 0, 0, 0)
            assert 0 <= x0 < x1 <= 842 and 0 <= y0 < y1 <= 842
            assert cell.source.table == table.kind.value and cell.source.row and cell.source.column


def test_shanghai_codes_in_three_columns_and_total_at_the_bottom(corpus) -> None:  # type: ignore[no-untyped-def]
    report = corpus.result("sh-putuo-caizhengju-2024-dept-final.pdf").report
    income = report.table(TableKind.INCOME)
    assert isinstance(income, ClassifiedTable)
    row = income.row("2080505")
    assert row is not None and row.code is not None
    assert row.code.printed == "208 05 05"
    assert row.label == "机关事业单位基本养老保险缴费支出"  # wrapped onto a second line in the cell
    general = report.table(TableKind.GENERAL_EXPENDITURE)
    assert isinstance(general, ClassifiedTable)
    assert general.rows[-1].is_total and str(general.rows[-1].cells["合计"].amount.value) == "2940.05"  # type: ignore[union-attr]


def test_shanghai_one_row_three_public_table(corpus) -> None:  # type: ignore[no-untyped-def]
    report = corpus.result("sh-putuo-guihuaziyuanju-2024-dept-final.pdf").report
    table = report.table(TableKind.THREE_PUBLIC)
    assert isinstance(table, ThreePublicTable) and table.shape == "wide"
    reception = table.get(ThreePublicItem.RECEPTION)
    total = table.get(ThreePublicItem.TOTAL)
    assert reception is not None and total is not None
    assert (reception.budget.text, reception.actual.text) == ("2.85", "0.39")
    assert (total.budget.text, total.actual.text) == ("2.85", "0.39")


def test_shanghai_basic_expenditure_in_two_blocks(corpus) -> None:  # type: ignore[no-untyped-def]
    report = corpus.result("sh-putuo-guihuaziyuanju-2024-dept-final.pdf").report
    table = report.table(TableKind.GENERAL_BASIC)
    assert isinstance(table, BasicExpenditureTable)
    assert {item.block for item in table.items} == {1, 2}
    assert table.personnel_total is not None and table.personnel_total.text == "4884.09"
    assert table.public_total is not None and table.public_total.text == "480.66"
    assert table.item("31007") is not None and table.item("31007").name == "信息网络及软件购置更新"  # type: ignore[union-attr]


def test_table_continued_on_the_next_page_without_header(corpus) -> None:  # type: ignore[no-untyped-def]
    report = corpus.result("sh-putuo-caizhengju-2024-dept-final.pdf").report
    summary = report.table(TableKind.INCOME_EXPENDITURE_SUMMARY)
    assert isinstance(summary, BalanceTable)
    total = summary.line(Side.INCOME, "总计")
    assert total is not None and total.source.page == 7
    assert summary.line(Side.EXPENDITURE, "一般公共服务支出").source.page == 6  # type: ignore[union-attr]


def test_university_family(corpus) -> None:  # type: ignore[no-untyped-def]
    report = corpus.result("cq-xinandaxue-2023-dept-final.pdf").report
    fiscal = report.table(TableKind.FISCAL_EXPENDITURE)
    assert isinstance(fiscal, ClassifiedTable)
    assert fiscal.columns == ("合计", "基本支出", "项目支出", "其中：基本建设资金支出")
    assert fiscal.header.number_value is None and fiscal.header.title == "表4：高等学校财政拨款支出决算表"
    income = report.table(TableKind.INCOME)
    assert isinstance(income, ClassifiedTable)
    assert "其中：教育收费" in income.columns


def test_narrative_is_reflowed_and_running_heads_are_dropped(corpus) -> None:  # type: ignore[no-untyped-def]
    report = corpus.result("cq-xinandaxue-2023-dept-final.pdf").report
    texts = [p.text for part in report.narrative.parts for s in part.sections for x in s.walk() for p in x.paragraphs]
    # a paragraph that runs from page 3 onto page 4 is one paragraph
    assert any("29个一级学科博士学位授权点、50个一级学科硕士学位授权点" in t for t in texts)
    # page numbers (printed at the foot of every page) are not text
    assert not any(re.fullmatch(r"\d{1,2}", t) for t in texts)


def test_narrative_error_is_read_as_printed(corpus) -> None:  # type: ignore[no-untyped-def]
    report = corpus.result("sh-putuo-caizhengju-2024-dept-final.pdf").report
    texts = [p.text for part in report.narrative.parts for s in part.sections for x in s.walk() for p in x.paragraphs]
    assert any("财政拨款收入支出总计0.3万元" in t for t in texts)


def test_empty_tables_keep_their_statement(corpus) -> None:  # type: ignore[no-untyped-def]
    report = corpus.result("sh-putuo-guihuaziyuanju-2024-dept-final.pdf").report
    fund = report.table(TableKind.GOV_FUND)
    assert isinstance(fund, ClassifiedTable)
    assert "故本表无数据" in fund.header.empty_statement
    assert [r.label for r in fund.rows] == ["合计"] and all(c.blank for c in fund.rows[0].cells.values())


@pytest.mark.parametrize("name", ["sh-putuo-guihuaziyuanju-2024-dept-final.pdf", "sh-template-dept-final-2024-yangzhang.pdf"])
def test_the_tables_part_title_printed_without_its_number_is_a_title(corpus, name: str) -> None:  # type: ignore[no-untyped-def]
    """Both print “……2024年度部门决算表” alone at the head of the first table page, without “第二部分”:
    it is the tables' part title, not the tail of the 单位构成 paragraph before it."""
    report = corpus.result(name).report
    parts = [(p.number, p.kind, p.title) for p in report.narrative.parts]
    assert [k for _, k, _ in parts] == ["overview", "tables", "narrative", "glossary"]
    number, _, title = parts[1]
    assert number == "" and title.endswith("2024年度部门决算表")
    overview = report.narrative.parts[0].all_paragraphs()
    assert not any(p.text.endswith("部门决算表") for p in overview)
