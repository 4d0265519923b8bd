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

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from juesuan.store.database import StoreError, connect, describe_url, resolve_url
from juesuan.store.history import ReportCache, StoreHistory
from juesuan.store.write import Incoming, Saved

__all__ = ["Incoming", "Saved", "Store", "StoreError", "open_store", "resolve_url"]


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
        from juesuan.store import schema as s

        with self.reading() as session:
            return (
                session.scalar(select(s.Version.id).join(s.File, s.File.id == s.Version.file_id).where(s.File.sha256 == sha256).limit(1))
                is not None
            )

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(db: str | None = None) -> Store:
    """Open (and create or upgrade) the store named by ``db``, ``JUESUAN_DB`` or ``juesuan.db``."""
    return Store(resolve_url(db))
