"""The writer's PDFs read back exactly: the PDF reader gives the Markdown rendering's cells, and
the checker finds in the PDF exactly what it finds in the Markdown.

The made-up department (Liaoning and Shanghai layouts) checks clean; the regenerated seed keeps
the seed's own data slips, no more and no fewer than its Markdown (tests/render/test_checked.py).
"""

from __future__ import annotations

import pytest

from juesuan.check import check
from juesuan.diagnostics import Severity
from juesuan.ingest import ReadResult, read
from juesuan.render.cells import iter_cells
from juesuan.render.view import Document
from juesuan.render.writers.markdown import write_markdown

# (view, its PDF, profile, must check clean)
CASES = [
    ("made_up_view", "made_up_pdf", "liaoning", True),
    ("made_up_view_shanghai", "made_up_pdf_shanghai", "shanghai", True),
    ("seed_view", "seed_pdf", "liaoning", False),
]


def _cells(result: ReadResult) -> dict[tuple[str, str, str, str], str]:
    """Every cell of every table and 自评表 (table, row code, row label, column) → value; sources left out."""
    return {(table, code, label, column): value for table, code, label, column, value, _ in iter_cells(result.report)}


@pytest.fixture(scope="module", params=CASES, ids=["made-up-liaoning", "made-up-shanghai", "seed"])
def both(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[ReadResult, ReadResult, str, bool]:
    view_name, pdf_name, profile, clean = request.param
    view: Document = request.getfixturevalue(view_name)
    folder = tmp_path_factory.mktemp(pdf_name)
    pdf = folder / "document.pdf"
    pdf.write_bytes(request.getfixturevalue(pdf_name))
    md = folder / "document.md"
    md.write_text(write_markdown(view), encoding="utf-8")
    return read(pdf), read(md), profile, clean


def test_pdf_is_read_without_reading_problems(both) -> None:  # type: ignore[no-untyped-def]
    from_pdf, *_ = both
    assert from_pdf.report.metadata.source_format == "pdf"
    assert [f.message for f in from_pdf.findings if f.severity != Severity.INFO] == []


def test_pdf_cells_equal_the_markdown_cells(both) -> None:  # type: ignore[no-untyped-def]
    from_pdf, from_md, *_ = both
    pdf_cells, md_cells = _cells(from_pdf), _cells(from_md)
    assert len(md_cells) > 300
    missing = sorted(set(md_cells) - set(pdf_cells))
    extra = sorted(set(pdf_cells) - set(md_cells))
    changed = sorted(k for k in set(md_cells) & set(pdf_cells) if md_cells[k] != pdf_cells[k])
    assert (missing, extra, changed) == ([], [], [])


def test_pdf_narrative_has_the_markdown_sections(both) -> None:  # type: ignore[no-untyped-def]
    from_pdf, from_md, *_ = both

    def titles(result: ReadResult) -> list[tuple[int, str]]:
        return [(s.level, s.title) for part in result.report.narrative.parts for top in part.sections for s in top.walk()]

    assert titles(from_pdf) == titles(from_md)


def test_checker_finds_the_same_in_pdf_and_markdown(both) -> None:  # type: ignore[no-untyped-def]
    from_pdf, from_md, profile, clean = both

    def found(result: ReadResult) -> list[tuple[str, str, str]]:
        report = check(result.report, profile, reading_findings=result.findings)
        return sorted((f.rule_id, f.severity.value, f.message) for f in report.findings)

    in_pdf = found(from_pdf)
    assert in_pdf == found(from_md)
    if clean:
        assert [f for f in in_pdf if f[1] in ("error", "warning")] == []
