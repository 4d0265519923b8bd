"""A PDF whose table pages are scans among typeset pages: the scanned tables are read by OCR and
checked like the typeset ones — same cells, same places, no new error."""

from __future__ import annotations

from collections import Counter

from juesuan import api
from juesuan.diagnostics import RuleStatus, Severity
from juesuan.render.cells import iter_cells
from tests.ingest.ocr.conftest import SCANNED, TABLE


def _cells(result, table: str) -> dict[tuple[str, ...], tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {row[:4]: (row[4], row[5]) for row in iter_cells(result.report) if row[0] == table}


def test_scanned_pages_are_said_to_be_read_by_ocr(mixed) -> None:  # type: ignore[no-untyped-def]
    scanned = [f for f in mixed.findings if f.rule_id == "RD08"]
    assert sorted(f.first_page() for f in scanned) == sorted(SCANNED)
    assert all(f.severity == Severity.INFO and "OCR" in f.message for f in scanned)


def test_scanned_table_reads_cell_for_cell_as_the_typeset_one(mixed, typeset) -> None:  # type: ignore[no-untyped-def]
    read = _cells(mixed, TABLE)
    truth = _cells(typeset, TABLE)
    assert len(truth) > 40
    assert {k: v for k, (v, _) in read.items()} == {k: v for k, (v, _) in truth.items()}
    assert {src.rsplit("#p", 1)[1] for _, src in read.values()} == {str(p) for p in SCANNED}


def test_scanned_cells_keep_their_place_on_the_page(mixed, typeset) -> None:  # type: ignore[no-untyped-def]
    """Provenance: a figure read from the picture points at the box the typeset figure has."""
    table = next(t for t in mixed.report.tables if t.kind.value == TABLE)
    original = next(t for t in typeset.report.tables if t.kind.value == TABLE)
    boxes = {(r.code.value if r.code else r.label, k): c.source for r in original.rows for k, c in r.cells.items() if c.amount is not None}
    compared = 0
    for row in table.rows:
        for key, cell in row.cells.items():
            truth = boxes.get((row.code.value if row.code else row.label, key))
            if cell.amount is None or truth is None:
                continue
            assert cell.source.page == truth.page
            assert cell.source.bbox is not None and truth.bbox is not None
            centre = ((cell.source.bbox[0] + cell.source.bbox[2]) / 2, (cell.source.bbox[1] + cell.source.bbox[3]) / 2)
            assert truth.bbox[0] - 2 <= centre[0] <= truth.bbox[2] + 2 and truth.bbox[1] - 2 <= centre[1] <= truth.bbox[3] + 2
            compared += 1
    assert compared > 40


def test_scanned_table_is_checked_not_skipped_and_adds_no_error(mixed, typeset) -> None:  # type: ignore[no-untyped-def]
    scanned = api.check_report(mixed)
    original = api.check_report(typeset)
    status = {o.rule_id: o.status for o in scanned.outcomes}
    assert status["TB01"] in (RuleStatus.PASSED, RuleStatus.FAILED)
    assert status["TB01"] == {o.rule_id: o.status for o in original.outcomes}["TB01"]

    def errors(report):  # type: ignore[no-untyped-def]
        return Counter((f.rule_id, f.message) for f in report.findings if f.severity == Severity.ERROR)

    assert errors(scanned) - errors(original) == Counter()


def test_html_report_shows_the_scanned_pages_with_their_boxes(mixed, mixed_pdf) -> None:  # type: ignore[no-untyped-def]
    from juesuan.render.annotate import scanned_pages

    check = api.check_report(mixed, source=str(mixed_pdf))
    assert scanned_pages(check) == sorted(SCANNED)
    page = api.render_findings([(mixed, check)], "html")
    assert page.count("data:image/png;base64,") == len(SCANNED)
    assert all(f"id='p{n}'" in page for n in SCANNED)
