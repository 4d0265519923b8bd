"""One page image → the :class:`~juesuan.ingest.pdf.document.PageContent` the PDF reader works on.

The PDF reader rebuilds tables from word boxes and ruling lines; a page image gives both:

- ruling lines: the long runs of :mod:`juesuan.ingest.ocr.image`, as :class:`Segment` s, from
  which the reader's own :func:`~juesuan.ingest.pdf.ruling.find_frames` builds the tables;
- words: inside each ruled cell (so that no word crosses a cell border) and in the rest of the
  page, the ink is cut into text lines by its row profile and each line into runs at wide gaps;
  every run is read by the recogniser (:mod:`juesuan.ingest.ocr.engine`).

Coordinates are PDF points of the page (pixels ÷ ``px_per_pt``) in the straightened image, so
the reader's tolerances, the provenance boxes and the annotations mean what they mean for a text
page. Figures read with doubtful characters are listed in :attr:`OcrPage.doubtful`.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from juesuan.ingest.ocr.confidence import Doubt, doubt_of, looks_numeric, mark_unsure
from juesuan.ingest.ocr.engine import recognise
from juesuan.ingest.ocr.image import Prepared, prepare
from juesuan.ingest.pdf.document import PageContent, Segment, Word
from juesuan.ingest.pdf.ruling import find_frames
from juesuan.record import Record

__all__ = ["OcrPage", "read_page_image"]


@dataclass(repr=False)
class OcrPage(Record):
    """What OCR adds to a page: the doubtful figures and how the image was taken."""

    doubtful: dict[Word, Doubt] = field(default_factory=dict)
    angle: float = 0.0  # degrees the image was turned to straighten it
    dpi: float = 0.0  # the resolution read
    seconds: float = 0.0  # time spent on this page
    runs: int = 0  # pieces of text recognised


def _np() -> Any:
    import numpy

    return numpy


def _segments(mask: Any, horizontal: bool, scale: float) -> list[Segment]:
    """The ruling lines of a mask, in points."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if horizontal:
            yc = (y + h / 2) / scale
            out.append(Segment(x / scale, yc, (x + w) / scale, yc))
        else:
            xc = (x + w / 2) / scale
            out.append(Segment(xc, y / scale, xc, (y + h) / scale))
    return out


