"""Engine construction and every dialect quirk in one place."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

# How long a SQLite writer waits for the write lock before giving up.
SQLITE_BUSY_TIMEOUT_S = 60


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def build_engine(
    url: str,
    *,
    pool_size: int = 8,
    sqlite_synchronous: str = "NORMAL",
    sqlite_autocheckpoint: int = 1000,
    sqlite_mmap_size: int = 0,
    prepared_statements: bool = True,
) -> Engine:
    """`sqlite_mmap_size` > 0 has SQLite read the database file through a memory map
    of up to that many bytes (see Database: searches read through one)."""
    if is_sqlite(url):
        # Pooled connections (set-up pragmas run once per connection); WAL lets
        # readers run beside the single writer.
        engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy drive transactions (BEGIN IMMEDIATE below) rather than pysqlite.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA page_size=65536")  # takes effect on a new database only
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA synchronous={sqlite_synchronous}")
            cur.execute(f"PRAGMA wal_autocheckpoint={int(sqlite_autocheckpoint)}")
            # A WAL that grew under load shrinks back after its next reset.
            cur.execute("PRAGMA journal_size_limit=67108864")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
            cur.execute("PRAGMA cache_size=-8192")
            cur.execute("PRAGMA temp_store=MEMORY")
            if sqlite_mmap_size > 0:
                cur.execute(f"PRAGMA mmap_size={int(sqlite_mmap_size)}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # Writers take the write lock up front so they queue on busy_timeout instead
            # of failing with SQLITE_BUSY on lock upgrade; readers begin deferred and
            # never wait for the writer (WAL snapshot).
            mode = conn.get_execution_options().get("cairn_begin", "IMMEDIATE")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
        # psycopg prepares a statement on a connection after five runs; a pooler in
        # transaction mode hands the next transaction another server connection,
        # where that prepared statement does not exist.
        connect_args={} if prepared_statements else {"prepare_threshold": None},
    )

    @event.listens_for(engine, "connect")
    def _postgres_session(dbapi_conn: Any, _record: Any) -> None:
        # psycopg prepares a statement after five executions, and PostgreSQL then may
        # switch it to a generic plan, made without the parameter values. Search plans
        # hinge on those values (how common a param value is, where a threshold cuts):
        # the generic plan of one search statement ran 270 ms against 40 ms custom.
        # So every execution is planned with its values; statements are still parsed
        # once. Set outside a transaction, so no rollback undoes it.
        autocommit = dbapi_conn.autocommit
        dbapi_conn.autocommit = True
        dbapi_conn.execute("SET plan_cache_mode = force_custom_plan")
        dbapi_conn.autocommit = autocommit

    return engine
