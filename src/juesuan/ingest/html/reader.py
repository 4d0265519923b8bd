"""The reader for 部门决算 published as web pages (``.html``/``.htm``, parsed with lxml's HTML
parser, which repairs the markup browsers repair).

The page is walked in reading order: block elements (``p``, ``div``, ``h1``–``h6``, ``li``, …)
and ``<br>`` end a line, ``h1``–``h6`` are headings, and every ``<table>`` holding no other table
becomes one block of cells, ``rowspan``/``colspan`` expanded (the text stands in the first
position a merged cell covers, the other positions are blank). A table that holds tables is
layout: its cells are read as lines and the tables inside it as tables. Navigation, scripts,
styles, forms and drawings (``svg``) are skipped; lines before the first one that mentions 决算
(a site's header and breadcrumbs) are dropped.

Locations: ``Source.line`` is the line of the page source where the element starts; a table cell
also has ``Source.cell`` = ``T3R5C2`` (the third table of the page, fifth row, second column
after expanding spans; all from 1).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.diagnostics import ReadError, os_problem
from juesuan.ingest.common.assemble import assemble
from juesuan.ingest.common.container import MB, check_size, read_head
from juesuan.ingest.common.encoding import Decoded, decode_bytes, report_damage
from juesuan.ingest.common.grid import GridCell
from juesuan.ingest.common.stream import Block, Item, Para, stream_pieces
from juesuan.ingest.common.text import clean, is_wide
from juesuan.ingest.problems import Found, Sink, report
from juesuan.ingest.result import ReadResult
from juesuan.model.codes import Catalogue
from juesuan.model.limits import MAX_TABLES
from juesuan.model.provenance import Source
from juesuan.record import Record

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_DEPTH", "MAX_ROWS", "decode_html", "html_items", "read_html"]

MAX_BYTES = 20 * MB
MAX_DEPTH = 200  # nesting of elements; lxml itself stops at 255
MAX_ROWS = 10_000  # rows read per table
MAX_COLUMNS = 100  # columns per table, after expanding colspan
MAX_SPAN = 1000  # a rowspan larger than this is read as this

_SKIP = frozenset(
    {
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "select", "option", "textarea", "button", "input", "footer", "map", "audio", "video",
    }
)  # fmt: skip
_BLOCK = frozenset(
    {
        "html", "body", "p", "div", "section", "article", "main", "header", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption", "hr",
        "form", "fieldset", "legend", "caption", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "title",
    }
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CHROME = re.compile(r"footer|\bnav|menu|breadcrumb|share|toolbar", re.IGNORECASE)  # a site's own parts, by class or id
_NAV_WORDS = ("当前位置", "您的位置", "您现在的位置", "首页", "发布时间", "发布日期", "来源：", "字号", "打印", "关闭", "分享", "浏览次数", "访问量")


# ---- bytes to text ---------------------------------------------------------------------------

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)


def decode_html(data: bytes, file: str) -> str:
    """The page as text (see :func:`decode_page`)."""
    return decode_page(data, file).text


def decode_page(data: bytes, file: str) -> Decoded:
    """The page as text: a byte-order mark, else strict UTF-8, the charset the page declares
    (GB2312/GBK read as GB18030, their superset), GB18030 — the first that decodes all but a few
    damaged bytes, which are replaced and reported (:mod:`juesuan.ingest.common.encoding`)."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(file, "这是二进制文件，不是网页（HTML）")
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "ignore") if m else None
    decoded = decode_bytes(data, declared)
    if decoded is None:
        raise ReadError(file, "无法识别网页的编码（按 UTF-8、声明的编码和 GB18030 解码都有大量无效字节）")
    return decoded


# ---- text inside elements ----------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\r\n\f]+")


def collapse(text: str) -> str:
    """White space as a browser shows it: a run becomes one space, and a line break between two
    Chinese characters disappears (CSS Text: segment breaks between wide characters)."""

    def one(m: re.Match[str]) -> str:
        run = m.group()
        a, b = m.start(), m.end()
        if ("\n" in run or "\r" in run) and a > 0 and b < len(text) and is_wide(text[a - 1]) and is_wide(text[b]):
            return ""
        return " "

    return _SPACE.sub(one, text)


def _tag(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _text_of(el: Any) -> str:
    """The text of an element (a table cell), skipping scripts and the like; ``<br>`` and block
    elements inside it join their lines without a gap, as Chinese is written."""
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(el, False)]
    while stack:
        node, done = stack.pop()
        if done:
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        tag = _tag(node)
        if node is not el and (tag in _SKIP or not tag):
            if node.tail:
                parts.append(node.tail)
            continue
        if tag == "br":
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node)))
    return clean(collapse("".join(parts)))


