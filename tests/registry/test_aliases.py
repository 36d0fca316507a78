"""Aliases: set, move, delete, resolve; reserved names."""

from __future__ import annotations

import json

from grpc import StatusCode

from cairn.registry import Registry
from cairn.v1 import model_pb2
from tests.registry.conftest import expect_error


def _model_with_versions(registry: Registry, name: str, count: int) -> None:
    registry.create_model(name)
    for i in range(count):
        registry.create_version(name, external_uri=f"s3://b/{name}/{i + 1}")


def test_set_move_and_delete_alias(registry: Registry) -> None:
    _model_with_versions(registry, "m", 2)
    mv = registry.set_alias("m", "champion", 1)
    assert list(mv.aliases) == ["champion"]
    moved = registry.set_alias("m", "champion", 2)
    assert list(moved.aliases) == ["champion"]
    assert list(registry.get_version("m", 1).aliases) == []
    assert registry.get_version_by_alias("m", "champion").version == 2
    registry.set_alias("m", "challenger", 1)
    model = registry.get_model("m")
    assert [(a.alias, a.version) for a in model.aliases] == [("challenger", 1), ("champion", 2)]
    registry.delete_alias("m", "champion")
    expect_error(
        StatusCode.NOT_FOUND, lambda: registry.get_version_by_alias("m", "champion"), "champion"
    )
    alias_events = [
        (e.type, e.alias, e.version, json.loads(e.details_json)["version"])
        for e in registry.events("m")
        if e.alias
    ]
    assert alias_events == [
        (model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET, "champion", 1, {"old": None, "new": 1}),
        (model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET, "champion", 2, {"old": 1, "new": 2}),
        (model_pb2.REGISTRY_EVENT_TYPE_ALIAS_SET, "challenger", 1, {"old": None, "new": 1}),
        (model_pb2.REGISTRY_EVENT_TYPE_ALIAS_DELETED, "champion", 2, {"old": 2, "new": None}),
    ]
    # Setting an alias to where it already points changes nothing and records nothing.
    before = len(list(registry.events("m")))
    registry.set_alias("m", "challenger", 1)
    assert len(list(registry.events("m"))) == before


def test_reserved_and_invalid_aliases(registry: Registry) -> None:
    _model_with_versions(registry, "m", 1)
    for alias in ["latest", "LATEST", "v1", "V12"]:
        error = expect_error(
            StatusCode.INVALID_ARGUMENT,
            lambda a=alias: registry.set_alias("m", a, 1),  # type: ignore[misc]
            "reserved",
        )
        assert error.reason == "RESERVED_ALIAS"
    for alias in ["", "9lives", "has space", "dot.ted", "x" * 257]:
        expect_error(
            StatusCode.INVALID_ARGUMENT,
            lambda a=alias: registry.set_alias("m", a, 1),  # type: ignore[misc]
        )
    # Names that merely start like a reserved one are fine.
    assert list(registry.set_alias("m", "v1-candidate", 1).aliases) == ["v1-candidate"]
    assert list(registry.set_alias("m", "latest_good", 1).aliases) == [
        "latest_good",
        "v1-candidate",
    ]


def test_alias_errors(registry: Registry) -> None:
    _model_with_versions(registry, "m", 1)
    expect_error(StatusCode.NOT_FOUND, lambda: registry.set_alias("m", "champion", 2), "version 2")
    expect_error(StatusCode.NOT_FOUND, lambda: registry.set_alias("x", "champion", 1))
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.set_alias("m", "champion", 0))
    expect_error(StatusCode.NOT_FOUND, lambda: registry.delete_alias("m", "champion"))
    expect_error(StatusCode.NOT_FOUND, lambda: registry.delete_alias("x", "champion"))
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.get_version_by_alias("m", ""))
    expect_error(StatusCode.NOT_FOUND, lambda: registry.get_version_by_alias("x", "champion"))


def test_latest_and_version_names_resolve(registry: Registry) -> None:
    registry.create_model("empty")
    expect_error(StatusCode.NOT_FOUND, lambda: registry.get_version_by_alias("empty", "latest"))
    _model_with_versions(registry, "m", 3)
    assert registry.get_version_by_alias("m", "latest").version == 3
    assert registry.get_version_by_alias("m", "v2").version == 2
    registry.delete_version("m", 3)
    assert registry.get_version_by_alias("m", "latest").version == 2
    expect_error(StatusCode.NOT_FOUND, lambda: registry.get_version_by_alias("m", "v3"))
