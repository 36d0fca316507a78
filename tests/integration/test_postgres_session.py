"""PostgreSQL connections: the session settings the server gives each one
(storage/sql/engine.py), and losing one in the middle of a read."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from cairn_server.domain.errors import Unavailable
from cairn_server.storage.sql.database import Database
from cairn_server.storage.sql.run_loader import load_runs
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


@pytest.mark.parametrize("prepared", [True, False])
def test_prepared_statements_can_be_turned_off(postgres: PostgresServer, prepared: bool) -> None:
    """Behind a pooler in transaction mode a statement prepared on one server
    connection is missing on the next: --no-db-prepared-statements prepares none."""
    db = Database(postgres.create_database(), pool_size=1, prepared_statements=prepared)
    try:
        db.migrate()
        for _ in range(8):  # past psycopg's prepare threshold, on the one pooled connection
            with db.transaction(readonly=True) as session:
                load_runs(session, ["01nosuchrun"])  # the loader's driver cursor too
                session.execute(text("SELECT 1 WHERE 1 = :one"), {"one": 1})
        with db.transaction(readonly=True) as session:
            count = session.execute(text("SELECT count(*) FROM pg_prepared_statements"))
            assert (count.scalar_one() > 0) is prepared
    finally:
        db.dispose()


def test_connection_lost_while_loading_runs_is_unavailable(postgres: PostgresServer) -> None:
    """run_loader runs on the driver's cursor: a connection that dies under it must
    still surface as Unavailable (retry), and the pool must not hand it out again."""
    db = Database(postgres.create_database(), pool_size=1)
    try:
        db.migrate()
        with pytest.raises(Unavailable) as caught, db.transaction(readonly=True) as session:
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as other:
                # returns once the backend has exited: the loader meets a closed connection
                other.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
            load_runs(session, ["01nosuchrun"])
        cause = caught.value.__cause__
        assert isinstance(cause, DBAPIError) and cause.connection_invalidated
        assert "FROM runs" in str(cause.statement)  # the loader's own statement failed
        with db.transaction(readonly=True) as session:  # a fresh connection
            assert load_runs(session, ["01nosuchrun"]) == []
    finally:
        db.dispose()
