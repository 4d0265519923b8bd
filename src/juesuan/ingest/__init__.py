"""Readers (layer 2): a file in, a :class:`~juesuan.model.Report` and reading findings out.

One subpackage per format (``text``, ``pdf``, ``excel``, ``docx``, ``html``) with the same shape,
registered in one table (:mod:`juesuan.ingest.formats`); ``common`` holds the recognition that
every format shares; :mod:`juesuan.ingest.problems` is the catalogue of reading problems (RD).
Heavy dependencies are imported inside the format module that needs them.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.classification import default_catalogue
from juesuan.diagnostics import ReadError
from juesuan.ingest.formats import choose, supported_suffixes
from juesuan.ingest.result import ReadResult
from juesuan.model.codes import Catalogue

__all__ = ["ReadError", "ReadResult", "read", "supported_suffixes"]


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
