"""Findings drawn onto a copy of the checked PDF, in the page content, so that they show in every
viewer and print.

The copy starts with a summary page (the document, the counts, a legend of the colours, and every
finding numbered, by page). Each page that has findings is widened by a margin on the right; each
finding there is a numbered note (level, rule, message, expected and actual), and the same number
marks its place on the page, joined to the note by a thin line. The place is tinted in the
finding's colour: a table cell as a whole, a narrative figure as the sentence that holds it (found by
its printed text inside the paragraph's box, else the box). Of a finding that names many cells (a
sum and its parts) only the first is tinted and the others are outlined, so that one 尾差 does not
colour a whole column. A 尾差 hint is light so that real errors stand out. A location that names a
page but no box, and a finding without a page, are noted in the margin of their page (the first
page for the whole document) and in the summary.

PyMuPDF is imported here only (the writer's PDF and the reader already depend on it); notes are set
in PyMuPDF's built-in Chinese font, embedded once and subset to the characters used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.diagnostics import CheckReport, Finding, Location, Severity
from juesuan.record import Record
from juesuan.render.findings import level_label

__all__ = ["MARGIN", "ROUNDING_COLOUR", "SEVERITY_COLOURS", "annotate_pdf", "annotation_title", "page_pictures", "scanned_pages"]

#: stroke colours (RGB, 0–1) by severity
SEVERITY_COLOURS: dict[Severity, tuple[float, float, float]] = {
    Severity.ERROR: (0.94, 0.23, 0.23),
    Severity.WARNING: (1.0, 0.62, 0.0),
    Severity.INFO: (0.25, 0.55, 1.0),
}
#: a 尾差 hint: a light blue that does not compete with errors
ROUNDING_COLOUR = (0.78, 0.87, 1.0)
#: the width (points) of the note margin added on the right of a page with findings
MARGIN = 210.0

_FONT = "cjk"  # PyMuPDF's built-in Droid Sans Fallback: embedded once, subset at the end
_SENTENCE_END = "。；！？;!?"
_NOTE_SIZE = 6.8
_HEAD_SIZE = 7.2


def annotation_title(finding: Finding) -> str:
    """The heading of a finding's note: ``juesuan 错误 TX01`` (``尾差`` for rounding hints)."""
    return f"juesuan {level_label(finding)} {finding.rule_id}"


def _colour(finding: Finding) -> tuple[float, float, float]:
    return ROUNDING_COLOUR if finding.rounding else SEVERITY_COLOURS[finding.severity]


def _ink(finding: Finding) -> tuple[float, float, float]:
    """The colour of a note's text: the finding's colour, darkened enough to read."""
    if finding.rounding:
        return (0.25, 0.42, 0.65)
    return tuple(v * 0.75 for v in SEVERITY_COLOURS[finding.severity])  # type: ignore[return-value]


@dataclass(repr=False)
class _Char(Record):
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




def _rank(finding: Finding) -> int:
    return Severity.INFO.rank if finding.rounding else finding.severity.rank


@dataclass(repr=False)
class _Note(Record):
    number: int
    finding: Finding
    page: int | None  # 0-based page of the original document (None: the whole document)
    marks: list[tuple[Any, bool]] = field(default_factory=list)  # (rect, tinted) on that page
    more_pages: list[int] = field(default_factory=list)  # other pages the finding is on (1-based)


