"""Partial reading: a damaged cell, row, table or page of a real document is named where it is,
recorded as unread, and everything else is read and checked as before.

Each test damages one part of the seed (text) or of a corpus PDF and compares the check with the
undamaged document's: the same findings, except the reading finding that names the damaged part
and the findings that needed it, which have become "could not check" (naming it). A false error
costs a user more than a miss, so no new error or warning may appear.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from juesuan.api import check_report
from juesuan.diagnostics import CheckReport, RuleStatus, Severity
from juesuan.ingest import read
from juesuan.ingest.canonical import dump_canonical
from juesuan.ingest.result import ReadResult
from juesuan.model.report import UnreadScope
from juesuan.render.cells import cells_csv
from tests.check.rulecases import edited_seed
from tests.conftest import CORPUS

FINANCE = CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf"


def checked(path: Path) -> tuple[ReadResult, CheckReport]:
    result = read(path)
    return result, check_report(result, source=str(path))


@pytest.fixture(scope="module")
def seed_checked(seed_result: ReadResult) -> CheckReport:
    return check_report(seed_result)


def serious(report: CheckReport) -> set[tuple[str, str]]:
    return {(f.rule_id, f.message) for f in report.findings if f.severity is not Severity.INFO and f.category.value != "reading"}


def seed_with(tmp_path: Path, name: str, **edits: object) -> Path:
    path = tmp_path / name
    path.write_text(edited_seed(dict(edits), name), encoding="utf-8")
    return path


def could_not_check(report: CheckReport) -> dict[str, tuple[str, ...]]:
    return {o.rule_id: o.unread for o in report.outcomes if o.status is RuleStatus.COULD_NOT_CHECK and o.unread}


# ---- the seed (text) ----------------------------------------------------------------------------------


def test_a_typo_in_one_cell_is_named_and_the_rest_is_checked(tmp_path: Path, seed_checked: CheckReport) -> None:
    path = seed_with(tmp_path, "typo.txt", replace=[{"line": 388, "old": "13.63\t13.63", "new": "13..63\t13.63"}])
    result, report = checked(path)
    [finding] = [f for f in report.findings if f.category.value == "reading" and f.severity is Severity.ERROR]
    assert finding.rule_id == "RD02" and finding.locations[0].line == 388
    assert (finding.locations[0].table, finding.locations[0].row, finding.locations[0].column) == ("支出决算表", "2080506", "本年支出合计")
    [unread] = result.report.unread
    assert unread.scope is UnreadScope.CELL
    # every other finding of the seed is still there, and nothing new
    assert serious(report) == serious(seed_checked)
    blocked = could_not_check(report)
    assert {"TB01", "TB04"} <= set(blocked)
    assert all(parts == ("支出决算表 2080506/本年支出合计（RD02）",) for parts in blocked.values())


def test_an_unplaced_row_makes_sums_over_its_table_could_not_check(tmp_path: Path, seed_checked: CheckReport) -> None:
    path = seed_with(tmp_path, "row.txt", replace=[{"line": 388, "old": "2080506\t", "new": "\t"}])
    _, report = checked(path)
    assert [(f.rule_id, f.locations[0].line) for f in report.findings if f.category.value == "reading" and f.severity is not Severity.INFO] == [("RD01", 388)]
    assert serious(report) == serious(seed_checked)
    assert {"TB01", "XT07", "XT11"} <= set(could_not_check(report))


def test_the_rows_around_an_unplaced_row_read_as_before(tmp_path: Path, seed_result: ReadResult) -> None:
    path = seed_with(tmp_path, "row.txt", replace=[{"line": 388, "old": "2080506	", "new": "	"}])
    damaged = [line.rsplit(",", 1)[0] for line in cells_csv(read(path).report).splitlines()]
    original = [line.rsplit(",", 1)[0] for line in cells_csv(seed_result.report).splitlines()]
    assert damaged == [line for line in original if not line.startswith("支出决算表,2080506,")]


def test_a_header_row_printed_on_the_total_row_is_read(tmp_path: Path, seed_result: ReadResult, seed_checked: CheckReport) -> None:
    # the conversion printed the sub-labels of 本年支出 (小计 | 基本支出 | 项目支出) on the 合计 row,
    # in an eight-column table (08) and a five-column one (09)
    path = seed_with(
        tmp_path,
        "merged.txt",
        replace=[
            {"line": 597, "old": "合计\t\t\t\t\t\t\t", "new": "合计\t\t\t\t小计\t基本支出\t项目支出\t"},
            {"line": 617, "old": "合计\t\t\t\t", "new": "合计\t\t合计\t基本支出\t项目支出"},
        ],
        delete_lines=[[595, 595], [615, 615]],
    )
    result, report = checked(path)
    assert [f for f in result.findings if f.severity is not Severity.INFO] == []
    assert not result.report.unread
    assert serious(report) == serious(seed_checked)
    for kind in ("政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"):
        damaged = next(t for t in result.report.tables if t.kind.value == kind)
        original = next(t for t in seed_result.report.tables if t.kind.value == kind)
        assert damaged.columns == original.columns  # type: ignore[union-attr]
        assert [r.label for r in damaged.rows] == [r.label for r in original.rows]  # type: ignore[union-attr]


def test_header_labels_on_a_total_row_with_figures_keep_the_figures_in_their_columns(tmp_path: Path) -> None:
    path = seed_with(
        tmp_path,
        "merged-figures.txt",
        replace=[{"line": 597, "old": "合计\t\t\t\t\t\t\t", "new": "合计\t\t\t105.00\t小计\t基本支出\t项目支出\t105.00"}],
        delete_lines=[[595, 595]],
    )
    result, _ = checked(path)
    table = next(t for t in result.report.tables if t.kind.value == "政府性基金预算财政拨款收入支出决算表")
    total = table.total  # type: ignore[union-attr]
    assert total is not None
    printed = {column: cell.text for column, cell in total.cells.items() if cell.text}
    assert printed == {"本年收入": "105.00", "年末结转和结余": "105.00"}
    assert not [f for f in result.findings if f.rule_id in ("RD01", "RD02")]


def test_a_cut_off_file_is_checked_as_far_as_it_goes(tmp_path: Path, seed_checked: CheckReport) -> None:
    path = seed_with(
        tmp_path,
        "cut.txt",
        replace=[{"line": 344, "old": "2080505\t机关事业单位基本养老保险缴费\t80.69\t80.69", "new": "2080505\t机关事业单位基本养老"}],
        delete_lines=[[345, 877]],
    )
    result, report = checked(path)
    assert [f.rule_id for f in result.findings if f.severity is Severity.ERROR] == ["RD05"]
    [unread] = result.report.unread
    assert unread.scope is UnreadScope.REGION and unread.table == "收入决算表"
    # what is there is checked: the findings before the cut are the seed's own
    assert serious(report) <= serious(seed_checked)
    assert ("KM04", next(m for r, m in serious(seed_checked) if r == "KM04")) in serious(report)
    # the tables after the cut are not "missing"
    assert "CP01" in could_not_check(report) and not [f for f in report.findings if f.rule_id == "CP01"]


def test_a_partial_report_round_trips_with_what_it_could_not_read(tmp_path: Path) -> None:
    path = seed_with(tmp_path, "typo.txt", replace=[{"line": 388, "old": "13.63\t13.63", "new": "13..63\t13.63"}])
    result, report = checked(path)
    saved = tmp_path / "typo.json"
    saved.write_text(dump_canonical(result.report, "json"), encoding="utf-8")
    again, again_report = checked(saved)
    assert again.report == result.report
    assert [(f.rule_id, f.message) for f in again.findings] == [(f.rule_id, f.message) for f in result.findings if f.rule_id == "RD02"]
    assert could_not_check(again_report) == could_not_check(report)


def test_the_writer_refuses_a_partly_read_document_naming_what_it_lacks(tmp_path: Path) -> None:
    from juesuan.api import load_input
    from juesuan.diagnostics import ReadError

    path = seed_with(tmp_path, "typo.txt", replace=[{"line": 388, "old": "13.63\t13.63", "new": "13..63\t13.63"}])
    with pytest.raises(ReadError) as caught:
        load_input(path)  # the checker works around what is missing; a writer would print it as zero
    assert "未能读取" in caught.value.problem and "13..63" in caught.value.problem


# ---- a corpus PDF -------------------------------------------------------------------------------------


def _replace_word(source: Path, page_number: int, old: str, new: str, out: Path) -> Path:
    """``source`` with the one word ``old`` of a page printed as ``new`` in its place (the glyphs
    removed by a redaction as tall as their letters, so the rows above and below keep theirs)."""
    doc = pymupdf.open(source)
    page = doc[page_number - 1]
    [span] = [
        s
        for block in page.get_text("rawdict")["blocks"]
        for line in block.get("lines", ())
        for s in line["spans"]
        if "".join(c["c"] for c in s["chars"]).strip() == old
    ]
    x0 = min(c["bbox"][0] for c in span["chars"])
    x1 = max(c["bbox"][2] for c in span["chars"])
    baseline, size = span["origin"][1], span["size"]
    page.add_redact_annot(pymupdf.Rect(x0, baseline - 0.7 * size, x1, baseline))
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE)
    fit = min(size, size * (x1 - x0) / pymupdf.get_text_length(new, fontname="helv", fontsize=size))
    page.insert_text((x0, baseline), new, fontname="helv", fontsize=fit)
    doc.save(out)
    return out


@pytest.fixture(scope="module")
def finance_checked() -> CheckReport:
    if not FINANCE.exists():
        pytest.skip("corpus PDF not available")
    return checked(FINANCE)[1]


def test_a_damaged_cell_of_a_corpus_pdf_is_named_on_its_page(tmp_path: Path, finance_checked: CheckReport) -> None:
    # 普陀区财政局, page 15 (一般公共预算财政拨款支出决算表): 2010601 行政运行 prints 1,511.89 in 合计
    path = _replace_word(FINANCE, 15, "1,511.89", "1,511..89", tmp_path / "typo.pdf")
    result, report = checked(path)
    [finding] = [f for f in report.findings if f.rule_id == "RD02"]
    where = finding.locations[0]
    assert (where.page, where.table, where.row, where.column) == (15, "一般公共预算财政拨款支出决算表", "2010601", "合计") and where.bbox is not None
    assert [u.scope for u in result.report.unread] == [UnreadScope.CELL]
    assert serious(report) == serious(finance_checked)
    assert "TB01" in could_not_check(report)


def test_a_scanned_page_of_a_corpus_pdf_is_could_not_check_not_missing(tmp_path: Path, finance_checked: CheckReport) -> None:
    source = pymupdf.open(FINANCE)
    doc = pymupdf.open()
    doc.insert_pdf(source)
    picture = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 120, 170), False)
    picture.clear_with(235)  # a washed-out scan: no text layer, and nothing OCR can recognise
    doc.delete_page(17)
    page = doc.new_page(pno=17, width=source[17].rect.width, height=source[17].rect.height)
    page.insert_image(page.rect, pixmap=picture)
    path = tmp_path / "scanned.pdf"
    doc.save(path)
    result, report = checked(path)
    assert [(f.rule_id, f.locations[0].page) for f in result.findings if f.severity is not Severity.INFO] == [("RD08", 18)]
    # the 三公 table was on that page: not reported missing, and nothing new reported
    assert not [f for f in report.findings if f.rule_id == "CP01"]
    assert could_not_check(report)["CP01"] == ("第18页（RD08）",)
    assert serious(report) <= serious(finance_checked)
