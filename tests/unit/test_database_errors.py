"""Which driver errors the server reports as UNAVAILABLE (retry) rather than INTERNAL."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from cairn_server.storage.sql.database import is_unavailable


class _PgError(Exception):
    def __init__(self, sqlstate: str | None) -> None:
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "retry"),
    [
        (None, True),  # connection refused: no server answered
        ("08006", True),  # connection failure
        ("53300", True),  # too many connections
        ("57P01", True),  # administrator shutdown
        ("57P03", True),  # starting up or in recovery
        ("54000", False),  # index row too big: fails the same on every retry
        ("55P03", False),  # lock not available under NOWAIT
    ],
)
def test_postgres_operational_errors(sqlstate: str | None, retry: bool) -> None:
    exc = OperationalError("SELECT 1", {}, _PgError(sqlstate))
    assert is_unavailable(exc) is retry


def test_sqlite_and_other_errors() -> None:
    locked = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    assert is_unavailable(locked)
    assert not is_unavailable(IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE")))
    invalidated = IntegrityError("INSERT", {}, _PgError("23505"), connection_invalidated=True)
    assert is_unavailable(invalidated)
    assert not is_unavailable(ValueError("not a database error"))
