"""The audit trail: ListRegistryEvents and point-in-time questions."""

from __future__ import annotations

import time

import grpc
from grpc import StatusCode

from cairn.registry import Registry
from cairn.v1 import model_pb2
from cairn.v1 import model_registry_service_pb2 as pb
from tests.registry.conftest import expect_error

T = model_pb2


def _last_event_time(registry: Registry) -> int:
    """The time of the newest event, then a pause so later changes get later times."""
    stamp = list(registry.events())[-1].event_time_millis
    time.sleep(0.01)
    return stamp


def test_every_change_is_recorded_with_who_and_when(registry: Registry) -> None:
    before = int(time.time() * 1000)
    registry.create_model("m")
    registry.create_version("m", external_uri="s3://b/1")
    registry.set_alias("m", "champion", 1)
    registry.transition_stage("m", 1, "Staging")
    events = list(registry.events())
    assert [e.event_id for e in events] == list(range(1, 5))
    assert {e.actor for e in events} == {"tester"}
    assert all(before <= e.event_time_millis <= int(time.time() * 1000) for e in events)
    assert [(e.type, e.version, e.alias, e.to_stage) for e in events] == [
        (T.REGISTRY_EVENT_TYPE_MODEL_CREATED, 0, "", ""),
        (T.REGISTRY_EVENT_TYPE_VERSION_CREATED, 1, "", "None"),
        (T.REGISTRY_EVENT_TYPE_ALIAS_SET, 1, "champion", ""),
        (T.REGISTRY_EVENT_TYPE_STAGE_CHANGED, 1, "", "Staging"),
    ]
    # Failed changes leave no trace.
    expect_error(StatusCode.NOT_FOUND, lambda: registry.set_alias("m", "champion", 7))
    assert len(list(registry.events())) == 4


def test_actor_defaults_to_anonymous(registry: Registry) -> None:
    registry.stub.CreateRegisteredModel(pb.CreateRegisteredModelRequest(name="anon"))
    (event,) = registry.events("anon")
    assert event.actor == "anonymous"
    with_long_user = (("x-cairn-user", "u" * 300),)
    try:
        registry.stub.CreateRegisteredModel(
            pb.CreateRegisteredModelRequest(name="other"), metadata=with_long_user
        )
        raise AssertionError("a 300-character user was accepted")
    except grpc.RpcError as exc:
        assert exc.code() == StatusCode.INVALID_ARGUMENT


def test_filters_and_pagination(registry: Registry) -> None:
    registry.create_model("a")
    registry.create_model("b")
    for _ in range(3):
        registry.create_version("a", external_uri="s3://b/a")
    registry.create_version("b", external_uri="s3://b/b")
    start = _last_event_time(registry)
    registry.set_version_tag("a", 2, "k", "v")
    registry.set_alias("a", "champion", 2)
    end = _last_event_time(registry)
    registry.delete_version("a", 3)

    assert len(list(registry.events("a"))) == 7
    assert [e.type for e in registry.events("a", 2)] == [
        T.REGISTRY_EVENT_TYPE_VERSION_CREATED,
        T.REGISTRY_EVENT_TYPE_TAG_SET,
        T.REGISTRY_EVENT_TYPE_ALIAS_SET,
    ]
    created = registry.events(types=[T.REGISTRY_EVENT_TYPE_VERSION_CREATED])
    assert [(e.name, e.version) for e in created] == [("a", 1), ("a", 2), ("a", 3), ("b", 1)]
    window = registry.events(start_time_millis=start + 1, end_time_millis=end)
    assert [e.type for e in window] == [
        T.REGISTRY_EVENT_TYPE_TAG_SET,
        T.REGISTRY_EVENT_TYPE_ALIAS_SET,
    ]
    assert [e.type for e in registry.events(start_time_millis=end + 1)] == [
        T.REGISTRY_EVENT_TYPE_VERSION_DELETED
    ]

    ids: list[int] = []
    token = ""
    while True:
        resp = registry.client.call(
            registry.stub.ListRegistryEvents,
            pb.ListRegistryEventsRequest(page_size=3, page_token=token),
        )
        ids += [e.event_id for e in resp.events]
        token = resp.next_page_token
        if not token:
            break
    assert ids == list(range(1, 10))


def test_list_errors(registry: Registry) -> None:
    call = registry.client.call
    list_events = registry.stub.ListRegistryEvents
    for req, needle in [
        (pb.ListRegistryEventsRequest(version=1), "needs the model name"),
        (pb.ListRegistryEventsRequest(name="bad|name"), "may contain"),
        (pb.ListRegistryEventsRequest(start_time_millis=-1), "negative"),
        (pb.ListRegistryEventsRequest(start_time_millis=5, end_time_millis=4), "before"),
        (pb.ListRegistryEventsRequest(types=[99]), "types[0]"),  # type: ignore[list-item]
        (pb.ListRegistryEventsRequest(page_token="garbage"), "malformed"),
    ]:
        expect_error(StatusCode.INVALID_ARGUMENT, lambda r=req: call(list_events, r), needle)  # type: ignore[misc]
    # An unknown model has no events rather than being an error: its history may
    # simply not have started yet.
    assert list(registry.events("never-created")) == []


def test_who_held_production_or_the_alias_at_a_time(registry: Registry) -> None:
    registry.create_model("fraud")
    for i in range(3):
        registry.create_version("fraud", external_uri=f"s3://b/{i}")
    t0 = _last_event_time(registry)
    registry.transition_stage("fraud", 1, "Production")
    registry.set_alias("fraud", "champion", 1)
    t1 = _last_event_time(registry)
    registry.transition_stage("fraud", 2, "Production", archive_existing_versions=True)
    registry.set_alias("fraud", "champion", 2)
    t2 = _last_event_time(registry)
    registry.delete_version("fraud", 2)
    t3 = _last_event_time(registry)
    registry.transition_stage("fraud", 3, "Production")
    registry.set_alias("fraud", "champion", 3)
    t4 = _last_event_time(registry)

    held = [registry.stage_holders_at("fraud", "Production", t) for t in (t0, t1, t2, t3, t4)]
    assert held == [[], [1], [2], [], [3]]
    assert registry.stage_holders_at("fraud", "Archived", t2) == [1]
    champion = [registry.alias_at("fraud", "champion", t) for t in (t0, t1, t2, t3, t4)]
    assert champion == [None, 1, 2, None, 3]
