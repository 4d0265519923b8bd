"""`juesuan check report.pdf --annotate checked.pdf`: every finding is on its page, with its message."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from juesuan import api
from juesuan.diagnostics import Category, CheckReport, Finding, Location, Severity
from juesuan.render.annotate import ROUNDING_COLOUR, SEVERITY_COLOURS, annotate_pdf

PUTUO = "sh-putuo-caizhengju-2024-dept-final.pdf"


def _annotations(data: bytes) -> list[tuple[int, str, str, str, tuple[float, ...], pymupdf.Rect]]:
    """(page, type, title, content, stroke colour, rect) of every annotation."""
    out = []
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            for annot in page.annots():
                stroke = tuple(round(v, 2) for v in (annot.colors.get("stroke") or ()))
                out.append((page.number + 1, annot.type[1], annot.info["title"], annot.info["content"], stroke, annot.rect))
    return out


@pytest.fixture(scope="module")
def putuo_annotated(corpus) -> tuple[CheckReport, list]:  # type: ignore[no-untyped-def,type-arg]
    report = corpus.checked(PUTUO)
    return report, _annotations(annotate_pdf(corpus.path(PUTUO), report))


def test_the_narrative_error_is_highlighted_in_its_sentence(corpus, putuo_annotated) -> None:  # type: ignore[no-untyped-def]
    _, annots = putuo_annotated
    on_page = [a for a in annots if a[0] == 21 and "TX01" in a[2]]
    assert len(on_page) == 1
    _, kind, title, content, stroke, rect = on_page[0]
    assert kind == "Highlight" and title == "juesuan 错误 TX01"
    assert "财政拨款收入支出总计" in content and "0.3" in content
    assert stroke == tuple(round(v, 2) for v in SEVERITY_COLOURS[Severity.ERROR])
    # the sentence "…财政拨款收入支出总计0.3万元。" only, not the whole paragraph
    with pymupdf.open(corpus.path(PUTUO)) as doc:
        sentence = doc[20].get_text("text", clip=rect).replace("\n", "")
    assert "财政拨款收入支出总计0.3万元。" in sentence and "2023年度相比" not in sentence


def test_the_table_side_of_a_finding_is_highlighted_on_the_cell(putuo_annotated) -> None:  # type: ignore[no-untyped-def]
    report, annots = putuo_annotated
    tx01 = next(f for f in report.findings if f.rule_id == "TX01")
    cell = next(loc for loc in tx01.locations if loc.table)
    on_cell = [a for a in annots if a[0] == cell.page and "TX01" in a[2]]
    assert len(on_cell) == 1
    assert on_cell[0][5].intersects(pymupdf.Rect(cell.bbox))


def test_every_finding_is_annotated_once_per_place_with_its_severity(putuo_annotated) -> None:  # type: ignore[no-untyped-def]
    report, annots = putuo_annotated
    for finding in report.findings:
        mine = [a for a in annots if a[2].endswith(f" {finding.rule_id}") and a[3].startswith(finding.message)]
        pages = {loc.page for loc in finding.locations if loc.page}
        assert pages <= {a[0] for a in mine}, finding.message
        colour = ROUNDING_COLOUR if finding.rounding else SEVERITY_COLOURS[finding.severity]
        assert {a[4] for a in mine} == {tuple(round(v, 2) for v in colour)}
    rounding = [a for a in annots if a[2].startswith("juesuan 尾差")]
    assert len(rounding) >= 10  # the 尾差 hints are there, in their light colour
    head = [a for a in annots if a[2] == "juesuan 审核结果"]
    assert len(head) == 1 and head[0][0] == 1 and "错误 2" in head[0][3]


def test_a_page_without_a_box_and_a_document_finding_get_notes_at_the_page_top(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
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
    annots = _annotations(out.read_bytes())
    notes = {(a[0], a[2]): a for a in annots if a[1] == "Text"}
    assert notes[(1, "juesuan 警告 CP02")][3] == "缺少“政府采购情况”一节。"
    first, second = notes[(3, "juesuan 警告 YZ01")], notes[(3, "juesuan 警告 YZ02")]
    assert first[5].y1 < 40 and second[5].y1 < 40 and first[5].x0 != second[5].x0  # side by side at the top
    assert not list(tmp_path.glob(".juesuan-*"))  # written atomically: no temporary file left


def test_annotating_is_refused_for_other_inputs(tmp_path: Path) -> None:
    with pytest.raises(api.ReadError, match="只能为 PDF"):
        api.annotate_pdf(tmp_path / "report.txt", CheckReport(source="report.txt"), tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()
