"""Checks the Alembic history: exactly one head, a linear chain, and that upgrading an
empty database yields exactly the tables and columns the models declare."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from cairn_server.storage.sql import all_models  # noqa: F401
from cairn_server.storage.sql.base import Base
from cairn_server.storage.sql.database import Database, _alembic_config


def main() -> int:
    script = ScriptDirectory.from_config(_alembic_config())
    heads = script.get_heads()
    if len(heads) != 1:
        print(f"migrations must have exactly one head, found {heads}", file=sys.stderr)
        return 1
    for rev in script.walk_revisions():
        if isinstance(rev.down_revision, tuple):
            print(f"merge revision {rev.revision}: keep migrations linear", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'check.db'}")
        db.migrate()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        db.dispose()
    if diff:
        print("models and migrations disagree; add a migration:", file=sys.stderr)
        for item in diff:
            print(f"  {item}", file=sys.stderr)
        return 1
    print(f"migrations OK: single head {heads[0]}, schema matches the models")
    return 0


if __name__ == "__main__":
    sys.exit(main())
