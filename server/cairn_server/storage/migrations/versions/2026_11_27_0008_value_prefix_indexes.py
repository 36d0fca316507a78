"""params and run_tags: index a prefix of the value on PostgreSQL

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27

PostgreSQL only. A btree entry may not exceed a third of a page (2,704 bytes), and the
(key, value) indexes of params and run_tags made every value longer than that - up to
8,000 characters are allowed - fail to insert ("index row size exceeds maximum").
Their replacements hold the value's first 256 characters (at most 1 KiB, beside a key
of at most 1 KiB) under the C collation: equality filters test the prefix through the
index and then the whole value, and ordering by a param or tag reads the index and
breaks ties of equal prefixes by the whole value (storage/sql/search_filters.py,
docs/search.md). Byte order is what makes the two sorts agree, and it is SQLite's order
too. SQLite has no such limit and keeps (key, value).

Filters on values shorter than the prefix test the prefix alone (exact for them), and
multi-column statistics on (key, prefix) give the planner their real frequencies, as
0004's on (key, value) did (expression statistics: PostgreSQL 14 or later). They are
declared without the COLLATE: a collated expression there is not matched to clauses.

On a large existing database build the indexes beforehand with CREATE INDEX
CONCURRENTLY under the same names (the upgrade then skips them). Downgrading recreates
the (key, value) indexes, which fails while a value too long for them is stored.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("params", "run_tags")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(
            f"CREATE INDEX IF NOT EXISTS ix_{table}_key_value_prefix "
            f'ON {table} (key, (left(value, 256) COLLATE "C"))'
        )
        op.drop_index(f"ix_{table}_key_value", table_name=table, if_exists=True)
        op.execute(
            f"CREATE STATISTICS IF NOT EXISTS st_{table}_key_value_prefix (mcv, dependencies) "
            f"ON key, (left(value, 256)) FROM {table}"
        )
        # Until the statistics are gathered the planner takes key and prefix as
        # independent; autovacuum would only get to it once enough rows changed.
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP STATISTICS IF EXISTS st_{table}_key_value_prefix")
        op.create_index(f"ix_{table}_key_value", table, ["key", "value"], if_not_exists=True)
        op.drop_index(f"ix_{table}_key_value_prefix", table_name=table, if_exists=True)
