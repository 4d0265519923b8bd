"""The reader for 部门决算 converted from PDF to markdown-like text (the seed's form).

What this form looks like: ``#`` headings (set inconsistently), tables as tab-separated rows
under multi-row headers (or as Markdown pipe tables, which :func:`pipe_rows` turns into the same
tab-separated rows), stray ``<b>`` tags, blank lines where the PDF had page breaks (which also
split sentences and tables), thousands separators, blank cells next to ``0.00`` cells.

The reader cuts the lines into cover, table of contents, body text and table blocks, and hands
each to the shared builders of :mod:`juesuan.ingest.common`; it knows nothing about any single
document. Families other than Liaoning arrive in the same form (Shanghai order, codes in three
columns, 合计 at the bottom, the one-row 三公 table, 元 tables) and are read the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

from juesuan.diagnostics import ReadError, os_problem
from juesuan.ingest.common.assemble import Pieces, assemble, refuse_non_document
from juesuan.ingest.common.block import Meta, TableBlock, row_key, starts_section
from juesuan.ingest.common.encoding import Decoded, decode_bytes, report_damage
from juesuan.ingest.common.grid import GridCell
from juesuan.ingest.common.narrative import TOC_TITLES, TextLine, numbering
from juesuan.ingest.common.performance import LEVEL1_NAMES, LEVEL2_NAMES
from juesuan.ingest.common.text import clean, compact
from juesuan.ingest.common.titles import match_table_title, parse_number_line, parse_year_line
from juesuan.ingest.result import ReadResult
from juesuan.model.build import paused_gc
from juesuan.model.codes import Catalogue
from juesuan.model.provenance import Source
from juesuan.model.tables import TableKind

__all__ = ["decode", "parse_text", "pipe_rows", "read_text"]

MAX_BYTES = 20 * 1024 * 1024


#: How other file formats begin (what it is, the suffix it should have, or "" for non-documents).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "PDF", ".pdf"),
    (b"PK\x03\x04", "ZIP 压缩格式（Excel .xlsx、Word .docx 也是这种格式）", ".xlsx 或 .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 格式（Excel .xls 或 Word .doc）", ".xls 或 .doc"),
    (b"{\\rtf", "RTF 文档", ".rtf"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片", ""),
    (b"\xff\xd8\xff", "JPEG 图片", ""),
    (b"GIF8", "GIF 图片", ""),
    (b"\x1f\x8b", "gzip 压缩文件", ""),
    (b"Rar!", "RAR 压缩包", ""),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", ""),
)


#: control characters other than tab, line and page breaks (a binary file read as text has many)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode(data: bytes, path: str) -> str:
    """Bytes of a text file as text, or a :class:`ReadError` saying why not."""
    return decode_text(data, path).text


def decode_text(data: bytes, path: str) -> Decoded:
    """Bytes of a text file as text, with the lines where damaged bytes were replaced, or a
    :class:`ReadError` saying why not (see :mod:`juesuan.ingest.common.encoding`)."""
    if not data.strip():
        raise ReadError(path, "文件是空的" if not data else "文件里只有空白，没有内容")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark ("Unicode" in Windows)
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeError as exc:
            raise ReadError(path, "文件以 UTF-16 标记开头，但内容无法按 UTF-16 解码") from exc
    head = data.lstrip()[:16]
    for magic, what, suffix in _SIGNATURES:
        if head.startswith(magic):
            named = Path(path).suffix or "（无扩展名）"
            if suffix:
                raise ReadError(path, f"文件内容是 {what}，扩展名却是 {named}：请把扩展名改为 {suffix}，按真实格式读取")
            raise ReadError(path, f"文件内容是{what}，不是文本形式的部门决算")
    if b"\x00" in data[:4096]:
        raise ReadError(path, "这是二进制文件，不是文本（请用对应格式的读取器，如 PDF、Excel）")
    decoded = decode_bytes(data)
    if decoded is None:
        raise ReadError(path, "无法识别文本编码（既不是 UTF-8 也不是 GB18030，按两者解码都有大量无效字节）")
    text = decoded.text
    if not text.replace("\ufeff", "").strip():
        raise ReadError(path, "文件里只有空白，没有内容")
    if len(_CONTROL.findall(text, 0, 20000)) > 20:
        raise ReadError(path, "文件中有大量控制字符，不像文本文件")
    return decoded


def read_text(path: str | Path, catalogue: Catalogue) -> ReadResult:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError(str(path), f"无法打开文件：{os_problem(exc)}") from exc
    if size > MAX_BYTES:
        raise ReadError(str(path), f"文件过大（{size // 1024 // 1024} MB），文本形式的决算不应超过 {MAX_BYTES // 1024 // 1024} MB")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"无法读取文件：{os_problem(exc)}") from exc
    decoded = decode_text(data, str(path))
    result = parse_text(decoded.text, str(path), catalogue)
    result.findings.extend(report_damage(decoded, str(path)))
    return result


def _is_heading(raw: str) -> bool:
    stripped = raw.strip()
    if stripped.startswith("#"):
        return True
    inner = stripped.replace("<b>", "").replace("</b>", "")
    return inner.startswith("**") and inner.endswith("**") and len(inner) > 4 and inner.count("**") == 2


def _structural(raw: str) -> bool:
    """A line that ends a table block: a heading, a table title, a part or a 一、 section."""
    text = clean(raw).lstrip("#").strip()
    if not text:
        return False
    if raw.strip().startswith("#") or match_table_title(raw) is not None:
        return True
    return starts_section(text)


_RULE_CELL = re.compile(r"^\s*:?-+:?\s*$")


def pipe_rows(lines: list[str]) -> list[str]:
    """Markdown pipe tables as the tab-separated rows of this form; the ``|---|`` rule becomes a
    blank line (line numbers stay those of the file)."""
    out = []
    for raw in lines:
        stripped = raw.strip()
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            out.append("" if all(_RULE_CELL.match(c) for c in cells) else "\t".join(cells))
        else:
            out.append(raw)
    return out


def parse_text(text: str, file: str, catalogue: Catalogue) -> ReadResult:
    """Read a document in the seed's text form (``file`` names it in messages and sources)."""
    with paused_gc():
        return _parse_text(text, file, catalogue)


