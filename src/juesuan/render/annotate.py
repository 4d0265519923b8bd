"""Findings drawn onto a copy of the checked PDF: each one highlighted where it is, its message as a note.

A location with a box is highlighted there: a table cell as a whole, a narrative figure as the
sentence that holds it (found by its printed text inside the paragraph's box, else the box
itself). A location that names only a page, and a finding that names no place at all, get a
note at the top of the page (the first page for the whole document). The Chinese message is the
annotation's note, so any PDF viewer shows it on hover or in its comments list; the colour says
the severity, and a 尾差 hint is light so that real errors stand out.

PyMuPDF is imported here only (the writer's PDF and the reader already depend on it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from juesuan.diagnostics import CheckReport, Finding, Location, Severity
from juesuan.render.findings import level_label

__all__ = ["SEVERITY_COLOURS", "ROUNDING_COLOUR", "annotate_pdf", "annotation_title", "page_pictures", "scanned_pages"]

#: stroke colours (RGB, 0–1) by severity
SEVERITY_COLOURS: dict[Severity, tuple[float, float, float]] = {
    Severity.ERROR: (0.94, 0.23, 0.23),
    Severity.WARNING: (1.0, 0.62, 0.0),
    Severity.INFO: (0.25, 0.55, 1.0),
}
#: a 尾差 hint: a light blue that does not compete with errors
ROUNDING_COLOUR = (0.78, 0.87, 1.0)

_SENTENCE_END = "。；！？;!?"
_NOTE_STEP = 22.0  # points between two notes at the top of one page


def annotation_title(finding: Finding) -> str:
    """The title of a finding's annotations: ``juesuan 错误 TX01`` (``尾差`` for rounding hints)."""
    return f"juesuan {level_label(finding)} {finding.rule_id}"


def _colour(finding: Finding) -> tuple[float, float, float]:
    return ROUNDING_COLOUR if finding.rounding else SEVERITY_COLOURS[finding.severity]


def _content(finding: Finding) -> str:
    parts = [finding.message]
    if finding.expected is not None and finding.actual is not None and finding.expected not in finding.message:
        parts.append(f"应为 {finding.expected}，实为 {finding.actual}")
    return "\n".join(parts)


@dataclass
class _Char:
    c: str
    rect: tuple[float, float, float, float]
    line: int


def _chars(page: Any, clip: Any) -> list[_Char]:
    """The printed characters inside ``clip`` in reading order, white space left out."""
    out: list[_Char] = []
    raw = page.get_text("rawdict", clip=clip)
    line_no = 0
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            line_no += 1
            for span in line.get("spans", ()):
                for char in span.get("chars", ()):
                    if char["c"].strip():
                        out.append(_Char(char["c"], tuple(char["bbox"]), line_no))
    return out


def _sentence_rects(page: Any, clip: Any, snippet: str) -> list[Any]:
    """The boxes (one per printed line) of the sentence in ``clip`` that contains ``snippet``."""
    import pymupdf

    needle = "".join(snippet.split())
    if not needle:
        return []
    chars = _chars(page, clip)
    text = "".join(ch.c for ch in chars)
    at = text.find(needle)
    if at < 0 and len(needle) > 12:  # a long quotation: its start is enough to find the sentence
        at = text.find(needle[:12])
        needle = needle[:12]
    if at < 0:
        return []
    start = at
    while start > 0 and text[start - 1] not in _SENTENCE_END:
        start -= 1
    end = at + len(needle)
    while end < len(text) and text[end - 1] not in _SENTENCE_END:
        end += 1
    rects: dict[int, Any] = {}
    for ch in chars[start:end]:
        r = pymupdf.Rect(ch.rect)
        rects[ch.line] = rects[ch.line] | r if ch.line in rects else r
    return list(rects.values())


def _place_rects(doc: Any, loc: Location) -> tuple[int, list[Any]] | None:
    """(0-based page, boxes to highlight) for a location with a page and a box."""
    import pymupdf

    if loc.page is None or loc.bbox is None or not 1 <= loc.page <= doc.page_count:
        return None
    index = loc.page - 1
    page = doc[index]
    box = pymupdf.Rect(loc.bbox)
    if box.is_empty:
        return None
    if loc.table is not None or not loc.text:  # a table cell (or a box with nothing to look for)
        return index, [box]
    rects = _sentence_rects(page, pymupdf.Rect(box.x0 - 2, box.y0 - 2, box.x1 + 2, box.y1 + 2), loc.text)
    if rects:
        return index, rects
    # a paragraph that runs onto the next page: the figure may be printed there
    if index + 1 < doc.page_count:
        following = doc[index + 1]
        rects = _sentence_rects(following, following.rect, loc.text)
        if rects and all(r.y1 < following.rect.height * 0.3 for r in rects):
            return index + 1, rects
    return index, [box]


