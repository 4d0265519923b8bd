"""`juesuan check report.pdf --annotate checked.pdf`: a summary page, and every finding on its page,
tinted where it is and explained in a printed margin note (read back from the page content)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from juesuan import api
from juesuan.diagnostics import Category, CheckReport, Finding, Location, Severity
from juesuan.render.annotate import MARGIN, ROUNDING_COLOUR, SEVERITY_COLOURS, annotate_pdf

PUTUO = "sh-putuo-caizhengju-2024-dept-final.pdf"


@dataclass
class _Marked:
    """An annotated copy read back: its pages, how many summary pages lead, and per original page
    the drawn tints (filled rects) and outlines with their colours, and the visible text."""

    doc: pymupdf.Document
    front: int

    def page(self, number: int) -> pymupdf.Page:
        """Original page ``number`` (1-based) in the copy."""
        return self.doc[self.front + number - 1]

    def fills(self, number: int) -> list[tuple[tuple[float, ...], pymupdf.Rect]]:
        return [(_rgb(d["fill"]), d["rect"]) for d in self.page(number).get_drawings() if d.get("fill") and d["type"] == "f"]

    def outlines(self, number: int) -> list[tuple[tuple[float, ...], pymupdf.Rect]]:
        return [(_rgb(d["color"]), d["rect"]) for d in self.page(number).get_drawings() if d.get("color") and d["type"] == "s" and d["rect"].height > 2]

    def margin_text(self, number: int) -> str:
        page = self.page(number)
        width = page.rect.width - MARGIN
        return page.get_text("text", clip=pymupdf.Rect(width, 0, page.rect.width, page.rect.height)).replace("\n", "")

    def summary_text(self) -> str:
        return "".join(self.doc[i].get_text("text") for i in range(self.front)).replace("\n", "")


def _rgb(colour: tuple[float, ...] | None) -> tuple[float, ...]:
    return tuple(round(v, 2) for v in colour or ())


def _marked(data: bytes, original: Path) -> _Marked:
    doc = pymupdf.open(stream=data, filetype="pdf")
    with pymupdf.open(original) as before:
        front = doc.page_count - before.page_count
    return _Marked(doc, front)


@pytest.fixture(scope="module")
def putuo_annotated(corpus) -> tuple[CheckReport, _Marked]:  # type: ignore[no-untyped-def]
    report = corpus.checked(PUTUO)
    return report, _marked(annotate_pdf(corpus.path(PUTUO), report), corpus.path(PUTUO))


def test_a_summary_page_with_the_counts_a_legend_and_every_finding_comes_first(putuo_annotated) -> None:  # type: ignore[no-untyped-def]
    report, marked = putuo_annotated
    assert marked.front >= 1
    text = marked.summary_text()
    s = report.summary
    assert "juesuan 审核结果" in text and f"错误 {s.error}" in text and f"警告 {s.warning}" in text
    for word in ("图例", "错误：", "警告：", "提示：", "尾差："):
        assert word in text
    for finding in report.findings:
        assert finding.message[:20] in text, finding.message


def test_the_narrative_error_is_tinted_on_its_sentence_with_a_visible_note(corpus, putuo_annotated) -> None:  # type: ignore[no-untyped-def]
    report, marked = putuo_annotated
    tx01 = next(f for f in report.findings if f.rule_id == "TX01")
    # the note is printed in the page's margin, not hidden in a pop-up
    note = marked.margin_text(21)
    assert "错误 TX01" in note and "财政拨款收入支出总计" in note and "0.3" in note
    red = _rgb(SEVERITY_COLOURS[Severity.ERROR])
    tints = [rect for colour, rect in marked.fills(21) if colour == red]
    assert tints
    page = marked.page(21)
    covered = "".join(page.get_text("text", clip=r) for r in tints).replace("\n", "")
    # the sentence "…财政拨款收入支出总计0.3万元。" only, not the whole paragraph
    assert "财政拨款收入支出总计0.3万元。" in covered and "2023年度相比" not in covered
    assert tx01.message[:12] in marked.margin_text(21)


def test_the_table_side_of_a_finding_is_tinted_on_the_cell(putuo_annotated) -> None:  # type: ignore[no-untyped-def]
    report, marked = putuo_annotated
    tx01 = next(f for f in report.findings if f.rule_id == "TX01")
    cell = next(loc for loc in tx01.locations if loc.table)
    assert cell.page is not None and cell.bbox is not None
    red = _rgb(SEVERITY_COLOURS[Severity.ERROR])
    assert any(colour == red and rect.intersects(pymupdf.Rect(cell.bbox)) for colour, rect in marked.fills(cell.page))
    assert "错误 TX01" in marked.margin_text(cell.page)


def test_every_finding_has_its_note_on_its_page_in_its_colour(putuo_annotated) -> None:  # type: ignore[no-untyped-def]
    report, marked = putuo_annotated
    for finding in report.findings:
        pages = sorted({loc.page for loc in finding.locations if loc.page})
        if not pages:
            continue
        assert f"{'尾差' if finding.rounding else finding.severity.label} {finding.rule_id}" in marked.margin_text(pages[0]), finding.message
        colour = _rgb(ROUNDING_COLOUR if finding.rounding else SEVERITY_COLOURS[finding.severity])
        drawn = {c for c, _ in marked.fills(pages[0])} | {c for c, _ in marked.outlines(pages[0])}
        assert colour in drawn, finding.message


def test_a_rounding_hint_over_many_cells_tints_one_cell_and_outlines_the_rest(putuo_annotated) -> None:  # type: ignore[no-untyped-def]
    report, marked = putuo_annotated
    light = _rgb(ROUNDING_COLOUR)
    many = [f for f in report.findings if f.rounding and len([loc for loc in f.locations if loc.bbox]) > 2]
    assert many
    finding = many[0]
    page = next(loc.page for loc in finding.locations if loc.page)
    boxes = [pymupdf.Rect(loc.bbox) for loc in finding.locations if loc.bbox and loc.page == page]
    tinted = [b for b in boxes if any(c == light and r.intersects(b) and abs(r.y0 - b.y0) < 1 for c, r in marked.fills(page))]
    assert len(tinted) <= 1 < len(boxes)  # not the whole column
    framed = [b for b in boxes if any(c == light and abs(r.y0 - b.y0) < 1 and abs(r.x0 - b.x0) < 1 for c, r in marked.outlines(page))]
    assert len(framed) >= len(boxes) - 1


def test_a_page_without_a_box_and_a_document_finding_get_notes_in_the_margin(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def finding(rule: str, message: str, *locations: Location) -> Finding:
        return Finding(rule_id=rule, rule_name="test", severity=Severity.WARNING, category=Category.COMPLETENESS, message=message, locations=locations)

    report = CheckReport(
        source="x.pdf",
        profile="shanghai",
        findings=(
            finding("CP02", "缺少“政府采购情况”一节。"),
            finding("YZ01", "第3页的年度与全文不一致。", Location(page=3)),
            finding("YZ02", "同上，第二条。", Location(page=3)),
        ),
    )
    out = tmp_path / "checked.pdf"
    api.annotate_pdf(corpus.path(PUTUO), report, out)
    marked = _marked(out.read_bytes(), corpus.path(PUTUO))
    assert "警告 CP02" in marked.margin_text(1) and "缺少“政府采购情况”一节。" in marked.margin_text(1)
    third = marked.margin_text(3)
    assert "第3页的年度与全文不一致。" in third and "同上，第二条。" in third
    assert "全文" in marked.summary_text() and "第3页" in marked.summary_text()
    assert not list(tmp_path.glob(".juesuan-*"))  # written atomically: no temporary file left


def test_annotating_is_refused_for_other_inputs(tmp_path: Path) -> None:
    with pytest.raises(api.ReadError, match="只能为 PDF"):
        api.annotate_pdf(tmp_path / "report.txt", CheckReport(source="report.txt"), tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_a_culprit_and_its_consequences_are_told_apart_in_the_notes(corpus) -> None:  # type: ignore[no-untyped-def]
    name = "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"
    report = corpus.checked(name)
    culprits = [f for f in report.findings if f.rule_id == "CU01" and f.consequences]
    assert culprits
    marked = _marked(annotate_pdf(corpus.path(name), report), corpus.path(name))
    summary = marked.summary_text()
    assert "改正后随之消除第" in summary and "所指的错数引起" in summary and "└" in summary
