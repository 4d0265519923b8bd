"""From a document's paragraphs and tables, in reading order, to the shared :class:`Pieces`.

The Excel, Word and HTML readers see a document as a stream of paragraphs (:class:`Para`) and
tables (:class:`Block`): a sheet is one block, a Word or web page table is one block. What is
decided here, once for the three of them:

- which paragraphs are the cover and the table of contents;
- which block belongs to which title: the title and its 表号/单位/年度/金额单位 lines may stand
  as paragraphs above the table (Word, web pages) or inside it, in its top rows (a published
  workbook: the title in a merged first row, the 单位 row under it); a sheet's name stands for a
  title the sheet does not print;
- the notes under a table, as paragraphs below it or as its last rows (``注：…``);
- a block with no title (a list of units, a layout table) is read as text.

Which header row means which column, codes in one column or three, 合计 at the top or the bottom
— everything inside a table — is decided by :mod:`juesuan.ingest.common.grid` as for every format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from juesuan.ingest.common.assemble import Pieces, refuse_non_document
from juesuan.ingest.common.block import TableBlock, starts_section, unwrap
from juesuan.ingest.common.grid import GridCell
from juesuan.ingest.common.narrative import TOC_TITLES, TextLine, toc_key
from juesuan.ingest.common.performance import LEVEL1_NAMES, LEVEL2_NAMES
from juesuan.ingest.common.text import clean, compact, is_number_text, is_wide
from juesuan.ingest.common.titles import match_table_title, parse_number_line, parse_unit_line, parse_year_line
from juesuan.model.provenance import Source
from juesuan.model.tables import TableKind
from juesuan.record import Record

__all__ = ["Block", "Para", "join_text", "split_meta", "stream_pieces"]


@dataclass(frozen=True, repr=False)
class Para(Record):
    """One printed line or paragraph, with where it was printed."""

    text: str
    source: Source
    heading: bool = False


@dataclass(repr=False)
class Block(Record):
    """One table as found: rows of cells (merged cells give their text to the first position and
    leave the positions they cover blank). ``caption`` is a title printed outside the rows, such as
    the sheet's name; it is used only when it names a standard table and the rows name none.
    ``headings`` names the cells (by ``Source.cell``) set as headings, such as bold lines in a
    sheet of text; it matters only when the block turns out to be text."""

    rows: list[list[GridCell]]
    caption: Para | None = None
    headings: frozenset[str] = frozenset()


Item = Para | Block


def join_text(parts: Iterable[str]) -> str:
    """Pieces of one cell or line joined as Chinese is written: no space between two Chinese
    characters, one space between two Latin words or numbers."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not is_wide(out[-1]) and not is_wide(part[0]):
            out += " "
        out += part
    return out


# ---- lines around a table --------------------------------------------------------------------

_META_START = re.compile(r"(?<!金额)(?<!编制)(?:金额单位|编制单位|单位名称|单位)\s*[：:]|[（(]?\s*(?:19|20)\d{2}\s*年\s*度|公开\s*\d+\s*表|附表\s*\d+")


def _is_meta(text: str) -> bool:
    return bool(parse_number_line(text) or parse_unit_line(unwrap(text)) or parse_year_line(text))


def split_meta(text: str) -> list[str] | None:
    """A line that holds a title and/or several 表号/单位/年度/金额单位 items printed side by side
    (``单位：某局 2024年度 金额单位：万元``), cut into those items; ``None`` when it is not such a line."""
    text = clean(text)
    starts = [m.start() for m in _META_START.finditer(text)]
    if not starts:
        return None
    if starts[0] != 0:
        starts.insert(0, 0)
    pieces = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2:
        return None
    head = 1 if match_table_title(pieces[0]) is not None else 0
    if not all(_is_meta(p) for p in pieces[head:]):
        return None
    return pieces


def _structural(para: Para, heading: bool = True) -> bool:
    """A line that ends a table block: a heading, a table title, a part or a short 一、 (as in the
    text reader). ``heading=False`` ignores the heading mark (a cover title is set large too)."""
    text = clean(para.text)
    if not text:
        return False
    if (heading and para.heading) or match_table_title(text) is not None:
        return True
    return starts_section(text)


# ---- blocks: title rows on top, notes at the bottom ----------------------------------------------


@dataclass(repr=False)
class _Rows(Record):
    """Rows of one block that belong to a table body."""

    rows: list[list[GridCell]]


def _filled(row: list[GridCell]) -> list[GridCell]:
    return [c for c in row if clean(c.text)]


def _meta_cell(text: str) -> bool:
    pieces = split_meta(text)
    return pieces is not None or _is_meta(text) or match_table_title(text) is not None


def _note_like(text: str) -> bool:
    t = compact(text)
    return t.startswith(("注", "说明", "备注", "如本表", "本表")) or "本表" in t or (len(t) >= 30 and not is_number_text(t))


def _cell_para(cell: GridCell, headings: frozenset[str] = frozenset()) -> Para:
    text = clean(cell.text)
    return Para(text, cell.source.at(text=text), heading=cell.source.cell in headings if headings else False)


