"""Words into printed lines, in reading order, without running headers, footers and page numbers.

What counts is the page, not the order in which the file stores its text: words are grouped into
lines by where they stand (their bottoms), lines are ordered top to bottom and words left to
right, whatever order the content stream (and so PyMuPDF's blocks and lines) has them in.

Chinese has no spaces between words: PyMuPDF's word boundaries inside Chinese text are only
gaps (a number set in another font, letter-spaced 分散对齐 cells) or the pieces a file stored
apart. Words on one line are therefore joined without a space, except between two Latin letters
or digits that stand apart on the page (``Southwest University``); pieces of one number or word
that touch are joined as they are printed (``2,0`` + ``79.31``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from juesuan.ingest.pdf.document import PageContent, Word
from juesuan.record import Record

__all__ = ["Line", "drop_running", "join_texts", "join_words", "page_lines"]


@dataclass(repr=False)
class Line(Record):
    """A printed line of a PDF page: its box, text and size."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float  # the line's height, a stand-in for its font size
    page_width: float = 0.0
    page_height: float = 0.0
    segments: tuple[str, ...] = ()  # the line cut at wide gaps (单位：… on the left, 金额单位：… on the right)
    keys: tuple[tuple[int, int], ...] = ()  # PyMuPDF's (block, line) numbers of the words it is made of
    heading: bool = False  # a numbered line set in the headings' typeface (see the reader)

    @property
    def centered(self) -> bool:
        if not self.page_width:
            return False
        middle = (self.x0 + self.x1) / 2
        width = self.page_width
        return abs(middle - width / 2) < 0.03 * width and self.x0 > 0.2 * width and self.x1 < 0.8 * width

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2))


def _glue(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return " "
    return ""


def join_texts(parts: list[str]) -> str:
    """Pieces of one printed line (or of one cell) joined the way Chinese is written."""
    out = ""
    for part in parts:
        if not part:
            continue
        out += _glue(out, part) + part
    return out


def join_words(words: list[Word]) -> str:
    """Words printed side by side on one line, left to right, joined as the page shows them: a
    space only between two Latin letters or digits with a visible gap between them."""
    ordered = sorted(words, key=lambda w: w.x0)
    out = ""
    previous: Word | None = None
    for word in ordered:
        text = word.text
        if not text:
            continue
        if previous is not None and _glue(out, text):
            gap = word.x0 - previous.x1
            height = min(word.y1 - word.y0, previous.y1 - previous.y0)
            if gap <= 0.12 * height:
                out += text  # one word stored in pieces: no space of its own
                previous = word
                continue
        out += _glue(out, text) + text
        previous = word
    return out


def _size(words: list[Word]) -> float:
    """The font size of a printed line, estimated from its width: a Chinese character is as wide
    as the font is large, a Latin letter or digit about half (box heights are unreliable: a digit
    set in another font often has a much taller box)."""
    width = 0.0
    ems = 0.0
    for word in words:
        text = word.text
        chars = len(text) - 0.5 * len(text.encode("ascii", "ignore"))
        if chars:
            width += word.x1 - word.x0
            ems += chars
    return width / ems if ems else 0.0


def _place(box: tuple[float, float, float, list[Word]]) -> tuple[float, float]:
    return box[0], box[1]


def page_lines(content: PageContent, words: list[Word]) -> list[Line]:
    """The printed lines made of ``words`` (those outside tables), top to bottom."""
    if not words:
        return []
    units: dict[tuple[int, int], list[Word]] = {}
    for word in words:
        unit = units.get((word.block, word.line))
        if unit is None:
            units[(word.block, word.line)] = [word]
        else:
            unit.append(word)
    boxes = [
        (unit[0].y1, unit[0].x0, unit[0].x1, unit)
        if len(unit) == 1
        else (max([w.y1 for w in unit]), min([w.x0 for w in unit]), max([w.x1 for w in unit]), unit)
        for unit in units.values()
    ]
    boxes.sort(key=_place)
    # pieces of one printed line that PyMuPDF kept apart: same bottom, side by side. A piece may
    # reach a little into its neighbour: a full-width mark's box (“，”) is a whole em wide though
    # its glyph fills half, and the next piece set over its blank half still belongs to the line
    merged: list[list[Word]] = []
    extents: list[list[tuple[float, float]]] = []
    bottoms: list[float] = []
    for bottom, x0, x1, unit in boxes:
        size = _size(unit) or (unit[0].y1 - unit[0].y0)
        placed = False
        reach = max(1.0, 0.25 * size)
        for k in range(len(merged) - 1, max(len(merged) - 4, -1), -1):
            if abs(bottoms[k] - bottom) <= 0.35 * size and all(x1 <= a + reach or x0 >= b - reach for a, b in extents[k]):
                merged[k].extend(unit)
                extents[k].append((x0, x1))
                placed = True
                break
        if not placed:
            merged.append(list(unit))
            extents.append([(x0, x1)])
            bottoms.append(bottom)
    lines = []
    pieces: tuple[str, ...]
    keys: tuple[tuple[int, int], ...]
    for group in merged:
        if len(group) == 1:  # a line of one word (most lines of Chinese text): as below, made shorter
            word = group[0]
            size = _size(group) or (word.y1 - word.y0)
            box, text, pieces, keys = (word.x0, word.y0, word.x1, word.y1), word.text, (), ((word.block, word.line),)
        else:
            group.sort(key=lambda w: w.x0)
            size = _size(group) or (group[0].y1 - group[0].y0)
            segments: list[list[Word]] = [[]]
            for i, word in enumerate(group):
                if i and word.x0 - group[i - 1].x1 > 3 * size:
                    segments.append([])
                segments[-1].append(word)
            # x0: the least, the words being in order
            box = (group[0].x0, min([w.y0 for w in group]), max([w.x1 for w in group]), max([w.y1 for w in group]))
            text = join_words(group)
            pieces = tuple([join_words(seg) for seg in segments]) if len(segments) > 1 else ()
            keys = tuple(dict.fromkeys([(w.block, w.line) for w in group]))
        lines.append(Line(content.number, *box, text, size, content.width, content.height, pieces, keys))
    lines.sort(key=lambda ln: (round(ln.y1), ln.x0))
    return lines


_PAGE_NUMBER = re.compile(
    r"^(?:[-—－–]\s*\d{1,4}\s*[-—－–]|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[·•]\s*\d{1,4}\s*[·•])$"
)
_MARGIN = 0.08  # top and bottom share of the page where running heads and folios live


def _in_margin(line: Line, share: float = _MARGIN) -> bool:
    if not line.page_height:
        return False
    return line.y1 < share * line.page_height or line.y0 > (1 - share) * line.page_height


def drop_running(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove page numbers and the lines repeated in the margins of many pages."""
    shapes: Counter[str] = Counter()
    for lines in pages:
        seen = set()
        for line in lines:
            if _in_margin(line):
                shape = re.sub(r"\d+", "#", line.text.replace(" ", ""))
                if shape not in seen:
                    shapes[shape] += 1
                    seen.add(shape)
    repeated = {shape for shape, n in shapes.items() if n >= 3 and n >= len(pages) // 3}
    out = []
    for lines in pages:
        kept = []
        for i, line in enumerate(lines):
            compact = line.text.replace(" ", "")
            if _in_margin(line) and re.sub(r"\d+", "#", compact) in repeated:
                continue
            # a folio is the first or last line of its page, in the outer band of the page
            if (i == 0 or i == len(lines) - 1) and _PAGE_NUMBER.match(compact) and _in_margin(line, 0.16):
                continue
            kept.append(line)
        out.append(kept)
    return out
