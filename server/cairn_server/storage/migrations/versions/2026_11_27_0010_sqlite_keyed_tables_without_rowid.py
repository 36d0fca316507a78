"""params, run_tags, latest_metrics: WITHOUT ROWID tables on SQLite

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27

SQLite only. A rowid table keeps its rows by rowid and its primary key (run_id, key) as
a separate index, so every lookup by key - a search's EXISTS per run walked, a page's
params, tags and metric summaries - is two b-tree descents: the key's index, then the
row. WITHOUT ROWID the rows live in the primary key's b-tree: one descent, and a run's
rows sit together. At 100k runs this halved the time of the search statement that checks
a tag and a param for each of ~2,500 runs walked, and loading a page's 2,300 rows took
~40% less (docs/search.md). Secondary indexes then carry (run_id, key) instead of the
rowid. The tables are rebuilt (copied) once; on a large database expect about a minute
per 10 million rows. PostgreSQL has no rowid and is unchanged.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("params", "run_tags", "latest_metrics")


def _rebuild(with_rowid: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid}
        ):
            pass


def upgrade() -> None:
    _rebuild(with_rowid=False)


def downgrade() -> None:
    _rebuild(with_rowid=True)
