"""Put the pieces a reader found (cover, TOC, body lines, table grids, 绩效 grids) together into
one :class:`Report`, and decide what every format decides the same way: what kind of document it
is (a 决算, or a 预算 to refuse), the department, the year, the layout profile, and whether a table
looks cut off. The kind and the layout are scored by :mod:`juesuan.profiles` from the clues its
data lists; this module only gathers what the reader saw."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from juesuan.diagnostics import Finding, ReadError
from juesuan.ingest.common.grid import Grid, GridCell, build_table
from juesuan.ingest.common.narrative import TextLine, build_body, parse_toc
from juesuan.ingest.common.text import clean
from juesuan.ingest.common.truncation import project_cut_off, table_cut_off, whole_cut_off
from juesuan.model.build import unchecked
from juesuan.model.codes import Catalogue
from juesuan.model.money import Unit
from juesuan.model.performance import ProjectEvaluation, WholeEvaluation
from juesuan.model.provenance import Source
from juesuan.model.report import DocumentKind, Metadata, Report, UnknownCode, Unread
from juesuan.model.tables import GenericTable, Table, money_cells
from juesuan.profiles import detect
from juesuan.profiles.kinds import DocumentTexts, KindVerdict, NotAFinalAccount, classify, looks_like_table_title
from juesuan.record import Record

__all__ = ["EvalGrid", "Pieces", "assemble", "document_texts", "refuse_non_document"]


@dataclass(repr=False)
class EvalGrid(Record):
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


@dataclass(repr=False)
class Pieces(Record):
    """What a reader found in a file, before the report is built from it."""

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
    kind: KindVerdict | None = None  # what kind of document this is (set by refuse_non_document)


def refuse_non_document(pieces: Pieces) -> None:
    """Tell what kind of document the pieces are (kept on ``pieces.kind``) and raise a
    :class:`ReadError` unless it is a 决算: a 部门预算 is refused as one ("这是部门预算（2019 年度），
    juesuan 目前审核决算"), a file with no table, no 自评表 and no “决算” as unrelated."""
    pieces.kind = classify(document_texts(pieces))
    if not pieces.kind.accepted:
        raise NotAFinalAccount(pieces.file, pieces.kind)


def document_texts(pieces: Pieces) -> DocumentTexts:
    """The pieces' text by where it stands, for telling the document's kind."""
    body = [line.text.lstrip("#").strip() for line in pieces.body]  # readers keep body lines cleaned
    toc = [clean(line.text).lstrip("#").strip() for line in pieces.toc]
    parts = [text for text in body if text.startswith("第") and "部分" in text[:6]]
    titles = [g.title for g in pieces.grids] + [e.title for e in pieces.evals]
    titles += [t for t in map(looks_like_table_title, body + toc) if t]
    headers = [" ".join(clean(c.text) for c in row) for g in pieces.grids for row in g.rows[:2]]
    return DocumentTexts(
        cover=tuple(clean(line.text).lstrip("#").strip() for line in pieces.cover),
        headings=tuple(toc + parts),
        titles=tuple(titles),
        headers=tuple(headers),
        body=tuple(body),
        tables_found=len(pieces.grids) + len(pieces.evals),
    )


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")

#: a mark of the document's status printed above its title ("草稿", "征求意见稿（第二稿）",
#: "草稿：…不得作为正式文件公开"): not the title, nor the department's name
_STATUS_MARK = re.compile(r"^[【\[（(]?(?:草稿|初稿|征求意见稿|送审稿|讨论稿|修改稿|内部资料)(?:[（(][^）)]{0,10}[）)])?[】\]）)]?(?:[：:].*)?$")


def status_mark(text: str) -> bool:
    """Whether a cover line is only a mark of the document's status (a draft, a consultation copy)."""
    return bool(_STATUS_MARK.match(text.replace(" ", "")))


def assemble(pieces: Pieces, catalogue: Catalogue) -> tuple[Report, list[Finding]]:
    """The report of the pieces a reader found, and every reading finding (the reader's own and
    those made here). What could not be read is recorded in ``Report.unread``; a
    :class:`ReadError` when parts could not be read and nothing usable is left (a document that
    simply holds little, read without a problem, is checked and told what it lacks)."""
    pieces.cover = [line for line in pieces.cover if not status_mark(clean(line.text).lstrip("#").strip())]
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
                unknown.append(unchecked(UnknownCode, scheme=scheme, code=code, name=name, source=source.at(table=grid.kind.value)))
                seen.add((scheme, code))
    projects: list[ProjectEvaluation] = []
    whole: list[WholeEvaluation] = []
    if pieces.evals:  # 绩效自评表: most published 决算 have none, so their reader loads only for one
        from juesuan.ingest.common.performance import parse_project, parse_whole
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
    verdict = pieces.kind or classify(document_texts(pieces))
    metadata = unchecked(
        Metadata,
        department=department,
        year=year,
        kind=verdict.kind if verdict.kind is not None and verdict.accepted else DocumentKind.DEPARTMENT_FINAL,
        money_unit=_money_unit(tables),
        title=" ".join(cover_texts[:3]),
        source_file=pieces.file,
        source_format=pieces.source_format,
        pages=pieces.pages,
        source=_cover_source(pieces),
    )
    report = unchecked(
        Report,
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
    layout = detect(report)
    report = report.model_copy(update={"metadata": metadata.model_copy(update={"family": layout.name, "family_score": layout.score})})
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
        return Source.quick(file=pieces.file)
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


def _money_unit(tables: list[Table]) -> Unit:
    units = Counter(t.header.money_unit for t in tables)
    return units.most_common(1)[0][0] if units else Unit.WANYUAN
