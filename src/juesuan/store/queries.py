"""What ``juesuan db`` (and the web pages) ask of the store: departments and their documents, a
department's years side by side, the departments of a region and year ranked by findings, any
figure across departments and years, and the rows of the exports.

Everything reads current versions and their current check runs unless asked otherwise;
superseded ones stay in the store and are listed by :func:`department_detail`. Results are plain
dataclasses (the page or the terminal draws them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, aliased

from juesuan.model.cells import PROJECT_TABLE, WHOLE_TABLE
from juesuan.model.org import normalize_org
from juesuan.model.tables import TABLE_SPECS, TableKind
from juesuan.record import Record
from juesuan.store import schema as s

__all__ = [
    "KEY_FIGURES",
    "DepartmentDetail",
    "DepartmentRow",
    "DocumentRow",
    "FigureSpec",
    "RankRow",
    "Years",
    "cell_rows",
    "department_detail",
    "figure_across",
    "figure_spec",
    "find_departments",
    "finding_rows",
    "list_departments",
    "ranking",
    "region_ids",
    "years_side_by_side",
]


@dataclass(frozen=True, repr=False)
class FigureSpec(Record):
    """A figure of the tables: its table, column, and row (a label, or a code; code "" is a
    classified table's 合计 row)."""

    name: str
    table: str
    column: str
    label: str | None = None
    code: str | None = None

    def describe(self) -> str:
        return f"{self.table}/{self.label if self.label is not None else (self.code or '合计')}/{self.column}"


_T01 = TableKind.INCOME_EXPENDITURE_SUMMARY.value
_T03 = TableKind.EXPENDITURE.value
_T04 = TableKind.FISCAL_SUMMARY.value
_T05 = TableKind.GENERAL_EXPENDITURE.value
_T06 = TableKind.GENERAL_BASIC.value
_T07 = TableKind.THREE_PUBLIC.value

#: The figures a department's years are compared by, in the order they are shown.
KEY_FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("收入总计", _T01, "收入/金额", label="总计"),
    FigureSpec("本年收入合计", _T01, "收入/金额", label="本年收入合计"),
    FigureSpec("年初结转和结余", _T01, "收入/金额", label="年初结转和结余"),
    FigureSpec("支出总计", _T01, "支出/金额", label="总计"),
    FigureSpec("本年支出合计", _T01, "支出/金额", label="本年支出合计"),
    FigureSpec("年末结转和结余", _T01, "支出/金额", label="年末结转和结余"),
    FigureSpec("基本支出", _T03, "基本支出", code=""),
    FigureSpec("项目支出", _T03, "项目支出", code=""),
    FigureSpec("财政拨款收入", _T04, "收入/金额", label="本年收入合计"),
    FigureSpec("财政拨款支出", _T04, "支出/合计", label="本年支出合计"),
    FigureSpec("一般公共预算财政拨款支出", _T05, "合计", code=""),
    FigureSpec("人员经费", _T06, "决算数", label="人员经费合计"),
    FigureSpec("公用经费", _T06, "决算数", label="公用经费合计"),
    FigureSpec("“三公”经费", _T07, "决算数", label="合计"),
    FigureSpec("因公出国（境）费", _T07, "决算数", label="因公出国（境）费"),
    FigureSpec("公务接待费", _T07, "决算数", label="公务接待费"),
    FigureSpec("公务用车购置及运行费", _T07, "决算数", label="公务用车购置及运行费"),
    FigureSpec("公务用车购置费", _T07, "决算数", label="公务用车购置费"),
    FigureSpec("公务用车运行维护费", _T07, "决算数", label="公务用车运行维护费"),
)


def key_figure(name: str) -> FigureSpec | None:
    wanted = normalize_org(name).replace("“", "").replace("”", "")
    for spec in KEY_FIGURES:
        if normalize_org(spec.name) == wanted:
            return spec
    return None