def _parse_text(text: str, file: str, catalogue: Catalogue) -> ReadResult:
    lines = pipe_rows(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    name = file

    def src(index: int, value: str = "") -> Source:
        return Source.quick(file=name, line=index + 1, text=value)

    n = len(lines)
    last = next((k for k in range(n - 1, -1, -1) if clean(lines[k])), -1)
    pieces = Pieces(file=file, source_format="text")

    # --- cover and table of contents ---------------------------------------------------------
    toc_at = next((i for i, ln in enumerate(lines[:200]) if compact(ln.lstrip("#")) in TOC_TITLES), None)
    body_start = 0
    if toc_at is not None:
        pieces.cover = [TextLine(clean(lines[i]), src(i, clean(lines[i]))) for i in range(toc_at) if clean(lines[i])]
        first = next((i for i in range(toc_at + 1, n) if clean(lines[i])), None)
        body_start = toc_at + 1
        if first is not None:
            first_text = compact(clean(lines[first]).lstrip("#"))
            num = numbering(first_text)
            key = first_text[: first_text.index("部分") + 2] if num is not None and num[0] == 0 else first_text
            again = next((i for i in range(first + 1, n) if compact(clean(lines[i]).lstrip("#")).startswith(key)), None)
            body_start = again if again is not None else first
            pieces.toc = [TextLine(clean(lines[i]), src(i, clean(lines[i]))) for i in range(toc_at, body_start) if clean(lines[i])]
    else:
        i = 0
        while i < n and i < 6:
            raw = lines[i]
            if clean(raw) and (_structural(raw) or "\t" in raw):
                break
            if clean(raw):
                pieces.cover.append(TextLine(clean(raw), src(i, clean(raw))))
            i += 1
        body_start = i

    # --- body: text lines and table blocks -------------------------------------------------
    i = body_start
    blank = False
    while i < n:
        raw = lines[i]
        if not clean(raw):
            blank = True
            i += 1
            continue
        kind = match_table_title(raw)
        if kind is not None:
            i = _read_block(lines, i, kind, pieces, src, last)
            blank = False
            continue
        if _rule_row(raw):
            i += 1
            continue
        if "\t" in raw:
            cells = [clean(c) for c in raw.split("\t") if clean(c)]
            pieces.body.append(TextLine(" ".join(cells), src(i, raw.strip()), heading=False, blank_before=blank))
        else:
            pieces.body.append(TextLine(clean(raw), src(i, clean(raw)), heading=_is_heading(raw), blank_before=blank))
        blank = False
        i += 1

    refuse_non_document(pieces)
    if not pieces.grids and not pieces.evals:
        # a 情况说明 published without its tables is still a 决算 document (the checker will say
        # the tables are missing); anything else that merely mentions 决算 is not
        promised = any(match_table_title(ln.text) is not None for ln in pieces.toc)
        narrative = any(ln.heading and _NARRATIVE_HEADING.search(ln.text) for ln in pieces.body)
        figures = any(not ln.heading and _FIGURE.search(ln.text) for ln in pieces.body)
        if promised or not (narrative and figures):
            raise ReadError(file, "没有找到任何决算表或绩效自评表：不是完整的部门决算（或文件在决算表之前就中断了）")
    report, findings = assemble(pieces, catalogue)
    return ReadResult(report=report, findings=findings)


_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|元|%)")
_NARRATIVE_HEADING = re.compile(r"决算情况说明|收入支出决算总体|财政拨款支出决算|“三公”经费|三公经费|情况说明|名词解释")


