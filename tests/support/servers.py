"""Runs a Cairn server in-process (its own event loop on a thread) on port 0."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from cairn_server.app import CairnServer, build_server
from cairn_server.config import Settings


class InProcessServer:
    def __init__(self, settings: Settings) -> None:
        self.settings = replace(settings, host="127.0.0.1", port=0)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.app: CairnServer | None = None
        self.port = 0

    def _call(self, coro: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout=120)

    def start(self) -> InProcessServer:
        self._thread.start()

        async def boot() -> None:
            self.app, self.port = build_server(self.settings)
            await self.app.start()

        self._call(boot())
        return self

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.app is not None:
            self._call(self.app.stop(grace=1))
            self.app = None
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)

    @contextmanager
    def holding_write_lock(self) -> Iterator[None]:
        """Holds the server's SQLite write lock from another thread, as a long write
        would, for as long as the block runs (PostgreSQL has no such lock: nothing)."""
        assert self.app is not None
        lock = self.app.database._write_lock
        if lock is None:
            yield
            return
        held, release = threading.Event(), threading.Event()

        def hold() -> None:
            with lock:
                held.set()
                release.wait(30)

        holder = threading.Thread(target=hold)
        holder.start()
        try:
            assert held.wait(5)
            yield
        finally:
            release.set()
            holder.join()