class _Text:
    """Text for one page, written with one font (embedded once per document) per colour."""

    def __init__(self, page: Any, font: Any) -> None:
        self.page, self.font = page, font
        self.writers: dict[tuple[float, float, float], Any] = {}

    def put(self, x: float, y: float, text: str, size: float, color: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> None:
        import pymupdf

        writer = self.writers.get(color)
        if writer is None:
            writer = self.writers[color] = pymupdf.TextWriter(self.page.rect, color=color)
        writer.append(pymupdf.Point(x, y), text, font=self.font, fontsize=size)

    def commit(self) -> None:
        for writer in self.writers.values():
            writer.write_text(self.page)
        self.writers.clear()


_ADVANCE: dict[str, float] = {}  # a character's width at size 1 in the note font


def _width(font: Any, text: str, size: float) -> float:
    total = 0.0
    for ch in text:
        advance = _ADVANCE.get(ch)
        if advance is None:
            advance = _ADVANCE[ch] = font.glyph_advance(ord(ch))
        total += advance
    return total * size


def _wrap(font: Any, text: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (Chinese breaks anywhere)."""
    lines: list[str] = []
    limit = width / size
    for para in text.split("\n"):
        line, used = "", 0.0
        for ch in para:
            advance = _ADVANCE.get(ch)
            if advance is None:
                advance = _ADVANCE[ch] = font.glyph_advance(ord(ch))
            if used + advance > limit and line:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += advance
        lines.append(line)
    return lines


def _plan(doc: Any, findings: Sequence[Finding]) -> list[_Note]:
    """Each finding as a numbered note on its first page, with the places to mark on each page."""
    located: list[tuple[int, float, Finding, dict[int, list[tuple[Any, bool]]]]] = []
    for finding in findings:
        per_page: dict[int, list[tuple[Any, bool]]] = {}
        pages: set[int] = set()
        many = len(finding.locations) > 2
        drawn: set[tuple[int, tuple[float, ...]]] = set()
        for i, loc in enumerate(finding.locations):
            placed = _place_rects(doc, loc)
            if placed is not None:
                index, rects = placed
                key = (index, tuple(round(v, 1) for r in rects for v in r))
                if key in drawn:
                    continue
                drawn.add(key)
                tinted = not many or i == 0 or loc.table is None
                per_page.setdefault(index, []).extend((r, tinted) for r in rects)
            elif loc.page is not None and 1 <= loc.page <= doc.page_count:
                pages.add(loc.page - 1)
        pages.update(per_page)
        first = min(pages) if pages else -1
        top = min((r.y0 for r, _ in per_page.get(first, [])), default=0.0)
        located.append((first, top, finding, per_page))
    located.sort(key=lambda item: (item[0], item[1], _rank(item[2])))
    notes: list[_Note] = []
    for number, (first, _, finding, per_page) in enumerate(located, 1):
        note = _Note(number, finding, first if first >= 0 else None)
        note.marks = per_page.get(first, [])
        note.more_pages = sorted(p + 1 for p in per_page if p != first)
        notes.append(note)
        for other, marks in per_page.items():
            if other != first:  # the same finding on another page: marked there too, under its number
                notes.append(_Note(number, finding, other, marks, [first + 1]))
    return notes


def _tint(shape: Any, rect: Any, finding: Finding, tinted: bool) -> None:
    colour = _colour(finding)
    if tinted and rect.height <= 40:
        shape.draw_rect(rect)
        shape.finish(color=None, fill=colour, fill_opacity=0.22 if finding.rounding else 0.3)
    else:  # a paragraph's box, or one of many cells: outlined, not filled
        shape.draw_rect(rect)
        shape.finish(color=colour, width=0.8, stroke_opacity=0.9)


def _tag(shape: Any, font: Any, text_out: _Text, at: Any, number: int, finding: Finding) -> Any:
    """A small numbered tag at ``at`` (the top right of a marked place); returns its rect."""
    import pymupdf

    text = str(number)
    width = _width(font, text, 6.5) + 4
    rect = pymupdf.Rect(at.x, at.y - 8, at.x + width, at.y)
    shape.draw_rect(rect)
    shape.finish(color=None, fill=_ink(finding), fill_opacity=0.95)
    text_out.put(rect.x0 + 2, rect.y1 - 1.6, text, 6.5, (1.0, 1.0, 1.0))
    return rect


def _note_text(note: _Note, numbers: dict[str, int] | None = None) -> tuple[str, str]:
    finding = note.finding
    numbers = numbers or {}
    head = f"{note.number}  {level_label(finding)} {finding.rule_id}"
    body = finding.message
    if finding.expected is not None and finding.actual is not None and finding.expected not in finding.message:
        body += f"（应为 {finding.expected}，实为 {finding.actual}）"
    if finding.consequence_of and finding.consequence_of in numbers:
        body += f"（由第 {numbers[finding.consequence_of]} 条所指的错数引起）"
    caused = [numbers[c] for c in finding.consequences if c in numbers]
    if caused:
        body += f"（改正后随之消除第 {'、'.join(str(n) for n in sorted(caused))} 条）"
    if note.more_pages:
        body += f"（另见第{'、'.join(str(p) for p in note.more_pages)}页）"
    if finding.waived:
        body += f"（已豁免：{finding.waived}）"
    return head, body


def _draw_page(page: Any, font: Any, notes: Sequence[_Note], width: float, margin: bool, numbers: dict[str, int]) -> int:
    """Tint, tag and (with ``margin``) write the notes of one page; returns how many notes did not fit."""
    import pymupdf

    shape = page.new_shape()
    for note in sorted(notes, key=lambda n: -_rank(n.finding)):  # hints first: errors lie on top
        for rect, tinted in note.marks:
            _tint(shape, rect, note.finding, tinted)
    shape.commit()
    anchors: dict[int, Any] = {}
    text_out = _Text(page, font)
    tags = page.new_shape()
    for note in notes:
        if note.marks:
            first = note.marks[0][0]
            anchors[note.number] = _tag(tags, font, text_out, pymupdf.Point(min(first.x1, width - 12), max(first.y0, 9)), note.number, note.finding)
    tags.commit()
    if not margin:
        text_out.commit()
        return 0
    x0 = width + 8
    text_width = MARGIN - 16
    y = 18.0
    bottom = page.rect.height - 12
    page.draw_line(pymupdf.Point(width + 2, 8), pymupdf.Point(width + 2, page.rect.height - 8), color=(0.8, 0.8, 0.8), width=0.5)
    left = 0
    order = sorted(notes, key=lambda n: (anchors[n.number].y0 if n.number in anchors else 0.0, n.number))
    for i, note in enumerate(order):
        head, body = _note_text(note, numbers)
        lines = _wrap(font, body, _NOTE_SIZE, text_width)
        height = _HEAD_SIZE + 2 + len(lines) * (_NOTE_SIZE + 1.6) + 5
        anchor = anchors.get(note.number)
        top = max(y, (anchor.y0 - 4) if anchor is not None else y)
        if top + height > bottom:
            top = y
        if top + height > bottom:
            left = len(order) - i
            text_out.put(x0, bottom, f"（另有 {left} 条说明见首页的审核摘要）", _NOTE_SIZE, (0.3, 0.3, 0.3))
            break
        ink = _ink(note.finding)
        text_out.put(x0, top + _HEAD_SIZE, head, _HEAD_SIZE, ink)
        cursor = top + _HEAD_SIZE + 2
        for line in lines:
            cursor += _NOTE_SIZE + 1.6
            text_out.put(x0, cursor, line, _NOTE_SIZE, (0.15, 0.15, 0.15))
        if anchor is not None:  # the callout line from the tag to its note
            page.draw_line(pymupdf.Point(anchor.x1, anchor.y0 + 4), pymupdf.Point(x0 - 3, top + 4), color=_colour(note.finding), width=0.5, dashes="[2 2] 0", stroke_opacity=0.8)
        y = cursor + 5
    text_out.commit()
    return left


def _widen(page: Any) -> bool:
    """Add the note margin on the right of ``page``; False when the page cannot be widened safely
    (rotated, or cropped inside its media box: its coordinates would move)."""
    import pymupdf

    media, crop = page.mediabox, page.cropbox
    if page.rotation or abs(media.x0 - crop.x0) > 0.5 or abs(media.y0 - crop.y0) > 0.5 or abs(media.x1 - crop.x1) > 0.5 or abs(media.y1 - crop.y1) > 0.5:
        return False
    page.set_mediabox(pymupdf.Rect(media.x0, media.y0, media.x1 + MARGIN, media.y1))
    return True


def _summary_pages(doc: Any, font: Any, report: CheckReport, notes: Sequence[_Note], overflow: dict[int, int], numbers: dict[str, int]) -> int:
    """The summary at the front: the document, counts, legend, and every finding by number."""
    import pymupdf

    width, height = (doc[0].rect.width, doc[0].rect.height) if doc.page_count else (595.0, 842.0)
    width = max(width, 420.0)
    pages: list[Any] = []
    writers: list[_Text] = []

    def new_page() -> tuple[Any, _Text]:
        if writers:  # a page object does not survive the insertion of another page: finish it first
            writers[-1].commit()
        page = doc.new_page(pno=len(pages), width=width, height=height)
        pages.append(page)
        writers.append(_Text(page, font))
        return page, writers[-1]

    page, out = new_page()
    x, right = 48.0, width - 48.0
    y = 60.0
    s = report.summary
    out.put(x, y, "juesuan 审核结果", 16)
    y += 24
    about = [
        f"{report.department or '（未识别单位）'} {report.year or ''} 年度{report.kind or '部门决算'} · 版式 {report.profile}",
        f"文件：{report.source}",
        f"错误 {s.error}　警告 {s.warning}　提示 {s.info}（其中尾差 {sum(1 for f in report.findings if f.rounding)}）",
        f"规则：通过 {s.rules_passed}　未通过 {s.rules_failed}　不适用 {s.rules_not_applicable}　无法检查 {s.rules_could_not_check}",
    ]
    for line in about:
        for part in _wrap(font, line, 9, right - x):
            out.put(x, y, part, 9)
            y += 13
    y += 6
    out.put(x, y, "图例", 10)
    y += 6
    legend = [
        (SEVERITY_COLOURS[Severity.ERROR], "错误：数字或文字确有不符，需要更正"),
        (SEVERITY_COLOURS[Severity.WARNING], "警告：很可能有问题，请核实"),
        (SEVERITY_COLOURS[Severity.INFO], "提示：值得一看"),
        (ROUNDING_COLOUR, "尾差：四舍五入可以解释的差额，一般无须更正"),
    ]
    for colour, label in legend:
        box = pymupdf.Rect(x, y + 3, x + 22, y + 12)
        page.draw_rect(box, color=None, fill=colour, fill_opacity=0.5)
        out.put(x + 28, y + 11, label, 8.5)
        y += 14
    explain = (
        "各页右侧加宽的页边写着该页的问题说明，编号与页内同号的标记对应（虚线相连）；问题所在的单元格或句子按级别着色，"
        "一个问题涉及多个单元格（如合计与各项）时，只有第一个着色，其余加框。页码为原文件的页码。"
    )
    y += 4
    for part in _wrap(font, explain, 8, right - x):
        out.put(x, y + 8, part, 8, (0.3, 0.3, 0.3))
        y += 11
    y += 14
    out.put(x, y, "问题清单", 10)
    y += 8
    first: dict[int, _Note] = {}
    for note in notes:
        first.setdefault(note.number, note)
    by_id = {n.finding.id: n for n in first.values() if n.finding.id}
    listed: list[tuple[_Note, int]] = []  # (note, indent): a culprit's consequences under it
    for number in sorted(first):
        note = first[number]
        parent = note.finding.consequence_of
        if parent and parent in by_id:
            continue
        listed.append((note, 0))
        listed.extend((by_id[c], 14) for c in note.finding.consequences if c in by_id)
    for note, indent in listed:
        where = f"第{note.page + 1}页" if note.page is not None else "全文"
        head, body = _note_text(note, numbers)
        lines = _wrap(font, f"{where}　{body}", 8, right - x - 80 - indent)
        need = len(lines) * 11 + 4
        if y + need > height - 40:
            page, out = new_page()
            y = 50.0
        out.put(x + indent, y + 9, ("└ " if indent else "") + head, 8, _ink(note.finding))
        for part in lines:
            out.put(x + 80 + indent, y + 9, part, 8)
            y += 11
        y += 4
    if overflow:
        left = "；".join(f"第{p + 1}页 {n} 条" for p, n in sorted(overflow.items()))
        out.put(x, min(y + 14, height - 30), f"页边写不下、只在上面列出的说明：{left}", 8, (0.3, 0.3, 0.3))
    writers[-1].commit()
    return len(pages)


def annotate_pdf(pdf: str | Path | bytes, report: CheckReport, *, summary: bool = True, margin: bool = True) -> bytes:
    """A copy of ``pdf`` (a path, or the bytes of a PDF) with the findings of ``report`` drawn in, as
    bytes: a summary page first (``summary``), notes in a widened right margin (``margin``)."""
    import pymupdf

    doc = pymupdf.open(stream=pdf, filetype="pdf") if isinstance(pdf, bytes) else pymupdf.open(str(pdf), filetype="pdf")
    try:
        font = pymupdf.Font(_FONT)
        findings = [f for f in report.findings if f.waived is None]
        notes = _plan(doc, findings)
        numbers = {n.finding.id: n.number for n in notes if n.finding.id}
        by_page: dict[int, list[_Note]] = {}
        for note in notes:
            by_page.setdefault(note.page if note.page is not None else 0, []).append(note)
        overflow: dict[int, int] = {}
        for index, page_notes in sorted(by_page.items()):
            page = doc[index]
            width = page.rect.width
            widened = margin and _widen(page)
            left = _draw_page(page, font, page_notes, width, widened, numbers)
            if left or (margin and not widened):
                overflow[index] = left or len(page_notes)
        if summary:
            _summary_pages(doc, font, report, notes, overflow, numbers)
        if notes or summary:
            doc.subset_fonts()
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
    marked = annotate_pdf(pdf, report, summary=False)
    out = []
    with pymupdf.open(stream=marked, filetype="pdf") as doc:
        for number in wanted:
            if 1 <= number <= doc.page_count:
                out.append((number, doc[number - 1].get_pixmap(dpi=dpi, annots=True).tobytes("png")))
    return out