# ---- the walk --------------------------------------------------------------------------------


@dataclass(repr=False)
class _Walk(Record):
    file: str
    items: list[Item] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    line: int | None = None
    headings: int = 0
    links: int = 0  # inside how many <a>
    linked: bool = True  # every piece of the current line is link text
    link_lines: set[int] = field(default_factory=set)  # ids of lines made of links alone (menus)
    tables: int = 0
    skipped: int = 0  # tables beyond MAX_TABLES, not read
    skipped_line: int | None = None

    def add(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if not self.parts:
            self.line = line
            self.linked = True
        self.parts.append(text)
        if text.strip() and not self.links:
            self.linked = False

    def flush(self) -> None:
        text = clean(collapse("".join(self.parts)))
        self.parts = []
        if text:
            para = Para(text, Source.quick(file=self.file, line=self.line, text=text), heading=self.headings > 0)
            if self.linked:
                self.link_lines.add(id(para))
            self.items.append(para)

    def walk(self, root: Any) -> None:
        # (element, depth, closing?) — an explicit stack: pages nest deeper than Python recurses
        stack: list[tuple[Any, int, bool]] = [(root, 0, False)]
        while stack:
            el, depth, closing = stack.pop()
            tag = _tag(el)
            if closing:
                if tag in _BLOCK:
                    self.flush()
                if tag in _HEADINGS:
                    self.headings -= 1
                if tag == "a":
                    self.links -= 1
                self.add(el.tail, el.sourceline)
                continue
            if depth > MAX_DEPTH:
                raise ReadError(self.file, f"网页的元素嵌套超过 {MAX_DEPTH} 层，不像一份正常的网页，未读取")
            if not tag or tag in _SKIP or _CHROME.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
                self.add(el.tail, el.sourceline)
                continue
            if tag == "br":
                self.flush()
                self.add(el.tail, el.sourceline)
                continue
            if tag == "table" and not _has_table(el):
                self.flush()
                self.table(el)
                self.add(el.tail, el.sourceline)
                continue
            if tag == "table":
                self.tables += 1  # a layout table: counted, read as lines
            if tag in _BLOCK:
                self.flush()
            if tag in _HEADINGS:
                self.headings += 1
            if tag == "a":
                self.links += 1
            self.add(el.text, el.sourceline)
            stack.append((el, depth, True))
            stack.extend((child, depth + 1, False) for child in reversed(list(el)))
        self.flush()

    def table(self, table: Any) -> None:
        self.tables += 1
        t = self.tables
        if t > MAX_TABLES:  # a page of tens of thousands of tables: the rest is counted, not read
            self.skipped += 1
            self.skipped_line = self.skipped_line or table.sourceline
            return
        caption = next((c for c in table if _tag(c) == "caption"), None)
        if caption is not None:
            text = _text_of(caption)
            if text:
                self.items.append(Para(text, Source.quick(file=self.file, line=caption.sourceline, text=text)))
        rows = _expand(_table_rows(table), self.file, t)
        if rows:
            self.items.append(Block(rows=rows))


def _has_table(el: Any) -> bool:
    return any(True for _ in el.iterdescendants("table"))


def _table_rows(table: Any) -> Iterator[Any]:
    """The rows of a table in document order (``thead``/``tbody``/``tfoot`` or bare ``tr``)."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if _tag(tr) == "tr")


def _span(value: str | None, limit: int) -> int:
    try:
        number = int(str(value).strip().split(".")[0])
    except (TypeError, ValueError):
        return 1
    return max(1, min(limit, number))


def _expand(rows: Iterator[Any], file: str, t: int) -> list[list[GridCell]]:
    """Rows of cells with ``rowspan``/``colspan`` expanded: the text in the first position, the
    covered positions blank (with the merged cell's place)."""
    out: list[list[GridCell]] = []
    pending: dict[tuple[int, int], Source] = {}  # positions covered from a row above
    for r, tr in enumerate(rows, start=1):
        if r > MAX_ROWS:
            break
        row: dict[int, GridCell] = {}
        c = 1
        for td in tr:
            if _tag(td) not in ("td", "th"):
                continue
            while (r, c) in pending and c <= MAX_COLUMNS:
                row[c] = GridCell("", pending.pop((r, c)))
                c += 1
            if c > MAX_COLUMNS:
                break
            text = _text_of(td)
            source = Source.quick(file=file, line=td.sourceline, cell=f"T{t}R{r}C{c}", text=text)
            colspan = _span(td.get("colspan"), MAX_COLUMNS)
            rowspan = _span(td.get("rowspan"), MAX_SPAN)
            row[c] = GridCell(text, source)
            blank = source.at(text="")
            for dc in range(colspan):
                if c + dc > MAX_COLUMNS:
                    break
                if dc:
                    row[c + dc] = GridCell("", blank)
                for dr in range(1, rowspan):
                    pending[(r + dr, c + dc)] = blank
            c += colspan
        for (pr, pc) in [k for k in pending if k[0] == r]:
            row[pc] = GridCell("", pending.pop((pr, pc)))
        if row:
            width = max(row)
            first = next(iter(row.values())).source
            out.append([row.get(j) or GridCell("", first.at(cell=f"T{t}R{r}C{j}", text="")) for j in range(1, width + 1)])
        # spans reaching below the last row are dropped with the table
        stale = [k for k in pending if k[0] <= r]
        for k in stale:
            del pending[k]
    return out


# ---- the reader ------------------------------------------------------------------------------


def _parse(text: str, file: str) -> Any:
    import lxml.etree
    import lxml.html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise ReadError(file, "网页是空的")
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError, lxml.etree.XMLSyntaxError) as exc:
        raise ReadError(file, f"无法解析网页（{str(exc)[:120]}）") from exc


def _depth(root: Any) -> int:
    deepest = 0
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in el)
    return deepest


