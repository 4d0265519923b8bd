"""An edition of 《政府收支分类科目》 as the Ministry of Finance publishes it, read into a
:class:`~juesuan.model.codes.Catalogue` (``juesuan catalogue import``), and editions saved as CSV.

The published layout is a table per scheme — 支出功能分类科目 (类 3 digits, 款 2, 项 2) and 支出经济分类
科目 (类 3, 款 2) — whose 科目编码 stands either in one column (``2012601``) or split over 类/款/项
columns, the 款 and 项 columns holding only their own two digits (``26``, ``01``) under the 类 or 款
row they belong to. 科目名称 follows; a 说明 column, titles and notes are ignored. The same rows
are read from a workbook (XLSX, XLS), a Word file's tables, or a PDF (words placed in the columns
their header names stand over). A row's scheme is the section it stands in (a title or sheet
name with 功能分类 / 经济分类) or, lacking one, told from its 类: 2xx functional, 3xx/5xx economic.

Nothing is guessed: a row that does not hold a code and a name is skipped, and an edition with no
code at all is refused (:class:`CatalogueError`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from juesuan.model.codes import Catalogue, CatalogueEntry, CodeLevel, CodeScheme

__all__ = ["CatalogueError", "edition_csv", "import_official", "load_edition", "read_edition_csv"]

CSV_FIELDS = ("scheme", "code", "name", "level", "parent", "since", "until", "old_names", "source")


class CatalogueError(ValueError):
    """A file that is not an edition of the classification (message in Chinese)."""


_DIGITS = re.compile(r"^\d+$")
_NAME = re.compile(r"[\u4e00-\u9fff]")


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(str(value).split())


def _scheme_of_title(text: str) -> CodeScheme | None:
    if "经济分类" in text:
        return CodeScheme.ECONOMIC
    if "功能分类" in text:
        return CodeScheme.FUNCTION
    return None


class _Reader:
    """Turns rows (lists of cell texts) into entries, keeping the current 类/款 and scheme."""

    def __init__(self, source: str, year: int | None) -> None:
        self.source = source
        self.year = year
        self.scheme: CodeScheme | None = None
        self.parents: dict[CodeScheme | None, list[str]] = {}
        self.columns: dict[str, int] = {}  # 类/款/项/科目编码/科目名称 → column index of the header
        self.entries: dict[tuple[CodeScheme, str], CatalogueEntry] = {}

    def title(self, text: str) -> None:
        scheme = _scheme_of_title(text)
        if scheme is not None:
            self.scheme = scheme

    def row(self, cells: list[str]) -> None:
        texts = [_clean(c) for c in cells]
        if not any(texts):
            return
        joined = "".join(texts)
        if not any(_DIGITS.match(t) for t in texts):
            if {"类", "款"} <= set(texts) or "科目编码" in texts or "科目名称" in texts:
                self.columns = {t: i for i, t in enumerate(texts) if t in ("类", "款", "项", "科目编码", "科目名称", "编码", "名称")}
            elif len(joined) < 40:
                self.title(joined)
            return
        code, name = self._code_and_name(texts)
        if code and name:
            self._add(code, name)

    def _code_and_name(self, texts: list[str]) -> tuple[str, str]:
        digits = [(i, t) for i, t in enumerate(texts) if _DIGITS.match(t)]
        names = [(i, t) for i, t in enumerate(texts) if _NAME.search(t) and not _DIGITS.match(t)]
        if not names:
            return "", ""
        first_digit = digits[0][0]
        name = next((t for i, t in names if i > first_digit), "")
        if not name:
            return "", ""
        # the full code in one cell, or the 类/款/项 pieces in their columns
        full = [t for _, t in digits if len(t) in (3, 5, 7)]
        if len(digits) == 1 and len(digits[0][1]) in (3, 5, 7):
            return digits[0][1], name
        pieces = dict(digits)
        kuan_col = self.columns.get("款")
        xiang_col = self.columns.get("项")
        lei_col = self.columns.get("类")
        piece: str | None = None
        level = 0
        if len(digits) == 1 and len(digits[0][1]) == 2:
            i, piece = digits[0]
            if xiang_col is not None and i == xiang_col:
                level = 3
            elif kuan_col is not None and i == kuan_col:
                level = 2
            elif lei_col is not None:
                level = 3 if i > (kuan_col if kuan_col is not None else lei_col + 1) else 2
            else:
                level = 2 if i <= 1 else 3
        elif len(digits) >= 2 and all(len(t) in (2, 3) for _, t in digits):
            return "".join(t for _, t in sorted(pieces.items())), name
        elif full:
            return full[0], name
        if piece is None:
            return "", ""
        stack = self.parents.get(self.scheme, [])
        if level == 2 and stack:
            return stack[0][:3] + piece, name
        if level == 3 and len(stack) >= 2:
            return stack[1][:5] + piece, name
        return "", ""

    def _add(self, code: str, name: str) -> None:
        scheme = self.scheme
        if scheme is None:
            scheme = CodeScheme.FUNCTION if code[0] == "2" else CodeScheme.ECONOMIC
        if (scheme == CodeScheme.ECONOMIC and len(code) not in (3, 5)) or (scheme == CodeScheme.FUNCTION and len(code) not in (3, 5, 7)):
            return
        stack = self.parents.setdefault(self.scheme, [])
        if len(code) == 3:
            stack[:] = [code]
        elif len(code) == 5:
            stack[:] = [code[:3], code]
        level = {3: CodeLevel.CLASS, 5: CodeLevel.SECTION, 7: CodeLevel.ITEM}[len(code)]
        parent = code[:3] if len(code) == 5 else code[:5] if len(code) == 7 else None
        self.entries[(scheme, code)] = CatalogueEntry(
            scheme=scheme, code=code, name=name, level=level, parent=parent, since=self.year, source=self.source
        )


def _xlsx_rows(path: Path) -> Iterator[tuple[str, list[str]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            yield "title", [ws.title]
            for values in ws.iter_rows(values_only=True):
                yield "row", ["" if v is None else str(v) for v in values]
    finally:
        wb.close()


def _xls_rows(path: Path) -> Iterator[tuple[str, list[str]]]:
    import xlrd

    book = xlrd.open_workbook(str(path))
    for sheet in book.sheets():
        yield "title", [sheet.name]
        for r in range(sheet.nrows):
            yield "row", [str(v) if v not in (None, "") else "" for v in sheet.row_values(r)]


def _docx_rows(path: Path) -> Iterator[tuple[str, list[str]]]:
    import docx

    document = docx.Document(str(path))
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            yield "title", [text]
        elif tag == "tbl":
            for tr in child.iter():
                if not tr.tag.endswith("}tr"):
                    continue
                cells = []
                for tc in tr:
                    if tc.tag.endswith("}tc"):
                        cells.append("".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t")))
                yield "row", cells


def _pdf_rows(path: Path) -> Iterator[tuple[str, list[str]]]:
    """Lines of words; a line with 类/款/项 or 科目编码/科目名称 sets the columns (their x positions),
    and each later word goes to the column whose header starts nearest on its left."""
    import pymupdf

    with pymupdf.open(path) as pdf:
        header_x: list[tuple[float, str]] = []
        for page in pdf:
            # order lines top to bottom
            rows: list[tuple[float, list[tuple[float, str]]]] = []
            for x0, y0, _x1, _y1, word, *_ in page.get_text("words"):
                for row in rows:
                    if abs(row[0] - y0) < 3:
                        row[1].append((x0, word))
                        break
                else:
                    rows.append((y0, [(x0, word)]))
            for _, words in sorted(rows, key=lambda r: r[0]):
                words.sort()
                texts = [w for _, w in words]
                if {"类", "款"} <= set(texts) or "科目名称" in texts:
                    header_x = [(x, w) for x, w in words]
                    yield "row", texts
                    continue
                if not header_x:
                    yield "title", ["".join(texts)]
                    continue
                cells = [""] * len(header_x)
                for x, w in words:
                    k = max((i for i, (hx, _) in enumerate(header_x) if hx <= x + 4), default=0)
                    cells[k] += w
                if not any(_DIGITS.match(c) for c in cells):
                    yield "title", ["".join(texts)]
                else:
                    yield "row", cells


_FORMATS = {".xlsx": _xlsx_rows, ".xlsm": _xlsx_rows, ".xls": _xls_rows, ".docx": _docx_rows, ".pdf": _pdf_rows}


def import_official(path: str | Path, year: int | None = None) -> Catalogue:
    """Read an edition of 《政府收支分类科目》 (XLSX/XLS/DOCX/PDF in the published layout)."""
    p = Path(path)
    rows = _FORMATS.get(p.suffix.lower())
    if rows is None:
        raise CatalogueError(f"不支持的目录文件类型“{p.suffix}”，可读取 .xlsx、.xls、.docx、.pdf")
    if not p.is_file():
        raise CatalogueError("文件不存在")
    if year is None:
        found = re.search(r"(20\d\d)", p.name)
        year = int(found.group(1)) if found else None
    reader = _Reader(p.name, year)
    try:
        for kind, cells in rows(p):
            if kind == "title":
                reader.title("".join(cells))
            else:
                reader.row(cells)
    except CatalogueError:
        raise
    except Exception as exc:  # the libraries' own errors for a damaged file
        raise CatalogueError(f"无法读取（{type(exc).__name__}：{str(exc)[:80]}）") from exc
    if not reader.entries:
        raise CatalogueError("没有找到任何科目：应是《政府收支分类科目》的表格（科目编码、科目名称，按类/款/项）")
    label = f"{year} 版目录" if year else "导入的目录"
    return Catalogue(entries=tuple(reader.entries.values()), edition=label)


def edition_csv(catalogue: Catalogue) -> str:
    """An edition as CSV (the columns of the bundled ``function_codes.csv``, plus the edition's
    label in a first comment line)."""
    buffer = io.StringIO()
    buffer.write(f"# edition: {catalogue.edition}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for e in catalogue.entries:
        old = ";".join(f"{n}@{y}" for n, y in e.old_names)
        writer.writerow((e.scheme.value, e.code, e.name, e.level.value, e.parent or "", e.since or "", e.until or "", old, e.source))
    return buffer.getvalue()


def read_edition_csv(text: str, source: str = "") -> Catalogue:
    lines = text.splitlines()
    edition = "导入的目录"
    if lines and lines[0].startswith("# edition:"):
        edition = lines.pop(0).split(":", 1)[1].strip()
    entries = []
    for row in csv.DictReader(lines):
        try:
            entries.append(
                CatalogueEntry(
                    scheme=CodeScheme(row["scheme"]),
                    code=row["code"],
                    name=row["name"],
                    level=CodeLevel(row["level"]),
                    parent=row.get("parent") or None,
                    since=int(row["since"]) if row.get("since") else None,
                    until=int(row["until"]) if row.get("until") else None,
                    old_names=tuple((n, int(y)) for item in filter(None, (row.get("old_names") or "").split(";")) for n, _, y in [item.rpartition("@")]),
                    source=row.get("source") or source,
                )
            )
        except (KeyError, ValueError) as exc:
            raise CatalogueError(f"不是 juesuan 的目录文件（{exc}）") from exc
    if not entries:
        raise CatalogueError("目录文件中没有任何科目")
    return Catalogue(entries=tuple(entries), edition=edition)


_LOADED: dict[tuple[str, float], Catalogue] = {}


def load_edition(path: str | Path) -> Catalogue:
    """An edition from a file: the CSV ``juesuan catalogue import`` writes, or the official file
    itself (read each time it changes). Codes of the bundled catalogue that the edition lacks stay
    known (the bundled one carries the renames and variant spellings seen in published tables)."""
    p = Path(path)
    try:
        key = (str(p.resolve()), p.stat().st_mtime)
    except OSError as exc:
        raise CatalogueError("目录文件不存在或无法读取") from exc
    if key not in _LOADED:
        edition = read_edition_csv(p.read_text(encoding="utf-8-sig"), p.name) if p.suffix.lower() == ".csv" else import_official(p)
        _LOADED[key] = _merged(edition)
    return _LOADED[key]


def _merged(edition: Catalogue) -> Catalogue:
    from juesuan.classification import bundled_catalogue

    own = {(e.scheme, e.code) for e in edition.entries}
    extra: Iterable[CatalogueEntry] = (e for e in bundled_catalogue().entries if (e.scheme, e.code) not in own)
    return Catalogue(entries=(*edition.entries, *extra), edition=edition.edition)
