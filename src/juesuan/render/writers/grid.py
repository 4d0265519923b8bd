"""Header rows with row/column spans flattened into a rectangular grid of texts.

Text formats (Markdown) print a merged cell's text once, in its top-left position, and leave the
rest of the span blank — the form the text reader expects (a label carried right across blanks).
"""

from __future__ import annotations

from juesuan.render.view import Cell, HeaderCell, TableView

__all__ = ["flat_header", "flat_row"]


def flat_header(table: TableView) -> list[list[str]]:
    width = table.columns
    grid: list[list[str | None]] = [[None] * width for _ in table.header]
    for r, row in enumerate(table.header):
        c = 0
        for cell in row:
            while c < width and grid[r][c] is not None:
                c += 1
            if c >= width:
                break
            _place(grid, r, c, cell)
            c += cell.colspan
    return [[t or "" for t in row] for row in grid]


def _place(grid: list[list[str | None]], r: int, c: int, cell: HeaderCell) -> None:
    for dr in range(cell.rowspan):
        for dc in range(cell.colspan):
            if r + dr < len(grid) and c + dc < len(grid[0]):
                grid[r + dr][c + dc] = cell.text if dr == 0 and dc == 0 else ""


def flat_row(row: tuple[Cell, ...], width: int) -> list[str]:
    out: list[str] = []
    for cell in row:
        out.append(cell.text)
        out.extend([""] * (cell.colspan - 1))
    return (out + [""] * width)[:width]
