"""Session settings every PostgreSQL connection of the server gets (storage/sql/engine.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from cairn_server.storage.sql.database import Database
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.postgres


def test_statements_are_always_planned_with_their_values(postgres: PostgresServer) -> None:
    """psycopg prepares a statement after five executions; PostgreSQL must not then
    swap in a generic plan made without the values (search plans depend on them)."""
    db = Database(postgres.create_database(), pool_size=1)
    try:
        with pytest.raises(RuntimeError), db.transaction(readonly=True) as session:
            raise RuntimeError("rolled back: the setting must survive")
        for _ in range(8):  # past psycopg's prepare threshold
            with db.transaction(readonly=True) as session:
                mode = session.execute(
                    text("SELECT current_setting('plan_cache_mode') WHERE 1 = :one"), {"one": 1}
                ).scalar_one()
                assert mode == "force_custom_plan"
    finally:
        db.dispose()
