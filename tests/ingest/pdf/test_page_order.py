"""What counts is the page, not the order in which a PDF stores its text.

A re-typeset copy of a corpus PDF may store its words (or even its characters) in another order
than the page shows them. Here pages of a corpus PDF are rebuilt with PyMuPDF: the text removed,
the ruling lines kept, and the same words put back at the same places — once in the page's own
order, once shuffled. Both must read to the same cells and the same paragraphs; a phrase the
page breaks over two lines ("决算" | "数小于预算数") must read as one phrase; and a number stored
in pieces must not get a space inside it.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from juesuan.ingest import read
from juesuan.ingest.pdf.document import typeface
from juesuan.ingest.result import ReadResult
from juesuan.render.cells import cells_csv
from tests.conftest import CORPUS

PLANNING = CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"
FINANCE = CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf"


def _faces(page: pymupdf.Page) -> tuple[list[tuple[pymupdf.Rect, str]], str]:
    """The spans' boxes with their typeface, and the face most of the page is set in."""
    spans = []
    weight: Counter[str] = Counter()
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                face = typeface(span["font"]) + ("/bold" if span["flags"] & 16 else "")
                spans.append((pymupdf.Rect(span["bbox"]), face))
                weight[face] += len(span["text"])
    return spans, weight.most_common(1)[0][0] if weight else ""


def _font(face: str, body: str) -> str:
    # two built-in CJK faces keep "body text" and "headings" apart, as the original faces did
    return "china-ss" if face == body else "china-s"


def _clear(page: pymupdf.Page) -> None:
    page.add_redact_annot(page.rect)
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE, text=pymupdf.PDF_REDACT_TEXT_REMOVE)


def rebuild_words(page: pymupdf.Page, shuffle: bool) -> None:
    """The page's words put back where they were printed, each scaled to its printed width."""
    spans, body = _faces(page)
    words = page.get_text("words", sort=False)
    placed = [(w, next((f for r, f in spans if pymupdf.Point((w[0] + w[2]) / 2, (w[1] + w[3]) / 2) in r), body)) for w in words]
    _clear(page)
    if shuffle:
        random.Random(8).shuffle(placed)
    for (x0, y0, x1, y1, text, *_), face in placed:
        font = _font(face, body)
        width = pymupdf.get_text_length(text, fontname=font, fontsize=1)
        size = (x1 - x0) / width if width else (y1 - y0) * 0.8
        page.insert_text((x0, y1 - 0.12 * (y1 - y0)), text, fontname=font, fontsize=size)


def rebuild_chars(page: pymupdf.Page, shuffle: bool) -> None:
    """The page's characters put back one by one at their origins (a file that stores a page
    character by character, in any order)."""
    _, body = _faces(page)
    chars = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                face = typeface(span["font"]) + ("/bold" if span["flags"] & 16 else "")
                chars.extend((c["c"], c["origin"], span["size"], face) for c in span["chars"] if c["c"].strip())
    _clear(page)
    if shuffle:
        random.Random(8).shuffle(chars)
    for char, origin, size, face in chars:
        page.insert_text(origin, char, fontname=_font(face, body), fontsize=size)


def rebuilt(tmp_path: Path, source: Path, pages: list[int], shuffle: bool, how: str = "words") -> ReadResult:
    doc = pymupdf.open(source)
    for number in pages:
        (rebuild_words if how == "words" else rebuild_chars)(doc[number - 1], shuffle)
    path = tmp_path / f"{source.stem}-{how}-{'shuffled' if shuffle else 'in-order'}.pdf"
    doc.save(path)
    return read(path)


def paragraphs(result: ReadResult) -> list[str]:
    return [p.text for p in result.report.narrative.all_paragraphs()]


def narrative_text(result: ReadResult) -> list[str]:
    """Every section title and paragraph (a page rebuilt in other faces may turn a numbered
    paragraph into a heading; its words are the same)."""
    out = []
    for part in result.report.narrative.parts:
        out.extend(section.title for section in part.walk())
    return out + paragraphs(result)


def cells(result: ReadResult) -> list[str]:
    """The cells view without the source column (boxes move by fractions of a point)."""
    return [line.rsplit(",", 1)[0] for line in cells_csv(result.report).splitlines()]


