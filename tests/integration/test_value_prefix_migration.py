"""Migration 0008: on PostgreSQL the (key, value) indexes of params and run_tags become
(key, 256-character prefix of value) indexes; a no-op on SQLite. Upgrade and downgrade
on both databases."""

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
