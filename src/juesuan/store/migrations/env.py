"""Alembic environment of the store. Migrations run inside ``juesuan.store.open_store`` on the
connection it passes in (``config.attributes["connection"]``); there is no alembic.ini."""

from __future__ import annotations

from alembic import context

from juesuan.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when alembic is run by hand
    raise RuntimeError("juesuan 的文档库迁移只能通过 juesuan.store.open_store 运行")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