def _head_paras(row: list[GridCell]) -> list[Para]:
    """The paragraphs a title/meta row stands for: the title first (some print 公开01表 above it)."""
    out: list[Para] = []
    for cell in _filled(row):
        text = clean(cell.text)
        pieces = split_meta(text)
        if pieces is None:
            out.append(_cell_para(cell))
        else:
            out.extend(Para(p, cell.source.at(text=p)) for p in pieces)
    out.sort(key=lambda p: 0 if match_table_title(p.text) is not None else 1)
    return out


def _note_start(text: str) -> bool:
    """A cell that begins a table's notes (never a row of the table)."""
    return compact(text).startswith(("注：", "注:", "注1", "注释", "说明：", "说明:", "备注", "如本表", "本表"))


def _peel(block: Block) -> list[Para | _Rows]:
    """A block as paragraphs and table rows: title and 表号/单位 rows on top (again after each title
    row inside the block, where one sheet holds several tables), note rows at the bottom or after
    a table inside the block, and the table rows between them."""
    rows = [r for r in block.rows if _filled(r)]
    if not rows:
        return []
    if all(len(_filled(r)) <= 1 for r in rows):
        # a block of single cells is text laid out in a grid (a sheet of paragraphs)
        return [_cell_para(_filled(r)[0], block.headings) for r in rows]
    # note rows at the bottom: single cells, from the first that reads like a note
    end = len(rows)
    k = end
    while k > 0 and len(_filled(rows[k - 1])) == 1 and not is_number_text(clean(_filled(rows[k - 1])[0].text)):
        k -= 1
    tail = next((j for j in range(k, end) if _note_like(_filled(rows[j])[0].text)), end)
    out: list[Para | _Rows] = []
    body: list[list[GridCell]] = []
    head = True  # at the top of the block or under a title row: 表号/单位/年度 rows are paragraphs
    kind: TableKind | str | None = None  # the title read in this block, if any
    head_rows = 0

    def flush() -> None:
        nonlocal body
        if body:
            out.append(_Rows(body))
            body = []

    for index, row in enumerate(rows[:tail]):
        cells = _filled(row)
        texts = [clean(c.text) for c in cells]
        if len(cells) == 1 and match_table_title(texts[0]) is not None:
            # a title row: the next table starts here
            flush()
            out.append(_cell_para(cells[0]))
            kind, head, head_rows = match_table_title(texts[0]), True, 0
            continue
        if len(cells) == 1 and _note_start(texts[0]) and (body or not head):
            flush()
            out.append(_cell_para(cells[0]))
            head = False
            continue
        if head:
            metas = [t for t in texts if _meta_cell(t)]
            if len(metas) == len(texts):
                paras = _head_paras(row)
                kind = next((found for p in paras if (found := match_table_title(p.text)) is not None), kind)
                out.extend(paras)
                head_rows += 1
                continue
            # the name of the department under a 整体绩效自评表's title, next to its year
            if kind == "whole" and len(texts) - len(metas) == 1 and metas and head_rows <= 3:
                out.extend(_head_paras(row))
                head_rows += 1
                continue
            # a short line above the title (附件2, 附表): text before the table
            if kind is None and not body and len(cells) == 1 and len(compact(texts[0])) <= 20 and any(
                len(_filled(r)) == 1 and match_table_title(clean(_filled(r)[0].text)) is not None for r in rows[index + 1 : index + 3]
            ):
                out.append(_cell_para(cells[0]))
                continue
            head = False
        body.append(row)
    flush()
    out.extend(_cell_para(_filled(r)[0]) for r in rows[tail:])
    if not any(isinstance(p, Para) and match_table_title(p.text) is not None for p in out):
        caption = block.caption
        if caption is not None and match_table_title(caption.text) is not None:
            out.insert(0, caption)
    return out


# ---- the walk --------------------------------------------------------------------------------


