"""Migrations 0004 and 0006 (search indexes) upgrade and downgrade on both databases."""

from __future__ import annotations

from sqlalchemy import inspect

from cairn_server.storage.sql.database import Database
from tests.support.migrations import migrate_to

SEARCH_INDEXES = {
    ("latest_metrics", "ix_latest_metrics_key_value_run_id"),
    ("latest_metrics", "ix_latest_metrics_key_min_value_run_id"),
    ("latest_metrics", "ix_latest_metrics_key_max_value_run_id"),
    ("runs", "ix_runs_start_time_id"),
    ("runs", "ix_runs_experiment_id_lifecycle_state_start_time_id"),
    ("runs", "ix_runs_run_name"),
}


def _indexes(db: Database) -> set[tuple[str, str]]:
    inspector = inspect(db.engine)
    return {
        (table, str(index["name"]))
        for table in ("latest_metrics", "runs")
        for index in inspector.get_indexes(table)
    }


def test_search_indexes_migration_round_trip(db_url: str) -> None:
    db = Database(db_url)
    try:
        db.migrate()
        assert _indexes(db) >= SEARCH_INDEXES
        migrate_to(db, "0003", down=True)
        assert not SEARCH_INDEXES & _indexes(db)
        migrate_to(db, "head")
        assert _indexes(db) >= SEARCH_INDEXES
        assert db.current_revision() == db.head_revision()
    finally:
        db.dispose()
