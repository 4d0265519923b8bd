"""The Word file as an office opens it: LibreOffice converts the generated DOCX to PDF (its table of
contents updated), and the PDF's words show that no table runs off its page, no amount or code is
broken across lines, the 目录 carries page numbers, wide tables are on landscape pages, and a
draft says 草稿 on every page.

`make test` installs LibreOffice (and python3-uno) where ``soffice`` is missing; the tests are
skipped only where neither is available.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from juesuan.render.view import DRAFT_MARK, Document, TableView
from juesuan.render.writers.docx import write_docx

UNO_SCRIPT = Path(__file__).resolve().parent / "office" / "uno_pdf.py"


def _office_python() -> str | None:
    """A Python with LibreOffice's ``uno`` module (the system one, with python3-uno)."""
    if shutil.which("soffice") is None:
        return None
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False).returncode == 0:
            return candidate
    return None


OFFICE = _office_python()
pytestmark = pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice, python3-uno) is not installed; `make test` installs it")


def office_pdf(view: Document, folder: Path, name: str):  # type: ignore[no-untyped-def]
    import pymupdf

    source = folder / f"{name}.docx"
    target = folder / f"{name}.pdf"
    source.write_bytes(write_docx(view))
    assert OFFICE is not None
    subprocess.run([OFFICE, str(UNO_SCRIPT), str(source), str(target)], check=True, timeout=300, capture_output=True)
    return pymupdf.open(target)


def _plain(text: str) -> str:
    """Text without spaces and quotation marks (PyMuPDF reads “ ” set in another font apart)."""
    return re.sub(r"[\s“”\"]", "", text)


def _tokens(view: Document) -> set[str]:
    """Every amount and code printed in the tables: none of them may be broken."""
    out: set[str] = set()
    for table in view.tables():
        for row in table.rows:
            for cell in row:
                if cell.kind in ("money", "code", "number", "percent") and cell.text.strip():
                    out.add(cell.text.strip())
    return out


@pytest.fixture(scope="module")
def converted(made_up_view: Document, made_up_view_shanghai: Document, seed_view: Document, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("office")
    return {
        name: (view, office_pdf(view, folder, name))
        for name, view in (("made_up", made_up_view), ("made_up_shanghai", made_up_view_shanghai), ("seed", seed_view))
    }


@pytest.mark.parametrize("name", ["made_up", "made_up_shanghai", "seed"])
def test_no_table_is_wider_than_its_page(converted, name: str) -> None:  # type: ignore[no-untyped-def]
    _, pdf = converted[name]
    for page in pdf:
        width = page.rect.width
        for x0, _, x1, _, word, *_ in page.get_text("words"):
            assert x0 >= 0 and x1 <= width, f"p{page.number + 1}: “{word}” runs off the page ({x0:.0f}–{x1:.0f} of {width:.0f})"
        for drawing in page.get_drawings():
            rect = drawing["rect"]
            assert rect.x0 >= -1 and rect.x1 <= width + 1, f"p{page.number + 1}: a table rule runs off the page"


@pytest.mark.parametrize("name", ["made_up", "made_up_shanghai", "seed"])
def test_no_amount_or_code_is_broken_across_lines(converted, name: str) -> None:  # type: ignore[no-untyped-def]
    view, pdf = converted[name]
    words = [w[4] for page in pdf for w in page.get_text("words")]
    whole = set(words)
    missing = sorted(t for t in _tokens(view) if t not in whole and not any(t in w for w in words))
    assert missing == [], f"printed broken (not one word in the PDF): {missing[:10]}"


@pytest.mark.parametrize("name", ["made_up", "made_up_shanghai", "seed"])
def test_the_table_of_contents_has_page_numbers(converted, name: str) -> None:  # type: ignore[no-untyped-def]
    view, pdf = converted[name]
    toc_text = ""
    for page in pdf:
        text = page.get_text()
        if "目录" in text or toc_text:
            toc_text += text
        if len(toc_text) > 200 and "目录" not in text:
            break
    parts = [line.text for line in view.toc if line.level == 1]
    assert parts
    for part in parts:
        number = re.escape(part.split()[0])
        assert re.search(number + r"[^\n]*?(?:\n[^\n]*?)?\.*\s*(\d+)\s*\n", toc_text), f"no page number after “{part}” in the 目录"
    pages = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)", toc_text)]
    assert pages and pages == sorted(pages), pages


def test_wide_tables_are_set_on_landscape_pages(converted) -> None:  # type: ignore[no-untyped-def]
    view, pdf = converted["made_up"]
    title = next(t for t in view.tables() if t.key == "project").title
    pages = [p for p in pdf if _plain(p.get_text()).startswith(_plain(title))]
    assert len(pages) == len([t for t in view.tables() if t.key == "project"])
    assert all(p.rect.width > p.rect.height for p in pages)
    narrative = next(p for p in pdf if "部门职责" in p.get_text() or "主要职责" in p.get_text())
    assert narrative.rect.width < narrative.rect.height


def test_each_table_starts_a_page_and_cells_have_no_indent(converted) -> None:  # type: ignore[no-untyped-def]
    view, pdf = converted["made_up"]
    tables: list[TableView] = [t for t in view.tables() if t.key not in ("project", "whole")]
    for table in tables:
        page = next((p for p in pdf if _plain(p.get_text()).startswith(_plain(table.title))), None)
        assert page is not None, f"{table.title} does not start a page"
        rules = [d["rect"] for d in page.get_drawings()]
        if not rules:  # a table printed as a statement (本表无数据)
            continue
        left = min(r.x0 for r in rules)
        labels = [w for w in page.get_text("words") if w[4] == "合计"]
        for label in labels:  # a label in the first column sits at the cell's edge, not two characters in
            if label[0] - left < 40:
                assert label[0] - left < 8, f"{table.title}: “合计” indented {label[0] - left:.0f}pt in its cell"


def test_a_draft_says_so_on_every_page(made_up_view: Document, tmp_path: Path) -> None:
    pdf = office_pdf(dataclasses.replace(made_up_view, draft=True), tmp_path, "draft")
    assert pdf.page_count > 3
    for page in pdf:
        assert DRAFT_MARK in page.get_text(), f"p{page.number + 1} does not say 草稿"
