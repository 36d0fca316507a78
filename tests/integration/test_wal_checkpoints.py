"""The server checkpoints SQLite's WAL from a thread of its own, so commits never stop
to copy the WAL into the database file; the WAL is still rewound and kept small."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from cairn_server.storage.sql.database import Database
from cairn_server.storage.sql.wal_checkpoints import BACKSTOP_PAGES

MIB = 1024 * 1024


def _write_mib(db: Database, mib: int) -> None:
    for _ in range(mib):
        with db.transaction() as session:
            session.execute(text("INSERT INTO blobs (b) VALUES (randomblob(:n))"), {"n": MIB})


def _eventually(condition: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_commits_leave_checkpoints_to_the_background_thread(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    wal = tmp_path / "c.db-wal"
    db = Database(f"sqlite:///{path}", background_checkpoints=True)
    try:
        with db.engine.connect() as conn:
            autocheckpoint = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert autocheckpoint == BACKSTOP_PAGES
        with db.transaction() as session:
            session.execute(text("CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB)"))
        # A steady writer: 160 MiB in 1 MiB commits, well below the backstop at which
        # commits would checkpoint themselves (256 MiB), so only the thread can have
        # copied pages into the database file and rewound the WAL to keep it small.
        largest_wal = 0
        for _ in range(160):
            _write_mib(db, 1)
            largest_wal = max(largest_wal, wal.stat().st_size)
            time.sleep(0.01)
        assert _eventually(lambda: path.stat().st_size > 150 * MIB), "nothing was checkpointed"
        assert largest_wal < 100 * MIB, f"the WAL grew to {largest_wal / MIB:.0f} MiB"
        with db.transaction(readonly=True) as session:
            assert session.execute(text("SELECT count(*) FROM blobs")).scalar() == 160
    finally:
        db.dispose()


def test_without_the_thread_commits_checkpoint_as_sqlite_does(tmp_path: Path) -> None:
    plain = Database(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        with plain.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    finally:
        plain.dispose()
