"""Concurrent writers keep the registry's invariants, and a concurrent watcher sees
every event exactly once, in order."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import grpc

from cairn.client import Client
from cairn.errors import NotFoundError
from cairn.registry import Registry
from cairn.v1 import model_pb2
from cairn.v1 import model_registry_service_pb2 as pb
from tests.support.servers import InProcessServer

WRITERS = 6
VERSIONS_PER_WRITER = 8
ALIAS_MOVES_PER_WRITER = 12


def _in_parallel(server: InProcessServer, work: Callable[[Registry, int], object]) -> list[object]:
    """Runs work(registry, i) on WRITERS threads, each with its own connection."""
    barrier = threading.Barrier(WRITERS)

    def run(i: int) -> object:
        with Client(server.address, user=f"writer-{i}") as client:
            barrier.wait()
            return work(Registry(client), i)

    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(run, range(WRITERS)))


class _Collector:
    """Watches every event from the start on a thread of its own."""

    def __init__(self, registry: Registry) -> None:
        self.events: list[model_pb2.RegistryEvent] = []
        self._call = registry.stub.WatchRegistryEvents(
            pb.WatchRegistryEventsRequest(after_event_id=0), timeout=60
        )
        self._enough = threading.Event()
        self._want = 0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for response in self._call:
                self.events.append(response.event)
                if len(self.events) >= self._want > 0:
                    self._enough.set()
        except grpc.RpcError as exc:  # cancelled by wait_for, or a failure it reports
            if exc.code() != grpc.StatusCode.CANCELLED:
                raise

    def wait_for(self, count: int) -> list[model_pb2.RegistryEvent]:
        self._want = count
        if len(self.events) < count:
            assert self._enough.wait(60), f"watcher saw {len(self.events)} of {count} events"
        self._call.cancel()  # type: ignore[no-untyped-call]
        self._thread.join(10)
        return self.events


def test_parallel_version_creation(registry: Registry, server: InProcessServer) -> None:
    registry.create_model("m")
    watcher = _Collector(registry)

    def create(reg: Registry, i: int) -> list[int]:
        return [
            reg.create_version("m", external_uri=f"s3://b/{i}/{j}").version
            for j in range(VERSIONS_PER_WRITER)
        ]

    numbers = [n for batch in _in_parallel(server, create) for n in batch]  # type: ignore[attr-defined]
    total = WRITERS * VERSIONS_PER_WRITER
    assert sorted(numbers) == list(range(1, total + 1))  # no gaps, no duplicates
    stored = sorted(mv.version for mv in registry.search_versions("name = 'm'"))
    assert stored == list(range(1, total + 1))
    assert registry.get_model("m").latest_version == total

    events = list(registry.events())
    assert [e.event_id for e in events] == list(range(1, total + 2))
    created = [e.version for e in events if e.type == model_pb2.REGISTRY_EVENT_TYPE_VERSION_CREATED]
    assert sorted(created) == list(range(1, total + 1))
    # The watcher, running throughout, saw the same events in the same order.
    assert watcher.wait_for(total + 1) == events


def test_parallel_alias_moves_and_deletes(registry: Registry, server: InProcessServer) -> None:
    registry.create_model("m")
    for i in range(6):
        registry.create_version("m", external_uri=f"s3://b/{i}")
    registry.set_alias("m", "champion", 1)

    def move(reg: Registry, i: int) -> None:
        rng = random.Random(i)
        for step in range(ALIAS_MOVES_PER_WRITER):
            if i == 0 and step in (3, 7):
                reg.delete_version("m", 5 if step == 3 else 6)
                continue
            try:
                reg.set_alias("m", "champion", rng.randint(1, 6))
                reg.set_alias("m", f"writer-{i}", rng.randint(1, 4))
            except NotFoundError:  # a version the deleter removed
                pass

    _in_parallel(server, move)

    model = registry.get_model("m")
    existing = {mv.version for mv in registry.search_versions("name = 'm'")}
    assert existing == {1, 2, 3, 4}
    aliases = {a.alias: a.version for a in model.aliases}
    assert set(aliases) <= {"champion", *(f"writer-{i}" for i in range(WRITERS))}
    assert set(aliases.values()) <= existing  # every alias points at a live version
    for alias, number in aliases.items():
        assert registry.get_version_by_alias("m", alias).version == number
        assert alias in registry.get_version("m", number).aliases

    # Replaying the audit trail alias by alias reproduces the final state, and each
    # event's "old" is exactly what the previous event left: the moves serialised.
    replayed: dict[str, int] = {}
    for event in registry.events("m"):
        if event.type not in (
            model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET,
            model_pb2.REGISTRY_EVENT_TYPE_ALIAS_DELETED,
        ):
            continue
        change = json.loads(event.details_json)["version"]
        assert change["old"] == replayed.get(event.alias), event
        if change["new"] is None:
            replayed.pop(event.alias)
        else:
            replayed[event.alias] = change["new"]
    assert replayed == aliases


def test_reads_do_not_wait_for_writers(
    server: InProcessServer, registry: Registry, client: Client
) -> None:
    # Registry reads run in read-only transactions: on SQLite they neither take nor
    # wait for the server's write lock, held here as a long write would hold it.
    registry.create_model("m")
    with server.holding_write_lock(), Client(server.address, user="tester", timeout=5) as reader:
        reading = Registry(reader)
        assert reading.get_model("m").name == "m"
        assert [m.name for m in reading.search_models("")] == ["m"]
