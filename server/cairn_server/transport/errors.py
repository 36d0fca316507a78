"""One interceptor maps domain errors to gRPC statuses with google.rpc error details.
Anything unexpected becomes INTERNAL with a log id: never a traceback or driver text."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, cast

import grpc
from google.protobuf import duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from cairn_server.domain import errors as e
from cairn_server.observability.context import current_request_id
from cairn_server.transport.handlers import rewrap

log = logging.getLogger("cairn.errors")
DOMAIN = "cairn.dev"
# Error text echoes request values; capped so that a status always fits in the
# peer's metadata limit (grpc's default is 16 KiB) instead of breaking the stream.
MAX_MESSAGE_CHARS = 1024
MAX_DETAIL_CHARS = 256
MAX_VIOLATIONS = 20


def _capped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CODES: list[tuple[type[e.CairnError], grpc.StatusCode]] = [
    (e.InvalidArgument, grpc.StatusCode.INVALID_ARGUMENT),
    (e.NotFound, grpc.StatusCode.NOT_FOUND),
    (e.AlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (e.FailedPrecondition, grpc.StatusCode.FAILED_PRECONDITION),
    (e.Unauthenticated, grpc.StatusCode.UNAUTHENTICATED),
    (e.PermissionDenied, grpc.StatusCode.PERMISSION_DENIED),
    (e.OutOfRange, grpc.StatusCode.OUT_OF_RANGE),
    (e.Aborted, grpc.StatusCode.ABORTED),
    (e.ResourceExhausted, grpc.StatusCode.RESOURCE_EXHAUSTED),
    (e.Unavailable, grpc.StatusCode.UNAVAILABLE),
    (e.DataLoss, grpc.StatusCode.DATA_LOSS),
    (e.Unimplemented, grpc.StatusCode.UNIMPLEMENTED),
]


def status_code_of(error: e.CairnError) -> grpc.StatusCode:
    for cls, code in _CODES:
        if isinstance(error, cls):
            return code
    return grpc.StatusCode.INTERNAL


def to_status(error: e.CairnError) -> grpc.Status:
    code = status_code_of(error)
    details = []
    info = error_details_pb2.ErrorInfo(
        reason=_capped(error.reason, MAX_DETAIL_CHARS), domain=DOMAIN
    )
    details.append(info)
    if isinstance(error, e.InvalidArgument) and error.violations:
        details.append(
            error_details_pb2.BadRequest(
                field_violations=[
                    error_details_pb2.BadRequest.FieldViolation(
                        field=_capped(fv.field, MAX_DETAIL_CHARS),
                        description=_capped(fv.description, MAX_DETAIL_CHARS),
                    )
                    for fv in error.violations[:MAX_VIOLATIONS]
                ]
            )
        )
    if isinstance(error, e.NotFound | e.AlreadyExists):
        details.append(
            error_details_pb2.ResourceInfo(
                resource_type=error.resource_type,
                resource_name=_capped(error.resource_name, MAX_DETAIL_CHARS),
            )
        )
    if isinstance(error, e.Unavailable | e.RateLimited):
        seconds = error.retry_after_seconds
        details.append(
            error_details_pb2.RetryInfo(
                retry_delay=duration_pb2.Duration(
                    seconds=int(seconds), nanos=int((seconds % 1) * 1e9)
                )
            )
        )
    status = status_pb2.Status(
        code=code.value[0], message=_capped(error.message, MAX_MESSAGE_CHARS)
    )
    for detail in details:
        status.details.add().Pack(detail)
    return rpc_status.to_status(status)


def internal_status(exc: BaseException, method: str) -> grpc.Status:
    # The request id when there is one, so the line a user quotes is easy to find.
    log_id = current_request_id() or uuid.uuid4().hex[:12]
    log.error("unexpected error in %s (log id %s)", method, log_id, exc_info=exc)
    status = status_pb2.Status(
        code=code_pb2.INTERNAL,
        message=f"internal server error; quote log id {log_id} when reporting it",
    )
    return rpc_status.to_status(status)


async def abort_with(context: grpc.aio.ServicerContext[Any, Any], status: grpc.Status) -> None:
    await context.abort(status.code, status.details, status.trailing_metadata)


class Undecodable:
    """Stands in for a request message protobuf could not parse (corrupt wire format,
    invalid UTF-8 in a string field), so the handler answers INVALID_ARGUMENT instead
    of gRPC's UNKNOWN "Unexpected DecodeError"."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def invalid_argument(self) -> e.InvalidArgument:
        return e.InvalidArgument(
            f"the request is not a valid protobuf message (strings must be UTF-8): {self.error}",
            reason="MALFORMED_REQUEST",
        )


def _tolerant(deserializer: Callable[[bytes], Any] | None) -> Callable[[bytes], Any] | None:
    if deserializer is None:
        return None
    parse = deserializer

    def deserialize(raw: bytes) -> Any:
        try:
            return parse(raw)
        except Exception as exc:
            return Undecodable(exc)

    return deserialize


async def _checked(requests: AsyncIterator[Any], context: Any) -> AsyncIterator[Any]:
    async for request in requests:
        if isinstance(request, Undecodable):
            # Abort here, not by raising: a handler may read its requests on a task of
            # its own, where an exception would pass for the end of the stream.
            await abort_with(context, to_status(request.invalid_argument()))
        yield request


class ErrorInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[type-arg]
    """Wraps every handler so domain errors become precise statuses, and undecodable
    requests INVALID_ARGUMENT."""

    async def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler[Any, Any]]
        ],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any]:
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler
        method = handler_call_details.method

        async def fail(exc: BaseException, context: grpc.aio.ServicerContext[Any, Any]) -> None:
            if isinstance(exc, e.CairnError):
                await abort_with(context, to_status(exc))
            await abort_with(context, internal_status(exc, method))

        streamed = handler.request_streaming

        def unary(fn: Any) -> Any:
            async def wrapped(request: Any, context: Any) -> Any:
                try:
                    if isinstance(request, Undecodable):
                        raise request.invalid_argument()
                    if streamed:
                        request = _checked(request, context)
                    return await fn(request, context)
                except (e.CairnError, Exception) as exc:
                    if _is_abort(exc):
                        raise
                    await fail(exc, context)

            return wrapped

        def streaming(fn: Any) -> Any:
            async def wrapped(request: Any, context: Any) -> AsyncIterator[Any]:
                try:
                    if isinstance(request, Undecodable):
                        raise request.invalid_argument()
                    if streamed:
                        request = _checked(request, context)
                    async for item in fn(request, context):
                        yield item
                except (e.CairnError, Exception) as exc:
                    if _is_abort(exc):
                        raise
                    await fail(exc, context)

            return wrapped

        handler = cast(
            "grpc.RpcMethodHandler[Any, Any]",
            handler._replace(  # type: ignore[attr-defined]
                request_deserializer=_tolerant(handler.request_deserializer)
            ),
        )
        return rewrap(handler, lambda fn, _, streams: streaming(fn) if streams else unary(fn))


def _is_abort(exc: BaseException) -> bool:
    # context.abort() raises this to unwind the handler; let it through untouched.
    return isinstance(exc, grpc.aio.AbortError)
