"""Model versions: sources, validation, idempotency, update, delete, tags."""

from __future__ import annotations

import json

from google.protobuf import field_mask_pb2
from grpc import StatusCode

from cairn.client import Client
from cairn.registry import Registry
from cairn.v1 import model_pb2
from cairn.v1 import model_registry_service_pb2 as pb
from tests.registry.conftest import MakeRun, expect_error


def test_version_from_run_artifact(registry: Registry, make_run: MakeRun) -> None:
    registry.create_model("fraud")
    run = make_run()
    mv = registry.create_version(
        "fraud",
        run_id=run.run_id,
        artifact_path="model/",
        description="first",
        tags={"framework": "sklearn"},
        metadata={"framework": "sklearn", "inputs": ["amount"]},
        digest="sha256:abc",
    )
    assert mv.version == 1
    assert mv.run_id == run.run_id
    assert mv.run_artifact_path == "model"
    assert mv.source_uri == f"{run.artifact_uri}/model"
    assert mv.status == model_pb2.MODEL_VERSION_STATUS_READY
    assert mv.stage == "None"
    assert mv.created_by == "tester"
    assert json.loads(mv.metadata_json)["inputs"] == ["amount"]
    got = registry.get_version("fraud", 1)
    assert got == mv
    assert registry.get_model("fraud").latest_version == 1


def test_version_from_external_uri(registry: Registry) -> None:
    registry.create_model("llm")
    mv = registry.create_version("llm", external_uri="hf://org/model@rev1")
    assert (mv.version, mv.source_uri, mv.run_id) == (1, "hf://org/model@rev1", "")
    assert registry.create_version("llm", external_uri="s3://bucket/x").version == 2


def test_version_numbers_are_never_reused(registry: Registry) -> None:
    registry.create_model("m")
    for _ in range(3):
        registry.create_version("m", external_uri="s3://b/k")
    registry.delete_version("m", 3)
    assert registry.get_model("m").latest_version == 2
    assert registry.create_version("m", external_uri="s3://b/k").version == 4


def test_create_version_errors(registry: Registry, make_run: MakeRun, client: Client) -> None:
    registry.create_model("m")
    run = make_run()

    def from_run(path: str, run_id: str = run.run_id) -> object:
        return registry.create_version("m", run_id=run_id, artifact_path=path)

    expect_error(
        StatusCode.NOT_FOUND, lambda: registry.create_version("nope", external_uri="s3://b")
    )
    expect_error(StatusCode.NOT_FOUND, lambda: from_run("model", "0" * 26), "run")
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: from_run("model", "bad id!"))
    for path, needle in [
        ("", "required"),
        ("../secrets", "'..'"),
        ("a/../../b", "'..'"),
        ("/etc/passwd", "absolute"),
        ("C:/models", "absolute"),
        ("a\\b", "backslash"),
        ("a\x00b", "NUL"),
        ("a//b", "empty"),
        ("./model", "'.'"),
        ("x" * 1025, "1025"),
    ]:
        error = expect_error(StatusCode.INVALID_ARGUMENT, lambda p=path: from_run(p), needle)  # type: ignore[misc]
        assert error.field_violations[0][0] == "run_artifact.artifact_path"
    for uri in ["", "no-scheme", "s3://has space", "1s3://x", "x" * 4097, "s3://a\nb"]:
        expect_error(
            StatusCode.INVALID_ARGUMENT,
            lambda u=uri: registry.create_version("m", external_uri=u),  # type: ignore[misc]
        )
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: registry.create_version("m"),
        "run_artifact",
    )
    for metadata, needle in [("{not json", "not valid JSON"), ("[1, 2]", "JSON object")]:
        expect_error(
            StatusCode.INVALID_ARGUMENT,
            lambda md=metadata: registry.create_version("m", external_uri="s3://b", metadata=md),  # type: ignore[misc]
            needle,
        )
    big = json.dumps({"blob": "x" * (1 << 20)})
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: registry.create_version("m", external_uri="s3://b", metadata=big),
        "1 MiB",
    )
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: registry.create_version("m", external_uri="s3://b", digest="sha256 abc"),
    )
    client.delete_run(run.run_id)
    expect_error(StatusCode.FAILED_PRECONDITION, lambda: from_run("model"), "deleted")
    # Nothing above consumed a version number.
    assert registry.create_version("m", external_uri="s3://b").version == 1


def test_request_id_makes_creation_idempotent(registry: Registry, make_run: MakeRun) -> None:
    registry.create_model("m")
    run = make_run()
    first = registry.create_version(
        "m", run_id=run.run_id, artifact_path="model", request_id="req-1"
    )
    again = registry.create_version(
        "m", run_id=run.run_id, artifact_path="model", request_id="req-1"
    )
    assert again == first
    assert [mv.version for mv in registry.search_versions("name = 'm'")] == [1]
    created = [
        e for e in registry.events("m") if e.type == model_pb2.REGISTRY_EVENT_TYPE_VERSION_CREATED
    ]
    assert len(created) == 1
    error = expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: registry.create_version(
            "m", run_id=run.run_id, artifact_path="other", request_id="req-1"
        ),
        "already used",
    )
    assert error.reason == "REQUEST_ID_REUSED"
    expect_error(
        StatusCode.INVALID_ARGUMENT,
        lambda: registry.create_version("m", external_uri="s3://b", request_id="r" * 65),
    )


