"""The reader for 部门决算 as Word documents (``.docx``, through python-docx).

The body is walked in order: paragraphs (a paragraph in a heading style, or with an outline
level, is a heading; a line break inside a paragraph starts a new line; Word's automatic
numbers are written out in front, see :mod:`.numbering`) and tables (merged cells
give their text to the first grid position they cover and leave the others blank, as a printed
table shows them). :mod:`juesuan.ingest.common.stream` finds titles, 单位 lines, notes, cover and
table of contents, as for Excel and web pages.

Locations: ``Source.line`` counts the body's paragraphs and table rows together, in reading
order, from 1 (a paragraph or a row is one "line" of the document); a table cell also has
``Source.cell`` = ``T3R5C2``: the third table of the document (nested tables counted where they
start), its fifth row, second grid column, all from 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.diagnostics import ReadError
from juesuan.ingest.common.assemble import assemble
from juesuan.ingest.common.container import MB, ZipLimits, cfb_is_encrypted, check_size, check_zip, sniff
from juesuan.ingest.common.grid import GridCell
from juesuan.ingest.common.stream import Block, Item, Para, join_text, stream_pieces
from juesuan.ingest.common.text import clean
from juesuan.ingest.docx.numbering import Numbering
from juesuan.ingest.result import ReadResult
from juesuan.model.codes import Catalogue
from juesuan.model.provenance import Source
from juesuan.record import Record

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_PARAGRAPHS", "MAX_ROWS", "docx_items", "read_docx"]

MAX_BYTES = 50 * MB
MAX_PARTS = ZipLimits(part=32 * MB)  # the document body is parsed whole: at most 32 MB of XML
MAX_PARAGRAPHS = 100_000  # paragraphs and table rows together
MAX_ROWS = 10_000  # rows read per table
MAX_COLUMNS = 100  # grid columns read per table

_WHAT = "Word 文档"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*[1-9]$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"\t+\s*\d{1,4}\s*$")


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


# ---- styles ----------------------------------------------------------------------------------


def _heading_styles(styles: Any) -> set[str]:
    """The ids of paragraph styles that are headings: named 标题 N / Heading N, or given an outline
    level (directly or through the style they are based on)."""
    by_id: dict[str, tuple[str, str | None, int | None]] = {}
    if styles is None:
        return set()
    for style in styles.iter(f"{W}style"):
        sid = style.get(f"{W}styleId")
        if not sid:
            continue
        name_el = style.find(f"{W}name")
        based_el = style.find(f"{W}basedOn")
        level_el = style.find(f"{W}pPr/{W}outlineLvl")
        level = _int(level_el.get(f"{W}val"), 9, 0, 9) if level_el is not None else None
        by_id[sid] = (name_el.get(f"{W}val", "") if name_el is not None else "", based_el.get(f"{W}val") if based_el is not None else None, level)
    out = set()
    for sid in by_id:
        current: str | None = sid
        for _ in range(10):  # basedOn chains are short; a loop in a damaged file must end
            if current is None or current not in by_id:
                break
            name, based, level = by_id[current]
            if _HEADING_NAME.match(name.strip()) or (level is not None and level < 9):
                out.add(sid)
                break
            if level is not None:
                break
            current = based
    return out


# ---- text of a paragraph ---------------------------------------------------------------------


@dataclass(repr=False)
class _Lines(Record):
    lines: list[list[str]] = field(default_factory=lambda: [[]])
    boxes: list[Any] = field(default_factory=list)  # text boxes anchored in the paragraph


def _paragraph_lines(p: Any) -> _Lines:
    """The printed lines of a paragraph (a line break starts a new one); text boxes are collected
    apart, and the fallback copy Word keeps of each of them is skipped."""
    out = _Lines()
    stack = list(reversed(list(p)))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{W}t":
            out.lines[-1].append(el.text or "")
        elif tag == f"{W}tab":
            out.lines[-1].append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.lines.append([])
        elif tag == f"{W}noBreakHyphen":
            out.lines[-1].append("-")
        elif tag == f"{MC}Fallback":
            continue
        elif tag == f"{W}txbxContent":
            out.boxes.append(el)
        elif tag in (f"{W}delText", f"{W}instrText", f"{W}rPr", f"{W}pPr"):
            continue
        else:
            stack.extend(reversed(list(el)))
    return out


def _line_text(parts: list[str]) -> str:
    text = "".join(parts)
    text = _PAGE_NUMBER.sub("", text)  # a table-of-contents line's page number
    return text.replace("\t", " ").strip()


def _cell_text(tc: Any) -> str:
    texts = []
    for p in _paragraphs_in(tc):
        for line in _paragraph_lines(p).lines:
            texts.append(_line_text(line))
    return join_text(texts)


def _paragraphs_in(container: Any) -> Iterator[Any]:
    for child in container:
        if child.tag == f"{W}p":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"):
            yield from _paragraphs_in(child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" and child.find(f"{W}sdtContent") is not None else child)


# ---- the walk --------------------------------------------------------------------------------


@dataclass(repr=False)
class _Walk(Record):
    file: str
    headings: set[str]
    numbering: Numbering = field(default_factory=Numbering)
    items: list[Item] = field(default_factory=list)
    line: int = 0
    tables: int = 0

    def count(self) -> int:
        self.line += 1
        if self.line > MAX_PARAGRAPHS:
            raise ReadError(self.file, f"Word 文档的段落和表格行超过 {MAX_PARAGRAPHS} 个，不像一份部门决算，未读取")
        return self.line

    def container(self, el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child)
            elif tag == f"{W}tbl":
                self.table(child)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.container(content)
            elif tag in (f"{W}customXml", f"{W}smartTag"):
                self.container(child)

    def paragraph(self, p: Any) -> None:
        number = self.count()
        style = p.find(f"{W}pPr/{W}pStyle")
        sid = style.get(f"{W}val") if style is not None else None
        level = p.find(f"{W}pPr/{W}outlineLvl")
        heading = (sid in self.headings) or (level is not None and _int(level.get(f"{W}val"), 9, 0, 9) < 9)
        found = _paragraph_lines(p)
        label = self.numbering.label(p, sid)
        if label and any(_line_text(parts) for parts in found.lines):
            # the number Word draws in front of the paragraph: 一、 （一） 1.
            glue = "" if label[-1] in "、.．)）:：" else " "
            first = next(parts for parts in found.lines if _line_text(parts))
            first.insert(0, label + glue)
        for parts in found.lines:
            text = _line_text(parts)
            if text:
                self.items.append(Para(text, Source.quick(file=self.file, line=number, text=clean(text)), heading=heading))
        for box in found.boxes:
            self.container(box)

    def table(self, tbl: Any) -> None:
        self.tables += 1
        t = self.tables
        rows: list[list[GridCell]] = []
        nested: list[Any] = []
        for r, tr in enumerate(_children(tbl, f"{W}tr"), start=1):
            if r > MAX_ROWS:
                break
            number = self.count()
            before = tr.find(f"{W}trPr/{W}gridBefore")
            texts: list[str] = [""] * _int(before.get(f"{W}val") if before is not None else None, 0, 0, MAX_COLUMNS)
            for tc in _children(tr, f"{W}tc"):
                if len(texts) >= MAX_COLUMNS:
                    break
                props = tc.find(f"{W}tcPr")
                span_el = props.find(f"{W}gridSpan") if props is not None else None
                span = _int(span_el.get(f"{W}val") if span_el is not None else None, 1, 1, MAX_COLUMNS)
                vmerge = props.find(f"{W}vMerge") if props is not None else None
                hmerge = props.find(f"{W}hMerge") if props is not None else None
                covered = (vmerge is not None and vmerge.get(f"{W}val") != "restart") or (
                    hmerge is not None and hmerge.get(f"{W}val") != "restart"
                )
                texts.append("" if covered else _cell_text(tc))
                texts.extend([""] * (span - 1))
                nested.extend(child for child in tc if child.tag == f"{W}tbl")
            texts = texts[:MAX_COLUMNS]
            rows.append(
                [
                    GridCell(text, Source.quick(file=self.file, line=number, cell=f"T{t}R{r}C{c}", text=clean(text)))
                    for c, text in enumerate(texts, start=1)
                ]
            )
        self.items.append(Block(rows=rows))
        for inner in nested:
            self.table(inner)


def _children(el: Any, tag: str) -> Iterator[Any]:
    """The ``tag`` children of a table (rows) or a row (cells), also those wrapped one level deep in
    a content control or custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                yield from (inner for inner in content if inner.tag == tag)


