"""A byte budget shared by all metric streams of a server.

Each stream reads ahead of its commits (up to STREAM_WINDOW messages), so without a
shared bound the server holds streams x window messages whenever commits fall behind:
hundreds of workers, or one slow disk, and memory follows the backlog. With the
budget, a stream that finds it spent stops reading; gRPC then stops granting its
sender HTTP/2 flow-control credit, and the backlog waits in the clients (the SDK's
bounded queue), not in the server.
"""

from __future__ import annotations

import asyncio
from collections import deque


class ByteBudget:
    """Bytes of stream messages received and not yet committed, across all streams.
    Waiters are served in arrival order so no stream starves; a message larger than
    the whole budget still passes when nothing else is held."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"the byte budget must be positive, got {limit}")
        self.limit = limit
        self.used = 0
        self._waiters: deque[tuple[int, asyncio.Future[None]]] = deque()

    def _fits(self, n: int) -> bool:
        return self.used == 0 or self.used + n <= self.limit

    async def acquire(self, n: int) -> None:
        if not self._waiters and self._fits(n):
            self.used += n
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((n, waiter))
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release(n)  # granted just as the stream went away
            else:
                self._grant()  # it may have been first in line, holding others back
            raise

    def release(self, n: int) -> None:
        self.used -= n
        self._grant()

    def _grant(self) -> None:
        while self._waiters:
            n, waiter = self._waiters[0]
            if waiter.done():  # cancelled while waiting
                self._waiters.popleft()
                continue
            if not self._fits(n):
                return
            self._waiters.popleft()
            self.used += n
            waiter.set_result(None)
