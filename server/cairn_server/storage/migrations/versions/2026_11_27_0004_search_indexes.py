"""run search indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

See storage/sql/search_indexes.py and docs/search.md. On a large existing PostgreSQL
database these builds block writes to the tables for their duration; build them
beforehand with CREATE INDEX CONCURRENTLY under the same names to avoid that (the
upgrade then skips them).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = [
    ("ix_latest_metrics_key_value_run_id", "latest_metrics", ["key", "value", "run_id"]),
    (
        "ix_latest_metrics_key_min_value_run_id",
        "latest_metrics",
        ["key", "min_value", "run_id"],
    ),
    (
        "ix_latest_metrics_key_max_value_run_id",
        "latest_metrics",
        ["key", "max_value", "run_id"],
    ),
    ("ix_runs_start_time_id", "runs", ["start_time", "id"]),
    (
        "ix_runs_experiment_id_lifecycle_state_start_time_id",
        "runs",
        ["experiment_id", "lifecycle_state", "start_time", "id"],
    ),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False, if_not_exists=True)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table, if_exists=True)
