"""latest_metrics: drop (key, value), which (key, value, run_id) covers

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27

Migration 0004 added latest_metrics (key, value, run_id) for search (ordering by a
metric, ties in keyset order, index-only). It serves every lookup the original
(key, value) index of 0001 served, so that one only cost writes: each metric logged
updates the run's latest_metrics row, and every index on it. Dropped on both databases.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_latest_metrics_key_value", table_name="latest_metrics", if_exists=True)


def downgrade() -> None:
    op.create_index(
        "ix_latest_metrics_key_value",
        "latest_metrics",
        ["key", "value"],
        unique=False,
        if_not_exists=True,
    )
