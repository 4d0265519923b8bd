"""Where header cells with row/column spans stand in the table's grid, for every writer.

Text formats (Markdown) print a merged cell's text once, in its top-left position, and leave the
rest of the span blank — the form the text reader expects (a label carried right across blanks).
"""

from __future__ import annotations

from collections.abc import Iterator

from juesuan.render.view import Cell, HeaderCell, TableView

__all__ = ["flat_header", "flat_row", "header_places"]


def header_places(table: TableView) -> Iterator[tuple[int, int, HeaderCell]]:
    """(row, column, cell) of each header cell, counted from 0: a cell takes the first column of
    its row that no cell above spans down into; cells past the table's width are dropped."""
    width = table.columns
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(table.header):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            if c >= width:
                break
            yield r, c, cell
            covered.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan


def flat_header(table: TableView) -> list[list[str]]:
    grid = [[""] * table.columns for _ in table.header]
    for r, c, cell in header_places(table):
        grid[r][c] = cell.text
    return grid


def flat_row(row: tuple[Cell, ...], width: int) -> list[str]:
    out: list[str] = []
    for cell in row:
        out.append(cell.text)
        out.extend([""] * (cell.colspan - 1))
    return (out + [""] * width)[:width]
