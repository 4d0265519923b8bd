"""Small PDFs drawn at test time with PyMuPDF: ruled tables, running heads, paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

FONT = "china-s"  # PyMuPDF's built-in CJK font: extraction works without embedding


@dataclass
class Table:
    x: float
    y: float
    widths: list[float]
    rows: list[list[str]]
    height: float = 18.0
    heights: dict[int, float] = field(default_factory=dict)  # row index -> height (wrapped names)
    size: float = 8.0

    def bottom(self) -> float:
        return self.y + sum(self.heights.get(i, self.height) for i in range(len(self.rows)))


@dataclass
class Page:
    texts: list[tuple[float, float, str, float]] = field(default_factory=list)  # x, baseline y, text, size
    tables: list[Table] = field(default_factory=list)
    image: bool = False  # a page that is only a picture (a scan)
    width: float = 595.0
    height: float = 842.0


def _draw_table(page: pymupdf.Page, table: Table) -> None:
    xs = [table.x]
    for w in table.widths:
        xs.append(xs[-1] + w)
    y = table.y
    for i, row in enumerate(table.rows):
        h = table.heights.get(i, table.height)
        page.draw_line((xs[0], y), (xs[-1], y), width=0.6)
        for j, text in enumerate(row):
            for k, part in enumerate(text.split("\n")):
                if part:
                    page.insert_text((xs[j] + 2, y + 12 + k * (table.size + 3)), part, fontname=FONT, fontsize=table.size)
        y += h
    page.draw_line((xs[0], y), (xs[-1], y), width=0.6)
    for x in xs:
        page.draw_line((x, table.y), (x, y), width=0.6)


def build(pages: list[Page], path: Path) -> Path:
    doc = pymupdf.open()
    for spec in pages:
        page = doc.new_page(width=spec.width, height=spec.height)
        if spec.image:
            pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 60, 80), False)
            pix.clear_with(200)
            page.insert_image(page.rect, pixmap=pix)
            continue
        for x, y, text, size in spec.texts:
            page.insert_text((x, y), text, fontname=FONT, fontsize=size)
        for table in spec.tables:
            _draw_table(page, table)
    doc.save(path)
    doc.close()
    return path
