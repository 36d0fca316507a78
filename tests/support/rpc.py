"""Helpers for calls that must fail."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import grpc


def status_of(call: Callable[[], Any]) -> grpc.RpcError:
    """Runs `call` (draining a response stream) and returns the RpcError it must raise."""
    try:
        result = call()
        if isinstance(result, Iterable) and not isinstance(result, bytes | str):
            for _ in result:
                pass
    except grpc.RpcError as exc:
        return exc
    raise AssertionError("the call succeeded but should have failed")