@dataclass(repr=False)
class _Walk(Record):
    pieces: Pieces
    table: TableBlock | None = None
    mode: str = ""  # "meta" (title seen), "rows" (rows seen), "notes" (lines after the rows)

    @property
    def evaluation(self) -> bool:
        return self.table is not None and self.table.evaluation

    def body(self, para: Para) -> None:
        text = clean(para.text)
        if text:
            self.pieces.body.append(TextLine(text, para.source.at(text=text), heading=para.heading))

    def open(self, para: Para, kind: TableKind | str) -> None:
        if self.table is not None and self.mode == "meta" and not self.table.rows and self.table.kind == kind:
            return  # the title printed twice: above the table and again in its first row
        self.close()
        text = clean(para.text)
        self.table = TableBlock(kind=kind, title=text, title_source=para.source.at(text=text))
        self.mode = "meta"

    def close(self, at_end: bool = False) -> None:
        table, self.table, self.mode = self.table, None, ""
        if table is not None:
            table.finish(self.pieces, at_end and not table.notes)

    def meta(self, para: Para) -> bool:
        """Take a line between a title and its rows; ``False`` when it ends the table instead."""
        table = self.table
        if table is None:  # pragma: no cover - only called inside a table block
            return False
        text = clean(para.text)
        pieces = split_meta(text)
        if pieces is not None and match_table_title(pieces[0]) is None:
            for piece in pieces:
                self.meta(Para(piece, para.source.at(text=piece)))
            return True
        return table.take_line(text, para.source.at(text=text), lambda: _structural(para))

    def para(self, para: Para) -> None:
        text = clean(para.text)
        if not text:
            return
        pieces = split_meta(text)
        kind = match_table_title(text)
        if kind is None and pieces is not None:
            kind = match_table_title(pieces[0])
            if kind is not None:
                # a title with its 表号 or 单位 on the same line
                self.open(Para(pieces[0], para.source.at(text=pieces[0]), para.heading), kind)
                for piece in pieces[1:]:
                    self.meta(Para(piece, para.source.at(text=piece)))
                return
        if kind is not None:
            self.open(para, kind)
            return
        if self.table is not None:
            if self.mode == "meta":
                if self.meta(para):
                    return
                self.close()
            elif self.evaluation and self.mode == "rows" and compact(text) in LEVEL1_NAMES | LEVEL2_NAMES | {"绩效指标"}:
                self.table.rows.append([GridCell(text=text, source=para.source.at(text=text))])
                return
            elif _structural(para):
                self.close()
            else:
                self.table.notes.append((text, para.source.at(text=text)))
                self.mode = "notes"
                return
        self.body(para)

    def rows(self, rows: list[list[GridCell]]) -> None:
        table = self.table
        if table is not None and self.mode in ("meta", "rows"):
            # in "rows" mode the same table continues in a second block
            table.add_rows(rows, continued=self.mode == "rows")
            self.mode = "rows"
            return
        self.close()
        # a table with no standard title (单位构成, a list of projects): its rows are text
        self.pieces.body.extend(TextLine(p.text, p.source) for p in _row_paras(rows))


# ---- cover and table of contents --------------------------------------------------------------

_ATTACHMENT = re.compile(r"^附\s*[件表]\s*[\d一二三四五六七八九十]*\s*[：:]?$")  # 附件2: a label, not a cover line


def _row_paras(rows: list[list[GridCell]]) -> list[Para]:
    """Table rows read as lines of text: a row's cells joined by spaces."""
    out = []
    for row in rows:
        cells = _filled(row)
        if cells:
            text = " ".join(clean(c.text) for c in cells)
            out.append(Para(text, cells[0].source.at(text=text)))
    return out


def _as_paras(item: Para | _Rows) -> list[Para]:
    return [item] if isinstance(item, Para) else _row_paras(item.rows)


def _front(items: list[Para | _Rows]) -> tuple[list[Para], list[Para], int]:
    """(cover lines, table of contents lines, index of the first body item)."""
    toc_at = next((i for i, it in enumerate(items[:200]) if isinstance(it, Para) and compact(it.text) in TOC_TITLES), None)
    if toc_at is None:
        cover: list[Para] = []
        i = 0
        while i < len(items) and len(cover) < 6:
            item = items[i]
            if not isinstance(item, Para) or _structural(item, heading=False) or split_meta(item.text) is not None:
                break
            if clean(item.text) and not _ATTACHMENT.match(compact(item.text)):
                cover.append(item)
            i += 1
        return cover, [], i
    cover = [p for it in items[:toc_at] for p in _as_paras(it) if clean(p.text)]
    first_index = toc_at + 1
    following = _as_paras(items[first_index]) if first_index < len(items) else []
    if not following:
        return cover, _as_paras(items[toc_at]), len(items)
    key = toc_key(compact(following[0].text))
    body_start = first_index
    for i in range(first_index + 1, len(items)):
        item = items[i]
        if isinstance(item, Para) and compact(item.text).startswith(key):
            body_start = i
            break
    toc = [p for it in items[toc_at:body_start] for p in _as_paras(it) if clean(p.text)]
    return cover, toc, body_start


def stream_pieces(items: Iterable[Item], file: str, source_format: str) -> Pieces:
    """The pieces of a document given as paragraphs and tables in reading order."""
    flat: list[Para | _Rows] = []
    for item in items:
        if isinstance(item, Block):
            flat.extend(_peel(item))
        elif clean(item.text):
            flat.append(item)
    pieces = Pieces(file=file, source_format=source_format)
    cover, toc, start = _front(flat)
    pieces.cover = [TextLine(clean(p.text), p.source.at(text=clean(p.text))) for p in cover]
    pieces.toc = [TextLine(clean(p.text), p.source.at(text=clean(p.text))) for p in toc]
    walk = _Walk(pieces)
    for piece in flat[start:]:
        if isinstance(piece, Para):
            walk.para(piece)
        else:
            walk.rows(piece.rows)
    walk.close(at_end=True)
    refuse_non_document(pieces)
    return pieces
