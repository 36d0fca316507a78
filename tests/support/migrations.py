"""Moving a test database's schema to a given Alembic revision."""

from __future__ import annotations

from alembic import command

from cairn_server.storage.sql.database import Database, _alembic_config


def migrate_to(db: Database, target: str, *, down: bool = False) -> None:
    with db.engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)
