"""The view-model of a generated document: plain dataclasses that every writer draws.

Everything a reader sees is already decided here: every sentence is finished text (amounts,
shares, changes and direction words computed by :mod:`juesuan.render.build`), every table cell is
formatted, every chart is data. The writers (Markdown, HTML, DOCX, XLSX, PDF) only lay these out;
none of them computes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.record import Record

__all__ = [
    "DRAFT_MARK",
    "DRAFT_NOTE",
    "Block",
    "Cell",
    "Chart",
    "ChartSeries",
    "Document",
    "Heading",
    "HeaderCell",
    "NUMERIC_KINDS",
    "PageBreak",
    "Para",
    "TableView",
    "TocLine",
]


#: what every page of a document written with ``render --force`` carries
DRAFT_MARK = "草稿"
DRAFT_NOTE = "草稿：数据不全或未通过校验，不得作为正式文件公开"


@dataclass(frozen=True, repr=False)
class Heading(Record):
    level: int  # 1 = 第N部分, 2 = 一、, 3 = （一）, 4 = 1.
    text: str


@dataclass(frozen=True, repr=False)
class Para(Record):
    text: str
    style: str = "body"  # body / note / item / center


@dataclass(frozen=True, repr=False)
class HeaderCell(Record):
    text: str
    colspan: int = 1
    rowspan: int = 1


#: the body-cell kinds that hold a figure: set right-aligned, stored as numbers in a workbook
NUMERIC_KINDS = frozenset({"money", "number", "percent", "int"})


@dataclass(frozen=True, repr=False)
class Cell(Record):
    """A formatted body cell. ``kind`` tells writers how to align and format it in a workbook."""

    text: str
    kind: str = "text"  # text / money / number / percent / code / int
    value: Decimal | None = None
    bold: bool = False
    colspan: int = 1

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass(frozen=True, repr=False)
class TableView(Record):
    """A table as published: title lines above the grid, header rows with spans, body, notes."""

    key: str  # canonical title (TableKind value) or "project"/"whole"
    title: str
    number: str = ""  # 公开01表
    unit_name: str = ""  # 单位：…
    year_text: str = ""  # 2024 年度
    money_unit: str = ""  # 金额单位：万元
    header: tuple[tuple[HeaderCell, ...], ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    notes: tuple[str, ...] = ()
    sheet: str = ""  # worksheet name in the XLSX output
    widths: tuple[int, ...] = ()  # relative column widths
    name_line: str = ""  # a line under the title (the 整体自评表 prints the unit)

    @property
    def columns(self) -> int:
        if self.header:
            return sum(c.colspan for c in self.header[0])
        return max((sum(c.colspan for c in r) for r in self.rows), default=0)

    @property
    def cell_points(self) -> float:
        """The type size of the grid (points, not money): the more columns, the smaller."""
        return 6.5 if self.columns > 12 else 8 if self.columns > 6 else 9


@dataclass(frozen=True, repr=False)
class ChartSeries(Record):
    name: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True, repr=False)
class Chart(Record):
    """Chart data (drawn by :mod:`juesuan.render.svg`)."""

    kind: str  # pie / bar / grouped
    title: str
    labels: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    unit: str = "万元"


@dataclass(frozen=True, repr=False)
class PageBreak(Record):
    pass


Block = Heading | Para | TableView | Chart | PageBreak


@dataclass(frozen=True, repr=False)
class TocLine(Record):
    level: int
    text: str


@dataclass(frozen=True, repr=False)
class Document(Record):
    title: str  # cover line 1: the department
    subtitle: str  # cover line 2: 2024 年度部门决算
    department: str
    year: int
    profile: str
    toc: tuple[TocLine, ...] = ()
    blocks: tuple[Block, ...] = ()
    charts: tuple[Chart, ...] = field(default=())
    #: written despite problems or missing content (``render --force``): every page says so (DRAFT_MARK)
    draft: bool = False

    def tables(self) -> list[TableView]:
        return [b for b in self.blocks if isinstance(b, TableView)]

    def text(self) -> str:
        """All sentences and cells as plain text, in order (for tests and searches)."""
        out: list[str] = [self.title, self.subtitle]
        for block in self.blocks:
            if isinstance(block, Heading | Para):
                out.append(block.text)
            elif isinstance(block, TableView):
                out.extend([block.title, block.number, block.unit_name, block.year_text, block.money_unit])
                for hrow in block.header:
                    out.append("\t".join(c.text for c in hrow))
                for row in block.rows:
                    out.append("\t".join(c.text for c in row))
                out.extend(block.notes)
        return "\n".join(t for t in out if t)
