"""Unit of work over one SQL transaction, exposing the repositories the services use."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy.orm import Session

from cairn_server.storage.sql.access_repository import SqlAccessRepository
from cairn_server.storage.sql.database import Database, uow_factory
from cairn_server.storage.sql.idempotency import SqlIdempotencyRepository
from cairn_server.storage.sql.metric_repository import SqlMetricRepository
from cairn_server.storage.sql.tracking_repository import SqlTrackingRepository


class SqlUnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.tracking = SqlTrackingRepository(session)
        self.idempotency = SqlIdempotencyRepository(session)
        self.metrics = SqlMetricRepository(session)
        self.grants = SqlAccessRepository(session)

    def savepoint(self) -> AbstractContextManager[object]:
        return self.session.begin_nested()


def sql_uow_factory(db: Database):  # type: ignore[no-untyped-def]
    return uow_factory(db, SqlUnitOfWork)
