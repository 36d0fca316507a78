"""Server-assigned identifiers: ULIDs, so ids sort by creation time."""

from __future__ import annotations

import time

from ulid import ULID


def new_id() -> str:
    return str(ULID()).lower()


def now_millis() -> int:
    return time.time_ns() // 1_000_000
