"""request_id bookkeeping (AIP-155), written in the same transaction as the result."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cairn_server.storage.sql.models import IdempotencyRow


class SqlIdempotencyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, method: str, request_id: str) -> tuple[str, str] | None:
        row = self.session.scalar(
            select(IdempotencyRow).where(
                IdempotencyRow.method == method, IdempotencyRow.request_id == request_id
            )
        )
        return (row.request_hash, row.result) if row else None

    def put(self, method: str, request_id: str, request_hash: str, result: str, now: int) -> None:
        self.session.add(
            IdempotencyRow(
                method=method,
                request_id=request_id,
                request_hash=request_hash,
                result=result,
                create_time=now,
            )
        )
        self.session.flush()
