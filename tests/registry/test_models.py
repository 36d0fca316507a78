"""Registered models: create, get, rename, update, delete, tags."""

from __future__ import annotations

import json

from google.protobuf import field_mask_pb2
from grpc import StatusCode

from cairn.registry import Registry
from cairn.v1 import model_pb2
from cairn.v1 import model_registry_service_pb2 as pb
from tests.registry.conftest import expect_error


def test_create_and_get(registry: Registry) -> None:
    created = registry.create_model("fraud", "detects fraud", {"team": "risk"})
    assert created.name == "fraud"
    assert created.latest_version == 0
    got = registry.get_model("fraud")
    assert got.description == "detects fraud"
    assert {t.key: t.value for t in got.tags} == {"team": "risk"}
    assert list(got.aliases) == []
    assert got.create_time_millis > 0
    (event,) = registry.events("fraud")
    assert event.type == model_pb2.REGISTRY_EVENT_TYPE_MODEL_CREATED
    assert event.actor == "tester"
    assert json.loads(event.details_json)["tags"] == {"old": None, "new": {"team": "risk"}}


def test_create_errors(registry: Registry) -> None:
    registry.create_model("fraud")
    expect_error(StatusCode.ALREADY_EXISTS, lambda: registry.create_model("fraud"), "fraud")
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.create_model(""), "required")
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.create_model("a*b"), "may contain")
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.create_model("x" * 257), "257")
    error = expect_error(
        StatusCode.INVALID_ARGUMENT, lambda: registry.create_model("ok", tags={"bad key!": "1"})
    )
    assert error.field_violations[0][0] == "tags[0].key"
    expect_error(StatusCode.NOT_FOUND, lambda: registry.get_model("ok"))


def test_get_missing(registry: Registry) -> None:
    expect_error(StatusCode.NOT_FOUND, lambda: registry.get_model("nope"), "nope")
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.get_model(""))


def test_rename_keeps_versions_aliases_and_history(registry: Registry) -> None:
    registry.create_model("old-name")
    registry.create_version("old-name", external_uri="s3://bucket/m1")
    registry.set_alias("old-name", "champion", 1)
    renamed = registry.rename_model("old-name", "new-name")
    assert renamed.name == "new-name"
    assert [(a.alias, a.version) for a in renamed.aliases] == [("champion", 1)]
    assert renamed.latest_version == 1
    assert registry.get_version("new-name", 1).source_uri == "s3://bucket/m1"
    assert registry.get_version_by_alias("new-name", "champion").version == 1
    expect_error(StatusCode.NOT_FOUND, lambda: registry.get_model("old-name"))
    history = list(registry.events("new-name"))
    assert [e.type for e in history] == [
        model_pb2.REGISTRY_EVENT_TYPE_MODEL_CREATED,
        model_pb2.REGISTRY_EVENT_TYPE_VERSION_CREATED,
        model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET,
        model_pb2.REGISTRY_EVENT_TYPE_MODEL_RENAMED,
    ]
    assert json.loads(history[-1].details_json) == {"name": {"old": "old-name", "new": "new-name"}}
    # The old name still finds the model's history, and follows it through the rename.
    assert list(registry.events("old-name")) == history


def test_rename_errors(registry: Registry) -> None:
    registry.create_model("a")
    registry.create_model("b")
    expect_error(StatusCode.ALREADY_EXISTS, lambda: registry.rename_model("a", "b"))
    expect_error(StatusCode.NOT_FOUND, lambda: registry.rename_model("missing", "c"))
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.rename_model("a", "bad|name"))
    assert registry.rename_model("a", "a").name == "a"  # a no-op, not an error
    assert registry.get_model("a").name == "a"


def test_update_description(registry: Registry) -> None:
    registry.create_model("m", "first")
    updated = registry.update_model("m", description="second")
    assert updated.description == "second"
    assert registry.get_model("m").description == "second"
    last = list(registry.events("m"))[-1]
    assert last.type == model_pb2.REGISTRY_EVENT_TYPE_MODEL_UPDATED
    assert json.loads(last.details_json) == {"description": {"old": "first", "new": "second"}}


def test_update_errors(registry: Registry) -> None:
    registry.create_model("m")

    def update(paths: list[str], name: str = "m") -> object:
        req = pb.UpdateRegisteredModelRequest(
            registered_model=model_pb2.RegisteredModel(name=name, description="x"),
            update_mask=field_mask_pb2.FieldMask(paths=paths),
        )
        return registry.client.call(registry.stub.UpdateRegisteredModel, req)

    expect_error(StatusCode.INVALID_ARGUMENT, lambda: update([]), "update_mask is empty")
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: update(["name"]), "not updatable")
    expect_error(StatusCode.NOT_FOUND, lambda: update(["description"], "missing"))
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: registry.update_model("m", description="x" * 70_000),
        "description",
    )


def test_delete_removes_versions_and_frees_the_name(registry: Registry) -> None:
    registry.create_model("m", tags={"k": "v"})
    registry.create_version("m", external_uri="s3://b/1")
    registry.create_version("m", external_uri="s3://b/2")
    registry.set_alias("m", "champion", 2)
    registry.delete_model("m")
    expect_error(StatusCode.NOT_FOUND, lambda: registry.get_model("m"))
    expect_error(StatusCode.NOT_FOUND, lambda: registry.get_version("m", 1))
    assert list(registry.search_versions("name = 'm'")) == []
    deleted = list(registry.events("m"))[-1]
    assert deleted.type == model_pb2.REGISTRY_EVENT_TYPE_MODEL_DELETED
    assert json.loads(deleted.details_json)["versions"] == [1, 2]
    # A new model under the same name starts from version 1 again.
    registry.create_model("m")
    assert registry.create_version("m", external_uri="s3://b/3").version == 1
    expect_error(StatusCode.NOT_FOUND, lambda: registry.delete_model("missing"))


def test_model_tags(registry: Registry) -> None:
    registry.create_model("m")
    registry.set_model_tag("m", "team", "risk")
    registry.set_model_tag("m", "team", "fraud")
    registry.set_model_tag("m", "tier", 1)
    assert {t.key: t.value for t in registry.get_model("m").tags} == {
        "team": "fraud",
        "tier": "1",
    }
    registry.delete_model_tag("m", "tier")
    assert [t.key for t in registry.get_model("m").tags] == ["team"]
    set_event = [
        e for e in registry.events("m") if e.type == model_pb2.REGISTRY_EVENT_TYPE_TAG_SET
    ][1]
    assert json.loads(set_event.details_json) == {"tags.team": {"old": "risk", "new": "fraud"}}
    expect_error(StatusCode.NOT_FOUND, lambda: registry.delete_model_tag("m", "tier"), "tier")
    expect_error(StatusCode.NOT_FOUND, lambda: registry.set_model_tag("missing", "k", "v"))
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.set_model_tag("m", "", "v"))
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.set_model_tag("m", "k", "v" * 9000))