def _highlight(page: Any, rects: list[Any], finding: Finding) -> None:
    colour = _colour(finding)
    if len(rects) == 1 and rects[0].height > 40:  # a tall box (a paragraph): a frame reads better than a fill
        annot = page.add_rect_annot(rects[0])
        annot.set_colors(stroke=colour)
        annot.set_border(width=1.2)
    else:
        annot = page.add_highlight_annot(quads=[r.quad for r in rects])
        annot.set_colors(stroke=colour)
        if finding.rounding:
            annot.set_opacity(0.6)
    annot.set_info(title=annotation_title(finding), subject=finding.rule_name, content=_content(finding))
    annot.update()


def _note(page: Any, slot: int, finding: Finding) -> None:
    import pymupdf

    x = 18.0 + slot * _NOTE_STEP
    point = pymupdf.Point(min(x, page.rect.width - 24), 12.0)
    annot = page.add_text_annot(point, _content(finding), icon="Comment")
    annot.set_colors(stroke=_colour(finding))
    annot.set_info(title=annotation_title(finding), subject=finding.rule_name, content=_content(finding))
    annot.update()


def _targets(findings: Iterable[Finding]) -> Iterable[Finding]:
    """The findings to draw, hints first, so that an error drawn on the same place lies on top."""
    return sorted((f for f in findings if f.waived is None), key=lambda f: (-_rank(f), 0))


def _rank(finding: Finding) -> int:
    return Severity.INFO.rank if finding.rounding else finding.severity.rank


def annotate_pdf(pdf: str | Path | bytes, report: CheckReport) -> bytes:
    """A copy of ``pdf`` (a path, or the bytes of a PDF) with the findings of ``report`` as annotations, as bytes."""
    import pymupdf

    doc = pymupdf.open(stream=pdf, filetype="pdf") if isinstance(pdf, bytes) else pymupdf.open(str(pdf), filetype="pdf")
    try:
        notes = [0] * doc.page_count  # notes already placed at the top of each page
        for finding in _targets(report.findings):
            drawn: set[tuple[int, tuple[float, ...]]] = set()
            noted: set[int] = set()
            for loc in finding.locations:
                placed = _place_rects(doc, loc)
                if placed is not None:
                    index, rects = placed
                    key = (index, tuple(round(v, 1) for r in rects for v in r))
                    if key in drawn:
                        continue
                    drawn.add(key)
                    _highlight(doc[index], rects, finding)
                elif loc.page is not None and 1 <= loc.page <= doc.page_count and loc.page - 1 not in noted:
                    noted.add(loc.page - 1)
            if not drawn and not noted:
                noted.add(0)  # a finding about the whole document: a note on the first page
            for index in sorted(noted):
                _note(doc[index], notes[index], finding)
                notes[index] += 1
        summary = report.summary
        first = doc[0]
        head = first.add_text_annot(
            pymupdf.Point(first.rect.width - 30, 12.0),
            f"juesuan 审核：错误 {summary.error}，警告 {summary.warning}，提示 {summary.info}（版式 {report.profile}）",
            icon="Note",
        )
        head.set_info(title="juesuan 审核结果", content=head.info.get("content", ""))
        head.update()
        return bytes(doc.tobytes(garbage=1, deflate=True))
    finally:
        doc.close()


def scanned_pages(report: CheckReport) -> list[int]:
    """The pages read by OCR (the reader says so with an RD08 hint on each: no text layer, read from the image)."""
    return sorted({loc.page for f in report.findings if f.rule_id == "RD08" and f.severity == Severity.INFO for loc in f.locations if loc.page})


def page_pictures(pdf: str | Path | bytes, report: CheckReport, pages: Iterable[int], dpi: int = 110) -> list[tuple[int, bytes]]:
    """PNG pictures of ``pages`` with the findings of ``report`` drawn on them (the boxes of
    :func:`annotate_pdf`), for showing scanned pages in a report page."""
    import pymupdf

    wanted = sorted(set(pages))
    if not wanted:
        return []
    marked = annotate_pdf(pdf, report)
    out = []
    with pymupdf.open(stream=marked, filetype="pdf") as doc:
        for number in wanted:
            if 1 <= number <= doc.page_count:
                out.append((number, doc[number - 1].get_pixmap(dpi=dpi, annots=True).tobytes("png")))
    return out
