"""Readers (layer 2): a file in, a :class:`~juesuan.model.Report` and reading findings out.

One subpackage per format (``text``, ``pdf``, ``excel``, ``docx``, ``html``, ``ocr`` for pictures)
with the same shape, registered in one table (:mod:`juesuan.ingest.formats`); ``common`` holds the
recognition that every format shares; :mod:`juesuan.ingest.problems` is the catalogue of reading
problems (RD). Heavy dependencies are imported inside the format module that needs them.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.classification import default_catalogue
from juesuan.diagnostics import ReadError
from juesuan.ingest.formats import choose, format_named, supported_suffixes
from juesuan.ingest.result import ReadResult
from juesuan.model.codes import Catalogue

__all__ = ["ReadError", "ReadResult", "image_suffixes", "read", "read_pages", "supported_suffixes"]


def image_suffixes() -> list[str]:
    """Picture files, read by OCR; several of them can be the pages of one document (:func:`read_pages`)."""
    return sorted(format_named("image").suffixes)


def read_pages(paths: list[Path], catalogue: Catalogue | None = None, label: str | None = None) -> ReadResult:
    """Read several pictures (JPG/PNG/TIFF/BMP) as the pages of one document, in the order given."""
    from juesuan.ingest.ocr.files import read_images

    suffixes = image_suffixes()
    for p in paths:
        if p.suffix.lower() not in suffixes:
            raise ReadError(str(p), f"按页读取时只接受图片文件（{'、'.join(suffixes)}）")
    return read_images(paths, catalogue or default_catalogue(), label)


def read(path: str | Path, catalogue: Catalogue | None = None) -> ReadResult:
    """Read a 部门决算 document in any registered format.

    Raises :class:`ReadError` (with a Chinese message naming the file) when nothing usable can be
    read; a part that cannot be read (a cell, a row, a table, a page) comes back as a located
    finding and is recorded in the report (``Report.unread``), and the rest is read.
    """
    p = Path(path)
    if not p.exists():
        raise ReadError(str(path), "文件不存在")
    if p.is_dir():
        raise ReadError(str(path), "这是一个目录，不是文件")
    if not p.is_file():
        raise ReadError(str(path), "不是普通文件（可能是设备或管道），无法读取")
    return choose(p).read(p, catalogue or default_catalogue())