def figure_spec(text: str) -> FigureSpec:
    """A figure named by the user: a key figure (``公务接待费``, ``收入总计`` …) or ``表/行/列`` where
    the table is its canonical title or a part of it (``三公``), the row a 功能/经济分类 code or a
    label (``合计`` is a classified table's total row), the column a column name. Raises
    ``ValueError`` with a Chinese message."""
    named = key_figure(text)
    if named is not None:
        return named
    parts = [p.strip() for p in text.split("/")]
    if len(parts) != 3 or not all(parts):
        names = "、".join(spec.name for spec in KEY_FIGURES)
        raise ValueError(f"“{text}”既不是常用数字（{names}），也不是“表/行/列”的写法")
    table, row, column = parts
    titles = [kind.value for kind in TableKind if kind is not TableKind.OTHER] + [PROJECT_TABLE, WHOLE_TABLE]
    matches = [t for t in titles if t == table] or [t for t in titles if normalize_org(table) in normalize_org(t)]
    if len(matches) != 1:
        raise ValueError(f"表名“{table}”{'对应多张表：' + '、'.join(matches) if matches else '不是任何一张决算表'}")
    title = matches[0]
    shape = next((spec.shape for spec in TABLE_SPECS if spec.kind.value == title), "generic")
    if row.isdigit():
        return FigureSpec(text, title, column, code=row)
    if shape == "classified" and row in ("合计", "总计"):
        return FigureSpec(text, title, column, code="")
    return FigureSpec(text, title, column, label=row)


# ---- departments ----------------------------------------------------------------------------------


def region_ids(session: Session, region: str) -> list[int]:
    """The regions named ``region`` (in full or by their last level) and every region below them."""
    wanted = normalize_org(region)
    roots = session.scalars(select(s.Region).where(or_(s.Region.name == wanted, s.Region.short == wanted))).all()
    ids: set[int] = set()
    for root in roots:
        ids.update(session.scalars(select(s.Region.id).where(or_(s.Region.id == root.id, s.Region.name.startswith(root.name)))).all())
    return sorted(ids)


def find_departments(session: Session, text: str) -> list[s.Department]:
    """Departments named by ``text``: ``#12`` (its number), a name it was published under, or a
    part of one (every match when several fit)."""
    text = text.strip()
    if text.startswith("#") and text[1:].isdigit():
        found = session.get(s.Department, int(text[1:]))
        return [found] if found is not None else []
    wanted = normalize_org(text)
    exact = session.scalars(select(s.Department).join(s.DepartmentName, s.DepartmentName.department_id == s.Department.id).where(s.DepartmentName.key == wanted)).unique().all()
    if not exact:
        exact = session.scalars(select(s.Department).join(s.DepartmentName, s.DepartmentName.department_id == s.Department.id).where(s.DepartmentName.name == text)).unique().all()
    if exact:
        return list(exact)
    return list(
        session.scalars(
            select(s.Department)
            .join(s.DepartmentName, s.DepartmentName.department_id == s.Department.id)
            .where(or_(s.DepartmentName.key.contains(wanted), s.DepartmentName.name.contains(text)))
            .order_by(s.Department.name)
        )
        .unique()
        .all()
    )


@dataclass(frozen=True, repr=False)
class DepartmentRow(Record):
    id: int
    name: str
    region: str
    parent: str
    years: tuple[int, ...]
    kinds: tuple[str, ...]
    documents: int


def list_departments(session: Session, region: str | None = None) -> list[DepartmentRow]:
    """Every department (of ``region``, when given) with the years and kinds it has documents for."""
    parent = aliased(s.Department)
    query = (
        select(s.Department.id, s.Department.name, s.Region.name, parent.name)
        .outerjoin(s.Region, s.Region.id == s.Department.region_id)
        .outerjoin(parent, parent.id == s.Department.parent_id)
        .order_by(s.Region.name, s.Department.name)
    )
    if region:
        query = query.where(s.Department.region_id.in_(region_ids(session, region)))
    docs: dict[int, list[tuple[int, str]]] = {}
    for department_id, year, kind in session.execute(select(s.Document.department_id, s.Document.year, s.Document.kind)):
        docs.setdefault(department_id, []).append((year, kind))
    out = []
    for department_id, name, region_name, parent_name in session.execute(query):
        mine = docs.get(department_id, [])
        out.append(
            DepartmentRow(
                id=department_id,
                name=name,
                region=region_name or "",
                parent=parent_name or "",
                years=tuple(sorted({y for y, _ in mine if y})),
                kinds=tuple(sorted({k for _, k in mine})),
                documents=len(mine),
            )
        )
    return out


@dataclass(frozen=True, repr=False)
class VersionRow(Record):
    id: int
    number: int
    path: str
    imported_at: datetime
    imported_by: str
    superseded_at: datetime | None
    errors: int | None
    warnings: int | None
    infos: int | None
    could_not_check: int | None
    checked_at: datetime | None


@dataclass(frozen=True, repr=False)
class DocumentRow(Record):
    id: int
    year: int
    kind: str
    versions: tuple[VersionRow, ...]

    @property
    def current(self) -> VersionRow | None:
        return next((v for v in self.versions if v.superseded_at is None), None)