@pytest.mark.parametrize("how", ["words", "chars"])
def test_shuffled_stream_reads_as_the_page_shows(tmp_path: Path, how: str) -> None:
    if not PLANNING.exists():
        pytest.skip("corpus PDF not available")
    pages = [15, 21, 22]  # 一般公共预算财政拨款支出决算表; the 情况说明 with its 逐项说明
    in_order = rebuilt(tmp_path, PLANNING, pages, shuffle=False, how=how)
    shuffled = rebuilt(tmp_path, PLANNING, pages, shuffle=True, how=how)
    stream = pymupdf.open(tmp_path / f"{PLANNING.stem}-{how}-shuffled.pdf")[21].get_text("words", sort=False)
    assert [w[4] for w in stream[:5]] != [w[4] for w in sorted(stream, key=lambda w: (w[3], w[0]))[:5]], "the stream is shuffled"
    assert cells(shuffled) == cells(in_order)
    assert paragraphs(shuffled) == paragraphs(in_order)
    # the tables read as in the original (the faces changed, the figures and their places did not)
    assert cells(in_order) == cells(read(PLANNING))


def test_a_phrase_broken_over_two_lines_reads_whole(tmp_path: Path) -> None:
    if not PLANNING.exists():
        pytest.skip("corpus PDF not available")
    # page 22 prints "…94.43%。决算" at the end of one line and "数小于预算数的主要原因…" on the next
    for result in (read(PLANNING), rebuilt(tmp_path, PLANNING, [22], shuffle=True)):
        texts = [t for t in narrative_text(result) if "94.43%。决算" in t]
        assert texts and all("94.43%。决算数小于预算数的主要原因" in t for t in texts), texts


def test_a_number_stored_in_pieces_gets_no_space(tmp_path: Path) -> None:
    if not FINANCE.exists():
        pytest.skip("corpus PDF not available")
    shuffled = rebuilt(tmp_path, FINANCE, [21], shuffle=True, how="chars")
    text = " ".join(narrative_text(shuffled))
    assert "收入支出总计2995.39万元" in text
    assert "与2023年度相比" in text


def test_pieces_of_one_line_join_as_printed() -> None:
    from juesuan.ingest.pdf.document import PageContent, Word
    from juesuan.ingest.pdf.layout import page_lines

    # stored apart (other blocks, other order): a number in two pieces that touch, two Latin
    # words with a space between them, Chinese text on both sides
    words = [
        Word(150.0, 100.0, 210.0, 112.0, "95.39万元。", 3, 0),
        Word(100.0, 100.0, 150.0, 112.0, "总计29", 1, 0),
        Word(100.0, 130.0, 148.0, 142.0, "Southwest", 2, 0),
        Word(151.0, 130.0, 200.0, 142.0, "University", 0, 0),
    ]
    lines = page_lines(PageContent(number=1, width=600, height=800, words=words), words)
    assert [line.text for line in lines] == ["总计2995.39万元。", "Southwest University"]


def test_a_piece_set_over_the_blank_half_of_a_full_width_mark_stays_on_its_line() -> None:
    from juesuan.ingest.pdf.document import PageContent, Word
    from juesuan.ingest.pdf.layout import page_lines

    # "万元，" ends with a full-width comma whose box is a whole em wide; the next word, stored
    # in a block of its own with a slightly higher bottom, starts 1.5 pt inside that box. It is
    # still the same printed line, not a line of its own sorted before it.
    words = [
        Word(89.9, 223.2, 236.5, 244.7, "相比，减少23,616.80", 4, 0),
        Word(240.4, 226.1, 288.4, 242.4, "万元，", 4, 1),
        Word(322.9, 223.2, 505.3, 244.7, "5.20%。其中：", 4, 2),
        Word(286.9, 223.2, 318.8, 244.0, "降低", 21, 0),
        Word(89.9, 254.4, 206.5, 275.9, "入增加14,458.07", 5, 0),
    ]
    lines = page_lines(PageContent(number=1, width=600, height=800, words=words), words)
    assert [line.text for line in lines] == ["相比，减少23,616.80万元，降低5.20%。其中：", "入增加14,458.07"]
