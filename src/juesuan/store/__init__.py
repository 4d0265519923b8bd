"""The store (layer 2): many documents kept, versioned and compared, in SQLite or PostgreSQL.

- ``schema`` — the tables (SQLAlchemy 2); ``migrations/`` — their Alembic history, run on open;
- ``database`` — where the store lives (``--db``, ``JUESUAN_DB``, ``juesuan.db``) and opening it;
- ``write`` — a document's new version with its query rows, a check run, the audit log;
- ``history`` — the store as the checker's history (last year's report, a department's units);
- ``queries`` — what ``juesuan db`` shows: departments, years side by side, rankings, cells;
- ``export`` — findings as XLSX/CSV and cells as CSV/Parquet (no cell ever becomes a formula).

The store reads the model, the diagnostics and the narrative's claims; it never reads files or
runs the checker (``api`` does, and hands it the results). Nothing is deleted: a changed file is a
new version, a new check is a new run, and the superseded ones stay.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from juesuan.diagnostics import CheckReport
from juesuan.store import export, queries, schema
from juesuan.store.database import StoreError, connect, describe_url, resolve_url
from juesuan.store.history import ReportCache, StoreHistory, current_version, load_check
from juesuan.store.queries import KEY_FIGURES, DepartmentDetail, DepartmentRow, FigureSpec, RankRow, Years
from juesuan.store.write import Incoming, Saved

__all__ = [
    "KEY_FIGURES",
    "DepartmentDetail",
    "DepartmentRow",
    "FigureSpec",
    "Incoming",
    "RankRow",
    "Saved",
    "Store",
    "StoreError",
    "Years",
    "open_store",
    "resolve_url",
]


class Store:
    """An open store. ``transaction()`` for writing (one per document), ``reading()`` for queries."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = connect(url)
        self._writer = sessionmaker(self.engine.execution_options(juesuan_write=True), expire_on_commit=False)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self.reports = ReportCache()

    @property
    def where(self) -> str:
        """The store as shown to a person (its file, or its URL without the password)."""
        return describe_url(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end of the block, or rolled back entirely
        when the block raises (an error, Ctrl-C)."""
        try:
            with self._writer() as session, session.begin():
                yield session
        except BaseException:
            self.reports.clear()  # it may hold a version that was never committed
            raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def history(self, session: Session) -> StoreHistory:
        return StoreHistory(session, self.where, self.reports)

    def has_file(self, sha256: str) -> bool:
        """Whether a file with these bytes has been imported (read and stored as a version)."""
        with self.reading() as session:
            found = select(schema.Version.id).join(schema.File, schema.File.id == schema.Version.file_id).where(schema.File.sha256 == sha256).limit(1)
            return session.scalar(found) is not None

    # ---- what juesuan db and the web pages ask --------------------------------------------------

    def departments(self, region: str | None = None) -> list[DepartmentRow]:
        with self.reading() as session:
            return queries.list_departments(session, region)

    def find(self, text: str) -> list[tuple[int, str, str]]:
        """The departments ``text`` names (``#12``, a name, part of a name): (id, name, region)."""
        with self.reading() as session:
            found = queries.find_departments(session, text)
            regions = {r.id: r.name for r in session.scalars(select(schema.Region))}
            return [(d.id, d.name, regions.get(d.region_id, "") if d.region_id else "") for d in found]

    def detail(self, department_id: int) -> DepartmentDetail:
        with self.reading() as session:
            return queries.department_detail(session, department_id)

    def years(self, department_id: int, kind: str = "部门决算") -> Years:
        with self.reading() as session:
            return queries.years_side_by_side(session, department_id, kind)

    def ranking(self, year: int, *, region: str | None = None, kind: str | None = None) -> list[RankRow]:
        with self.reading() as session:
            return queries.ranking(session, year, region=region, kind=kind)

    def figure_across(self, spec: FigureSpec, *, region: str | None = None, kind: str | None = None) -> tuple[tuple[int, ...], list[tuple[str, dict[int, Decimal]]]]:
        with self.reading() as session:
            return queries.figure_across(session, spec, region=region, kind=kind)

    def current_version(self, department_id: int, year: int, kind: str = "部门决算") -> int | None:
        with self.reading() as session:
            return current_version(session, department_id, year, kind)

    def check_of(self, version_id: int) -> CheckReport | None:
        """The current check of a version (as ``juesuan check`` would print it)."""
        with self.reading() as session:
            return load_check(session, version_id)

    def export_findings(self, path: Path, fmt: str, **scope: Any) -> int:
        """Findings of the current checks (``region``, ``year``, ``department``, ``kind``,
        ``info`` narrow it) as ``xlsx`` or ``csv``; returns how many."""
        with self.reading() as session:
            return export.write_findings(queries.finding_rows(session, **scope), path, fmt)

    def export_cells(self, path: Path, fmt: str, **scope: Any) -> int:
        """Cells of the current versions as ``csv`` or ``parquet``; returns how many."""
        with self.reading() as session:
            return export.write_cells(queries.cell_rows(session, **scope), path, fmt)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(db: str | None = None) -> Store:
    """Open (and create or upgrade) the store named by ``db``, ``JUESUAN_DB`` or ``juesuan.db``."""
    return Store(resolve_url(db))
