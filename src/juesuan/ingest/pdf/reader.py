"""The PDF reader: pages → printed lines and ruled tables → the shared :class:`Pieces`.

What this module decides, and nothing more: which lines are the cover and the table of
contents, which ruled table belongs to which title (with its 单位/金额单位 lines and its notes),
which table continues on the next page (with or without a repeated header), and which lines are
body text. Which header row means which column, codes in one or three columns, wrapped names,
合计 at the top or the bottom — all that is decided by :mod:`juesuan.ingest.common`, the same way
as for the seed's text form.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.diagnostics import ReadError, Severity
from juesuan.ingest.common.assemble import Pieces, assemble, refuse_non_document
from juesuan.ingest.common.block import TableBlock, starts_section
from juesuan.ingest.common.grid import GridCell
from juesuan.ingest.common.narrative import TOC_TITLES, TextLine, numbering, toc_key
from juesuan.ingest.common.text import clean, compact
from juesuan.ingest.common.titles import match_table_title, parse_number_line, parse_unit_line, parse_year_line
from juesuan.ingest.pdf.document import (
    MAX_CONTENT,
    PageContent,
    Word,
    content_too_large,
    line_fonts,
    open_pdf,
    page_rules,
    page_words,
    pymupdf_module,
)
from juesuan.ingest.pdf.layout import Line, drop_running, join_texts, join_words, page_lines
from juesuan.ingest.pdf.ruling import Cell, Frame, find_frames
from juesuan.ingest.problems import report
from juesuan.ingest.result import ReadResult
from juesuan.model.codes import Catalogue
from juesuan.model.provenance import Source
from juesuan.model.tables import TableKind
from juesuan.record import Record

__all__ = ["document_pieces", "pdf_pieces", "read_pdf"]


def read_pdf(path: str | Path, catalogue: Catalogue, max_pages: int | None = None) -> ReadResult:
    """Read a 部门决算 PDF (with a text layer) into a report and reading findings."""
    pieces = pdf_pieces(path, max_pages=max_pages)
    report, findings = assemble(pieces, catalogue)
    return ReadResult(report=report, findings=findings)


# ---- pages ---------------------------------------------------------------------------------------

_NUMERIC = re.compile(r"^[-−(（]?\d[\d,，]*(?:\.\d+)?[)）%]?$")


def _may_hold_table(content: PageContent) -> tuple[bool, list[Line] | None]:
    """Figures on the page, or a line that is a table's title (lines as the page shows them);
    with the page's lines when they were made to tell (the page's lines, if it has no table)."""
    numeric = 0
    for word in content.words:
        if _NUMERIC.match(word.text):
            numeric += 1
            if numeric >= 3:
                return True, None
    lines = page_lines(content, content.words)
    return any(match_table_title(text) is not None for line in lines for text in (line.text, *line.segments)), lines


@dataclass(repr=False)
class _Page(Record):
    """A page with its ruled frames and the lines outside them."""

    content: PageContent
    frames: list[Frame] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def _cell_text(words: list[Word]) -> str:
    if not words:
        return ""
    if len(words) == 1:
        return words[0].text
    words = sorted(words, key=lambda w: (w.yc, w.x0))
    rows: list[list[Word]] = []
    for word in words:
        if rows:
            last = rows[-1][-1]
            height = min(last.y1 - last.y0, word.y1 - word.y0)
            if abs(word.yc - last.yc) <= 0.5 * height:
                rows[-1].append(word)
                continue
        rows.append([word])
    texts = []
    for row in rows:
        texts.append(join_words(row))
    return join_texts(texts)


def _split_word(page: Any, word: Word, frame: Frame) -> list[tuple[Cell, Word]] | None:
    """A word printed across a cell border, cut at the border using its characters' boxes."""
    pymupdf = pymupdf_module()

    try:
        raw = page.get_text("rawdict", clip=pymupdf.Rect(word.x0 - 0.5, word.y0 - 0.5, word.x1 + 0.5, word.y1 + 0.5))
    except Exception:
        return None
    parts: dict[int, tuple[Cell, list[tuple[float, float, float, float, str]]]] = {}
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            for span in line.get("spans", ()):
                for char in span.get("chars", ()):
                    x0, y0, x1, y1 = char["bbox"]
                    cell = frame.cell_at((x0 + x1) / 2, (y0 + y1) / 2)
                    if cell is None or not char["c"].strip():
                        continue
                    parts.setdefault(id(cell), (cell, []))[1].append((x0, y0, x1, y1, char["c"]))
    if len(parts) < 2:
        return None
    out = []
    for cell, chars in parts.values():
        chars.sort()
        out.append(
            (
                cell,
                Word(
                    min(c[0] for c in chars),
                    min(c[1] for c in chars),
                    max(c[2] for c in chars),
                    max(c[3] for c in chars),
                    "".join(c[4] for c in chars),
                    word.block,
                    word.line,
                ),
            )
        )
    return out


