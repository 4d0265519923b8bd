"""Writing to the store: a document's new version with its query rows, a check run, the regions
and departments a name places it in, the audit log. Every function works inside the caller's
transaction (one per document), so a document is stored whole or not at all.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from importlib import metadata
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from juesuan.diagnostics import CheckReport, Location
from juesuan.model.cells import report_cells
from juesuan.model.narrative import Paragraph, Section
from juesuan.model.org import PROVINCES, is_own_unit, parse_org, parse_region, region_compatible
from juesuan.model.performance import Figure
from juesuan.model.provenance import Source
from juesuan.model.report import DocumentKind, Report
from juesuan.record import Record
from juesuan.store import schema as s
from juesuan.store.claims import ClaimRow
from juesuan.store.types import ExactDecimal, utcnow

__all__ = [
    "Incoming",
    "Saved",
    "add_check_run",
    "find_department",
    "log",
    "record_unreadable",
    "save_version",
]


def juesuan_version() -> str:
    try:
        return metadata.version("juesuan")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "0"


@dataclass(frozen=True, repr=False)
class Incoming(Record):
    """One read and checked document, ready to be stored."""

    path: str  # as given to import (a zip entry: archive.zip!/inner/path)
    sha256: str
    size: int
    report: Report
    check: CheckReport
    claims: tuple[ClaimRow, ...] = ()
    actor: str = ""
    region: str = ""  # a region named by the user for documents whose name carries none


@dataclass(frozen=True, repr=False)
class Saved(Record):
    """What storing a document did: ``new`` document, a new ``version`` of a known one, or
    ``same`` bytes already stored (nothing written)."""

    status: str
    version_id: int
    document_id: int
    department_id: int
    number: int


# ---- regions and departments ----------------------------------------------------------------------


def resolve_region(session: Session, parts: tuple[str, ...]) -> s.Region | None:
    """The region named by its levels, created with its parents when new. A name without its
    province (“朝阳市”) is the one known region that ends so, if there is exactly one."""
    if not parts:
        return None
    if parts[0] not in PROVINCES:
        joined = "".join(parts)
        known = session.scalars(select(s.Region).where(s.Region.short == parts[-1])).all()
        ending = [r for r in known if r.name.endswith(joined)]
        if len(ending) == 1:
            return ending[0]
    parent: s.Region | None = None
    for depth in range(1, len(parts) + 1):
        name = "".join(parts[:depth])
        region = session.scalars(select(s.Region).where(s.Region.name == name)).first()
        if region is None:
            level = depth if parts[0] in PROVINCES else 0
            region = s.Region(name=name, short=parts[depth - 1], level=level, parent_id=parent.id if parent else None)
            session.add(region)
            session.flush()
        parent = region
    return parent


def _region_parts(region: s.Region | None, session: Session) -> tuple[str, ...]:
    parts: list[str] = []
    while region is not None:
        parts.append(region.short)
        region = session.get(s.Region, region.parent_id) if region.parent_id else None
    return tuple(reversed(parts))


def find_department(session: Session, name: str, context: tuple[str, ...] = ()) -> s.Department | None:
    """The department published under ``name`` (or a spelling of it), ``context`` being the region
    of a document that lists it; ``None`` when none or more than one fits."""
    org = parse_org(name)
    region = org.region or context
    rows = session.execute(select(s.DepartmentName.department_id, s.DepartmentName.region_path, s.DepartmentName.key).where(s.DepartmentName.core == org.core)).all()
    fitting = {dep for dep, path, _key in rows if region_compatible(tuple(p for p in path.split("/") if p), region)}
    if len(fitting) > 1:
        exact = {dep for dep, _path, key in rows if key == "".join(region) + org.core}
        fitting = exact if len(exact) == 1 else set()
    if len(fitting) != 1:
        return None
    return session.get(s.Department, fitting.pop())


def _remember_name(session: Session, department: s.Department, name: str, year: int | None, source: str, context: tuple[str, ...]) -> None:
    org = parse_org(name)
    known = session.scalars(select(s.DepartmentName).where(s.DepartmentName.department_id == department.id, s.DepartmentName.name == name)).first()
    if known is None:
        session.add(
            s.DepartmentName(
                department_id=department.id,
                name=name,
                key=org.key,
                core=org.core,
                region_path="/".join(org.region or context),  # a name without a region: the one it was given
                first_year=year,
                last_year=year,
                source=source,
            )
        )
        return
    if year is not None:
        known.first_year = min(known.first_year or year, year)
        known.last_year = max(known.last_year or year, year)
    if NAME_SOURCES.index(source) < NAME_SOURCES.index(known.source):
        known.source = source


#: Where a name was seen, most telling first: the cover of a 部门决算, of a 单位决算, a unit list.
NAME_SOURCES = ("cover", "unit_cover", "listed")


def department_for(session: Session, name: str, *, year: int | None, context: tuple[str, ...] = (), source: str = "cover", actor: str = "") -> s.Department:
    """The department published under ``name``, created (with its region) when new; the name is
    added to its history, and becomes its name when it is the latest of the most telling source.
    ``context`` is the region a name without one belongs to (its department's, or ``--region``)."""
    department = find_department(session, name, context)
    org = parse_org(name)
    if department is None:
        parts = org.region or context
        department = s.Department(name=name, region_id=(r.id if (r := resolve_region(session, parts)) else None))
        session.add(department)
        session.flush()
        log(session, actor, "new_department", "department", department.id, {"name": name, "source": source})
    else:
        names = session.execute(select(s.DepartmentName.source, s.DepartmentName.last_year).where(s.DepartmentName.department_id == department.id)).all()
        rank = NAME_SOURCES.index(source)
        best = min((NAME_SOURCES.index(src) for src, _ in names), default=len(NAME_SOURCES))
        newest = max((y for src, y in names if NAME_SOURCES.index(src) == rank and y is not None), default=None)
        if rank < best or (rank == best and (newest is None or (year is not None and year >= newest))):
            department.name = name
    _remember_name(session, department, name, year, source, context)
    return department


def _link_units(session: Session, department: s.Department, report: Report, actor: str) -> None:
    """The units a 部门决算 lists become departments under it (the 上级/所属 tree)."""
    context = _region_parts(session.get(s.Region, department.region_id) if department.region_id else None, session)
    for unit in report.units:
        if is_own_unit(unit.name) or parse_org(unit.name).core == parse_org(department.name).core:
            continue
        child = department_for(session, unit.name, year=report.metadata.year, context=context, source="listed", actor=actor)
        if child.id == department.id:
            continue
        if child.parent_id is None:
            child.parent_id = department.id
            log(session, actor, "link_unit", "department", child.id, {"parent": department.id, "name": unit.name})
        elif child.parent_id != department.id:
            log(session, actor, "conflicting_parent", "department", child.id, {"kept": child.parent_id, "listed_by": department.id})


# ---- versions -------------------------------------------------------------------------------------


def compress_report(report: Report) -> bytes:
    return zlib.compress(report.model_dump_json(exclude_none=True).encode("utf-8"), 1)  # fastest; ~70 KB for the seed


def save_version(session: Session, incoming: Incoming) -> Saved:
    """Store a read and checked document: a new version of its document (the department's report
    of that year and kind), with its query rows and its check run. The same bytes again write
    nothing."""
    known = session.scalars(select(s.File).where(s.File.sha256 == incoming.sha256)).first()
    if known is not None:
        version = session.scalars(select(s.Version).where(s.Version.file_id == known.id)).first()
        if version is not None:
            document = session.get(s.Document, version.document_id)
            assert document is not None  # noqa: S101 - a foreign key
            return Saved("same", version.id, document.id, document.department_id, version.number)
        known.problem = None
        known.updated_at = utcnow()
        file = known
    else:
        file = s.File(sha256=incoming.sha256, size=incoming.size, name=incoming.path)
        session.add(file)
        session.flush()
    report = incoming.report
    meta = report.metadata
    name = meta.department or f"（未识别单位）{incoming.path.rsplit('/', 1)[-1]}"
    kind = meta.kind
    source = "cover" if kind is DocumentKind.DEPARTMENT_FINAL else "unit_cover"
    department = department_for(session, name, year=meta.year, context=parse_region(incoming.region), source=source, actor=incoming.actor)
    year = meta.year or 0
    document = session.scalars(select(s.Document).where(s.Document.department_id == department.id, s.Document.year == year, s.Document.kind == kind.value)).first()
    status = "version"
    if document is None:
        document = s.Document(department_id=department.id, year=year, kind=kind.value)
        session.add(document)
        session.flush()
        status = "new"
    current = session.scalars(select(s.Version).where(s.Version.document_id == document.id, s.Version.superseded_at.is_(None))).first()
    number = (session.scalar(select(func.max(s.Version.number)).where(s.Version.document_id == document.id)) or 0) + 1
    now = utcnow()
    if current is not None:
        current.superseded_at = now
        session.flush()  # the partial unique index allows one current version
    version = s.Version(
        document_id=document.id,
        number=number,
        file_id=file.id,
        source_path=incoming.path,
        source_format=meta.source_format,
        family=meta.family,
        title=meta.title,
        department_name=meta.department,
        pages=meta.pages,
        schema_version=report.schema_version,
        report=compress_report(report),
        imported_by=incoming.actor,
        imported_at=now,
        juesuan_version=juesuan_version(),
    )
    session.add(version)
    session.flush()
    if current is not None:
        current.superseded_by_id = version.id
    _insert_rows(session, version.id, report, incoming.claims)
    add_check_run(session, version.id, incoming.check, reason="import", actor=incoming.actor)
    if kind is DocumentKind.DEPARTMENT_FINAL:
        _link_units(session, department, report, incoming.actor)
    log(
        session,
        incoming.actor,
        "import" if status == "new" else "new_version",
        "version",
        version.id,
        {"path": incoming.path, "sha256": incoming.sha256, "document": document.id, "number": number, "superseded": current.id if current else None},
    )
    return Saved(status, version.id, document.id, department.id, number)


def record_unreadable(session: Session, *, path: str, sha256: str, size: int, problem: str, actor: str = "") -> None:
    """Remember a file that could not be read (tried again at the next import)."""
    known = session.scalars(select(s.File).where(s.File.sha256 == sha256)).first()
    if known is None:
        known = s.File(sha256=sha256, size=size, name=path, problem=problem)
        session.add(known)
        session.flush()
    else:
        known.problem = problem
        known.updated_at = utcnow()
    log(session, actor, "unreadable", "file", known.id, {"path": path, "problem": problem})


def log(session: Session, actor: str, action: str, object_type: str, object_id: int | None, detail: dict[str, Any]) -> None:
    """Add an entry to the audit log."""
    session.add(s.Event(actor=actor or "", action=action, object_type=object_type, object_id=object_id, detail=detail))


# ---- the query rows of a version ------------------------------------------------------------------


def _table_of(model: type[s.Base]) -> Table:
    return cast(Table, model.__table__)


def _bulk(session: Session, model: type[s.Base], rows: list[dict[str, Any]]) -> None:
    """Insert many rows at once, straight through the driver's ``executemany``: a document has
    thousands of cells, facts and locations, and building SQLAlchemy parameters for each row cost
    as much as reading the document. Values are converted here as the column types would."""
    connection = session.connection()
    dialect = connection.dialect
    table = _table_of(model)
    columns = list(rows[0])
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    statement = f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({', '.join(quote(c) for c in columns)}) VALUES ({', '.join([marker] * len(columns))})"
    values = [tuple(row[c] for c in columns) for row in rows]
    if dialect.name != "postgresql":  # ExactDecimal: decimal text elsewhere (see store/types.py)
        exact = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, ExactDecimal)]
        if exact:
            values = [tuple(format(v, "f") if i in exact and v is not None else v for i, v in enumerate(row)) for row in values]
    connection.exec_driver_sql(statement, values)