@dataclass(frozen=True, repr=False)
class DepartmentDetail(Record):
    id: int
    name: str
    region: str
    parent: tuple[int, str] | None
    names: tuple[tuple[str, int | None, int | None, str], ...]  # (name, first year, last year, source)
    units: tuple[tuple[int, str], ...]
    documents: tuple[DocumentRow, ...]


def department_detail(session: Session, department_id: int) -> DepartmentDetail:
    department = session.get(s.Department, department_id)
    if department is None:
        raise KeyError(department_id)
    region = session.get(s.Region, department.region_id) if department.region_id else None
    parent = session.get(s.Department, department.parent_id) if department.parent_id else None
    names = session.execute(
        select(s.DepartmentName.name, s.DepartmentName.first_year, s.DepartmentName.last_year, s.DepartmentName.source)
        .where(s.DepartmentName.department_id == department_id)
        .order_by(s.DepartmentName.first_year, s.DepartmentName.id)
    ).all()
    units = session.execute(select(s.Department.id, s.Department.name).where(s.Department.parent_id == department_id).order_by(s.Department.name)).all()
    documents = []
    for document in session.scalars(select(s.Document).where(s.Document.department_id == department_id).order_by(s.Document.year, s.Document.kind)):
        rows = session.execute(
            select(s.Version, s.CheckRun)
            .outerjoin(s.CheckRun, and_(s.CheckRun.version_id == s.Version.id, s.CheckRun.superseded_at.is_(None)))
            .where(s.Version.document_id == document.id)
            .order_by(s.Version.number)
        ).all()
        versions = tuple(
            VersionRow(
                id=v.id,
                number=v.number,
                path=v.source_path,
                imported_at=v.imported_at,
                imported_by=v.imported_by,
                superseded_at=v.superseded_at,
                errors=run.errors if run else None,
                warnings=run.warnings if run else None,
                infos=run.infos if run else None,
                could_not_check=run.rules_could_not_check if run else None,
                checked_at=run.created_at if run else None,
            )
            for v, run in rows
        )
        documents.append(DocumentRow(id=document.id, year=document.year, kind=document.kind, versions=versions))
    return DepartmentDetail(
        id=department.id,
        name=department.name,
        region=region.name if region else "",
        parent=(parent.id, parent.name) if parent else None,
        names=tuple((n, f, last, src) for n, f, last, src in names),
        units=tuple((i, n) for i, n in units),
        documents=tuple(documents),
    )


# ---- figures --------------------------------------------------------------------------------------


def _current_versions() -> Select[int, int, int, str]:
    """(version id, department id, year, kind) of every current version."""
    return (
        select(s.Version.id, s.Document.department_id, s.Document.year, s.Document.kind)
        .join(s.Document, s.Document.id == s.Version.document_id)
        .where(s.Version.superseded_at.is_(None))
    )


def _figure_values(session: Session, spec: FigureSpec, version_ids: list[int]) -> dict[int, Decimal]:
    """The value of ``spec`` in each version that prints it (the first such cell)."""
    if not version_ids:
        return {}
    query = select(s.Cell.version_id, s.Cell.value).where(
        s.Cell.version_id.in_(version_ids), s.Cell.table_name == spec.table, s.Cell.column_name == spec.column
    )
    if spec.label is not None:
        query = query.where(s.Cell.row_label == spec.label)
    if spec.code is not None:
        query = query.where(s.Cell.row_code == spec.code)
    out: dict[int, Decimal] = {}
    for version_id, value in session.execute(query.order_by(s.Cell.version_id, s.Cell.seq)):
        out.setdefault(version_id, value)
    return out


@dataclass(frozen=True, repr=False)
class Years(Record):
    """A department's years side by side: each key figure per year, and the findings per year."""

    department: str
    kind: str
    years: tuple[int, ...]
    figures: tuple[tuple[str, tuple[Decimal | None, ...]], ...]
    findings: tuple[tuple[str, tuple[int | None, ...]], ...]  # (错误/警告/提示, per year)


