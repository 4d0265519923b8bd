"""The store as the checker's history: last year's report of a department, the 单位决算 of its
units, and the versions whose cross-document checks change when a document arrives.

:class:`StoreHistory` has the shape of :class:`juesuan.check.history.History` (a protocol: the
store does not import the checker). It reads within the caller's transaction, so a document
being stored sees the documents stored before it in the same import.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from juesuan.diagnostics import Category, CheckReport, Culprit, Finding, Location, RuleOutcome, RuleStatus, Severity
from juesuan.model.org import is_own_unit, parse_org
from juesuan.model.report import DocumentKind, Report
from juesuan.store import schema as s
from juesuan.store.write import find_department

__all__ = ["ReportCache", "StoreHistory", "current_version", "dependents", "load_check", "load_report"]


def load_report(session: Session, version_id: int) -> Report:
    """The report of a version, exactly as it was read."""
    blob = session.scalar(select(s.Version.report).where(s.Version.id == version_id))
    if blob is None:
        raise KeyError(version_id)
    return Report.model_validate_json(zlib.decompress(blob))


def current_version(session: Session, department_id: int, year: int, kind: str) -> int | None:
    return session.scalar(
        select(s.Version.id)
        .join(s.Document, s.Document.id == s.Version.document_id)
        .where(s.Document.department_id == department_id, s.Document.year == year, s.Document.kind == kind, s.Version.superseded_at.is_(None))
    )


def load_check(session: Session, version_id: int) -> CheckReport | None:
    """The current check of a version, rebuilt from its rows."""
    run = session.scalars(select(s.CheckRun).where(s.CheckRun.version_id == version_id, s.CheckRun.superseded_at.is_(None))).first()
    if run is None:
        return None
    outcomes = session.scalars(select(s.RuleOutcome).where(s.RuleOutcome.check_run_id == run.id).order_by(s.RuleOutcome.id)).all()
    findings = session.scalars(select(s.Finding).where(s.Finding.check_run_id == run.id).order_by(s.Finding.seq)).all()
    locations: dict[int, list[Location]] = {}
    if findings:
        rows = session.scalars(
            select(s.FindingLocation).where(s.FindingLocation.finding_id.in_([f.id for f in findings])).order_by(s.FindingLocation.finding_id, s.FindingLocation.seq)
        ).all()
        for loc in rows:
            bbox = (loc.x0, loc.y0, loc.x1, loc.y1) if loc.x0 is not None and loc.y0 is not None and loc.x1 is not None and loc.y1 is not None else None
            locations.setdefault(loc.finding_id, []).append(
                Location(
                    file=loc.file,
                    table=loc.table_name,
                    row=loc.row_label,
                    column=loc.column_name,
                    line=loc.line,
                    end_line=loc.end_line,
                    page=loc.page,
                    bbox=bbox,
                    sheet=loc.sheet,
                    cell=loc.cell_ref,
                    text=loc.text,
                )
            )
    return CheckReport(
        source=run.source,
        department=run.department,
        year=run.year,
        profile=run.profile,
        kind=run.kind,
        profile_score=run.profile_score,
        profile_scores=run.profile_scores,
        detection=tuple(run.detection),
        seconds=run.seconds,
        outcomes=tuple(RuleOutcome(rule_id=o.rule_id, status=RuleStatus(o.status), reason=o.reason) for o in outcomes),
        findings=tuple(
            Finding(
                rule_id=f.rule_id,
                rule_name=f.rule_name,
                severity=Severity(f.severity),
                category=Category(f.category),
                message=f.message,
                locations=tuple(locations.get(f.id, ())),
                expected=f.expected,
                actual=f.actual,
                difference=f.difference,
                rounding=f.rounding,
                waived=f.waived,
                id=f.ref,
                culprit=Culprit.model_validate(f.culprit) if f.culprit else None,
                consequences=tuple(f.consequences or ()),
                consequence_of=f.consequence_of,
            )
            for f in findings
        ),
    )


def dependents(session: Session, version_id: int) -> list[int]:
    """The current versions whose cross-document checks read this version: the same department's
    next year (same kind) and, for a 单位决算, the 部门决算 of the same year that lists it (its
    parent's, or its own department's when it is the 本级)."""
    row = session.execute(
        select(s.Document.department_id, s.Document.year, s.Document.kind).join(s.Version, s.Version.document_id == s.Document.id).where(s.Version.id == version_id)
    ).first()
    if row is None:
        return []
    department_id, year, kind = row
    found = [current_version(session, department_id, year + 1, kind)] if year else []
    if kind == DocumentKind.UNIT_FINAL.value and year:
        found.append(current_version(session, department_id, year, DocumentKind.DEPARTMENT_FINAL.value))
        parent = session.scalar(select(s.Department.parent_id).where(s.Department.id == department_id))
        if parent is not None:
            found.append(current_version(session, parent, year, DocumentKind.DEPARTMENT_FINAL.value))
    return [v for v in dict.fromkeys(found) if v is not None and v != version_id]


class ReportCache:
    """The reports of the versions read last (a version never changes, so neither does its report)."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._reports: OrderedDict[int, Report] = OrderedDict()

    def clear(self) -> None:
        self._reports.clear()

    def get(self, session: Session, version_id: int) -> Report:
        report = self._reports.get(version_id)
        if report is None:
            report = load_report(session, version_id)
            self._reports[version_id] = report
            if len(self._reports) > self.size:
                self._reports.popitem(last=False)
        else:
            self._reports.move_to_end(version_id)
        return report


class StoreHistory:
    """Other documents, found in the store by name, year and kind (current versions only)."""

    def __init__(self, session: Session, where: str, cache: ReportCache | None = None) -> None:
        self.session = session
        self.where = where
        self._cache = cache or ReportCache()

    def describe(self) -> str:
        return f"文档库（{self.where}）"

    def _report(self, version_id: int | None) -> Report | None:
        return None if version_id is None else self._cache.get(self.session, version_id)

    def last_year(self, report: Report) -> Report | None:
        meta = report.metadata
        if meta.year is None or not meta.department:
            return None
        department = find_department(self.session, meta.department)
        if department is None:
            return None
        return self._report(current_version(self.session, department.id, meta.year - 1, meta.kind.value))

    def unit_report(self, report: Report, unit: str) -> Report | None:
        meta = report.metadata
        if meta.year is None or not meta.department:
            return None
        owner = find_department(self.session, meta.department)
        if is_own_unit(unit) or parse_org(unit).core == parse_org(meta.department).core:
            target = owner
        else:
            context = parse_org(meta.department).region
            target = find_department(self.session, unit, context)
            if target is None and owner is not None:  # a unit listed without its region: among the department's own
                children = self.session.scalars(select(s.Department).where(s.Department.parent_id == owner.id)).all()
                named = [c for c in children if parse_org(c.name).core == parse_org(unit).core]
                target = named[0] if len(named) == 1 else None
        if target is None:
            return None
        return self._report(current_version(self.session, target.id, meta.year, DocumentKind.UNIT_FINAL.value))
