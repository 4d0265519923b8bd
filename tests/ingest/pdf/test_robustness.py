"""Bad PDFs fail fast with a Chinese message naming the file; scanned pages are reported page by
page; a 1,000-page file is refused before any page is read (the page limit is a setting)."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from juesuan.cli.app import app
from juesuan.diagnostics import ReadError
from juesuan.ingest import read
from juesuan.ingest.pdf.document import MAX_PAGES, max_pages_setting
from tests.ingest.pdf.make import Page, Table, build

SMALL = [
    Page(
        texts=[(220, 110, "收入决算表", 14), (400, 135, "金额单位：万元", 9)],
        tables=[Table(x=60, y=150, widths=[80, 160, 100], rows=[["项目", "", "本年收入合计"], ["合计", "", "10.00"], ["208", "社会保障和就业支出", "10.00"]])],
    )
]


def _problem(path: Path) -> str:
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.path == str(path)
    return info.value.problem


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert _problem(path) == "文件是空的"


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("收入决算表\t合计", encoding="utf-8")
    assert "不是 PDF" in _problem(path)


def test_broken_pdf(tmp_path: Path) -> None:
    good = build(SMALL, tmp_path / "good.pdf").read_bytes()
    path = tmp_path / "broken.pdf"
    path.write_bytes(good[:9] + b"\x00garbage" * 50)
    assert "损坏" in _problem(path) or "没有任何" in _problem(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    source = build(SMALL, tmp_path / "plain.pdf")
    doc = pymupdf.open(source)
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    doc.close()
    assert "加密" in _problem(path)


def test_scanned_pdf_is_refused_with_its_page_count(tmp_path: Path) -> None:
    path = build([Page(image=True), Page(image=True)], tmp_path / "scan.pdf")
    problem = _problem(path)
    assert "扫描件" in problem and "共 2 页" in problem


def test_scanned_pages_among_text_pages_are_reported_page_by_page(tmp_path: Path) -> None:
    path = build([*SMALL, Page(image=True), Page(texts=[(60, 100, "第三部分 情况说明", 12)]), Page(image=True)], tmp_path / "mixed.pdf")
    result = read(path)
    scanned = [f for f in result.findings if f.rule_id == "RD08"]
    assert [f.first_page() for f in scanned] == [2, 4]
    assert all("扫描" in f.message for f in scanned)
    assert result.report.tables and result.report.tables[0].kind.value == "收入决算表"


def _thousand_pages(path: Path) -> Path:
    """1,000 pages of narrative, made fast: one drawn page, inserted 999 more times."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((60, 80), "部门决算情况说明：本年收入合计10.00万元。", fontname="china-s", fontsize=11)
    one = pymupdf.open()
    one.insert_pdf(doc)
    for _ in range(999):
        doc.insert_pdf(one)
    one.close()
    doc.save(path)
    doc.close()
    return path


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _thousand_pages(tmp_path_factory.mktemp("huge") / "huge.pdf")


