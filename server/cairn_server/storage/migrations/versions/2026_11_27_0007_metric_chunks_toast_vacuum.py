"""metric chunks: no insert-triggered vacuum of their TOAST table

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

PostgreSQL only. The packed arrays of metric_chunks live in its TOAST table, which only
ever grows while runs log metrics. Since PostgreSQL 13 inserts alone trigger autovacuum;
on that TOAST table such a vacuum rereads every page written since the last one and
dirties each to set hint and all-visible bits, which nothing uses there (TOAST is read
through its own index, never by index-only scans, and tuples that young are not frozen),
while its writes and WAL queue ahead of the ingest path's commit fsyncs: over 400 MB of
chunks, 8 s of vacuum I/O during the fan-in benchmark (docs/operations.md). Vacuums for
dead tuples (deleted runs) and anti-wraparound vacuums still run as configured.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE metric_chunks SET (toast.autovacuum_vacuum_insert_threshold = -1)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE metric_chunks RESET (toast.autovacuum_vacuum_insert_threshold)")