def test_update_version(registry: Registry) -> None:
    registry.create_model("m")
    registry.create_version("m", external_uri="s3://b", metadata={"a": 1})
    updated = registry.update_version(
        "m",
        1,
        description="tuned",
        status="FAILED_REGISTRATION",
        status_message="copy failed",
        metadata={"a": 2},
        digest="sha256:def",
    )
    assert updated.description == "tuned"
    assert updated.status == model_pb2.MODEL_VERSION_STATUS_FAILED_REGISTRATION
    assert updated.status_message == "copy failed"
    assert json.loads(updated.metadata_json) == {"a": 2}
    assert registry.get_version("m", 1) == updated
    event = list(registry.events("m", 1))[-1]
    assert event.type == model_pb2.REGISTRY_EVENT_TYPE_VERSION_UPDATED
    details = json.loads(event.details_json)
    assert details["status"] == {"old": "READY", "new": "FAILED_REGISTRATION"}
    assert details["description"] == {"old": "", "new": "tuned"}
    assert details["metadata_json"]["new"].startswith("sha256:")
    # Unchanged values record nothing.
    count = len(list(registry.events("m")))
    registry.update_version("m", 1, description="tuned")
    assert len(list(registry.events("m"))) == count


def test_update_version_errors(registry: Registry) -> None:
    registry.create_model("m")
    registry.create_version("m", external_uri="s3://b")

    def update(paths: list[str], **fields: object) -> object:
        mv = model_pb2.ModelVersion(name="m", version=1, **fields)  # type: ignore[arg-type]
        req = pb.UpdateModelVersionRequest(
            model_version=mv, update_mask=field_mask_pb2.FieldMask(paths=paths)
        )
        return registry.client.call(registry.stub.UpdateModelVersion, req)

    expect_error(StatusCode.INVALID_ARGUMENT, lambda: update([]), "update_mask")
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: update(["stage"]), "not updatable")
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: update(["status"]), "status")
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: update(["status"], status=99), "status")
    expect_error(
        StatusCode.INVALID_ARGUMENT, lambda: update(["metadata_json"], metadata_json="nope")
    )
    expect_error(StatusCode.NOT_FOUND, lambda: registry.update_version("m", 2, description="x"))
    expect_error(StatusCode.NOT_FOUND, lambda: registry.update_version("x", 1, description="x"))


def test_delete_version(registry: Registry) -> None:
    registry.create_model("m")
    registry.create_version("m", external_uri="s3://b/1")
    registry.create_version("m", external_uri="s3://b/2")
    registry.set_alias("m", "champion", 2)
    registry.set_version_tag("m", 2, "k", "v")
    registry.delete_version("m", 2)
    expect_error(StatusCode.NOT_FOUND, lambda: registry.get_version("m", 2), "no version 2")
    expect_error(StatusCode.NOT_FOUND, lambda: registry.get_version_by_alias("m", "champion"))
    assert list(registry.get_model("m").aliases) == []
    tail = [e.type for e in registry.events("m")][-2:]
    assert tail == [
        model_pb2.REGISTRY_EVENT_TYPE_ALIAS_DELETED,
        model_pb2.REGISTRY_EVENT_TYPE_VERSION_DELETED,
    ]
    expect_error(StatusCode.NOT_FOUND, lambda: registry.delete_version("m", 2))
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.delete_version("m", 0))


def test_version_tags(registry: Registry) -> None:
    registry.create_model("m")
    registry.create_version("m", external_uri="s3://b", tags={"a": "1"})
    registry.set_version_tag("m", 1, "b", "2")
    registry.set_version_tag("m", 1, "a", "3")
    assert {t.key: t.value for t in registry.get_version("m", 1).tags} == {"a": "3", "b": "2"}
    registry.delete_version_tag("m", 1, "a")
    assert [t.key for t in registry.get_version("m", 1).tags] == ["b"]
    tag_events = [e for e in registry.events("m", 1) if e.type >= 14]
    assert [(e.type, e.version) for e in tag_events] == [
        (model_pb2.REGISTRY_EVENT_TYPE_TAG_SET, 1),
        (model_pb2.REGISTRY_EVENT_TYPE_TAG_SET, 1),
        (model_pb2.REGISTRY_EVENT_TYPE_TAG_DELETED, 1),
    ]
    expect_error(StatusCode.NOT_FOUND, lambda: registry.delete_version_tag("m", 1, "a"))
    expect_error(StatusCode.NOT_FOUND, lambda: registry.set_version_tag("m", 9, "a", "1"))
    expect_error(StatusCode.INVALID_ARGUMENT, lambda: registry.set_version_tag("m", 1, "", "1"))
