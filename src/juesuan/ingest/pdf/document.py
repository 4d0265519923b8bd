"""Opening a PDF and taking what the reader needs from each page: words and ruling lines.

Only PyMuPDF's fast primitives are used: ``page.get_text("words")`` (one tuple per word, no
per-character objects) and ``page.get_cdrawings()`` (the page's line art). Line art is asked for
only on pages that may hold a table, because interpreting a page's drawings costs as much as
extracting its text.

Limits keep hostile files in check: a page count limit (``MAX_PAGES``, overridable with the
environment variable ``JUESUAN_PDF_MAX_PAGES`` or the ``max_pages`` argument), a file size limit,
and a cap on the drawing items examined per page.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from juesuan.diagnostics import ReadError, os_problem
from juesuan.record import Record

__all__ = [
    "MAX_BYTES",
    "MAX_CONTENT",
    "MAX_DRAWINGS",
    "MAX_PAGES",
    "PageContent",
    "Segment",
    "Word",
    "content_too_large",
    "line_fonts",
    "max_pages_setting",
    "open_pdf",
    "page_rules",
    "page_words",
    "pymupdf_module",
    "typeface",
]

#: Pages read at most. A 部门决算 with all its 绩效自评表 runs to a few dozen pages, a large
#: central department's to a few hundred; a file beyond this is refused before any page is read.
MAX_PAGES = 500
#: Bytes read at most (a 决算 PDF is a few MB; scanned ones some tens of MB).
MAX_BYTES = 200 * 1024 * 1024
#: Drawing items examined per page; beyond this the page's tables are not rebuilt (a finding says so).
MAX_DRAWINGS = 20000
#: Bytes of a page's content streams (with the form XObjects it draws) read at most, decompressed. A dense table page holds a few
#: hundred KB; a few-MB file can inflate to gigabytes (a content-stream bomb), which PyMuPDF would
#: parse whole before any other limit applies.
MAX_CONTENT = 32 * 1024 * 1024


def content_too_large(doc: Any, page: Any, limit: int = MAX_CONTENT) -> bool:
    """The page's content streams, with the form XObjects it draws counted each time they are
    drawn, inflate to more than ``limit`` bytes (counted while inflating, never held whole).
    Streams with filters other than Flate are counted by their stored size."""
    try:
        return _content_size(doc, page, limit) > limit
    except Exception:  # a damaged object: PyMuPDF reports what it cannot read of the page
        return False


#: Deflate's largest possible expansion (a 258-byte match coded in 2 bits: 1 : 1032), with room to spare.
_DEFLATE_RATIO = 1100
#: ``/Name Do``: a content stream drawing the XObject of that name (PyMuPDF parses a form's content at each)
_DRAW = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s*Do(?![^\s/\[\]<>(){}%])")
#: ``#xx`` in a name (PDF 1.2+, ISO 32000-1 7.3.5): the byte of those two hex digits
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _name(written: bytes) -> bytes:
    """The name a content stream writes as ``written`` (``/F#6f1`` is ``/Fo1``). A ``#`` without two
    hex digits, and ``#00`` (no name holds a NUL), stay as written, as MuPDF reads them."""
    if b"#" not in written:
        return written
    return _ESCAPE.sub(lambda m: m[0] if m[1] == b"00" else bytes.fromhex(m[1].decode("ascii")), written)


def _content_size(doc: Any, page: Any, limit: int) -> int:
    """The size of what PyMuPDF parses for the page, counted up to just past ``limit``: its content
    streams inflated and, when it draws form XObjects, each form's size (its own forms included)
    times the number of times it is drawn — a bomb moved into a form, or a small form drawn a
    hundred thousand times, is parsed all the same. A page without forms whose streams even
    Deflate's largest expansion keeps within ``limit`` is not inflated at all (most pages)."""
    contents = list(page.get_contents())
    try:
        forms = page.get_xobjects()  # (xref, name, invoker, bbox), forms inside forms too
    except Exception:  # damaged resources: the page's own content is still counted
        forms = []
    if not forms:
        streams = [_stream(doc, xref) for xref in contents]
        bound = sum(len(raw) * (_DEFLATE_RATIO if flate else 1) for raw, flate in streams)
        if bound <= limit:
            return bound
    named: dict[int, dict[bytes, int]] = {}  # invoker (0: the page) → name (its bytes, decoded) → form
    for xref, name, invoker, _bbox in forms:
        # PyMuPDF gives the resource's name decoded (``/F#6f1`` as "Fo1"), its bytes as UTF-8 or, where
        # they are not, as surrogate escapes: encoded back, they are the name's bytes
        named.setdefault(invoker, {})[name.encode("utf-8", "surrogateescape")] = xref
    sizes: dict[int, int] = {}

    def drawn(xrefs: list[int], invoker: int, budget: int, inside: frozenset[int]) -> int:
        draws: dict[bytes, int] = {}
        total = 0
        for xref in xrefs:
            total += _inflated(doc, xref, budget + 1 - total, draws if invoker in named else None)
            if total > budget:
                return total
        for written, times in draws.items():  # counted as written: each spelling is decoded once
            form = named[invoker].get(_name(written))
            if form is None or form in inside:
                continue
            if form not in sizes:
                sizes[form] = drawn([form], form, budget, inside | {form})
            total += times * sizes[form]
            if total > budget:
                return total
        return total

    return drawn(contents, 0, limit, frozenset())


def _stream(doc: Any, xref: int) -> tuple[bytes, bool]:
    """A stream's stored bytes, and whether it is Flate alone (what can be inflated here)."""
    kind, value = doc.xref_get_key(xref, "Filter")
    return doc.xref_stream_raw(xref) or b"", kind != "null" and value == "/FlateDecode"


def _inflated(doc: Any, xref: int, budget: int, draws: dict[bytes, int] | None) -> int:
    """The stream's size inflated, counted up to ``budget`` (a Flate stream, else its stored size),
    with its ``/Name Do`` operators counted into ``draws`` when given (a piece at a time: a name cut
    between two pieces is read whole from the overlap)."""
    import zlib

    raw, flate = _stream(doc, xref)
    if not flate:
        if draws is not None:
            for match in _DRAW.finditer(raw):
                draws[match.group(1)] = draws.get(match.group(1), 0) + 1
        return len(raw)
    inflater = zlib.decompressobj()
    data, total, tail = raw, 0, b""
    try:
        while total <= budget:
            before = len(data)
            piece = inflater.decompress(data, min(budget + 1 - total, 1 << 20))
            data = inflater.unconsumed_tail
            total += len(piece)
            if draws is not None:
                window = tail + piece
                for match in _DRAW.finditer(window):
                    if match.end() > len(tail):  # not counted with the previous piece
                        draws[match.group(1)] = draws.get(match.group(1), 0) + 1
                tail = window[-256:]
            if not piece and (inflater.eof or len(data) == before):  # the end, or no progress
                break
    except zlib.error:
        pass  # a damaged stream: PyMuPDF says what it can read of it
    return total


def max_pages_setting(override: int | None = None) -> int:
    """The page limit in force: the argument, else ``JUESUAN_PDF_MAX_PAGES``, else :data:`MAX_PAGES`."""
    if override is not None:
        return override
    env = os.environ.get("JUESUAN_PDF_MAX_PAGES", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return MAX_PAGES


class Word(NamedTuple):
    """A word as PyMuPDF cuts it (at white space), with its box and its line (a tuple: pages
    hold thousands, made straight from PyMuPDF's own tuples)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    block: int
    line: int

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


class Segment(NamedTuple):
    """A horizontal (``y0 == y1``) or vertical (``x0 == x1``) ruling line (a tuple: a table page
    has hundreds before they are merged)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y0 == self.y1


@dataclass(repr=False)
class PageContent(Record):
    """One PDF page as read: its words, ruling, images, and what is kept to ask for later."""

    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rules: list[Segment] | None = None  # None until asked for
    images: int = 0
    error: str = ""
    textpage: Any = None  # PyMuPDF's text page, kept to ask for fonts later (see :func:`line_fonts`)
    fonts: dict[tuple[int, int], frozenset[str]] | None = None  # (block, line) -> fonts of its Chinese characters
    blocks: list[dict[str, Any]] | None = None  # the text page as PyMuPDF's dict, once asked for
    ocr: Any = None  # for a page read from its image: the OCR details (``juesuan.ingest.ocr.page.OcrPage``)


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


#: a character :func:`_is_cjk` holds Chinese, found in a whole text at once
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


_FACES = (
    ("楷体", ("kai", "楷")),
    ("仿宋", ("fangsong", "fang", "仿宋")),
    ("小标宋", ("xiaobiaosong", "小标宋")),
    ("中宋", ("zhongsong", "中宋")),
    ("黑体", ("hei", "黑", "sans", "gothic")),
    ("宋体", ("song", "simsun", "宋", "serif", "ming", "明")),
)


def typeface(font: str) -> str:
    """The typeface a font name stands for: ``FangSong_GB2312``, ``FangSong`` and ``仿宋`` are all
    仿宋 (a subset prefix ``ABCDEF+`` and a GBK name read as Latin-1 are undone)."""
    name = font.split("+", 1)[-1]
    if any(ord(c) > 127 for c in name):
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("latin-1").decode("gbk")
    lower = name.lower().replace(" ", "")
    for face, keys in _FACES:
        if any(key in lower for key in keys):
            return face
    return re.sub(r"(?i)[-_,]?(regular|normal|roman|book|medium|gb2312|psmt|mt)$", "", lower)


@lru_cache(maxsize=256)  # a document uses a few fonts in thousands of spans
def _face(font: str, flags: int) -> str:
    """The typeface of a span set in ``font`` with PyMuPDF's ``flags``; a bold face counts as a face
    of its own (``黑体/bold``)."""
    bold = flags & 16 or "bold" in font.lower()
    return f"{typeface(font)}/bold" if bold else typeface(font)


def page_blocks(content: PageContent) -> list[dict[str, Any]]:
    """The page's text and line-art blocks as PyMuPDF's dict (taken once, then kept)."""
    if content.blocks is None:
        try:
            content.blocks = list(content.textpage.extractDICT().get("blocks", ())) if content.textpage is not None else []
        except Exception:
            content.blocks = []
    return content.blocks


def line_fonts(content: PageContent) -> dict[tuple[int, int], frozenset[str]]:
    """The typefaces the Chinese characters of each printed line (by PyMuPDF's block and line
    number, as in the words) are set in; a bold face counts as a face of its own (``黑体/bold``).

    Digits and Latin letters are left out: documents set them in a Latin font (Times New Roman)
    inside Chinese text of any weight. Asked for only on pages that need it (headings)."""
    if content.fonts is not None:
        return content.fonts
    fonts: dict[tuple[int, int], frozenset[str]] = {}
    text_blocks = [block for block in page_blocks(content) if block.get("type") == 0]  # words number text blocks only
    for b, block in enumerate(text_blocks):
        for n, line in enumerate(block.get("lines", ())):
            names = set()
            for span in line.get("spans", ()):
                if _CJK.search(span.get("text", "")):
                    names.add(_face(span.get("font", ""), span.get("flags", 0)))
            if names:
                fonts[(b, n)] = frozenset(names)
    content.fonts = fonts
    return fonts


def pymupdf_module() -> Any:
    """PyMuPDF, imported without its optional add-ons.

    PyMuPDF 2 imports ``pymupdf.layout`` (an ONNX page-layout model) and ``pymupdf4llm`` (which
    loads ONNX Runtime and NumPy) whenever they are installed; the reader uses neither, and
    loading them costs more CPU and memory than reading a whole 决算 PDF. They are skipped for
    PyMuPDF's own start-up only: a program that imports them later still gets them."""
    loaded = sys.modules.get("pymupdf")
    if loaded is not None:
        return loaded
    blocked = [name for name in _ADD_ONS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail fast
    try:
        import pymupdf
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return pymupdf


_ADD_ONS = ("pymupdf.layout", "pymupdf4llm")


def open_pdf(path: str | Path, max_pages: int | None = None) -> Any:
    """The open PyMuPDF document, or a :class:`ReadError` saying in Chinese why not."""
    pymupdf = pymupdf_module()

    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError(name, f"无法打开文件：{os_problem(exc)}") from exc
    if size == 0:
        raise ReadError(name, "文件是空的")
    if size > MAX_BYTES:
        raise ReadError(name, f"文件过大（{size // 1024 // 1024} MB），超过 PDF 读取上限 {MAX_BYTES // 1024 // 1024} MB")
    with p.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise ReadError(name, "这不是 PDF 文件（文件开头没有 %PDF 标记），或文件已损坏")
    try:
        doc = pymupdf.open(name, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises its own FileDataError/RuntimeError types
        raise ReadError(name, f"PDF 文件已损坏，无法打开（{_short(exc)}）") from exc
    if doc.needs_pass:
        doc.close()
        raise ReadError(name, "PDF 已加密，需要密码才能打开；请提供未加密的文件")
    try:
        pages = doc.page_count
    except Exception as exc:
        doc.close()
        raise ReadError(name, f"PDF 文件已损坏，无法读取页面（{_short(exc)}）") from exc
    if pages == 0:
        doc.close()
        raise ReadError(name, "PDF 没有任何页面")
    limit = max_pages_setting(max_pages)
    if pages > limit:
        doc.close()
        raise ReadError(
            name,
            f"PDF 共 {pages} 页，超过读取上限 {limit} 页；部门决算一般不超过数百页。"
            "如确需读取，请设置环境变量 JUESUAN_PDF_MAX_PAGES",
        )
    return doc


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:120]


_WORD_FLAGS: int | None = None


def _flags() -> int:
    global _WORD_FLAGS
    if _WORD_FLAGS is None:
        pymupdf = pymupdf_module()

        # TEXT_COLLECT_VECTORS: the line art comes with the text, from the same interpretation of
        # the page (see page_rules); PyMuPDF versions without it leave the flag 0
        _WORD_FLAGS = (
            pymupdf.TEXT_PRESERVE_LIGATURES
            | pymupdf.TEXT_PRESERVE_WHITESPACE
            | pymupdf.TEXT_MEDIABOX_CLIP
            | getattr(pymupdf, "TEXT_COLLECT_VECTORS", 0)
        )
    return _WORD_FLAGS


_new = tuple.__new__

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _visible(text: str) -> str:
    """A word without zero-width characters (break opportunities a typesetter left in the text)."""
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def page_words(page: Any, number: int) -> PageContent:
    """The words of one page (text only; ruling lines are read later, on demand)."""
    rect = page.rect
    content = PageContent(number=number, width=rect.width, height=rect.height)
    try:
        textpage = page.get_textpage(flags=_flags())
        raw = textpage.extractWORDS()
    except Exception as exc:
        content.error = _short(exc)
        return content
    content.textpage = textpage
    words = [_new(Word, w[:7]) for w in raw if w[4] and not w[4].isspace()]  # Word._make without its length check
    if _interleaved(words):
        rebuilt, fonts = _words_from_chars(textpage)
        if rebuilt:
            words, content.fonts = rebuilt, fonts
    if any(_INVISIBLE.search(w.text) for w in words):
        words = [w._replace(text=_visible(w.text)) for w in words]
        words = [w for w in words if w.text]
    content.words = words
    if not content.words:
        try:
            content.images = len(page.get_images(full=False))
        except Exception:
            content.images = 0
    return content


_bottom = itemgetter(3)  # a word's y1


def _interleaved(words: list[Word]) -> bool:
    """Words that overlap on one printed line: the file stores the page's characters in another
    order than they are printed, so PyMuPDF's words are pieces taken from here and there."""
    ordered = sorted(words, key=_bottom)
    start = 0
    for end in range(1, len(ordered) + 1):
        first = ordered[start]
        height = first.y1 - first.y0
        if end < len(ordered) and ordered[end].y1 - first.y1 <= 0.3 * height:
            continue
        line = sorted(ordered[start:end], key=lambda w: w.x0)
        for a, b in itertools.pairwise(line):
            if b.x0 < a.x1 - 0.3 * min(a.y1 - a.y0, b.y1 - b.y0):
                return True
        start = end
    return False


_Char = tuple[float, float, float, float, float, str, str]  # baseline, x0, y0, x1, y1, character, typeface


def _words_from_chars(textpage: Any) -> tuple[list[Word], dict[tuple[int, int], frozenset[str]]]:
    """The page's words rebuilt from its characters by where they are printed: characters on one
    baseline, left to right, cut at white space and at gaps; the same character printed twice at
    one place (simulated bold) counted once. The words of one printed line share a key
    ``(-n, 0)`` in place of PyMuPDF's (block, line), and the typefaces of each line's Chinese
    characters come with them (what :func:`line_fonts` gives for an ordinary page)."""
    try:
        blocks = [b for b in textpage.extractRAWDICT().get("blocks", ()) if b.get("type") == 0]
    except Exception:
        return [], {}
    chars: list[_Char] = []
    for block in blocks:
        for line in block.get("lines", ()):
            for span in line.get("spans", ()):
                face = _face(span.get("font", ""), span.get("flags", 0))
                for char in span.get("chars", ()):
                    x0, y0, x1, y1 = char["bbox"]
                    chars.append((char["origin"][1], x0, y0, x1, y1, char["c"], face))
    chars.sort()
    lines: list[list[_Char]] = []
    for char in chars:
        if lines and abs(char[0] - lines[-1][0][0]) <= 0.3 * max(char[4] - char[2], 1.0):
            lines[-1].append(char)
        else:
            lines.append([char])
    words: list[Word] = []
    fonts: dict[tuple[int, int], frozenset[str]] = {}
    for number, line in enumerate(lines, start=1):
        key = (-number, 0)
        faces = frozenset(c[6] for c in line if _is_cjk(c[5]))
        if faces:
            fonts[key] = faces
        line.sort(key=lambda c: c[1])
        current: list[_Char] = []
        for char in line:
            if current:
                last = current[-1]
                height = max(char[4] - char[2], 1.0)
                if char[5] == last[5] and abs(char[1] - last[1]) < 0.3 * height:
                    continue  # printed again over itself
                if char[5].isspace() or char[1] - last[3] > 0.25 * height:
                    words.append(_word(current, key))
                    current = []
            if not char[5].isspace():
                current.append(char)
        if current:
            words.append(_word(current, key))
    return words, fonts


def _word(chars: list[_Char], key: tuple[int, int]) -> Word:
    return Word(
        min(c[1] for c in chars),
        min(c[2] for c in chars),
        max(c[3] for c in chars),
        max(c[4] for c in chars),
        "".join(c[5] for c in chars),
        key[0],
        key[1],
    )


_THIN = 2.5  # a filled rectangle this thin is a ruling line


def _vector_rules(content: PageContent) -> tuple[list[Segment], bool] | None:
    """Ruling lines from the line art collected with the text (no second pass over the page).

    Each path comes as its box: a thin box is a line, a stroked rectangle four lines. A stroked
    path that is neither (several lines in one path, a curve) cannot be told from its box: then
    ``None``, and the drawings are read one by one (:func:`page_rules`)."""
    horizontal: list[tuple[float, float, float]] = []  # (y, x0, x1)
    vertical: list[tuple[float, float, float]] = []  # (x, y0, y1)
    if content.blocks is None:
        # the block list is cheaper than the dict; it has no stroked/rectangle flags, which only
        # boxes that are not thin lines need
        try:
            blocks = content.textpage.extractBLOCKS()
        except Exception:
            blocks = None
        thin = blocks is not None
        count = 0
        for x0, y0, x1, y1, _text, _number, kind in blocks or ():
            if kind != 3:
                continue
            count += 1
            w, h = x1 - x0, y1 - y0
            if h <= _THIN and w > h:
                horizontal.append(((y0 + y1) / 2, x0, x1))
            elif w <= _THIN and h > w:
                vertical.append(((x0 + x1) / 2, y0, y1))
            elif h > _THIN and w > _THIN:  # not a line: its flags tell what it is
                thin = False
                break
        if thin:
            if count > MAX_DRAWINGS:
                return [], True
            out = [Segment(x0, y, x1, y) for y, x0, x1 in _merge(horizontal)]
            out.extend([Segment(x, y0, x, y1) for x, y0, y1 in _merge(vertical)])
            return out, False
        horizontal.clear()
        vertical.clear()
    count = 0
    for block in page_blocks(content):
        if block.get("type") != 3:
            continue
        count += 1
        if count > MAX_DRAWINGS:
            return [], True
        x0, y0, x1, y1 = block["bbox"]
        w, h = x1 - x0, y1 - y0
        if h <= _THIN and w > h:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif w <= _THIN and h > w:
            vertical.append(((x0 + x1) / 2, y0, y1))
        elif block.get("stroked"):
            if not block.get("isrect"):
                return None
            horizontal.extend(((y0, x0, x1), (y1, x0, x1)))
            vertical.extend(((x0, y0, y1), (x1, y0, y1)))
    out = [Segment(x0, y, x1, y) for y, x0, x1 in _merge(horizontal)]
    out.extend(Segment(x, y0, x, y1) for x, y0, y1 in _merge(vertical))
    return out, False


def page_rules(page: Any, content: PageContent | None = None) -> tuple[list[Segment], bool]:
    """The page's horizontal and vertical ruling lines, merged; ``True`` when there were too many.

    Taken from the line art collected with the text when it tells them apart, else from the
    page's drawings."""
    collected: int = getattr(pymupdf_module(), "TEXT_COLLECT_VECTORS", 0)
    if content is not None and content.textpage is not None and collected:
        found = _vector_rules(content)
        if found is not None:
            return found
    try:
        paths = page.get_cdrawings()
    except Exception:
        return [], False
    horizontal: list[tuple[float, float, float]] = []  # (y, x0, x1)
    vertical: list[tuple[float, float, float]] = []  # (x, y0, y1)
    count = 0
    for path in paths:
        stroked = "s" in (path.get("type") or "")
        for item in path.get("items", ()):
            count += 1
            if count > MAX_DRAWINGS:
                return [], True
            op = item[0]
            if op == "l":
                (ax, ay), (bx, by) = item[1], item[2]
                if abs(ay - by) <= 1.0 and abs(ax - bx) > 1.0:
                    horizontal.append(((ay + by) / 2, min(ax, bx), max(ax, bx)))
                elif abs(ax - bx) <= 1.0 and abs(ay - by) > 1.0:
                    vertical.append(((ax + bx) / 2, min(ay, by), max(ay, by)))
            elif op in ("re", "qu"):
                if op == "re":
                    x0, y0, x1, y1 = item[1]
                else:
                    xs = [pt[0] for pt in item[1]]
                    ys = [pt[1] for pt in item[1]]
                    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
                x0, x1 = min(x0, x1), max(x0, x1)
                y0, y1 = min(y0, y1), max(y0, y1)
                w, h = x1 - x0, y1 - y0
                if h <= _THIN and w > h:
                    horizontal.append(((y0 + y1) / 2, x0, x1))
                elif w <= _THIN and h > w:
                    vertical.append(((x0 + x1) / 2, y0, y1))
                elif stroked and w > _THIN and h > _THIN:
                    horizontal.append((y0, x0, x1))
                    horizontal.append((y1, x0, x1))
                    vertical.append((x0, y0, y1))
                    vertical.append((x1, y0, y1))
    out = [Segment(x0, y, x1, y) for y, x0, x1 in _merge(horizontal)]
    out.extend(Segment(x, y0, x, y1) for x, y0, y1 in _merge(vertical))
    return out, False


def _merge(segments: list[tuple[float, float, float]], tol: float = 1.2, gap: float = 2.0) -> list[tuple[float, float, float]]:
    """Collinear pieces (same position within ``tol``) that touch or overlap, joined."""
    if not segments:
        return []
    segments.sort()
    # cluster positions first, so that a line drawn as pieces at 134.4 and 134.9 is one line
    clusters: list[list[tuple[float, float, float]]] = []
    cluster: list[tuple[float, float, float]] = []
    first = 0.0
    for seg in segments:
        if cluster and seg[0] - first <= tol:
            cluster.append(seg)
        else:
            cluster = [seg]
            first = seg[0]
            clusters.append(cluster)
    out: list[tuple[float, float, float]] = []
    for cluster in clusters:
        pos = sum([s[0] for s in cluster]) / len(cluster)
        if len(cluster) == 1:
            out.append((pos, cluster[0][1], cluster[0][2]))
            continue
        spans = sorted([(s[1], s[2]) for s in cluster])
        start, end = spans[0]
        for a, b in spans[1:]:
            if a <= end + gap:
                end = max(end, b)
            else:
                out.append((pos, start, end))
                start, end = a, b
        out.append((pos, start, end))
    return out