def _fill(page: Any, frame: Frame, words: list[Word]) -> list[Word]:
    """Put the words inside ``frame`` into its cells; return the words outside it."""
    outside = []
    xs, ys = frame.xs, frame.ys
    # inside the frame (1 pt of slack), then Frame.row_of / column_of written out: this runs for
    # every word of every ruled page
    x_from, x_to, y_from, y_to = xs[0] - 1.0, xs[-1] + 1.0, ys[0] - 1.0, ys[-1] + 1.0
    last_row, last_column = len(ys) - 2, len(xs) - 2
    for word in words:
        xc, yc = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
        if not (x_from <= xc <= x_to and y_from <= yc <= y_to):
            outside.append(word)
            continue
        row = min(max(bisect_right(ys, yc) - 1, 0), last_row)
        first = min(max(bisect_right(xs, word.x0 + 1.0) - 1, 0), last_column)
        last = min(max(bisect_right(xs, word.x1 - 1.0) - 1, 0), last_column)
        column = first
        if first != last:  # the word reaches into the next column: printed across a border?
            left, right = frame.anchor.get((row, first)), frame.anchor.get((row, last))
            if left is not None and right is not None and left is not right and word.x1 - right.x0 > 2.0 and left.x1 - word.x0 > 2.0:
                pieces = _split_word(page, word, frame)
                if pieces:
                    for part_cell, piece in pieces:
                        part_cell.words.append(piece)
                    continue
            column = frame.column_of(word.xc)
        home = frame.anchor.get((row, column))
        if home is not None:
            home.words.append(word)
    return outside


# ---- tables as they are collected ----------------------------------------------------------------


@dataclass(repr=False)
class _Table(TableBlock):
    """A table block of a PDF, with the ruled frames its rows were read from."""

    frames: list[Frame] = field(default_factory=list)


def _frame_rows(frame: Frame, file: str, colmap: list[int] | None, width: int) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = []
    # the grid as sources give boxes (rounded once: every cell's sides are lines of the grid)
    xs = [round(x, 2) for x in frame.xs]
    ys = [round(y, 2) for y in frame.ys]
    at = Source.quick(file=file, page=frame.page).at  # each cell's source is this one with its box and text
    anchor = frame.anchor
    columns = range(len(xs) - 1)
    for r in range(len(ys) - 1):
        texts: list[list[str] | None] = [None] * width  # each column's texts, None where it has none
        firsts: list[Cell | None] = [None] * width  # the first cell read into each column gives its box
        for c in columns:
            cell = anchor.get((r, c))
            if cell is None or cell.r0 != r or cell.c0 != c:
                continue
            j = colmap[c] if colmap is not None else c
            if j >= width:
                continue
            text = _cell_text(cell.words)
            if text:
                parts = texts[j]
                if parts is None:
                    texts[j] = [text]
                else:
                    parts.append(text)
            if firsts[j] is None:
                firsts[j] = cell
        if not any(texts):
            continue
        row = []
        for j in range(width):
            parts = texts[j]
            text = "" if parts is None else parts[0] if len(parts) == 1 else join_texts(parts)
            cell = firsts[j]
            bbox = (xs[cell.c0], ys[cell.r0], xs[cell.c1 + 1], ys[cell.r1 + 1]) if cell is not None else (xs[0], ys[r], xs[-1], ys[r + 1])
            row.append(GridCell(text, at(bbox=bbox, text=text)))
        rows.append(row)
    return rows


