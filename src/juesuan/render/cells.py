"""The long "cells" view: one CSV row per printed figure.

Header: ``table,row_code,row_label,column,value,source``. The rows are
:func:`juesuan.model.cells.report_cells` (the same walk the store keeps): ``table`` is the
canonical Chinese title whatever number or alias the source used; ``value`` is a plain decimal
string — amounts in 万元, other figures (scores, rates, targets) as printed without ``%``; blank
and non-numeric cells are omitted. ``source`` is ``file:line`` (text), ``file#pN`` (PDF) or
``file!Sheet!B4`` (Excel). Row codes are described in :mod:`juesuan.model.cells`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from juesuan.escape import csv_text
from juesuan.model.cells import PROJECT_TABLE, WHOLE_TABLE, report_cells
from juesuan.model.report import Report

__all__ = ["CELLS_HEADER", "PROJECT_TABLE", "WHOLE_TABLE", "cells_csv", "iter_cells"]

CELLS_HEADER = ("table", "row_code", "row_label", "column", "value", "source")


def iter_cells(report: Report) -> Iterator[tuple[str, ...]]:
    """Every non-blank figure of the report as a cells row, tables in document order."""
    for cell in report_cells(report):
        yield (cell.table, cell.row_code, cell.row_label, cell.column, format(cell.value, "f"), cell.source.short())


def cells_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CELLS_HEADER)
    for row in iter_cells(report):
        writer.writerow([csv_text(field) for field in row])  # a label is never a spreadsheet formula
    return buffer.getvalue()
