"""The outermost interceptor: request ids, RPC metrics, access log and server spans.

It runs once when a call starts and once when it ends, whatever ends it: a response,
context.abort() (including rejections by inner interceptors), an exception, or the
client cancelling. Streaming responses pass through untouched, one re-yield each:
no per-message work."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, NoReturn

import grpc

from cairn_server.observability.context import (
    REQUEST_ID_HEADER,
    CallInfo,
    accept_request_id,
    current_call,
)
from cairn_server.observability.metrics import MethodMetrics, ServerMetrics
from cairn_server.observability.tracing import RpcTracer, tracing_active
from cairn_server.transport.handlers import rewrap

access_log = logging.getLogger("cairn.access")

UNKNOWN_METHOD = "unknown"
_CODE_VALUES = {code.name: int(code.value[0]) for code in grpc.StatusCode}
_CODE_NAMES = {value: name for name, value in _CODE_VALUES.items()}
_TRACE_HEADERS = ("traceparent", "tracestate")


def _code_name(code: object) -> str:
    """The status a context reports, as a name; None (never set) means OK."""
    if code is None:
        return "OK"
    if isinstance(code, grpc.StatusCode):
        return code.name
    if isinstance(code, int):
        return _CODE_NAMES.get(code, "UNKNOWN")
    return "UNKNOWN"


class _Context:
    """The servicer context handed to inner handlers: everything delegates, except that
    trailing metadata (including an abort's) always keeps the x-request-id entry."""

    __slots__ = ("_ctx", "_rid")

    def __init__(self, ctx: Any, rid: tuple[str, str]) -> None:
        self._ctx = ctx
        self._rid = rid

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ctx, name)

    def set_trailing_metadata(self, trailing_metadata: Sequence[tuple[str, Any]]) -> None:
        self._ctx.set_trailing_metadata((*trailing_metadata, self._rid))

    async def abort(
        self,
        code: grpc.StatusCode,
        details: str = "",
        trailing_metadata: Sequence[tuple[str, Any]] = (),
    ) -> NoReturn:
        await self._ctx.abort(code, details, (*trailing_metadata, self._rid))
        raise AssertionError("context.abort returned")  # pragma: no cover


class _Call:
    __slots__ = ("context", "metrics", "request_id", "span", "started")

    def __init__(self, metrics: MethodMetrics, request_id: str, context: Any) -> None:
        self.metrics = metrics
        self.request_id = request_id
        self.context = context
        self.span: Any = None
        self.started = time.perf_counter()


class ObservabilityInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[type-arg]
    def __init__(self, metrics: ServerMetrics, *, access_log: bool = False) -> None:
        self._metrics = metrics
        self._access_log = access_log
        self._tracer = RpcTracer()

    async def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler[Any, Any]]
        ],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any]:
        method: str = handler_call_details.method
        try:
            handler = await continuation(handler_call_details)
        except BaseException:
            # An inner interceptor failed before any handler existed; the name may be
            # anything a client sent, so it gets the bounded label too.
            self._metrics.method(UNKNOWN_METHOD).handled("UNKNOWN")
            raise
        if handler is None:
            # grpc answers UNIMPLEMENTED; one label value for all unknown names keeps
            # the series count bounded whatever clients send.
            self._metrics.method(UNKNOWN_METHOD).handled("UNIMPLEMENTED")
            return handler
        metrics = self._metrics.method(method)
        metadata = handler_call_details.invocation_metadata

        def begin(context: Any) -> tuple[_Call, _Context]:
            sent: str | bytes | None = None
            carrier: dict[str, str] | None = None
            tracing = tracing_active()
            for key, value in metadata or ():
                if key == REQUEST_ID_HEADER:
                    sent = value
                elif tracing and key in _TRACE_HEADERS and isinstance(value, str):
                    carrier = carrier or {}
                    carrier[key] = value
            request_id = accept_request_id(sent)
            current_call.set(CallInfo(request_id, method))
            call = _Call(metrics, request_id, context)
            if tracing:
                call.span = self._tracer.start(method, carrier)
            metrics.started()
            rid = (REQUEST_ID_HEADER, request_id)
            context.set_trailing_metadata((rid,))
            return call, _Context(context, rid)

        def unary(fn: Any) -> Any:
            async def wrapped(request: Any, context: Any) -> Any:
                call, inner = begin(context)
                error: BaseException | None = None
                try:
                    return await fn(request, inner)
                except BaseException as exc:
                    error = exc
                    raise
                finally:
                    self._end(call, error)

            return wrapped

        def streaming(fn: Any) -> Any:
            async def wrapped(request: Any, context: Any) -> AsyncIterator[Any]:
                call, inner = begin(context)
                error: BaseException | None = None
                try:
                    # Streams can run for hours: say the id up front, not only at the end.
                    await context.send_initial_metadata(((REQUEST_ID_HEADER, call.request_id),))
                    async for item in fn(request, inner):
                        yield item
                except BaseException as exc:
                    error = exc
                    raise
                finally:
                    self._end(call, error)

            return wrapped

        return rewrap(handler, lambda fn, _, streams: streaming(fn) if streams else unary(fn))

    def _end(self, call: _Call, error: BaseException | None) -> None:
        if error is None or isinstance(error, grpc.aio.AbortError):
            code = _code_name(call.context.code())
        elif isinstance(error, asyncio.CancelledError | GeneratorExit):
            # The client went away (or the server is stopping) mid-call, unless the
            # response stream was closed after its status was already decided.
            status = call.context.code()
            code = "CANCELLED" if status is None else _code_name(status)
        else:
            code = "UNKNOWN"  # what grpc reports for an exception nobody mapped
        elapsed = time.perf_counter() - call.started
        metrics = call.metrics
        metrics.finished(code, elapsed)
        if call.span is not None:
            RpcTracer.finish(call.span, code, _CODE_VALUES.get(code, 2))
        if self._access_log:
            duration_ms = round(elapsed * 1000, 3)
            access_log.info(
                "%s %s %.3f ms",
                metrics.method,
                code,
                duration_ms,
                extra={
                    # Explicit: a stream may be finalized outside the call's context.
                    "request_id": call.request_id,
                    "method": metrics.method,
                    "code": code,
                    "duration_ms": duration_ms,
                    "peer": _peer(call.context),
                },
            )


def _peer(context: Any) -> str:
    try:
        return str(context.peer())
    except Exception:  # the call may be torn down already
        return ""