def _compatible(base: Frame, frame: Frame) -> bool:
    width = base.x1 - base.x0
    return abs(frame.x0 - base.x0) <= 0.05 * width + 3 and abs(frame.x1 - base.x1) <= 0.05 * width + 3


def _colmap(base: Frame, frame: Frame) -> list[int] | None:
    if len(base.xs) == len(frame.xs) and all(abs(a - b) <= 3 for a, b in zip(base.xs, frame.xs, strict=True)):
        return None
    return [base.column_of(frame.xs[c] + 1.0) for c in range(len(frame.xs) - 1)]


def _add_frame(table: _Table, frame: Frame, file: str) -> None:
    """A frame's rows into the table: its first, or one that continues it (read in the first
    frame's columns)."""
    base = table.frames[0] if table.frames else frame
    table.frames.append(frame)
    table.add_rows(_frame_rows(frame, file, _colmap(base, frame), len(base.xs) - 1), continued=base is not frame)


# ---- the walk over the document ------------------------------------------------------------------


def _structural(line: Line) -> bool:
    """A line that ends a table block (the same rule as the text reader, so that the text form
    written from a PDF reads back the same): a heading, a table title, a part, or a short 一、."""
    text = clean(line.text)
    if not text:
        return False
    if line.heading or match_table_title(text) is not None:
        return True
    return starts_section(text)


def _is_meta(text: str) -> bool:
    text = clean(text)
    return bool(parse_unit_line(text) or parse_number_line(text) or parse_year_line(text))


def _part(line: Line, text: str) -> Line:
    """One segment of a printed line, as a line of its own (it keeps the line's place)."""
    return Line(line.page, line.x0, line.y0, line.x1, line.y1, text, line.size, line.page_width, line.page_height)


def _source(file: str, line: Line, text: str | None = None) -> Source:
    return Source.quick(file=file, page=line.page, bbox=line.bbox, text=line.text if text is None else text)


@dataclass(repr=False)
class _Walk(Record):
    """The PDF reader going through the pages: the table being read, and what it is reading."""

    file: str
    pieces: Pieces
    table: _Table | None = None
    mode: str = ""  # "meta" (title seen), "rows" (frames seen), "notes" (lines after the frames)

    def body(self, line: Line) -> None:
        # ``line.heading``: a numbered line set in a typeface other than the body text's (see
        # :func:`_mark_headings`); other headings are told by their numbering, in the narrative builder
        text = clean(line.text)
        if text:
            self.pieces.body.append(TextLine(text, _source(self.file, line, text), heading=line.heading))

    def close(self, at_end: bool = False) -> None:
        table = self.table
        self.table = None
        self.mode = ""
        if table is None:
            return
        if isinstance(table.kind, TableKind) and not table.frames:
            report(self.pieces, "RD06", [table.title_source.at(table=table.kind.value)], table=table.kind.value)
        table.finish(self.pieces, at_end and not table.notes)

    def meta(self, line: Line) -> bool:
        """Take a line between a title and its table; ``False`` if it ends the table instead."""
        table = self.table
        if table is None:  # pragma: no cover - only called inside a table block
            return False
        text = clean(line.text)
        return table.take_line(text, _source(self.file, line, text), lambda: _structural(line))

    def line(self, line: Line) -> None:
        kind = match_table_title(line.text)
        rest: tuple[str, ...] = ()
        if kind is None and line.segments:
            # a title with its 表号 or 单位 printed on the same line, far to the right
            kind = match_table_title(line.segments[0])
            rest = line.segments[1:]
        if kind is not None:
            self.close()
            title = clean(line.text if not rest else line.segments[0])
            self.table = _Table(kind=kind, title=title, title_source=_source(self.file, line, title))
            self.mode = "meta"
            for text in rest:
                self.meta(_part(line, text))
            return
        if self.table is not None:
            if self.mode == "meta":
                if line.segments and all(_is_meta(text) for text in line.segments):
                    for text in line.segments:
                        self.meta(_part(line, text))
                    return
                if self.meta(line):
                    return
                self.close()
            elif _structural(line):
                self.close()
            else:
                text = clean(line.text)
                self.table.notes.append((text, _source(self.file, line, text)))
                self.mode = "notes"
                return
        self.body(line)

    def frame(self, frame: Frame) -> None:
        table = self.table
        if table is not None and self.mode == "meta":
            _add_frame(table, frame, self.file)
            self.mode = "rows"
            return
        if table is not None and self.mode == "rows" and table.frames and _compatible(table.frames[0], frame):
            _add_frame(table, frame, self.file)
            return
        self.close()
        # a ruled table with no standard title (单位构成, a list of projects): its rows are text
        for row in _frame_rows(frame, self.file, None, len(frame.xs) - 1):
            cells = [c for c in row if clean(c.text)]
            if not cells:
                continue
            text = " ".join(clean(c.text) for c in cells)
            box = cells[0].source.bbox
            last = cells[-1].source.bbox
            bbox = (box[0], box[1], last[2], last[3]) if box and last else None
            self.pieces.body.append(TextLine(text, Source.quick(file=self.file, page=frame.page, bbox=bbox, text=text)))


