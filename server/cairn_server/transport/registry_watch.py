"""WatchRegistryEvents: a live tail of the events table.

The table is the only source of truth, so a watch works the same whichever replica
serves it and whichever replica wrote the events. Watchers read in batches after their
cursor; when caught up they sleep on the EventHub, which wakes them when this process
writes an event (poke) or when its single poll of the largest event id sees one
written elsewhere."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from cairn_server.domain.registry import RegistryEvent
from cairn_server.services.registry_events import WATCH_BATCH, RegistryEventService
from cairn_server.transport.blocking import Blocking

log = logging.getLogger("cairn.registry.watch")

POLL_INTERVAL_SECONDS = 0.2
# A caught-up watcher re-reads at least this often even if nothing woke it, so a
# failed poll can delay an event but never strand a watcher.
MAX_SLEEP_SECONDS = 2.0


class EventHub:
    def __init__(
        self, latest: Callable[[], Awaitable[int]], interval: float = POLL_INTERVAL_SECONDS
    ) -> None:
        self._latest = latest
        self._interval = interval
        self._known = 0
        self._generation = 0
        self._changed: asyncio.Event | None = None
        self._watchers = 0
        self._poller: asyncio.Task[None] | None = None

    @property
    def generation(self) -> int:
        """Changes on every poke; a watcher notes it before reading, so a poke that
        lands while it reads still wakes it."""
        return self._generation

    def poke(self) -> None:
        """Called on the event loop after this process committed registry events."""
        self._generation += 1
        self._wake()

    def _wake(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    async def wait(self, scanned: int, generation: int) -> None:
        """Returns when events above `scanned` may exist."""
        if self._known > scanned or self._generation != generation:
            return
        if self._changed is None:
            self._changed = asyncio.Event()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), MAX_SLEEP_SECONDS)

    @contextlib.asynccontextmanager
    async def watching(self) -> AsyncIterator[None]:
        """Keeps the poll running while at least one watcher is inside."""
        self._watchers += 1
        if self._poller is None:
            self._poller = asyncio.create_task(self._poll())
        try:
            yield
        finally:
            self._watchers -= 1
            if self._watchers == 0 and self._poller is not None:
                self._poller.cancel()
                self._poller = None

    async def _poll(self) -> None:
        while True:
            try:
                latest = await self._latest()
            except Exception as exc:  # the watchers' own reads will report it
                log.warning("registry event poll failed: %s", exc)
            else:
                if latest > self._known:
                    self._known = latest
                    self._wake()
            await asyncio.sleep(self._interval)

    def close(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None


class RegistryWatch:
    def __init__(self, events: RegistryEventService, blocking: Blocking, hub: EventHub) -> None:
        self._events = events
        self._blocking = blocking
        self._hub = hub

    async def stream(self, name: str, after_event_id: int) -> AsyncIterator[RegistryEvent]:
        self._events.check_watch(name, after_event_id)
        async with self._hub.watching():
            cursor = after_event_id
            if cursor == -1:
                cursor = await self._blocking(self._events.latest_event_id)
            while True:
                generation = self._hub.generation
                batch = await self._blocking(self._events.read_after, name, cursor)
                for event in batch.events:
                    yield event
                cursor = batch.scanned
                if len(batch.events) < WATCH_BATCH:
                    await self._hub.wait(cursor, generation)
