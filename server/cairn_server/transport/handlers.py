"""Interceptors wrap a handler's one behaviour function; this finds it, whatever the
call kind, so each interceptor only says how to wrap it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc

# wrap(behaviour, request_streams, response_streams) -> the new behaviour
Wrap = Callable[[Any, bool, bool], Any]

_KINDS = (
    ("unary_unary", False, False),
    ("unary_stream", False, True),
    ("stream_unary", True, False),
    ("stream_stream", True, True),
)


def rewrap(handler: grpc.RpcMethodHandler[Any, Any], wrap: Wrap) -> grpc.RpcMethodHandler[Any, Any]:
    for attr, request_streams, response_streams in _KINDS:
        behaviour = getattr(handler, attr)
        if behaviour:
            new = wrap(behaviour, request_streams, response_streams)
            return handler._replace(**{attr: new})  # type: ignore[attr-defined,no-any-return]
    return handler
