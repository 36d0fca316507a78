"""Connection limits and hardening: compression bombs, deadlines on long streams,
per-connection stream limits, keepalive (ping) enforcement, and the settings behind them."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from cairn.client import Client
from cairn.v1 import (
    common_pb2,
    model_registry_service_pb2,
    model_registry_service_pb2_grpc,
    tracking_service_pb2,
    tracking_service_pb2_grpc,
)
from cairn_server.config import Settings
from cairn_server.transport.limits import check_limits, connection_options, merge_options
from cairn_server.transport.registry_watch import EventHub
from tests.ops.conftest import StartServer
from tests.support.processes import ServerProcess
from tests.support.s3 import free_port
from tests.support.servers import InProcessServer

MiB = 1024 * 1024
UNLIMITED = [("grpc.max_send_message_length", -1), ("grpc.max_receive_message_length", -1)]


def serving(channel: grpc.Channel) -> bool:
    stub = health_pb2_grpc.HealthStub(channel)
    response = stub.Check(health_pb2.HealthCheckRequest(), timeout=10)
    return bool(response.status == health_pb2.HealthCheckResponse.SERVING)


def bomb(decompressed_mib: int) -> tracking_service_pb2.SetTagsRequest:
    """A SetTags request of `decompressed_mib` MiB of one repeated byte: gzip packs it
    about a thousand to one."""
    value = "a" * (decompressed_mib * MiB)
    return tracking_service_pb2.SetTagsRequest(
        run_id="no-such-run", tags=[common_pb2.KeyValue(key="bomb", value=value)]
    )


def send_bomb(channel: grpc.Channel, request: tracking_service_pb2.SetTagsRequest) -> grpc.RpcError:
    stub = tracking_service_pb2_grpc.TrackingServiceStub(channel)
    with pytest.raises(grpc.RpcError) as info:
        stub.SetTags(request, timeout=60, compression=grpc.Compression.Gzip)
    return info.value


# -- compression bombs ---------------------------------------------------------------


def test_compressed_request_over_the_limit_is_refused(start_server: StartServer) -> None:
    server = start_server()  # default max_message_mb=64
    # The client may send anything: only the server's limit is in play.
    with grpc.insecure_channel(server.address, options=UNLIMITED) as channel:
        error = send_bomb(channel, bomb(65))
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, error.details()
        assert serving(channel)
    with Client(server.address, user="tester") as client:
        assert client.create_experiment("after-the-bomb").name == "after-the-bomb"


def memory_mib(pid: int) -> dict[str, int]:
    """Current (VmRSS) and peak (VmHWM) resident memory of a process, in MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) // 1024
    return values


@pytest.fixture
def small_limit_server(tmp_path: Path) -> Iterator[ServerProcess]:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to read the server's memory")
    server = ServerProcess(tmp_path / "data", free_port(), "--max-message-mb", "4").start()
    try:
        yield server
    finally:
        server.terminate()


def test_compression_bomb_does_not_balloon_server_memory(
    small_limit_server: ServerProcess,
) -> None:
    assert small_limit_server.proc is not None
    pid = small_limit_server.proc.pid
    request = bomb(128)  # 128 MiB once inflated, against a 4 MiB limit
    with grpc.insecure_channel(small_limit_server.address, options=UNLIMITED) as channel:
        # Warm up: the first calls load code and fill pools.
        with Client(small_limit_server.address, user="tester") as client:
            client.create_experiment("warm-up")
        before = memory_mib(pid)
        for _ in range(3):
            error = send_bomb(channel, request)
            assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, error.details()
        after = memory_mib(pid)
        assert serving(channel)
    # Inflating the request would add 128 MiB; gRPC stops at the 4 MiB limit.
    assert after["VmHWM"] - before["VmHWM"] < 32, (before, after)
    assert after["VmRSS"] - before["VmRSS"] < 32, (before, after)


# -- deadlines on long streams -------------------------------------------------------


def hub_watchers() -> int:
    """Watchers registered in this process's registry event hubs."""
    return sum(o._watchers for o in gc.get_objects() if isinstance(o, EventHub))


def wait_until(condition: object, timeout: float = 30) -> bool:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def test_watch_with_a_deadline_ends_and_frees_the_watcher(server: InProcessServer) -> None:
    """Runs on SQLite and PostgreSQL: the watch polls the events table."""
    with grpc.insecure_channel(server.address) as channel:
        stub = model_registry_service_pb2_grpc.ModelRegistryServiceStub(channel)
        watch = stub.WatchRegistryEvents(
            model_registry_service_pb2.WatchRegistryEventsRequest(after_event_id=0), timeout=0.5
        )
        with pytest.raises(grpc.RpcError) as info:
            list(watch)
        assert info.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        # The server cancelled its handler: the watcher left the hub.
        assert wait_until(lambda: hub_watchers() == 0)
        assert serving(channel)
    with Client(server.address, user="tester") as client:
        assert client.create_experiment("after-deadline").name == "after-deadline"


