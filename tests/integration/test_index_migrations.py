"""Migrations 0008-0010, upgrade and downgrade on both databases: on PostgreSQL the
(key, value) indexes of params and run_tags become (key, 256-character prefix of value)
indexes (0008; a no-op on SQLite); the redundant latest_metrics (key, value) goes (0009);
on SQLite the keyed tables become WITHOUT ROWID tables (0010; a no-op on PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import inspect, text

from cairn.client import Client
from cairn_server.storage.sql.database import Database
from tests.support.migrations import migrate_to
from tests.support.servers import InProcessServer


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


def _rowid_tables(db: Database) -> set[str]:
    """The keyed tables that are rowid tables (SQLite); empty elsewhere."""
    if db.dialect != "sqlite":
        return set()
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                "AND name IN ('params', 'run_tags', 'latest_metrics')"
            )
        ).all()
    return {name for name, sql in rows if "WITHOUT ROWID" not in sql}


def test_without_rowid_migration_keeps_rows(server: InProcessServer, client: Client) -> None:
    """Migration 0010 rebuilds the keyed tables WITHOUT ROWID on SQLite (a no-op on
    PostgreSQL); the rows and what reads them survive both directions."""
    exp_id = client.create_experiment("rebuild").experiment_id
    run_id = client.create_run(exp_id).run_id
    client.log_params(run_id, {"lr": "0.1", "layers": "3"})
    client.set_tags(run_id, {"team": "a"})
    client.log_metric_batch(run_id, "loss", steps=[1, 2], values=[0.5, 0.25])
    before = client.get_run(run_id)
    assert server.app is not None
    db = server.app.database
    keyed = {"params", "run_tags", "latest_metrics"}
    assert _rowid_tables(db) == set()
    migrate_to(db, "0009", down=True)
    assert _rowid_tables(db) == (keyed if db.dialect == "sqlite" else set())
    assert client.get_run(run_id) == before
    migrate_to(db, "head")
    assert _rowid_tables(db) == set()
    assert client.get_run(run_id) == before
    found = client.search_runs([exp_id], "params.lr = '0.1' AND tags.team = 'a'", ["metrics.loss"])
    assert [r.run_id for r in found] == [run_id]