def _bulk_returning(session: Session, model: type[s.Base], rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows and return their ids in the order of ``rows``."""
    table = _table_of(model)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.connection().execute(statement, rows).scalars())


def _place(source: Source) -> dict[str, Any]:
    bbox = source.bbox
    return {
        "page": source.page,
        "line": source.line,
        "x0": bbox[0] if bbox else None,
        "y0": bbox[1] if bbox else None,
        "x1": bbox[2] if bbox else None,
        "y1": bbox[3] if bbox else None,
        "sheet": source.sheet,
        "cell_ref": source.cell,
    }


def _insert_rows(session: Session, version_id: int, report: Report, claims: Iterable[ClaimRow]) -> None:
    cells = [
        {
            "version_id": version_id,
            "seq": i,
            "table_name": c.table,
            "row_code": c.row_code,
            "row_label": c.row_label[:300],
            "column_name": c.column,
            "value": c.value,
            "step": c.step,
            "money": c.money,
            "text": c.source.text[:100],
            **_place(c.source),
        }
        for i, c in enumerate(report_cells(report))
    ]
    if cells:
        _bulk(session, s.Cell, cells)
    facts = [
        {
            "version_id": version_id,
            "seq": i,
            "section": section,
            "kind": f.kind.value,
            "text": f.text[:200],
            "value": f.value,
            "unit": f.unit,
            "places": f.places,
            "word": f.word,
            "label": f.label,
            **_place(f.source),
        }
        for i, (section, f) in enumerate((section, fact) for section, paragraph in _paragraphs(report) for fact in paragraph.facts)
    ]
    if facts:
        _bulk(session, s.Fact, facts)
    claim_rows = [
        {
            "version_id": version_id,
            "seq": i,
            "kind": c.kind,
            "scope": c.scope,
            "subject": c.subject[:300],
            "figure_key": c.figure_key,
            "value": c.value,
            "word": c.word,
            "change": c.change,
            "rate": c.rate,
            "budget": c.budget,
            "reason": c.reason,
            "text": c.text,
            **_place(c.source),
        }
        for i, c in enumerate(claims)
    ]
    if claim_rows:
        _bulk(session, s.Claim, claim_rows)
    _insert_evaluations(session, version_id, report)


def _paragraphs(report: Report) -> Iterator[tuple[str, Paragraph]]:
    """Every paragraph of the narrative (headings included) with the titles above it."""

    def walk(section: Section, chain: tuple[str, ...]) -> Iterator[tuple[str, Paragraph]]:
        here = (*chain, f"{section.number}{section.title}")
        if section.heading is not None:
            yield " / ".join(here), section.heading
        for paragraph in section.paragraphs:
            yield " / ".join(here), paragraph
        for child in section.sections:
            yield from walk(child, here)

    for part in report.narrative.parts:
        chain = (f"{part.number} {part.title}".strip(),)
        for paragraph in part.paragraphs:
            yield chain[0], paragraph
        for section in part.sections:
            yield from walk(section, chain)


def _fig(figure: Figure) -> Decimal | None:
    return figure.value


def _insert_evaluations(session: Session, version_id: int, report: Report) -> None:
    evaluations: list[dict[str, Any]] = []
    indicators: list[list[dict[str, Any]]] = []
    for i, p in enumerate(report.projects):
        evaluations.append(
            {
                "version_id": version_id,
                "seq": i,
                "kind": "project",
                "name": p.name[:300],
                "supervisor": p.department[:300],
                "implementer": p.implementer[:300],
                "year": p.year,
                "budget": _fig(p.budget),
                "spent": _fig(p.spent),
                "rate": _fig(p.rate),
                "score": _fig(p.total),
                **_place(p.source),
            }
        )
        indicators.append([_indicator(k, ind.level1, ind.level2, ind.name, ind.operator, ind.target, ind.actual, ind.weight, ind.score, ind.reason, ind.source) for k, ind in enumerate(p.indicators)])
    for i, w in enumerate(report.whole, start=len(report.projects)):
        evaluations.append(
            {
                "version_id": version_id,
                "seq": i,
                "kind": "whole",
                "name": w.name[:300],
                "supervisor": "",
                "implementer": "",
                "year": w.year,
                "budget": _fig(w.budget_expenditure),
                "spent": None,
                "rate": None,
                "score": _fig(w.total),
                **_place(w.source),
            }
        )
        rows = [_indicator(k, "年度主要任务", "", t.name, "", t.allotted, t.spent, t.weight, t.score, "", t.source) for k, t in enumerate(w.tasks)]
        rows += [
            _indicator(len(rows) + k, ind.level1, ind.level2, ind.name, ind.operator, ind.target, ind.actual, ind.weight, ind.score, ind.reason, ind.source)
            for k, ind in enumerate(w.indicators)
        ]
        indicators.append(rows)
    if not evaluations:
        return
    ids = _bulk_returning(session, s.Evaluation, evaluations)
    flat = [{**row, "evaluation_id": evaluation_id} for evaluation_id, rows in zip(ids, indicators, strict=True) for row in rows]
    if flat:
        _bulk(session, s.Indicator, flat)


def _indicator(seq: int, level1: str, level2: str, name: str, operator: str, target: Figure, actual: Figure, weight: Figure, score: Figure, reason: str, source: Source) -> dict[str, Any]:
    return {
        "seq": seq,
        "level1": level1[:100],
        "level2": level2[:100],
        "name": name[:300],
        "operator": operator[:10],
        "target_text": target.text[:300],
        "target": target.value,
        "actual_text": actual.text[:300],
        "actual": actual.value,
        "weight": weight.value,
        "score": score.value,
        "reason": reason,
        "line": source.line,
        "page": source.page,
    }


# ---- check runs -----------------------------------------------------------------------------------


def add_check_run(session: Session, version_id: int, check: CheckReport, *, reason: str, actor: str = "") -> int:
    """Store a check of a version; the version's previous run is superseded."""
    now = utcnow()
    previous = session.scalars(select(s.CheckRun).where(s.CheckRun.version_id == version_id, s.CheckRun.superseded_at.is_(None))).first()
    if previous is not None:
        previous.superseded_at = now
        session.flush()
    summary = check.summary
    run = s.CheckRun(
        version_id=version_id,
        reason=reason,
        source=check.source[:1000],
        department=check.department[:300],
        year=check.year,
        profile=check.profile,
        kind=check.kind,
        profile_score=check.profile_score,
        profile_scores=dict(check.profile_scores),
        detection=list(check.detection),
        errors=summary.error,
        warnings=summary.warning,
        infos=summary.info,
        rules_passed=summary.rules_passed,
        rules_failed=summary.rules_failed,
        rules_not_applicable=summary.rules_not_applicable,
        rules_could_not_check=summary.rules_could_not_check,
        seconds=check.seconds,
        juesuan_version=juesuan_version(),
        created_by=actor,
        created_at=now,
    )
    session.add(run)
    session.flush()
    if check.outcomes:
        _bulk(session, s.RuleOutcome, [{"check_run_id": run.id, "rule_id": o.rule_id, "status": o.status.value, "reason": o.reason} for o in check.outcomes])
    if check.findings:
        rows = [
            {
                "check_run_id": run.id,
                "seq": i,
                "rule_id": f.rule_id,
                "rule_name": f.rule_name,
                "severity": f.severity.value,
                "category": f.category.value,
                "message": f.message,
                "expected": f.expected,
                "actual": f.actual,
                "difference": f.difference,
                "rounding": f.rounding,
                "waived": f.waived,
                "ref": f.id,
                "culprit": f.culprit.model_dump(mode="json", exclude_defaults=True) if f.culprit is not None else None,
                "consequences": list(f.consequences) or None,
                "consequence_of": f.consequence_of,
            }
            for i, f in enumerate(check.findings)
        ]
        ids = _bulk_returning(session, s.Finding, rows)
        locations = [_location(finding_id, k, loc) for finding_id, f in zip(ids, check.findings, strict=True) for k, loc in enumerate(f.locations)]
        if locations:
            _bulk(session, s.FindingLocation, locations)
    if previous is not None:
        log(session, actor, "recheck", "check_run", run.id, {"version": version_id, "superseded": previous.id, "reason": reason})
    return run.id


def _location(finding_id: int, seq: int, loc: Location) -> dict[str, Any]:
    bbox = loc.bbox
    return {
        "finding_id": finding_id,
        "seq": seq,
        "file": loc.file,
        "table_name": loc.table,
        "row_label": loc.row,
        "column_name": loc.column,
        "line": loc.line,
        "end_line": loc.end_line,
        "page": loc.page,
        "x0": bbox[0] if bbox else None,
        "y0": bbox[1] if bbox else None,
        "x1": bbox[2] if bbox else None,
        "y1": bbox[3] if bbox else None,
        "sheet": loc.sheet,
        "cell_ref": loc.cell,
        "text": loc.text,
    }