def test_idle_metric_stream_with_a_deadline_ends(server: InProcessServer) -> None:
    """A StreamMetrics call that never sends: the deadline ends it, not the server."""

    done = threading.Event()

    def silent() -> Iterator[tracking_service_pb2.StreamMetricsRequest]:
        done.wait(30)
        return
        yield

    with grpc.insecure_channel(server.address) as channel:
        stub = tracking_service_pb2_grpc.TrackingServiceStub(channel)
        try:
            with pytest.raises(grpc.RpcError) as info:
                list(stub.StreamMetrics(silent(), timeout=0.5))
        finally:
            done.set()
        assert info.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert serving(channel)


# -- per-connection limits -------------------------------------------------------------


def open_watch(
    channel: grpc.Channel,
) -> grpc.CallIterator[model_registry_service_pb2.WatchRegistryEventsResponse]:
    stub = model_registry_service_pb2_grpc.ModelRegistryServiceStub(channel)
    return stub.WatchRegistryEvents(
        model_registry_service_pb2.WatchRegistryEventsRequest(after_event_id=0), timeout=60
    )


def test_streams_per_connection_are_capped(start_server: StartServer) -> None:
    server = start_server(max_concurrent_streams=2)
    with grpc.insecure_channel(server.address) as channel:
        watches = [open_watch(channel), open_watch(channel)]
        assert wait_until(lambda: hub_watchers() == 2)
        # A third call on the full connection waits for a free stream...
        with pytest.raises(grpc.RpcError) as info:
            health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
        assert info.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        # ...while other connections are served (a channel of its own: channels to
        # one address otherwise share the connection),
        own = [("grpc.use_local_subchannel_pool", 1)]
        with grpc.insecure_channel(server.address, options=own) as other:
            assert serving(other)
        # and it goes through once a stream ends.
        watches[0].cancel()  # type: ignore[no-untyped-call]
        assert serving(channel)
        watches[1].cancel()  # type: ignore[no-untyped-call]


def test_pinging_too_often_gets_goaway(start_server: StartServer) -> None:
    server = start_server(min_ping_interval_s=10, max_ping_strikes=1)
    abusive = [
        ("grpc.keepalive_time_ms", 100),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.max_pings_without_data", 0),
    ]
    with grpc.insecure_channel(server.address, options=abusive) as channel:
        watch = open_watch(channel)
        with pytest.raises(grpc.RpcError) as info:
            list(watch)
        # The server closed the connection (GOAWAY, too_many_pings), long before the
        # call's 60 s deadline.
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE, info.value.details()
    with grpc.insecure_channel(server.address) as polite:
        assert serving(polite)


def test_connection_age_ends_long_streams_after_the_grace(start_server: StartServer) -> None:
    server = start_server(max_connection_age_s=1, max_connection_age_grace_s=1)
    with grpc.insecure_channel(server.address) as channel:
        watch = open_watch(channel)  # 60 s deadline
        with pytest.raises(grpc.RpcError) as info:
            list(watch)
        # Closed by the server for its age, long before the deadline; the client
        # reconnects for the next call.
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE, info.value.details()
        assert serving(channel)


# -- settings -------------------------------------------------------------------------


def test_default_options() -> None:
    options = dict(connection_options(Settings()))
    assert options["grpc.max_concurrent_streams"] == 1024
    assert options["grpc.http2.min_ping_interval_without_data_ms"] == 10_000
    assert options["grpc.http2.max_ping_strikes"] == 2
    assert options["grpc.keepalive_time_ms"] == 60_000
    assert options["grpc.keepalive_timeout_ms"] == 20_000
    assert "grpc.max_connection_idle_ms" not in options
    assert "grpc.max_connection_age_ms" not in options


def test_age_and_idle_options() -> None:
    settings = Settings(
        max_connection_idle_s=300, max_connection_age_s=3600, max_connection_age_grace_s=15
    )
    options = dict(connection_options(settings))
    assert options["grpc.max_connection_idle_ms"] == 300_000
    assert options["grpc.max_connection_age_ms"] == 3_600_000
    assert options["grpc.max_connection_age_grace_ms"] == 15_000


def test_merge_replaces_existing_keys() -> None:
    base: list[tuple[str, object]] = [("a", 1), ("b", 2)]
    assert merge_options(base, [("b", 3), ("c", 4)]) == [("a", 1), ("b", 3), ("c", 4)]


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"max_concurrent_streams": 0}, "max_concurrent_streams"),
        ({"max_ping_strikes": -1}, "max_ping_strikes"),
        ({"keepalive_time_s": 10, "keepalive_timeout_s": 0}, "keepalive_timeout_s"),
        ({"max_message_mb": 0}, "max_message_mb"),
    ],
)
def test_impossible_limits_are_refused(overrides: dict[str, int], needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        check_limits(replace(Settings(), **overrides))  # type: ignore[arg-type]


def test_limits_come_from_environment() -> None:
    settings = Settings.from_env(
        {"CAIRN_MAX_CONCURRENT_STREAMS": "64", "CAIRN_MAX_CONNECTION_AGE_S": "600"}
    )
    assert settings.max_concurrent_streams == 64
    assert settings.max_connection_age_s == 600