def html_items(text: str, file: str, found: Sink | None = None) -> list[Item]:
    """The page's lines and tables in reading order; tables beyond :data:`MAX_TABLES` are not
    read, and reported (RD22) into ``found`` when given."""
    root = _parse(text, file)
    if _depth(root) > MAX_DEPTH:
        # lxml stops nesting at 255 levels and drops what lies deeper: refuse rather than read half
        raise ReadError(file, f"网页的元素嵌套超过 {MAX_DEPTH} 层，不像一份正常的网页，未读取")
    if not any(True for _ in root.iter("table")):
        raise ReadError(
            file, "网页中没有任何表格：决算表可能以图片或附件（PDF、Excel）形式发布，请下载附件后再读取"
        )
    walk = _Walk(file=file)
    body = root.find("body")
    walk.walk(body if body is not None else root)
    if walk.skipped and found is not None:
        where = Source.quick(file=file, line=walk.skipped_line)
        report(found, "RD22", [where], what="网页中的表格数", limit=f"{MAX_TABLES:,} 张", rest=f"之后的 {walk.skipped:,} 张表格")
    items = walk.items
    title = root.find("head/title")
    title_text = clean(collapse(title.text_content())) if title is not None else ""
    # a site's header, menus and breadcrumbs stand before the document's own first line
    first = next((i for i, it in enumerate(items[:60]) if isinstance(it, Block) or ("决算" in it.text and not _nav(it.text))), None)
    if first is None:
        return items
    # the one or two lines just above it may be the cover (the department, then 2024年度部门决算)
    front = [it for it in items[:first] if isinstance(it, Para) and not _nav(it.text) and id(it) not in walk.link_lines][-2:]
    if not any("决算" in it.text for it in items[first : first + 1] if isinstance(it, Para)) and "决算" in title_text:
        line = title.sourceline if title is not None else None
        front.insert(0, Para(title_text, Source.quick(file=file, line=line, text=title_text)))
    return [*front, *items[first:]]


def _nav(text: str) -> bool:
    return any(word in text for word in _NAV_WORDS) or ">" in text or "＞" in text or "»" in text


def read_html(path: str | Path, catalogue: Catalogue) -> ReadResult:
    """Read a 部门决算 web page."""
    p = Path(path)
    file = str(path)
    check_size(p, MAX_BYTES, "网页")
    head = read_head(p, 8)
    if head.startswith(b"%PDF"):
        raise ReadError(file, "这是 PDF 文件，不是网页（请使用 .pdf 扩展名）")
    if head.startswith(b"PK\x03\x04"):
        raise ReadError(file, "这是压缩包（可能是 Excel 或 Word 文件），不是网页")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(file, f"无法读取文件：{os_problem(exc)}") from exc
    decoded = decode_page(data, file)
    limits = Found()
    items = html_items(decoded.text, file, limits)
    pieces = stream_pieces(items, file, "html")
    pieces.findings.extend(limits.findings)
    pieces.unread.extend(limits.unread)
    document, findings = assemble(pieces, catalogue)
    return ReadResult(report=document, findings=[*report_damage(decoded, file), *findings])
