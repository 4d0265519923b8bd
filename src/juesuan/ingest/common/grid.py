"""From a grid of printed cells to a typed standard table.

Every reader (text, PDF, Excel, Word, HTML) finds tables in its own way and hands over a
:class:`Grid`: the title, the lines around the table, and rows of cells, each cell with its
source. Everything after that — which rows are headers, which column is which, codes printed in
one or three columns, names wrapped onto a second row, 合计 at the top or the bottom — is decided
here, once, for all formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from juesuan.ingest.common.text import clean, compact, is_number_text, strip_ordinal
from juesuan.ingest.problems import Sink, out_of_bounds, report
from juesuan.model.build import unchecked
from juesuan.model.codes import Catalogue, CatalogueEntry, Code, CodeScheme
from juesuan.model.money import Amount, MoneyError, OutOfBounds, Unit
from juesuan.model.provenance import Source
from juesuan.model.report import UnreadScope
from juesuan.model.tables import (
    BLANK_MARKS,
    FUNDS,
    TABLE_SPECS,
    BalanceLine,
    BalanceTable,
    BasicExpenditureTable,
    BasicItem,
    ClassifiedRow,
    ClassifiedTable,
    ColumnSpec,
    GenericTable,
    MoneyCell,
    Side,
    Table,
    TableHeader,
    TableKind,
    ThreePublicItem,
    ThreePublicRow,
    ThreePublicTable,
    spec_for,
)
from juesuan.record import Record

__all__ = ["Grid", "GridCell", "build_table", "row_source", "split_merged_header"]


class GridCell(NamedTuple):
    """One printed cell: its text and where it was printed (a tuple: readers make thousands).

    ``doubt``: for a figure read by OCR with doubtful digits, how far the true value may lie from
    the reading (in the table's unit); the amount's interval is widened to cover it."""

    text: str
    source: Source
    doubt: Decimal | None = None


@dataclass(repr=False)
class Grid(Record):
    """A table as a reader found it: title, surrounding lines and rows of cells."""

    kind: TableKind
    title: str
    title_source: Source
    file: str = ""
    number: str = ""
    number_value: int | None = None
    unit_name: str = ""
    year: int | None = None
    year_text: str = ""
    money_unit: Unit = Unit.WANYUAN
    notes: list[tuple[str, Source]] = field(default_factory=list)
    rows: list[list[GridCell]] = field(default_factory=list)
    header_lines: list[Source] = field(default_factory=list)  # where number/单位/year/unit were printed


_EMPTY_STATEMENT = re.compile(r"(如本表为空|本表无数据|故本表为空|本表为空|无此类资金|没有.*收入.*支出)")


def row_source(row: list[GridCell], **changes: object) -> Source:
    """The source of a whole printed row: its first cell's place, the row's text."""
    text = " ".join(clean(c.text) for c in row if clean(c.text))
    return row[0].source.at(text=text, **changes)


def _by_position(source: Source) -> tuple[int, int, float]:
    return (source.page or 0, source.line or 0, source.bbox[1] if source.bbox else 0.0)


def _header(grid: Grid) -> TableHeader:
    notes = tuple(text for text, _ in grid.notes)
    empty = next((text for text in notes if _EMPTY_STATEMENT.search(text)), "")
    table = grid.kind.value
    header_rows, _ = _split_header(grid.rows)
    lines = [s.at(table=table) for s in grid.header_lines]
    lines += [row_source(row, table=table, column="表头") for row in header_rows if row and not _is_blank_row(row)]
    lines += [s.at(table=table, column="注") for _, s in grid.notes]
    return unchecked(
        TableHeader,
        lines=tuple(sorted(lines, key=_by_position)),
        title=grid.title,
        number=grid.number,
        number_value=grid.number_value,
        unit_name=grid.unit_name,
        year=grid.year,
        year_text=grid.year_text,
        money_unit=grid.money_unit,
        notes=notes,
        empty_statement=empty,
        source=grid.title_source,
    )


def _cell_text(row: list[GridCell], index: int) -> str:
    return clean(row[index].text) if 0 <= index < len(row) else ""


def _is_blank_row(row: list[GridCell]) -> bool:
    return all(not clean(c.text) for c in row)


def _money(cell: GridCell | None, unit: Unit, table: str, row: str, column: str, fallback: Source) -> tuple[MoneyCell, str | None]:
    """A money cell; the second value is a problem description when the text is not a number
    (``"金额"``), or the reason it is a number beyond any budget (:data:`OUT_OF_BOUNDS` prefixed)."""
    if cell is None:
        return unchecked(MoneyCell, amount=None, text="", source=fallback.at(table=table, row=row, column=column, text="")), None
    text = clean(cell.text)
    source = cell.source.at(table=table, row=row, column=column, text=text)
    if text in BLANK_MARKS:
        return unchecked(MoneyCell, amount=None, text=text, source=source), None
    if compact(text) in _COLUMN_WORDS:
        # a header label printed again in an empty cell of a data row (a conversion that put the
        # header's last row on the first data row, one label only): the cell is blank, not unreadable
        return unchecked(MoneyCell, amount=None, text="", source=source.at(text="")), None
    amount = _amount(text, unit)
    if isinstance(amount, str):
        return unchecked(MoneyCell, amount=None, text=text, source=source), OUT_OF_BOUNDS + amount
    if amount is None:
        return unchecked(MoneyCell, amount=None, text=text, source=source), "金额"
    if cell.doubt is not None and 2 * cell.doubt > amount.step:
        amount = unchecked(Amount, value=amount.value, unit=amount.unit, step=2 * cell.doubt)
    return unchecked(MoneyCell, amount=amount, text=text, source=source), None


#: Marks the problem of a figure beyond the bounds of :mod:`juesuan.model.limits` (RD20, not RD02).
OUT_OF_BOUNDS = "\x00bounds:"


@lru_cache(maxsize=1 << 14)
def _amount(text: str, unit: Unit) -> Amount | str | None:
    """The amount a cell prints, ``None`` when it is not a number, or why it is a number beyond
    any budget (amounts are frozen and shared: a table repeats the same figures many times)."""
    try:
        return Amount.parse(text, unit)
    except OutOfBounds as exc:
        return exc.why
    except MoneyError:
        return None


_HEADER_WORDS = {
    "项目",
    "行次",
    "金额",
    "栏次",
    "科目编码",
    "科目名称",
    "类",
    "款",
    "项",
    "决算数",
    "预算数",
    "收入",
    "支出",
    "功能分类科目编码",
    "支出功能分类",
    "支出功能分类科目编码",
    "经济分类",
    "人员经费",
    "公用经费",
    "本年支出",
    "项目（按功能分类）",
    "项目(按功能分类)",
    "科目",
}


_COLUMN_WORDS = frozenset(
    compact(name)
    for spec in TABLE_SPECS
    for column in (*spec.columns, *spec.income_columns)
    for name in (column.key, *column.aliases)
) | _HEADER_WORDS


def _looks_like_header(row: list[GridCell]) -> bool:
    texts = [compact(c.text) for c in row if compact(c.text)]
    if not texts:
        return False
    if texts[0].startswith("栏次"):
        return True
    if any(is_number_text(t) and "." in t for t in texts):
        return False
    if _LINE_ORDINAL.match(texts[0]):
        # "一、一般公共预算财政拨款收入": a numbered line item is data even with no figure in it
        # (a blank template, an empty 09表)
        return False
    if texts[0] in {"合计", "总计"}:
        # a 合计 row of data, unless the row names further columns (the wide 三公 table of
        # Shanghai heads its columns 合计 | 因公出国（境）费 | 公务用车… | 公务接待费)
        return len(texts) > 1 and not any(is_number_text(t) for t in texts)
    return any(t in _HEADER_WORDS or t.endswith("编码") or t.startswith("项目") for t in texts) or (
        all(not is_number_text(t) for t in texts) and not _CODE_CELL.match(texts[0])
    )


_CODE_CELL = re.compile(r"^\d{2,7}$")
_CODE_WORDS = frozenset({"类", "款", "项"})
_TOTAL_LABELS = frozenset({"合计", "总计"})
_LINE_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


def _carries_figures(row: list[GridCell]) -> bool:
    """A row with an amount in it (a code or a 行次 is not one)."""
    return any(is_number_text(t) and ("." in t or "," in t) for t in (compact(c.text) for c in row))


def _merged_header(row: list[GridCell]) -> list[int]:
    """The cells of ``row`` that are header texts printed on a data row, or ``[]``.

    Conversions print a header's last row on the first data row: the sub-labels of 本年支出
    (合计 / 基本支出 / 项目支出) on the 合计 row (``合计 | | 105.00 | 合计 | 基本支出 | 项目支出``), or
    the 类 / 款 / 项 heads of the code columns in the band of the 合计 row. The row is data when
    it starts with its label (合计, 总计 or a code) in the first column, and the cells after that
    label that name columns — two at least, none of them a figure — are header texts."""
    texts = [compact(c.text) for c in row]
    filled = [j for j, t in enumerate(texts) if t]
    if len(filled) < 3:
        return []
    heads = [j for j in filled if texts[j] in _CODE_WORDS]
    if len(heads) < 2:
        first = texts[filled[0]]
        if filled[0] != 0 or not (first in _TOTAL_LABELS or _CODE_CELL.match(first)):
            return []
        heads = [j for j in filled[1:] if texts[j] in _COLUMN_WORDS and not is_number_text(texts[j])]
    if len(heads) < 2 or len(heads) == len(filled):
        return []
    return heads


def _is_lanci(row: list[GridCell]) -> bool:
    return next((compact(c.text) for c in row if compact(c.text)), "").startswith("栏次")


def split_merged_header(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """``rows`` with a header row that was printed on the first data row put back above it: the
    header texts in a row of their own, the label and the figures kept in their columns.

    Only the rows where header and data meet are looked at: up to the first row with figures."""
    for i, row in enumerate(rows[:10]):
        heads = _merged_header(row)
        if heads:
            blank = [GridCell(text="", source=c.source.at(text="")) for c in row]
            header = [row[j] if j in heads else blank[j] for j in range(len(row))]
            data = [blank[j] if j in heads else row[j] for j in range(len(row))]
            # the header's last row goes above the 栏次 row that closes the header, if there is one
            at = i - 1 if i and _is_lanci(rows[i - 1]) else i
            return [*rows[:at], header, *rows[at:i], data, *rows[i + 1 :]]
        if _carries_figures(row):
            break
    return rows


def _split_header(rows: list[list[GridCell]]) -> tuple[list[list[GridCell]], list[list[GridCell]]]:
    """Leading header rows (up to and including a 栏次 row) and the data rows."""
    last_lanci = -1
    for i, row in enumerate(rows[:8]):
        first = next((compact(c.text) for c in row if compact(c.text)), "")
        if first.startswith("栏次"):
            last_lanci = i
    if last_lanci >= 0:
        return rows[: last_lanci + 1], rows[last_lanci + 1 :]
    i = 0
    while i < len(rows) and i < 8 and _looks_like_header(rows[i]):
        i += 1
    # a row of pure header words further down (预算数/决算数 under a "合计" group label, as in the
    # one-row 三公 table) ends the header there, as long as no figure came before it
    j = i
    while j < len(rows) and j < 8 and not _has_figures(rows[j]):
        texts = [compact(c.text) for c in rows[j] if compact(c.text)]
        if texts and all(t in _HEADER_WORDS for t in texts):
            i = j + 1
        j += 1
    return rows[:i], rows[i:]


def _has_figures(row: list[GridCell]) -> bool:
    return any(is_number_text(compact(c.text)) and "." in c.text for c in row)


def _column_labels(header: list[list[GridCell]], width: int) -> list[list[str]]:
    """For every column, its header texts from the bottom row up, with merged spans filled.

    A label printed once over several columns (a merged cell) is carried to the right, but never
    past the start of the next label in the row above: that is where its span ends.
    """
    rows = [r for r in header if not next((compact(c.text) for c in r if compact(c.text)), "").startswith("栏次")]
    filled: list[list[str]] = []
    boundaries: set[int] = set()
    for row in rows:
        texts = [compact(row[j].text) if j < len(row) else "" for j in range(width)]
        out = []
        current = ""
        for j in range(width):
            if texts[j]:
                current = texts[j]
            elif j in boundaries:
                current = ""
            out.append(current)
        filled.append(out)
        boundaries |= {j for j in range(width) if texts[j]}
    labels = []
    for j in range(width):
        col = [filled[r][j] for r in range(len(filled) - 1, -1, -1) if filled[r][j]]
        labels.append(col)
    return labels


def _match_column(names: list[str], specs: tuple[ColumnSpec, ...]) -> str | None:
    """The canonical key for a column given its header texts (bottom first)."""

    def norm(text: str) -> str:
        return compact(text).replace("（", "(").replace("）", ")")

    def exact(text: str) -> str | None:
        c = norm(text)
        for spec in specs:
            if c == norm(spec.key) or c in {norm(a) for a in spec.aliases}:
                return spec.key
        return None

    # a 小计/合计 under a group label that is itself a column (项目支出: 小计 | 其中：基本建设…)
    # is that column's total
    if names and norm(names[0]) in {"小计", "合计"}:
        for parent in names[1:]:
            key = exact(parent)
            if key is not None:
                return key
    candidates: list[str] = []
    for i, name in enumerate(names):
        candidates.append(name)
        if i + 1 < len(names):
            candidates.append(names[i + 1] + name)
    for candidate in candidates:
        c = norm(candidate)
        for spec in specs:
            if c == norm(spec.key) or c in {norm(a) for a in spec.aliases}:
                return spec.key
    # near matches only on a single header text: a parent joined to its child ("项目" over
    # "支出功能分类") can spell a column name ("项目支出…") that neither of them means
    for candidate in names:
        c = norm(candidate)
        hits = [s.key for s in specs if norm(s.key) in c or (c in norm(s.key) and len(c) >= 4)]
        if len(hits) == 1:
            return hits[0]
    return None


def _parse_code(cells: list[str], scheme: CodeScheme) -> tuple[str, str] | None:
    """Digits and printed text of a code given in one cell (``2080505``) or several (``208 05 05``)."""
    parts = [c for c in cells if c]
    digits = [p for p in parts if _CODE_CELL.match(p.replace(" ", ""))]
    if not digits:
        one = parts[0].replace(" ", "") if parts else ""
        m = re.match(r"^(\d{3,7})", one)
        if m and scheme == CodeScheme.FUNCTION:
            return m.group(1), parts[0]
        return None
    joined = "".join(d.replace(" ", "") for d in digits)
    return joined, " ".join(digits)


@dataclass(repr=False)
class _Builder(Record):
    """What turning one grid into a table needs, and the codes it did not know."""

    grid: Grid
    catalogue: Catalogue
    year: int | None
    sink: Sink
    unknown: list[tuple[str, str, str, Source]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self._title

    def __post_init__(self) -> None:
        self._title = str(self.grid.kind.value)

    def unreadable(self, source: Source, place: str, text: str, expected: str) -> None:
        """A cell that prints something other than the figure it should hold (RD02), or a figure
        beyond any budget (RD20)."""
        if expected.startswith(OUT_OF_BOUNDS):
            out_of_bounds(self.sink, source, self.title, place, text, expected[len(OUT_OF_BOUNDS) :])
        else:
            report(self.sink, "RD02", [source], table=self.title, place=place, text=text, expected=expected)

    def header_problem(self, what: str) -> None:
        """The header does not say which column is which: the table's body is not read (RD12)."""
        report(self.sink, "RD12", [self.grid.title_source.at(table=self.title)], table=self.title, what=what)

    def unplaced(self, row: list[GridCell], why: str) -> None:
        """A row that belongs nowhere (RD01); with figures in it, the table is missing a row."""
        text = " | ".join(clean(c.text) for c in row if clean(c.text))
        source = row[0].source.at(table=self.title, text=text) if row else self.grid.title_source
        scope = UnreadScope.ROWS if _carries_figures(row) else None
        report(self.sink, "RD01", [source], scope=scope, table=self.title, what=f"未能归位的一行（{why}）", text=text)

    def money(self, cell: GridCell | None, row: str, column: str, fallback: Source) -> MoneyCell:
        value, problem = _money(cell, self.grid.money_unit, self.title, row, column, fallback)
        if problem:
            self.unreadable(value.source, f"{row}/{column}", value.text, problem)
        return value

    def remember(self, scheme: CodeScheme, code: str, name: str, source: Source) -> None:
        if self.catalogue.get(scheme, code) is None:
            self.unknown.append((scheme.value, code, name, source))

    # ---- classified tables (02/03/05/08/09, university 2–4) ----------------------------------

    def classified(self) -> ClassifiedTable:
        spec = spec_for(self.grid.kind)
        header_rows, data = _split_header(self.grid.rows)
        width = max((len(r) for r in self.grid.rows), default=0)
        labels = _column_labels(header_rows, width)
        columns: dict[int, str] = {}
        for j in range(width):
            key = _match_column(labels[j], spec.columns)
            if key and key not in columns.values():
                columns[j] = key
        first_amount = min(columns) if columns else width
        if not columns and data:
            self.header_problem("表头中找不到任何已知的金额列")
            data = []
        rows: list[ClassifiedRow] = []
        for raw in data:
            if _is_blank_row(raw):
                continue
            label_cells = [_cell_text(raw, j) for j in range(min(first_amount, len(raw)))]
            amounts_present = any(_cell_text(raw, j) for j in columns)
            first_label = next((t for t in label_cells if t), "")
            if compact(first_label) in {"合计", "总计", "本年支出合计", "本年收入合计"}:
                code = None
                name = compact(first_label)
            else:
                parsed = _parse_code(label_cells, CodeScheme.FUNCTION)
                names = [t for t in label_cells if t and not _CODE_CELL.match(t.replace(" ", ""))]
                name = "".join(names)
                if parsed is None:
                    if not amounts_present and name and rows and rows[-1].code is not None:
                        # a name wrapped onto a second line
                        prev = rows[-1]
                        rows[-1] = prev.model_copy(update={"label": prev.label + name})
                        continue
                    if not amounts_present and not name:
                        continue
                    self.unplaced(raw, "没有科目编码")
                    continue
                digits, printed = parsed
                if name.startswith(printed):
                    name = name[len(printed) :].strip()
                code = unchecked(Code, scheme=CodeScheme.FUNCTION, value=digits, printed=printed)
                self.remember(CodeScheme.FUNCTION, digits, name, raw[0].source)
            row_label = code.value if code else name
            row_source = raw[0].source.at(table=self.title, row=row_label, text=" ".join(clean(c.text) for c in raw))
            cells = {key: self.money(raw[j] if j < len(raw) else None, row_label, key, row_source) for j, key in columns.items()}
            rows.append(unchecked(ClassifiedRow, code=code, label=name, cells=cells, source=row_source))
        ordered = [columns[j] for j in sorted(columns)]
        return unchecked(
            ClassifiedTable,
            kind=self.grid.kind,
            header=_header(self.grid),
            columns=tuple(ordered),
            rows=tuple(rows),
            source=self.grid.title_source.at(table=self.title),
        )

    # ---- two-sided tables (01/04) ---------------------------------------------------------------

    def balance(self) -> BalanceTable:
        spec = spec_for(self.grid.kind)
        header_rows, data = _split_header(self.grid.rows)
        width = max((len(r) for r in self.grid.rows), default=0)
        split = None
        for row in header_rows:
            marks = [j for j in range(len(row)) if compact(row[j].text).startswith("项目")]
            if len(marks) >= 2:
                split = marks[1]
                break
        if split is None:
            # the 收入/支出 row tells it too
            for row in header_rows:
                marks = [j for j in range(len(row)) if compact(row[j].text) in {"支出", "支出项目"}]
                if marks:
                    split = marks[0]
                    break
        if split is None:
            self.header_problem("表头中找不到收入与支出两侧的分界")
            return unchecked(
                BalanceTable, kind=self.grid.kind, header=_header(self.grid), source=self.grid.title_source.at(table=self.title)
            )
        labels = _column_labels(header_rows, width)
        lines: list[BalanceLine] = []
        income_cols = self._side_columns(labels, 0, split, spec.income_columns)
        exp_cols = self._side_columns(labels, split, width, spec.columns)
        context: dict[Side, str] = {Side.INCOME: "", Side.EXPENDITURE: ""}
        sub_index: dict[Side, int] = {Side.INCOME: 0, Side.EXPENDITURE: 0}
        for raw in data:
            if _is_blank_row(raw):
                continue
            for side, (lo, _hi), cols in (
                (Side.INCOME, (0, split), income_cols),
                (Side.EXPENDITURE, (split, width), exp_cols),
            ):
                label_j, lineno_j, amounts = cols
                label = _cell_text(raw, label_j) if label_j is not None else ""
                lineno_text = _cell_text(raw, lineno_j) if lineno_j is not None else ""
                has_amount = any(_cell_text(raw, j) for j, _ in amounts)
                if not label and not lineno_text and not has_amount:
                    continue
                line_no = int(lineno_text) if lineno_text.isascii() and lineno_text.isdigit() and len(lineno_text) <= 6 else None
                if lineno_text and line_no is None and lineno_j is not None:
                    cell_source = raw[lineno_j].source.at(table=self.title, row=label or lineno_text, column="行次", text=lineno_text)
                    self.unreadable(cell_source, f"{label or '行'}/行次", lineno_text, "行次（数字）")
                key, code = self._line_key(side, label)
                if key.startswith(("年初财政拨款结转和结余", "年末财政拨款结转和结余")):
                    context[side] = key
                    sub_index[side] = 0
                elif context[side] and (key in FUNDS or key.replace("收入", "") in FUNDS or not label):
                    base = key.replace("收入", "") if key else FUNDS[min(sub_index[side], 2)]
                    if base in FUNDS:
                        key = f"{context[side]}/{base}"
                        sub_index[side] += 1
                elif key:
                    context[side] = ""
                row_name = key or label or (str(line_no) if line_no is not None else "")
                src_cell = raw[label_j] if label_j is not None and label_j < len(raw) else raw[min(lo, len(raw) - 1)]
                source = src_cell.source.at(table=self.title, row=row_name, text=label)
                cells = {
                    f"{side.value}/{name}": self.money(raw[j] if j < len(raw) else None, row_name, f"{side.value}/{name}", source)
                    for j, name in amounts
                }
                lines.append(
                    unchecked(BalanceLine, side=side, line_no=line_no, label=label, key=key, code=code, cells=cells, source=source)
                )
        return unchecked(
            BalanceTable,
            kind=self.grid.kind,
            header=_header(self.grid),
            income_columns=tuple(f"{Side.INCOME.value}/{n}" for _, n in income_cols[2]),
            expenditure_columns=tuple(f"{Side.EXPENDITURE.value}/{n}" for _, n in exp_cols[2]),
            lines=tuple(lines),
            source=self.grid.title_source.at(table=self.title),
        )

    def _side_columns(
        self, labels: list[list[str]], lo: int, hi: int, specs: tuple[ColumnSpec, ...]
    ) -> tuple[int | None, int | None, list[tuple[int, str]]]:
        label_j: int | None = None
        lineno_j: int | None = None
        amounts: list[tuple[int, str]] = []
        for j in range(lo, hi):
            names = labels[j] if j < len(labels) else []
            bottom = names[0] if names else ""
            if bottom.startswith("项目") and label_j is None:
                label_j = j
                continue
            if bottom == "行次":
                lineno_j = j
                continue
            key = _match_column(names, specs)
            if key:
                amounts.append((j, key))
        if label_j is None:
            label_j = lo
        if not amounts and hi - lo >= 2:
            amounts = [(hi - 1, specs[0].key)]
        return label_j, lineno_j, amounts

    def _line_key(self, side: Side, label: str) -> tuple[str, Code | None]:
        name = compact(strip_ordinal(label))
        name = re.sub(r"[（(]含专用结余[)）]", "", name)
        if not name:
            return "", None
        if compact(label).startswith("其中"):
            return "其中：" + name, None
        if side == Side.INCOME:
            aliases = {"上年结转和结余": "年初结转和结余", "年初结转结余": "年初结转和结余", "合计": "总计"}
            return aliases.get(name, name), None
        aliases = {"合计": "总计", "年末结转结余": "年末结转和结余"}
        if name in aliases:
            return aliases[name], None
        hits = [e for e in self.catalogue.by_name(CodeScheme.FUNCTION, name) if len(e.code) == 3]
        if not hits and name.endswith("支出"):
            # a typo or an old name: take the 类 whose name is closest
            hits = _closest_class(self.catalogue, name)
        if len(hits) == 1:
            return name, unchecked(Code, scheme=CodeScheme.FUNCTION, value=hits[0].code, printed="", inferred=True)
        return name, None

    # ---- 06 -------------------------------------------------------------------------------------

    def basic(self) -> BasicExpenditureTable:
        header_rows, data = _split_header(self.grid.rows)
        width = max((len(r) for r in self.grid.rows), default=0)
        labels = _column_labels(header_rows, width)
        amount_cols = [j for j in range(width) if labels[j] and labels[j][0] in {"决算数", "金额", "决算金额"}]
        name_cols = [j for j in range(width) if labels[j] and labels[j][0] == "科目名称"]
        if not amount_cols:
            if data:
                self.header_problem("表头中找不到“决算数”列")
            return unchecked(BasicExpenditureTable, header=_header(self.grid), source=self.grid.title_source.at(table=self.title))
        blocks: list[tuple[int, int, int | None, int]] = []  # (start, name col, amount col)
        start = 0
        for a in amount_cols:
            name_j = next((n for n in name_cols if start <= n < a), None)
            blocks.append((start, a, name_j, a))
            start = a + 1
        items: list[BasicItem] = []
        last_in_block: dict[int, int] = {}
        personnel: MoneyCell | None = None
        public: MoneyCell | None = None
        for raw in data:
            if _is_blank_row(raw):
                continue
            texts = [_cell_text(raw, j) for j in range(len(raw))]
            consumed: set[int] = set()
            for j, text in enumerate(texts):
                key = compact(text)
                if key in {"人员经费合计", "公用经费合计"}:
                    # the figure is the next printed cell, unless that is the other total's label
                    value_j = next((k for k in range(j + 1, len(texts)) if texts[k]), None)
                    if value_j is not None and compact(texts[value_j]) in {"人员经费合计", "公用经费合计"}:
                        value_j = None
                    consumed.add(j)
                    cell = raw[value_j] if value_j is not None else None
                    if value_j is not None:
                        consumed.add(value_j)
                    money = self.money(cell, key, "决算数", raw[j].source)
                    if key == "人员经费合计":
                        personnel = money
                    else:
                        public = money
            for b, (lo, amount_j, name_j, _) in enumerate(blocks, start=1):
                if any(lo <= j <= amount_j for j in consumed):
                    continue
                name_at = name_j if name_j is not None else amount_j - 1
                code_cells = [texts[j] if j < len(texts) else "" for j in range(lo, name_at)]
                name = texts[name_at] if name_at < len(texts) else ""
                amount_text = texts[amount_j] if amount_j < len(texts) else ""
                digits = "".join(c.replace(" ", "") for c in code_cells if c)
                if not digits and not name and not amount_text:
                    continue
                if not digits and name and not amount_text and b in last_in_block:
                    idx = last_in_block[b]
                    items[idx] = items[idx].model_copy(update={"name": items[idx].name + name})
                    continue
                if not digits.isdigit():
                    self.unplaced(raw[lo : amount_j + 1] or raw, "基本支出表中没有经济分类编码")
                    continue
                code = self._economic_code(digits, " ".join(c for c in code_cells if c), name, raw[lo].source)
                group = "人员经费" if code.value[:3] in {"301", "303"} else "公用经费"
                source = raw[lo].source.at(table=self.title, row=code.value, text=f"{digits} {name} {amount_text}".strip())
                money = self.money(raw[amount_j] if amount_j < len(raw) else None, code.value, "决算数", source)
                items.append(unchecked(BasicItem, code=code, name=name, group=group, cell=money, block=b, source=source))
                last_in_block[b] = len(items) - 1
        return unchecked(
            BasicExpenditureTable,
            header=_header(self.grid),
            items=tuple(items),
            personnel_total=personnel,
            public_total=public,
            source=self.grid.title_source.at(table=self.title),
        )

    def _economic_code(self, digits: str, printed: str, name: str, source: Source) -> Code:
        if len(digits) in (3, 5):
            self.remember(CodeScheme.ECONOMIC, digits, name, source)
            return unchecked(Code, scheme=CodeScheme.ECONOMIC, value=digits, printed=printed or digits)
        full = self.catalogue.resolve(CodeScheme.ECONOMIC, digits, name) if len(digits) == 4 else None
        if full:
            return unchecked(Code, scheme=CodeScheme.ECONOMIC, value=full, printed=printed or digits, inferred=True)
        report(
            self.sink, "RD03", [source.at(table=self.title, row=digits, text=f"{digits} {name}")], table=self.title, code=digits, name=name
        )
        return unchecked(Code, scheme=CodeScheme.ECONOMIC, value=digits, printed=printed or digits)

    # ---- 07 -------------------------------------------------------------------------------------

    def three_public(self) -> ThreePublicTable:
        header_rows, data = _split_header(self.grid.rows)
        width = max((len(r) for r in self.grid.rows), default=0)
        labels = _column_labels(header_rows, width)
        bottoms = [labels[j][0] if labels[j] else "" for j in range(width)]
        budget_cols = [j for j in range(width) if bottoms[j] in {"预算数", "年初预算数", "预算"}]
        actual_cols = [j for j in range(width) if bottoms[j] in {"决算数", "决算"}]
        data = [r for r in data if not _is_blank_row(r)]
        if len(budget_cols) >= 3:
            return self._three_public_wide(labels, budget_cols, actual_cols, data)
        budget_j = budget_cols[0] if budget_cols else (1 if width > 2 else None)
        actual_j = actual_cols[0] if actual_cols else (2 if width > 2 else None)
        rows: list[ThreePublicRow] = []
        for raw in data:
            label = next((_cell_text(raw, j) for j in range(len(raw)) if j not in {budget_j, actual_j} and _cell_text(raw, j)), "")
            item = _three_public_item(label)
            if item is None:
                self.unplaced(raw, "不是三公经费的项目")
                continue
            source = raw[0].source.at(table=self.title, row=item.value, text=label)
            rows.append(
                unchecked(
                    ThreePublicRow,
                    item=item,
                    label=label,
                    budget=self.money(
                        raw[budget_j] if budget_j is not None and budget_j < len(raw) else None, item.value, "预算数", source
                    ),
                    actual=self.money(
                        raw[actual_j] if actual_j is not None and actual_j < len(raw) else None, item.value, "决算数", source
                    ),
                    source=source,
                )
            )
        return unchecked(
            ThreePublicTable, header=_header(self.grid), shape="rows", rows=tuple(rows), source=self.grid.title_source.at(table=self.title)
        )

    def _three_public_wide(
        self, labels: list[list[str]], budget_cols: list[int], actual_cols: list[int], data: list[list[GridCell]]
    ) -> ThreePublicTable:
        items: dict[ThreePublicItem, dict[str, int]] = {}
        for j in budget_cols + actual_cols:
            item = None
            for text in labels[j][1:]:
                item = _three_public_item(text)
                if item is not None:
                    break
            if item is None:
                continue
            items.setdefault(item, {})["预算数" if j in budget_cols else "决算数"] = j
        rows: list[ThreePublicRow] = []
        raw = data[0] if data else []
        for extra in data[1:]:
            self.unplaced(extra, "三公经费表只应有一行数据")
        fallback = raw[0].source if raw else self.grid.title_source
        for item in ThreePublicItem:
            if item not in items:
                continue
            cols = items[item]
            source = fallback.at(table=self.title, row=item.value, text=item.value)
            b = cols.get("预算数")
            a = cols.get("决算数")
            rows.append(
                unchecked(
                    ThreePublicRow,
                    item=item,
                    label=item.value,
                    budget=self.money(raw[b] if b is not None and b < len(raw) else None, item.value, "预算数", source),
                    actual=self.money(raw[a] if a is not None and a < len(raw) else None, item.value, "决算数", source),
                    source=source,
                )
            )
        return unchecked(
            ThreePublicTable, header=_header(self.grid), shape="wide", rows=tuple(rows), source=self.grid.title_source.at(table=self.title)
        )

    def generic(self) -> GenericTable:
        rows = tuple(tuple(clean(c.text) for c in r) for r in self.grid.rows)
        sources = tuple(r[0].source if r else self.grid.title_source for r in self.grid.rows)
        return unchecked(
            GenericTable, kind=self.grid.kind, header=_header(self.grid), rows=rows, row_sources=sources, source=self.grid.title_source
        )


def _closest_class(catalogue: Catalogue, name: str) -> list[CatalogueEntry]:
    """类 entries whose name differs from ``name`` by one character (``抗役`` for ``抗疫``)."""
    out = []
    for entry in catalogue.entries:
        if entry.scheme != CodeScheme.FUNCTION or len(entry.code) != 3 or len(entry.name) != len(name):
            continue
        if sum(1 for a, b in zip(entry.name, name, strict=True) if a != b) == 1:
            out.append(entry)
    return out


def _three_public_item(label: str) -> ThreePublicItem | None:
    text = compact(strip_ordinal(label)).replace("(", "（").replace(")", "）")
    text = re.sub(r"^(其中[：:])?([（(]?\d[)）]?|\d[、.])?", "", text)
    if not text:
        return None
    if text in {"合计", "财政拨款“三公”经费合计", "“三公”经费合计", "财政拨款“三公”经费"}:
        return ThreePublicItem.TOTAL
    if "出国" in text:
        return ThreePublicItem.OVERSEAS
    if "接待" in text:
        return ThreePublicItem.RECEPTION
    if "购置及运行" in text or text == "小计":
        return ThreePublicItem.VEHICLES
    if "运行" in text:
        return ThreePublicItem.VEHICLE_OPERATION
    if "购置" in text:
        return ThreePublicItem.VEHICLE_PURCHASE
    return None


def build_table(grid: Grid, catalogue: Catalogue, sink: Sink, year: int | None = None) -> tuple[Table, list[tuple[str, str, str, Source]]]:
    """The typed table for a grid and the unknown codes seen; what could not be read goes to ``sink``."""
    rows = split_merged_header(grid.rows)
    if rows is not grid.rows:
        grid = replace(grid, rows=rows)
    builder = _Builder(grid=grid, catalogue=catalogue, year=year, sink=sink)
    shape = spec_for(grid.kind).shape
    table: Table
    if shape == "balance":
        table = builder.balance()
    elif shape == "classified":
        table = builder.classified()
    elif shape == "basic":
        table = builder.basic()
    elif shape == "three_public":
        table = builder.three_public()
    else:
        table = builder.generic()
    return table, builder.unknown
