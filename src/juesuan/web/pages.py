"""A checked PDF's pages as pictures, and where each finding is on them.

PyMuPDF renders a page to PNG once (kept under the data folder, by the file's hash and the page);
the findings are not painted into the picture but drawn over it in the page (an SVG in the page's
own coordinates, PDF points), so that each box is a link to its finding, shows its message on
hover and is told by its colour: red an error, orange a warning, blue a hint, light blue a 尾差.
The boxes come from each finding's location: its page and the box of its cell or paragraph.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from juesuan.diagnostics import CheckReport, Finding
from juesuan.record import Record

__all__ = ["PAGED_SUFFIXES", "Box", "PageGeometry", "boxes_by_page", "level", "page_geometry", "page_source", "render_page"]

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
PAGED_SUFFIXES = (".pdf", *PICTURE_SUFFIXES)


def page_source(path: Path, cache: Path) -> Path:
    """The PDF whose pages a file's findings are boxed on: a PDF itself; for a scanned picture,
    the one-page PDF the reader made of it (``api.pages_pdf``), written once into ``cache``."""
    if not path.name.lower().endswith(PICTURE_SUFFIXES):
        return path
    target = cache / "pages.pdf"
    if not target.is_file():
        from juesuan import api

        api.write_atomic_bytes(target, api.pages_pdf([path]))
    return target


@dataclass(frozen=True, repr=False)
class PageGeometry(Record):
    count: int
    sizes: tuple[tuple[float, float], ...]  # (width, height) in points, per page


@dataclass(frozen=True, repr=False)
class Box(Record):
    finding: int  # index of the finding in the check report
    x: float
    y: float
    width: float
    height: float
    level: str  # error / warning / info / rounding
    title: str


def level(finding: Finding) -> str:
    return "rounding" if finding.rounding else finding.severity.value


def page_geometry(path: Path) -> PageGeometry:
    import pymupdf

    with pymupdf.open(str(path), filetype="pdf") as doc:
        sizes = tuple((float(page.rect.width), float(page.rect.height)) for page in doc)
    return PageGeometry(count=len(sizes), sizes=sizes)


def render_page(path: Path, number: int, cache: Path, dpi: int) -> bytes:
    """Page ``number`` (1-based) of the PDF at ``path`` as PNG, from ``cache`` when rendered before."""
    target = cache / f"{number}@{dpi}.png"
    if target.is_file():
        return target.read_bytes()
    import pymupdf

    with pymupdf.open(str(path), filetype="pdf") as doc:
        if not 1 <= number <= doc.page_count:
            raise IndexError(number)
        png = bytes(doc[number - 1].get_pixmap(dpi=dpi, annots=False).tobytes("png"))
    cache.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache, prefix=".page-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(png)
    os.replace(tmp, target)
    return png


def boxes_by_page(report: CheckReport) -> dict[int, list[Box]]:
    """Every located finding's boxes, by page; hints first so that errors lie on top. Waived
    findings are left out, as in the annotated PDF."""
    pages: dict[int, list[Box]] = {}
    order = sorted(range(len(report.findings)), key=lambda i: -_rank(report.findings[i]))
    for index in order:
        finding = report.findings[index]
        if finding.waived is not None:
            continue
        seen: set[tuple[int, tuple[float, ...]]] = set()
        for loc in finding.locations:
            if loc.page is None or loc.bbox is None:
                continue
            x0, y0, x1, y1 = loc.bbox
            if x1 <= x0 or y1 <= y0 or (loc.page, loc.bbox) in seen:
                continue
            seen.add((loc.page, loc.bbox))
            pad = 1.5
            pages.setdefault(loc.page, []).append(
                Box(index, x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad, level(finding), f"{finding.rule_id} {finding.message}")
            )
    return pages


def _rank(finding: Finding) -> int:
    return 3 if finding.rounding else finding.severity.rank  # error 0 … info 2, 尾差 last