def _rule_row(raw: str) -> bool:
    """A markdown table rule (``-------<TAB>-------``, ``|---|:---:|``): drawing, not content."""
    if "-" not in raw and "—" not in raw and "－" not in raw and "=" not in raw:
        return False
    cells = [c.strip() for c in raw.replace("|", "\t").split("\t")]
    return any(cells) and all(not c or set(c) <= _RULE_CHARS for c in cells)


_RULE_CHARS = set("-:—－=")


def _split(raw: str, index: int, src_file: str) -> list[GridCell]:
    """The cells of a tab-separated row; they share one source (the line), each keeps its text."""
    row = Source.quick(file=src_file, line=index + 1, text=clean(raw))
    return [GridCell(cell, row) for cell in raw.rstrip("\n").split("\t")]


_SENTENCE_END = ("。", "；", "！", "？", ".", ";", "!", "?")


def _cut_row(lines: list[str], j: int, text: str) -> bool:
    """Line ``j`` (the last of the input, without a tab) looks like the start of a table row.

    Right under a row it is one unless it is a sentence; after a blank line (a page break) only
    when it is a code (three digits or more) or the label of a closing row, since a note or a
    page number may follow a table after a blank line.
    """
    if "\t" in lines[j - 1]:
        return not text.endswith(_SENTENCE_END)
    k = j - 1
    while k > 0 and not clean(lines[k]):
        k -= 1
    if "\t" not in lines[k]:
        return False
    key = compact(text)
    return bool(re.fullmatch(r"\d{3,}", key)) or key.startswith(_CLOSING_LABELS) or (len(key) >= 2 and any(c.startswith(key) for c in _CLOSING_LABELS))


def _has_figure(row: list[GridCell]) -> bool:
    """A row with a figure in it is a data row, never a header."""
    return any(re.fullmatch(r"-?[\d,]+\.\d+", c.text.replace("<b>", "").replace("</b>", "").strip()) for c in row)


#: Labels of closing rows: alone on the last line they have lost the figures after them.
_CLOSING_LABELS = ("合计", "总计", "人员经费合计", "公用经费合计", "指标自评得分小计", "绩效自评总得分", "总评价得分")


def _read_block(lines: list[str], start: int, kind: TableKind | str, pieces: Pieces, src, last: int) -> int:  # type: ignore[no-untyped-def]
    """Read one table (or 绩效自评表) block starting at its title line; returns the next line index.

    ``last`` is the index of the last non-blank line of the input.
    """
    n = len(lines)
    title = clean(lines[start]).lstrip("#").strip()
    table = TableBlock(kind=kind, title=title, title_source=src(start, title))
    j = start + 1
    while j < n:
        raw = lines[j]
        text = clean(raw).lstrip("#").strip()
        if not text:
            j += 1
            continue
        if "\t" in raw:
            break
        if _structural(raw) and not parse_year_line(text) and not parse_number_line(text):
            break
        source = src(j, text)
        taken = table.take_meta(text, source)
        if taken is not Meta.TAKEN and not (taken is Meta.OTHER and table.take_name(text, source)):
            table.notes.append((text, source))
        j += 1
    # ``at_end``: the block runs to the end of the input with nothing after its last row (a
    # table followed by its 注 lines was printed whole; one that simply stops may have been cut)
    at_end = False
    note_after_rows = False
    rows = table.rows
    # after a page break (a blank line) the header printed again at the top of the next page is
    # dropped, as the PDF reader drops it (not in a 自评表, where a group label repeated at the
    # top of a page carries meaning)
    header_keys: set[str] = set()
    at_page_top = False
    while j < n:
        raw = lines[j]
        text = clean(raw).lstrip("#").strip()
        if not text:
            at_page_top = bool(rows)
            j += 1
            continue
        if "\t" in raw:
            if table.full:  # a table longer than any real one: the rest is counted, not read
                if table.dropped_at is None:
                    table.drop([[]], src(j, text))
                else:
                    table.dropped += 1
            elif not _rule_row(raw):
                row = _split(raw, j, pieces.file)
                if at_page_top and not header_keys and not table.evaluation:
                    header_keys = {k for k in (row_key(r) for r in rows[:8] if not _has_figure(r)) if k}
                if at_page_top and row_key(row) in header_keys:
                    j += 1
                    continue  # still at the top: the next header row may follow
                rows.append(row)
            at_page_top = False
            note_after_rows = False
            j += 1
            continue
        at_page_top = False
        if table.evaluation and compact(text) in LEVEL1_NAMES | LEVEL2_NAMES | {"绩效指标"}:
            rows.append([GridCell(text=text, source=src(j, text))])
            note_after_rows = False
            j += 1
            continue
        if j == last and rows and _cut_row(lines, j, text):
            # the input's last line is a row cut off before its first tab (``20801`` of
            # ``20801→人力资源…``), not a heading or a note
            rows.append(_split(raw, j, pieces.file))
            note_after_rows = False
            j += 1
            continue
        if _structural(raw):
            break
        table.notes.append((text, src(j, text)))
        note_after_rows = note_after_rows or bool(rows)
        j += 1
    else:
        at_end = not note_after_rows
    table.finish(pieces, at_end)
    return j
