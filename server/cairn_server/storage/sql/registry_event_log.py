"""The registry's audit trail in SQL: numbering events so they become visible in
commit order, and reading them back."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, func, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from cairn_server.domain.registry import EventQuery, EventType, RegistryEvent
from cairn_server.storage.sql.registry_models import RegistryEventRow, RegistryEventSequenceRow


def _event_from_row(row: RegistryEventRow) -> RegistryEvent:
    return RegistryEvent(
        event_id=row.event_id,
        type=EventType(row.type),
        model_id=row.model_id,
        name=row.name,
        version=row.version,
        alias=row.alias,
        from_stage=row.from_stage,
        to_stage=row.to_stage,
        actor=row.actor,
        event_time=row.event_time,
        details_json=row.details_json,
    )


class SqlRegistryEventLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, events: Sequence[RegistryEvent]) -> None:
        """Numbers and stores events. Bumping the single sequence row takes its row
        lock until commit, so a later writer gets its ids only after this transaction
        has committed: ids become visible in order, with no gaps for a reader to skip.
        Services call this last, after their other row locks, so it cannot deadlock."""
        if not events:
            return
        s = RegistryEventSequenceRow
        last = int(
            self.session.execute(
                update(s)
                .where(s.id == 1)
                .values(last_event_id=s.last_event_id + len(events))
                .returning(s.last_event_id)
            ).scalar_one()
        )
        first = last - len(events) + 1
        for offset, event in enumerate(events):
            event.event_id = first + offset
        self.session.execute(
            insert(RegistryEventRow),
            [
                {
                    "event_id": e.event_id,
                    "type": int(e.type),
                    "model_id": e.model_id,
                    "name": e.name,
                    "version": e.version,
                    "alias": e.alias,
                    "from_stage": e.from_stage,
                    "to_stage": e.to_stage,
                    "actor": e.actor,
                    "event_time": e.event_time,
                    "details_json": e.details_json,
                }
                for e in events
            ],
        )

    def list(
        self, query: EventQuery, after_id: int, up_to_id: int | None, limit: int
    ) -> list[RegistryEvent]:
        e = RegistryEventRow
        stmt = select(e).where(e.event_id > after_id)
        if up_to_id is not None:
            stmt = stmt.where(e.event_id <= up_to_id)
        if query.name:
            earlier = aliased(RegistryEventRow)
            known_by_name = exists().where(
                earlier.model_id == e.model_id,
                earlier.name == query.name,
                earlier.event_id < e.event_id,
            )
            stmt = stmt.where(
                or_(e.name == query.name, known_by_name, e.model_id.in_(list(query.model_ids)))
            )
        if query.version:
            stmt = stmt.where(e.version == query.version)
        if query.types:
            stmt = stmt.where(e.type.in_(sorted(int(t) for t in query.types)))
        if query.start_time:
            stmt = stmt.where(e.event_time >= query.start_time)
        if query.end_time:
            stmt = stmt.where(e.event_time <= query.end_time)
        rows = self.session.scalars(stmt.order_by(e.event_id).limit(limit))
        return [_event_from_row(row) for row in rows]

    def max_event_id(self) -> int:
        return int(self.session.scalar(select(func.max(RegistryEventRow.event_id))) or 0)
