"""Migration 0007: metric_chunks' TOAST table takes no insert-triggered vacuum
(PostgreSQL); a no-op on SQLite. Upgrade and downgrade on both databases."""

from __future__ import annotations

from sqlalchemy import text

from cairn_server.storage.sql.database import Database
from tests.support.migrations import migrate_to

SETTING = "autovacuum_vacuum_insert_threshold=-1"


def _toast_options(db: Database) -> list[str] | None:
    """The reloptions of metric_chunks' TOAST table; None on SQLite."""
    if db.dialect != "postgresql":
        return None
    with db.engine.connect() as conn:
        options = conn.execute(
            text(
                "SELECT t.reloptions FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid "
                "WHERE c.relname = 'metric_chunks'"
            )
        ).scalar_one()
    return list(options or [])


def test_chunk_toast_vacuum_migration_round_trip(db_url: str) -> None:
    db = Database(db_url)
    try:
        db.migrate()
        if db.dialect == "postgresql":
            assert _toast_options(db) == [SETTING]
        migrate_to(db, "0006", down=True)
        assert _toast_options(db) in (None, [])
        migrate_to(db, "head")
        assert _toast_options(db) in (None, [SETTING])
        assert db.current_revision() == db.head_revision()
    finally:
        db.dispose()
