"""WatchRegistryEvents: resume cursors, live events, filters, other replicas."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import grpc
import pytest

from cairn.client import Client
from cairn.registry import Registry
from cairn.v1 import model_pb2
from cairn.v1 import model_registry_service_pb2 as pb
from cairn_server.config import Settings
from tests.registry.conftest import as_user
from tests.support.servers import InProcessServer

# A deadline on each watch call: a watcher that misses an event fails the test with
# DEADLINE_EXCEEDED instead of hanging it.
WATCH_DEADLINE_SECONDS = 30


class _Watch:
    """One WatchRegistryEvents call."""

    def __init__(self, registry: Registry, after: int, name: str = "") -> None:
        self.call = registry.stub.WatchRegistryEvents(
            pb.WatchRegistryEventsRequest(name=name, after_event_id=after),
            timeout=WATCH_DEADLINE_SECONDS,
        )
        self._responses: Iterator[pb.WatchRegistryEventsResponse] = iter(self.call)

    def take(self, count: int) -> list[model_pb2.RegistryEvent]:
        return [next(self._responses).event for _ in range(count)]

    def cancel(self) -> None:
        self.call.cancel()  # type: ignore[no-untyped-call]


def _changes(registry: Registry, name: str, versions: int) -> None:
    registry.create_model(name)
    for i in range(versions):
        registry.create_version(name, external_uri=f"s3://b/{name}/{i}")
    registry.set_alias(name, "champion", versions)


def test_disconnect_and_resume_misses_and_repeats_nothing(registry: Registry) -> None:
    _changes(registry, "m", 4)  # events 1..6
    stream = _Watch(registry, 0)
    first = stream.take(4)
    stream.cancel()
    _changes(registry, "n", 2)  # events 7..10, while disconnected
    stream = _Watch(registry, first[-1].event_id)
    second = stream.take(6)
    # Live events keep coming on the same stream, in order.
    registry.set_alias("m", "champion", 1)
    (live,) = stream.take(1)
    stream.cancel()

    seen = [*first, *second, live]
    assert [e.event_id for e in seen] == list(range(1, 12))
    assert seen == list(registry.events())
    assert (live.type, live.alias, live.version) == (
        model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET,
        "champion",
        1,
    )


def test_minus_one_streams_only_new_events(registry: Registry) -> None:
    _changes(registry, "m", 2)
    existing = len(list(registry.events()))
    # -1 starts at the newest event when the server begins the watch, which the client
    # cannot observe; so keep making changes until the first one arrives.
    stream = _Watch(registry, -1)
    received: queue.Queue[model_pb2.RegistryEvent] = queue.Queue()
    reader = threading.Thread(target=lambda: received.put(stream.take(1)[0]), daemon=True)
    reader.start()
    event = None
    for attempt in range(100):
        registry.set_version_tag("m", 1, "attempt", attempt)
        try:
            event = received.get(timeout=0.2)
            break
        except queue.Empty:
            continue
    stream.cancel()
    assert event is not None
    assert event.event_id > existing
    assert event.type == model_pb2.REGISTRY_EVENT_TYPE_TAG_SET


def test_name_filter_follows_the_model_through_a_rename(registry: Registry) -> None:
    stream = _Watch(registry, 0, name="m")
    _changes(registry, "other", 1)
    registry.create_model("m")
    registry.rename_model("m", "m2")
    registry.create_version("m2", external_uri="s3://b/1")
    _changes(registry, "noise", 1)
    registry.set_alias("m2", "champion", 1)
    events = stream.take(4)
    stream.cancel()
    assert [(e.type, e.name) for e in events] == [
        (model_pb2.REGISTRY_EVENT_TYPE_MODEL_CREATED, "m"),
        (model_pb2.REGISTRY_EVENT_TYPE_MODEL_RENAMED, "m2"),
        (model_pb2.REGISTRY_EVENT_TYPE_VERSION_CREATED, "m2"),
        (model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET, "m2"),
    ]


def test_watch_through_another_replica(registry: Registry, settings: Settings) -> None:
    """Events written through one server reach a watcher on another that shares the
    database: the watch reads the table, not in-process state."""
    replica = InProcessServer(settings).start()
    other = as_user(replica, "watcher")
    try:
        # An explicit cursor, not -1: the writes may land before the stream starts.
        stream = _Watch(other, 0)
        _changes(registry, "m", 2)
        events = stream.take(4)
        stream.cancel()
        assert [e.event_id for e in events] == [1, 2, 3, 4]
        assert events == list(registry.events())
    finally:
        other.client.close()
        replica.stop()


def test_sdk_watch_resumes_from_a_cursor(registry: Registry) -> None:
    _changes(registry, "m", 3)  # events 1..5
    seen = []
    for event in registry.watch(after_event_id=0):
        seen.append(event)
        if len(seen) == 2:
            break
    for event in registry.watch(after_event_id=seen[-1].event_id):
        seen.append(event)
        if len(seen) == 5:
            break
    assert seen == list(registry.events())


def test_watch_errors(registry: Registry) -> None:
    for request in (
        pb.WatchRegistryEventsRequest(after_event_id=-2),
        pb.WatchRegistryEventsRequest(name="bad|name"),
    ):
        call = registry.stub.WatchRegistryEvents(request, timeout=WATCH_DEADLINE_SECONDS)
        with pytest.raises(grpc.RpcError) as info:
            next(iter(call))
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_watch_sdk_surfaces_non_retryable_errors(client: Client) -> None:
    from cairn.errors import InvalidArgumentError

    with pytest.raises(InvalidArgumentError):
        next(Registry(client).watch(after_event_id=-5))