# ---- cover and table of contents -----------------------------------------------------------------


def _cut_front(lines: list[Line]) -> tuple[int, int, int]:
    """(end of cover, end of table of contents, start of body) as indices into ``lines``."""
    toc_at = None
    for i, line in enumerate(lines[:200]):
        if line.page > 4:
            break
        if compact(line.text) in TOC_TITLES:
            toc_at = i
            break
    if toc_at is None:
        i = 0
        while i < len(lines) and i < 6 and lines[i].page == 1:
            text = clean(lines[i].text)
            if match_table_title(text) is not None or (numbering(text) is not None and len(text) > 4):
                break
            i += 1
        return i, i, i
    first = toc_at + 1
    if first >= len(lines):
        return toc_at, len(lines), len(lines)
    key = toc_key(compact(lines[first].text))
    for j in range(first + 1, len(lines)):
        if compact(lines[j].text).startswith(key):
            return toc_at, j, j
    return toc_at, first, first


def _cover(lines: list[Line]) -> list[Line]:
    """Cover lines, a department name set over two lines (``上海市普陀区规划和自然`` /
    ``资源局``) joined: the second part starts with no digit and is set in the same size."""
    out: list[Line] = []
    for line in lines:
        text = clean(line.text)
        if not text:
            continue
        if out:
            prev = out[-1]
            if (
                prev.page == line.page
                and not re.search(r"\d", prev.text)
                and not text[0].isdigit()
                and abs(line.size - prev.size) <= 0.15 * prev.size
                and 0 < line.y1 - prev.y1 <= 2.5 * prev.size
            ):
                out[-1] = Line(prev.page, min(prev.x0, line.x0), prev.y0, max(prev.x1, line.x1), line.y1, prev.text + text, prev.size, prev.page_width, prev.page_height)
                continue
        out.append(line)
    return out


def _join_split_headings(lines: list[Line]) -> list[Line]:
    """A 第N部分 heading whose title continues on the next printed line becomes one line."""
    out: list[Line] = []
    for line in lines:
        if out:
            prev = out[-1]
            num = numbering(clean(prev.text))
            if (
                num is not None
                and num[0] == 0
                and prev.page == line.page
                and 0 < line.y1 - prev.y1 <= 2.5 * max(prev.size, line.size)
                and (not num[2] or line.centered)
                and numbering(clean(line.text)) is None
                and match_table_title(line.text) is None
                and len(clean(line.text)) <= 30
                and not clean(line.text).endswith("。")
            ):
                glue = " " if not num[2] else ""
                out[-1] = Line(
                    page=prev.page,
                    x0=min(prev.x0, line.x0),
                    y0=prev.y0,
                    x1=max(prev.x1, line.x1),
                    y1=line.y1,
                    text=prev.text + glue + line.text,
                    size=prev.size,
                    page_width=prev.page_width,
                    page_height=prev.page_height,
                    keys=prev.keys + line.keys,
                )
                continue
        out.append(line)
    return out