def years_side_by_side(session: Session, department_id: int, kind: str = "部门决算") -> Years:
    department = session.get(s.Department, department_id)
    if department is None:
        raise KeyError(department_id)
    rows = session.execute(_current_versions().where(s.Document.department_id == department_id, s.Document.kind == kind).order_by(s.Document.year)).all()
    versions = [(version_id, year) for version_id, _dep, year, _kind in rows]
    ids = [v for v, _ in versions]
    figures = []
    for spec in KEY_FIGURES:
        values = _figure_values(session, spec, ids)
        if values:
            figures.append((spec.name, tuple(values.get(v) for v in ids)))
    runs = {
        run.version_id: run
        for run in session.scalars(select(s.CheckRun).where(s.CheckRun.version_id.in_(ids), s.CheckRun.superseded_at.is_(None)))
    } if ids else {}
    counts = (
        ("错误", tuple(runs[v].errors if v in runs else None for v in ids)),
        ("警告", tuple(runs[v].warnings if v in runs else None for v in ids)),
        ("提示", tuple(runs[v].infos if v in runs else None for v in ids)),
        ("无法检查的规则", tuple(runs[v].rules_could_not_check if v in runs else None for v in ids)),
    )
    return Years(department=department.name, kind=kind, years=tuple(y for _, y in versions), figures=tuple(figures), findings=counts)


def figure_across(session: Session, spec: FigureSpec, *, region: str | None = None, kind: str | None = None) -> tuple[tuple[int, ...], list[tuple[str, dict[int, Decimal]]]]:
    """One figure for every department (of ``region``) and year: the years, and per department
    its values by year."""
    query = _current_versions().join(s.Department, s.Department.id == s.Document.department_id)
    if kind:
        query = query.where(s.Document.kind == kind)
    if region:
        query = query.where(s.Department.region_id.in_(region_ids(session, region)))
    rows = session.execute(query).all()
    values = _figure_values(session, spec, [r[0] for r in rows])
    names: dict[int, str] = dict(session.execute(select(s.Department.id, s.Department.name)).all())
    table: dict[str, dict[int, Decimal]] = {}
    for version_id, department_id, year, _kind in rows:
        if version_id in values:
            table.setdefault(names[department_id], {})[year] = values[version_id]
    years = tuple(sorted({y for by_year in table.values() for y in by_year}))
    return years, sorted(table.items())


# ---- rankings -------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class RankRow(Record):
    department_id: int
    department: str
    region: str
    kind: str
    year: int
    errors: int
    warnings: int
    infos: int
    could_not_check: int
    path: str
    rules: dict[str, int] = field(default_factory=dict)  # errors and warnings by rule


def ranking(session: Session, year: int, *, region: str | None = None, kind: str | None = None) -> list[RankRow]:
    """The documents of ``year`` (of ``region``), most errors first, then most warnings."""
    query = (
        select(s.Department.id, s.Department.name, s.Region.name, s.Document.kind, s.Document.year, s.CheckRun, s.Version.source_path)
        .join(s.Document, s.Document.department_id == s.Department.id)
        .join(s.Version, and_(s.Version.document_id == s.Document.id, s.Version.superseded_at.is_(None)))
        .join(s.CheckRun, and_(s.CheckRun.version_id == s.Version.id, s.CheckRun.superseded_at.is_(None)))
        .outerjoin(s.Region, s.Region.id == s.Department.region_id)
        .where(s.Document.year == year)
    )
    if kind:
        query = query.where(s.Document.kind == kind)
    if region:
        query = query.where(s.Department.region_id.in_(region_ids(session, region)))
    rows = session.execute(query).all()
    by_rule: dict[int, dict[str, int]] = {}
    run_ids = [r[5].id for r in rows]
    if run_ids:
        for run_id, rule_id in session.execute(
            select(s.Finding.check_run_id, s.Finding.rule_id).where(
                s.Finding.check_run_id.in_(run_ids), s.Finding.severity.in_(("error", "warning")), s.Finding.waived.is_(None)
            )
        ):
            counts = by_rule.setdefault(run_id, {})
            counts[rule_id] = counts.get(rule_id, 0) + 1
    out = [
        RankRow(
            department_id=dep_id,
            department=name,
            region=region_name or "",
            kind=doc_kind,
            year=doc_year,
            errors=run.errors,
            warnings=run.warnings,
            infos=run.infos,
            could_not_check=run.rules_could_not_check,
            path=path,
            rules=by_rule.get(run.id, {}),
        )
        for dep_id, name, region_name, doc_kind, doc_year, run, path in rows
    ]
    out.sort(key=lambda r: (-r.errors, -r.warnings, r.department, r.kind))
    return out


# ---- export rows ----------------------------------------------------------------------------------


def _scope(session: Session, query: Any, *, region: str | None, year: int | None, department: int | None, kind: str | None) -> Any:
    if region:
        query = query.where(s.Department.region_id.in_(region_ids(session, region)))
    if year is not None:
        query = query.where(s.Document.year == year)
    if department is not None:
        query = query.where(s.Department.id == department)
    if kind:
        query = query.where(s.Document.kind == kind)
    return query


