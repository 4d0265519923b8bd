"""Put the pieces a reader found (cover, TOC, body lines, table grids, 绩效 grids) together into
one :class:`Report`, and decide what every format decides the same way: the department, the year,
the document family, and whether a table looks cut off."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from juesuan.diagnostics import Finding, ReadError
from juesuan.ingest.common.grid import Grid, GridCell, build_table
from juesuan.ingest.common.narrative import TextLine, build_body, parse_toc
from juesuan.ingest.common.performance import parse_project, parse_whole
from juesuan.ingest.common.text import clean, compact
from juesuan.ingest.common.truncation import project_cut_off, table_cut_off, whole_cut_off
from juesuan.model.codes import Catalogue
from juesuan.model.money import Unit
from juesuan.model.narrative import Part, TocEntry
from juesuan.model.performance import ProjectEvaluation, WholeEvaluation
from juesuan.model.provenance import Source
from juesuan.model.report import Metadata, Report, UnknownCode, Unread
from juesuan.model.tables import (
    BalanceTable,
    DocumentFamily,
    GenericTable,
    Table,
    TableKind,
    money_cells,
)

__all__ = ["EvalGrid", "Pieces", "assemble", "refuse_non_document"]


@dataclass
class EvalGrid:
    """A 绩效自评表 as found: ``kind`` is ``"project"`` or ``"whole"``."""

    kind: str
    title: str
    title_source: Source
    rows: list[list[GridCell]] = field(default_factory=list)
    year: int | None = None
    year_text: str = ""
    name_line: str = ""
    at_end_of_input: bool = False
    header_lines: list[Source] = field(default_factory=list)  # where the year/name lines were printed


@dataclass
class Pieces:
    file: str
    source_format: str
    cover: list[TextLine] = field(default_factory=list)
    toc: list[TextLine] = field(default_factory=list)
    body: list[TextLine] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    grid_at_end: list[bool] = field(default_factory=list)  # the grid ran to the end of the input
    evals: list[EvalGrid] = field(default_factory=list)
    pages: int | None = None
    findings: list[Finding] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)  # the parts found unreadable (each also in findings)


def refuse_non_document(pieces: Pieces) -> None:
    """A :class:`ReadError` when nothing found looks like a 决算: no table, no 自评表, and no
    “决算” anywhere in the cover or the body text."""
    if not pieces.grids and not pieces.evals and not any("决算" in ln.text for ln in pieces.body + pieces.cover):
        raise ReadError(pieces.file, "这不像部门决算文档：既没有找到任何决算表，也没有“决算”字样")


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def assemble(pieces: Pieces, catalogue: Catalogue) -> tuple[Report, list[Finding]]:
    """The report of the pieces a reader found, and every reading finding (the reader's own and
    those made here). What could not be read is recorded in ``Report.unread``; a
    :class:`ReadError` when parts could not be read and nothing usable is left (a document that
    simply holds little, read without a problem, is checked and told what it lacks)."""
    cover_texts = [clean(line.text).lstrip("#").strip() for line in pieces.cover if clean(line.text)]
    year = _document_year(cover_texts, pieces)
    tables: list[Table] = []
    unknown: list[UnknownCode] = []
    for grid, at_end in zip(pieces.grids, pieces.grid_at_end or [False] * len(pieces.grids), strict=False):
        table, unknown_codes = build_table(grid, catalogue, pieces, year)
        table_cut_off(table, grid, at_end, pieces)
        tables.append(table)
        seen = {(u.scheme, u.code) for u in unknown}
        for scheme, code, name, source in unknown_codes:
            if (scheme, code) not in seen:
                unknown.append(UnknownCode(scheme=scheme, code=code, name=name, source=source.at(table=grid.kind.value)))
                seen.add((scheme, code))
    projects: list[ProjectEvaluation] = []
    whole: list[WholeEvaluation] = []
    for number, egrid in enumerate([g for g in pieces.evals if g.kind == "project"], start=1):
        project = parse_project(egrid.rows, egrid.title_source, egrid.year, egrid.year_text, number, pieces, egrid.header_lines)
        project_cut_off(project, number, egrid.title_source, egrid.at_end_of_input, pieces)
        projects.append(project)
    for egrid in [g for g in pieces.evals if g.kind == "whole"]:
        evaluation = parse_whole(egrid.rows, egrid.title_source, egrid.year, egrid.year_text, egrid.name_line, pieces, egrid.header_lines)
        whole_cut_off(evaluation, egrid.title_source, egrid.at_end_of_input, pieces)
        whole.append(evaluation)
    body = build_body(pieces.body)
    toc = parse_toc(pieces.toc)
    department = _department(cover_texts, tables)
    metadata = Metadata(
        department=department,
        year=year,
        family=_family(tables, body.narrative.parts, toc),
        money_unit=_money_unit(tables),
        title=" ".join(cover_texts[:3]),
        source_file=pieces.file,
        source_format=pieces.source_format,
        pages=pieces.pages,
        source=_cover_source(pieces),
    )
    report = Report(
        metadata=metadata,
        toc=tuple(toc),
        narrative=body.narrative,
        duties=tuple(body.duties),
        units=tuple(body.units),
        glossary=tuple(body.glossary),
        matters=body.matters,
        tables=tuple(tables),
        projects=tuple(projects),
        whole=tuple(whole),
        unknown_codes=tuple(unknown),
        unread=tuple(pieces.unread),
    )
    if report.unread and not usable(report):
        found = "；".join(f.message for f in pieces.findings if f.severity.value != "info")[:300]
        raise ReadError(pieces.file, "没有读出任何可用的内容" + (f"（{found}）" if found else ""))
    return report, list(pieces.findings)


def usable(report: Report) -> bool:
    """Whether anything was read that can be checked: a figure in a table, a 自评表, or a
    paragraph of the 情况说明."""
    if report.projects or report.whole:
        return True
    if any(part.paragraphs or part.sections for part in report.narrative.parts):
        return True
    return any(_has_data(table) for table in report.tables)


def _has_data(table: Table) -> bool:
    """A table with rows read (blank cells count: an empty 08表 with its 合计 row can be checked)."""
    if isinstance(table, GenericTable):
        return bool(table.rows)
    return next(money_cells(table), None) is not None or bool(table.header.empty_statement)


def _cover_source(pieces: Pieces) -> Source:
    """Where the cover title was printed: its first line, through the last line the title uses."""
    if not pieces.cover:
        return Source(file=pieces.file)
    used = [line for line in pieces.cover if clean(line.text)][:3]
    first, last = used[0].source, used[-1].source
    text = " ".join(clean(line.text).lstrip("#").strip() for line in used)
    if first.line is not None and last.line is not None and last.line != first.line:
        return first.at(end_line=last.line, text=text)
    return first.at(text=text)


def _document_year(cover: list[str], pieces: Pieces) -> int | None:
    for text in cover:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    years = Counter(g.year for g in pieces.grids if g.year)
    if years:
        return years.most_common(1)[0][0]
    for line in pieces.body[:40]:
        m = _YEAR.search(line.text)
        if m:
            return int(m.group(1))
    return None


def _department(cover: list[str], tables: list[Table]) -> str:
    for text in cover:
        name = re.sub(r"\s*(?:19|20)\d{2}\s*年度?.*$", "", text).strip()
        name = re.sub(r"(?:部门|单位)?决算$", "", name).strip()
        if name and not re.match(r"^(?:19|20)\d{2}", name) and len(name) >= 3:
            return name
    names = Counter(t.header.unit_name for t in tables if t.header.unit_name)
    return names.most_common(1)[0][0] if names else ""


def _family(tables: list[Table], parts: tuple[Part, ...], toc: list[TocEntry]) -> DocumentFamily:
    titles = " ".join(t.header.title for t in tables)
    if "高等学校" in titles or any(t.kind == TableKind.FISCAL_EXPENDITURE for t in tables):
        return DocumentFamily.UNIVERSITY
    for table in tables:
        if table.kind == TableKind.GOV_FUND and table.header.number_value == 7:
            return DocumentFamily.CENTRAL
    kinds = [p.kind for p in parts]
    if "tables" in kinds and "narrative" in kinds and kinds.index("tables") < kinds.index("narrative"):
        return DocumentFamily.SHANGHAI
    if toc:
        order = [compact(e.title) for e in toc if e.level == 1]
        t_index = next((i for i, t in enumerate(order) if "决算表" in t), None)
        n_index = next((i for i, t in enumerate(order) if "情况说明" in t), None)
        if t_index is not None and n_index is not None and t_index < n_index:
            return DocumentFamily.SHANGHAI
    summary = next((t for t in tables if isinstance(t, BalanceTable) and t.kind == TableKind.INCOME_EXPENDITURE_SUMMARY), None)
    if summary is not None and summary.lines and all(line.line_no is None for line in summary.lines):
        return DocumentFamily.SHANGHAI
    return DocumentFamily.LIAONING


def _money_unit(tables: list[Table]) -> Unit:
    units = Counter(t.header.money_unit for t in tables)
    return units.most_common(1)[0][0] if units else Unit.WANYUAN
