"""Picture files (JPG, PNG, TIFF, BMP) as the pages of one document.

The pictures are gathered into one image-only PDF in memory, one page per picture (every frame
of a multi-page TIFF), in the order given, each page as large as an A4 sheet along its long side
(a picture's own resolution is seldom recorded truthfully; the points then mean what they mean
on a printed page). That PDF goes through the PDF reader, whose every page is then read by OCR,
so a folder of scans and a scanned PDF are read, checked and annotated the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from juesuan.diagnostics import ReadError
from juesuan.ingest.result import ReadResult
from juesuan.model.codes import Catalogue

__all__ = ["IMAGE_SUFFIXES", "MAX_PIXELS", "images_pdf", "natural_key", "read_image", "read_images"]

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"})
#: pixels one picture may have at most (a 600 dpi A3 scan has 70 million)
MAX_PIXELS = 100_000_000
#: the long side of a page, in points (A4)
PAGE_LONG_SIDE = 842.0


def natural_key(path: Path) -> tuple[Any, ...]:
    """Sort key that puts ``第2页`` before ``第10页`` and ``p2`` before ``p10``."""
    parts = re.split(r"(\d+)", path.name)
    return tuple((0, int(p)) if p.isdigit() else (1, p.lower()) for p in parts)


def _frames(path: Path) -> list[Any]:
    """The pictures in one file, as PyMuPDF pixmaps (several for a multi-page TIFF); decoded by Pillow."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from juesuan.ingest.pdf.document import pymupdf_module

    pymupdf = pymupdf_module()
    name = str(path)
    if not path.is_file():
        raise ReadError(name, "文件不存在" if not path.exists() else "不是普通文件，无法读取")
    if path.stat().st_size == 0:
        raise ReadError(name, "文件是空的")
    out = []
    try:
        with Image.open(path) as image:
            for frame in ImageSequence.Iterator(image):
                if frame.width * frame.height > MAX_PIXELS:
                    raise ReadError(name, f"图片过大（{frame.width}×{frame.height} 像素），超过读取上限 {MAX_PIXELS // 1_000_000} 百万像素")
                rgb = frame.convert("RGB")
                out.append(pymupdf.Pixmap(pymupdf.csRGB, rgb.width, rgb.height, rgb.tobytes(), False))
    except ReadError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ReadError(name, f"无法作为图片打开（{str(exc)[:80]}）") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ReadError(name, f"图片无法解码（{str(exc)[:80]}），文件可能已损坏") from exc
    if not out:
        raise ReadError(name, "文件中没有图片")
    return out


def images_pdf(paths: Sequence[Path]) -> tuple[bytes, list[str]]:
    """One image-only PDF with a page per picture, in the order of ``paths``, and the file each
    page comes from (a multi-page TIFF once per frame)."""
    from juesuan.ingest.pdf.document import pymupdf_module

    pymupdf = pymupdf_module()
    files: list[str] = []
    with pymupdf.open() as target:
        for path in paths:
            for pix in _frames(path):
                scale = PAGE_LONG_SIDE / max(pix.width, pix.height)
                page = target.new_page(width=pix.width * scale, height=pix.height * scale)
                page.insert_image(page.rect, pixmap=pix)
                files.append(str(path))
        return bytes(target.tobytes(garbage=1, deflate=True)), files


def read_images(paths: Sequence[Path], catalogue: Catalogue, label: str | None = None) -> ReadResult:
    """Read pictures as the pages of one 部门决算 (``label`` names the document: the folder, or the
    first picture)."""
    from juesuan.ingest.common.assemble import assemble
    from juesuan.ingest.pdf.document import pymupdf_module
    from juesuan.ingest.pdf.reader import document_pieces

    if not paths:
        raise ReadError(label or "", "没有可读取的图片")
    name = label or str(paths[0])
    data, sources = images_pdf(paths)
    pymupdf = pymupdf_module()
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        pieces = document_pieces(doc, name)
    pieces.source_format = "image"
    files = [Path(p).name for p in sources] if len(sources) > 1 else []
    if files:  # say which picture each page is
        pieces.findings = [
            f.model_copy(update={"message": f"{f.message}（图片 {files[f.locations[0].page - 1]}）"})
            if f.rule_id == "RD08" and f.locations and f.locations[0].page and f.locations[0].page <= len(files)
            else f
            for f in pieces.findings
        ]
    report, findings = assemble(pieces, catalogue)
    return ReadResult(report=report, findings=findings)


def read_image(path: Path, catalogue: Catalogue) -> ReadResult:
    """One picture file as a one-page document (the reader registered for pictures)."""
    return read_images([path], catalogue)
