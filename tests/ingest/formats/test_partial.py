"""Every reader goes through the same partial-reading mechanism: one cell of the writer's
workbook, Word document, web page and Markdown made unreadable is named where it is printed
(worksheet cell, table cell, line), recorded in the report as unread, and the rest is checked as
before — the identities over that cell "could not check", no new error or warning."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from juesuan.api import check_report
from juesuan.diagnostics import CheckReport, RuleStatus, Severity
from juesuan.ingest import read
from juesuan.model.provenance import Source
from juesuan.model.report import UnreadScope
from juesuan.model.tables import ClassifiedTable, TableKind

FORMATS = ("xlsx", "docx", "html", "md")
BROKEN = "19O..00"  # what the damaged cell prints instead of 190.00


def _target(path: Path) -> Source:
    """Where 支出决算表 2120104 城管执法 prints its 项目支出 (190.00) in this file."""
    table = read(path).report.table(TableKind.EXPENDITURE, ClassifiedTable)
    assert table is not None
    row = table.row("2120104")
    assert row is not None and row.cells["项目支出"].text == "190.00"
    return row.cells["项目支出"].source


def _grid_position(cell: str) -> tuple[int, int, int]:
    table, row, column = (int(x) for x in re.fullmatch(r"T(\d+)R(\d+)C(\d+)", cell).groups())  # type: ignore[union-attr]
    return table, row, column


def damage(fmt: str, original: Path, out: Path) -> Path:
    """A copy of ``original`` with that one cell printed as :data:`BROKEN`."""
    where = _target(original)
    shutil.copy(original, out)
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(out)
        assert where.sheet is not None and where.cell is not None
        book[where.sheet][where.cell] = BROKEN
        book.save(out)
    elif fmt == "docx":
        import docx

        assert where.cell is not None
        t, r, c = _grid_position(where.cell)
        document = docx.Document(str(out))
        cell = document.tables[t - 1].rows[r - 1].cells[c - 1]
        assert cell.text.strip() == "190.00"
        cell.text = BROKEN
        document.save(str(out))
    elif fmt == "html":
        from lxml import html

        assert where.cell is not None
        t, r, c = _grid_position(where.cell)
        page = html.parse(str(out))
        row = page.xpath("//table")[t - 1].xpath(".//tr")[r - 1]
        cell = row.xpath("./td|./th")[c - 1]
        assert cell.text_content().strip() == "190.00"
        for child in list(cell):
            cell.remove(child)
        cell.text = BROKEN
        out.write_bytes(html.tostring(page, encoding="utf-8"))
    else:
        assert where.line is not None
        lines = out.read_text(encoding="utf-8").split("\n")
        cells = lines[where.line - 1].split("|")
        index = [i for i, text in enumerate(cells) if text.strip() == "190.00"][-1]
        cells[index] = f" {BROKEN} "
        lines[where.line - 1] = "|".join(cells)
        out.write_text("\n".join(lines), encoding="utf-8")
    return out


def serious(report: CheckReport) -> set[tuple[str, str]]:
    return {(f.rule_id, f.message) for f in report.findings if f.severity is not Severity.INFO and f.category.value != "reading"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_damaged_cell_in_any_format(fmt: str, made_up_files: dict[str, Path], tmp_path: Path) -> None:
    original = made_up_files[fmt]
    before = check_report(read(original))
    result = read(damage(fmt, original, tmp_path / f"damaged.{fmt}"))
    report = check_report(result)
    [finding] = [f for f in result.findings if f.rule_id == "RD02"]
    where = finding.locations[0]
    assert (where.table, where.row, where.column) == ("支出决算表", "2120104", "项目支出")
    assert BROKEN in finding.message
    assert {"xlsx": where.sheet and where.cell, "docx": where.cell, "html": where.cell, "md": where.line}[fmt]
    [unread] = result.report.unread
    assert unread.scope is UnreadScope.CELL
    assert serious(report) == serious(before)
    blocked = {o.rule_id for o in report.outcomes if o.status is RuleStatus.COULD_NOT_CHECK and o.unread}
    assert {"TB01", "TB04"} <= blocked
