"""A table block being read: its title, the lines between the title and the rows (表号, 单位,
年度, a 自评表's name line), the rows, and the notes printed after them.

Shared by the readers that walk a document line by line — the text reader, the PDF reader
(lines of a page) and the paragraph stream of DOCX, HTML and spreadsheets — so that a title block
means the same in every format. Each reader decides what ends a block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from juesuan.ingest.common.assemble import EvalGrid, Pieces
from juesuan.ingest.common.grid import Grid, GridCell
from juesuan.ingest.common.narrative import TextLine, numbering
from juesuan.ingest.common.text import clean, compact
from juesuan.ingest.common.titles import parse_number_line, parse_unit_line, parse_year_line
from juesuan.ingest.problems import report
from juesuan.model.limits import MAX_ROWS_PER_TABLE
from juesuan.model.money import Unit
from juesuan.model.provenance import Source
from juesuan.model.tables import TableKind
from juesuan.record import Record

__all__ = ["Meta", "TableBlock", "row_key", "starts_section", "unwrap"]


class Meta(Enum):
    """What a line between a title and its rows turned out to be."""

    TAKEN = "taken"  # a 表号, 单位 or 年度 line, now part of the block's header
    NOTE = "note"  # a 金额单位 line naming no unit: kept as a note
    OTHER = "other"  # none of these: the reader decides (a heading ends the block, …)


def unwrap(text: str) -> str:
    """``（单位：元）`` → ``单位：元``: a 单位 line printed in brackets."""
    text = clean(text)
    if len(text) > 2 and text[0] in "（(" and text[-1] in "）)" and "单位" in text:
        return text[1:-1].strip()
    return text


def starts_section(text: str) -> bool:
    """A part (``第三部分``) or a short ``一、`` heading, not a sentence: no table block runs past
    it. The same rule in every reader, so that the text form written from a PDF reads back the same."""
    num = numbering(text)
    if num is None:
        return False
    return num[0] == 0 or (num[0] == 1 and len(text) <= 40 and not text.endswith("。"))


def row_key(row: list[GridCell]) -> str:
    """A row's text, for telling a header repeated on the next page from the first one."""
    return "|".join(compact(c.text) for c in row if compact(c.text))


