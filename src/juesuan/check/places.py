"""Where things are printed: every place of a document that carries text (cover, 目录, part
titles, headings, narrative, table titles and headers, 自评表), so that the rules about names,
years and placeholders look everywhere through one list; and where the parts of a table's or
form's frame were printed (year line, 单位 line, 表号 …), so that findings about them point at the
right line rather than at the title."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from juesuan.model.narrative import Paragraph
from juesuan.model.provenance import Source
from juesuan.model.report import Report
from juesuan.model.tables import BalanceTable, BasicExpenditureTable, ClassifiedTable, TableHeader
from juesuan.record import Record

__all__ = ["Place", "PlaceKind", "form_line", "header_line", "text_places"]


def header_line(header: TableHeader, column: str) -> Source:
    """The source of a table's 表号 / 单位 / 年度 / 金额单位 line (the title when not known)."""
    for source in header.lines:
        if source.column == column:
            return source
    return header.source


def form_line(lines: Sequence[Source], fallback: Source, *, column: str | None = None, startswith: str | None = None) -> Source:
    """The source of a 绩效自评表 line: by its column tag or by the text it starts with."""
    for source in lines:
        if column is not None and source.column == column:
            return source
        if startswith is not None and source.text.replace(" ", "").startswith(startswith):
            return source
    return fallback


class PlaceKind(StrEnum):
    """What kind of place a text was printed in (a title names the unit and the year in full)."""

    COVER = "cover"
    TOC = "toc"
    PART = "part"  # a part title (第二部分 …)
    HEADING = "heading"  # a section heading
    TEXT = "text"  # a narrative paragraph (情况说明, 概况, 名词解释 …)
    TABLE_TITLE = "table_title"
    TABLE_FRAME = "table_frame"  # 单位 line, notes, the empty-table statement
    TABLE_ROW = "table_row"  # a row label
    FORM = "form"  # a 绩效自评表 field

    @property
    def is_title(self) -> bool:
        return self in (PlaceKind.COVER, PlaceKind.TOC, PlaceKind.PART, PlaceKind.TABLE_TITLE)


@dataclass(frozen=True, repr=False)
class Place(Record):
    """One printed text and where it is: ``where`` names the place for a message ("目录", "标题",
    "收入决算表表头", "绩效自评表（…）")."""

    kind: PlaceKind
    where: str
    text: str
    source: Source
    paragraph: Paragraph | None = None
    name_field: bool = False  # the whole text is a unit's name (单位 line, 实施单位, 部门名称)

    def at(self, start: int, end: int) -> Source:
        """The source narrowed to ``text[start:end]`` (its line, for a paragraph over several)."""
        piece = self.text[start:end]
        if self.paragraph is not None:
            return self.source.at(line=self.paragraph.line_at(start), text=piece)
        return self.source.at(text=piece)


def _paragraph_kind(part_kind: str) -> str:
    return {"glossary": "名词解释", "overview": "概况"}.get(part_kind, "正文")


def text_places(report: Report) -> list[Place]:
    """Every place of ``report`` that carries text, in reading order within each kind. A text is
    listed once: a heading is not listed again as a paragraph, a table title not as a part."""
    out: list[Place] = []
    meta = report.metadata
    cover = meta.title or meta.department
    if cover:
        out.append(Place(PlaceKind.COVER, "封面", cover, meta.source))
    for entry in report.toc:
        out.append(Place(PlaceKind.TOC, "目录", entry.title, entry.source))
    for part in report.narrative.parts:
        if part.title:
            out.append(Place(PlaceKind.PART, "标题", part.title, part.source))
        where = _paragraph_kind(part.kind)
        for section in part.walk():
            if section.heading is not None:
                out.append(Place(PlaceKind.HEADING, "标题", section.heading.text, section.heading.source, section.heading))
        for paragraph in part.all_paragraphs():
            out.append(Place(PlaceKind.TEXT, where, paragraph.text, paragraph.source, paragraph))
    for table in report.tables:
        header = table.header
        name = table.kind.value
        out.append(Place(PlaceKind.TABLE_TITLE, f"{name}表题", header.title, header.source))
        if header.unit_name:
            out.append(Place(PlaceKind.TABLE_FRAME, f"{name}表头", header.unit_name, header_line(header, "单位"), name_field=True))
        for note in dict.fromkeys((*header.notes, header.empty_statement)):  # the statement is often a note too
            if note:
                out.append(Place(PlaceKind.TABLE_FRAME, f"{name}表注", note, header.source.at(text=note[:40])))
        if isinstance(table, ClassifiedTable):
            out.extend(Place(PlaceKind.TABLE_ROW, name, row.label, row.source) for row in table.rows)
        elif isinstance(table, BalanceTable):
            out.extend(Place(PlaceKind.TABLE_ROW, name, line.label, line.source) for line in table.lines)
        elif isinstance(table, BasicExpenditureTable):
            out.extend(Place(PlaceKind.TABLE_ROW, name, item.name, item.source) for item in table.items)
    for project in report.projects:
        where = f"绩效自评表（{project.name}）"
        out.append(Place(PlaceKind.FORM, where, project.name, project.source))
        for label, value, source in (
            ("实施单位", project.implementer, form_line(project.lines, project.source, startswith="实施单位")),
            ("主管部门", project.department, form_line(project.lines, project.source, startswith="主管部门")),
        ):
            if value:
                out.append(Place(PlaceKind.FORM, f"{where}{label}", value, source, name_field=True))
        out.extend(Place(PlaceKind.FORM, where, text, project.goal_source) for text in (project.goal, project.achieved) if text)
        for ind in project.indicators:
            out.extend(Place(PlaceKind.FORM, where, text, ind.source) for text in (ind.name, ind.reason, ind.measures) if text)
    for whole in report.whole:
        if whole.name:
            out.append(Place(PlaceKind.FORM, "整体绩效自评表", whole.name, form_line(whole.lines, whole.source, startswith="部门（单位）名称"), name_field=True))
        out.extend(Place(PlaceKind.FORM, "整体绩效自评表", text, whole.goal_source) for text in (whole.goal, whole.achieved) if text)
        for ind in whole.indicators:
            out.extend(Place(PlaceKind.FORM, "整体绩效自评表", text, ind.source) for text in (ind.name, ind.reason, ind.measures) if text)
    return out
