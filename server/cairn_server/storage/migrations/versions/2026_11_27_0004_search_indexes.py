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


# PostgreSQL only: params and tags are key/value rows, and the planner otherwise takes
# key and value as independent, so `key = 'optimizer' AND value = 'adam'` looks a
# hundred times rarer than it is and gets hash-joined instead of checked run by run
# along the sort order. Multi-column statistics give it the real frequencies.
STATISTICS = [("st_params_key_value", "params"), ("st_run_tags_key_value", "run_tags")]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False, if_not_exists=True)
    if op.get_bind().dialect.name == "postgresql":
        for name, table in STATISTICS:
            op.execute(
                f"CREATE STATISTICS IF NOT EXISTS {name} (mcv, dependencies) "
                f"ON key, value FROM {table}"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, _ in STATISTICS:
            op.execute(f"DROP STATISTICS IF EXISTS {name}")
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table, if_exists=True)