def test_thousand_pages_fail_fast_under_the_default_limit(thousand: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUESUAN_PDF_MAX_PAGES", raising=False)
    assert max_pages_setting() == MAX_PAGES < 1000
    started = time.perf_counter()
    problem = _problem(thousand)
    assert time.perf_counter() - started < 2.0
    assert "1000 页" in problem and "JUESUAN_PDF_MAX_PAGES" in problem


def test_thousand_pages_read_in_bounded_time_and_memory_when_allowed(thousand: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUESUAN_PDF_MAX_PAGES", "1000")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = read(thousand)
    elapsed = time.perf_counter() - started
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert result.report.metadata.pages == 1000
    assert elapsed < 30.0
    assert grown_kb < 400 * 1024


def test_cli_parses_a_pdf_to_cells(tmp_path: Path) -> None:
    path = build(SMALL, tmp_path / "small.pdf")
    out = tmp_path / "cells.csv"
    outcome = CliRunner().invoke(app, ["parse", str(path), "--format", "cells", "-o", str(out), "--quiet"])
    assert outcome.exit_code == 0, outcome.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "table,row_code,row_label,column,value,source"
    assert "收入决算表,208,社会保障和就业支出,本年收入合计,10.00,small.pdf#p1" in lines


def test_cli_exit_code_2_on_an_encrypted_pdf(tmp_path: Path) -> None:
    source = build(SMALL, tmp_path / "plain.pdf")
    doc = pymupdf.open(source)
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    doc.close()
    out = tmp_path / "out.json"
    outcome = CliRunner().invoke(app, ["parse", str(path), "-o", str(out)])
    assert outcome.exit_code == 2
    assert not out.exists()


def test_a_page_whose_content_inflates_beyond_the_limit_is_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A content-stream bomb (a few KB stored, far more inflated) is a page not read — located,
    with the other pages read and checked — instead of PyMuPDF parsing it whole (gigabytes for a
    few-MB file)."""
    from juesuan.ingest.pdf import document, reader
    from tests.conftest import CORPUS

    monkeypatch.setattr(reader, "MAX_CONTENT", 4 * 1024 * 1024)  # the same mechanism, a test-sized bomb
    source = CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf"
    doc = pymupdf.open(source)
    pages = doc.page_count
    bomb = doc.new_page()
    bomb.insert_text((72, 100), "x")
    [xref] = bomb.get_contents()
    doc.update_stream(xref, b"0 0 m 1 1 l S\n" * 400_000)  # 5.6 MB of drawing operators, stored deflated
    path = tmp_path / "bomb.pdf"
    doc.save(path, deflate=True)
    assert path.stat().st_size < source.stat().st_size + 200_000
    with pymupdf.open(path) as again:
        assert document.content_too_large(again, again[pages], 4 * 1024 * 1024)
        assert not any(document.content_too_large(again, again[i]) for i in range(pages))
    _only_the_bomb_page_is_unread(path, pages)


def _only_the_bomb_page_is_unread(path: Path, pages: int, tables: int = 9) -> None:
    """The page added after the document's ``pages`` is not read (RD09); the document's are."""
    result = read(path)
    [unread] = [f for f in result.findings if f.rule_id == "RD09"]
    assert unread.first_page() == pages + 1 and "超过读取上限" in unread.message
    assert len(result.report.tables) >= tables


def test_a_bomb_inside_a_form_the_page_draws_counts_toward_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same bomb moved into a form XObject, itself inside another form the page draws: PyMuPDF
    parses a form's content when the page draws it, so the forms count with the page's content."""
    from juesuan.ingest.pdf import document, reader
    from tests.conftest import CORPUS

    monkeypatch.setattr(reader, "MAX_CONTENT", 4 * 1024 * 1024)
    inner = pymupdf.open()
    page = inner.new_page()
    page.insert_text((72, 100), "x")
    [xref] = page.get_contents()
    inner.update_stream(xref, b"0 0 m 1 1 l S\n" * 400_000)  # 5.6 MB of drawing operators
    middle = pymupdf.open()
    middle.new_page().show_pdf_page(pymupdf.Rect(0, 0, 595, 842), inner, 0)
    source = CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf"
    doc = pymupdf.open(source)
    pages = doc.page_count
    bomb = doc.new_page()
    bomb.insert_text((72, 72), "x")
    bomb.show_pdf_page(bomb.rect, middle, 0)
    path = tmp_path / "form-bomb.pdf"
    doc.save(path, deflate=True, garbage=3)
    assert path.stat().st_size < source.stat().st_size + 200_000
    with pymupdf.open(path) as again:
        assert sum(len(again.xref_stream_raw(x) or b"") for x in again[pages].get_contents()) < 1000  # the page's own content is tiny
        assert document.content_too_large(again, again[pages], 4 * 1024 * 1024)
        assert not any(document.content_too_large(again, again[i]) for i in range(pages))
    _only_the_bomb_page_is_unread(path, pages)


def test_a_file_of_only_pages_over_the_content_limit_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused with exit 2 naming the limit and the page — not "no text at all", which the page may well have."""
    from juesuan.ingest.pdf import reader

    monkeypatch.setattr(reader, "MAX_CONTENT", 4 * 1024 * 1024)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "收入决算表", fontname="china-s")
    [xref] = page.get_contents()
    doc.update_stream(xref, doc.xref_stream(xref) + b"\n0 0 m 1 1 l S\n" * 400_000)
    path = tmp_path / "only-bomb.pdf"
    doc.save(path, deflate=True)
    with pytest.raises(ReadError) as caught:
        read(path)
    assert "第 1 页页面内容解压后超过读取上限（4 MB）" in caught.value.problem
    outcome = CliRunner().invoke(app, ["check", str(path)])
    assert outcome.exit_code == 2 and "超过读取上限" in outcome.output


def test_a_small_form_drawn_many_times_counts_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 4 KB form drawn 2,000 times is 8 MB that PyMuPDF parses (a 6.6 KB file drawing one 200,000
    times took 30 s and 2.9 GB before it was counted so); drawn 20 times it is read as usual."""
    from juesuan.ingest.pdf import document

    monkeypatch.setattr(document, "MAX_CONTENT", 4 * 1024 * 1024)
    small = _line_art()
    sizes = {}
    for times in (20, 2000):
        doc = pymupdf.open()
        page = doc.new_page()
        page.show_pdf_page(page.rect, small, 0)
        [name] = [name for _xref, name, invoker, _bbox in page.get_xobjects() if invoker == 0]  # the form the page draws
        [content] = page.get_contents()
        doc.update_stream(content, b"q 0.1 0 0 0.1 0 0 cm /%s Do Q\n" % name.encode() * times)
        path = tmp_path / f"drawn-{times}.pdf"
        doc.save(path, deflate=True)
        with pymupdf.open(path) as again:
            sizes[times] = document._content_size(again, again[0], 4 * 1024 * 1024)
            assert document.content_too_large(again, again[0], 4 * 1024 * 1024) is (times == 2000)
    assert sizes[2000] > 2000 * 4000 and sizes[20] < 200_000


def _line_art() -> pymupdf.Document:
    """A one-page PDF of 300 lines: a 4 KB form once drawn."""
    small = pymupdf.open()
    art = small.new_page()
    art.insert_text((72, 100), "x")
    [xref] = art.get_contents()
    small.update_stream(xref, b"".join(b"%d 100 m %d 700 l S\n" % (k, k) for k in range(300)))
    return small


#: one name as the resource dictionary writes it and as the content stream draws it, with ``#xx``
#: escapes (PDF 1.2+, ISO 32000-1 7.3.5): each pair is the same name, and PyMuPDF draws the form
ESCAPED = [
    ("Fo1", "F#6f1"),  # a letter escaped where the form is drawn
    ("F#6F1", "F#6f#31"),  # both escaped, spelt differently
    ("#E5#9B#BE", "#e5#9b#be"),  # a Chinese name (its UTF-8 bytes)
    ("A#E9", "A#e9"),  # a byte that is no UTF-8
    ("A#2342", "A#2342"),  # a name holding a "#" (A#42), decoded once
]


def _drawn_as(doc: pymupdf.Document, form: pymupdf.Document, resource: str, drawn: str, times: int) -> None:
    """A new last page of ``doc`` drawing ``form``'s page ``times`` times: the form is named
    ``/resource`` in the page's resources and drawn as ``/drawn Do``."""
    page = doc.new_page(width=form[0].rect.width, height=form[0].rect.height)
    page.show_pdf_page(page.rect, form, 0)
    [(xref, name)] = [(x, name) for x, name, invoker, _bbox in page.get_xobjects() if invoker == 0]
    doc.xref_set_key(page.xref, "Resources", f"<</XObject <</{resource} {xref} 0 R>>>>")
    [content] = page.get_contents()
    once = doc.xref_stream(content).replace(b"/" + name.encode(), b"/" + drawn.encode())
    assert once.count(b"/" + drawn.encode() + b" Do") == 1
    doc.update_stream(content, once * times)


@pytest.mark.parametrize(("resource", "drawn"), ESCAPED)
def test_a_form_drawn_through_an_escaped_name_counts_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, resource: str, drawn: str
) -> None:
    """``/F#6f1 Do`` draws the form named ``/Fo1``: a 4 KB form drawn 2,000 times through an
    escaped name is 8 MB that PyMuPDF parses, so that page is not read (RD09), found in
    milliseconds; the document's table page is read."""
    from juesuan.ingest.pdf import document, reader

    monkeypatch.setattr(reader, "MAX_CONTENT", 4 * 1024 * 1024)
    doc = pymupdf.open(build(SMALL, tmp_path / "small.pdf"))
    _drawn_as(doc, _line_art(), resource, drawn, 2000)
    path = tmp_path / "escaped.pdf"
    doc.save(path, deflate=True)
    assert path.stat().st_size < 20_000
    with pymupdf.open(path) as again:
        started = time.process_time()
        assert document.content_too_large(again, again[1], 4 * 1024 * 1024)
        assert time.process_time() - started < 1.0
        assert not document.content_too_large(again, again[0], 4 * 1024 * 1024)
    _only_the_bomb_page_is_unread(path, 1, tables=1)


def test_a_page_drawn_through_an_escaped_name_is_read_as_usual(tmp_path: Path) -> None:
    """The table page drawn once as a form through an escaped name reads as the page itself: the
    same figures, nothing unread, the form counted once."""
    from juesuan.ingest.pdf import document
    from juesuan.model.cells import report_cells

    small = build(SMALL, tmp_path / "small.pdf")
    doc = pymupdf.open()
    _drawn_as(doc, pymupdf.open(small), "F#6F1", "F#6f#31", 1)
    path = tmp_path / "drawn.pdf"
    doc.save(path, deflate=True)
    direct, drawn = read(small), read(path)
    figures = {(c.table, c.row_code, c.column, c.value) for c in report_cells(direct.report)}
    assert figures and {(c.table, c.row_code, c.column, c.value) for c in report_cells(drawn.report)} == figures
    assert not [f for f in drawn.findings if f.rule_id == "RD09"]
    with pymupdf.open(small) as plain, pymupdf.open(path) as again:
        page = sum(len(plain.xref_stream(x) or b"") for x in plain[0].get_contents())
        assert page <= document._content_size(again, again[0], document.MAX_CONTENT) < 2 * page
