"""Migrations 0008 and 0009, upgrade and downgrade on both databases: on PostgreSQL the
(key, value) indexes of params and run_tags become (key, 256-character prefix of value)
indexes (0008; a no-op on SQLite); the redundant latest_metrics (key, value) goes (0009)."""

from __future__ import annotations

from sqlalchemy import inspect

from cairn_server.storage.sql.database import Database
from tests.support.migrations import migrate_to


def _value_indexes(db: Database) -> set[str]:
    found = set()
    with db.engine.connect() as conn:
        inspector = inspect(conn)
        for table in ("params", "run_tags"):
            found |= {
                str(ix["name"]) for ix in inspector.get_indexes(table) if "value" in str(ix["name"])
            }
    return found


OLD = {"ix_params_key_value", "ix_run_tags_key_value"}
NEW = {"ix_params_key_value_prefix", "ix_run_tags_key_value_prefix"}


def test_value_prefix_migration_round_trip(db_url: str) -> None:
    db = Database(db_url)
    try:
        db.migrate()
        after = NEW if db.dialect == "postgresql" else OLD
        assert _value_indexes(db) == after
        migrate_to(db, "0007", down=True)
        assert _value_indexes(db) == OLD
        migrate_to(db, "head")
        assert _value_indexes(db) == after
        assert db.current_revision() == db.head_revision()
    finally:
        db.dispose()


def _metric_indexes(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {str(ix["name"]) for ix in inspect(conn).get_indexes("latest_metrics")}


def test_redundant_metric_index_migration_round_trip(db_url: str) -> None:
    """Migration 0009 drops latest_metrics (key, value); (key, value, run_id) stays."""
    db = Database(db_url)
    try:
        db.migrate()
        assert "ix_latest_metrics_key_value" not in _metric_indexes(db)
        assert "ix_latest_metrics_key_value_run_id" in _metric_indexes(db)
        migrate_to(db, "0008", down=True)
        assert "ix_latest_metrics_key_value" in _metric_indexes(db)
        migrate_to(db, "head")
        assert "ix_latest_metrics_key_value" not in _metric_indexes(db)
    finally:
        db.dispose()
