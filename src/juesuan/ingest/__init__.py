"""Readers (layer 2): a file in, a :class:`~juesuan.model.Report` and reading findings out.

One subpackage per format (``text``, ``pdf``, ``excel``, ``docx``, ``html``) with the same shape;
``common`` holds the recognition that every format shares. Heavy dependencies are imported
inside the format module that needs them.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.classification import default_catalogue
from juesuan.diagnostics import ReadError
from juesuan.ingest.result import ReadResult
from juesuan.model.codes import Catalogue

__all__ = ["ReadError", "ReadResult", "image_suffixes", "read", "read_pages", "supported_suffixes"]

_TEXT = {".txt", ".md", ".markdown", ".text"}
_MODEL = {".json", ".yaml", ".yml"}
_PDF = {".pdf"}
_EXCEL = {".xlsx", ".xlsm", ".xls"}
_DOCX = {".docx"}
_HTML = {".html", ".htm", ".xhtml"}
_IMAGE = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"}  # read by OCR (juesuan.ingest.ocr.files)


def supported_suffixes() -> list[str]:
    return sorted(_TEXT | _MODEL | _PDF | _EXCEL | _DOCX | _HTML | _IMAGE)


def image_suffixes() -> list[str]:
    """Picture files, read by OCR; several of them can be the pages of one document (:func:`read_pages`)."""
    return sorted(_IMAGE)


def read_pages(paths: list[Path], catalogue: Catalogue | None = None, label: str | None = None) -> ReadResult:
    """Read several pictures (JPG/PNG/TIFF/BMP) as the pages of one document, in the order given."""
    from juesuan.ingest.ocr.files import read_images

    for p in paths:
        if p.suffix.lower() not in _IMAGE:
            raise ReadError(str(p), f"按页读取时只接受图片文件（{'、'.join(sorted(_IMAGE))}）")
    return read_images(paths, catalogue or default_catalogue(), label)


def read(path: str | Path, catalogue: Catalogue | None = None) -> ReadResult:
    """Read a 部门决算 document in any supported form.

    Raises :class:`ReadError` (with a Chinese message naming the file) when the input cannot be
    read at all; problems inside a readable document come back as findings.
    """
    p = Path(path)
    cat = catalogue or default_catalogue()
    suffix = p.suffix.lower()
    if not p.exists():
        raise ReadError(str(path), "文件不存在")
    if p.is_dir():
        raise ReadError(str(path), "这是一个目录，不是文件")
    if not p.is_file():
        raise ReadError(str(path), "不是普通文件（可能是设备或管道），无法读取")
    if suffix in _MODEL:
        from juesuan.ingest.canonical import load_canonical

        return ReadResult(report=load_canonical(p))
    if suffix in _PDF:
        from juesuan.ingest.pdf import read_pdf

        return read_pdf(p, cat)
    if suffix in _EXCEL:
        from juesuan.ingest.excel import read_excel

        return read_excel(p, cat)
    if suffix in _DOCX:
        from juesuan.ingest.docx import read_docx

        return read_docx(p, cat)
    if suffix in _HTML:
        from juesuan.ingest.html import read_html

        return read_html(p, cat)
    if suffix in _IMAGE:
        from juesuan.ingest.ocr.files import read_images

        return read_images([p], cat)
    if suffix in _TEXT or suffix == "":
        from juesuan.ingest.text import read_text

        return read_text(p, cat)
    raise ReadError(str(path), f"不支持的文件类型“{suffix}”（支持：{'、'.join(supported_suffixes())}）")
