"""Where the store lives and how it is opened: the URL, the engine, the migrations.

``resolve_url``: ``--db`` wins, then ``JUESUAN_DB``, then ``juesuan.db`` in the current folder. A
value without ``://`` is a SQLite file; ``postgresql://…`` is PostgreSQL through psycopg 3 (a
schema other than ``public`` is chosen with ``?options=-csearch_path%3Dname``).

``connect`` makes the engine and brings the tables up to date (Alembic, the migrations shipped in
``migrations/``), so a new file or an empty database needs no set-up. SQLite runs in WAL mode with
foreign keys on; its transactions are real ones (pysqlite's implicit transactions are replaced by
an explicit BEGIN, IMMEDIATE for writers), so that a document is stored whole or not at all.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

__all__ = ["DEFAULT_FILE", "ENV_VAR", "MIGRATIONS", "StoreError", "connect", "describe_url", "head_revision", "resolve_url"]

DEFAULT_FILE = "juesuan.db"
ENV_VAR = "JUESUAN_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK = 7_135_042  # the PostgreSQL advisory lock held while migrating


class StoreError(Exception):
    """The store cannot be opened or used; the message is Chinese and names the database."""


def resolve_url(value: str | None = None) -> str:
    """The database URL from ``--db``, ``JUESUAN_DB`` or the default file."""
    chosen = value or os.environ.get(ENV_VAR) or DEFAULT_FILE
    if "://" not in chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    if chosen.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def describe_url(url: str) -> str:
    """The URL as shown to a person: the file of a SQLite store, else the URL without its password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "（内存）"
    return parsed.render_as_string(hide_password=True)


def connect(url: str) -> Engine:
    """An engine on ``url`` with the tables up to date. Raises :class:`StoreError`."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"无法识别的数据库地址“{url}”（应为文件名、sqlite:///文件 或 postgresql://用户@主机/库）") from exc
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            raise StoreError(f"{parsed.database}：所在文件夹不存在，无法创建文档库")
        kwargs["connect_args"] = {"timeout": 60}
    try:
        engine = create_engine(parsed, **kwargs)
    except Exception as exc:  # a driver that is not installed, a bad option
        raise StoreError(f"{describe_url(url)}：无法打开文档库（{exc}）") from exc
    if engine.dialect.name == "sqlite":
        _sqlite_transactions(engine)
    try:
        migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"{describe_url(url)}：无法连接或写入文档库（{str(exc.orig).strip().splitlines()[0] if exc.orig else exc}）") from exc
    return engine


def _sqlite_transactions(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # BEGIN is issued below, for every statement kind
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("juesuan_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package ships its migrations
        raise StoreError("juesuan 安装不完整：缺少文档库迁移脚本")
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the tables up to the head revision (nothing to do when they are there already)."""
    from alembic import command

    head = head_revision()
    for attempt in range(5):
        current = current_revision(engine)
        if current == head:
            return
        try:
            with engine.execution_options(juesuan_write=True).begin() as connection:
                if engine.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
                config = _alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        except (OperationalError, ProgrammingError):
            # another process created the tables at the same moment: look again
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