def _runs(flags: Any) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of true values."""
    np = _np()
    padded = np.concatenate(([False], flags, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _text_runs(ink: Any, x0: int, y0: int, scale: float) -> list[tuple[int, int, int, int]]:
    """Boxes ``(x0, y0, x1, y1)`` (pixels of the page) of the text runs in a region of ink."""
    boxes: list[tuple[int, int, int, int]] = []
    if ink.size == 0:
        return boxes
    rows = ink.any(axis=1)
    bands = _runs(rows)
    # a gap of a pixel or two inside a line (the strokes of 二 and 三) does not end it
    merged: list[list[int]] = []
    for top, bottom in bands:
        if merged and top - merged[-1][1] <= max(1, int(0.6 * scale)):
            merged[-1][1] = bottom
        else:
            merged.append([top, bottom])
    for top, bottom in merged:
        height = bottom - top
        if height < 1.5 * scale:  # a dash or a stray remnant of a ruling line
            continue
        band = ink[top:bottom]
        cols = _runs(band.any(axis=0))
        if not cols:
            continue
        gap = max(2, int(1.2 * height))
        start, end = cols[0]
        for a, b in cols[1:]:
            if a - end > gap:
                boxes.append((x0 + start, y0 + top, x0 + end, y0 + bottom))
                start = a
            end = b
        boxes.append((x0 + start, y0 + top, x0 + end, y0 + bottom))
    return [b for b in boxes if (b[2] - b[0]) * (b[3] - b[1]) >= 4 * scale * scale or (b[3] - b[1]) >= 3 * scale]


_FULLWIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
_SIMPLIFIER: Any = None


def simplified(text: str) -> str:
    """``text`` in simplified characters.

    The recogniser was trained on both scripts, and on a slightly turned or noisy page it
    sometimes returns the traditional form of a character it saw in simplified print (決算数 for
    决算数, 預算 for 预算). 部门决算 are printed in simplified characters, so converting the
    recogniser's output (OpenCC's traditional→simplified table) restores what the page shows;
    simplified text passes through unchanged. Header labels and 科目 names then match again."""
    global _SIMPLIFIER
    if _SIMPLIFIER is None:
        import opencc

        _SIMPLIFIER = opencc.OpenCC("t2s")
    return str(_SIMPLIFIER.convert(text))

_CJK = r"[\u3400-\u9fff]"
#: dots of an ellipsis or a leader as the recogniser returns them: points, 。, …, and round dots
#: taken for the letter o or the digit 0 (“0oo…o.”, “OOO” for “……”); a figure never gets here
_DOTS = re.compile(r"^(?:[.。…⋯·•●○oO0 ]{2,}|[.。…⋯·•●○])$")


def normalise(text: str) -> str:
    """The recogniser's text in the way Chinese documents print it: ASCII figures (``2,112.86``),
    simplified characters, full-width brackets and colons next to Chinese characters."""
    text = text.strip()
    if not text:
        return text
    candidate = text.translate(_FULLWIDTH).replace(" ", "")
    if looks_numeric(candidate.replace("，", ",").replace("。", ".")):
        return candidate.replace("，", ",").replace("。", ".")
    if _DOTS.match(text):
        return "…"  # an ellipsis row (“…”) or leader dots: no words, no figure
    if re.search(_CJK, text):
        text = simplified(text)
    text = re.sub(rf"(?<={_CJK})\(|\((?={_CJK})", "（", text)
    text = re.sub(rf"(?<={_CJK})\)|\)(?={_CJK})", "）", text)
    if "（" in text and ")" in text:
        text = re.sub(r"（([^（）()]*)\)", r"（\1）", text)
    text = re.sub(rf"(?<={_CJK}):", "：", text)
    return text


def read_page_image(rgb: Any, number: int, width: float, height: float) -> tuple[PageContent, OcrPage]:
    """Read one page image (an ``H×W×3`` RGB array) whose page is ``width × height`` points."""
    np = _np()
    import cv2

    started = time.process_time()
    scale = rgb.shape[1] / width if width else 1.0
    prepared: Prepared = prepare(rgb, scale)
    rules = _segments(prepared.horizontal, True, scale) + _segments(prepared.vertical, False, scale)
    frames = find_frames(number, rules)
    ink = prepared.ink
    h, w = ink.shape
    boxes: list[tuple[int, int, int, int]] = []
    outside = ink.copy()
    inset = max(1, int(0.8 * scale))
    for frame in frames:
        fx0, fy0 = int(frame.x0 * scale), int(frame.y0 * scale)
        fx1, fy1 = int(np.ceil(frame.x1 * scale)), int(np.ceil(frame.y1 * scale))
        outside[max(0, fy0 - inset) : fy1 + inset, max(0, fx0 - inset) : fx1 + inset] = 0
        for cell in frame.cells:
            cx0, cy0 = int(cell.x0 * scale) + inset, int(cell.y0 * scale) + inset
            cx1, cy1 = int(cell.x1 * scale) - inset, int(cell.y1 * scale) - inset
            if cx1 <= cx0 or cy1 <= cy0:
                continue
            boxes.extend(_text_runs(ink[cy0:cy1, cx0:cx1], cx0, cy0, scale))
    running = set(_text_runs(outside, 0, 0, scale))  # text outside the tables: titles, sentences
    boxes.extend(running)
    content = PageContent(number=number, width=width, height=height, images=1)
    content.rules = rules
    ocr = OcrPage(angle=prepared.angle, dpi=round(72 * scale, 1))
    words: list[Word] = []
    clean = prepared.clean
    for index, (x0, y0, x1, y1) in enumerate(sorted(boxes, key=lambda b: (b[1], b[0]))):
        bh = y1 - y0
        pad_y, pad_x = max(2, int(0.2 * bh)), max(2, int(0.3 * bh))
        crop = clean[max(0, y0 - pad_y) : min(h, y1 + pad_y), max(0, x0 - pad_x) : min(w, x1 + pad_x)]
        reading = recognise(cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB))
        ocr.runs += 1
        raw = mark_unsure(reading.text, tuple(reading.confidences)) if (x0, y0, x1, y1) in running else reading.text
        text = normalise(raw)
        if not text:
            continue
        word = Word(x0 / scale, y0 / scale, x1 / scale, y1 / scale, text, index, 0)
        words.append(word)
        confidences = reading.confidences if len(reading.confidences) == len(text) else ()
        doubt = doubt_of(text, confidences or tuple(min(reading.confidences, default=0.0) for _ in text))
        if doubt is not None:
            ocr.doubtful[word] = doubt
    content.words = words
    ocr.seconds = time.process_time() - started
    return content, ocr
