"""Alembic environment. The server runs migrations programmatically with a live
connection in `config.attributes["connection"]`; the alembic CLI uses CAIRN_DB_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from cairn_server.storage.sql import all_models  # noqa: F401  (registers every table)
from cairn_server.storage.sql.base import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("CAIRN_DB_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set CAIRN_DB_URL to the database to migrate")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
