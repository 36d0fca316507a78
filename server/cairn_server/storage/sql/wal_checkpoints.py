"""Checkpoints a SQLite WAL from a thread of its own.

Left to SQLite, a checkpoint runs inside whichever commit pushes the WAL past
`wal_autocheckpoint` pages: that writer copies the WAL into the database file and
fsyncs it before returning, and every stream ack waiting on its group commit waits
too (about 200 ms for the 64 MiB a 64 KiB-page database collects by default). Here a
PASSIVE checkpoint on another connection does that work without holding the write
lock, so commits carry on while it runs.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

log = logging.getLogger(__name__)

# Pooled connections still checkpoint on their own past this many pages (256 MiB at
# 64 KiB pages): a backstop should this thread fall behind, not the normal path.
BACKSTOP_PAGES = 4096


class WalCheckpointer:
    def __init__(
        self,
        path: str,
        interval: float = 0.1,
        rewind_pages: int = 256,
        rewind_attempts: int = 20,
    ) -> None:
        self._path = path
        self._interval = interval
        self._rewind_pages = rewind_pages
        self._rewind_attempts = rewind_attempts
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cairn-wal-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        try:
            # Never queue behind the writer: a busy RESTART is retried between commits.
            conn.execute("PRAGMA busy_timeout=0")
            while not self._stop.wait(self._interval):
                try:
                    self._checkpoint(conn)
                except sqlite3.Error as exc:  # e.g. the file went away; the backstop still holds
                    log.warning("background WAL checkpoint failed: %s", exc)
        finally:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        _, pages, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if pages < self._rewind_pages:
            return
        # Writers only rewind the WAL after a checkpoint that caught up with them, which
        # a passive one under steady writes rarely does. A RESTART holds the write lock
        # while it copies what the passive run left (a few commits' pages), so it is
        # tried only when no commit is running: busy means "try again in a moment".
        for _ in range(self._rewind_attempts):
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
            if not busy or self._stop.wait(0.005):
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
