"""Scanned pages inside a PDF: the page image read by OCR, and the doubtful figures marked.

:func:`read_scanned_page` is what the PDF reader calls for a page that has images but no text
layer; :func:`mark_doubts` runs over the pieces once the document is cut up, so that a figure
read with doubtful digits reaches the checks as an amount with a wide interval (table cells) or
not at all (narrative lines: the figure is replaced by ``□``, the sign for an unreadable
character), each with a reading finding (RD30) that names the place and what was read.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from juesuan.ingest.common.assemble import Pieces
from juesuan.ingest.common.grid import GridCell
from juesuan.ingest.ocr.confidence import DIGIT_CONFIDENCE, Doubt
from juesuan.ingest.ocr.engine import OcrUnavailable
from juesuan.ingest.ocr.page import OcrPage, read_page_image
from juesuan.ingest.pdf.document import PageContent, Word
from juesuan.ingest.problems import report
from juesuan.model.provenance import Source

__all__ = ["OCR_DPI", "mark_doubts", "read_scanned_page", "scan_dpi"]

#: the resolutions a page image is read at: its own, kept within this range (below, strokes are
#: too thin to tell 3 from 8; above, the work grows with no gain in accuracy)
OCR_DPI = (150.0, 300.0)


def scan_dpi(page: Any) -> float:
    """The resolution of the largest image on the page, within :data:`OCR_DPI`."""
    best = 0.0
    area = 0.0
    try:
        infos = page.get_image_info()
    except Exception:
        infos = []
    for info in infos:
        x0, y0, x1, y1 = info.get("bbox", (0, 0, 0, 0))
        w = abs(x1 - x0)
        if w <= 0 or (w * abs(y1 - y0)) <= area:
            continue
        area = w * abs(y1 - y0)
        best = float(info.get("width", 0)) * 72.0 / w
    low, high = OCR_DPI
    return min(max(best or 200.0, low), high)


def read_scanned_page(page: Any, number: int) -> PageContent | None:
    """The page's words and ruling lines read from its image, or ``None`` when OCR is unavailable
    or finds no text."""
    import numpy as np

    from juesuan.ingest.pdf.document import pymupdf_module

    pymupdf = pymupdf_module()
    rect = page.rect
    try:
        pix = page.get_pixmap(dpi=round(scan_dpi(page)), colorspace=pymupdf.csRGB, alpha=False)
        rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3)
        content, ocr = read_page_image(rgb, number, rect.width, rect.height)
    except OcrUnavailable:
        return None
    if not content.words:  # a picture, a blank scan: reported as a page that could not be read
        return None
    content.ocr = ocr
    return content


def _inside(word: Word, bbox: tuple[float, float, float, float] | None) -> bool:
    if bbox is None:
        return False
    return bbox[0] - 1 <= word.xc <= bbox[2] + 1 and bbox[1] - 1 <= word.yc <= bbox[3] + 1


def _describe(doubt: Doubt) -> str:
    if doubt.characters == "?":
        return f"识别为“{doubt.text}”，但不像一个完整的金额（可能漏识或多识了数字）"
    return f"识别为“{doubt.text}”，其中“{doubt.characters}”的识别置信度为 {doubt.lowest:.2f}（低于 {DIGIT_CONFIDENCE}）"


def _finding(pieces: Pieces, place: str, doubt: Doubt, source: Source) -> None:
    report(pieces, "RD30", [source.at(text=doubt.text)], page=source.page, place=place, what=_describe(doubt))


def mark_doubts(pieces: Pieces, pages: dict[int, OcrPage]) -> None:
    """Carry every doubtful figure of the OCR ``pages`` into the cells and lines that hold it."""
    doubtful = {number: ocr.doubtful for number, ocr in pages.items() if ocr.doubtful}
    if not doubtful:
        return
    used: set[Word] = set()
    rows_lists = [grid.rows for grid in pieces.grids] + [grid.rows for grid in pieces.evals]
    for rows in rows_lists:
        for row in rows:
            for j, cell in enumerate(row):
                words = doubtful.get(cell.source.page or 0)
                if not words or not cell.text:
                    continue
                hits = [(w, d) for w, d in words.items() if _inside(w, cell.source.bbox) and w.text in cell.text]
                if not hits:
                    continue
                spread = max(d.spread for _, d in hits)
                row[j] = GridCell(cell.text, cell.source, spread)
                for word, doubt in hits:
                    used.add(word)
                    _finding(pieces, "表格中", doubt, cell.source)
    for index, line in enumerate(pieces.body):
        words = doubtful.get(line.source.page or 0)
        if not words:
            continue
        text = line.text
        for word, doubt in words.items():
            if word in used or word.text not in text or not _inside(word, line.source.bbox):
                continue
            used.add(word)
            text = text.replace(word.text, "□", 1)
            _finding(pieces, "正文中", doubt, line.source)
        if text != line.text:
            pieces.body[index] = replace(line, text=text)
