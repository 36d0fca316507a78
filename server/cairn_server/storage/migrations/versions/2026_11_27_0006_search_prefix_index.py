"""run name prefix index

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

`runs (run_name)` for `run_name LIKE 'prefix%'`, which the search also writes as a
range over this index (storage/sql/search_filters.py, docs/search.md). On PostgreSQL
the index uses varchar_pattern_ops, which compares bytewise whatever the database's
collation, so it serves the range (~>=~, ~<~) and LIKE itself. On a large existing
PostgreSQL database build it beforehand with CREATE INDEX CONCURRENTLY under the same
name to avoid blocking writes (the upgrade then skips it).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_runs_run_name",
        "runs",
        ["run_name"],
        unique=False,
        if_not_exists=True,
        postgresql_ops={"run_name": "varchar_pattern_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_runs_run_name", table_name="runs", if_exists=True)
