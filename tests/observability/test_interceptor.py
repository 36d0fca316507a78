"""The interceptor on a bare grpc.aio server: calls rejected by an inner (auth-like)
interceptor, streams ended by abort and by the client cancelling."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
import pytest

from cairn_server.observability.interceptor import ObservabilityInterceptor
from cairn_server.observability.metrics import ServerMetrics


class RejectSecret(grpc.aio.ServerInterceptor):  # type: ignore[type-arg]
    """Like an auth interceptor: answers UNAUTHENTICATED itself for one method."""

    async def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler[Any, Any]]
        ],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any]:
        if handler_call_details.method != "/t.T/Secret":
            return await continuation(handler_call_details)

        async def reject(request: bytes, context: grpc.aio.ServicerContext[Any, Any]) -> bytes:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "no token")
            raise AssertionError

        return grpc.unary_unary_rpc_method_handler(reject)


async def echo(request: bytes, context: Any) -> bytes:
    return request


async def ticks(request: bytes, context: Any) -> AsyncIterator[bytes]:
    yield b"1"
    if request == b"abort":
        await context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "too many")
    await asyncio.sleep(3600)
    yield b"never"


def sample(metrics: ServerMetrics, name: str, labels: dict[str, str]) -> float | None:
    value: float | None = metrics.registry.get_sample_value(name, labels)
    return value


async def wait_for(check: Callable[[], bool]) -> None:
    for _ in range(500):
        if check():
            return
        await asyncio.sleep(0.01)


async def scenario(metrics: ServerMetrics) -> None:
    server = grpc.aio.server(interceptors=[ObservabilityInterceptor(metrics), RejectSecret()])
    server.add_generic_rpc_handlers(
        [
            grpc.method_handlers_generic_handler(
                "t.T",
                {
                    "Echo": grpc.unary_unary_rpc_method_handler(echo),
                    "Secret": grpc.unary_unary_rpc_method_handler(echo),
                    "Ticks": grpc.unary_stream_rpc_method_handler(ticks),
                },
            )
        ]
    )
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            assert await channel.unary_unary("/t.T/Echo", None, None)(b"hi") == b"hi"

            secret = channel.unary_unary("/t.T/Secret", None, None)(
                b"", metadata=(("x-request-id", "r-1"),)
            )
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await secret
            assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
            trailing: Any = info.value.trailing_metadata()  # typed as bytes; str at runtime
            assert ("x-request-id", "r-1") in tuple(trailing)

            aborted = channel.unary_stream("/t.T/Ticks", None, None)(b"abort")
            assert await aborted.read() == b"1"
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await aborted.read()
            assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED

            cancelled = channel.unary_stream("/t.T/Ticks", None, None)(b"wait")
            assert await cancelled.read() == b"1"
            ticks_labels = {"method": "/t.T/Ticks"}
            assert sample(metrics, "cairn_rpc_in_flight", ticks_labels) == 1
            cancelled.cancel()
            await wait_for(
                lambda: (
                    sample(
                        metrics, "cairn_rpc_handled_total", {**ticks_labels, "code": "CANCELLED"}
                    )
                    == 1
                )
            )
    finally:
        await server.stop(None)


def test_rejections_aborts_and_cancels_are_counted() -> None:
    metrics = ServerMetrics()
    asyncio.run(scenario(metrics))

    def handled(method: str, code: str) -> float | None:
        return sample(metrics, "cairn_rpc_handled_total", {"method": method, "code": code})

    assert handled("/t.T/Echo", "OK") == 1
    assert handled("/t.T/Secret", "UNAUTHENTICATED") == 1
    assert handled("/t.T/Ticks", "RESOURCE_EXHAUSTED") == 1
    assert handled("/t.T/Ticks", "CANCELLED") == 1
    assert sample(metrics, "cairn_rpc_in_flight", {"method": "/t.T/Ticks"}) == 0
    ticks = {"method": "/t.T/Ticks"}
    count = sample(metrics, "cairn_rpc_duration_seconds_count", ticks)
    assert count == 2
    assert sample(metrics, "cairn_rpc_duration_seconds_bucket", {**ticks, "le": "+Inf"}) == count
