"""The SQL database: engine, transactions, migrations, and driver-error translation."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cairn_server.domain.errors import Unavailable
from cairn_server.storage.sql.engine import SQLITE_BUSY_TIMEOUT_S, build_engine, is_sqlite
from cairn_server.storage.sql.wal_checkpoints import BACKSTOP_PAGES, WalCheckpointer

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# Serialises migrations when several replicas start at once on PostgreSQL.
_MIGRATION_LOCK_ID = 0x0CA1B0
# SQLite searches read the file through a memory map of up to this size.
SQLITE_READ_MMAP_BYTES = 1 << 30


class MigrationRequired(RuntimeError):
    pass


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


# SQLSTATE classes of PostgreSQL's operational errors after which a retry can succeed:
# connection exceptions, insufficient resources (too many connections, disk full) and
# shutdown or recovery. Others of the kind are not passing: a row too big for an index
# (54000) fails again however often it is retried.
_TRANSIENT_SQLSTATES = ("08", "53", "57P")


def is_unavailable(exc: BaseException) -> bool:
    """True for errors that mean 'the database cannot serve this right now; retry'."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError):
        return False
    # SQLite's operational errors (locked, I/O) and a refused connection carry none.
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return not sqlstate or str(sqlstate).startswith(_TRANSIENT_SQLSTATES)


class Database:
    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 8,
        sqlite_synchronous: str = "NORMAL",
        background_checkpoints: bool = False,
        prepared_statements: bool = True,
    ) -> None:
        """`background_checkpoints`: on a SQLite file, checkpoint the WAL from a thread
        of its own instead of inside commits (for the long-running server)."""
        self.url = url
        sqlite_path = make_url(url).database if is_sqlite(url) else None
        background = background_checkpoints and sqlite_path not in (None, "", ":memory:")
        self.engine: Engine = build_engine(
            url,
            pool_size=pool_size,
            sqlite_synchronous=sqlite_synchronous,
            sqlite_autocheckpoint=BACKSTOP_PAGES if background else 1000,
            prepared_statements=prepared_statements,
        )
        self.dialect = self.engine.dialect.name
        self._checkpointer: WalCheckpointer | None = None
        if background:
            with self.engine.connect():  # creates the file and switches it to WAL first
                pass
            self._checkpointer = WalCheckpointer(str(sqlite_path))
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(cairn_begin="DEFERRED"), expire_on_commit=False
        )
        # On SQLite, searches read through connections of their own that map the file
        # into memory: with 64 KiB pages, copying each page into SQLite's cache made a
        # page of search results (some 800 pages touched at random for 100 runs'
        # params, tags and metrics) several times slower than reading the map. Other
        # reads copy as before: a metric history scans big chunks once, and mapped
        # pages would stay in the server's resident memory.
        self._mapped_engine = (
            build_engine(
                url,
                pool_size=pool_size,
                sqlite_synchronous=sqlite_synchronous,
                sqlite_mmap_size=SQLITE_READ_MMAP_BYTES,
            )
            if self.dialect == "sqlite"
            else self.engine
        )
        self._mapped_sessions = sessionmaker(
            self._mapped_engine.execution_options(cairn_begin="DEFERRED"),
            expire_on_commit=False,
        )
        # SQLite admits one writer at a time. Writers of this process queue here rather
        # than in SQLite's busy handler, which polls with sleeps growing to 100 ms: with
        # eight request threads writing, most of a CreateRun was spent asleep in it
        # (about 100 runs/s on 2 cores; see docs/search.md). The lock is re-entrant so a
        # thread opening a second write transaction behaves as before (SQLite decides).
        # Writers in other processes sharing the file still meet in SQLite's lock.
        self._write_lock = threading.RLock() if self.dialect == "sqlite" else None

    @contextmanager
    def transaction(self, *, readonly: bool = False, mapped: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error.
        Connection failures surface as Unavailable so callers know to retry.
        `mapped` (read-only only): on SQLite, read the file through a memory map."""
        if mapped and not readonly:
            raise ValueError("only read-only transactions read through the memory map")
        if mapped:
            sessions = self._mapped_sessions
        else:
            sessions = self._read_sessions if readonly else self._sessions
        lock = None if readonly else self._write_lock
        if lock is not None and not lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_S):
            raise Unavailable("the metadata database is busy; retry with backoff")
        try:
            with sessions() as session, session.begin():
                yield session
        except DBAPIError as exc:
            if is_unavailable(exc):
                log.warning("database unavailable: %s", exc.orig)
                raise Unavailable(
                    "the metadata database is unavailable; retry with backoff"
                ) from exc
            raise
        finally:
            if lock is not None:
                lock.release()

    # -- migrations ---------------------------------------------------------

    def head_revision(self) -> str:
        heads = ScriptDirectory.from_config(_alembic_config()).get_heads()
        assert len(heads) == 1, f"migrations must have exactly one head, found {heads}"
        return heads[0]

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def migrate(self, *, apply: bool = True) -> None:
        """Brings the schema to the newest revision, or (apply=False) refuses to run
        against an out-of-date schema with a message saying what to do."""
        head = self.head_revision()
        current = self.current_revision()
        if current == head:
            return
        if not apply:
            raise MigrationRequired(
                f"database schema is at revision {current or 'none (empty database)'} "
                f"but this server needs {head}; run `cairn db upgrade` "
                "or start the server without --no-migrate"
            )
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        log.info("database migrated from %s to %s", current or "empty", head)

    def dispose(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
        self.engine.dispose()
        if self._mapped_engine is not self.engine:
            self._mapped_engine.dispose()


U = TypeVar("U")


def uow_factory(
    db: Database, unit: Callable[[Session], U]
) -> Callable[..., AbstractContextManager[U]]:
    """Units of work built by `unit`, each in one transaction of `db` (with
    Database.transaction's `readonly` and `mapped`)."""

    @contextmanager
    def factory(*, readonly: bool = False, mapped: bool = False) -> Iterator[U]:
        with db.transaction(readonly=readonly, mapped=mapped) as session:
            yield unit(session)

    return factory
