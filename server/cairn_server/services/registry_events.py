"""Reading the registry's audit trail: pages for ListRegistryEvents and batches for
WatchRegistryEvents. No gRPC, no SQL.

Event ids are gapless and become visible in order (see SqlRegistryEventLog.append), so "every
event with an id up to the largest one visible" is a complete, stable prefix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cairn_server.domain import registry_rules as rules
from cairn_server.domain import validation as v
from cairn_server.domain.access import current_scope
from cairn_server.domain.entities import Page
from cairn_server.domain.errors import InvalidArgument
from cairn_server.domain.paging import decode_token, encode_token, query_fingerprint
from cairn_server.domain.registry import EventQuery, EventType, RegistryEvent
from cairn_server.storage.registry_ports import RegistryUowFactory

WATCH_BATCH = 500
MAX_EVENT_TYPES = 100


@dataclass(frozen=True)
class EventBatch:
    events: list[RegistryEvent]
    # Every event with an id up to here has been looked at: the next read starts above.
    scanned: int


class RegistryEventService:
    def __init__(self, uow: RegistryUowFactory) -> None:
        self._uow = uow

    def list_events(
        self,
        name: str,
        version: int,
        types: Sequence[EventType],
        start_time: int,
        end_time: int,
        page_size: int,
        page_token: str,
    ) -> Page[RegistryEvent]:
        size = v.page_size(page_size)
        v.check_batch_size(len(types), "types", "event types", limit=MAX_EVENT_TYPES)
        if name:
            rules.check_model_name(name)
        if version < 0:
            raise InvalidArgument("version must not be negative", field="version")
        if version and not name:
            raise InvalidArgument("a version filter needs the model name", field="name")
        for field, value in (("start_time_millis", start_time), ("end_time_millis", end_time)):
            if value < 0:
                raise InvalidArgument(f"{field} must not be negative", field=field)
        if start_time and end_time and end_time < start_time:
            raise InvalidArgument(
                "end_time_millis is before start_time_millis", field="end_time_millis"
            )
        fingerprint = query_fingerprint(
            "events", name, version, sorted(int(t) for t in types), start_time, end_time
        )
        cursor = decode_token(page_token, fingerprint)
        if cursor is not None and (len(cursor) != 1 or type(cursor[0]) is not int):
            raise InvalidArgument(
                "page_token is malformed", field="page_token", reason="INVALID_PAGE_TOKEN"
            )
        after = cursor[0] if cursor else 0
        with self._uow(readonly=True) as uow:
            ids: frozenset[str] = frozenset()
            if name:
                # Also the whole history of the model now called `name`, from before
                # it was given that name.
                current = uow.registry.model_id_of(name)
                ids = frozenset([current]) if current else frozenset()
            query = EventQuery(name, ids, version, frozenset(types), start_time, end_time)
            items = uow.events.list(query, after, None, size + 1)
        token = ""
        if len(items) > size:
            items = items[:size]
            token = encode_token(fingerprint, [items[-1].event_id])
        # Events of models the caller may not read are left out; a page may then hold
        # fewer than page_size events (as AIP-158 allows), and paging stays correct.
        scope = current_scope()
        return Page([e for e in items if scope.can_read_model(e.model_id)], token)

    def latest_event_id(self) -> int:
        with self._uow(readonly=True) as uow:
            return uow.events.max_event_id()

    def check_watch(self, name: str, after_event_id: int) -> None:
        if name:
            rules.check_model_name(name)
        if after_event_id < -1:
            raise InvalidArgument(
                "after_event_id must be an event id, 0 (from the start) or -1 (only new events)",
                field="after_event_id",
            )

    def read_after(self, name: str, after: int, limit: int = WATCH_BATCH) -> EventBatch:
        """The next events of a watch. The name rule depends only on the events
        themselves (see EventQuery), so a watch delivers the same events however its
        reads happen to interleave with the writes."""
        with self._uow(readonly=True) as uow:
            # Read the horizon first: everything at or below it has committed.
            horizon = uow.events.max_event_id()
            events = uow.events.list(EventQuery(name=name), after, horizon, limit)
        scanned = events[-1].event_id if len(events) >= limit else max(horizon, after)
        scope = current_scope()
        return EventBatch([e for e in events if scope.can_read_model(e.model_id)], scanned)
