"""The current call (request id and method), visible to every log line it causes."""

from __future__ import annotations

import random
import re
from contextvars import ContextVar
from typing import NamedTuple

REQUEST_ID_HEADER = "x-request-id"
MAX_REQUEST_ID = 128
# Letters, digits and a few separators: safe in logs, metadata and shells alike.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}")


class CallInfo(NamedTuple):  # a tuple: the cheapest thing to build once per call
    request_id: str
    method: str


current_call: ContextVar[CallInfo | None] = ContextVar("cairn_current_call", default=None)


def current_request_id() -> str:
    """The request id of the call being handled, or "" outside a call."""
    call = current_call.get()
    return call.request_id if call is not None else ""


def new_request_id() -> str:
    # 64 random bits: unique enough to find a log line, and no syscall per call
    # (the random module reseeds in forked children).
    return f"{random.getrandbits(64):016x}"


def accept_request_id(sent: str | bytes | None) -> str:
    """The client's request id if it is sane (bounded length, safe characters), else a
    fresh one: a caller can correlate its own ids but cannot inject into logs."""
    if isinstance(sent, str) and _SANE_REQUEST_ID.fullmatch(sent):
        return sent
    return new_request_id()