@dataclass(repr=False)
class TableBlock(Record):
    """A table while it is read: its title, number, unit, notes and rows."""

    kind: TableKind | str  # a table kind, or "project"/"whole" for a 绩效自评表
    title: str
    title_source: Source
    number: str = ""
    number_value: int | None = None
    unit_name: str = ""
    year: int | None = None
    year_text: str = ""
    money_unit: Unit = Unit.WANYUAN
    name_line: str = ""
    notes: list[tuple[str, Source]] = field(default_factory=list)
    rows: list[list[GridCell]] = field(default_factory=list)
    header_lines: list[Source] = field(default_factory=list)
    header_keys: list[str] = field(default_factory=list)
    dropped: int = 0  # rows beyond MAX_ROWS_PER_TABLE, not kept
    dropped_at: Source | None = None  # where the first of them is

    @property
    def full(self) -> bool:
        """The block holds as many rows as a table may (:data:`MAX_ROWS_PER_TABLE`)."""
        return len(self.rows) >= MAX_ROWS_PER_TABLE

    def drop(self, rows: list[list[GridCell]], source: Source | None = None) -> None:
        """Rows beyond the limit: counted and their place kept, not read (reported at ``finish``)."""
        if not rows:
            return
        if self.dropped_at is None:
            first = next((c.source for c in rows[0]), None)
            self.dropped_at = source or first or self.title_source
        self.dropped += len(rows)

    @property
    def evaluation(self) -> bool:
        return self.kind in ("project", "whole")

    def take_meta(self, text: str, source: Source) -> Meta:
        """Take a 表号 (``公开01表``), 单位 (``金额单位：万元``, ``单位：某中心``) or 年度 line."""
        number = parse_number_line(text)
        if number:
            self.number, self.number_value = number
            self.header_lines.append(source.at(column="表号"))
            return Meta.TAKEN
        unit = parse_unit_line(text)
        if unit:
            if unit[0] != "money":
                self.unit_name = unit[1]
                self.header_lines.append(source.at(column="单位"))
                return Meta.TAKEN
            try:
                self.money_unit = Unit(unit[1])
            except ValueError:
                return Meta.NOTE
            self.header_lines.append(source.at(column="金额单位"))
            return Meta.TAKEN
        year = parse_year_line(text)
        if year:
            self.year, self.year_text = year, text
            self.header_lines.append(source.at(column="年度"))
            return Meta.TAKEN
        return Meta.OTHER

    def take_name(self, text: str, source: Source) -> bool:
        """A 自评表's first free line under the title names the project or the unit."""
        if not self.evaluation or self.name_line:
            return False
        self.name_line = text
        self.header_lines.append(source.at(column="名称"))
        return True

    def take_line(self, text: str, source: Source, ends_block: Callable[[], bool]) -> bool:
        """Take a line between the title and the rows: a 表号/单位/年度 line (a 单位 line may be in
        brackets), a 自评表's name line, or else a note; ``False`` when the line ends the block
        instead (``ends_block()``, asked only of a line that is none of the header lines)."""
        taken = self.take_meta(unwrap(text), source)
        if taken is Meta.OTHER:
            if ends_block():
                return False
            if self.take_name(text, source):
                return True
        if taken is not Meta.TAKEN:
            self.notes.append((text, source))
        return True

    def add_rows(self, rows: list[list[GridCell]], continued: bool) -> None:
        """Rows of the table: its first part, or a part that continues it (on the next page, in the
        next table) where a header repeated at the top is dropped."""
        if not continued:
            self.header_keys = [row_key(r) for r in rows[:8]]
            self._keep(rows)
            return
        skip = 0
        while skip < len(rows) and skip < 8 and row_key(rows[skip]) in self.header_keys:
            skip += 1
        self._keep(rows[skip:])

    def _keep(self, rows: list[list[GridCell]]) -> None:
        room = max(0, MAX_ROWS_PER_TABLE - len(self.rows))
        self.rows.extend(rows[:room])
        self.drop(rows[room:])

    def finish(self, pieces: Pieces, at_end: bool) -> None:
        """Hand the block to the assembler: a 自评表 as an evaluation (its notes go back to the
        body text), a standard table as a grid. ``at_end``: the input ended inside the block, with
        nothing after its rows that shows it was printed whole."""
        if self.dropped:
            report(
                pieces,
                "RD22",
                [(self.dropped_at or self.title_source).at(table=self.title)],
                unread_table=self.title,
                what=f"{self.title}的行数",
                limit=f"{MAX_ROWS_PER_TABLE:,} 行",
                rest=f"之后的 {self.dropped:,} 行",
            )
        if self.evaluation:
            pieces.evals.append(
                EvalGrid(
                    kind=str(self.kind),
                    title=self.title,
                    title_source=self.title_source,
                    rows=self.rows,
                    year=self.year,
                    year_text=self.year_text,
                    name_line=self.name_line,
                    at_end_of_input=at_end,
                    header_lines=self.header_lines,
                )
            )
            pieces.body.extend(TextLine(text, source) for text, source in self.notes)
            return
        if not isinstance(self.kind, TableKind):  # pragma: no cover - titles are tables or 自评表
            return
        pieces.grids.append(
            Grid(
                kind=self.kind,
                title=self.title,
                title_source=self.title_source,
                file=pieces.file,
                number=self.number,
                number_value=self.number_value,
                unit_name=self.unit_name,
                year=self.year,
                year_text=self.year_text,
                money_unit=self.money_unit,
                notes=self.notes,
                rows=self.rows,
                header_lines=self.header_lines,
            )
        )
        pieces.grid_at_end.append(at_end)
