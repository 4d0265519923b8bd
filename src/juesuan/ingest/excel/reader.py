"""The reader for 部门决算 published as workbooks (``.xlsx``/``.xlsm`` with openpyxl in read-only
mode, ``.xls`` with xlrd).

Each visible sheet is one block of cells in sheet order; :mod:`juesuan.ingest.common.stream`
finds the titles (a merged first row, or the sheet's name), the 单位/年度/金额单位 rows, the
notes, and sheets of plain paragraphs (情况说明). A value's place is its sheet and cell
(``Source.sheet``, ``Source.cell`` such as ``B4``); numbers are read as printed through the
cell's number format.

A fill-in workbook made by ``juesuan template`` is not a published document: it is recognised by
its sheets and refused here with a pointer to ``juesuan render`` (which reads it).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.diagnostics import ReadError
from juesuan.ingest.common.assemble import assemble
from juesuan.ingest.common.container import MB, cfb_is_encrypted, check_size, check_zip, read_head, sniff
from juesuan.ingest.common.grid import GridCell
from juesuan.ingest.common.stream import Block, Para, stream_pieces
from juesuan.ingest.common.text import clean
from juesuan.ingest.excel.numbers import cell_text
from juesuan.ingest.problems import Found, report
from juesuan.ingest.result import ReadResult
from juesuan.model.codes import Catalogue
from juesuan.model.provenance import Source
from juesuan.record import Record

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "MAX_SHEETS", "is_template_workbook", "read_excel", "workbook_sheets"]

MAX_BYTES = 50 * MB  # the file on disk
MAX_SHEETS = 200
MAX_ROWS = 10_000  # rows read per sheet
MAX_COLUMNS = 100  # columns read per sheet

_WHAT = "Excel 工作簿"


@dataclass(repr=False)
class _Sheet(Record):
    name: str
    raw: list[tuple[int, list[str]]] = field(default_factory=list)
    rows: list[list[GridCell]] = field(default_factory=list)
    bold: set[str] = field(default_factory=set)  # single cells set in bold (headings in a sheet of text)
    cut_rows: bool = False
    cut_columns: bool = False
    damage: str = ""  # why the sheet could not be read to its end (the rows before it are kept)
    damaged_after: int = 0  # the last row number read before the damage


def _column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _grid_rows(file: str, sheet: str, raw: list[tuple[int, list[str]]]) -> list[list[GridCell]]:
    """Rows of cells without the blank rows and the columns blank in every row (left margins
    included); ``raw`` holds (row number, texts from column A)."""
    raw = [(r, texts) for r, texts in raw if any(t.strip() for t in texts)]
    if not raw:
        return []
    width = max(len(texts) for _, texts in raw)
    used = [j for j in range(width) if any(j < len(texts) and texts[j].strip() for _, texts in raw)]
    first, last = used[0], used[-1]
    letters = [_column_letter(j + 1) for j in range(first, last + 1)]
    out = []
    for r, texts in raw:
        row = []
        for k, j in enumerate(range(first, last + 1)):
            text = texts[j] if j < len(texts) else ""
            row.append(GridCell(text, Source.quick(file=file, sheet=sheet, cell=f"{letters[k]}{r}", text=clean(text))))
        out.append(row)
    return out


# ---- template or published -------------------------------------------------------------------


def _template_names() -> set[str]:
    from juesuan.ingest.template.layout import SHEETS, UNIVERSITY_SHEETS

    return {spec.name for spec in (*SHEETS, *UNIVERSITY_SHEETS)}


def is_template_sheets(names: list[str]) -> bool:
    """The sheets of a fill-in workbook (``juesuan template``): its 基本信息 sheet and most of the
    others by name. A published workbook names its sheets after the nine tables."""
    template = _template_names()
    hits = sum(1 for n in names if n.strip() in template)
    return "基本信息" in {n.strip() for n in names} and hits >= 6


def workbook_sheets(path: str | Path) -> list[str]:
    """The sheet names of an ``.xlsx`` workbook, after the container checks (size, zip bomb)."""
    p = Path(path)
    check_size(p, MAX_BYTES, _WHAT)
    kind = sniff(p)
    if kind != "zip":
        _not_a_workbook(p, kind)
    _check_package(p)
    wb = _open_xlsx(p)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def is_template_workbook(path: str | Path) -> bool:
    """Whether ``path`` is a fill-in workbook made by ``juesuan template`` (checked safely)."""
    return is_template_sheets(workbook_sheets(path))


def _template_error(path: Path) -> ReadError:
    return ReadError(
        str(path),
        "识别为部门决算填报模板（juesuan template 生成的工作簿），不是已公开的决算表："
        "请用 juesuan render 由它生成完整的决算文档，再读取或审核生成的文档",
    )


# ---- opening ---------------------------------------------------------------------------------


def _not_a_workbook(path: Path, kind: str) -> None:
    if kind == "text":
        raise ReadError(str(path), "这是文本文件，不是 Excel 工作簿（如果是文本形式的决算，请改用 .txt 或 .md 扩展名）")
    if kind == "cfb":
        if cfb_is_encrypted(path):
            raise ReadError(str(path), "Excel 工作簿设有打开密码（已加密），无法读取：请在 Excel 中取消密码后另存，再读取")
        return
    raise ReadError(str(path), "不是 Excel 工作簿（既不是 .xlsx 的 ZIP 格式，也不是 .xls 格式），文件可能已损坏")


def _check_package(path: Path) -> None:
    names = check_zip(path, _WHAT)
    if "xl/workbook.xml" not in names and not any(n.lower().endswith("workbook.xml") for n in names):
        if "word/document.xml" in names:
            raise ReadError(str(path), "这是 Word 文档，不是 Excel 工作簿（请使用 .docx 扩展名）")
        raise ReadError(str(path), "不是 Excel 工作簿：压缩包中没有工作簿部件（xl/workbook.xml）")


def _open_xlsx(path: Path) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except ReadError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged package
        raise ReadError(str(path), f"Excel 工作簿已损坏，无法打开（{type(exc).__name__}: {str(exc)[:120]}）") from exc


# ---- sheets ----------------------------------------------------------------------------------


def _xlsx_sheets(path: Path) -> Iterator[_Sheet]:
    wb = _open_xlsx(path)
    try:
        names = list(wb.sheetnames)
        if is_template_sheets(names):
            raise _template_error(path)
        if len(names) > MAX_SHEETS:
            raise ReadError(str(path), f"工作簿有 {len(names)} 张工作表，超过上限 {MAX_SHEETS}")
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible" or not hasattr(ws, "iter_rows"):
                continue
            yield _xlsx_sheet(path, ws)
    finally:
        wb.close()


def _xlsx_sheet(path: Path, ws: Any) -> _Sheet:
    sheet = _Sheet(name=str(ws.title))
    file = str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS), start=1):
                if r > MAX_ROWS:
                    sheet.cut_rows = any(getattr(c, "value", None) not in (None, "") for c in row)
                    break
                texts = []
                for c in row:
                    value = getattr(c, "value", None)
                    texts.append(cell_text(value, getattr(c, "number_format", None)) if value is not None else "")
                while texts and not texts[-1].strip():
                    texts.pop()
                if not texts:
                    continue
                filled = [j for j, t in enumerate(texts) if t.strip()]
                if len(filled) == 1 and _is_bold(row[filled[0]]):
                    sheet.bold.add(f"{_column_letter(filled[0] + 1)}{r}")
                if len(texts) == MAX_COLUMNS and (ws.max_column or 0) > MAX_COLUMNS:
                    sheet.cut_columns = True
                sheet.raw.append((r, texts))
    except ReadError:
        raise
    except Exception as exc:  # a damaged part: keep what was read before it, say where it stops
        sheet.damage = f"{type(exc).__name__}: {str(exc)[:120]}"
        sheet.damaged_after = sheet.raw[-1][0] if sheet.raw else 0
    sheet.rows = _grid_rows(file, sheet.name, sheet.raw)
    return sheet


def _is_bold(cell: Any) -> bool:
    try:
        return bool(cell.font.b)
    except Exception:
        return False


def _xls_sheets(path: Path) -> Iterator[_Sheet]:
    try:
        import xlrd
    except ImportError as exc:  # pragma: no cover - xlrd is a dependency
        raise ReadError(str(path), "读取 .xls 需要 xlrd；请在 Excel 中另存为 .xlsx 后再读取") from exc
    file = str(path)
    try:
        try:
            book = xlrd.open_workbook(file, formatting_info=True, on_demand=True, logfile=_Quiet())
        except NotImplementedError:  # old BIFF versions: values without their formats
            book = xlrd.open_workbook(file, on_demand=True, logfile=_Quiet())
    except Exception as exc:
        if "encrypt" in str(exc).lower():
            raise ReadError(file, "Excel 工作簿设有打开密码（已加密），无法读取：请在 Excel 中取消密码后另存，再读取") from exc
        raise ReadError(file, f"不是可读取的 .xls 工作簿，文件可能已损坏（{type(exc).__name__}: {str(exc)[:120]}）") from exc
    try:
        names = list(book.sheet_names())
        if is_template_sheets(names):
            raise _template_error(path)
        if len(names) > MAX_SHEETS:
            raise ReadError(file, f"工作簿有 {len(names)} 张工作表，超过上限 {MAX_SHEETS}")
        for index, name in enumerate(names):
            try:
                ws = book.sheet_by_index(index)
                if getattr(ws, "visibility", 0) != 0:
                    continue
                yield _xls_sheet(file, book, ws, name)
            except ReadError:
                raise
            except Exception as exc:  # one damaged sheet: the others are still read
                yield _Sheet(name=name, damage=f"{type(exc).__name__}: {str(exc)[:120]}")
    finally:
        book.release_resources()


class _Quiet:
    """Where xlrd writes its warnings: nowhere."""

    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        return None


def _xls_sheet(file: str, book: Any, ws: Any, name: str) -> _Sheet:
    import xlrd

    sheet = _Sheet(name=name)
    nrows = min(ws.nrows, MAX_ROWS)
    ncols = min(ws.ncols, MAX_COLUMNS)
    sheet.cut_rows = ws.nrows > MAX_ROWS
    sheet.cut_columns = ws.ncols > MAX_COLUMNS
    for r in range(nrows):
        texts = []
        for c in range(ncols):
            kind = ws.cell_type(r, c)
            value: object = ws.cell_value(r, c)
            fmt = None
            if kind == xlrd.XL_CELL_NUMBER:
                fmt = _xls_format(book, ws, r, c)
            elif kind == xlrd.XL_CELL_DATE:
                try:
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                except Exception:
                    fmt = None
            elif kind == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            elif kind in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                value = None
            texts.append(cell_text(value, fmt) if value is not None else "")
        filled = [j for j, t in enumerate(texts) if t.strip()]
        if len(filled) == 1 and _xls_bold(book, ws, r, filled[0]):
            sheet.bold.add(f"{_column_letter(filled[0] + 1)}{r + 1}")
        sheet.raw.append((r + 1, texts))
    sheet.rows = _grid_rows(file, name, sheet.raw)
    return sheet


def _xls_bold(book: Any, ws: Any, r: int, c: int) -> bool:
    try:
        xf = book.xf_list[ws.cell_xf_index(r, c)]
        return bool(book.font_list[xf.font_index].bold)
    except (IndexError, KeyError, AttributeError):
        return False


def _xls_format(book: Any, ws: Any, r: int, c: int) -> str | None:
    try:
        xf = book.xf_list[ws.cell_xf_index(r, c)]
        return str(book.format_map[xf.format_key].format_str)
    except (IndexError, KeyError, AttributeError):
        return None


# ---- the reader ------------------------------------------------------------------------------


def read_excel(path: str | Path, catalogue: Catalogue) -> ReadResult:
    """Read a published 部门决算 workbook (``.xlsx``, ``.xlsm`` or ``.xls``)."""
    p = Path(path)
    file = str(path)
    check_size(p, MAX_BYTES, _WHAT)
    kind = sniff(p)
    if kind == "text":
        disguised = _disguised_page(p, catalogue)
        if disguised is not None:
            return disguised
    if kind == "zip":
        _check_package(p)
        sheets = list(_xlsx_sheets(p))
        source_format = "xlsx"
    else:
        _not_a_workbook(p, kind)
        sheets = list(_xls_sheets(p))
        source_format = "xls"
    items = [
        Block(rows=s.rows, caption=Para(s.name, Source.quick(file=file, sheet=s.name, text=s.name)), headings=frozenset(s.bold))
        for s in sheets
        if s.rows
    ]
    damaged = [s for s in sheets if s.damage]
    if not items:
        if damaged:
            raise ReadError(file, f"工作簿的工作表都已损坏或为空，无法读取（{damaged[0].name}：{damaged[0].damage}）")
        raise ReadError(file, "工作簿中没有任何内容（所有工作表都是空的）")
    found_here = Found()
    for s in sheets:
        where = Source.quick(file=file, sheet=s.name)
        if s.cut_rows:
            report(found_here, "RD11", [where], sheet=s.name, limit=f"{MAX_ROWS} 行", what="行")
        if s.cut_columns:
            report(found_here, "RD11", [where], sheet=s.name, limit=f"{MAX_COLUMNS} 列", what="列")
        if s.damage:
            after = f"第{s.damaged_after}行之后" if s.damaged_after else ""
            report(
                found_here,
                "RD13",
                [where.at(cell=f"A{s.damaged_after + 1}") if s.damaged_after else where],
                sheet=s.name,
                where=after,
                error=s.damage,
            )
    pieces = stream_pieces(items, file, source_format)
    pieces.findings.extend(found_here.findings)
    pieces.unread.extend(found_here.unread)
    found = len(pieces.grids) + len(pieces.evals)
    what = (
        f"识别为已公开的决算表工作簿（不是填报模板）：{len(sheets)} 张工作表，读到 {len(pieces.grids)} 张决算表、"
        f"{len(pieces.evals)} 张绩效自评表" + ("" if found else "，没有找到任何决算表")
    )
    report(pieces, "RD10", [Source.quick(file=file, sheet=sheets[0].name, cell="A1", text="")], what=what)
    read_report, all_findings = assemble(pieces, catalogue)
    return ReadResult(report=read_report, findings=all_findings)


def _disguised_page(path: Path, catalogue: Catalogue) -> ReadResult | None:
    """A web page saved as ``.xls`` (what many finance systems export): read as the page it is."""
    head = read_head(path, 4096).lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise ReadError(str(path), "这是“XML 电子表格 2003”格式，不支持：请在 Excel 中另存为 .xlsx 后再读取")
    if b"<table" not in head and b"<html" not in head:
        return None
    from juesuan.ingest.html import read_html

    result = read_html(path, catalogue)
    note = report(
        Found(), "RD10", [Source.quick(file=str(path), line=1, text="")], what="这个 Excel 文件其实是网页（HTML 表格），已按网页读取"
    )
    return ReadResult(report=result.report, findings=[note, *result.findings])
