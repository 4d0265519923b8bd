"""The table of formats juesuan reads: one reader protocol, one registry, no ``if`` chain.

A format is a :class:`Format`: its name, what to call it in messages, the file suffixes that
mean it, a *sniff* (does the start of a file look like this format?) and the reader, given as
``"package.module:function"`` so that a reader's dependencies (PyMuPDF, openpyxl, python-docx,
lxml) are imported only when a file of that format is read.

:func:`choose` picks the format of a file: by its suffix when the suffix is registered, else by
the first format whose sniff recognises the content (a file saved without a suffix, or with one
such as ``.bak``). A reader still checks that the content is what its suffix promises and, where
it can, reads what the content really is (a ``.xls`` that is a web page) or says how to rename
the file (a PDF named ``.txt``).

Adding a format (scanned images, say) is one module with a reader function and one
:func:`register` call (or one entry in :data:`FORMATS` below).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from juesuan.diagnostics import ReadError
from juesuan.ingest.result import ReadResult
from juesuan.model.codes import Catalogue
from juesuan.record import Record

__all__ = ["FORMATS", "Format", "Reader", "choose", "format_named", "register", "supported_suffixes"]


class Reader(Protocol):
    """What every format offers: its suffixes, a sniff of the content, and reading."""

    name: str
    suffixes: tuple[str, ...]

    def sniff(self, path: Path, head: bytes) -> bool: ...

    def read(self, path: Path, catalogue: Catalogue) -> ReadResult: ...


@dataclass(frozen=True, repr=False)
class Format(Record):
    """One registered format (see the module docstring)."""

    name: str  # short ASCII name: "pdf", "xlsx" …
    title: str  # what the format is called in Chinese messages and docs
    suffixes: tuple[str, ...]  # lower case, with the dot
    reader: str  # "package.module:function", the function taking (path, catalogue)
    sniffer: Callable[[Path, bytes], bool]  # the first bytes (and the path, for ZIP packages) look like this format

    def sniff(self, path: Path, head: bytes) -> bool:
        try:
            return self.sniffer(path, head)
        except (OSError, ValueError):
            return False

    def read(self, path: Path, catalogue: Catalogue) -> ReadResult:
        module, _, function = self.reader.partition(":")
        read: Callable[[Path, Catalogue], ReadResult] = getattr(importlib.import_module(module), function)
        return read(path, catalogue)


# ---- sniffs: what the start of a file looks like ---------------------------------------------------
# (they import juesuan.ingest.common.container when called: a file whose suffix is registered is
# never sniffed, and reading a PDF or a text needs nothing else of it)


def _pdf(_path: Path, head: bytes) -> bool:
    return b"%PDF-" in head[:1024]


def _zip_holding(part: str) -> Callable[[Path, bytes], bool]:
    def sniff(path: Path, head: bytes) -> bool:
        from juesuan.ingest.common.container import ZIP_MAGIC

        if not head.startswith(ZIP_MAGIC):
            return False
        import zipfile  # only for a file that starts as a ZIP package does

        try:
            with zipfile.ZipFile(path) as package:  # reads the directory only
                return any(name.lower().endswith(part) for name in package.namelist())
        except zipfile.BadZipFile:
            return False

    return sniff


def _cfb(_path: Path, head: bytes) -> bool:
    from juesuan.ingest.common.container import is_cfb

    return is_cfb(head)


def _html(_path: Path, head: bytes) -> bool:
    from juesuan.ingest.common.container import looks_like_text

    start = head.lstrip()[:512].lower()
    return looks_like_text(head) and (start.startswith((b"<!doctype html", b"<html")) or b"<table" in head.lower())


def _canonical(_path: Path, head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return (start.startswith(b"{") and b'"schema_version"' in head) or start.startswith(b"schema_version:")


def _text(_path: Path, head: bytes) -> bool:
    from juesuan.ingest.common.container import looks_like_text

    return looks_like_text(head)


def _picture(_path: Path, head: bytes) -> bool:
    return head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM"))


#: The registered formats, in the order their sniffs are tried (the most specific first).
FORMATS: list[Format] = [
    Format("pdf", "PDF", (".pdf",), "juesuan.ingest.pdf:read_pdf", _pdf),
    Format("xlsx", "Excel 工作簿", (".xlsx", ".xlsm", ".xls"), "juesuan.ingest.excel:read_excel", _zip_holding("workbook.xml")),
    Format("docx", "Word 文档", (".docx",), "juesuan.ingest.docx:read_docx", _zip_holding("word/document.xml")),
    Format("xls", "旧版 Excel 工作簿", (), "juesuan.ingest.excel:read_excel", _cfb),
    Format("html", "网页", (".html", ".htm", ".xhtml"), "juesuan.ingest.html:read_html", _html),
    Format("canonical", "juesuan 规范报告（JSON/YAML）", (".json", ".yaml", ".yml"), "juesuan.ingest.canonical:read_canonical", _canonical),
    Format("image", "图片（扫描件，OCR 读取）", (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"), "juesuan.ingest.ocr.files:read_image", _picture),
    Format("text", "文本", (".txt", ".md", ".markdown", ".text"), "juesuan.ingest.text:read_text", _text),
]


def register(fmt: Format, *, before: str | None = None) -> Format:
    """Add a format to the table (before the one named ``before``, whose sniff is less specific)."""
    taken = {s for f in FORMATS for s in f.suffixes} & set(fmt.suffixes)
    if any(f.name == fmt.name for f in FORMATS) or taken:
        raise ValueError(f"format {fmt.name} or suffixes {sorted(taken)} already registered")
    index = next((i for i, f in enumerate(FORMATS) if f.name == before), len(FORMATS))
    FORMATS.insert(index, fmt)
    return fmt


def format_named(name: str) -> Format:
    return next(f for f in FORMATS if f.name == name)


def supported_suffixes() -> list[str]:
    return sorted({s for f in FORMATS for s in f.suffixes})


def choose(path: Path) -> Format:
    """The format of ``path``: by suffix, else by content; a :class:`ReadError` when neither tells."""
    suffix = path.suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    from juesuan.ingest.common.container import read_head  # only a file its suffix does not name is sniffed

    head = read_head(path)
    if not head.strip():
        raise ReadError(str(path), "文件是空的" if not head else "文件里只有空白，没有内容")
    for fmt in FORMATS:
        if fmt.sniff(path, head):
            return fmt
    named = f"“{suffix}”" if suffix else "（无扩展名）"
    raise ReadError(str(path), f"不支持的文件类型{named}，内容也不像任何支持的格式（支持：{'、'.join(supported_suffixes())}）")