def finding_rows(
    session: Session, *, region: str | None = None, year: int | None = None, department: int | None = None, kind: str | None = None, info: bool = True
) -> Iterator[dict[str, object]]:
    """One row per finding of the current check of every current version (in scope)."""
    query = (
        select(s.Department.name, s.Region.name, s.Document.year, s.Document.kind, s.Version.number, s.Version.source_path, s.CheckRun.created_at, s.Finding)
        .join(s.Document, s.Document.department_id == s.Department.id)
        .join(s.Version, and_(s.Version.document_id == s.Document.id, s.Version.superseded_at.is_(None)))
        .join(s.CheckRun, and_(s.CheckRun.version_id == s.Version.id, s.CheckRun.superseded_at.is_(None)))
        .join(s.Finding, s.Finding.check_run_id == s.CheckRun.id)
        .outerjoin(s.Region, s.Region.id == s.Department.region_id)
        .order_by(s.Region.name, s.Department.name, s.Document.year, s.Document.kind, s.Finding.seq)
    )
    query = _scope(session, query, region=region, year=year, department=department, kind=kind)
    if not info:
        query = query.where(s.Finding.severity != "info")
    for chunk in _chunks(session.execute(query.execution_options(yield_per=500)), 500):
        ids = [row[7].id for row in chunk]
        places: dict[int, list[s.FindingLocation]] = {}
        for loc in session.scalars(select(s.FindingLocation).where(s.FindingLocation.finding_id.in_(ids)).order_by(s.FindingLocation.finding_id, s.FindingLocation.seq)):
            places.setdefault(loc.finding_id, []).append(loc)
        for name, region_name, doc_year, doc_kind, number, path, checked_at, finding in chunk:
            locs = places.get(finding.id, [])
            first = locs[0] if locs else None
            yield {
                "department": name,
                "region": region_name or "",
                "year": doc_year,
                "kind": doc_kind,
                "version": number,
                "file": path,
                "rule_id": finding.rule_id,
                "rule_name": finding.rule_name,
                "severity": finding.severity,
                "category": finding.category,
                "rounding": finding.rounding,
                "waived": finding.waived or "",
                "message": finding.message,
                "table": (first.table_name or "") if first else "",
                "row": (first.row_label or "") if first else "",
                "column": (first.column_name or "") if first else "",
                "page": first.page if first else None,
                "line": first.line if first else None,
                "text": first.text if first else "",
                "other_places": "；".join(_place_text(loc) for loc in locs[1:]),
                "expected": finding.expected or "",
                "actual": finding.actual or "",
                "difference": finding.difference or "",
                "checked_at": checked_at,
            }


def _place_text(loc: s.FindingLocation) -> str:
    where = "/".join(p for p in (loc.table_name, loc.row_label, loc.column_name) if p)
    at = f"第{loc.page}页" if loc.page is not None else (f"第{loc.line}行" if loc.line is not None else "")
    other = loc.file.rsplit("/", 1)[-1] if loc.file else ""
    return " ".join(p for p in (other, where, at) if p)


def cell_rows(
    session: Session, *, region: str | None = None, year: int | None = None, department: int | None = None, kind: str | None = None
) -> Iterator[dict[str, object]]:
    """Every printed figure of every current version (in scope), with its document and place."""
    query = (
        select(s.Department.name, s.Region.name, s.Document.year, s.Document.kind, s.Version.number, s.Version.source_path, s.Cell)
        .join(s.Document, s.Document.department_id == s.Department.id)
        .join(s.Version, and_(s.Version.document_id == s.Document.id, s.Version.superseded_at.is_(None)))
        .join(s.Cell, s.Cell.version_id == s.Version.id)
        .outerjoin(s.Region, s.Region.id == s.Department.region_id)
        .order_by(s.Region.name, s.Department.name, s.Document.year, s.Document.kind, s.Cell.seq)
    )
    query = _scope(session, query, region=region, year=year, department=department, kind=kind)
    for name, region_name, doc_year, doc_kind, number, path, cell in session.execute(query.execution_options(yield_per=2000)):
        yield {
            "department": name,
            "region": region_name or "",
            "year": doc_year,
            "kind": doc_kind,
            "version": number,
            "file": path,
            "table": cell.table_name,
            "row_code": cell.row_code,
            "row_label": cell.row_label,
            "column": cell.column_name,
            "value": cell.value,
            "step": cell.step,
            "money": cell.money,
            "page": cell.page,
            "line": cell.line,
            "sheet": cell.sheet or "",
            "cell": cell.cell_ref or "",
            "text": cell.text,
        }


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