def _margins(lines: list[Line]) -> tuple[float, float]:
    """The left and right edges of the running text on pages of one width."""
    long = [ln for ln in lines if len(ln.text) >= 12]
    if not long:
        return 0.0, 0.0
    lefts = Counter(round(ln.x0) for ln in long)
    common = [x for x, n in lefts.items() if n >= max(2, lefts.most_common(1)[0][1] // 3)]
    left = min(common or lefts)  # a page with one long line has no repeated margin
    rights = sorted(ln.x1 for ln in long)
    return left, rights[int(0.9 * (len(rights) - 1))]


def _reflow(pages: list[_Page]) -> None:
    """Join the printed lines of a paragraph into one line, across page breaks too.

    A line continues on the next when the next starts at the left edge of the text, unnumbered (a
    new paragraph is indented; a heading or title is numbered, short or centred), and the line
    either runs (nearly: Chinese line breaking leaves a ragged edge) to the right edge or stops
    in the middle of a sentence.
    Tables stop a paragraph. The joined line keeps the place of its first printed line.
    """
    by_width: dict[int, list[Line]] = {}
    for entry in pages:
        by_width.setdefault(round(entry.content.width), []).extend(entry.lines)
    margins = {width: _margins(lines) for width, lines in by_width.items()}
    previous: Line | None = None  # the last line before the current one, if nothing stood between
    previous_page: _Page | None = None
    last_right = 0.0  # where the last printed line of ``previous`` ends
    last_line: Line | None = None  # that printed line
    for entry in pages:
        left, right = margins.get(round(entry.content.width), (0.0, 0.0))
        top_frame = min((f.y0 for f in entry.frames), default=None)
        kept: list[Line] = []
        for index, line in enumerate(entry.lines):
            if (
                previous is not None
                and right > left
                and (last_right >= right - 4 * previous.size or not clean(previous.text).endswith(_SENTENCE_END))
                and line.x0 <= left + 0.5 * line.size
                and not _starts_item(line)
                and not _stands_alone(previous)
                and not _stands_alone(line)
                and (index > 0 or top_frame is None or top_frame > line.y1)
                and last_line is not None
                and _continues(last_line, previous_page, entry, index)
            ):
                previous.text = join_texts([previous.text, line.text])
                if previous.page == line.page:
                    previous.x0 = min(previous.x0, line.x0)
                    previous.x1 = max(previous.x1, line.x1)
                    previous.y1 = max(previous.y1, line.y1)
                last_right = line.x1
                last_line = line
                previous_page = entry
                continue
            kept.append(line)
            previous = line
            previous_page = entry
            last_right = line.x1
            last_line = line
        entry.lines = kept


_SENTENCE_END = ("。", "；", "！", "？", "：", ":", ";")


def _stands_alone(line: Line) -> bool:
    """A centred line, a heading, a table title or a 单位/表号/年度 line is never part of a paragraph."""
    text = clean(line.text)
    return (
        line.centered
        or line.heading
        or any(_is_meta(segment) or match_table_title(segment) is not None for segment in line.segments)
        or match_table_title(text) is not None
        or parse_unit_line(text) is not None
        or parse_number_line(text) is not None
        or parse_year_line(text) is not None
    )


def _starts_item(line: Line) -> bool:
    """A numbered line (a part, a section, a list item) or a table title starts something new."""
    return numbering(clean(line.text)) is not None or match_table_title(line.text) is not None


def _continues(previous: Line, previous_page: _Page | None, entry: _Page, index: int) -> bool:
    """No table between the printed line ``previous`` and the line at ``index`` of ``entry``."""
    if previous_page is None:
        return False
    if previous_page is entry:
        line = entry.lines[index]
        return not any(previous.y1 <= f.y0 and f.y1 <= line.y1 + 1 for f in entry.frames)
    if index != 0 or entry.content.number != previous_page.content.number + 1:
        return False
    return not any(f.y0 >= previous.y1 for f in previous_page.frames)


_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|元|%)")


def _mark_headings(pages: list[_Page]) -> None:
    """Mark the numbered lines whose Chinese text is set in another typeface than the body text.

    Documents set their headings in 黑体/楷体 or in bold and the running text in 仿宋/宋体; a text
    converter turns exactly those lines into headings (the seed's ``### （一）总体情况。``). A
    numbered line in the body's typeface is left to the numbering rules of the narrative builder,
    so a document that sets everything in one face reads as before. The body's typeface is the one
    most of the text outside tables is set in, on the pages that hold numbered lines."""
    candidates: list[tuple[_Page, Line]] = []
    for entry in pages:
        for line in entry.lines:
            text = clean(line.text)
            if not line.keys or len(text) > 80 or match_table_title(text) is not None:
                continue
            num = numbering(text)
            if num is None or num[0] == 0:
                continue
            if num[0] in (1, 2) and len(text) <= 40 and not text.endswith(("。", "；")) and not _FIGURE.search(text):
                continue  # a heading by its numbering alone (the narrative builder's rule): no need to ask its font
            candidates.append((entry, line))
    if not candidates:
        return
    weight: Counter[str] = Counter()
    fonts_of: dict[int, frozenset[str]] = {}
    for entry in {id(e): e for e, _ in candidates}.values():
        fonts = line_fonts(entry.content)
        for line in entry.lines:
            names = frozenset(name for key in line.keys for name in fonts.get(key, ()))
            fonts_of[id(line)] = names
            for name in names:
                weight[name] += len(line.text)
    if not weight:
        return
    body = weight.most_common(1)[0][0]
    marked: set[int] = set()
    for entry, line in candidates:
        names = fonts_of.get(id(line), frozenset())
        if names and body not in names:
            line.heading = True
            marked.add(id(entry))
    for entry in pages:
        if id(entry) in marked:
            entry.lines = _join_wrapped_headings(entry.lines, fonts_of)


def _join_wrapped_headings(lines: list[Line], fonts_of: dict[int, frozenset[str]]) -> list[Line]:
    """A heading that wraps: the next printed line, unnumbered and set in the heading's face, right
    below it, is the rest of the heading."""
    out: list[Line] = []
    for line in lines:
        if out and out[-1].heading and not line.heading:
            head = out[-1]
            names = fonts_of.get(id(line), frozenset())
            text = clean(line.text)
            if (
                names
                and names <= fonts_of.get(id(head), frozenset())
                and numbering(text) is None
                and match_table_title(text) is None
                and 0 < line.y1 - head.y1 <= 2.5 * max(head.size, line.size)
            ):
                head.text = join_texts([head.text, line.text])
                head.x0, head.x1, head.y1 = min(head.x0, line.x0), max(head.x1, line.x1), line.y1
                head.keys = head.keys + line.keys
                continue
        out.append(line)
    return out


# ---- the reader ----------------------------------------------------------------------------------


def pdf_pieces(path: str | Path, max_pages: int | None = None) -> Pieces:
    """What a PDF holds, cut into the pieces every reader hands to :func:`assemble`."""
    file = str(path)
    doc = open_pdf(path, max_pages)
    try:
        return _pieces(doc, file)
    finally:
        doc.close()


def document_pieces(doc: Any, file: str) -> Pieces:
    """The pieces of an open PyMuPDF document (pictures gathered into one PDF by the image reader)."""
    return _pieces(doc, file)


#: what a page not parsed for its content size says (RD09 carries it; a file of only such pages too)
_CONTENT_LIMIT_ERROR = "页面内容解压后超过读取上限（{} MB），未读取"


def _pieces(doc: Any, file: str) -> Pieces:
    pieces = Pieces(file=file, source_format="pdf", pages=doc.page_count)
    pages: list[_Page] = []
    need_rules = False
    for index in range(doc.page_count):
        number = index + 1
        try:
            page = doc.load_page(index)
        except Exception as exc:
            content = PageContent(number=number, width=0, height=0, error=str(exc)[:120])
            pages.append(_Page(content))
            need_rules = False
            continue
        if content_too_large(doc, page, MAX_CONTENT):
            rect = page.rect
            error = _CONTENT_LIMIT_ERROR.format(MAX_CONTENT // 1024 // 1024)
            pages.append(_Page(PageContent(number=number, width=rect.width, height=rect.height, error=error)))
            need_rules = False
            continue
        content = page_words(page, number)
        if not content.words and content.images and not content.error:
            content = _scanned(page, number) or content
        entry = _Page(content)
        pages.append(entry)
        if content.error or not content.words:
            need_rules = False
            continue
        holds, lines = (True, None) if need_rules else _may_hold_table(content)
        if holds:
            # a scanned page brings its ruling lines from the image
            rules, too_many = (content.rules, False) if content.rules is not None else page_rules(page, content)
            if too_many:
                report(pieces, "RD07", [Source.quick(file=file, page=number)], page=number)
            entry.frames = find_frames(number, rules)
        words = content.words
        for frame in entry.frames:
            words = _fill(page, frame, words)
        entry.lines = lines if lines is not None and not entry.frames else page_lines(content, words)
        # a table that reaches the foot of the page may go on overleaf
        need_rules = any(f.y1 > 0.7 * content.height for f in entry.frames)
    _page_findings(pages, pieces, file)
    if not any(p.content.words for p in pages):
        scanned = sum(1 for p in pages if p.content.images)
        if scanned:
            raise ReadError(file, f"PDF 没有文本层（共 {len(pages)} 页，其中 {scanned} 页是图像），可能是扫描件，且 OCR 未能识别出任何文字")
        limit = _CONTENT_LIMIT_ERROR.format(MAX_CONTENT // 1024 // 1024)
        unread = [p.content.number for p in pages if p.content.error == limit]
        if unread:  # what stopped them, not "no text": the pages were never parsed
            listed = "、".join(map(str, unread[:5])) + (" 等" if len(unread) > 5 else "")
            raise ReadError(file, f"PDF 共 {len(pages)} 页，没有读到任何文字：第 {listed} 页{limit}")
        raise ReadError(file, f"PDF 共 {len(pages)} 页，但没有任何文字")
    cleaned = drop_running([p.lines for p in pages])
    for entry, lines in zip(pages, cleaned, strict=True):
        entry.lines = _join_split_headings(lines)
    _mark_headings(pages)
    _reflow(pages)
    all_lines = [line for p in pages for line in p.lines]
    cover_end, toc_end, body_start = _cut_front(all_lines)
    walk = _Walk(file=file, pieces=pieces)
    pieces.cover = [TextLine(clean(ln.text), _source(file, ln, clean(ln.text))) for ln in _cover(all_lines[:cover_end])]
    pieces.toc = [TextLine(clean(ln.text), _source(file, ln, clean(ln.text))) for ln in all_lines[cover_end:toc_end] if clean(ln.text)]
    start = all_lines[body_start] if body_start < len(all_lines) else None
    front = {id(ln) for ln in all_lines[:body_start]}
    started = start is None
    for entry in pages:
        items: list[tuple[float, int, Line | Frame]] = [(ln.y1, 1, ln) for ln in entry.lines]
        items.extend((f.y0, 0, f) for f in entry.frames)
        items.sort(key=lambda item: (item[0], item[1]))
        for _, _, item in items:
            if isinstance(item, Line):
                if not started:
                    if item is start:
                        started = True
                    else:
                        continue
                if id(item) in front:
                    continue
                walk.line(item)
            else:
                if not started:
                    continue
                walk.frame(item)
    walk.close(at_end=True)
    read_by_ocr = {p.content.number: p.content.ocr for p in pages if p.content.ocr is not None}
    if read_by_ocr:
        from juesuan.ingest.ocr.scanned import mark_doubts

        mark_doubts(pieces, read_by_ocr)
    refuse_non_document(pieces)
    return pieces


def _scanned(page: Any, number: int) -> PageContent | None:
    """A page without a text layer, read from its image by OCR (``None``: OCR is not available)."""
    from juesuan.ingest.ocr.scanned import read_scanned_page

    return read_scanned_page(page, number)


def _page_findings(pages: list[_Page], pieces: Pieces, file: str) -> None:
    scanned = [p.content.number for p in pages if not p.content.words and p.content.images and not p.content.error]
    broken = [p.content for p in pages if p.content.error]
    if scanned and any(p.content.words for p in pages):
        for number in scanned:
            report(pieces, "RD08", [Source.quick(file=file, page=number)], page=number, what="且未能用 OCR 识别出文字，该页内容未读取")
    for entry in pages:
        ocr = entry.content.ocr
        if ocr is not None:
            turned = f"，已纠正 {abs(ocr.angle):.1f}° 倾斜" if ocr.angle else ""
            number = entry.content.number
            what = f"已用 OCR 识别（{ocr.dpi:.0f} dpi{turned}）"
            report(pieces, "RD08", [Source.quick(file=file, page=number)], severity=Severity.INFO, scope=None, page=number, what=what)
    for content in broken:
        report(pieces, "RD09", [Source.quick(file=file, page=content.number)], page=content.number, error=content.error)
