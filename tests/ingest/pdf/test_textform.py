"""The corpus PDFs written in the seed's text form and read back with the text reader.

This is the evidence that the text reader is for the *form*, not for the seed: Shanghai order
(决算表 before 情况说明), codes in three columns, 合计 at the bottom, the one-row 三公 table and
the four university tables all come back cell for cell. The text is generated into a temporary
directory at test time; no corpus-derived text is kept in the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.ingest import read
from juesuan.ingest.pdf.textform import main, text_form
from juesuan.model.report import Report
from juesuan.render.cells import iter_cells
from tests.ingest.pdf.conftest import CORPUS_PDFS


def _cells(report: Report) -> list[tuple[str, ...]]:
    return [row[:5] for row in iter_cells(report)]  # the source differs: file:line vs file#pN


def _narrative(report: Report) -> list[object]:
    out: list[object] = []
    for part in report.narrative.parts:
        out.append((part.number, part.title, part.kind))
        out.extend(p.text for p in part.paragraphs)
        for section in part.sections:
            for node in section.walk():
                out.append((node.number, node.title))
                out.extend(p.text for p in node.paragraphs)
    return out


@pytest.fixture(scope="module")
def text_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("textform")


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_text_form_reads_back_to_the_same_report(corpus, text_dir: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    text = text_form(corpus.pdf_pieces(name))
    path = text_dir / name.replace(".pdf", ".txt")
    path.write_text(text, encoding="utf-8")
    from_text = read(path)
    from_pdf = corpus.result(name)
    assert [f.message for f in from_text.findings] == [f.message for f in from_pdf.findings]
    assert _cells(from_text.report) == _cells(from_pdf.report)
    assert _narrative(from_text.report) == _narrative(from_pdf.report)
    text_meta, pdf_meta = from_text.report.metadata, from_pdf.report.metadata
    assert (text_meta.department, text_meta.year, text_meta.family) == (pdf_meta.department, pdf_meta.year, pdf_meta.family)
    assert [t.header.title for t in from_text.report.tables] == [t.header.title for t in from_pdf.report.tables]
    assert [(t.term, t.definition) for t in from_text.report.glossary] == [(t.term, t.definition) for t in from_pdf.report.glossary]


def test_text_form_shows_codes_in_three_columns(corpus) -> None:  # type: ignore[no-untyped-def]
    text = text_form(corpus.pdf_pieces("sh-putuo-caizhengju-2024-dept-final.pdf"))
    assert "208\t05\t05\t机关事业单位基本养老保险缴费支出\t160.75\t160.75" in text
    assert "# 财政拨款“三公”经费支出决算表" in text


def test_command_writes_the_text_form(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "university.txt"
    assert main([str(corpus_dir / "cq-xinandaxue-2023-dept-final.pdf"), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "# 表4：高等学校财政拨款支出决算表" in text
    # the code is printed across the 类/款/项 columns, the name in 科目名称
    assert "2050205\t\t\t高等教育\t186,663.39\t152,569.36\t34,094.03\t5,536.97" in text


def test_command_fails_cleanly_on_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\nthis is not a PDF body")
    assert main([str(bad)]) == 2
    assert "错误" in capsys.readouterr().err
