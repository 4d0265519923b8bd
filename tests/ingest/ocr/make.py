"""Scanned copies of corpus pages, made at test time (the corpus is never copied into the repository)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf


def page_image(src: Path, number: int, dpi: int = 200, angle: float = 0.0) -> pymupdf.Pixmap:
    """Page ``number`` (1-based) of ``src`` as a picture, turned by ``angle`` degrees if asked."""
    with pymupdf.open(src) as doc:
        pix = doc[number - 1].get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
    if angle:
        import cv2

        rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3)
        matrix = cv2.getRotationMatrix2D((pix.w / 2, pix.h / 2), angle, 1.0)
        rgb = cv2.warpAffine(rgb, matrix, (pix.w, pix.h), borderValue=(255, 255, 255))
        pix = pymupdf.Pixmap(pymupdf.csRGB, pix.w, pix.h, np.ascontiguousarray(rgb).tobytes(), False)
    return pix


def scan_pages(src: Path, out: Path, pages: set[int], dpi: int = 200, quality: int = 70, angle: float = 0.0) -> Path:
    """``src`` with the ``pages`` replaced by JPEG pictures of themselves (no text layer): a PDF
    whose stamped table pages were scanned (fed askew by ``angle`` degrees if asked), the rest typeset. ``quality`` 0 stores the pictures losslessly (PNG)."""
    with pymupdf.open(src) as doc, pymupdf.open() as target:
        for index, page in enumerate(doc):
            if index + 1 not in pages:
                target.insert_pdf(doc, from_page=index, to_page=index)
                continue
            pix = page_image(src, index + 1, dpi, angle)
            new = target.new_page(width=page.rect.width, height=page.rect.height)
            data = pix.tobytes("jpeg", jpg_quality=quality) if quality > 0 else pix.tobytes("png")
            new.insert_image(new.rect, stream=data)
        target.save(out)
    return out
