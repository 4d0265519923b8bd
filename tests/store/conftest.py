"""Every store test runs twice: on a SQLite file, and on the PostgreSQL server of the machine
(127.0.0.1:5432, database ``test``, or ``JUESUAN_TEST_PG``), each test in a schema of its own
that is dropped afterwards. The PostgreSQL runs are skipped, saying why, only when no server
answers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import SEED
from tests.documents import as_unit, year_before

PG_ENV = "JUESUAN_TEST_PG"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
_pg_problem: list[str] = []  # why PostgreSQL is not reachable, found once per session


def _pg_base() -> str:
    url = os.environ.get(PG_ENV, PG_DEFAULT)
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith(("postgresql://", "postgres://")) else url


def _pg_engine():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(_pg_base(), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def _pg_reachable() -> str:
    """"" when the server answers, else the reason."""
    if not _pg_problem:
        try:
            from sqlalchemy import text

            engine = _pg_engine()
            with engine.connect() as connection:
                connection.execute(text("select 1"))
            engine.dispose()
            _pg_problem.append("")
        except Exception as exc:
            _pg_problem.append(f"PostgreSQL 不可用（{_pg_base()}，可用 {PG_ENV} 指定）：{str(exc).splitlines()[0]}")
    return _pg_problem[0]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for an empty store."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'juesuan.db'}"
        return
    problem = _pg_reachable()
    if problem:
        pytest.skip(problem)
    from sqlalchemy import text

    schema = f"test_{uuid.uuid4().hex[:12]}"
    engine = _pg_engine()
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in _pg_base() else "?"
    try:
        yield f"{_pg_base()}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture
def store(db_url: str):  # type: ignore[no-untyped-def]
    from juesuan import api

    opened = api.open_store(db_url)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_years(tmp_path: Path, seed_text: str) -> dict[str, Path]:
    """The seed (2024), its year before (2023, from its own sentences) and its 本级 单位决算 (2024), as files."""
    folder = tmp_path / "docs"
    folder.mkdir()
    files = {"2024": folder / "2024.txt", "2023": folder / "2023.txt", "unit": folder / "unit-2024.txt"}
    files["2024"].write_text(seed_text, encoding="utf-8")
    files["2023"].write_text(year_before(seed_text), encoding="utf-8")
    files["unit"].write_text(as_unit(seed_text), encoding="utf-8")
    return files