# ---- opening ---------------------------------------------------------------------------------


def _open(path: Path) -> Any:
    file = str(path)
    check_size(path, MAX_BYTES, _WHAT)
    kind = sniff(path)
    if kind == "text":
        raise ReadError(file, "这是文本文件，不是 Word 文档（如果是文本形式的决算，请改用 .txt 或 .md 扩展名）")
    if kind == "cfb":
        if cfb_is_encrypted(path):
            raise ReadError(file, "Word 文档设有打开密码（已加密），无法读取：请在 Word 中取消密码后另存，再读取")
        raise ReadError(file, "这是旧版 Word 文档（.doc），不支持：请在 Word 或 WPS 中另存为 .docx 后再读取")
    if kind != "zip":
        raise ReadError(file, "不是 Word 文档（.docx 应是 ZIP 格式的压缩包），文件可能已损坏")
    names = check_zip(path, _WHAT, MAX_PARTS)
    if "word/document.xml" not in names and not any(n.endswith("document.xml") for n in names):
        if "xl/workbook.xml" in names:
            raise ReadError(file, "这是 Excel 工作簿，不是 Word 文档（请使用 .xlsx 扩展名）")
        raise ReadError(file, "不是 Word 文档：压缩包中没有文档正文部件（word/document.xml）")
    import docx

    try:
        return docx.Document(file)
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise ReadError(file, f"Word 文档已损坏，无法打开（{type(exc).__name__}: {str(exc)[:120]}）") from exc


def docx_items(path: str | Path) -> list[Item]:
    """The document's paragraphs and tables in reading order."""
    p = Path(path)
    document = _open(p)
    try:
        styles = document.styles.element
    except Exception:
        styles = None
    try:
        numbering = document.part.numbering_part.element
    except Exception:
        numbering = None
    walk = _Walk(file=str(path), headings=_heading_styles(styles), numbering=Numbering.load(numbering, styles))
    try:
        body = document.element.body
    except Exception as exc:
        raise ReadError(str(path), f"Word 文档没有正文（{type(exc).__name__}）") from exc
    if body is None:
        raise ReadError(str(path), "Word 文档没有正文")
    walk.container(body)
    return walk.items


def read_docx(path: str | Path, catalogue: Catalogue) -> ReadResult:
    """Read a 部门决算 Word document."""
    items = docx_items(path)
    if not items:
        raise ReadError(str(path), "Word 文档是空的（没有任何段落或表格）")
    pieces = stream_pieces(items, str(path), "docx")
    report, findings = assemble(pieces, catalogue)
    return ReadResult(report=report, findings=findings)
