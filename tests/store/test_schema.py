"""The store's tables: created on open from nothing, the migrations agree with the models, and
decimals and timestamps come back exactly as they went in."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from juesuan.store import Store
from juesuan.store import schema as s
from juesuan.store.database import current_revision, head_revision


def test_migrations_create_exactly_the_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), s.Base.metadata)
    assert diff == []


def test_reopening_an_up_to_date_store_changes_nothing(db_url: str) -> None:
    Store(db_url).close()
    again = Store(db_url)
    try:
        assert current_revision(again.engine) == head_revision()
    finally:
        again.close()


def test_exact_decimals_and_utc_times(store: Store) -> None:
    figures = [Decimal("2079.31"), Decimal("0.000001"), Decimal("-276.98"), Decimal("12345678901234.123456"), Decimal("0")]
    when = datetime(2025, 6, 30, 8, 0, tzinfo=UTC)
    with store.transaction() as session:
        file = s.File(sha256="0" * 64, size=1, name="x.txt", problem="测试", created_at=when, updated_at=when)
        session.add(file)
        session.flush()
        department = s.Department(name="测试部门")
        session.add(department)
        session.flush()
        document = s.Document(department_id=department.id, year=2024, kind="部门决算")
        session.add(document)
        session.flush()
        version = s.Version(
            document_id=document.id, number=1, file_id=file.id, source_path="x.txt", source_format="text", family="liaoning", title="", department_name="",
            schema_version=1, report=b"", imported_by="", juesuan_version="0",
        )  # fmt: skip
        session.add(version)
        session.flush()
        for i, value in enumerate(figures):
            session.add(s.Cell(version_id=version.id, seq=i, table_name="t", row_code="", row_label="", column_name="c", value=value, step=Decimal("0.01"), money=True, text=""))
    with store.reading() as session:
        values = session.scalars(select(s.Cell.value).order_by(s.Cell.seq)).all()
        created = session.scalar(select(s.File.created_at))
    assert values == figures and all(str(v) == str(f) for v, f in zip(values, figures, strict=True))
    assert created == when
