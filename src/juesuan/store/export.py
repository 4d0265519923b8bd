"""Exports of the store: findings (one row per finding, Chinese headers) as XLSX or CSV, and
cells (one row per printed figure) as CSV or Parquet.

No exported cell can become a formula: a text that starts with ``=``, ``+``, ``-``, ``@`` (or a
tab or carriage return) is written with a leading apostrophe in CSV and as a string-typed cell in
XLSX — except plain numbers such as ``-0.01``, which are numbers. CSV files are UTF-8 with a byte
order mark so that Excel shows the Chinese. Every file is written to a temporary file beside the
target and renamed when complete.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from juesuan.diagnostics import Category, CheckReport, Finding, Severity
from juesuan.escape import csv_text, formula_like, sheet_text

__all__ = ["CELL_COLUMNS", "FINDING_COLUMNS", "finding_rows", "safe_text", "write_cells", "write_findings"]

#: (key, header) of the findings export, in order.
FINDING_COLUMNS = (
    ("department", "部门（单位）"),
    ("region", "地区"),
    ("year", "年度"),
    ("kind", "文档类型"),
    ("version", "版本"),
    ("file", "文件"),
    ("rule_id", "规则编号"),
    ("rule_name", "规则名称"),
    ("severity", "级别"),
    ("category", "类别"),
    ("rounding", "尾差"),
    ("waived", "豁免理由"),
    ("message", "说明"),
    ("table", "表"),
    ("row", "行"),
    ("column", "列"),
    ("page", "页码"),
    ("line", "行号"),
    ("text", "原文"),
    ("other_places", "其他位置"),
    ("expected", "应为"),
    ("actual", "实为"),
    ("difference", "差额"),
    ("checked_at", "审核时间"),
)

#: The cells export: the columns of ``juesuan parse --format cells`` with the document's own.
CELL_COLUMNS = (
    "department",
    "region",
    "year",
    "kind",
    "version",
    "file",
    "table",
    "row_code",
    "row_label",
    "column",
    "value",
    "step",
    "money",
    "page",
    "line",
    "sheet",
    "cell",
    "text",
)

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def finding_rows(
    report: CheckReport, file: str, checked_at: object, others: Callable[[Finding], str], version: object = None
) -> Iterator[dict[str, object]]:
    """One row per finding of a checked document that is not (or not yet) in the store, in the
    columns of :data:`FINDING_COLUMNS` — its first place in columns, ``others(finding)`` for the
    rest — so that every findings export (store, batch, web) reads alike."""
    for finding in report.findings:
        first = finding.locations[0] if finding.locations else None
        yield {
            "department": report.department,
            "region": "",
            "year": report.year,
            "kind": report.kind,
            "version": version,
            "file": file,
            "rule_id": finding.rule_id,
            "rule_name": finding.rule_name,
            "severity": finding.severity.value,
            "category": finding.category.value,
            "rounding": finding.rounding,
            "waived": finding.waived or "",
            "message": finding.message,
            "table": (first.table or "") if first else "",
            "row": (first.row or "") if first else "",
            "column": (first.column or "") if first else "",
            "page": first.page if first else None,
            "line": first.line if first else None,
            "text": first.text if first else "",
            "other_places": others(finding),
            "expected": finding.expected or "",
            "actual": finding.actual or "",
            "difference": finding.difference or "",
            "checked_at": checked_at,
        }


def safe_text(value: str) -> str:
    """A text that a spreadsheet will show as text, never evaluate (``'=1+1``; see :mod:`juesuan.escape`)."""
    return csv_text(value)


def _plain_number(value: str) -> Decimal | None:
    if not _NUMBER.fullmatch(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - guarded by the pattern
        return None


def _finding_value(key: str, value: object) -> object:
    """A findings field as shown: Chinese labels for codes, 是/否, local time."""
    if key == "severity" and isinstance(value, str):
        return Severity(value).label
    if key == "category" and isinstance(value, str):
        return Category(value).label
    if key == "rounding":
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return value


@contextmanager
def _atomic(path: Path, mode: str, **kwargs: Any) -> Iterator[IO[Any]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".juesuan-", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_findings(rows: Iterable[dict[str, object]], path: Path, fmt: str) -> int:
    """Write the findings as ``xlsx`` or ``csv``; returns how many were written."""
    if fmt == "xlsx":
        return _findings_xlsx(rows, path)
    if fmt != "csv":
        raise ValueError(f"unknown findings format {fmt!r}")
    count = 0
    with _atomic(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([header for _, header in FINDING_COLUMNS])
        for row in rows:
            writer.writerow([_csv_cell(_finding_value(key, row.get(key))) for key, _ in FINDING_COLUMNS])
            count += 1
    return count


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool | int):
        return str(value)
    return safe_text(str(value))


def _findings_xlsx(rows: Iterable[dict[str, object]], path: Path) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("审核问题")
    widths = {"department": 30, "message": 80, "file": 30, "text": 30, "other_places": 40, "rule_name": 28, "checked_at": 20}
    for index, (key, _) in enumerate(FINDING_COLUMNS):
        sheet.column_dimensions[_column_letter(index)].width = widths.get(key, 12)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for _, title in FINDING_COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, key, _finding_value(key, row.get(key))) for key, _ in FINDING_COLUMNS])
        count += 1
    sheet.auto_filter.ref = f"A1:{_column_letter(len(FINDING_COLUMNS) - 1)}{count + 1}"
    with _atomic(path, "wb") as fh:
        book.save(fh)
    return count


def _xlsx_cell(sheet: Any, key: str, value: object) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None or isinstance(value, bool | int | Decimal):
        return value
    text = str(value)
    if key in ("expected", "actual", "difference"):
        number = _plain_number(text)
        if number is not None:
            return number
    cell = WriteOnlyCell(sheet, value=sheet_text(text))
    cell.data_type = "s"  # a string, even when it starts with "=": never a formula
    if formula_like(text):
        cell.quotePrefix = True
    return cell


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def write_cells(rows: Iterable[dict[str, object]], path: Path, fmt: str) -> int:
    """Write the cells as ``csv`` or ``parquet``; returns how many were written."""
    if fmt == "parquet":
        return _cells_parquet(rows, path)
    if fmt != "csv":
        raise ValueError(f"unknown cells format {fmt!r}")
    count = 0
    with _atomic(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CELL_COLUMNS)
        for row in rows:
            writer.writerow([_csv_cell(row.get(key)) for key in CELL_COLUMNS])
            count += 1
    return count


def _cells_parquet(rows: Iterable[dict[str, object]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    money = pa.decimal128(38, 10)
    schema = pa.schema(
        [
            ("department", pa.string()),
            ("region", pa.string()),
            ("year", pa.int32()),
            ("kind", pa.string()),
            ("version", pa.int32()),
            ("file", pa.string()),
            ("table", pa.string()),
            ("row_code", pa.string()),
            ("row_label", pa.string()),
            ("column", pa.string()),
            ("value", money),
            ("step", money),
            ("money", pa.bool_()),
            ("page", pa.int32()),
            ("line", pa.int32()),
            ("sheet", pa.string()),
            ("cell", pa.string()),
            ("text", pa.string()),
        ]
    )
    count = 0
    with _atomic(path, "wb") as fh, pq.ParquetWriter(fh, schema) as writer:
        batch: list[dict[str, object]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 10_000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
