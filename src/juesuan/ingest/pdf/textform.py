"""Write what the PDF reader found in the seed's text form (PDF converted to markdown-like text).

The form: the cover lines, ``目录`` and its entries, then the body in reading order: ``#`` before
table titles and headings, a table's 表号/单位/年度/金额单位 lines under its title, its rows as
tab-separated cells under their multi-row headers, its notes below; paragraphs one per line.

Read back with the text reader, the result must give the same tables cell for cell: that is how
the text reader is shown to handle families other than the seed's (Shanghai order, codes in three
columns, 合计 at the bottom, the one-row 三公 table, the university tables).

Usage: ``python -m juesuan.ingest.pdf.textform report.pdf [-o report.txt]``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from juesuan.ingest.common.assemble import EvalGrid, Pieces
from juesuan.ingest.common.grid import Grid, GridCell
from juesuan.ingest.common.narrative import TextLine
from juesuan.ingest.common.text import clean
from juesuan.model.provenance import Source

__all__ = ["main", "text_form"]


def _where(source: Source) -> tuple[int, float, float]:
    bbox = source.bbox or (0.0, 0.0, 0.0, 0.0)
    return (source.page or 0, bbox[1], bbox[0])


def _cells(row: list[GridCell]) -> str:
    return "\t".join(clean(cell.text).replace("\t", " ") for cell in row)


def _grid(grid: Grid) -> Iterator[str]:
    yield ""
    yield f"# {grid.title}"
    if grid.number:
        yield grid.number
    if grid.unit_name:
        yield f"单位名称：{grid.unit_name}"
    if grid.year_text:
        yield grid.year_text
    yield f"金额单位：{grid.money_unit.value}"
    yield ""
    for row in grid.rows:
        if any(clean(cell.text) for cell in row):
            yield _cells(row)
    if grid.notes:
        yield ""
        for text, _ in grid.notes:
            yield text
    yield ""


def _evaluation(grid: EvalGrid) -> Iterator[str]:
    yield ""
    yield f"# {grid.title}"
    if grid.name_line:
        yield grid.name_line
    if grid.year_text:
        yield grid.year_text
    yield ""
    for row in grid.rows:
        if any(clean(cell.text) for cell in row):
            yield _cells(row)
    yield ""


def _line(line: TextLine) -> str:
    text = clean(line.text)
    return f"# {text}" if line.heading else text


def text_form(pieces: Pieces) -> str:
    """The document in the seed's text form."""
    out: list[str] = [clean(line.text) for line in pieces.cover]
    if pieces.toc:
        out.append("")
        for i, line in enumerate(pieces.toc):
            out.append(f"# {clean(line.text)}" if i == 0 else clean(line.text))
    out.append("")
    # body lines keep their own order; tables go where their titles were printed
    blocks = [(_where(grid.title_source), _grid(grid)) for grid in pieces.grids]
    blocks += [(_where(evaluation.title_source), _evaluation(evaluation)) for evaluation in pieces.evals]
    blocks.sort(key=lambda block: block[0])
    b = 0
    for line in pieces.body:
        place = _where(line.source)
        while b < len(blocks) and blocks[b][0] <= place:
            out.extend(blocks[b][1])
            b += 1
        out.append(_line(line))
    for _, lines in blocks[b:]:
        out.extend(lines)
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Convert a PDF to the text form (a developer's tool; the product reads PDFs directly)."""
    import argparse

    from juesuan.diagnostics import ReadError
    from juesuan.ingest.pdf.reader import pdf_pieces

    parser = argparse.ArgumentParser(prog="python -m juesuan.ingest.pdf.textform", description="把 PDF 决算写成种子文本形式")
    parser.add_argument("pdf", type=Path)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    try:
        text = text_form(pdf_pieces(args.pdf))
    except ReadError as exc:
        print(f"错误：{exc.path}：{exc.problem}", file=sys.stderr)
        return 2
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
